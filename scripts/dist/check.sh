#!/usr/bin/env bash
# Checks the installers that scripts/dist.sh built, as their users' systems will see them:
#
#     scripts/dist/check.sh deb     KILN.deb
#     scripts/dist/check.sh windows Kiln-VERSION-setup.exe
#     scripts/dist/check.sh macos   Kiln.app
#
# deb:     the package's fields and file list; extracted into an empty directory (dpkg -x), its
#          `kiln --version` and `kiln recorders` run; icons of the size their folder says;
#          desktop-file-validate, appstreamcli validate, lintian (every tag not overridden, with
#          a reason, in assets/linux/debian/lintian-overrides fails).
# windows: the installer's contents (7z l); the manifest, icon and version inside its kiln.exe;
#          then, under wine in a fresh prefix: a silent install, the files,
#          shortcut, file types and uninstall entry it leaves, the installed `kiln.exe --version`
#          and `recorders`, and a silent uninstall that leaves nothing behind.
# macos:   the bundle's Info.plist and files (check_macos_bundle.py).
#
# Every failure names what is wrong and exits 1. A missing tool fails too: these checks only run
# when their tools were installed (scripts/test.sh installs them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

fail() {
    echo "check: $*" >&2
    exit 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
    [[ $2 == "$3" ]] || fail "$1: got '$2', expected '$3'"
}

work=$(mktemp -d)
cleanup() {
    # A wine prefix keeps a wineserver running for a few seconds; stop the one this run started.
    if [[ -d $work/wine ]]; then WINEPREFIX="$work/wine" wineserver -k 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The id the window gives itself must be the installed .desktop file's name, or desktops show
# no icon for the running window.
check_app_id() {
    grep -q "pub const APP_ID: &str = \"$APP_ID\";" "$ROOT/src/gui/app.rs" ||
        fail "src/gui/app.rs: APP_ID is not $APP_ID (scripts/dist/common.sh)"
}

check_deb() {
    local deb=$1
    need dpkg-deb dpkg
    need lintian lintian
    need appstreamcli appstream
    need desktop-file-validate desktop-file-utils
    need python3 python3
    check_app_id

    expect_eq "$deb: Package" "$(dpkg-deb -f "$deb" Package)" kiln
    expect_eq "$deb: Version" "$(dpkg-deb -f "$deb" Version)" "$VERSION"
    local depends
    depends=$(dpkg-deb -f "$deb" Depends)
    [[ $depends == *"libc6 ("* ]] || fail "$deb: Depends lacks the shared-library dependencies: $depends"
    [[ $depends == *"xdg-desktop-portal-backend | zenity"* ]] ||
        fail "$deb: Depends lacks the file-dialog backends (xdg-desktop-portal-backend | zenity): $depends"
    dpkg-deb -I "$deb" postinst | grep -q 'usermod -a -G cdrom' ||
        fail "$deb: postinst does not tell how to join the cdrom group"

    # Exactly the files Kiln installs: a stray or missing file fails here.
    local want=(
        usr/bin/kiln
        "usr/share/applications/$APP_ID.desktop"
        "usr/share/metainfo/$APP_ID.metainfo.xml"
        "usr/share/mime/packages/$APP_ID.xml"
        "usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
        usr/share/man/man1/kiln.1.gz
        usr/share/doc/kiln/copyright
        usr/share/doc/kiln/changelog.gz
        usr/share/lintian/overrides/kiln
    )
    local size
    for size in "${ICON_SIZES[@]}"; do
        want+=("usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png")
    done
    local got
    got=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$' | sed 's|^\./||' | LC_ALL=C sort)
    expect_eq "$deb: file list" "$got" "$(printf '%s\n' "${want[@]}" | LC_ALL=C sort)"

    # Installed into an empty directory, the program runs from there.
    local root="$work/deb"
    dpkg -x "$deb" "$root"
    expect_eq "kiln --version from $deb" "$(LANG=C.UTF-8 "$root/usr/bin/kiln" --version)" "kiln $VERSION"
    local recorders
    recorders=$(LANG=C.UTF-8 "$root/usr/bin/kiln" recorders) || fail "kiln recorders from $deb failed"
    grep -q $'^image\t' <<<"$recorders" || fail "kiln recorders from $deb lists no image recorder: $recorders"
    grep -q $'^virtual-cd-r\t' <<<"$recorders" || fail "kiln recorders from $deb lists no virtual-cd-r: $recorders"
    echo "    $deb: kiln --version and kiln recorders ($(wc -l <<<"$recorders") recorders) run from dpkg -x"

    for size in "${ICON_SIZES[@]}"; do
        python3 - "$root/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" "$size" <<'EOF' || exit 1
import struct, sys
data = open(sys.argv[1], "rb").read(24)
size = int(sys.argv[2])
if data[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">II", data[16:24]) != (size, size):
    sys.exit(f"check: {sys.argv[1]} is not a {size}x{size} PNG")
EOF
    done

    local desktop="$root/usr/share/applications/$APP_ID.desktop"
    desktop-file-validate "$desktop" || fail "$desktop: desktop-file-validate failed"
    expect_eq "$desktop: Icon" "$(sed -n 's/^Icon=//p' "$desktop")" "$APP_ID"
    local mime
    mime=$(sed -n 's/^MimeType=//p' "$desktop")
    [[ $mime == *"application/x-cd-image;"* && $mime == *"application/x-cue;"* ]] ||
        fail "$desktop: MimeType lacks .iso (application/x-cd-image) or .cue (application/x-cue): $mime"
    [[ $mime == *"application/x-kiln-project;"* ]] ||
        fail "$desktop: MimeType lacks .kiln projects (application/x-kiln-project): $mime"
    # The type the launcher names is the one the package defines, for *.kiln.
    python3 - "$root/usr/share/mime/packages/$APP_ID.xml" <<'EOF' || exit 1
import sys, xml.etree.ElementTree as ET
ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
root = ET.parse(sys.argv[1]).getroot()
globs = {
    t.get("type"): [g.get("pattern") for g in t.iter(ns + "glob")]
    for t in root.iter(ns + "mime-type")
}
if globs.get("application/x-kiln-project") != ["*.kiln"]:
    sys.exit(f"check: {sys.argv[1]} does not define application/x-kiln-project for *.kiln: {globs}")
EOF
    local metainfo="$root/usr/share/metainfo/$APP_ID.metainfo.xml"
    appstreamcli validate --no-net "$metainfo" || fail "$metainfo: appstreamcli validate failed"
    grep -q "<release version=\"$VERSION\"" "$metainfo" ||
        fail "$metainfo: no <release> for $VERSION (add it with the CHANGELOG.md entry)"
    grep -q "^## \[$VERSION\]" "$ROOT/CHANGELOG.md" || fail "CHANGELOG.md: no section for $VERSION"

    # lintian warns that it runs as root; it only reads the package, so that is harmless here.
    local tags status=0
    tags=$(lintian --pedantic --fail-on error,warning,info,pedantic "$deb" 2>&1) || status=$?
    grep -v '^running with root privileges' <<<"$tags" || true
    [[ $status -eq 0 ]] ||
        fail "$deb: lintian reports tags that assets/linux/debian/lintian-overrides does not justify"
    echo "    $deb: file list, icons, desktop-file-validate, appstreamcli, lintian --pedantic: ok"
}

check_windows() {
    local setup=$1
    need 7z p7zip-full
    need wine "wine wine64"
    need iconv libc-bin

    # The installer's payload, without running it.
    local listing
    listing=$(7z l -slt "$setup") || fail "7z cannot read $setup as an NSIS installer"
    local f
    for f in kiln.exe kiln-window.exe LICENSE.txt uninstall.exe; do
        grep -qx "Path = $f" <<<"$listing" || fail "$setup does not contain $f: $(grep '^Path' <<<"$listing")"
    done
    local exe="$work/kiln.exe"
    7z e -so "$setup" kiln.exe >"$exe" 2>/dev/null || fail "7z cannot extract kiln.exe from $setup"

    # What build.rs embedded: the manifest (as found by Windows: resource type 24, id 1), the
    # icon and the version information.
    local resources
    resources=$(7z l -slt "$exe") || fail "7z cannot read $exe's resources"
    grep -q '^Path = .rsrc/ICON/' <<<"$resources" || fail "$exe has no icon resource"
    7z e -so "$exe" .rsrc/version.txt 2>/dev/null | iconv -f UTF-16LE -t UTF-8 |
        grep -q "\"ProductVersion\", *\"$VERSION\"" || fail "$exe: no version resource for $VERSION"
    local manifest
    manifest=$(7z e -so "$exe" '.rsrc/MANIFEST/1' 2>/dev/null) || fail "$exe has no manifest resource 1"
    grep -q 'level="asInvoker"' <<<"$manifest" || fail "$exe: manifest does not ask for asInvoker"
    grep -q 'PerMonitorV2' <<<"$manifest" || fail "$exe: manifest is not per-monitor DPI aware"
    echo "    $setup: kiln.exe, LICENSE.txt, uninstall.exe; kiln.exe has its icon, version and manifest"

    # kiln.exe is a console program (the command line prints); kiln-window.exe, which the Start
    # menu and the file types start, is the same program for the GUI subsystem (no console).
    local window_exe="$work/kiln-window.exe"
    7z e -so "$setup" kiln-window.exe >"$window_exe" 2>/dev/null || fail "7z cannot extract kiln-window.exe from $setup"
    need x86_64-w64-mingw32-objdump mingw-w64
    subsystem() { x86_64-w64-mingw32-objdump -p "$1" | awk '$1 == "Subsystem" { print $2 }'; }
    expect_eq "kiln.exe's PE subsystem (3: console)" "$(subsystem "$exe")" 00000003
    expect_eq "kiln-window.exe's PE subsystem (2: Windows GUI)" "$(subsystem "$window_exe")" 00000002
    grep -q '^Path = .rsrc/ICON/' <<<"$(7z l -slt "$window_exe")" || fail "$window_exe has no icon resource"
    echo "    kiln.exe is a console program, kiln-window.exe a GUI one with its icon"

    # Install, run, uninstall under wine, in a prefix of its own.
    export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    wine "$setup" /S >/dev/null 2>&1 || fail "the silent install of $setup failed under wine"
    wineserver -w
    local dir="$WINEPREFIX/drive_c/Program Files/Kiln"
    for f in kiln.exe kiln-window.exe LICENSE.txt uninstall.exe; do
        [[ -f $dir/$f ]] || fail "the install under wine left no $dir/$f"
    done
    cmp -s "$exe" "$dir/kiln.exe" || fail "the installed kiln.exe differs from the one in $setup"
    cmp -s "$window_exe" "$dir/kiln-window.exe" || fail "the installed kiln-window.exe differs from the one in $setup"
    local lnk="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Kiln.lnk"
    [[ -f $lnk ]] || fail "the install under wine left no Start-menu shortcut ($lnk)"
    reg_has() {
        wine reg query "$1" 2>/dev/null | tr -d '\r' | grep -q -- "$2" || fail "registry: $1 lacks $2 after the install"
    }
    reg_has 'HKLM\Software\Classes\.iso\OpenWithProgids' Kiln.DiscImage
    reg_has 'HKLM\Software\Classes\.cue\OpenWithProgids' Kiln.CueSheet
    reg_has 'HKLM\Software\Classes\Kiln.DiscImage\shell\open\command' 'kiln-window.exe" "%1"'
    reg_has 'HKLM\Software\Classes\Kiln.CueSheet\shell\open\command' 'kiln-window.exe" "%1"'
    reg_has 'HKLM\Software\Classes\.kiln' Kiln.Project
    reg_has 'HKLM\Software\Classes\Kiln.Project\shell\open\command' 'kiln-window.exe" "%1"'
    reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kiln' "DisplayVersion *REG_SZ *$VERSION"
    reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kiln' 'uninstall.exe'

    # wine before 9.0 lacks bcryptprimitives.dll, which Rust programs import (see
    # wine-processprng.c): give this prefix one, so the test runs the real kiln.exe.
    local system32="$WINEPREFIX/drive_c/windows/system32"
    if [[ ! -e $system32/bcryptprimitives.dll ]]; then
        need x86_64-w64-mingw32-gcc mingw-w64
        x86_64-w64-mingw32-gcc -shared -O2 -s -o "$system32/bcryptprimitives.dll" \
            "$ROOT/scripts/dist/wine-processprng.c" -ladvapi32 ||
            fail "cannot build bcryptprimitives.dll for wine $(wine --version 2>/dev/null)"
        WINEDLLOVERRIDES="$WINEDLLOVERRIDES;bcryptprimitives=n"
        echo "    wine: $(wine --version 2>/dev/null) lacks bcryptprimitives.dll; using scripts/dist/wine-processprng.c"
    fi

    local version recorders
    version=$(wine "$dir/kiln.exe" --version 2>/dev/null | tr -d '\r') ||
        fail "kiln.exe --version failed under wine (exit $?; WINEDEBUG=err+all shows why)"
    expect_eq "kiln.exe --version under wine" "$version" "kiln $VERSION"
    recorders=$(wine "$dir/kiln.exe" recorders 2>/dev/null | tr -d '\r') || fail "kiln.exe recorders failed under wine"
    grep -q $'^image\t' <<<"$recorders" || fail "kiln.exe recorders under wine lists no image recorder: $recorders"
    echo "    wine: silent install, shortcut, .iso/.cue/.kiln types, uninstall entry; installed kiln.exe --version and recorders run"

    wine "$dir/uninstall.exe" /S >/dev/null 2>&1 || fail "the silent uninstall failed under wine"
    # The uninstaller copies itself to %TEMP% and removes the folder from there: wait for it.
    wineserver -w
    [[ ! -e $dir ]] || fail "the uninstall under wine left $dir: $(ls "$dir")"
    [[ ! -e $lnk ]] || fail "the uninstall under wine left the Start-menu shortcut"
    if wine reg query 'HKLM\Software\Classes\Kiln.DiscImage' >/dev/null 2>&1 ||
        wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kiln' >/dev/null 2>&1; then
        fail "the uninstall under wine left Kiln's registry keys"
    fi
    echo "    wine: silent uninstall removed the files, the shortcut and the registry keys"
}

check_macos() {
    need python3 python3
    python3 "$ROOT/scripts/dist/check_macos_bundle.py" "$1" "$VERSION" || fail "$1: the bundle is not valid"
}

case ${1:-} in
deb) [[ $# -eq 2 ]] || fail "usage: check.sh deb KILN.deb"; check_deb "$2" ;;
windows) [[ $# -eq 2 ]] || fail "usage: check.sh windows SETUP.exe"; check_windows "$2" ;;
macos) [[ $# -eq 2 ]] || fail "usage: check.sh macos Kiln.app"; check_macos "$2" ;;
*) fail "usage: check.sh deb|windows|macos ARTIFACT..." ;;
esac
