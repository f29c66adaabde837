# Shared by the scripts in scripts/dist/ (sourced, not run): the names and numbers every installer
# must agree on, read from their single sources (Cargo.toml, assets/).

# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The reverse-DNS id: the .desktop basename, the AppStream id and the Linux icon name.
APP_ID=io.github.kiln_burner.Kiln
# [workspace.package] holds the one version of every crate and installer.
VERSION=$(awk '/^\[workspace\.package\]/ { f = 1; next } /^\[/ { f = 0 }
               f && $1 == "version" { gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.toml")
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    { echo "dist: cannot read a MAJOR.MINOR.PATCH version from $ROOT/Cargo.toml ([workspace.package])" >&2; exit 1; }
# Packages need a contact; override it for a release (e.g. KILN_MAINTAINER="Name <mail@host>").
# The default is a placeholder in the reserved .invalid domain (RFC 2606) until there is a real list.
MAINTAINER=${KILN_MAINTAINER:-"The Kiln developers <maintainers@kiln.invalid>"}
# The icon sizes every platform wants, rendered from assets/kiln.svg.
ICON_SIZES=(16 24 32 48 64 128 256 512)

dist_die() {
    echo "dist: $*" >&2
    exit 1
}

# need TOOL PACKAGE: fails with the Debian package to install when TOOL is missing.
need() {
    command -v "$1" >/dev/null || dist_die "'$1' not found: install it (Debian/Ubuntu: apt-get install $2)"
}

# render_pngs DIR: renders assets/kiln.svg to DIR/SIZE.png for every size in ICON_SIZES.
render_pngs() {
    need rsvg-convert librsvg2-bin
    mkdir -p "$1"
    local size
    for size in "${ICON_SIZES[@]}"; do
        rsvg-convert --width "$size" --height "$size" --format png \
            --output "$1/$size.png" "$ROOT/assets/kiln.svg" ||
            dist_die "rsvg-convert failed to render $ROOT/assets/kiln.svg at ${size}px"
    done
}
