"""A Python port of `guess_causes` (src/logs/mod.rs) as of session 19's start (commit 053a896):
the hand-written word lists, their branch order and the common-causes tail. `branches()` is the
causes the branches name (before the tail), `guess()` the whole ranked list (at most three)."""


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def contains_word_start(text, w):
    bounded = w[:1].isascii() and w[:1].isalnum()
    i = text.find(w)
    while i >= 0:
        if not bounded or i == 0 or not text[i - 1].isalnum():
            return True
        i = text.find(w, i + 1)
    return False


LAUNCHERS = {"npx", "uvx", "uv", "node", "python", "python3", "docker", "bun", "bunx", "deno",
             "pipx", "java", "dotnet"}


# What a server answers to a call, and npx's normal first run: no failure words.
NOT_SAID = ["method not found", "tool not found", "resource not found", "was not found and will be installed"]


def prepare(lines):
    text = ascii_lower("\n".join(lines))
    for said in NOT_SAID:
        text = text.replace(said, "")
    return text


def unsay(text):
    """`text` without the NOT_SAID phrases (in any ASCII case), its case kept: the model's input."""
    for said in NOT_SAID:
        while True:
            i = ascii_lower(text).find(said)
            if i < 0:
                break
            text = text[:i] + text[i + len(said):]
    return text


def branches(lines, windows):
    text = prepare(lines)

    def has(ws):
        return any(contains_word_start(text, w) for w in ws)

    words = []
    cur = ""
    for c in text:
        if (c.isascii() and c.isalnum()) or c in "._-":
            cur += c
        else:
            words.append(cur)
            cur = ""
    words.append(cur)
    launcher = False
    for w in words:
        w = w.strip(".")
        for suf in (".exe", ".cmd"):
            if w.endswith(suf):
                w = w[: -len(suf)]
                break
        if w in LAUNCHERS:
            launcher = True
    b = [
        ("oom-killed", has(["out of memory", "heap limit", "oom", "sigkill", "killed", "last few gcs",
                            "mark-compact", "jetsam", "memorystatus"])),
        ("session-expired", has(["session"]) and has(["expired", "not found", "unknown", "invalid", "404",
                                                      "not available", "does not exist", "no longer"])),
        ("session-expired", has(["no active session", "no active sse connection"])
         or (has(["session"]) and has(["410", "gone"]))),
        ("deprecated-transport", has(["405", "method not allowed", "deprecated", "legacy sse",
                                      "status sending message", "status connecting to",
                                      "accept must contain", "endpoint event", "event: endpoint",
                                      "only post", "invalid sse response"])
         or (has(["transport", "/sse", "event-stream", "content type", "content-type"])
             and has(["404", "not supported", "unsupported", "mismatch", "text/html"]))),
        ("sse-idle-timeout", has(["sse", "event stream", "eventsource"])
         and has(["closed", "terminated", "disconnect", "idle", "body timeout", "reset", "premature",
                  "goaway", "payload is not completed"])),
        ("stdout-pollution", has(["not valid json", "json parse error", "non-json", "malformed json",
                                  "unexpected json token", "stdout", "begin_object", "version tag"])
         or (has(["unexpected token"]) and has(["json"]))),
        ("runtime-version", has(["requires node", "requires python", "unsupported engine", "node version",
                                 "python version", "syntaxerror", "is not defined", "is not a function",
                                 "goroot", "requires jvm", "abi tag"])),
        ("network-blocked", has(["connect timeout", "connect timed out", "connecttimeout", "dial tcp",
                                 "tls handshake timeout", "waiting for connection", "semaphore timeout"])),
        ("startup-timeout", has(["timeout", "timed out", "deadline", "still loading", "not ready after",
                                 "handshaking"])),
        ("missing-env", has(["environment var", "env var", "not set", "not found in environment",
                             "not found in the environment", "from the environment", "in your environment",
                             "process.env", "or set via", "api key is required", "api key not",
                             "api_key not", "no api key", "missing api key", "systemroot",
                             "home directory", "环境变量", "no password supplied", "could not expand",
                             "is unset", "are unset"])),
        ("auth-expired", has(["401", "403", "unauthori", "forbidden", "oauth", "token", "keychain",
                              "keyring", "needsauth", "re-auth", "reauth"])),
        ("insecure-config", has(["insecure", "untrusted", "not trusted", "unapproved", "not approved",
                                 "pending approval", "trusted project", "trusted folder", "too open",
                                 "dubious ownership", "unsafe ownership", "too permissive"])),
        ("config-ignored", has(["ignored", "not loaded", "no mcp servers", "no servers", "allowlist",
                                "not in the list of allowed", "disabled by", "blocked by",
                                "not picked up", "0 mcp servers", "won't read", "only loads"])),
        ("permission", has(["permission", "denied", "not permitted", "root-owned", "owned by root",
                            "execution polic", "scripts is disabled", "group policy", "full disk access",
                            "apparmor", "avc:", "assistive access", "elevation", "not writable"])),
        ("invalid-config", has(["schema", "invalid json", "parse", "syntax", "unrecognized key",
                                "required field", "json5", "toml", "yaml", "must be one of"])),
        ("network-blocked", (has(["connect"]) and has(["http://", "https://", "ws://", "wss://", "localhost"]))
         or has(["connection refused", "could not connect", "couldn't connect", "unable to connect",
                 "cannot connect", "can't connect", "connect etimedout", "connect econnrefused",
                 "econnrefused", "enotfound", "getaddrinfo", "unreachable", "dns", "certificate", "x509",
                 "ssl", "tls", "proxy", "tunnel", "network", "name resolution", "no route to host",
                 "socketexception", "revocation", "vpn", "firewall", "offline", "407",
                 "plaintext connection", "trust relationship", "certification path",
                 "host.docker.internal", "could not be resolved", "pkix", "policy_denied"])),
        ("missing-env", has(["environment key", "api key", "api_key", "apikey"])),
        ("windows-npx", ((windows or has(["cmd /c", "cmd.exe /c"])) and has(["npx", "npm"]))
         or has(["npx.cmd", "npx.ps1", "npm.cmd"])),
        ("command-not-found", has(["command not found", "not recognized", "executable", "not in path",
                                   "not on path", "not found in path", "no such command"])
         or ((has(["spawn", "command", "exec"]) or launcher)
             and has(["enoent", "not found", "no such file", "cannot find"]))),
        ("bad-path", has(["no such file", "not found", "does not exist", "enoent", "cannot find",
                           "is not a directory", "unable to open database file", "(os error 2)"])),
        ("server-crash", has(["typeerror:", "attributeerror:", "nameerror:", "keyerror:", "indexerror:",
                              "unboundlocalerror:", "assertionerror", "zerodivisionerror",
                              "recursionerror", "referenceerror:", "nullpointerexception",
                              "null pointer", "panicked at", "segmentation fault", "sigsegv",
                              "maximum call stack"])),
        ("invalid-config", has(["config", "settings"])),
    ]
    out = []
    for c, hit in b:
        if hit and c not in out:
            out.append(c)
    remote = has(["http://", "https://", "ws://", "wss://", "streamable http", "streamablehttp",
                  "posting to endpoint", "mcp-session-id", "server url", "connector",
                  "decoding response body", "sending request"])
    return out, remote


def tail(out, remote, windows):
    """The hand list's tail after `out` (the branches' causes, or any other head)."""
    out = list(out)
    if remote:
        common = ["network-blocked", "auth-expired", "session-expired"]
    elif windows:
        common = ["windows-npx", "missing-env", "bad-path"]
    else:
        common = ["missing-env", "bad-path", "runtime-version"]
    if not remote and "server-crash" not in out:
        out.append("server-crash")
    for c in common:
        if len(out) >= 3:
            break
        if c not in out:
            out.append(c)
    if "server-crash" not in out:
        out.append("server-crash")
    return out[:3]


def guess(lines, windows):
    out, remote = branches(lines, windows)
    return tail(out, remote, windows)
