#!/usr/bin/env bash
# Tests the install paths a user takes, offline: packs the npm tarballs (scripts/npm-pack.sh),
# installs them into a fresh project with `npm install --offline` of the local tarballs, and runs
# `npx mcp-doctor` against fixture homes; then scripts/install.sh from a file:// release folder.
# Run by .ci/run after `cargo test`.
#
# usage: scripts/npm-test.sh [--binary PATH]   (default: target/release/mcp-doctor if built,
#                                               else target/debug/mcp-doctor)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

binary=""
[ "${1:-}" = --binary ] && binary="$2"
if [ -z "$binary" ]; then
  if [ -f target/release/mcp-doctor ]; then binary=target/release/mcp-doctor; else binary=target/debug/mcp-doctor; fi
fi
[ -f "$binary" ] || { echo "npm-test.sh: no binary at $binary (cargo build first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A stripped copy packs and installs faster (a debug binary carries ~100 MB of debug info).
cp "$binary" "$work/mcp-doctor"
command -v strip >/dev/null && strip "$work/mcp-doctor" 2>/dev/null || true

mapfile -t tarballs < <(scripts/npm-pack.sh --binary "$work/mcp-doctor" --out "$work/tarballs")
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
main_tgz="$work/tarballs/mcp-doctor-$version.tgz"

passed=0
failed=0
check() { # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

# A fixture home copied (the doctor records its last check under the home).
home_of() {
  rm -rf "$work/home-$1"
  cp -r "$repo/testdata/homes/$1" "$work/home-$1"
  echo "$work/home-$1"
}

proj="$work/project"
mkdir -p "$proj"
echo '{"name": "npm-test", "version": "1.0.0", "private": true}' > "$proj/package.json"
(cd "$proj" && npm install --offline --no-audit --no-fund --loglevel=error "${tarballs[@]}" >/dev/null)

run() { (cd "$proj" && npx --no -- mcp-doctor "$@"); }

check "npx mcp-doctor --version" bash -c "$(declare -f run); proj='$proj'; run --version | grep -qx 'mcp-doctor $version'"
h=$(home_of planted-relative)
set +e
out=$(run --home "$h" --color never check --no-platform 2>&1); code=$?
set -e
check "check exits 1 on a home with an error" test "$code" = 1
check "check names the cause" grep -q "bad-path" <<<"$out"
set +e
json=$(run --home "$h" check --no-platform --json 2>/dev/null)
set -e
check "check --json is the report" node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (r.schema !== "mcp-doctor/report/v1" || !r.causes.length) process.exit(1);' <<<"$json"
h=$(home_of warn-only)
set +e
run --home "$h" check --no-platform >/dev/null 2>&1; code=$?
set -e
check "check exits 0 with warnings only" test "$code" = 0
set +e
run --bogus >/dev/null 2>&1; code=$?
set -e
check "a usage error exits 2 through the launcher" test "$code" = 2

# Without the platform package (optional dependencies left out) the launcher says so.
bare="$work/bare"
mkdir -p "$bare"
echo '{"name": "npm-test-bare", "version": "1.0.0", "private": true}' > "$bare/package.json"
(cd "$bare" && npm install --offline --no-audit --no-fund --omit=optional --loglevel=error "$main_tgz" >/dev/null 2>&1)
set +e
msg=$(cd "$bare" && npx --no -- mcp-doctor check 2>&1); code=$?
set -e
check "a missing platform package is a one-line error, exit 2" bash -c "test $code = 2 && grep -q 'is not installed' <<<'$msg'"

# scripts/install.sh from a release folder (file://): checksum verified, binary installed.
if [ "$(uname -s)" = Linux ]; then
  rel="$work/release"
  mkdir -p "$rel/stage"
  t="$(uname -m | sed 's/arm64/aarch64/')-unknown-linux-musl"
  cp "$work/mcp-doctor" "$rel/stage/mcp-doctor"
  tar -czf "$rel/mcp-doctor-$t.tar.gz" -C "$rel/stage" mcp-doctor
  (cd "$rel" && sha256sum "mcp-doctor-$t.tar.gz" > "mcp-doctor-$t.tar.gz.sha256")
  check "install.sh installs the release archive" bash -c "MCP_DOCTOR_DOWNLOAD_URL='file://$rel' MCP_DOCTOR_INSTALL_DIR='$work/bin' sh scripts/install.sh >/dev/null && '$work/bin/mcp-doctor' --version | grep -qx 'mcp-doctor $version'"
  echo "0000000000000000000000000000000000000000000000000000000000000000  x" > "$rel/mcp-doctor-$t.tar.gz.sha256"
  check "install.sh refuses a checksum mismatch" bash -c "! MCP_DOCTOR_DOWNLOAD_URL='file://$rel' MCP_DOCTOR_INSTALL_DIR='$work/bin2' sh scripts/install.sh 2>/dev/null && test ! -e '$work/bin2/mcp-doctor'"
fi

echo "npm-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
