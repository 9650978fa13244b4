#!/usr/bin/env bash
# Search on a generated pack, ours against mdBook's built-in search on the same text: the
# index's size per lesson (raw and gzipped) and, in headless Chromium and Firefox from
# file://, the median time from a keystroke to updated results
# (tests/suite/browser_search.rs, search_keystroke_timing).
#
#   bench/search.sh [--lessons N] [--mdbook PATH] [--work DIR]
#
# mdBook is not a Debian package: give its binary with --mdbook (or have `mdbook` on PATH).
set -euo pipefail

lessons=1000
mdbook=$(command -v mdbook || true)
work=/tmp/lessonpack-search-bench
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lessons) lessons="$2"; shift 2 ;;
    --mdbook) mdbook="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench/search.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n $mdbook ]] || { echo "bench/search.sh: no mdbook (give --mdbook PATH)" >&2; exit 2; }

repo="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$repo" && cargo build --release --quiet --bin lessonpack --example gen_corpus)
target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
rm -rf "$work"
"$target/release/examples/gen_corpus" --lessons "$lessons" --out "$work/pack" \
  --mdbook "$work/book" >/dev/null
"$target/release/lessonpack" --root "$work/pack" build -o "$work/site" >/dev/null
(cd "$work/book" && "$mdbook" build >/dev/null 2>&1)
"$mdbook" --version

size() {
  local file=$1 name=$2 raw gz
  raw=$(stat -c %s "$file")
  gz=$(gzip -9c "$file" | wc -c)
  printf '%s\tindex %d bytes (%d per lesson), gzipped %d (%d per lesson)\n' \
    "$name" "$raw" $((raw / lessons)) "$gz" $((gz / lessons))
}
size "$work/site/search/index.js" lessonpack
size "$(ls "$work"/book/book/searchindex*.js)" mdBook

cd "$repo"
SEARCH_TIMING_SITE="$work/site" SEARCH_TIMING_BOOK="$work/book/book" \
  cargo test --quiet --test suite search_keystroke_timing -- --ignored --nocapture 2>&1 \
  | grep -E '^(chromium|firefox)'
