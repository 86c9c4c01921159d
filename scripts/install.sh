#!/bin/sh
# Installs the mcp-doctor binary from the project's GitHub releases:
#   curl -fsSL https://raw.githubusercontent.com/$REPO/main/scripts/install.sh | sh
# Picks the archive for this OS and CPU (Linux x86_64/aarch64 static musl, macOS x86_64/arm64),
# checks its SHA-256 against the release's .sha256 file, and puts `mcp-doctor` in
# $MCP_DOCTOR_INSTALL_DIR (default ~/.local/bin). Nothing else is written.
#
#   MCP_DOCTOR_REPO          owner/name of the GitHub repository (default below)
#   MCP_DOCTOR_VERSION       a release tag such as v0.1.0 (default: the latest release)
#   MCP_DOCTOR_DOWNLOAD_URL  the folder holding the archives (overrides the two above; file:// works)
#   MCP_DOCTOR_INSTALL_DIR   where to put the binary
set -eu

repo="${MCP_DOCTOR_REPO:-mcp-doctor/mcp-doctor}"
version="${MCP_DOCTOR_VERSION:-latest}"
dir="${MCP_DOCTOR_INSTALL_DIR:-$HOME/.local/bin}"

fail() { echo "mcp-doctor install: $*" >&2; exit 1; }

case "$(uname -s)" in
  Linux) os=unknown-linux-musl ;;
  Darwin) os=apple-darwin ;;
  *) fail "unsupported OS $(uname -s); on Windows use scripts/install.ps1" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) cpu=x86_64 ;;
  aarch64|arm64) cpu=aarch64 ;;
  *) fail "unsupported CPU $(uname -m)" ;;
esac
target="$cpu-$os"
archive="mcp-doctor-$target.tar.gz"

if [ -n "${MCP_DOCTOR_DOWNLOAD_URL:-}" ]; then
  base="$MCP_DOCTOR_DOWNLOAD_URL"
elif [ "$version" = latest ]; then
  base="https://github.com/$repo/releases/latest/download"
else
  base="https://github.com/$repo/releases/download/$version"
fi

if command -v curl >/dev/null 2>&1; then
  get() { curl -fsSL "$1" -o "$2"; }
elif command -v wget >/dev/null 2>&1; then
  get() { wget -q "$1" -O "$2"; }
else
  fail "needs curl or wget"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
get "$base/$archive" "$tmp/$archive" || fail "could not download $base/$archive"
get "$base/$archive.sha256" "$tmp/$archive.sha256" || fail "could not download $base/$archive.sha256"

want=$(cut -d' ' -f1 < "$tmp/$archive.sha256")
if command -v sha256sum >/dev/null 2>&1; then
  have=$(sha256sum "$tmp/$archive" | cut -d' ' -f1)
else
  have=$(shasum -a 256 "$tmp/$archive" | cut -d' ' -f1)
fi
[ "$want" = "$have" ] || fail "checksum mismatch for $archive (expected $want, got $have)"

tar -xzf "$tmp/$archive" -C "$tmp"
mkdir -p "$dir"
# Replace atomically: copy beside the target, then rename over it.
cp "$tmp/mcp-doctor" "$dir/.mcp-doctor.new"
chmod 755 "$dir/.mcp-doctor.new"
mv -f "$dir/.mcp-doctor.new" "$dir/mcp-doctor"
echo "installed $("$dir/mcp-doctor" --version) to $dir/mcp-doctor"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on your PATH; add it, or run $dir/mcp-doctor" ;;
esac
