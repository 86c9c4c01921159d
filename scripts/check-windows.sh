#!/usr/bin/env bash
# The crate and its tests compile for Windows (issue 14, item 6), checked from Linux: clippy for
# the x86_64-pc-windows-gnu target, with mingw-w64's C compiler for ring's C code. Nothing is
# linked or run (no Windows here): this catches code that only compiles on Unix.
#
# Installs the Rust target (rustup) and, where missing, Debian's gcc-mingw-w64-x86-64 (apt, as
# root). Where either cannot be installed it says so and exits 0 without checking; every other
# failure (a compile error, a lint) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=x86_64-pc-windows-gnu
. scripts/lib/install.sh
rust_target "$TARGET" || { echo "check-windows: could not install the $TARGET target: not checked" >&2; exit 0; }
command -v x86_64-w64-mingw32-gcc >/dev/null || apt_install gcc-mingw-w64-x86-64
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "check-windows: no x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64): not checked" >&2; exit 0; }
CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}/check-windows cargo clippy --locked --target "$TARGET" --all-targets -- -D warnings
echo "check-windows: the crate and its tests compile for $TARGET with no lint"
