#!/usr/bin/env bash
# Builds Kiln's Debian package from a built `kiln` binary:
#
#     scripts/dist/deb.sh BINARY OUT_DIR      # writes OUT_DIR/kiln_VERSION_ARCH.deb
#
# Built with dpkg-deb directly rather than cargo-deb: the package is a handful of files from
# assets/linux/, and dpkg-deb is already on every Debian system, where cargo-deb would be one
# more tool to compile (minutes on CI) for the same result. The layout is what Debian policy
# asks for, and scripts/dist/check.sh holds it to lintian.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -eq 2 ]] || dist_die "usage: scripts/dist/deb.sh BINARY OUT_DIR"
binary=$1
out=$2
[[ -x $binary ]] || dist_die "$binary is not an executable: build Kiln first (cargo build --release)"
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need strip binutils
need gzip gzip

linux="$ROOT/assets/linux"
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg="$work/kiln_${VERSION}_${arch}"
# Every file gets this date, so the same commit gives the same package.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}

# The program, stripped as dh_strip would (a debug build shrinks to a fraction of its size).
install -D -m 0755 "$binary" "$pkg/usr/bin/kiln"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$pkg/usr/bin/kiln"

# Desktop integration: launcher (with the .iso/.cue/.kiln associations), software-centre metadata, icons.
install -D -m 0644 "$linux/$APP_ID.desktop" "$pkg/usr/share/applications/$APP_ID.desktop"
install -D -m 0644 "$linux/$APP_ID.metainfo.xml" "$pkg/usr/share/metainfo/$APP_ID.metainfo.xml"
# The project file type (.kiln), which only Kiln defines.
install -D -m 0644 "$linux/$APP_ID.mime.xml" "$pkg/usr/share/mime/packages/$APP_ID.xml"
install -D -m 0644 "$ROOT/assets/kiln.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
render_pngs "$work/png"
for size in "${ICON_SIZES[@]}"; do
    install -D -m 0644 "$work/png/$size.png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done

# Manual page and the documents Debian policy asks for.
mkdir -p "$pkg/usr/share/man/man1" "$pkg/usr/share/doc/kiln"
sed "s/@VERSION@/$VERSION/" "$linux/kiln.1" | gzip -9n >"$pkg/usr/share/man/man1/kiln.1.gz"
install -m 0644 "$linux/debian/copyright" "$pkg/usr/share/doc/kiln/copyright"
# A native package's changelog is in Debian's format; the project's own history is CHANGELOG.md.
date_rfc=$(LC_ALL=C date -u -R -d "@$epoch")
cat >"$work/changelog" <<EOF
kiln ($VERSION) unstable; urgency=medium

  * Kiln $VERSION. The changes are listed in CHANGELOG.md in Kiln's sources.

 -- $MAINTAINER  $date_rfc
EOF
gzip -9n <"$work/changelog" >"$pkg/usr/share/doc/kiln/changelog.gz"
overrides=$(grep -v '^#' "$linux/debian/lintian-overrides" | grep -v '^[[:space:]]*$' || true)
if [[ -n $overrides ]]; then
    install -D -m 0644 "$linux/debian/lintian-overrides" "$pkg/usr/share/lintian/overrides/kiln"
fi

# Control data: shared-library dependencies from the binary (dpkg-shlibdeps reads a
# debian/control, so it runs in a scratch source tree), sizes, checksums, maintainer script.
mkdir -p "$work/src/debian" "$pkg/DEBIAN"
printf 'Source: kiln\n\nPackage: kiln\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O "$pkg/usr/bin/kiln" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n $shlibs ]] || dist_die "dpkg-shlibdeps found no library dependencies for $binary"
installed_size=$(du -k -s --apparent-size "$pkg" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$arch/" -e "s/@MAINTAINER@/$MAINTAINER/" \
    -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@SHLIBS@/$shlibs/" \
    "$linux/debian/control.in" >"$pkg/DEBIAN/control"
install -m 0755 "$linux/debian/postinst" "$pkg/DEBIAN/postinst"
(cd "$pkg" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$pkg/DEBIAN/md5sums"

find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -exec touch --no-dereference -d "@$epoch" {} +
mkdir -p "$out"
deb="$out/kiln_${VERSION}_${arch}.deb"
# KILN_DIST_FAST=1 (the test suite) trades size for time: xz -1 packs a debug build in seconds.
level=6
[[ ${KILN_DIST_FAST:-0} == 1 ]] && level=1
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz "-z$level" --build "$pkg" "$deb" >/dev/null ||
    dist_die "dpkg-deb failed to build $deb"
echo "$deb"
