#!/usr/bin/env bash
# Data-disc benchmark (not a test): Kiln against genisoimage and xorriso -as mkisofs.
#
#   ./scripts/bench-data.sh
#
# Cases:
#   (a) 4 GiB in 512 files of 8 MiB (non-zero data), page cache warm: image to a file in the
#       work folder, and streamed into a pipe (a FIFO drained by cat) for the pure streaming figure;
#   (b) 100,000 small files in 100 folders;
#   (c) size computation of (b): `kiln size data` vs `genisoimage -print-size`;
#   (d) peak memory of (b).
# Prints wall time, throughput and peak RSS (/usr/bin/time) side by side with Kiln/peer ratios,
# and the targets. Knobs: BENCH_DIR (where its work folder is made, default /tmp; removed at the
# end), BENCH_BIG_FILES (default 512), BENCH_SMALL_DIRS (default 100, 1,000 files each),
# BENCH_KILN (another kiln binary to measure instead of target/release/kiln), BENCH_RUNS (timed
# runs per case writing a file, default 3; the fastest is kept).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIG_FILES=${BENCH_BIG_FILES:-512}
RUNS=${BENCH_RUNS:-3}
SMALL_DIRS=${BENCH_SMALL_DIRS:-100}
SMALL_PER_DIR=1000
SMALL_FILES=$((SMALL_DIRS * SMALL_PER_DIR))

die() { echo "bench-data.sh: $*" >&2; exit 1; }
for tool in genisoimage xorriso /usr/bin/time mkfifo; do
    command -v "$tool" >/dev/null || die "$tool is not installed (./scripts/test.sh installs it)"
done

echo "== building the release binary"
cargo build --release --locked
KILN=${BENCH_KILN:-$PWD/target/release/kiln}
[[ -x $KILN ]] || die "no $KILN after cargo build --release"

mkdir -p "${BENCH_DIR:-/tmp}"
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/kiln-bench.XXXXXX")
CAT_PID=
cleanup() {
    if [[ -n $CAT_PID ]]; then kill "$CAT_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- trees -------------------------------------------------------------------------------------
echo "== generating trees in $WORK"
BIG=$WORK/big
SMALL=$WORK/small
mkdir -p "$BIG" "$SMALL"
head -c $((8 * 1024 * 1024)) /dev/urandom >"$WORK/seed"
for ((i = 0; i < BIG_FILES; i++)); do
    cp "$WORK/seed" "$BIG/file$i.bin"
    # Distinct files: stamp each one's first bytes.
    printf '%016d' "$i" | dd of="$BIG/file$i.bin" bs=16 count=1 conv=notrunc status=none
done
rm "$WORK/seed"
BIG_BYTES=$(du -sb --apparent-size "$BIG" | cut -f1)
for ((d = 0; d < SMALL_DIRS; d++)); do
    dir=$SMALL/d$(printf '%03d' "$d")
    mkdir -p "$dir"
    for ((f = 0; f < SMALL_PER_DIR; f++)); do
        printf '%d/%d\n' "$d" "$f" >"$dir/f$f.txt"
    done
done
sync
echo "   big: $BIG_FILES files, $BIG_BYTES bytes; small: $SMALL_FILES files"

# --- measuring ---------------------------------------------------------------------------------
# measure NAME COMMAND...: runs COMMAND (stdout discarded), sets T (seconds) and RSS (KiB), or
# T=n/a when it fails.
measure() {
    local name=$1; shift
    local tf=$WORK/time.out
    if /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$WORK/stderr.out"; then
        read -r T RSS <"$tf"
    else
        T=n/a; RSS=n/a
        echo "   $name FAILED:" >&2
        tail -5 "$WORK/stderr.out" >&2
    fi
}

# CMD=(the command of a tool writing OUT from SRC).
set_cmd() { # tool out src
    case $1 in
    kiln) CMD=("$KILN" burn data --label BENCH --to "$2" "$3") ;;
    genisoimage) CMD=(genisoimage -quiet -J -R -iso-level 3 -o "$2" "$3") ;;
    xorriso) CMD=(xorriso -as mkisofs -quiet -J -R -iso-level 3 -o "$2" "$3") ;;
    esac
}

TOOLS=(kiln genisoimage xorriso)
declare -A R # results: R[case,tool]=seconds, R[case,tool,rss]=KiB

to_file() { # case src tool
    local out=$WORK/out.iso
    set_cmd "$3" "$out" "$2"
    measure "$3 warm-up" "${CMD[@]}"
    rm -f "$out"; sync
    best_of "$RUNS" "${CMD[@]}"
    R[$1,$3]=$T; R[$1,$3,rss]=$RSS
}

# best_of N COMMAND...: runs COMMAND N times (its output removed and the disk synced between
# runs, outside the timing, so no tool pays for another's write-back) and keeps the fastest.
best_of() {
    local n=$1 i best=n/a best_rss=n/a; shift
    for ((i = 0; i < n; i++)); do
        measure "run $i" "$@"
        rm -f "$WORK/out.iso"; sync
        if [[ $T != n/a ]] && { [[ $best == n/a ]] || awk "BEGIN{exit !($T < $best)}"; }; then
            best=$T; best_rss=$RSS
        fi
    done
    T=$best; RSS=$best_rss
}

to_pipe() { # case src tool
    local fifo=$WORK/stream.iso
    rm -f "$fifo"; mkfifo "$fifo"
    cat "$fifo" >/dev/null &
    CAT_PID=$!
    set_cmd "$3" "$fifo" "$2"
    measure "$3 (stream)" "${CMD[@]}"
    if [[ ! -p $fifo ]]; then
        echo "   $3 replaced the FIFO with a file: no streaming figure" >&2
        T=n/a; RSS=n/a
    fi
    # A tool that never opened the FIFO leaves cat waiting: open it once to release cat.
    if kill -0 "$CAT_PID" 2>/dev/null && [[ -p $fifo ]]; then : >"$fifo" || true; fi
    kill "$CAT_PID" 2>/dev/null || true
    wait "$CAT_PID" 2>/dev/null || true
    CAT_PID=
    rm -f "$fifo"
    R[$1,$3]=$T; R[$1,$3,rss]=$RSS
}

for tool in "${TOOLS[@]}"; do
    echo "== (a) $tool: $BIG_FILES files of 8 MiB"
    to_file big "$BIG" "$tool"
    to_pipe bigpipe "$BIG" "$tool"
    echo "== (b) $tool: $SMALL_FILES small files"
    to_file small "$SMALL" "$tool"
done
echo "== (c) size computation"
measure "kiln size warm-up" "$KILN" size data "$SMALL"
measure "kiln size" "$KILN" size data "$SMALL"
R[size,kiln]=$T; R[size,kiln,rss]=$RSS
measure "genisoimage -print-size warm-up" genisoimage -print-size -quiet -J -R "$SMALL"
measure "genisoimage -print-size" genisoimage -print-size -quiet -J -R "$SMALL"
R[size,genisoimage]=$T; R[size,genisoimage,rss]=$RSS
R[size,xorriso]=n/a; R[size,xorriso,rss]=n/a

# --- report ------------------------------------------------------------------------------------
calc() { awk "BEGIN { printf \"%s\", ($1) }"; }
num() { [[ $1 =~ ^[0-9.]+$ ]]; }
ratio() { if num "$1" && num "$2" && [[ $(calc "$2 > 0") == 1 ]]; then calc "sprintf(\"%.2f\", $1 / $2)"; else echo n/a; fi; }
mbs() { if num "$1" && [[ $(calc "$1 > 0") == 1 ]]; then calc "sprintf(\"%.0f\", $2 / $1 / 1e6)"; else echo n/a; fi; }
mib() { if num "$1"; then calc "sprintf(\"%.1f\", $1 / 1024)"; else echo n/a; fi; }

row() { printf '%-34s %12s %12s %12s %12s %12s\n' "$@"; }
echo
row "case" "kiln" "genisoimage" "xorriso" "kiln/geniso" "kiln/xorriso"
row "----" "----" "-----------" "-------" "-----------" "------------"
for c in big bigpipe small size; do
    case $c in
    big) label="(a) $BIG_FILES x 8 MiB -> file"; bytes=$BIG_BYTES ;;
    bigpipe) label="(a) $BIG_FILES x 8 MiB -> pipe"; bytes=$BIG_BYTES ;;
    small) label="(b) $SMALL_FILES small files -> file"; bytes= ;;
    size) label="(c) size of $SMALL_FILES files"; bytes= ;;
    esac
    k=${R[$c,kiln]} g=${R[$c,genisoimage]} x=${R[$c,xorriso]}
    row "$label: s" "$k" "$g" "$x" "$(ratio "$k" "$g")" "$(ratio "$k" "$x")"
    if [[ -n $bytes ]]; then
        row "    MB/s" "$(mbs "$k" "$bytes")" "$(mbs "$g" "$bytes")" "$(mbs "$x" "$bytes")" "" ""
    fi
    kr=${R[$c,kiln,rss]} gr=${R[$c,genisoimage,rss]} xr=${R[$c,xorriso,rss]}
    row "    peak RSS MiB" "$(mib "$kr")" "$(mib "$gr")" "$(mib "$xr")" "$(ratio "$kr" "$gr")" "$(ratio "$kr" "$xr")"
done

verdict() { if [[ $1 == 1 ]]; then echo "met"; elif [[ $1 == 0 ]]; then echo "NOT MET"; else echo "n/a"; fi; }
check() { if num "$1" && num "$2"; then calc "($1 <= $2) ? 1 : 0"; else echo n/a; fi; }
rss_limit_kib=$(calc "64 * 1024 + 300 * $SMALL_FILES / 1024")
echo
echo "targets"
printf '  %-52s %s\n' "(a) kiln <= genisoimage time (to file)" \
    "$(verdict "$(check "${R[big,kiln]}" "${R[big,genisoimage]}")")"
printf '  %-52s %s\n' "(b) kiln <= 0.5 x genisoimage time" \
    "$(verdict "$(check "${R[small,kiln]}" "$(num "${R[small,genisoimage]}" && calc "0.5 * ${R[small,genisoimage]}" || echo n/a)")")"
printf '  %-52s %s\n' "(c) kiln size <= 0.25 x genisoimage -print-size" \
    "$(verdict "$(check "${R[size,kiln]}" "$(num "${R[size,genisoimage]}" && calc "0.25 * ${R[size,genisoimage]}" || echo n/a)")")"
printf '  %-52s %s\n' "(d) kiln peak RSS (b) <= 64 MiB + 300 B/file ($(mib "$rss_limit_kib") MiB)" \
    "$(verdict "$(check "${R[small,kiln,rss]}" "$rss_limit_kib")")"
