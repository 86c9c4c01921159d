#!/usr/bin/env bash
# Issue 15, on Windows: no process a probe started survives the doctor. Runs the Windows build
# (x86_64-pc-windows-gnu, cross-built from Linux) under Wine against a server whose grandchild
# is an orphan (its parent exited), out of reach of the server's process tree (`taskkill /T`):
# only the probe's Job Object (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, src/probe/process.rs) ends it.
#   1. control: the server started by hand and killed leaves the grandchild running;
#   2. `check --probe --timeout 3`: when the doctor has exited, the grandchild is gone, and the
#      doctor took no more than the timeout plus Wine's start-up;
#   3. the doctor killed (SIGKILL) in the middle of a probe: the grandchild is gone too (the job
#      ends with the doctor's last handle to it).
# The grandchild writes a heartbeat file every 100 ms; "gone" = the file stops changing.
#
# Installs what is missing where it can (the Rust target by rustup; Debian's wine64 and
# gcc-mingw-w64-x86-64 by apt, as root); where it cannot, it says so and exits 0 without
# checking. Every failure of the checks themselves fails. Wine's prefix and HOME are a temporary
# folder: the machine's home is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=x86_64-pc-windows-gnu
skip() { echo "windows-jobs: $1: not checked" >&2; exit 0; }
. scripts/lib/install.sh
rust_target "$TARGET" || skip "could not install the $TARGET target"
need_pkgs=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_pkgs+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || need_pkgs+=(wine64)
apt_install "${need_pkgs[@]}"
command -v x86_64-w64-mingw32-gcc >/dev/null || skip "no x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64)"
WINE=/usr/lib/wine/wine64
[ -x "$WINE" ] || WINE=$(command -v wine64 || true)
[ -n "$WINE" ] && [ -x "$WINE" ] || skip "no wine64 (Debian: wine64)"
WINESERVER=$(dirname "$WINE")/wineserver
[ -x "$WINESERVER" ] || WINESERVER=$(command -v wineserver || echo true)

OUT=${CARGO_TARGET_DIR:-target}/windows-jobs
CARGO_TARGET_DIR=$OUT cargo build --locked --quiet --target "$TARGET"
DOCTOR=$OUT/$TARGET/debug/mcp-doctor.exe

T=$(mktemp -d)
# Wine's own files and the analysed home: in $T (HOME only for Wine's programs: rustup reads it).
export WINEPREFIX=$T/prefix WINEDEBUG=-all
H=$T/home
mkdir -p "$H/.cursor"
wine_() { HOME=$H "$WINE" "$@"; }
cleanup() { HOME=$H "$WINESERVER" -k >/dev/null 2>&1 || true; rm -rf "$T"; }
trap cleanup EXIT
rustc --edition 2021 -O --target "$TARGET" tests/servers/win_tree.rs -o "$T/win_tree.exe"
cp "$DOCTOR" "$T/mcp-doctor.exe"
# Wine 8 (Debian 12) has no bcryptprimitives.dll, from which Rust's std (1.78+) takes random
# bytes (`ProcessPrng`): a stand-in beside the programs, over advapi32's RtlGenRandom.
cat > "$T/bcp.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$T/bcryptprimitives.dll" "$T/bcp.c" -ladvapi32
wine_ cmd /c exit 0 >/dev/null 2>&1 || true # creates the prefix (several seconds, once)

win() { printf 'Z:%s' "${1//\//\\}"; } # a Linux path as Wine's Z: drive names it
HB=$T/hb
cat > "$H/.cursor/mcp.json" <<EOF
{"mcpServers": {"tree": {"command": "$(win "$T/win_tree.exe" | sed 's/\\/\\\\/g')", "args": ["$(win "$HB" | sed 's/\\/\\\\/g')"]}}}
EOF

beat() { cat "$HB" 2>/dev/null || echo none; }
# Whether the heartbeat changes within 1.5 s.
alive() { local a b; a=$(beat); sleep 1.5; b=$(beat); [ "$a" != "$b" ]; }
wait_beat() { # the grandchild is up: a heartbeat other than 0 within 20 s
  for _ in $(seq 1 200); do [ "$(beat)" != 0 ] && [ "$(beat)" != none ] && return 0; sleep 0.1; done
  return 1
}
fail() { echo "windows-jobs: FAILED: $1" >&2; exit 1; }

# 1. Control: the server alone, its process killed: the orphaned grandchild goes on.
echo 0 > "$HB"
HOME=$H "$WINE" "$T/win_tree.exe" "$(win "$HB")" </dev/null >/dev/null 2>&1 & # $!: Wine's process (no subshell)
root=$!
wait_beat || fail "control: the test server's grandchild never started"
kill "$root" 2>/dev/null || true
wait "$root" 2>/dev/null || true
kill -0 "$root" 2>/dev/null && fail "control: the server did not end"
alive || fail "control: the grandchild died with the server, so this test cannot tell the Job Object's work"
HOME=$H "$WINESERVER" -k >/dev/null 2>&1 || true
sleep 0.5
alive && fail "control: wineserver -k left the grandchild running"

# 2. A probe that times out: nothing of the tree is left when the doctor has exited.
echo 0 > "$HB"
start=$(date +%s%N)
wine_ "$T/mcp-doctor.exe" check --probe --timeout 3 --client cursor --home "$(win "$H")" --json \
  > "$T/report.json" 2> "$T/stderr" || true
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(beat)" != 0 ] || fail "probe: the server's grandchild never started (stderr: $(head -c 300 "$T/stderr"))"
grep -q '"probe-startup-timeout"' "$T/report.json" || fail "probe: no probe-startup-timeout finding (report: $(head -c 300 "$T/report.json"))"
alive && fail "probe: the grandchild outlived the doctor"
# 3 s of probe, Wine's start-up of two programs and the end of the tree: well under 15 s.
(( took_ms < 15000 )) || fail "probe: the doctor took ${took_ms} ms with --timeout 3"

# 3. The doctor killed in the middle of a probe: the job ends with it.
echo 0 > "$HB"
HOME=$H "$WINE" "$T/mcp-doctor.exe" check --probe --timeout 60 --client cursor --home "$(win "$H")" --json \
  </dev/null >/dev/null 2>&1 &
doc=$!
wait_beat || fail "killed doctor: the server's grandchild never started"
kill -KILL "$doc" 2>/dev/null || true
wait "$doc" 2>/dev/null || true
sleep 0.5
alive && fail "killed doctor: the grandchild outlived the doctor (SIGKILL)"

echo "windows-jobs: the probe ends an orphaned grandchild on Windows (Wine $(wine_ --version 2>/dev/null | sed 's/^wine-//')): after a timeout (the doctor took ${took_ms} ms with --timeout 3) and when the doctor is killed"
