#!/usr/bin/env bash
# Top-1 / top-3 of the doctor's verdict on the corpus of real reports (training and held-out
# third, the unseen set, and any --dir PATH), with every miss listed.
# usage: bench/accuracy.sh [--json] [--quiet] [--dir PATH] [--no-os]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
exec python3 bench/accuracy.py --bin target/debug/mcp-doctor "$@"
