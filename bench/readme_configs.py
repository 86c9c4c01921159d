#!/usr/bin/env python3
"""The README-config measurement for any build: each config of testdata/readme-configs (from
INDEX.md number FIRST on) placed where its client reads it, as tests/readme_configs.rs places it
(macOS paths and launcher stubs; `*Windows*` ones with --os windows and .cmd/.exe launchers), and
every error or warning printed that is not what the README leaves to the user (a placeholder, an
unset variable, an empty value). Unlike the test it applies no KEPT list: it is how a build (e.g.
main's) does on configs it never saw.

usage: bench/readme_configs.py BIN [FIRST]"""
import os,sys,json,subprocess,tempfile,re,collections
BIN=os.path.realpath(sys.argv[1]); lo=int(sys.argv[2]) if len(sys.argv)>2 else 0
DIR=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','testdata','readme-configs')
STUBS=[("npx","10.9.0"),("npm","10.9.0"),("node","v22.11.0"),("uvx","uvx 0.5.0"),("uv","uv 0.5.0"),("docker","Docker version 27.0.0"),("python","Python 3.12.1"),("python3","Python 3.12.1"),("bunx","1.1.0"),("bun","1.1.0"),("deno","deno 2.0.0"),("pipx","1.7.1"),("pnpm","9.0.0"),
 ("go","go version go1.23.0 darwin/arm64"),("dotnet","9.0.100"),("dnx","10.0.100"),("serena","serena 0.1.4"),("anytype-mcp","1.0.0")]
def place(client,text,file):
    c=client.lower()
    if 'claude desktop' in c: return 'Library/Application Support/Claude/claude_desktop_config.json',None
    if 'claude code' in c: return 'proj/.mcp.json','proj'
    if 'cursor (project)' in c: return 'proj/.cursor/mcp.json','proj'
    if 'cursor' in c or c.startswith('any'): return '.cursor/mcp.json',None
    if 'vs code' in c:
        if '"mcp"' not in text: return 'proj/.vscode/mcp.json','proj'
        return 'Library/Application Support/Code/User/settings.json',None
    if 'windsurf' in c: return '.codeium/windsurf/mcp_config.json',None
    if 'cline' in c: return 'Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',None
    if 'roo' in c: return 'Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',None
    if 'zed' in c: return '.config/zed/settings.json',None
    if 'gemini' in c: return '.gemini/settings.json',None
    if 'codex' in c: return '.codex/config.toml',None
    if 'continue' in c: return f'proj/.continue/mcpServers/{file}','proj'
    if 'goose' in c: return '.config/goose/config.yaml',None
    return None
def left(f):
    rule=f.get('rule',''); msg=(f.get('message') or '').lower()
    ph=any(w in msg for w in ["username","yourname","your","path/to","<","/users/","xxx"])
    return (rule in('env-var-unset','env-placeholder','env-empty')
            or (ph and rule in('path-missing','command-missing','wsl-path'))
            or (rule=='relative-path' and 'a placeholder left from an example' in msg))
WT=['npx.cmd','npm.cmd','node.exe','uvx.exe','uv.exe','docker.exe','python.exe','bunx.cmd','deno.exe','pipx.exe','wsl.exe']
def wplace(client):
    c=client.lower()
    if 'claude desktop' in c: return 'AppData/Roaming/Claude/claude_desktop_config.json',None
    if 'cursor' in c: return '.cursor/mcp.json',None
    if 'cline' in c: return 'AppData/Roaming/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',None
    if 'roo' in c: return 'proj/.roo/mcp.json','proj'
    if 'codex' in c: return '.codex/config.toml',None
seen=set()
counts=collections.Counter(); files=0; bad=set(); out=[]
for line in open(DIR+'/INDEX.md'):
    cells=[c.strip() for c in line.strip().strip('|').split('|')]
    if len(cells)<3 or not cells[0][-1:].isalpha() or '.' not in cells[0]: continue
    file=cells[0].strip('`'); client=cells[2]
    m=re.match(r'(\d+)-',file)
    if not m or int(m.group(1))<lo: continue
    p=DIR+'/'+file
    if not os.path.exists(p): continue
    text=open(p).read()
    win='Windows' in client
    pl=wplace(client) if win else place(client,text,file)
    if not pl: continue
    if file in seen: continue
    seen.add(file)
    rel,proj=pl
    with tempfile.TemporaryDirectory() as h:
        b=h+'/bin'; os.makedirs(b)
        for n,v in STUBS:
            open(f'{b}/{n}','w').write(f"#!/bin/sh\necho '{v}'\n"); os.chmod(f'{b}/{n}',0o755)
        wb=h+'/Tools/bin'; os.makedirs(wb)
        for n in WT: open(f'{wb}/{n}','w').write('')
        # What the README takes as installed (tests/readme_configs.rs INSTALLED).
        if file.startswith('177-'):
            e=h+'/.gemini/extensions/google-workspace'; os.makedirs(e)
            open(e+'/gemini-extension.json','w').write('{"name": "google-workspace", "version": "1.0.0", "mcpServers": {"google-workspace": {"command": "node", "args": ["${extensionPath}/dist/index.js"]}}}')
        d=h+'/'+rel; os.makedirs(os.path.dirname(d),exist_ok=True); open(d,'w').write(text)
        cwd=h+'/'+proj if proj else h; os.makedirs(cwd,exist_ok=True)
        env={'PATH':f'{b}:/usr/bin:/bin','HOME':h}
        if win: env={'PATH':r'C:\Users\Bob\Tools\bin','USERPROFILE':r'C:\Users\Bob','HOME':'/nonexistent'}
        r=subprocess.run([BIN,'--home',h,'check','--json','--no-platform','--os','windows' if win else 'macos'],cwd=cwd,env=env,capture_output=True,text=True)
        try: j=json.loads(r.stdout)
        except Exception: out.append(f'{file}: no json rc={r.returncode} {r.stderr[:200]}'); continue
        files+=1
        for f in j.get('findings',[]):
            if f.get('severity') not in('error','warning'): continue
            if left(f): continue
            counts[(f['severity'],f['rule'])]+=1; bad.add(file)
            out.append(f"{file} ({client}): {f['severity']} {f['rule']}: {f.get('message')}")
print('\n'.join(out)); print(f'files checked: {files}; files with an error or warning not left to the user: {len(bad)}')
for k,v in sorted(counts.items()): print(' ',k,v)
