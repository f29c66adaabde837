#!/usr/bin/env bash
# The whole test suite of Kiln: ./scripts/test.sh
#
# Installs (with apt, only when missing) the independent validators and audio tools the tests use,
# the rustup targets and components, then runs: rustfmt check, clippy (warnings are errors), the
# workspace tests (which drive the `kiln` binary against xorriso, isovfy, isoinfo, bsdtar, 7z...),
# screenshots of the real window under Xvfb (scripts/gui-screenshots.sh, into artifacts/),
# a cross-build for Windows and a type-check for macOS, plus clippy of the core crate as macOS sees
# it, then builds the .deb and the Windows installer from those builds and checks them
# (scripts/dist.sh), then the real-kernel check of the Linux drive backend in a QEMU VM
# (scripts/vm/check.sh, with the `kiln` binary the tests built). Stops at the first failing step.
#
# Environment: CI=true makes a missing validator a test failure instead of a skipped check, and
# a VM that cannot be prepared or booted a failure instead of a skipped step.
# KILN_VM_CACHE (default ~/.cache/kiln-vm) holds the VM's kernel and root file system.
# CARGO_BUILD_JOBS defaults to the number of cores. KILN_TEST_TIMEOUT (default 30m) bounds
# `cargo test`, build included, so a hung test fails the run instead of stalling it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
    xorriso genisoimage p7zip-full libarchive-tools libcdio-utils bchunk cdrdao cuetools shntool
    ffmpeg sox flac lame vorbis-tools mingw-w64 time xvfb xdotool
    # The installers (scripts/dist.sh) and the tools that check them.
    dpkg-dev librsvg2-bin lintian appstream desktop-file-utils nsis wine wine64
)
RUST_TARGETS=(x86_64-pc-windows-gnu aarch64-apple-darwin x86_64-apple-darwin)
RUST_COMPONENTS=(rustfmt clippy)

if [[ -t 1 ]]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; RESET=$'\e[0m'
else BOLD=''; RED=''; GREEN=''; RESET=''; fi

TOTAL_START=$SECONDS
TIMINGS=()

die() {
    echo "${RED}${BOLD}test.sh: $*${RESET}" >&2
    exit 1
}

# step NAME COMMAND...: runs COMMAND, prints its duration, stops everything when it fails.
step() {
    local name=$1; shift
    echo
    echo "${BOLD}==> ${name}${RESET}"
    echo "    \$ $*"
    local start=$SECONDS status=0
    "$@" || status=$?
    local took=$((SECONDS - start))
    TIMINGS+=("$(printf '%5ds  %s' "$took" "$name")")
    if [[ $status -ne 0 ]]; then
        echo
        printf '%s\n' "${TIMINGS[@]}"
        die "FAILED: ${name} (exit ${status}, after ${took}s): ${*}"
    fi
    echo "${GREEN}    ok: ${name} (${took}s)${RESET}"
}

# --- system packages ---------------------------------------------------------------------------
install_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "    all ${#APT_PACKAGES[@]} packages are installed"
        return 0
    fi
    echo "    missing: ${missing[*]}"
    command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]} by hand"
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" || die "apt-get install failed for: ${missing[*]}"
}

# --- Rust toolchain pieces ---------------------------------------------------------------------
install_rust_parts() {
    command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
    if ! command -v rustup >/dev/null; then
        echo "    rustup not found: assuming the toolchain already has ${RUST_TARGETS[*]} ${RUST_COMPONENTS[*]}"
        return 0
    fi
    local installed t c
    installed=$(rustup target list --installed)
    for t in "${RUST_TARGETS[@]}"; do
        grep -qx "$t" <<<"$installed" || rustup target add "$t" || die "rustup target add $t failed"
    done
    installed=$(rustup component list --installed)
    for c in "${RUST_COMPONENTS[@]}"; do
        grep -q "^$c" <<<"$installed" || rustup component add "$c" || die "rustup component add $c failed"
    done
    echo "    $(rustc --version); targets and components present"
}

step "system packages (apt, only what is missing)" install_packages
step "rust targets and components" install_rust_parts

if [[ -n ${CI:-} ]]; then
    export CI
    # A clean clone builds everything once: incremental compilation would only cost time and disk.
    export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
fi
# One debug build serves every step: the same profile and flags throughout (no per-step
# RUSTFLAGS), clippy first (it fails fastest), then the tests, which build the `kiln` binary
# they drive, then type-checks of the other targets.
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-auto}

step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy (-D warnings)" cargo clippy --workspace --all-targets --locked -- -D warnings
# The GPU renderer is an opt-in feature: nothing else builds it, so check it here (type-check
# and lints only; this machine has no GPU to open a wgpu window on).
step "cargo clippy (wgpu feature, -D warnings)" \
    cargo clippy -p kiln --features wgpu --all-targets --locked -- -D warnings
# --no-fail-fast: every test binary runs, so one run shows every failure (the step still fails).
# A hung test must fail the run with a message instead of eating CI's whole time budget.
TEST_TIMEOUT=${KILN_TEST_TIMEOUT:-30m}
run_tests() {
    local status=0
    timeout --kill-after=30s "$TEST_TIMEOUT" cargo test --workspace --locked --no-fail-fast || status=$?
    if [[ $status -eq 124 || $status -eq 137 ]]; then
        echo "${RED}cargo test did not finish within ${TEST_TIMEOUT} (KILN_TEST_TIMEOUT): a test hangs (or the build is far too slow);" \
            "the last 'Running' line above names its test binary${RESET}" >&2
    fi
    return "$status"
}
step "cargo test (time limit ${TEST_TIMEOUT})" run_tests
# The README's `cargo run --release` must pick the kiln executable among the package's two
# (debug here: the selection is the same, and the tests just built it).
step "cargo run picks kiln" cargo run --locked -q -- --version
# The real window under Xvfb, driven by xdotool: screenshots of the main screens in artifacts/
# (each checked to show a window), with the debug binary the tests built.
step "GUI screenshots under Xvfb (artifacts/)" scripts/gui-screenshots.sh target/debug/kiln
# A build, not only a check: the Windows installer below packages this kiln.exe.
step "cargo build (Windows)" cargo build --workspace --locked --target x86_64-pc-windows-gnu
# SPTI and the Windows drive list are FFI too: lint the core as Windows sees it.
step "cargo clippy (Windows, kiln-core, -D warnings)" \
    cargo clippy -p kiln-core --locked --target x86_64-pc-windows-gnu -- -D warnings
step "cargo check (macOS)" cargo check --workspace --locked --target aarch64-apple-darwin
# The IOKit backend is all Rust FFI: lint it as macOS sees it, and type-check it for Intel Macs
# too (only the core crate, which holds it; the dependencies' check results are shared).
step "cargo clippy (macOS, kiln-core, -D warnings)" \
    cargo clippy -p kiln-core --all-targets --locked --target aarch64-apple-darwin -- -D warnings
step "cargo check (macOS Intel, kiln-core)" \
    cargo check -p kiln-core --all-targets --locked --target x86_64-apple-darwin
# The debug builds above, packaged and checked: the .deb (dpkg -x, kiln --version, lintian...),
# the Windows installer (7z, installed and run under wine) and the Kiln.app layout.
step "installers (.deb, Windows, macOS layout)" env KILN_DIST_FAST=1 ./scripts/dist.sh --debug deb windows macos
# Kiln's SG_IO backend in a real Linux kernel against emulated drives (QEMU's read-only CD drives,
# tgt's DVD+R, tcmu-runner's DVD-RAM), with the debug binary `cargo test` built: no second build.
step "VM check: SG_IO in a real kernel (scripts/vm/check.sh)" scripts/vm/check.sh target/debug/kiln

echo
echo "${BOLD}timings${RESET}"
printf '%s\n' "${TIMINGS[@]}"
printf '%5ds  %s\n' "$((SECONDS - TOTAL_START))" "total"
echo "${GREEN}${BOLD}all steps passed${RESET}"
