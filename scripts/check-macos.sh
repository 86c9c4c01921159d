#!/usr/bin/env bash
# The crate and its tests compile for macOS (issue 14, item 6), checked from Linux: clippy for the
# x86_64-apple-darwin target. Nothing is linked or run (no Mac here): this catches code that only
# compiles on Linux or Windows (`cfg(target_os = "linux")` slips, Unix APIs that macOS lacks).
#
# ring (rustls' crypto) compiles C in its build script, and its headers want Apple's SDK
# (`TargetConditionals.h`, a libc's `string.h`), which no Linux has. That C is never linked here,
# so it is compiled by clang against a few stub headers written below (freestanding: clang's own
# stdint.h/stddef.h), which is enough for the type check of every Rust crate.
#
# Installs the Rust target (rustup) and, where missing, Debian's clang (apt, as root). Where either
# cannot be installed it says so and exits 0 without checking; every other failure (a compile
# error, a lint) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=x86_64-apple-darwin
. scripts/lib/install.sh
rust_target "$TARGET" || { echo "check-macos: could not install the $TARGET target: not checked" >&2; exit 0; }
command -v clang >/dev/null || apt_install clang
command -v clang >/dev/null || { echo "check-macos: no clang (Debian: clang): not checked" >&2; exit 0; }
STUB=$(mktemp -d)
trap 'rm -rf "$STUB"' EXIT
cat > "$STUB/TargetConditionals.h" <<'H'
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 1
#define TARGET_OS_IPHONE 0
#define TARGET_OS_IOS 0
#define TARGET_OS_TV 0
#define TARGET_OS_WATCH 0
#define TARGET_OS_SIMULATOR 0
#define TARGET_OS_EMBEDDED 0
H
cat > "$STUB/string.h" <<'H'
#include <stddef.h>
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
size_t strlen(const char *);
H
echo '#define assert(x) ((void)0)' > "$STUB/assert.h"
CC_x86_64_apple_darwin=clang CFLAGS_x86_64_apple_darwin="-ffreestanding -I$STUB" \
  CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}/check-macos \
  cargo clippy --locked --target "$TARGET" --all-targets -- -D warnings
echo "check-macos: the crate and its tests compile for $TARGET with no lint"
