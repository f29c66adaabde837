#!/usr/bin/env bash
# Renders Kiln's icon from its master drawing, assets/kiln.svg, into the containers kept in the
# repository: assets/windows/kiln.ico (embedded in kiln.exe at compile time, so building for
# Windows needs no SVG renderer) and assets/macos/Kiln.icns (the .app bundle is assembled on
# macOS, which has no rsvg-convert). Run it after changing the SVG, and commit the results.
# The Linux PNGs are rendered when the .deb is built (scripts/dist/deb.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/dist/common.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ICON_SIZES+=(1024)
render_pngs "$work"
python3 "$ROOT/scripts/dist/icon_containers.py" ico "$ROOT/assets/windows/kiln.ico" "$work"
python3 "$ROOT/scripts/dist/icon_containers.py" icns "$ROOT/assets/macos/Kiln.icns" "$work"
python3 "$ROOT/scripts/dist/icon_containers.py" check "$ROOT/assets/windows/kiln.ico" 16,24,32,48,64,128,256
python3 "$ROOT/scripts/dist/icon_containers.py" check "$ROOT/assets/macos/Kiln.icns" 16,32,64,128,256,512,1024
