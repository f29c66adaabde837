#!/usr/bin/env bash
# Screenshots of Kiln's window under a virtual X server, for people to look at:
#   artifacts/gui-empty.png     the window as it opens
#   artifacts/gui-staged.png    a data disc with a folder and files staged (one name gets a note)
#   artifacts/gui-log.png       the same with the log panel open
#   artifacts/gui-progress.png  a burn in progress (a simulated burn of a large sparse file)
#   artifacts/gui-cancel.png    the question before cancelling
#   artifacts/gui-result.png    the result screen
#   artifacts/gui-audio.png     an audio CD of three tracks with CD-TEXT (opened from a project)
#   artifacts/gui-italian.png   the staged disc in Italian, dark theme
# Needs: xvfb-run, xdotool and ffmpeg (apt-get install xvfb xdotool ffmpeg), which grabs the
# screen (x11grab). The window draws only embedded fonts at a fixed size (1040×720), so the
# clicks below land on the same widgets on every machine; each picture is checked to hold a
# window (not a blank screen) and `./scripts/test.sh` runs this with the tests' debug binary.
# Usage: scripts/gui-screenshots.sh [path/to/kiln]   (default: builds target/release/kiln)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts"
mkdir -p "$out"

for tool in xvfb-run xdotool ffmpeg; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xdotool ffmpeg" >&2; exit 1; }
done

bin="${1:-}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --release --quiet)
    bin="$root/target/release/kiln"
fi

if [ -z "${KILN_SCREENSHOTS_INNER:-}" ]; then
    export KILN_SCREENSHOTS_INNER=1
    # -noreset: without it the server resets when the last client leaves (each stop below), and
    # a window started during the reset cannot open the display.
    exec xvfb-run -a -s "-screen 0 1040x720x24 -noreset" "$0" "$bin"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# What to stage: a folder of photos, a document, a name too long for Joliet's 64 characters, and a
# large sparse file for a burn that lasts long enough to be seen.
mkdir -p "$work/src/Photos 2024" "$work/src/big"
for i in $(seq 1 40); do head -c 200000 /dev/urandom > "$work/src/Photos 2024/IMG_$i.jpg"; done
head -c 1500000 /dev/urandom > "$work/src/Report.pdf"
echo notes > "$work/src/$(printf 'A very long file name that Joliet cannot hold in sixty-four characters.txt')"
truncate -s 6G "$work/src/big/disc-image-source.bin"

export KILN_CONFIG_DIR="$work/config"
export HOME="$work/home"
mkdir -p "$HOME" "$KILN_CONFIG_DIR"

wid=""
pid=""
start() {
    "$bin" "$@" >"$work/kiln.log" 2>&1 &
    pid=$!
    wid=""
    for _ in $(seq 1 60); do
        wid="$(xdotool search --name 'Kiln' 2>/dev/null | head -n1 || true)"
        [ -n "$wid" ] && break
        sleep 0.5
    done
    [ -n "$wid" ] || { echo "no window; log:" >&2; cat "$work/kiln.log" >&2; exit 1; }
    xdotool windowmove "$wid" 0 0 || true
    sleep 2
}
stop() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
shot() {
    ffmpeg -v error -y -f x11grab -video_size 1040x720 -i "$DISPLAY" -frames:v 1 "$out/$1.png"
    # A screen with a window on it has many colours; a blank or black one has one or two.
    local colours
    colours=$(ffmpeg -v error -i "$out/$1.png" -f rawvideo -pix_fmt rgb24 - | od -An -tx1 -v -w3 \
        | sort -u | wc -l)
    [ "$colours" -ge 20 ] || { echo "$1: the screen is blank ($colours colours); log:" >&2; cat "$work/kiln.log" >&2; exit 1; }
    echo "saved $out/$1.png"
}
click() {
    xdotool mousemove --sync "$1" "$2" click 1
    sleep "${3:-0.5}"
}

# 1. Empty.
start
shot gui-empty
stop

# 2. Staged data disc, measured for a DVD (the sparse file is 6 GB).
start "$work/src/Photos 2024" "$work/src/Report.pdf" "$work/src/"A\ very\ long*.txt "$work/src/big"
sleep 2
shot gui-staged
click 1005 23            # "Log" (right edge of the header): naming notes and warnings
shot gui-log
click 1005 23

# 3. Progress: simulate (reads everything, writes nothing), then Burn.
click 272 599            # "Simulate"
click 985 683 0.8        # "Burn"
shot gui-progress
click 778 436 0.8        # "Cancel"
shot gui-cancel
click 690 407 2          # "Cancel the burn"
shot gui-result
stop

# 4. An audio CD: three tracks, staged by opening a project file (the window has no other way in
# without a file dialog or a drag from a file manager).
mkdir -p "$work/music"
n=0
for title in Morning Noon Evening; do
    n=$((n + 1))
    ffmpeg -v error -f lavfi -i "sine=frequency=$((220 * n)):sample_rate=44100:duration=$((20 + 7 * n))" \
        -ac 2 -c:a flac "$work/music/$n $title.flac"
done
{
    printf 'kiln_project = 1\nformat = "audio"\n\n[audio]\ntitle = "A Day"\nperformer = "The Testers"\n'
    n=0
    for title in Morning Noon Evening; do
        n=$((n + 1))
        printf '\n[[audio.track]]\nsource = "%s"\nkind = "file"\npregap = 150\ntitle = "%s"\nperformer = "The Testers"\n' \
            "$work/music/$n $title.flac" "$title"
    done
} > "$work/day.kiln"
start "$work/day.kiln"
sleep 2
shot gui-audio
stop

# 5. Italian, dark.
printf 'locale = it\ntheme = dark\n' > "$KILN_CONFIG_DIR/settings.conf"
start "$work/src/Photos 2024" "$work/src/Report.pdf"
sleep 1
shot gui-italian
stop
