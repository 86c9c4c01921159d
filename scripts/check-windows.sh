#!/usr/bin/env bash
# Compiles the library, binary and examples for Windows (the `cfg(windows)` code) and lints them,
# from Linux: rustup's x86_64-pc-windows-gnu standard library and Debian's mingw-w64 C compiler
# (ring builds C). Not part of CI (it needs apt); run it before touching Windows-only code.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add x86_64-pc-windows-gnu >/dev/null
command -v x86_64-w64-mingw32-gcc >/dev/null || {
  echo "needs x86_64-w64-mingw32-gcc: apt-get install gcc-mingw-w64-x86-64" >&2
  exit 2
}
cargo clippy --target x86_64-pc-windows-gnu --lib --bins --examples -- -D warnings
echo "windows: lib, bin and examples compile and lint clean"
