#!/bin/bash
# Runs in the VM (scripts/vm/multisession.sh): two burns on tgt's DVD+R, the first left open,
# the second appended; then the guest kernel mounts the disc (the last session, found through
# READ TOC format 1) and compares it with both sources. Prints "ok"/"FAIL"/"skip" lines.
set -u
export LANG=C.UTF-8
cp /host/kiln /tmp/kiln && chmod 0755 /tmp/kiln
KILN=/tmp/kiln
failures=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
dev=""
for _ in $(seq 200); do
    for d in /sys/class/block/sr*; do
        grep -q '^IET' "$d/device/vendor" 2>/dev/null && dev=/dev/${d##*/}
    done
    [ -n "$dev" ] && break
    sleep 0.05
done
[ -n "$dev" ] || { bad "tgt's DVD+R appears"; exit 1; }
show() { $KILN media "$dev" 2>&1 | sed 's/^/     | /'; }
show
if $KILN burn data --multisession --label ONE --recorder "$dev" /host/in/one > /tmp/one.txt 2>&1; then
    ok "$dev: session 1 burned, left open"
else
    bad "$dev: session 1"; sed 's/^/     | /' /tmp/one.txt
fi
show
if $KILN burn data --label TWO --recorder "$dev" /host/in/two > /tmp/two.txt 2>&1; then
    ok "$dev: session 2 appended"
    sed 's/^/     | /' /tmp/two.txt | grep -v Writing | tail -3
else
    echo "skip $dev: session 2 refused by this drive emulation:"
    sed 's/^/     | /' /tmp/two.txt | tail -3
    exit "$failures"
fi
show
# tgt signals no medium change: probe the device again, as check.sh does, before mounting.
addr=$(basename "$(readlink -f "/sys/class/block/${dev#/dev/}/device")")
echo 1 > "/sys/class/block/${dev#/dev/}/device/delete"
echo "${addr#*:}" | tr : ' ' > "/sys/class/scsi_host/host${addr%%:*}/scan"
sleep 1
dev=/dev/$(basename /sys/class/scsi_device/"$addr"/device/block/sr*)
mkdir -p /mnt/disc /tmp/union
cp -r /host/in/one/. /tmp/union && cp -r /host/in/two/. /tmp/union
if mount -t iso9660 -o ro "$dev" /mnt/disc 2> /tmp/mount.txt; then
    ok "$dev: the kernel mounts the last session"
    if diff -r /tmp/union /mnt/disc > /tmp/diff.txt 2>&1; then ok "$dev: both sessions' files (diff -r)"
    else bad "$dev: both sessions' files (diff -r)"; sed 's/^/     | /' /tmp/diff.txt; fi
    umount /mnt/disc
else
    bad "$dev: the kernel mounts the last session"; sed 's/^/     | /' /tmp/mount.txt
fi
exit "$failures"
