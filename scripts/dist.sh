#!/usr/bin/env bash
# Builds Kiln's installers, checks each one, and leaves them in target/dist/:
#
#     ./scripts/dist.sh                    # every installer this machine can build (release build)
#     ./scripts/dist.sh deb windows        # only these: deb, windows, macos
#     ./scripts/dist.sh --debug deb        # package the debug build (what the test suite does)
#
# - deb:     kiln_VERSION_ARCH.deb (Linux; needs dpkg-deb, dpkg-shlibdeps, rsvg-convert)
# - windows: Kiln-VERSION-setup.exe, cross-built for x86_64-pc-windows-gnu (needs mingw-w64,
#            makensis; the check runs it under wine)
# - macos:   Kiln-VERSION.dmg on macOS (scripts/dist/macos-dmg.sh); elsewhere the Kiln.app
#            layout is assembled around this machine's binary and checked, and no .dmg is made.
#
# Each installer is checked by scripts/dist/check.sh right after it is built. On Debian or Ubuntu
# the tools come from apt: dpkg-dev librsvg2-bin lintian appstream desktop-file-utils mingw-w64
# nsis p7zip-full wine wine64 (scripts/test.sh installs them).
# KILN_DIST_FAST=1 compresses less, for the test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/dist/common.sh"

profile=release
targets=()
for arg in "$@"; do
    case $arg in
    --debug) profile=debug ;;
    deb | windows | macos) targets+=("$arg") ;;
    *) dist_die "unknown argument '$arg': use [--debug] [deb] [windows] [macos]" ;;
    esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
    if [[ $(uname -s) == Darwin ]]; then targets=(macos); else targets=(deb windows macos); fi
fi
# Cargo calls the debug profile "dev" but puts it in target/debug.
cargo_profile=$profile
[[ $profile == debug ]] && cargo_profile=dev
out="$ROOT/target/dist"
mkdir -p "$out"

# The host binary, built once for the .deb and the bundle layout.
host_binary() {
    cargo build --locked --manifest-path "$ROOT/Cargo.toml" --profile "$cargo_profile" --bin kiln >&2
    echo "$ROOT/target/$profile/kiln"
}

for target in "${targets[@]}"; do
    echo "==> $target ($profile build)"
    case $target in
    deb)
        deb=$("$ROOT/scripts/dist/deb.sh" "$(host_binary)" "$out")
        "$ROOT/scripts/dist/check.sh" deb "$deb"
        ;;
    windows)
        need x86_64-w64-mingw32-gcc mingw-w64
        cargo build --locked --manifest-path "$ROOT/Cargo.toml" --profile "$cargo_profile" --bin kiln \
            --bin kiln-window --target x86_64-pc-windows-gnu
        exe="$ROOT/target/x86_64-pc-windows-gnu/$profile/kiln.exe"
        setup=$("$ROOT/scripts/dist/windows.sh" "$exe" "$out")
        "$ROOT/scripts/dist/check.sh" windows "$setup"
        ;;
    macos)
        if [[ $(uname -s) == Darwin ]]; then
            # Builds, checks the bundle before packing it, and packs.
            "$ROOT/scripts/dist/macos-dmg.sh" "$out"
        else
            # No Apple linker here: the layout is checked around this machine's binary, which
            # stands in for the universal one macos-dmg.sh builds on a Mac.
            # The layout is thrown away after the check: it is no installer.
            layout=$(mktemp -d)
            trap 'rm -rf "$layout"' EXIT
            app=$("$ROOT/scripts/dist/macos-bundle.sh" "$(host_binary)" "$layout")
            "$ROOT/scripts/dist/check.sh" macos "$app"
            echo "    the .dmg itself is built on macOS: scripts/dist/macos-dmg.sh"
        fi
        ;;
    esac
done
echo "installers in $out:"
ls -l "$out"
