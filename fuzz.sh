#!/usr/bin/env bash
# Runs each fuzz target for a given time (default 60 s each), seeded from the sample pack and
# the test fixtures. Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the
# stable toolchain build with the sanitizer flags cargo-fuzz passes.
# Usage: ./fuzz.sh [seconds-per-target] [target…]    e.g. ./fuzz.sh 900 lesson config
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-60}"
shift || true
targets=("${@:-lesson config}")
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
for target in ${targets[@]}; do
  mkdir -p "fuzz/corpus/$target"  # new inputs found go here (ignored by git)
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- -max_total_time="$seconds" -max_len=8192 2>&1 \
    | tee "fuzz/last-$target.log" | grep -E "^#[0-9]+ +(DONE|pulse)|ERROR|panicked|SUMMARY" || true
  grep -E "^Done [0-9]+ runs|stat::number_of_executed_units" "fuzz/last-$target.log" || true
done
