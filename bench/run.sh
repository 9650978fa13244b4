#!/usr/bin/env bash
# Builds generated packs with lessonpack and with Hugo, alternating within every round, and
# prints a table per pack size: pages written, wall-time median, CPU time, peak memory, pages
# per second and the ratio to lessonpack's build in the same round; then the ratios the speed
# claims rest on: × faster than Hugo, and each layout's build over its write floor.
#
#   bench/run.sh                      # N = 1,000 and 10,000, 3 rounds after a warm-up
#   bench/run.sh --sizes 1000 --rounds 5
#   bench/run.sh --big                # also N = 100,000 (lessonpack only)
#   bench/run.sh --baseline path/to/older/lessonpack   # adds that binary as a tool
#
# Options:
#   --sizes "N M …"   pack sizes in lessons (default "1000 10000")
#   --rounds R        measured rounds per size (default 3), after one warm-up round
#   --work DIR        where corpora and outputs go (default /tmp/lessonpack-bench); corpora
#                     are kept and reused, outputs are removed before every build
#   --no-hugo         leave Hugo out
#   --big             also build N = 100,000 each round, and rebuild it unchanged (time and
#                     peak memory; on a 16 GB image in --work; needs ~20 GB free there)
#   --baseline BIN    also time another lessonpack binary (its build and rebuilds), e.g. one
#                     built from main, to show what a change costs
#   --no-fresh-fs     build into folders of --work instead of a new file system per build
#   --image-dir DIR   where the file system's image goes (default /dev/shm with 12 GB free)
#   --pages-off       also build a copy of each pack with `[pages]` all off (no entity, tag
#                     or level pages), to show what those pages cost
#
# Rows, each timed once a round:
#   lessonpack                   a build, default layout (one folder per lesson)
#   rebuild, …                   rebuilds of that site with its cache: unchanged, one lesson
#                                edited (staging folder new, then kept), --no-cache
#   lessonpack --pretty-urls     a build with one folder per page
#   lessonpack, [pages] off      (--pages-off) a build of the pack with those pages off
#   baseline …                   (--baseline) the other binary's build and rebuilds
#   hugo                         `hugo --minify` on the same lessons as a Hugo site
#   write floor, one folder per lesson / per page
#                                examples/write_floor, 2 threads, writing the files of the
#                                default / --pretty-urls build: the least a build of that
#                                layout can take here
#   lessonpack --no-minify       a build without minifying
#   pulldown-cmark only          the lessons' Markdown rendered and nothing else (1 thread,
#                                and in parallel)
# and, for N = 1,000, `serve`: from saving a lesson to the changed page being served (median
# of 20 edits).
#
# Every build but a rebuild, and every floor, writes into an ext4 file system made for it
# (an 8 GB sparse image on a loop device, mkfs'd and mounted before the build, not timed): a
# disk that has seen mass deletions allocates inodes several times slower, which would move
# the figures more than the code does. The image lives in /dev/shm when that has 12 GB free
# (else in --work; --image-dir chooses): on the host's disk, each build's time would also
# depend on how fast that disk takes the image's writes and the discards of the image
# deleted before it, which swung the same build 1-3x. In memory, ext4 still does all of its
# own work (inode and block allocation, the journal). That needs root; without it, or with --no-fresh-fs, a
# warning says so and every build starts with its output folder removed instead. Wall and
# CPU times come from /usr/bin/time, the floors' from the programs themselves. Takes about
# 20 minutes on a 2-core machine by default.
set -euo pipefail

sizes="1000 10000"
rounds=3
work=/tmp/lessonpack-bench
hugo=1
big=0
baseline=""
fresh_fs=1
pages_off=0
image_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-hugo) hugo=0; shift ;;
    --big) big=1; shift ;;
    --baseline) baseline="$(realpath "$2")"; shift 2 ;;
    --no-fresh-fs) fresh_fs=0; shift ;;
    --image-dir) image_dir="$2"; shift 2 ;;
    --pages-off) pages_off=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
need_apt=()
[[ -x /usr/bin/time ]] || need_apt+=(time)
[[ $hugo == 0 ]] || command -v hugo >/dev/null || need_apt+=(hugo)
if [[ ${#need_apt[@]} -gt 0 ]]; then
  echo "installing ${need_apt[*]} …" >&2
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

mkdir -p "$work"
fs_dir="$work/fs"
if [[ -z $image_dir ]]; then
  image_dir="$work"
  shm_free_gb=$(df --output=avail -BG /dev/shm 2>/dev/null | tail -n1 | tr -dc 0-9)
  if (( ${shm_free_gb:-0} >= 12 )); then image_dir=/dev/shm; fi
fi
image="$image_dir/lessonpack-bench-fs.img"
# The image's size: 8 GB holds a 10,000-lesson site; N = 100,000 (7.7 GB of files) gets more.
image_size=8G
# new_fs: an empty ext4 file system mounted at $fs_dir, in place of the one before.
new_fs() {
  if mountpoint -q "$fs_dir"; then umount "$fs_dir" || return; fi
  rm -f "$image" &&
    truncate -s "$image_size" "$image" &&
    # Inode tables and journal written now, not by ext4lazyinit during the timed build.
    mkfs.ext4 -q -F -i 4096 -E lazy_itable_init=0,lazy_journal_init=0 "$image" &&
    mkdir -p "$fs_dir" &&
    mount -o loop "$image" "$fs_dir"
}
trap 'if mountpoint -q "$fs_dir"; then umount "$fs_dir"; fi; rm -f "$image"' EXIT

# Every build gets a file system made for it, if this run may make one and it can be made.
no_fs_why=""
if [[ $fresh_fs == 0 ]]; then
  no_fs_why="--no-fresh-fs"
elif [[ $(id -u) != 0 ]]; then
  no_fs_why="not run as root"
elif ! new_fs 2>"$work/fs.err"; then
  no_fs_why="cannot make one: $(tr '\n' ' ' <"$work/fs.err" | sed 's/ *$//')"
fi
rm -f "$work/fs.err"
if [[ -n $no_fs_why ]]; then
  fresh_fs=0
  echo "bench/run.sh: no new file system per build ($no_fs_why): builds write into folders" \
    "of $work, so figures may swing with what that disk has seen" >&2
fi

echo "building release binaries …" >&2
(cd "$repo" && cargo build --release --quiet --bin lessonpack \
  --example gen_corpus --example write_floor --example markdown_floor --example serve_latency)
# cargo's target folder, wherever CARGO_TARGET_DIR or a config puts it.
target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target/release"
ours="$bin/lessonpack"
results="$work/results.tsv"
: > "$results"
# Only this run's serve figures are shown.
rm -f "$work"/serve-*.txt

# measure TOOL N ROUND COMMAND…: times COMMAND and records "tool n round wall cpu rss_kb" in
# $results.
measure() {
  local tool=$1 n=$2 round=$3; shift 3
  sync # start every measurement with no other writes in flight
  if ! /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>"$work/last.err"; then
    echo "$tool failed:" >&2; cat "$work/last.err" >&2; exit 1
  fi
  read -r wall user sys rss <<<"$(tail -n1 "$work/last.err")"
  echo -e "$tool\t$n\t$round\t$wall\t$(awk "BEGIN { print $user + $sys }")\t$rss" >> "$results"
}

# wipe DIR…: removes folders, many entries at a time (on a disk that discards freed blocks,
# deleting one entry at a time takes minutes for a 10,000-lesson site).
wipe() {
  local dir
  for dir in "$@"; do
    [[ -e $dir ]] || continue
    find "$dir" -mindepth 1 -maxdepth 1 -print0 | xargs -0 -r -P32 -n16 rm -rf
    rm -rf "$dir"
  done
}

# out_dir DIR NAME: where a build writes: on the fresh file system, or in DIR.
out_dir() { if [[ $fresh_fs == 1 ]]; then echo "$fs_dir/$2"; else echo "$1/$2"; fi; }

# run TOOL N ROUND OUTPUT COMMAND…: measure, on a new file system or with OUTPUT (and
# lessonpack's staging folder beside it, which holds the previous site) removed first.
run() {
  local tool=$1 n=$2 round=$3 out=$4; shift 4
  if [[ $fresh_fs == 1 ]]; then new_fs; else wipe "$out" "$out.lessonpack-staging"; fi
  measure "$tool" "$n" "$round" "$@"
}

# record TOOL N ROUND WALL: a time measured by the program itself (no CPU or memory figure).
record() { echo -e "$1\t$2\t$3\t$4\t-\t-" >> "$results"; }

# floor NAME N ROUND SITE OUT: write_floor (2 threads) writing the files of the built SITE
# into OUT, on a new file system or with OUT removed first.
floor() {
  local name=$1 n=$2 round=$3 site=$4 out=$5 line
  if [[ $fresh_fs == 1 ]]; then new_fs; else wipe "$out"; fi
  sync
  line=$("$bin/examples/write_floor" "$site" "$out")
  record "$name" "$n" "$round" "${line##*seconds=}"
}

# rebuilds N ROUND DIR OUT BIN [PREFIX]: BIN's rebuilds of the site it just built into OUT,
# with its cache: nothing changed, then the first sentence of one lesson edited, then every
# page rendered again over the previous site. PREFIX starts the rows' names.
rebuilds() {
  local n=$1 round=$2 dir=$3 out=$4 tool=$5 prefix=${6:-}
  measure "${prefix}rebuild, unchanged" "$n" "$round" "$tool" --root "$dir/pack" build -o "$out"
  local lesson="$dir/pack/content/unit-0001/lesson-000001.md"
  cp "$lesson" "$work/lesson.bak"
  sed -i '0,/^[A-Z]/s/^\([A-Z][a-z]*\) /\1 edited /' "$lesson"
  # The first rebuild after a fresh build makes the staging folder; later ones update it.
  measure "${prefix}rebuild, edit (new staging)" "$n" "$round" "$tool" --root "$dir/pack" build -o "$out"
  sed -i '0,/^[A-Z]/s/^\([A-Z][a-z]*\) /\1 again /' "$lesson"
  measure "${prefix}rebuild, edit (staging kept)" "$n" "$round" "$tool" --root "$dir/pack" build -o "$out"
  cp "$work/lesson.bak" "$lesson"
  measure "${prefix}rebuild --no-cache (all pages)" "$n" "$round" \
    "$tool" --root "$dir/pack" build -o "$out" --no-cache
}

count_pages() { find "$1" -name '*.html' | wc -l; }

declare -A pages
for n in $sizes; do
  dir="$work/n$n"
  if [[ ! -f "$dir/.generated" || ( $hugo == 1 && ! -d "$dir/hugo" ) ]]; then
    echo "generating N=$n …" >&2
    wipe "$dir"
    hugo_arg=()
    [[ $hugo == 0 ]] || hugo_arg=(--hugo "$dir/hugo")
    "$bin/examples/gen_corpus" --lessons "$n" --out "$dir/pack" "${hugo_arg[@]}" >/dev/null
    touch "$dir/.generated"
  fi

  # The floors write the files of our sites, read from copies kept outside the measurements:
  # one folder per lesson (the default layout) and one folder per page (--pretty-urls).
  "$ours" --root "$dir/pack" build -o "$dir/reference" >/dev/null
  "$ours" --root "$dir/pack" build -o "$dir/reference-pretty" --pretty-urls >/dev/null
  pages["lessonpack $n"]=$(count_pages "$dir/reference")
  pages["lessonpack --pretty-urls $n"]=$(count_pages "$dir/reference-pretty")
  pages["write floor, one folder per page $n"]=${pages["lessonpack --pretty-urls $n"]}
  if [[ $pages_off == 1 ]]; then
    wipe "$dir/pack-no-pages"
    cp -r "$dir/pack" "$dir/pack-no-pages"
    printf '\n[pages]\nentities = false\ntags = false\nlevels = false\n' \
      >> "$dir/pack-no-pages/lessonpack.toml"
    "$ours" --root "$dir/pack-no-pages" build -o "$dir/reference-no-pages" >/dev/null
    pages["lessonpack, [pages] off $n"]=$(count_pages "$dir/reference-no-pages")
    wipe "$dir/reference-no-pages"
  fi

  for round in $(seq 0 "$rounds"); do
    echo "N=$n round $round/$rounds …" >&2
    out=$(out_dir "$dir" out)
    run lessonpack "$n" "$round" "$out" "$ours" --root "$dir/pack" build -o "$out"
    rebuilds "$n" "$round" "$dir" "$out" "$ours"
    out=$(out_dir "$dir" out-pretty)
    run "lessonpack --pretty-urls" "$n" "$round" "$out" \
      "$ours" --root "$dir/pack" build -o "$out" --pretty-urls
    if [[ $pages_off == 1 ]]; then
      out=$(out_dir "$dir" out-no-pages)
      run "lessonpack, [pages] off" "$n" "$round" "$out" \
        "$ours" --root "$dir/pack-no-pages" build -o "$out"
    fi
    if [[ -n $baseline ]]; then
      out=$(out_dir "$dir" out-base)
      run baseline "$n" "$round" "$out" "$baseline" --root "$dir/pack" build -o "$out"
      rebuilds "$n" "$round" "$dir" "$out" "$baseline" "baseline "
    fi
    out=$(out_dir "$dir" hugo-out)
    if [[ $hugo == 1 ]]; then
      run hugo "$n" "$round" "$out" hugo --quiet --minify --source "$dir/hugo" --destination "$out"
      # Counted now: the next build gets a new file system.
      [[ $round != 0 ]] || pages["hugo $n"]=$(count_pages "$out")
    fi
    floor "write floor, one folder per lesson" "$n" "$round" \
      "$dir/reference" "$(out_dir "$dir" floor)"
    floor "write floor, one folder per page" "$n" "$round" \
      "$dir/reference-pretty" "$(out_dir "$dir" floor-pretty)"
    out=$(out_dir "$dir" out-raw)
    run "lessonpack --no-minify" "$n" "$round" "$out" \
      "$ours" --root "$dir/pack" build -o "$out" --no-minify
    markdown=$("$bin/examples/markdown_floor" "$dir/pack")
    one_thread=${markdown#*seconds_one_thread=}
    record "pulldown-cmark only (1 thread)" "$n" "$round" "${one_thread%% *}"
    record "pulldown-cmark only (parallel)" "$n" "$round" "${markdown##*seconds_parallel=}"
  done
  if [[ $fresh_fs == 1 ]]; then new_fs; fi
  wipe "$dir"/out* "$dir/hugo-out" "$dir"/floor*
  # serve: save one lesson, time until the changed page is served (median of 20 edits).
  if [[ $n == 1000 ]]; then
    echo "N=$n serve …" >&2
    "$bin/examples/serve_latency" --pack "$dir/pack" --edits 20 > "$work/serve-$n.txt"
  fi
done

# One build of N = 100,000, if asked for and the disk has room.
if [[ $big == 1 ]]; then
  n=100000
  dir="$work/n$n"
  avail_gb=$(df --output=avail -BG "$work" | tail -n1 | tr -dc 0-9)
  if (( avail_gb < 20 )); then
    echo "skipping N=$n: only ${avail_gb} GB free in $work (needs about 20)" >&2
  else
    if [[ ! -f "$dir/.generated" ]]; then
      echo "generating N=$n …" >&2
      wipe "$dir"
      "$bin/examples/gen_corpus" --lessons "$n" --out "$dir/pack" >/dev/null
      touch "$dir/.generated"
    fi
    # A 16 GB image, on the work disk: in /dev/shm it would take half of this machine's memory
    # beside a build that is measured for its memory.
    if [[ $fresh_fs == 1 ]]; then
      umount "$fs_dir" 2>/dev/null || true
      rm -f "$image"
      image="$work/lessonpack-bench-big.img" image_size=16G
    fi
    out=$(out_dir "$dir" out)
    for round in $(seq 1 "$rounds"); do
      echo "N=$n round $round/$rounds …" >&2
      run lessonpack "$n" "$round" "$out" "$ours" --root "$dir/pack" build -o "$out"
      measure "rebuild, unchanged" "$n" "$round" "$ours" --root "$dir/pack" build -o "$out"
    done
    pages["lessonpack $n"]=$(count_pages "$out")
    if [[ $fresh_fs == 1 ]]; then new_fs; fi
    wipe "$dir"/out*
  fi
fi

# The table: medians over the measured rounds (round 0 is the warm-up), ratios per round.
awk -F'\t' -v pages_list="$(for k in "${!pages[@]}"; do echo "$k=${pages[$k]}"; done)" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  # ratio(N, A, B): the median over the rounds of A wall time ÷ B wall time in a round, or "".
  function ratio(n, a, b,   list, rs, r, den) {
    list = ""
    split(substr(rounds_of[n SUBSEP a], 2), rs, " ")
    for (r in rs) {
      den = round_wall[n SUBSEP rs[r] SUBSEP b]
      if (den > 0) list = list " " round_wall[n SUBSEP rs[r] SUBSEP a] / den
    }
    return list == "" ? "" : median(substr(list, 2))
  }
  # claim(N, A, B, WHAT): prints ratio(N, A, B) and WHAT, if both rows were timed.
  function claim(n, a, b, what,   r) {
    r = ratio(n, a, b)
    if (r == "") return
    if (!claims) printf "\nratios (medians of the per-round ratios):\n"
    claims = 1
    printf "%8.2f  %s\n", r, what
  }
  BEGIN {
    split(pages_list, lines, "\n")
    for (i in lines) { split(lines[i], kv, "="); count[kv[1]] = kv[2] }
  }
  $3 == 0 && $2 != 100000 { next }
  {
    key = $2 SUBSEP $1
    if (!(key in seen)) { seen[key] = 1; order[$2] = order[$2] SUBSEP $1; sizes[$2] = 1 }
    wall[key] = wall[key] " " $4; cpu[key] = cpu[key] " " $5
    if ($6 != "-" && $6 + 0 > rss[key] + 0) rss[key] = $6
    round_wall[$2 SUBSEP $3 SUBSEP $1] = $4
    rounds_of[key] = rounds_of[key] " " $3
  }
  END {
    for (n in sizes) {
      printf "\nN = %d lessons\n", n
      printf "%-40s %8s %9s %9s %8s %9s %10s %9s\n", "tool", "pages", "wall s", "CPU s", "CPU/wall", "RSS MB", "pages/s", "× ours"
      m = split(substr(order[n], 2), tools, SUBSEP)
      for (t = 1; t <= m; t++) {
        tool = tools[t]; key = n SUBSEP tool
        w = median(wall[key])
        c = (cpu[key] ~ /-/) ? "-" : median(cpu[key])
        # The count of the row itself if it has one, else the count of our default build.
        p = ((tool " " n) in count) ? count[tool " " n] : count["lessonpack " n]
        if (tool ~ /^pulldown/) p = "-"
        # A baseline row is compared with the same row of ours; every other row with our build.
        ref = "lessonpack"
        if (tool ~ /^baseline /) ref = substr(tool, 10)
        ratios = ratio(n, tool, ref)
        printf "%-40s %8s %9.2f %9s %8s %9s %10s %9s\n", tool, p, w,
          (c == "-" ? "-" : sprintf("%.2f", c)),
          (c == "-" || w == 0 ? "-" : sprintf("%.2f", c / w)),
          (rss[key] == "" ? "-" : sprintf("%.0f", rss[key] / 1024)),
          (p == "-" || w == 0 ? "-" : sprintf("%.0f", p / w)),
          (ratios == "" ? "-" : sprintf("%.2f", ratios))
      }
      claims = 0
      claim(n, "hugo", "lessonpack", "× faster than Hugo (Hugo wall ÷ lessonpack wall)")
      claim(n, "lessonpack", "write floor, one folder per lesson",
        "lessonpack wall ÷ write floor, one folder per lesson")
      claim(n, "lessonpack --pretty-urls", "write floor, one folder per page",
        "lessonpack --pretty-urls wall ÷ write floor, one folder per page")
    }
  }' "$results"
for file in "$work"/serve-*.txt; do
  [[ -e $file ]] || continue
  echo
  echo "serve, N = $(basename "$file" .txt | cut -d- -f2) lessons:"
  sed 's/^/  /' "$file"
done
echo
echo "× ours: median of the rounds' ratios to our build in the same round (a baseline rebuild row: to"
echo "the same rebuild of ours)."
echo "write floor: examples/write_floor writing the files of our build of that layout from 2"
echo "threads, a top-level folder (a lesson) at a time, as a build's workers do."
if [[ $fresh_fs == 1 ]]; then
  echo "file systems: every build but a rebuild, and every floor, wrote into an ext4 file system"
  echo "made for it, its image in $image_dir$([[ $big == 1 ]] && echo " (for N = 100,000: in $work)")."
else
  echo "file systems: none made ($no_fs_why); builds wrote into folders of $work,"
  echo "so figures may swing with what that disk has seen."
fi
echo "raw measurements: $results (tool, N, round, wall s, CPU s, peak RSS KB; round 0 = warm-up)"
