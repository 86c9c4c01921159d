#!/usr/bin/env bash
# Installs the real MCP servers the interop tests and the benchmark use, into the repo's
# git-ignored `.test-servers/` (npm) and `.venv/` (PyPI). Idempotent: a second run with
# everything in place does nothing but check versions.
set -euo pipefail
cd "$(dirname "$0")/.."

EVERYTHING=@modelcontextprotocol/server-everything@2026.8.31
INSPECTOR=@modelcontextprotocol/inspector@1.0.3
MCP_PY=mcp==2.3.0

have_npm_pkg() { # name version
  local f=".test-servers/node_modules/$1/package.json"
  [ -f "$f" ] && grep -q "\"version\": \"$2\"" "$f"
}

if have_npm_pkg @modelcontextprotocol/server-everything 2026.8.31 \
  && have_npm_pkg @modelcontextprotocol/inspector 1.0.3; then
  echo "install-test-servers: npm servers present"
else
  mkdir -p .test-servers
  npm install --no-audit --no-fund --loglevel=error --prefix .test-servers "$EVERYTHING" "$INSPECTOR"
fi

if [ -x .venv/bin/python ] && .venv/bin/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("mcp") != "2.3.0")' 2>/dev/null; then
  echo "install-test-servers: python mcp present"
else
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "$MCP_PY"
fi
echo "install-test-servers: ok"
