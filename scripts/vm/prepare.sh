#!/usr/bin/env bash
# Builds, once, what scripts/vm/run.sh boots: a Debian bookworm kernel and a small Debian root
# file system with tcmu-runner, cached in ${KILN_VM_CACHE:-$HOME/.cache/kiln-vm}.
#
# Every stage is skipped when its output is already there, so a second run takes about a second.
# Nothing is installed on the host except the tools listed in HOST_TOOLS (with apt, when missing);
# the kernel package is unpacked with `dpkg -x`, never installed.
#
#   cache/kernel/           the unpacked linux-image .deb (modules, bzImage) and vmlinux (see below)
#   cache/initrd.cpio       busybox + the modules needed to mount the root disk (virtio, ext4)
#   cache/rootfs.ext4       debootstrap --variant=minbase + kmod + tcmu-runner + the kernel's modules
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KILN_VM_CACHE:-$HOME/.cache/kiln-vm}"
SUITE=bookworm
GUEST_PACKAGES=kmod,tcmu-runner
# command:package pairs; block-iscsi.so is QEMU's iSCSI initiator, used to reach the host's tgtd
HOST_TOOLS=(qemu-system-x86_64:qemu-system-x86 tgtd:tgt tgtadm:tgt debootstrap:debootstrap
    cpio:cpio mkfs.ext4:e2fsprogs python3:python3
    /usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so:qemu-block-extra)

log() { printf '[vm-prepare %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'vm-prepare: %s\n' "$*" >&2; exit 1; }

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

# --- host tools -------------------------------------------------------------------------------
missing=()
for pair in "${HOST_TOOLS[@]}"; do
    tool=${pair%%:*}
    if [[ $tool == /* ]]; then [[ -e $tool ]] && continue; else command -v "$tool" >/dev/null && continue; fi
    missing+=("${pair#*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing host packages: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q >/dev/null || die "apt-get update failed"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends \
        "${missing[@]}" >/dev/null || die "apt-get install failed for: ${missing[*]}"
fi

mkdir -p "$CACHE/debs"

# --- kernel and busybox (downloaded as .debs, unpacked, not installed) --------------------------
kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
KPKG=$(kernel_package)
if [[ -z $KPKG ]]; then
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q >/dev/null || die "apt-get update failed"
    KPKG=$(kernel_package)
fi
[[ -n $KPKG ]] || die "apt knows no linux-image-amd64: add Debian's $SUITE main to /etc/apt"
if ! compgen -G "$CACHE/debs/${KPKG}_*.deb" >/dev/null || ! compgen -G "$CACHE/debs/busybox-static_*.deb" >/dev/null; then
    log "downloading $KPKG and busybox-static"
    (cd "$CACHE/debs" && apt-get download -q "$KPKG" busybox-static >/dev/null 2>&1) \
        || die "apt-get download $KPKG busybox-static failed (network? mirror?)"
fi
if [[ ! -d $CACHE/kernel/boot ]]; then
    log "unpacking $KPKG"
    rm -rf "$CACHE/kernel" "$CACHE/busybox"
    dpkg -x "$(compgen -G "$CACHE/debs/${KPKG}_*.deb" | tail -1)" "$CACHE/kernel"
fi
if [[ ! -x $CACHE/busybox/bin/busybox ]]; then
    dpkg -x "$(compgen -G "$CACHE/debs/busybox-static_*.deb" | tail -1)" "$CACHE/busybox"
fi
KV=$(ls "$CACHE/kernel/lib/modules")
MODDIR="$CACHE/kernel/lib/modules/$KV"
# The .deb has no modules.dep: depmod runs at install time, which we skip.
[[ -s $MODDIR/modules.dep ]] || depmod -b "$CACHE/kernel" "$KV" 2>/dev/null \
    || "$CACHE/busybox/bin/busybox" depmod -b "$CACHE/kernel" "$KV"

# QEMU boots an uncompressed ELF kernel through its PVH entry point, skipping the real-mode
# set-up and the in-guest xz decompression: about 3 s less per boot under TCG.
if [[ ! -s $CACHE/kernel/vmlinux ]]; then
    log "decompressing vmlinux for a PVH boot"
    python3 - "$CACHE/kernel/boot/vmlinuz-$KV" "$CACHE/kernel/vmlinux.part" <<'PY'
import lzma, sys
data = open(sys.argv[1], "rb").read()
start = data.find(b"\xfd7zXZ\x00")
elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[start:]) if start >= 0 else b""
if elf[:4] == b"\x7fELF":
    open(sys.argv[2], "wb").write(elf)
PY
    if [[ -s $CACHE/kernel/vmlinux.part ]]; then mv "$CACHE/kernel/vmlinux.part" "$CACHE/kernel/vmlinux"
    else log "no xz-compressed ELF in the bzImage: run.sh will boot the bzImage"; fi
fi

# --- initramfs: just enough to mount the root disk ----------------------------------------------
# Prints the .ko paths (relative to MODDIR) of the named modules and their dependencies,
# dependencies first, from modules.dep.
module_closure() {
    awk -v want="$*" '
        function key(p,  a, n) { n = split(p, a, "/"); sub(/\.ko(\.[a-z]+)?$/, "", a[n]); gsub(/-/, "_", a[n]); return a[n] }
        { path = $1; sub(/:$/, "", path); k = key(path); P[k] = path; D[k] = ""
          for (i = 2; i <= NF; i++) D[k] = D[k] " " key($i) }
        function visit(m,  a, n, i) { if (m in seen) return; seen[m] = 1
          if (!(m in P)) { print "no module " m > "/dev/stderr"; return }
          n = split(D[m], a, " "); for (i = n; i >= 1; i--) visit(a[i]); print P[m] }
        END { n = split(want, w, " "); for (i = 1; i <= n; i++) { gsub(/-/, "_", w[i]); visit(w[i]) } }
    ' "$MODDIR/modules.dep"
}
if [[ ! -s $CACHE/initrd.cpio || $HERE/guest/initrd-init -nt $CACHE/initrd.cpio ]]; then
    log "building initrd.cpio"
    T=$(mktemp -d)
    mkdir -p "$T"/{bin,dev,proc,sys,newroot}
    cp "$CACHE/busybox/bin/busybox" "$T/bin/"
    for ko in $(module_closure virtio_pci virtio_blk ext4 crc32c_generic); do
        mkdir -p "$T/lib/modules/$(dirname "$ko")"
        cp "$MODDIR/$ko" "$T/lib/modules/$ko"
        echo "$ko" >> "$T/modules"
    done
    install -m 0755 "$HERE/guest/initrd-init" "$T/init"
    (cd "$T" && find . | cpio -o -H newc --quiet) > "$CACHE/initrd.cpio.part"
    mv "$CACHE/initrd.cpio.part" "$CACHE/initrd.cpio"
    rm -rf "$T"
fi

# --- root file system --------------------------------------------------------------------------
mirror() { # the host's apt source for $SUITE (deb822 or one-line format)
    {
        awk -v s="$SUITE" '/^URIs:/ {u = $2} /^Suites:/ {for (i = 2; i <= NF; i++) if ($i == s) {print u; exit}}' \
            /etc/apt/sources.list.d/*.sources 2>/dev/null || true
        awk -v s="$SUITE" '$1 == "deb" {for (i = 2; i < NF; i++) if ($i ~ /^(https?|file):/ && $(i + 1) == s) {print $i; exit}}' \
            /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
    } | head -1
}
R="$CACHE/rootfs"
if [[ ! -e $CACHE/rootfs.done ]]; then
    url=$(mirror)
    [[ -n $url ]] || die "no apt source for Debian $SUITE in /etc/apt: debootstrap needs one"
    log "debootstrap --variant=minbase $SUITE from $url (+ $GUEST_PACKAGES)"
    rm -rf "$R"
    "${sudo_cmd[@]}" debootstrap --variant=minbase --include="$GUEST_PACKAGES" --cache-dir="$CACHE/debs" \
        "$SUITE" "$R" "$url" > "$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    rm -f "$R"/var/cache/apt/archives/*.deb
    mkdir -p "$R/lib/modules"
    cp -a "$MODDIR" "$R/lib/modules/"
    chroot "$R" depmod -a "$KV"
    touch "$CACHE/rootfs.done"
fi
# Copied only when changed: a new copy would otherwise rebuild the image on every run.
cmp -s "$HERE/guest/init" "$R/sbin/kiln-vm-init" || install -m 0755 "$HERE/guest/init" "$R/sbin/kiln-vm-init"
if [[ ! -s $CACHE/rootfs.ext4 || $R/sbin/kiln-vm-init -nt $CACHE/rootfs.ext4 || $CACHE/rootfs.done -nt $CACHE/rootfs.ext4 ]]; then
    log "building rootfs.ext4"
    size_mb=$(($(du -sm "$R" | cut -f1) + 200))
    mkfs.ext4 -q -F -L kilnroot -d "$R" "$CACHE/rootfs.ext4.part" "${size_mb}M" > /dev/null
    mv "$CACHE/rootfs.ext4.part" "$CACHE/rootfs.ext4"
fi
echo "$KV" > "$CACHE/kernel-version"
log "ready: kernel $KV, root file system $(du -h "$CACHE/rootfs.ext4" | cut -f1)"
