#!/usr/bin/env python3
"""Generates a realistic home with MCP configs of 12 clients and 200 servers in all (Linux layout).
Usage: gen_home.py DIR"""
import json, os, sys

home = sys.argv[1]
def w(rel, text):
    p = os.path.join(home, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)

def servers(prefix, n, kind):
    out = {}
    for i in range(n):
        name = f"{prefix}-{i}"
        m = i % 5
        if m == 0:
            out[name] = {"command": "npx", "args": ["-y", f"@acme/server-{i}", f"{home}/projects/p{i}"], "env": {"ACME_API_KEY": "${ACME_KEY}" if kind == "cc" else "k-123"}}
        elif m == 1:
            out[name] = {"command": "uvx", "args": [f"mcp-server-{i}", "--db-path", "~/data/x.db"]}
        elif m == 2:
            out[name] = {"command": f"{home}/bin/srv", "args": ["--port", str(3000 + i)], "env": {"LOG": "1"}}
        elif m == 3:
            out[name] = {"type": "http", "url": f"https://mcp{i}.example.com/mcp"} if kind != "desktop" else {"command": "node", "args": ["build/index.js"]}
        else:
            out[name] = {"command": "docker", "args": ["run", "-i", "--rm", "-e", "TOKEN", "acme/img"], "env": {"TOKEN": "t"}}
    return out

os.makedirs(os.path.join(home, "bin"), exist_ok=True)
for b in ["npx", "uvx", "node", "docker", "srv"]:
    w(f"bin/{b}", "#!/bin/sh\n"); os.chmod(os.path.join(home, "bin", b), 0o755)
split = [("desktop", ".config/Claude/claude_desktop_config.json", "mcpServers", 20),
         ("cc", ".claude.json", "mcpServers", 20),
         ("cc", "proj/.mcp.json", "mcpServers", 15),
         ("cursor", ".cursor/mcp.json", "mcpServers", 20),
         ("cursor", "proj/.cursor/mcp.json", "mcpServers", 10),
         ("vscode", ".config/Code/User/mcp.json", "servers", 15),
         ("vscode", "proj/.vscode/mcp.json", "servers", 10),
         ("windsurf", ".codeium/windsurf/mcp_config.json", "mcpServers", 15),
         ("cline", ".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json", "mcpServers", 15),
         ("roo", ".config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json", "mcpServers", 10),
         ("zed", ".config/zed/settings.json", "context_servers", 15),
         ("gemini", ".gemini/settings.json", "mcpServers", 20)]
total = 0
for kind, rel, key, n in split:
    doc = {key: servers(kind, n, kind)}
    if kind == "cc" and rel == ".claude.json":
        doc["projects"] = {f"{home}/proj": {"mcpServers": servers("local", 5, "cc"), "allowedTools": []}}
        total += 5
    w(rel, json.dumps(doc, indent=2))
    total += n
codex = "".join(f'[mcp_servers.codex-{i}]\ncommand = "uvx"\nargs = ["mcp-server-{i}"]\n\n' for i in range(20))
w(".codex/config.toml", codex); total += 20
w(".continue/config.yaml", "name: dev\nversion: 0.0.1\nschema: v1\nmcpServers:\n" + "".join(f"  - name: cont-{i}\n    command: npx\n    args: [-y, pkg-{i}]\n" for i in range(5))); total += 5
w(".config/goose/config.yaml", "extensions:\n" + "".join(f"  g{i}:\n    cmd: uvx\n    args: [x{i}]\n    type: stdio\n" for i in range(5))); total += 5
os.makedirs(os.path.join(home, "proj"), exist_ok=True)
print(total)
