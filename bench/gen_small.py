#!/usr/bin/env python3
"""Writes the small home of bench/check.sh and bench/ab.py into DIR: one Claude Desktop config
(Linux layout) with five servers (Node, Python, a script, npx with a `${VAR}`, a module), no logs.

Usage: gen_small.py DIR"""
import json, os, sys

small = sys.argv[1]
os.makedirs(f"{small}/.config/Claude", exist_ok=True)
os.makedirs(f"{small}/srv", exist_ok=True)
open(f"{small}/srv/index.js", "w").write("// server\n")
open(f"{small}/srv/server.py", "w").write("# server\n")
json.dump({"mcpServers": {
    "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", small]},
    "memory": {"command": "node", "args": [f"{small}/srv/index.js"]},
    "fetch": {"command": "python3", "args": [f"{small}/srv/server.py"]},
    "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}},
    "time": {"command": "python3", "args": ["-m", "mcp_server_time"]},
}}, open(f"{small}/.config/Claude/claude_desktop_config.json", "w"))
