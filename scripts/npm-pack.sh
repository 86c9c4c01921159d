#!/usr/bin/env bash
# Packs the npm distribution of mcp-doctor from a built binary (the esbuild/Biome pattern):
#   @mcp-doctor/<os>-<cpu>  the binary for one platform ("os"/"cpu" fields: npm installs only
#                           the one that matches the machine)
#   mcp-doctor              a small JS launcher (npm/mcp-doctor/bin/mcp-doctor.js) whose
#                           optionalDependencies name every platform package, same version
#
# usage: scripts/npm-pack.sh [--binary PATH] [--platform linux-x64|linux-arm64|darwin-x64|
#                            darwin-arm64|win32-x64] [--out DIR] [--no-main]
# Defaults: target/release/mcp-doctor, this machine's platform, target/npm. Prints the tarballs.
# The release workflow runs it once per platform (--no-main on all but one).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=target/release/mcp-doctor
platform=""
out=target/npm
main=1
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --platform) platform="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-main) main=0; shift ;;
    *) echo "npm-pack.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$platform" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    Linux-aarch64|Linux-arm64) platform=linux-arm64 ;;
    Darwin-x86_64) platform=darwin-x64 ;;
    Darwin-arm64) platform=darwin-arm64 ;;
    MINGW*-x86_64|MSYS*-x86_64|CYGWIN*-x86_64) platform=win32-x64 ;;
    *) echo "npm-pack.sh: unknown platform $(uname -s)-$(uname -m); pass --platform" >&2; exit 2 ;;
  esac
fi
case "$platform" in
  linux-x64|linux-arm64|darwin-x64|darwin-arm64|win32-x64) ;;
  *) echo "npm-pack.sh: unsupported platform $platform" >&2; exit 2 ;;
esac
[ -f "$binary" ] || { echo "npm-pack.sh: no binary at $binary (cargo build --release)" >&2; exit 2; }
command -v npm >/dev/null || { echo "npm-pack.sh: npm is required" >&2; exit 2; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
os=${platform%-*}
cpu=${platform#*-}
exe=mcp-doctor
[ "$os" = win32 ] && exe=mcp-doctor.exe

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The platform package.
pkg="$work/$platform"
mkdir -p "$pkg/bin"
cp "$binary" "$pkg/bin/$exe"
chmod 755 "$pkg/bin/$exe"
cat > "$pkg/package.json" <<JSON
{
  "name": "@mcp-doctor/$platform",
  "version": "$version",
  "description": "The $platform binary of mcp-doctor (installed by the mcp-doctor package).",
  "license": "MIT OR Apache-2.0",
  "os": ["$os"],
  "cpu": ["$cpu"],
  "files": ["bin/$exe"],
  "preferUnplugged": true
}
JSON
printf '# @mcp-doctor/%s\n\nThe %s binary of `mcp-doctor`; install `mcp-doctor` instead.\n' "$platform" "$platform" > "$pkg/README.md"
(cd "$pkg" && npm pack --silent --pack-destination "$out" >/dev/null)
echo "$out/mcp-doctor-$platform-$version.tgz"

# The launcher package.
if [ "$main" = 1 ]; then
  m="$work/main"
  mkdir -p "$m"
  cp -r npm/mcp-doctor/. "$m/"
  chmod 755 "$m/bin/mcp-doctor.js"
  deps=""
  for p in linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64; do
    deps="$deps${deps:+,
}    \"@mcp-doctor/$p\": \"$version\""
  done
  cat > "$m/package.json" <<JSON
{
  "name": "mcp-doctor",
  "version": "$version",
  "description": "A doctor for MCP (Model Context Protocol) setups: finds every client config, checks each server, ranks the likely causes.",
  "license": "MIT OR Apache-2.0",
  "bin": { "mcp-doctor": "bin/mcp-doctor.js" },
  "files": ["bin/mcp-doctor.js", "README.md"],
  "engines": { "node": ">=18" },
  "keywords": ["mcp", "model-context-protocol", "doctor", "diagnostics", "claude", "cursor"],
  "optionalDependencies": {
$deps
  }
}
JSON
  (cd "$m" && npm pack --silent --pack-destination "$out" >/dev/null)
  echo "$out/mcp-doctor-$version.tgz"
fi
