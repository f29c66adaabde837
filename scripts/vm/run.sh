#!/usr/bin/env bash
# Boots the VM that scripts/vm/prepare.sh built and runs one guest script in it, as root, with
# optical drives attached. The run directory OUT is shared with the guest over virtio-9p as
# /host: the guest script and everything in OUT/in are visible there, and what the script
# writes to /host/out comes back.
#
# usage: run.sh --out DIR [--cd ide:IMAGE|scsi:IMAGE]... [--dvdr] [--dvdram BYTES]
#               [--file PATH]... [--timeout SECONDS] GUEST_SCRIPT
#
#   --cd ide:IMAGE   QEMU's ATAPI CD/DVD-ROM drive (PIIX IDE) with IMAGE loaded, read-only
#   --cd scsi:IMAGE  QEMU's scsi-cd on virtio-scsi with IMAGE loaded, read-only
#   --dvdr           a blank DVD+R: tgt's MMC emulation (tgtd on this host, on a random
#                    127.0.0.1 port), reached through QEMU's iSCSI initiator and passed to the
#                    guest as a SCSI generic device; the disc is OUT/dvdr.img
#   --dvdram BYTES   a DVD-RAM of BYTES: tcmu-runner's file_optical handler behind the guest
#                    kernel's LIO target and tcm_loop, set up by the guest script
#                    (`kiln_vm_dvdram`); the disc is OUT/dvdram.img
#   --file PATH      copied to OUT/in (the guest sees /host/in/NAME)
#
# The exit status is the guest script's; 125 when the guest never reported one. OUT/guest.log
# holds its output, OUT/console.log the serial console, OUT/timing.txt the wall time.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KILN_VM_CACHE:-$HOME/.cache/kiln-vm}"
die() { printf 'vm-run: %s\n' "$*" >&2; exit 2; }

[[ -s $CACHE/rootfs.ext4 && -s $CACHE/initrd.cpio ]] || die "no VM in $CACHE: run scripts/vm/prepare.sh first"

OUT="" TIMEOUT=300 DVDR=0 DVDRAM=0 CDS=() FILES=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --out) OUT=$2; shift 2 ;;
        --cd) CDS+=("$2"); shift 2 ;;
        --dvdr) DVDR=1; shift ;;
        --dvdram) DVDRAM=$2; shift 2 ;;
        --file) FILES+=("$2"); shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        -*) die "unknown option $1 (see the comment at the top of $0)" ;;
        *) break ;;
    esac
done
[[ $# -eq 1 && -n $OUT ]] || die "usage: run.sh --out DIR [drives] GUEST_SCRIPT"
SCRIPT=$1
mkdir -p "$OUT/in" "$OUT/out"
OUT="$(cd "$OUT" && pwd)"
for f in "${FILES[@]+"${FILES[@]}"}"; do cp -a "$f" "$OUT/in/"; done
install -m 0755 "$SCRIPT" "$OUT/guest.sh"
rm -f "$OUT/exit-code" "$OUT/guest.log"

# KVM only where it is real hardware virtualization: a /dev/kvm without vmx/svm (nested PVM,
# for one) runs an unmodified kernel far slower than plain TCG.
ACCEL=tcg
if [[ -w /dev/kvm ]] && grep -qwE 'vmx|svm' /proc/cpuinfo; then ACCEL=kvm; fi
KERNEL="$CACHE/kernel/vmlinux"
[[ -s $KERNEL ]] || KERNEL="$(compgen -G "$CACHE/kernel/boot/vmlinuz-*" | head -1)"

MODULES=sr_mod,sg,isofs,cdrom
ARGS=(-accel "$ACCEL" -cpu max -m 1024 -smp 2 -nodefaults -display none -monitor none -no-reboot
    -serial "file:$OUT/console.log" -kernel "$KERNEL" -initrd "$CACHE/initrd.cpio"
    -drive "file=$CACHE/rootfs.ext4,if=none,id=root,format=raw,snapshot=on,cache=unsafe"
    -device virtio-blk-pci,drive=root
    -fsdev "local,id=host,path=$OUT,security_model=none" -device virtio-9p-pci,fsdev=host,mount_tag=host)

ide=0 scsi=0 n=0
for spec in "${CDS[@]+"${CDS[@]}"}"; do
    bus=${spec%%:*} image=$(readlink -f "${spec#*:}")
    [[ -f $image ]] || die "no image file $image"
    ARGS+=(-drive "if=none,id=cd$n,media=cdrom,readonly=on,format=raw,file=$image")
    case $bus in
        ide)
            [[ $ide -lt 4 ]] || die "at most 4 IDE drives"
            ARGS+=(-device "ide-cd,drive=cd$n,bus=ide.$((ide / 2)),unit=$((ide % 2))")
            ide=$((ide + 1)) MODULES="$MODULES,ata_piix" ;;
        scsi)
            [[ $scsi -gt 0 ]] || ARGS+=(-device virtio-scsi-pci,id=vscsi0)
            ARGS+=(-device "scsi-cd,drive=cd$n,bus=vscsi0.0,scsi-id=$scsi,lun=0")
            scsi=$((scsi + 1)) MODULES="$MODULES,virtio_scsi" ;;
        *) die "--cd wants ide:IMAGE or scsi:IMAGE, not $spec" ;;
    esac
    n=$((n + 1))
done

# --- tgt's DVD+R, served from this host ----------------------------------------------------------
TGT_PID="" TGT_CTL=""
stop_tgt() {
    [[ -n $TGT_PID ]] || return 0
    # tgtd ignores SIGTERM; it leaves when told to delete the system once its targets are gone.
    tgtadm -C "$TGT_CTL" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
    tgtadm -C "$TGT_CTL" --op delete --mode system >/dev/null 2>&1 || true
    for _ in $(seq 30); do kill -0 "$TGT_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$TGT_PID" 2>/dev/null || true
    wait "$TGT_PID" 2>/dev/null || true
    TGT_PID=""
}
trap stop_tgt EXIT
if [[ $DVDR == 1 ]]; then
    IQN=iqn.2026-01.org.kiln.vm:dvdr
    : > "$OUT/dvdr.img"   # empty: tgt presents a blank DVD+R
    for _ in 1 2 3 4 5; do
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        TGT_CTL=$((port % 30000 + 1000))   # tgtd's management socket number
        tgtd -f -C "$TGT_CTL" --iscsi "portal=127.0.0.1:$port" > "$OUT/tgtd.log" 2>&1 &
        TGT_PID=$!
        for _ in $(seq 50); do
            tgtadm -C "$TGT_CTL" --lld iscsi --op show --mode target >/dev/null 2>&1 && break 2
            kill -0 "$TGT_PID" 2>/dev/null || break
            sleep 0.1
        done
        stop_tgt
    done
    [[ -n $TGT_PID ]] || die "tgtd did not start (log: $OUT/tgtd.log)"
    tgtadm -C "$TGT_CTL" --lld iscsi --op new --mode target --tid 1 -T "$IQN"
    tgtadm -C "$TGT_CTL" --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 \
        --device-type cd --backing-store "$OUT/dvdr.img"
    tgtadm -C "$TGT_CTL" --lld iscsi --op bind --mode target --tid 1 -I 127.0.0.1
    ARGS+=(-drive "file=iscsi://127.0.0.1:$port/$IQN/1,if=none,id=dvdr,format=raw,cache=none"
        -device virtio-scsi-pci,id=vscsi1 -device scsi-generic,drive=dvdr,bus=vscsi1.0)
    MODULES="$MODULES,virtio_scsi"
fi
if [[ $DVDRAM != 0 ]]; then
    rm -f "$OUT/dvdram.img"
    truncate -s "$DVDRAM" "$OUT/dvdram.img"
    MODULES="$MODULES,target_core_user,tcm_loop"
fi

ARGS+=(-append "console=ttyS0 panic=-1 quiet kiln.modules=$MODULES kiln.timeout=$TIMEOUT")
printf '%q ' qemu-system-x86_64 "${ARGS[@]}" > "$OUT/qemu-cmdline.txt"
start=$(date +%s.%N)
status=0
# QEMU's scsi-generic warns once per LUN that it cannot tell if the LUN is writable: noise.
timeout -k 10 $((TIMEOUT + 60)) qemu-system-x86_64 "${ARGS[@]}" \
    2> >(grep -v 'LUN assumed writable' > "$OUT/qemu.log") || status=$?
end=$(date +%s.%N)
stop_tgt
awk -v a="$start" -v b="$end" -v accel="$ACCEL" -v q="$status" \
    'BEGIN { printf "accel=%s wall_s=%.1f qemu_status=%d\n", accel, b - a, q }' > "$OUT/timing.txt"
[[ -s $OUT/exit-code ]] || { echo "vm-run: the guest reported no result; see $OUT/console.log" >&2; exit 125; }
exit "$(cat "$OUT/exit-code")"
