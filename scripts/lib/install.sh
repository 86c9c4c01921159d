# Sourced by the cross-target checks (check-windows.sh, check-macos.sh, windows-jobs.sh): installs
# what a check needs where this machine allows it. Each function returns non-zero when the thing
# is still missing, and the check then says so and exits 0 without checking.

# The Rust standard library for TARGET (rustup).
rust_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$1" || rustup target add "$1" >/dev/null 2>&1
}

# Debian packages (apt, as root; the package lists refreshed once if the first try fails). Best
# effort: the caller checks for the program it needs afterwards.
apt_install() {
  [ $# -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] || return 0
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null 2>&1; } \
    || true
}
