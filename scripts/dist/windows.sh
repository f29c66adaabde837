#!/usr/bin/env bash
# Builds Kiln's Windows installer (NSIS) from a cross-built kiln.exe:
#
#     scripts/dist/windows.sh KILN_EXE OUT_DIR    # writes OUT_DIR/Kiln-VERSION-setup.exe
#
# kiln.exe already carries its icon, version information and manifest (build.rs); the installer
# adds the Start-menu shortcut, the uninstaller and the .iso/.cue "Open with" entries
# (assets/windows/kiln.nsi). makensis runs on Linux, so this needs no Windows machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -eq 2 ]] || dist_die "usage: scripts/dist/windows.sh KILN_EXE OUT_DIR"
exe=$1
out=$2
[[ -f $exe ]] || dist_die "$exe not found: cross-build Kiln first (cargo build --release --target x86_64-pc-windows-gnu)"
need makensis nsis
need x86_64-w64-mingw32-strip mingw-w64

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Debug information stays behind (a debug build shrinks from hundreds of megabytes to tens);
# the resources build.rs embedded (.rsrc) are kept.
x86_64-w64-mingw32-strip --strip-debug -o "$work/kiln.exe" "$exe" || dist_die "cannot strip $exe"
# kiln-window.exe, built beside kiln.exe: the same program linked for the GUI subsystem, which
# the Start menu and the file types start (no console window beside Kiln's).
window_exe="$(dirname "$exe")/kiln-window.exe"
[[ -f $window_exe ]] || dist_die "$window_exe not found: cross-build it too (cargo build --bin kiln-window --target x86_64-pc-windows-gnu)"
x86_64-w64-mingw32-strip --strip-debug -o "$work/kiln-window.exe" "$window_exe" || dist_die "cannot strip $window_exe"
setup="$out/Kiln-$VERSION-setup.exe"
# KILN_DIST_FAST=1 (the test suite) packs with zlib: seconds instead of LZMA's minute.
compressor=lzma
[[ ${KILN_DIST_FAST:-0} == 1 ]] && compressor=zlib
makensis -V2 -NOCD \
    "-DVERSION=$VERSION" "-DEXE=$work/kiln.exe" "-DWINDOW_EXE=$work/kiln-window.exe" \
    "-DOUTFILE=$setup" "-DROOT=$ROOT" "-DCOMPRESSOR=$compressor" \
    "$ROOT/assets/windows/kiln.nsi" || dist_die "makensis failed to build $setup"
echo "$setup"
