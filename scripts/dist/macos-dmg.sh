#!/usr/bin/env bash
# Builds Kiln's macOS disk image. Needs macOS (hdiutil, lipo and codesign are Apple tools) with
# Rust and both Apple targets (rustup target add aarch64-apple-darwin x86_64-apple-darwin):
#
#     scripts/dist/macos-dmg.sh [OUT_DIR]     # writes OUT_DIR/Kiln-VERSION.dmg (default target/dist)
#
# It builds a universal (Apple silicon + Intel) binary, assembles Kiln.app with
# scripts/dist/macos-bundle.sh, signs it ad hoc (Apple silicon runs only signed code; a release
# signed with a Developer ID and notarized replaces "-" with that identity: KILN_CODESIGN_ID),
# and packs it with a link to /Applications, so installing is a drag.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $(uname -s) == Darwin ]] || dist_die "the .dmg is built on macOS (hdiutil); on Linux, scripts/dist.sh checks the bundle layout only"
need hdiutil "macOS"
need lipo "the Xcode command-line tools (xcode-select --install)"
need codesign "the Xcode command-line tools (xcode-select --install)"
out=${1:-"$ROOT/target/dist"}
mkdir -p "$out"

for target in aarch64-apple-darwin x86_64-apple-darwin; do
    cargo build --release --locked --manifest-path "$ROOT/Cargo.toml" --target "$target"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lipo -create -output "$work/kiln" \
    "$ROOT/target/aarch64-apple-darwin/release/kiln" "$ROOT/target/x86_64-apple-darwin/release/kiln"

mkdir -p "$work/image"
"$ROOT/scripts/dist/macos-bundle.sh" "$work/kiln" "$work/image" >/dev/null
"$ROOT/scripts/dist/check.sh" macos "$work/image/Kiln.app"
codesign --force --deep --sign "${KILN_CODESIGN_ID:--}" "$work/image/Kiln.app"
ln -s /Applications "$work/image/Applications"

dmg="$out/Kiln-$VERSION.dmg"
hdiutil create -volname "Kiln $VERSION" -srcfolder "$work/image" -fs HFS+ -format UDZO -ov "$dmg"
echo "$dmg"
