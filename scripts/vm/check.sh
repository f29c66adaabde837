#!/usr/bin/env bash
# The real-kernel check of Kiln's Linux drive backend (SG_IO): boots the VM of prepare.sh with
# two read-only QEMU CD drives (ATAPI and virtio-scsi) holding an image Kiln made, tgt's blank
# DVD+R over iSCSI and tcmu-runner's DVD-RAM, runs guest/check.sh in it against the `kiln`
# binary, then checks the burned discs on this host with independent tools.
#
# usage: scripts/vm/check.sh [KILN_BINARY]      (default: target/debug/kiln, built by cargo test)
# Without CI=true it skips (exit 0, with a message) when the VM cannot be prepared or booted
# here; with CI=true that is a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KILN=${1:-$ROOT/target/debug/kiln}
DVDRAM_BYTES=$((64 * 1024 * 1024))

cannot() {
    if [[ ${CI:-} == true ]]; then
        echo "vm-check: FAILED: $* (CI=true: the VM check must run)" >&2
        exit 1
    fi
    echo "vm-check: skipped: $*" >&2
    exit 0
}
[[ $(uname -s)-$(uname -m) == Linux-x86_64 ]] || cannot "the VM check needs an x86_64 Linux host"
[[ -x $KILN ]] || { echo "vm-check: no kiln binary at $KILN: build it first (cargo build)" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || command -v sudo >/dev/null || cannot "prepare.sh needs root or sudo (debootstrap, apt)"

start=$SECONDS
"$ROOT/scripts/vm/prepare.sh" || cannot "scripts/vm/prepare.sh failed (see above)"
echo "timing prepare: $((SECONDS - start)) s"

OUT=$(mktemp -d "${TMPDIR:-/tmp}/kiln-vm.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
IN=$OUT/in
mkdir -p "$IN/src/Città/deep/er" "$IN/src/empty folder"
# Content that a wrong block, a short read or a lost tail would all change.
head -c 6000000 /dev/urandom > "$IN/src/random.bin"
head -c 2049 /dev/urandom > "$IN/src/Città/one block and a byte"
printf 'Kiln in a VM\n' > "$IN/src/Città/deep/er/ñandú.txt"
: > "$IN/src/empty"
seq 1 200000 > "$IN/src/numbers.txt"
export SOURCE_DATE_EPOCH=1700000000
"$KILN" burn data --reproducible --label KILNVM --to "$IN/cd.iso" "$IN/src" 2>/dev/null
printf 'CDS=2\nDVDR=1\nDVDRAM=%s\nSOURCE_DATE_EPOCH=%s\n' "$DVDRAM_BYTES" "$SOURCE_DATE_EPOCH" > "$IN/config"
# The debug binary is mostly debug information: the guest reads it over 9p, so leave that out.
objcopy --strip-debug "$KILN" "$OUT/kiln" 2>/dev/null || cp "$KILN" "$OUT/kiln"

status=0
"$ROOT/scripts/vm/run.sh" --out "$OUT" --timeout 420 --cd "ide:$IN/cd.iso" --cd "scsi:$IN/cd.iso" \
    --dvdr --dvdram "$DVDRAM_BYTES" "$ROOT/scripts/vm/guest/check.sh" || status=$?
cat "$OUT/guest.log" 2>/dev/null || true
echo "timing VM: $(cat "$OUT/timing.txt" 2>/dev/null)"
if [[ $status -eq 125 ]]; then
    tail -20 "$OUT/console.log" >&2 || true
    cannot "the VM did not report a result (console above)"
fi

# --- on the host: the burned discs, checked by tools that are not Kiln ------------------------
failures=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
iso_bytes=$(stat -c %s "$IN/cd.iso")
for disc in dvdr dvdram; do
    img=$OUT/$disc.img
    [[ -s $img ]] || { bad "$disc: the burned disc $img is empty"; continue; }
    if cmp -s -n "$iso_bytes" "$img" "$IN/cd.iso"; then
        ok "$disc: the disc holds exactly the image Kiln made on the host ($iso_bytes bytes)"
    else
        bad "$disc: the disc differs from the image Kiln made on the host"
    fi
    # What follows the image is padding up to the write unit (16 blocks), or never written.
    if [[ -z $(tail -c +$((iso_bytes + 1)) "$img" | tr -d '\0' | head -c 1) ]]; then
        ok "$disc: only zeros after the image ($(($(stat -c %s "$img") - iso_bytes)) bytes)"
    else
        bad "$disc: non-zero bytes after the image"
    fi
    head -c "$iso_bytes" "$img" > "$OUT/$disc.iso"
    if xorriso -indev "$OUT/$disc.iso" -find / -type f > "$OUT/find.txt" 2>/dev/null \
        && grep -q "ñandú.txt" "$OUT/find.txt"; then
        ok "$disc: xorriso -find lists the files ($(wc -l < "$OUT/find.txt") files)"
    else
        bad "$disc: xorriso -find"
    fi
    if isoinfo -l -i "$OUT/$disc.iso" > /dev/null 2>&1; then ok "$disc: isoinfo -l"; else bad "$disc: isoinfo -l"; fi
    if 7z t "$OUT/$disc.iso" > /dev/null 2>&1; then ok "$disc: 7z t (Joliet)"; else bad "$disc: 7z t"; fi
    rm -rf "$OUT/x"
    if xorriso -osirrox on -indev "$OUT/$disc.iso" -extract / "$OUT/x" > /dev/null 2>&1 \
        && diff -r "$IN/src" "$OUT/x" > /dev/null; then
        ok "$disc: osirrox extracts the source tree byte for byte (Rock Ridge)"
    else
        bad "$disc: osirrox extraction differs from the source"
    fi
    chmod -R u+w "$OUT/x" 2>/dev/null || true
done
echo "$failures host checks failed"
echo "timing total: $((SECONDS - start)) s"
[[ $status -eq 0 && $failures -eq 0 ]]
