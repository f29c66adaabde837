#!/bin/bash
# Runs in the VM as root (see scripts/vm/check.sh, which prepares /host/in): drives Kiln's Linux
# SG_IO backend against the kernel's sr/sg drivers and the attached drive emulations, and checks
# every result with the kernel itself (mount, cmp) rather than with Kiln.
#
# /host/in/config sets CDS (how many QEMU CD drives), DVDR (1: tgt DVD+R attached), DVDRAM
# (bytes, 0: none) and SOURCE_DATE_EPOCH; /host/in/src is the tree to burn, /host/in/cd.iso the
# image Kiln made of it on the host (loaded in the QEMU drives), /host/kiln the binary.
# Prints one "ok" or "FAIL" line per check and "timing" lines; exits 1 when a check failed.
set -u
. /host/in/config
export SOURCE_DATE_EPOCH LANG=C.UTF-8
cp /host/kiln /tmp/kiln && chmod 0755 /tmp/kiln
KILN=/tmp/kiln
SRC=/host/in/src ISO=/host/in/cd.iso
ISO_BLOCKS=$(($(stat -c %s "$ISO") / 2048))
failures=0
now() { cut -d' ' -f1 /proc/uptime; }
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: ok when COMMAND succeeds
    local what=$1; shift
    if "$@" > /tmp/check.out 2>&1; then ok "$what"; else bad "$what"; sed 's/^/     | /' /tmp/check.out; fi
}
refuses() { # refuses DESCRIPTION COMMAND...: ok when COMMAND fails with exit status 1
    local what=$1 status=0; shift
    "$@" > /tmp/check.out 2>&1 || status=$?
    if [ "$status" = 1 ]; then ok "$what"; sed -n 's/^/     | /; /error:/p' /tmp/check.out
    else bad "$what (exit $status, wanted 1)"; sed 's/^/     | /' /tmp/check.out; fi
}
has_line() { grep -qxF -- "$2" "$1"; }
speed() { # speed START: "S s (M MB/s)" for the image's bytes since START
    awk -v a="$1" -v b="$(now)" -v n="$((ISO_BLOCKS * 2048))" \
        'BEGIN { s = b - a; printf "%.1f s (%.1f MB/s)", s, n / 1e6 / (s > 0 ? s : 1) }'
}
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
drives() { # drives VENDOR_REGEX: the /dev/srN of the SCSI type-5 devices of that vendor
    for d in /sys/class/block/sr*; do
        grep -qE "$1" "$d/device/vendor" 2>/dev/null && echo "/dev/${d##*/}"
    done
}
wait_for() { # wait_for VENDOR_REGEX COUNT
    for _ in $(seq 200); do [ "$(drives "$1" | wc -l)" -ge "$2" ] && return 0; sleep 0.05; done
    return 1
}

# --- tcmu-runner's DVD-RAM behind LIO + tcm_loop ---------------------------------------------
start_dvdram() {
    local cfg=/sys/kernel/config/target store=/sys/kernel/config/target/core/user_1/dvdram
    local wwn=naa.5001405000000ki1
    mount -t configfs configfs /sys/kernel/config 2>/dev/null
    mkdir -p /var/log/tcmu
    tcmu-runner -l /var/log/tcmu > /tmp/tcmu-runner.log 2>&1 &
    # tcmu-runner must have registered its handlers before the backstore is enabled.
    for _ in $(seq 100); do [ -e /sys/kernel/config/target/core ] && pidof tcmu-runner > /dev/null && break; sleep 0.05; done
    sleep 0.5
    mkdir -p "$store" &&
        echo -n "dev_size=$DVDRAM,dev_config=fbo//host/dvdram.img,hw_block_size=2048" > "$store/control" &&
        echo 1 > "$store/enable" &&
        mkdir -p "$cfg/loopback/$wwn/tpgt_1" &&
        echo naa.5001405000000ki2 > "$cfg/loopback/$wwn/tpgt_1/nexus" &&
        mkdir -p "$cfg/loopback/$wwn/tpgt_1/lun/lun_0" &&
        ln -s "$store" "$cfg/loopback/$wwn/tpgt_1/lun/lun_0/dvdram"
}

echo "timing guest script starts at $(now) s of uptime"
wait_for '^QEMU' "$CDS" || bad "the $CDS QEMU CD drives appear"
[ "$DVDR" = 1 ] && { wait_for '^IET' 1 || bad "tgt's DVD+R appears"; }
if [ "$DVDRAM" != 0 ]; then
    t=$(now)
    if start_dvdram && wait_for '^LIO' 1; then ok "tcmu DVD-RAM set up in $(elapsed "$t") s"
    else bad "tcmu DVD-RAM set up"; sed 's/^/     | /' /tmp/tcmu-runner.log; DVDRAM=0; fi
fi
echo "timing drives ready at $(now) s of uptime"

$KILN recorders > /tmp/recorders.txt 2>&1
sed 's/^/     | /' /tmp/recorders.txt
name_of() { printf '%s %s' "$(sed 's/ *$//' "/sys/class/block/${1#/dev/}/device/vendor")" \
    "$(sed 's/ *$//' "/sys/class/block/${1#/dev/}/device/model")"; }

# --- read-only QEMU drives: listed as readers, never recorded, read back exactly ----------------
head -c $((ISO_BLOCKS * 2048 - 1)) "$ISO" > /tmp/altered.iso
printf 'X' >> /tmp/altered.iso   # the same image but its last byte
for dev in $(drives '^QEMU'); do
    t_drive=$(now)
    check "$dev listed as a reader, not a recorder" \
        has_line /tmp/recorders.txt "$dev	reader (cannot record)	$(name_of "$dev")"
    $KILN drive "$dev" > /tmp/media.txt 2>&1
    sed 's/^/     | /' /tmp/media.txt
    check "$dev: kiln drive says it does not write" has_line /tmp/media.txt "writer	no"
    check "$dev: kiln drive reads the image's $ISO_BLOCKS blocks" has_line /tmp/media.txt "blocks	$ISO_BLOCKS"
    check "$dev: kiln drive shows a closed disc" has_line /tmp/media.txt "status	closed (finalized)"
    refuses "$dev: kiln burn data refuses the reader" $KILN burn data --recorder "$dev" "$SRC"
    t=$(now)
    check "$dev: kiln verify reads back the image through SG_IO" $KILN verify --recorder "$dev" "$ISO"
    echo "timing $dev: verify of $ISO_BLOCKS blocks: $(speed "$t")"
    refuses "$dev: kiln verify finds the one byte that differs" $KILN verify --recorder "$dev" /tmp/altered.iso
    check "$dev: the kernel reads the same bytes (cmp)" cmp -n $((ISO_BLOCKS * 2048)) "$dev" "$ISO"
    echo "timing $dev ($(name_of "$dev")): checks took $(elapsed "$t_drive") s"
done

# --- writable drives: burn, then let the kernel mount the disc and compare the files ---------
burn_and_compare() { # burn_and_compare DEV WHAT EXPECTED_MEDIUM
    local dev=$1 what=$2 medium=$3 t
    check "$dev listed as a recorder" has_line /tmp/recorders.txt "$dev	drive	$(name_of "$dev")"
    $KILN drive "$dev" > /tmp/media.txt 2>&1
    sed 's/^/     | /' /tmp/media.txt
    check "$dev: kiln drive says it writes" has_line /tmp/media.txt "writer	yes"
    check "$dev: kiln drive shows a $medium" has_line /tmp/media.txt "medium	$medium"
    # The burn reads the disc back itself (its verify); `kiln verify` below times the reading
    # alone, so writing takes the difference.
    t=$(now)
    check "$dev: kiln burn data (with its verify) on the $what" \
        $KILN burn data --reproducible --label KILNVM --recorder "$dev" "$SRC"
    echo "timing $dev ($what): burn + its verify of $ISO_BLOCKS blocks: $(speed "$t")"
    sed 's/^/     | /' /tmp/check.out | grep -v Writing | tail -2
    $KILN drive "$dev" > /tmp/media.txt 2>&1
    sed 's/^/     | /' /tmp/media.txt
    t=$(now)
    check "$dev: kiln verify against the image Kiln made on the host" $KILN verify --recorder "$dev" "$ISO"
    echo "timing $dev ($what): verify of $ISO_BLOCKS blocks: $(speed "$t")"
    if [ "$what" = "tgt DVD+R" ]; then
        # tgt signals no medium change (no GET EVENT STATUS NOTIFICATION, no unit attention),
        # so the kernel still believes the disc is the blank one-block DVD+R it first saw and
        # cannot mount it. Probing the device again is what taking the disc out and putting it
        # back would do.
        dev=$(reprobe "$dev") || { bad "$dev: the kernel probes the burned DVD+R again"; return; }
    fi
    mkdir -p /mnt/disc
    if mount -t iso9660 -o ro "$dev" /mnt/disc 2> /tmp/mount.txt; then
        ok "$dev: the kernel mounts the burned disc"
        check "$dev: every file on the mounted disc equals its source (diff -r)" diff -r "$SRC" /mnt/disc
        ls -lR /mnt/disc | head -12 | sed 's/^/     | /'
        umount /mnt/disc
    else
        bad "$dev: the kernel mounts the burned disc"; sed 's/^/     | /' /tmp/mount.txt
    fi
}
reprobe() { # reprobe /dev/srN: removes the SCSI device and scans for it again; prints its new node
    local dev=${1#/dev/} addr host
    addr=$(basename "$(readlink -f "/sys/class/block/$dev/device")")
    host=${addr%%:*}
    echo 1 > "/sys/class/block/$dev/device/delete"
    echo "${addr#*:}" | tr : ' ' > "/sys/class/scsi_host/host$host/scan"
    for _ in $(seq 200); do
        for d in /sys/class/scsi_device/"$addr"/device/block/sr*; do
            [ -e "$d" ] && { echo "/dev/${d##*/}"; return 0; }
        done
        sleep 0.05
    done
    return 1
}
if [ "$DVDR" = 1 ]; then
    for dev in $(drives '^IET'); do burn_and_compare "$dev" "tgt DVD+R" "DVD+R"; done
fi
if [ "$DVDRAM" != 0 ]; then
    for dev in $(drives '^LIO'); do burn_and_compare "$dev" "tcmu DVD-RAM" "DVD-RAM"; done
fi

# --- without permission: the error says which group to join ---------------------------------
dev=$(drives '^QEMU' | head -1)
if [ -n "$dev" ]; then
    chgrp cdrom "$dev" && chmod 0660 "$dev"   # what udev does on a desktop
    refuses "kiln drive as a user outside the cdrom group" \
        setpriv --reuid=65534 --regid=65534 --clear-groups $KILN drive "$dev"
    cp /tmp/check.out /tmp/unprivileged.txt
    check "  ... and the error says to join the cdrom group" grep -q 'join the `cdrom` group' /tmp/unprivileged.txt
fi

[ "$DVDRAM" != 0 ] && sync
echo "timing all checks done at $(now) s of uptime"
echo "$failures failed"
[ "$failures" = 0 ]
