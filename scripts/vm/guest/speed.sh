#!/bin/bash
# A measurement, not a test: burns /host/in/speed (a folder) on tgt's DVD+R with /host/kiln,
# without the read-back verify, and prints MB/s.
# Run by hand: mkdir OUT; cp target/release/kiln OUT/kiln;
#   scripts/vm/run.sh --out OUT --dvdr --file FOLDER_NAMED_speed scripts/vm/guest/speed.sh
set -u
now() { cut -d' ' -f1 /proc/uptime; }
cp /host/kiln /tmp/kiln
for _ in $(seq 200); do
    for d in /sys/class/block/sr*; do grep -q '^IET' "$d/device/vendor" 2>/dev/null && dev=/dev/${d##*/}; done
    [ -n "${dev:-}" ] && break; sleep 0.05
done
bytes=$(($(/tmp/kiln size data /host/in/speed | cut -d' ' -f1) * 2048))
t=$(now)
/tmp/kiln burn data --no-verify --recorder "$dev" /host/in/speed 2>&1 | tail -1
awk -v a="$t" -v b="$(now)" -v n="$bytes" \
    'BEGIN { s = b - a; printf "burn (no verify) of %.1f MB on the tgt DVD+R: %.1f s, %.1f MB/s\n", n / 1e6, s, n / 1e6 / s }'
