#!/usr/bin/env python3
"""Generates a home whose ~/.claude.json holds N stdio servers with distinct names (a mix of
npx/uvx/node/script commands, some env values), for measuring how `check` scales with the count.
Usage: gen_many.py DIR N [--compact]   (prints N; --compact writes the JSON on one line)"""
import json, os, sys

home, n = os.path.abspath(sys.argv[1]), int(sys.argv[2])
os.makedirs(os.path.join(home, "bin"), exist_ok=True)
for b in ["npx", "uvx", "node", "srv"]:
    p = os.path.join(home, "bin", b)
    with open(p, "w") as f:
        f.write("#!/bin/sh\n")
    os.chmod(p, 0o755)
servers = {}
for i in range(n):
    m = i % 4
    if m == 0:
        s = {"command": "npx", "args": ["-y", f"@acme/server-{i}"], "env": {"ACME_API_KEY": f"k-{i:08d}"}}
    elif m == 1:
        s = {"command": "uvx", "args": [f"mcp-server-{i}", "--db-path", "~/data/x.db"]}
    elif m == 2:
        s = {"command": f"{home}/bin/srv", "args": ["--port", str(3000 + i % 60000)], "env": {"LOG": "1"}}
    else:
        s = {"command": "node", "args": [f"{home}/srv/{i}/index.js"]}
    servers[f"srv-{i}"] = s
with open(os.path.join(home, ".claude.json"), "w") as f:
    json.dump({"mcpServers": servers}, f, indent=None if "--compact" in sys.argv[3:] else 2)
print(n)
