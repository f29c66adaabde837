#!/usr/bin/env bash
# Assembles Kiln.app from a built `kiln` binary:
#
#     scripts/dist/macos-bundle.sh KILN_BINARY OUT_DIR    # writes OUT_DIR/Kiln.app
#
# Only copies files, so it runs anywhere: scripts/dist/macos-dmg.sh runs it on macOS with the
# universal binary, and the test suite runs it on Linux to check the bundle's structure.
#
#     Kiln.app/Contents/Info.plist                      (assets/macos/Info.plist.in + version)
#     Kiln.app/Contents/PkgInfo
#     Kiln.app/Contents/MacOS/kiln
#     Kiln.app/Contents/Resources/Kiln.icns             (assets/macos/, made by scripts/icons.sh)
#     Kiln.app/Contents/Resources/{en,it}.lproj/InfoPlist.strings
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -eq 2 ]] || dist_die "usage: scripts/dist/macos-bundle.sh KILN_BINARY OUT_DIR"
binary=$1
out=$2
[[ -x $binary ]] || dist_die "$binary is not an executable: build Kiln first"

macos="$ROOT/assets/macos"
app="$out/Kiln.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
sed "s/@VERSION@/$VERSION/g" "$macos/Info.plist.in" >"$app/Contents/Info.plist"
printf 'APPL????' >"$app/Contents/PkgInfo"
install -m 0755 "$binary" "$app/Contents/MacOS/kiln"
install -m 0644 "$macos/Kiln.icns" "$app/Contents/Resources/Kiln.icns"
for lang in en it; do
    install -D -m 0644 "$macos/$lang.lproj/InfoPlist.strings" \
        "$app/Contents/Resources/$lang.lproj/InfoPlist.strings"
done
echo "$app"
