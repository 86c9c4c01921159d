#!/usr/bin/env python3
"""Writes the hostile inputs of tests/hostile.rs (run from this folder; the outputs are committed).

Each file is under 1 MB. Every secret planted holds the marker CNRY (and nothing else the doctor
prints does), so a test can look for CNRY in every output of every command and format.
"""
import json, os

CANARY = {
    "ghp": "ghp_CNRYa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",
    "github_pat": "github_pat_11CNRY0aaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    "gho": "gho_CNRYz9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4",
    "glpat": "glpat-CNRYxY12zW34vU56tS78",
    "xoxb": "xoxb-CNRY-123456789012-abcdefghijkl",
    "sk": "sk-CNRYproj0123456789abcdefghij",
    "sk_ant": "sk-ant-CNRYapi03-0123456789abcdef",
    "akia": "AKIACNRY1234567890AB",
    "aiza": "AIzaCNRY0123456789abcdefghijklmnopqrstu",
    "secret": "secret_CNRY0123456789abcdefgh",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.CNRYsig0123456789abcdef",
}
PEM = ("-----BEGIN RSA PRIVATE KEY-----\n"
       "MIIEpAIBAAKCAQEAuCNRY8x1Qk3mZp0Lr7Tn2Yw5Vb9Hc4Jd6Ke1Mf3Ng8Ph0Qi2Rj5S\n"
       "-----END RSA PRIVATE KEY-----")
# Secrets no shape gives away: caught by their names, or as values read elsewhere in the run.
NAMED = {
    "db": "CNRY-dbpass-7Hq2x",
    "hdr": "CNRY-hdr-9Kx4v",
    "ghpat": "CNRY-ghpat-3Lm8q",
    "flagpat": "CNRY-flagpat-8Pq1",
    "arr": "CNRY-arr-5Tz6w",
    "nextline": "CNRY-nextline-2Wv7",
    "nested": "CNRY-nested-6Yb3",
    "bad": "CNRY-broken-4Rr9",
}
ESC_NAME = "evil\x1b]0;pwned\x07\x1b[2J\r\u009b31m"

def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)
    assert os.path.getsize(path) < 1_000_000, path

# 1. A YAML alias bomb made of one long anchored string (Continue's config): 64 KiB aliased
#    10 000 times would be 640 MB once expanded.
y = "name: bomb\nversion: 1.0.0\nschema: v1\nx-blob: &s \"" + "A" * 65536 + "\"\nx-copies: [" + ", ".join(["*s"] * 10000) + "]\nmcpServers:\n  - name: ok\n    command: node\n"
w("yaml-bomb/.continue/config.yaml", y)

# 2. JSONC (Cursor reads comments): comments everywhere, hostile names and commands, every canary.
servers = {
    ESC_NAME: {"command": "y$(id)`id`;x", "args": ["--pat", NAMED["flagpat"], "-k", CANARY["sk"], "--api-key", NAMED["arr"]],
               "env": {"DB_PASSWORD": NAMED["db"], "GH_PAT": NAMED["ghpat"], "SLACK_BOT": CANARY["xoxb"],
                       "PRIVATE_KEY": PEM, "AWS": CANARY["akia"], "G": CANARY["aiza"], "N": CANARY["secret"],
                       "GL": CANARY["glpat"], "ANT": CANARY["sk_ant"], "GHO": CANARY["gho"]}},
    "pat-args": {"command": "/nonexistent/$(touch pwned)/srv", "args": [CANARY["ghp"], CANARY["github_pat"], "--token=" + CANARY["jwt"]],
                 "cwd": "/tmp/$(id)\nnext"},
    "remote": {"url": "https://127.0.0.1:9/mcp?api_key=" + NAMED["hdr"], "headers": {"X-Api-Key": NAMED["hdr"], "Authorization": "Bearer " + CANARY["jwt"]}},
}
body = json.dumps({"mcpServers": servers}, indent=2)
jsonc = "// hostile JSONC\n/* block\n comment */\n" + body.replace('"mcpServers": {', '"mcpServers": { // trailing comment\n', 1)
jsonc = jsonc.rstrip()[:-1] + ",\n  /* trailing comma follows */\n}\n"
w("jsonc/.cursor/mcp.json", jsonc)
# Deep nesting as a second JSONC file in the same home (VS Code user mcp.json): 20 000 levels.
w("jsonc/.config/Code/User/mcp.json", "{\"servers\": {\"deep\": {\"command\": \"node\", \"args\": " + "[" * 20000 + "]" * 20000 + "}}}\n")
# A file that does not parse, with a secret on the line after its key (parse-error excerpts).
w("jsonc/.gemini/settings.json", "{\n  \"mcpServers\": {\n    \"g\": {\"command\": \"node\", \"env\": {\"API_TOKEN\":\n      \"" + NAMED["bad"] + "\" \"oops\" }}\n  }\n}\n")

# 3. TOML (Codex): deep inline tables, hostile strings, canaries.
t = ['[mcp_servers."' + "evil\\u001b]0;t\\u0007" + '"]', 'command = "y$(id)"', 'args = ["--pat", "' + NAMED["flagpat"] + '", "' + CANARY["ghp"] + '"]',
     '[mcp_servers."evil\\u001b]0;t\\u0007".env]', 'DB_PASSWORD = "' + NAMED["db"] + '"', 'SLACK_BOT = "' + CANARY["xoxb"] + '"',
     '[mcp_servers.deep]', 'command = "node"', 'args = ' + "[" * 3000 + "]" * 3000,
     '[mcp_servers.many]', 'command = "node"', 'args = [' + ", ".join('"a%d"' % i for i in range(20000)) + ']']
w("toml/.codex/config.toml", "\n".join(t) + "\n")

# 4. A log (Claude Desktop's folder on Linux): control characters, every canary in every shape a
#    line can hold it, one line of 900 KB, lines with no newline at the end.
L = []
ts = "2026-11-22T09:00:%02d.000Z [evil] [error] "
L.append(ts % 1 + "Server started with env {\"env\":{\"DB_PASSWORD\":\"" + NAMED["nested"] + "\"}}")
L.append(ts % 2 + "spawn args [\"--api-key\",\"" + NAMED["arr"] + "\",\"--pat\",\"" + NAMED["flagpat"] + "\"]")
L.append(ts % 3 + "config: {\"API_TOKEN\":")
L.append("    \"" + NAMED["nextline"] + "\"}")
L.append(ts % 4 + "tokens " + " ".join(CANARY.values()))
L.append(ts % 5 + "Error: spawn y ENOENT \x1b]0;pwned\x07\x1b[2J\rhidden \u009b31m")
# A program name that is shell code: the printed `which` must hand it over as one literal word.
L.append(ts % 5 + "Error: spawn y$(id)`id`;x ENOENT")
L.append(ts % 6 + "DB_PASSWORD=" + NAMED["db"] + " GH_PAT=" + NAMED["ghpat"])
L.append(ts % 7 + "The header X-Api-Key is written as given")
# A config's secret value met again in a log line, without its name.
L.append(ts % 7 + "connecting with " + NAMED["db"] + " now")
L.extend(PEM.split("\n"))
L.append(ts % 8 + "Server transport closed unexpectedly " + "x" * 900_000)
w("log/.config/Claude/logs/mcp-server-evil.log", "\n".join(L))
w("log/.config/Claude/claude_desktop_config.json", json.dumps({"mcpServers": {"evil": {"command": "node", "env": {"DB_PASSWORD": NAMED["db"]}}}}))
print("ok")
