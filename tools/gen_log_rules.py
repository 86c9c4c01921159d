#!/usr/bin/env python3
"""Writes rules/log/*.toml from the table below (kept for review; the TOML files are the source of truth
once committed: edit them directly or regenerate)."""
import os, sys

OUT = os.path.join(os.path.dirname(__file__), "..", "rules", "log")

def q(s):
    assert "'''" not in s
    return "'''" + s + "'''"

def tq(s):
    return '"""\n' + s.strip() + '\n"""'

R = []
def rule(id, cause, spec, title, what, why, fix, summary, patterns, severity="error", impact="blocks-start",
         commands=None, commands_macos=None, commands_windows=None, commands_linux=None):
    R.append(dict(id=id, cause=cause, spec=spec, title=title, what=what, why=why, fix=fix, summary=summary,
                  patterns=patterns, severity=severity, impact=impact, commands=commands,
                  commands_macos=commands_macos, commands_windows=commands_windows, commands_linux=commands_linux))

rule("log-spawn-enoent", "command-not-found", 0.9,
  "The client could not start the server: its command is not on the PATH the client uses",
  "A log line saying the client tried to start a bare command (`npx`, `uvx`, `node`, `python`, `docker`) and the operating system found no such program: Node's `spawn npx ENOENT`, Bun's `Executable not found in $PATH`, Go's `executable file not found in $PATH`, Java's `Cannot run program \"npx\": error=2`, Python's `FileNotFoundError: [Errno 2]`, a shell's `command not found`, Windows' `is not recognized as an internal or external command`.",
  "MCP clients start servers directly, with the PATH the app got when it was launched. A desktop app started from the Dock, Finder or Start menu does not read `~/.zshrc` or `~/.bashrc`, so tools installed through nvm, Homebrew, pyenv, asdf or a user-local folder are invisible to it even though they work in a terminal. Without the command the server never starts.",
  "Install the missing tool, or write the absolute path of the command in the server's `command` (find it with `which npx` on macOS/Linux or `where npx` on Windows) and restart the client. `mcp-doctor fix --absolute-paths` rewrites bare commands for you.",
  "Use the absolute path of `{cmd}` in the server's `command`",
  [
    (r"(?i)\bspawn (?P<cmd>[^\s/\\'\"{}]+) ENOENT", ["ENOENT"]),
    (r'(?i)Executable not found in \$PATH: "(?P<cmd>[^"]+)"', ["Executable not found"]),
    (r'(?i)exec: "(?P<cmd>[^"/\\]+)": executable file not found', ["executable file not found"]),
    (r"(?i)'(?P<cmd>[^']+)' is not recognized as an internal or external command", ["is not recognized as an internal or external command"]),
    (r'(?i)Cannot run program "(?P<cmd>[^"/\\]+)".*error=2\b', ["Cannot run program"]),
    (r"(?i)FileNotFoundError: \[(?:Errno 2|WinError 2)\][^']*'(?P<cmd>[^'/\\]+)'", ["FileNotFoundError"]),
    (r"(?i)\b(?:ba|z|da)?sh: (?:line \d+: |\d+: )?(?P<cmd>[\w.@+-]+): (?:command )?not found", ["not found"]),
    (r"(?i)command not found: (?P<cmd>[\w.@+-]+)", ["command not found"]),
    (r"(?i)\b(?P<cmd>npx|npm|uvx|uv|node|python3?|docker|bunx?|deno|pipx)(?: command)? (?:is not installed|was not found|not found in PATH)", ["not installed", "not found"]),
  ],
  commands_macos=["which {cmd}"], commands_linux=["which {cmd}"], commands_windows=["where {cmd}"])

rule("log-spawn-path-enoent", "bad-path", 0.9,
  "The client could not start the server: the program at that path does not exist",
  "A log line saying the client tried to start a program by its path (`/home/me/.local/bin/uv`, `C:\\\\tools\\\\server.exe`, `./server`) and no file exists there: Node's `spawn /path ENOENT`, Go's `fork/exec /path: no such file or directory`, Java's `Cannot run program \"/path\"`, Python's `can't open file '...': [Errno 2]`.",
  "The path was written for another machine or OS (a WSL or Linux path in a Windows app's config, a folder that was moved or renamed, a relative path resolved against the app's own folder). Node also reports ENOENT for the command when the server's `cwd` does not exist.",
  "Check that the file exists at exactly that path on this machine, spelled the way this OS spells paths, and that the server's `cwd` exists. Use an absolute path; on Windows, a server living inside WSL is started with `wsl.exe` as the command.",
  "Point the server at a file that exists: `{cmd}` was not found",
  [
    (r"(?i)\bspawn (?P<cmd>(?:/|[A-Za-z]:[\\/]|\\\\|~|\.{1,2}[\\/])[^'\"{}]*?) ENOENT", ["ENOENT"]),
    (r"(?i)fork/exec (?P<cmd>[^:]+): no such file or directory", ["fork/exec"]),
    (r'(?i)Cannot run program "(?P<cmd>(?:/|[A-Za-z]:\\|\.)[^"]*)"', ["Cannot run program"]),
    (r"(?i)can't open file '(?P<cmd>[^']+)': \[Errno 2\]", ["can't open file"]),
    (r"(?i)The system cannot find the (?:file|path) specified", ["cannot find the"]),
  ])

rule("log-spawn-command-line", "invalid-config", 1.0,
  "The whole command line was put in `command`, so the client looked for a program named after all of it",
  "A spawn failure (`spawn npx -y @scope/server ENOENT`, `spawn echo 'Hello World' ENOENT`, `spawn /usr/bin/node /srv/index.js ENOENT`) where the \"file\" the client tried to run is a command with its arguments, separated by spaces.",
  "Clients do not split `command` on spaces: the program name must be alone in `command` and every argument a separate string in `args`. `claude mcp add name \"npx -y pkg\"` (quoted) and hand-written configs produce this.",
  "Put only the program in `command` and each argument as its own item in `args`, for example `\"command\": \"npx\", \"args\": [\"-y\", \"@scope/server\"]`. With Claude Code: `claude mcp add NAME -- npx -y @scope/server`.",
  "Split `{cmd}` into `command` and `args`",
  [
    (r"(?i)\bspawn (?P<cmd>[^\s{}]+ (?:-|'|\"|/|[A-Za-z]:\\|~|@)(?:[^{}\n:]|[A-Za-z]:\\)*?) ENOENT", ["ENOENT"]),
    (r"(?i)\bspawn (?P<cmd>[^\s/\\{}'\"]+ (?:[^{}\n:]|[A-Za-z]:\\)*?) ENOENT", ["ENOENT"]),
  ])

rule("log-spawn-eacces", "permission", 1.0,
  "The client could not start the server: the program is not executable or not readable",
  "A spawn that the operating system refused: `spawn /path EACCES` or `EPERM` (Node), `permission denied` from Go's `fork/exec`, `error=13, Permission denied` (Java), `PermissionError` (Python), `Access is denied` (Windows).",
  "The server binary lost its executable bit (extracted from a zip or an extension bundle, downloaded by a browser), sits on a `noexec` mount, or is quarantined by macOS Gatekeeper. The client can read the config but cannot run the file.",
  "Make the file executable (`chmod +x PATH`), remove the quarantine attribute on macOS (`xattr -d com.apple.quarantine PATH`), or move it off a `noexec` mount; on Windows unblock it in the file's Properties.",
  "Make `{cmd}` executable",
  [
    (r"(?i)\bspawn (?P<cmd>.+?) (?:EACCES|EPERM)\b", ["EACCES", "EPERM"]),
    (r"(?i)fork/exec (?P<cmd>[^:]+): permission denied", ["fork/exec"]),
    (r'(?i)Cannot run program "(?P<cmd>[^"]+)".*error=13', ["Cannot run program"]),
  ],
  commands_macos=["chmod +x {cmd}", "xattr -d com.apple.quarantine {cmd}"], commands_linux=["chmod +x {cmd}"])

rule("log-permission-denied", "permission", 0.7,
  "A file or folder the server needs could not be read or written",
  "A permission error reported by the server or the client: `EACCES`, `EPERM`, `permission denied`, `operation not permitted`, `PermissionError`, `UnauthorizedAccessException`, `AccessDeniedException`, `Access is denied`.",
  "The server runs as the app's user, often with a different working folder (`/` on macOS) and without the terminal's privacy grants (macOS Full Disk Access), so a file it reads or writes may be off-limits even when the same command works in a terminal.",
  "Find the path in the message, check its owner and mode (`ls -l PATH`), give the user access or point the server at a folder it may write (an absolute path in its args rather than a relative one). On macOS grant the app access in System Settings > Privacy & Security.",
  "Give the server access to the file named in the log",
  [
    (r"(?i)\b(?:EACCES|EPERM)\b", ["EACCES", "EPERM"]),
    (r"(?i)\bpermission denied\b", ["permission denied"]),
    (r"(?i)\boperation not permitted\b", ["operation not permitted"]),
    (r"\bPermissionError\b", ["PermissionError"]),
    (r"\b(?:UnauthorizedAccessException|AccessDeniedException)\b", ["UnauthorizedAccessException", "AccessDeniedException"]),
    (r"(?i)\bAccess (?:is|to the path .{0,200} is) denied", ["denied"]),
    (r"(?i)Read-only file system", ["Read-only file system"]),
  ], severity="error")

rule("log-exit-code", "server-crash", 0.6,
  "The server process exited with an error code",
  "A line reporting that the server's process ended with a non-zero exit code: `exited with code 1`, `Process exited with code 2`, `exit status 1`.",
  "A server that exits right after it starts closes the transport before the client can talk to it. The exit code says little on its own; the server's own stderr lines just before it (a traceback, a missing module, a missing variable) usually name the reason.",
  "Run the server's command by hand in a terminal with the same arguments and environment to see its error, or read the lines just before this one in the server's log.",
  "Read the server's error output just before it exited (code {code})",
  [
    (r"(?i)exited with (?:exit )?code (?P<code>[1-9]\d*)", ["exited with"]),
    (r"(?i)\bexit (?:code|status)[ :=]+(?P<code>[1-9]\d*)", ["exit code", "exit status"]),
    (r"(?i)Server exited before responding to .?initialize.? request", ["Server exited before responding"]),
  ])

rule("log-killed-by-signal", "oom-killed", 0.9,
  "The server was killed by a signal (SIGKILL, exit 137, the OOM killer)",
  "A line saying the server's process was killed rather than exiting: `signal SIGKILL`, `signal: killed`, exit code 137 (128 + 9), the kernel's `Out of memory: Killed process`, a container's `OOMKilled`.",
  "SIGKILL cannot be caught: it comes from the kernel's out-of-memory killer, a container memory limit, or the OS reclaiming memory. The server disappears mid-request with no error of its own.",
  "Check the server's memory use (it may leak: watch it in Activity Monitor / `top`), raise the container's memory limit, or restart the server periodically; report the leak to the server's authors.",
  "Find out why the server used so much memory",
  [
    (r"\bSIGKILL\b", ["SIGKILL"]),
    (r"(?i)\bsignal:? (?:9\b|killed\b)", ["signal"]),
    (r"(?i)\b(?:code|status)[ :=]+137\b", ["137"]),
    (r"(?i)\bOOM[- ]?kill", ["oom"]),
    (r"(?i)Out of memory: Kill(?:ed)? process", ["Out of memory"]),
    (r"^\s*Killed\s*$", ["Killed"]),
  ])

rule("log-heap-out-of-memory", "oom-killed", 1.0,
  "The server ran out of memory (heap limit reached)",
  "The runtime's own out-of-memory abort: V8's `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory`, Java's `java.lang.OutOfMemoryError`, Go's `fatal error: runtime: out of memory`, Python's `MemoryError`, .NET's `OutOfMemoryException`.",
  "The server's memory grew until the runtime's limit (Node's default old-space size, the JVM's -Xmx) and the process aborted. Usually a leak in the server, or a request that loads far too much data.",
  "Update the server (leaks are often fixed), raise the limit as a stopgap (`NODE_OPTIONS=--max-old-space-size=4096` in the server's `env`, `-Xmx` for Java), and report it to the server's authors with the log.",
  "Raise the server's memory limit or update it",
  [
    (r"(?i)heap out of memory", ["heap out of memory"]),
    (r"(?i)Reached heap limit", ["Reached heap limit"]),
    (r"java\.lang\.OutOfMemoryError", ["OutOfMemoryError"]),
    (r"(?i)fatal error: runtime: out of memory", ["out of memory"]),
    (r"\bMemoryError\b", ["MemoryError"]),
    (r"\bOutOfMemoryException\b", ["OutOfMemoryException"]),
  ],
  commands=["NODE_OPTIONS=--max-old-space-size=4096"])

rule("log-crash-signal", "server-crash", 0.7,
  "The server crashed (segmentation fault or abort)",
  "A crash signal other than SIGKILL: `SIGSEGV`, `SIGABRT`, `SIGBUS`, `SIGILL`, `Segmentation fault`, `core dumped`.",
  "A native crash in the server or one of its native modules (a binary built for another CPU or library version, a bug in a native extension).",
  "Reinstall the server's native dependencies for this machine (`npm rebuild`, reinstall the wheel), update the server, and run it by hand to reproduce.",
  "Reinstall or update the server: it crashed",
  [
    (r"\bSIG(?:SEGV|ABRT|BUS|ILL|FPE)\b", ["SIGSEGV", "SIGABRT", "SIGBUS", "SIGILL", "SIGFPE"]),
    (r"(?i)Segmentation fault", ["Segmentation fault"]),
    (r"(?i)core dumped", ["core dumped"]),
  ])

rule("log-transport-closed", "server-crash", 0.3,
  "The server's transport closed unexpectedly (the process exited early)",
  "Claude Desktop's `Server transport closed unexpectedly, this is likely due to the process exiting early`.",
  "The client lost the server right after starting it. This is a symptom shared by every reason a server stops: a missing command, a crash, a missing variable, a killed process. The lines around it usually name the mechanism.",
  "Look at the server's own log lines just before this one (Claude Desktop: `mcp-server-NAME.log`), or run the server's command by hand to see why it exits.",
  "Find out why the server exits: read the lines before this one",
  [
    (r"(?i)transport closed unexpectedly", ["transport closed unexpectedly"]),
  ])

rule("log-connection-closed", "server-crash", 0.15,
  "The client lost the connection to the server",
  "Generic disconnect messages: `Server disconnected`, `MCP error -32000: Connection closed`, `Connection failed: ... Connection closed`.",
  "Every failure ends with the connection closed, so this line alone says nothing about why; it only tells when. Repeated at a regular interval it points at an idle timeout (see the cadence finding).",
  "Look for a more specific line before it (spawn error, traceback, HTTP status) in the same log.",
  "Find the error that precedes the disconnect",
  [
    (r"(?i)\bServer disconnected\b", ["Server disconnected"]),
    (r"(?i)\bConnection closed\b", ["Connection closed"]),
  ], severity="warning", impact="degrades")

rule("log-traceback", "server-crash", 0.6,
  "The server raised an uncaught exception",
  "The start of an uncaught error in the server: Python's `Traceback (most recent call last)`, Node's `Uncaught Exception` / `UnhandledPromiseRejection`, Go's `panic:`, Java's `Exception in thread \"main\"`, .NET's `Unhandled exception.`",
  "An uncaught exception ends the server process; the client then reports the transport closed. The traceback's last line names the error.",
  "Read the last line of the traceback; run the server by hand to reproduce; update or reinstall the server and its dependencies.",
  "Fix the server's exception (see the traceback)",
  [
    (r"Traceback \(most recent call last\)", ["Traceback"]),
    (r"(?i)\bUncaught (?:exception|error)", ["Uncaught"]),
    (r"UnhandledPromiseRejection", ["UnhandledPromiseRejection"]),
    (r"^panic: ", ["panic: "]),
    (r"Exception in thread \"", ["Exception in thread"]),
    (r"^Unhandled [Ee]xception\. ", ["Unhandled"]),
  ])

rule("log-missing-module", "server-crash", 0.95,
  "The server is missing one of its own dependencies",
  "The server failed to load a package it imports: Python's `ModuleNotFoundError: No module named 'x'` / `ImportError`, Node's `Cannot find module 'pkg'` / `Cannot find package` / `ERR_MODULE_NOT_FOUND`, Java's `ClassNotFoundException` / `NoClassDefFoundError`, .NET's `Could not load file or assembly`.",
  "The server runs with a different interpreter or environment than the one its dependencies were installed into (a system `python` instead of the project's venv, a global Node instead of the project's), or its install is incomplete.",
  "Install the dependencies into the environment the client actually starts (`uv run`/`uvx` with the project, the venv's own `python` as `command`, `npm install` in the server's folder), or point `command` at that environment's interpreter.",
  "Install {module} where the server runs, or run the server with the environment that has it",
  [
    (r"(?i)No module named '?(?P<module>[\w.]+)", ["No module named"]),
    (r"ImportError: (?:cannot import name|DLL load failed)", ["ImportError"]),
    (r"Cannot find module '(?P<module>[^'./\\~][^':]*)'", ["Cannot find module"]),
    (r"Cannot find package '(?P<module>[^']+)'", ["Cannot find package"]),
    (r"java\.lang\.(?:NoClassDefFoundError|ClassNotFoundException)", ["NoClassDefFoundError", "ClassNotFoundException"]),
    (r"Could not load file or assembly", ["Could not load file or assembly"]),
  ])

rule("log-module-not-found-code", "server-crash", 0.35,
  "The server could not load a module (MODULE_NOT_FOUND)",
  "Node's error code `MODULE_NOT_FOUND` / `ERR_MODULE_NOT_FOUND` on its own line, without the module's name.",
  "Either the script the client starts does not exist (a path problem) or one of the server's dependencies is missing; the `Cannot find module` line above it says which.",
  "Read the `Cannot find module '...'` line: an absolute or quoted path means the script path is wrong; a package name means a dependency is missing.",
  "Check the module named in the log",
  [
    (r"\bE?R?R?_?MODULE_NOT_FOUND\b", ["MODULE_NOT_FOUND"]),
  ])

rule("log-entry-script-missing", "bad-path", 0.95,
  "The script the server is started with does not exist at that path",
  "Node's `Cannot find module '/abs/path/index.js'` (or a relative `./build/index.js`, or `~/...`) for the entry script given in `args`: the path itself is wrong, not a dependency.",
  "A relative or `~` path is resolved against the client's working folder (often `/` or the app's install folder), not against the config file; a path wrapped in extra quotes inside `args` is taken literally, quotes included; a moved or unbuilt project leaves the path dangling.",
  "Write the absolute path of the script, without extra quotes, as its own item in `args`, and check the file exists (build the project if `build/` is missing). `mcp-doctor fix --absolute-paths` fixes relative and `~` paths.",
  "Use the absolute path of the script, without quotes: {path}",
  [
    (r"Cannot find module '(?P<path>(?:[A-Za-z]:[\\/]|/|\\\\|\.{1,2}[\\/]|~[\\/])[^']*)'", ["Cannot find module"]),
  ])

rule("log-entry-script-quoted", "bad-path", 1.0,
  "The script path in `args` carries literal quotes, so it was resolved as a relative path",
  "Node's `Cannot find module '...\"C:\\\\path\\\\index.js\"'`: the module path contains quote characters, usually the app's folder followed by the quoted path from `args`.",
  "Each item of `args` is passed as-is, without a shell: quotes written inside the string become part of the file name. The quoted name is not absolute, so Node resolves it against the working folder (the app's install folder) and finds nothing.",
  "Remove the extra quotes from the path in `args`: write `\"C:\\\\Users\\\\me\\\\server\\\\index.js\"` in JSON, not `\"\\\"C:\\\\...\\\"\"`. Spaces in a path need no quotes inside `args`.",
  "Remove the literal quotes around the path in `args`: {path}",
  [
    (r"Cannot find module '(?P<path>[^']*\"[^']*)'", ["Cannot find module"]),
  ])

rule("log-file-not-found", "bad-path", 0.5,
  "A file or folder the server was given does not exist",
  "A missing file reported by the server at run time: Node's `ENOENT: no such file or directory, open '...'`, Python's `FileNotFoundError: [Errno 2] No such file or directory: '/path'`, `ENOTDIR`.",
  "A path in the server's arguments or environment is relative (resolved against the client's working folder, often `/`), uses `~`, or names a folder that does not exist on this machine.",
  "Check the path named in the message; use absolute paths in `args`, `env` and `cwd`.",
  "Use an absolute, existing path for {path}",
  [
    (r"(?i)ENOENT: no such file or directory,? \w* ?'(?P<path>[^']+)'", ["no such file or directory"]),
    (r"(?i)FileNotFoundError: \[(?:Errno 2|WinError [23])\][^']*'(?P<path>(?:/|[A-Za-z]:\\|\.|~)[^']*)'", ["FileNotFoundError"]),
    (r"\bENOTDIR\b", ["ENOTDIR"]),
  ], severity="warning")

rule("log-runtime-too-old", "runtime-version", 1.0,
  "The server needs a newer Node, Python, Java or .NET than the one that ran it",
  "Errors that mean the runtime lacks a language feature or built-in the server uses: Node's `ReadableStream is not defined`, `File is not defined`, `fetch is not defined`, `structuredClone is not defined`, `SyntaxError: Unexpected token '?'` or `'??='`, `.toSorted is not a function`, `node: bad option`, `Unsupported engine`; Python's `requires Python >= 3.10`, `unsupported operand type(s) for |: 'type'`, `'type' object is not subscriptable`; Java's `UnsupportedClassVersionError`; .NET's `The framework 'Microsoft.NETCore.App', version 'X' was not found`; Go's `go.mod requires go >=`.",
  "The client found an older runtime first on its PATH (an old nvm version, the system Python), not the one the terminal uses. The server's code parses or runs only on a newer version, so it fails at start-up with an error that looks like a bug.",
  "Install the version the server needs and make the client use it: put the absolute path of the right `node`/`npx`/`python` in `command`, or remove the old version from the PATH the app sees. `node --version` / `python3 --version` with that path shows what the client runs.",
  "Run the server with a newer runtime (absolute path to it in `command`)",
  [
    (r"\b(?:ReadableStream|WritableStream|TransformStream|File|Blob|FormData|Headers|Request|Response|fetch|structuredClone|AbortSignal|AbortController|TextDecoderStream|TextEncoderStream|CompressionStream|DecompressionStream|WebSocket|crypto|navigator|BroadcastChannel|DOMException|EventTarget|CustomEvent|CloseEvent|MessageChannel|performance) is not defined", ["is not defined"]),
    (r"Unexpected token '?(?:\?\?=|\?\?|\?\.|\?|\|\|=|&&=|#)'?(?:\s*$|\s*\()", ["Unexpected token"]),
    (r"\.(?:toSorted|toReversed|toSpliced|findLast|findLastIndex|hasOwn|replaceAll|groupBy|withResolvers|isWellFormed|toWellFormed|at) is not a function", ["is not a function"]),
    (r"(?i)node: bad option", ["bad option"]),
    (r"(?i)(?:Unsupported engine|EBADENGINE|engine \"node\" is incompatible)", ["Unsupported engine", "EBADENGINE", "is incompatible"]),
    (r"(?i)requires? node(?:\.js)? (?:version )?(?:>=?\s*|v)?\d+", ["requires node", "require node"]),
    (r"(?i)requires?[- ]python\W{0,4}(?:>=?|at least|version)?\s*3\.\d+", ["requires python", "requires-python", "require python"]),
    (r"(?i)python 3\.\d+ or (?:later|newer|higher|above)(?: is required)?", ["or later", "or newer", "or higher", "or above"]),
    (r"(?i)requires a different Python|current Python version \(?[\d.]+\)? does not satisfy", ["requires a different Python", "does not satisfy"]),
    (r"unsupported operand type\(s\) for \|: '(?:type|types\.\w+|_GenericAlias)'", ["unsupported operand"]),
    (r"'type' object is not subscriptable", ["is not subscriptable"]),
    (r"UnsupportedClassVersionError|compiled by a more recent version of the Java Runtime", ["UnsupportedClassVersionError", "more recent version of the Java"]),
    (r"(?i)The framework 'Microsoft\.(?:NETCore|AspNetCore)\.App', version '[^']+'.{0,40}was not found|You must install or update \.NET", ["was not found", "You must install or update .NET"]),
    (r"(?i)go\.mod requires go >= ?[\d.]+", ["go.mod requires go"]),
  ],
  commands_macos=["which -a node npx python3"], commands_linux=["which -a node npx python3"], commands_windows=["where node npx python"])

rule("log-python-syntax-error", "runtime-version", 0.55,
  "The server's Python code does not parse with the Python that ran it",
  "`SyntaxError: invalid syntax` raised while the server starts (a `match` statement, a walrus `:=` or other newer syntax on an older interpreter).",
  "Released servers parse on the Python they were written for; a syntax error at start-up usually means an older interpreter came first on the client's PATH (the system `python3`, not the project's).",
  "Run the server with the interpreter it needs: `uv run`/`uvx` with `--python 3.12`, or the absolute path of a newer `python` in `command`.",
  "Run the server with a newer Python",
  [
    (r"SyntaxError: invalid syntax", ["SyntaxError: invalid syntax"]),
  ])

rule("log-stdout-not-json", "stdout-pollution", 1.0,
  "The server writes text that is not JSON-RPC to stdout",
  "The client failed to parse what the server wrote on stdout: `Unexpected token 'C', \"Created in\"... is not valid JSON`, `Unexpected non-whitespace character after JSON`, `Unexpected token x in JSON at position 0`, Go's `invalid character 'x' looking for beginning of value`, Rust's `expected value at line 1 column 1`, Python SDK's `Failed to parse JSONRPC message from server`.",
  "With the stdio transport, stdout is the protocol channel: every byte must be a JSON-RPC message. A banner, a `print()`, a progress line, a logging handler on stdout (dotenv's tip line, uvicorn's start-up message) breaks the stream and the client drops the server.",
  "Send every log line of the server to stderr (`console.error`, `print(..., file=sys.stderr)`, logging to stderr), silence banners (`DOTENV_CONFIG_QUIET=true` for dotenv 17, `quiet: true`), or update the server.",
  "Make the server log to stderr, never stdout",
  [
    (r"is not valid JSON", ["is not valid JSON"]),
    (r"(?i)Unexpected non-whitespace character after JSON", ["non-whitespace character after JSON"]),
    (r"Unexpected token .{1,8} in JSON at position", ["in JSON at position"]),
    (r"invalid character '.{1,6}' looking for beginning of value", ["looking for beginning of value"]),
    (r"expected value at line \d+ column \d+", ["expected value at line"]),
    (r"(?i)Failed to parse JSON-?RPC message", ["Failed to parse JSON"]),
    (r"(?i)Invalid JSON-RPC message", ["Invalid JSON-RPC message"]),
  ],
  commands=["DOTENV_CONFIG_QUIET=true"])

rule("log-auth-failed", "auth-expired", 0.85,
  "The remote server refused the client's credentials (401/403)",
  "An HTTP 401 or 403 from a remote MCP server or the API behind it: `HTTP 401`, `\"code\":401`, `401 Unauthorized`, `403 Forbidden`, `Authentication failed`, `Needs authentication`, `Bad credentials`.",
  "The access token the client sends has expired, was revoked, lacks a scope, or was never sent (a header lost in the config). OAuth sessions of remote servers commonly last from an hour to a week.",
  "Re-authenticate the server in the client (Claude Code: `/mcp` then Authenticate, or `claude mcp login NAME`; mcp-remote: delete `~/.mcp-auth` and reconnect), or replace the API token in the server's headers/env.",
  "Re-authenticate the server",
  [
    (r"(?i)\b(?:HTTP|status(?: code)?|code)\W{0,3}40[13]\b", ["401", "403"]),
    (r"\b401\b.{0,40}\bUnauthorized\b|\bUnauthorized\b.{0,40}\b401\b", ["Unauthorized"]),
    (r"\b403 Forbidden\b", ["403 Forbidden"]),
    (r"(?i)Authentication (?:failed|required|error)", ["Authentication"]),
    (r"(?i)Needs authentication|not authenticated|Bad credentials", ["authentication", "authenticated", "Bad credentials"]),
  ])

rule("log-token-expired", "auth-expired", 1.0,
  "The OAuth or API token expired or could not be refreshed",
  "Messages that name an expired or invalid token: `invalid_token`, `invalid_grant`, `token expired`, `jwt expired`, `Failed to refresh token`, `Authentication tokens are no longer valid`, `Please re-authenticate`, `TokenExpiredError`.",
  "Access tokens are short-lived; the refresh token that renews them can itself expire (Google OAuth apps in Testing mode: 7 days) or be revoked. Once refresh fails, every call gets 401 until the user signs in again.",
  "Sign in to the server again (Claude Code: `/mcp` > Authenticate or `claude mcp login NAME`; mcp-remote: `rm -rf ~/.mcp-auth` and reconnect; servers with their own token file: delete it and restart). For Google OAuth apps in Testing mode, publish the app or re-consent weekly.",
  "Sign in to the server again: its token expired",
  [
    (r"(?i)\binvalid_(?:token|grant)\b", ["invalid_token", "invalid_grant"]),
    (r"(?i)\b(?:access |refresh |oauth |auth |bearer )?token(?:s)? (?:has |have |is |are )?(?:expired|been revoked|no longer valid)", ["expired", "revoked", "no longer valid"]),
    (r"(?i)\bexpired (?:access |refresh |oauth |auth )?token", ["expired"]),
    (r"(?i)\bjwt expired\b|TokenExpiredError", ["jwt expired", "TokenExpiredError"]),
    (r"(?i)(?:failed|unable|could not) to refresh(?: the)?(?: access| oauth)? token|token refresh (?:failed|error)", ["refresh"]),
    (r"(?i)\bre-?authenticate\b", ["authenticate"]),
  ])

rule("log-session-not-found", "session-expired", 1.0,
  "The remote server no longer knows the client's session",
  "A remote server rejecting the `Mcp-Session-Id` the client sends: `Session not found`, `Could not find session`, `Invalid session ID`, `No valid session ID provided`, `Unknown session`.",
  "Streamable HTTP servers keep sessions in memory: a restart, a redeploy or a request routed to another instance forgets them. Clients that keep sending the old session id get 404/400 until they start a new session.",
  "Reconnect the server in the client (Claude Code `/mcp` > Reconnect; restart the desktop app); update the client or bridge (mcp-remote) to a version that re-initialises on 404; run the server with sticky sessions or a shared session store.",
  "Reconnect to start a new session",
  [
    (r"(?i)\bsession (?:id )?not found\b", ["not found"]),
    (r"(?i)could not find session", ["could not find session"]),
    (r"(?i)\b(?:invalid|unknown|expired|stale) session(?: id)?\b", ["invalid session", "unknown session", "expired session", "stale session"]),
    (r"(?i)no valid session(?: id)?", ["no valid session"]),
  ])

rule("log-session-http-404", "session-expired", 0.7,
  "The remote server answered 404/400 to a request of an open session",
  "An HTTP 404 or 400 on a POST to the MCP endpoint of an established session: `Error POSTing to endpoint (HTTP 404)`, `HTTP 400 ... session`.",
  "After the server restarts or the session times out, requests carrying the old `Mcp-Session-Id` get 404 (per the spec) or 400; the client must re-initialise.",
  "Reconnect the server in the client, or update the client/bridge so it re-initialises a session on 404.",
  "Reconnect to start a new session",
  [
    (r"(?i)POSTing to endpoint \(HTTP 40[04]\)", ["POSTing to endpoint"]),
    (r"(?i)\b(?:HTTP|status(?: code)?)\W{0,3}40[04]\b.{0,80}\bsession", ["404", "400"]),
    (r"(?i)\bsession\b.{0,80}\b(?:HTTP|status(?: code)?)\W{0,3}40[04]\b", ["404", "400"]),
  ], impact="degrades")

rule("log-sse-body-timeout", "sse-idle-timeout", 1.0,
  "A long-lived SSE/HTTP stream was cut by an idle or body timeout",
  "The stream between client and remote server was terminated while idle: undici's `TypeError: terminated` / `Body Timeout Error` / `UND_ERR_BODY_TIMEOUT`, `other side closed`, `SSE stream disconnected`.",
  "A server-sent-events stream carries nothing while no one calls a tool. HTTP clients (undici's 300 s body timeout), proxies and load balancers (often 30, 60 or 300 s) close streams that stay silent that long, and the client reports the server as failed.",
  "Make the server send keep-alive pings on the stream (or upgrade it to Streamable HTTP), raise the idle timeout of the proxy or load balancer in between, or update the client, which may reconnect by itself.",
  "Add keep-alives on the stream or raise the proxy's idle timeout",
  [
    (r"(?i)Body Timeout Error|UND_ERR_BODY_TIMEOUT", ["Body Timeout", "UND_ERR_BODY_TIMEOUT"]),
    (r"(?i)\bTypeError: terminated\b", ["terminated"]),
    (r"(?i)\bother side closed\b", ["other side closed"]),
    (r"(?i)\bSSE (?:stream|connection) (?:was )?(?:disconnected|closed|lost|dropped|timed out|terminated)", ["SSE stream", "SSE connection"]),
  ], impact="degrades")

rule("log-sse-error", "sse-idle-timeout", 0.45,
  "The SSE stream or HTTP connection to the remote server dropped",
  "Generic stream failures of a remote server: `SSE error`, `ECONNRESET`, `socket hang up`, `stream disconnected`.",
  "A stream that drops without a more specific message is most often cut by an idle timeout in a proxy or the server; it can also be a network change. Regular intervals between these lines point at a timeout.",
  "Check whether the disconnects come at a regular interval (idle timeout), add keep-alives or raise the proxy's timeout.",
  "Check the interval between disconnects",
  [
    (r"(?i)\bSSE error\b", ["SSE error"]),
    (r"\bECONNRESET\b", ["ECONNRESET"]),
    (r"(?i)socket hang up", ["socket hang up"]),
    (r"(?i)\bstream (?:was )?(?:disconnected|reset)\b", ["stream disconnected", "stream reset", "stream was"]),
  ], severity="warning", impact="degrades")

rule("log-network-error", "network-blocked", 0.9,
  "The client could not reach the remote server (refused, DNS, unreachable, proxy)",
  "Connection failures below HTTP: `ECONNREFUSED`, `connection refused`, `ENOTFOUND`, `EAI_AGAIN`, `getaddrinfo`, `no such host`, `Name or service not known`, `Temporary failure in name resolution`, `ENETUNREACH`, `EHOSTUNREACH`, `ETIMEDOUT`, `407 Proxy Authentication Required`, `tunneling socket could not be established`.",
  "The server's host does not resolve, nothing listens on the port, or a firewall or proxy is in the way. Desktop apps often ignore the shell's `HTTPS_PROXY`, so a URL that works in `curl` fails in the app.",
  "Check the URL (host, port, `http` vs `https`); check that a local server is running; behind a proxy, pass `HTTPS_PROXY`/`NO_PROXY` to the client or server (`NODE_USE_ENV_PROXY=1` for Node 24+).",
  "Check the server's URL and the network path (proxy, firewall, DNS)",
  [
    (r"\b(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT|ECONNABORTED)\b", ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ETIMEDOUT", "ECONNABORTED"]),
    (r"(?i)connection refused", ["connection refused"]),
    (r"(?i)\bgetaddrinfo\b|no such host|Name or service not known|nodename nor servname|Temporary failure in name resolution|Could not resolve host|No such host is known", ["getaddrinfo", "no such host", "Name or service not known", "nodename nor servname", "Temporary failure in name resolution", "Could not resolve host", "No such host is known"]),
    (r"(?i)407 Proxy Authentication|tunneling socket could not be established|proxy (?:error|connect(?:ion)? (?:failed|refused))", ["407", "tunneling socket", "proxy"]),
    (r"(?i)Failed to establish a new connection|Network is unreachable", ["Failed to establish a new connection", "Network is unreachable"]),
  ])

rule("log-tls-error", "network-blocked", 1.0,
  "A TLS certificate could not be verified (corporate proxy or self-signed certificate)",
  "Certificate errors: `self signed certificate in certificate chain`, `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `CERT_HAS_EXPIRED`, `SSL: CERTIFICATE_VERIFY_FAILED` (Python), `x509: certificate signed by unknown authority` (Go), `PKIX path building failed` (Java), `The remote certificate is invalid` (.NET).",
  "A TLS-inspecting proxy or antivirus re-signs traffic with a company root certificate that the OS trusts but Node, Python or Java do not (they ship their own certificate stores).",
  "Give the runtime the company's root certificate: `NODE_EXTRA_CA_CERTS=/path/ca.pem` (or `NODE_OPTIONS=--use-system-ca` on Node 23.8+), `SSL_CERT_FILE`/`REQUESTS_CA_BUNDLE` for Python, the JVM truststore for Java, in the server's `env`.",
  "Give the server's runtime the proxy's root certificate",
  [
    (r"(?i)self[- ]signed certificate", ["self signed", "self-signed"]),
    (r"\b(?:UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED)\b", ["UNABLE_TO_", "CERT_HAS_EXPIRED", "SELF_SIGNED_CERT", "ERR_TLS_CERT", "CERT_UNTRUSTED"]),
    (r"(?i)CERTIFICATE_VERIFY_FAILED|x509: certificate|PKIX path building failed|remote certificate is invalid|unable to (?:get|verify) (?:the first|local issuer) certificate|certificate (?:has expired|verify failed|is not trusted)", ["CERTIFICATE_VERIFY_FAILED", "x509", "PKIX", "certificate"]),
  ],
  commands=["NODE_EXTRA_CA_CERTS=/path/to/company-root-ca.pem"])

rule("log-fetch-failed", "network-blocked", 0.6,
  "A request to the remote server failed before any HTTP answer",
  "Node's `TypeError: fetch failed` (undici), node-fetch's `request to URL failed, reason:`, browsers' `Failed to fetch`: the request never got a response.",
  "The cause (DNS, refused connection, proxy, certificate) is in the error's `cause`, often not printed. Behind a corporate proxy this is the usual first sign.",
  "Run `curl -v URL` from the same machine; if it works there, the app lacks the proxy or certificate settings (`HTTPS_PROXY`, `NODE_EXTRA_CA_CERTS`).",
  "Check the network path to the server (proxy, certificates)",
  [
    (r"(?i)\bfetch failed\b", ["fetch failed"]),
    (r"(?i)\brequest to \S+ failed, reason:", ["failed, reason"]),
    (r"(?i)\bFailed to fetch\b", ["Failed to fetch"]),
  ])

rule("log-request-timeout", "startup-timeout", 1.0,
  "The server did not answer in time (request timed out, -32001)",
  "A timeout waiting for the server: `MCP error -32001: Request timed out`, `timed out after 30000ms`, `Connection to MCP server ... timed out`, `server timed out (no response within 30s)`, `context deadline exceeded` on initialize.",
  "The client gives a server a fixed time to answer `initialize` (30 s in Claude Code, 10 s in Codex by default) and each request. A first `npx -y`/`uvx` run downloads the package and can take longer; a server that does slow work before answering does too.",
  "Install the package once beforehand (`npm install -g PKG` and use its command, or run the `npx -y` command once in a terminal), raise the client's timeout (Claude Code `MCP_TIMEOUT=60000`, Codex `startup_timeout_sec`), or make the server answer `initialize` before doing slow work.",
  "Pre-install the server or raise the client's start-up timeout",
  [
    (r"(?i)\berror -32001\b", ["-32001"]),
    (r"(?i)\bRequest timed out\b", ["Request timed out"]),
    (r"(?i)\btimed out after \d+ ?(?:ms|s|seconds)\b", ["timed out after"]),
    (r"(?i)\b(?:server|connection|initialize|initialization|handshake|request)(?: request)? timed out\b", ["timed out"]),
    (r"(?i)no response within \d+", ["no response within"]),
    (r"(?i)timed out (?:while )?waiting for (?:the )?(?:server|initialize|response)", ["timed out"]),
    (r"(?i)startup_timeout_sec", ["startup_timeout_sec"]),
  ],
  commands=["MCP_TIMEOUT=60000"])

rule("log-waiting-initialize", "startup-timeout", 0.3,
  "The client is still waiting for the server to answer `initialize`",
  "VS Code's `Waiting for server to respond to initialize request...`, repeated while the server is silent.",
  "A few of these are normal for a slow first start; many, without a later `Discovered N tools`, mean the server never answered (it hangs, crashed silently, or its output goes elsewhere).",
  "Look at the server's own output in the same log; run the command by hand and see whether it answers.",
  "Check whether the server ever answered initialize",
  [
    (r"(?i)Waiting for server to respond to .?initialize.? request", ["Waiting for server to respond"]),
  ], severity="warning", impact="degrades")

rule("log-missing-env", "missing-env", 1.0,
  "An environment variable the server needs is not set",
  "A server or client saying a variable or key is missing: `GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set`, `Missing environment variables: X`, `API key is required`, `Please set the X environment variable`, `KeyError: 'X'` (Python's `os.environ[...]`).",
  "Clients pass servers only a small part of the user's environment; variables exported in `~/.zshrc` do not reach servers started by a desktop app. A variable referenced as `${X}` in the config stays empty when X is not set where the client runs, and Docker's `-e X=value` form forwards nothing when written wrong.",
  "Put the variable in the server's `env` block in the config (its value, or a reference the client expands), or export it where the client is started. For Docker servers pass `-e NAME` in `args` and the value in `env`.",
  "Set {var} in the server's `env`",
  [
    (r"(?i)\benvironment variables?\b.{0,60}\b(?:is |are )?(?:not set|missing|required|undefined|empty|not defined|not found|not provided)\b", ["environment variable"]),
    (r"\b(?P<var>[A-Z][A-Z0-9_]{2,})\b(?i:\s+(?:environment variable|env var|variable))?(?i:\s+(?:is\s+)?(?:not set|missing|required|empty|not defined|not provided|must be set))", ["not set", "missing", "required", "empty", "not defined", "not provided", "must be set"]),
    (r"(?i)missing (?:required )?(?:environment|env) (?:variables?|vars?):?\s*(?P<var>[A-Z][A-Z0-9_]+)?", ["missing"]),
    (r"(?i)\b(?:api[_ -]?key|access[_ ]token|auth[_ ]token|api[_ ]token|token|credentials?)\b (?:is |was |are )?(?:not set|missing|required|not provided|not configured|not found)", ["not set", "missing", "required", "not provided", "not configured", "not found"]),
    (r"(?i)\bmissing (?:an? )?(?:api[_ -]?key|access token|auth token|token|credentials?)\b|\bno (?:api[_ -]?key|access token|auth token|token|credentials?) (?:found|provided|set|configured)", ["missing", "no api", "no access token", "no auth token", "no token", "no credential"]),
    (r"(?i)please set (?:the )?(?P<var>[A-Z][A-Z0-9_]+)", ["please set"]),
    (r"KeyError: '(?P<var>[A-Z][A-Z0-9_]{2,})'", ["KeyError"]),
  ])

rule("log-config-ignored", "config-ignored", 1.0,
  "The client says it ignores MCP servers configured in this place",
  "VS Code's `MCP servers should not be configured in user settings. Use the dedicated MCP configuration instead.` and similar notices that an entry is read from the wrong file.",
  "VS Code reads MCP servers only from `mcp.json` (user profile or `.vscode/mcp.json`) since 1.102; servers left under `\"mcp\"` in `settings.json` are not started.",
  "Move the server entries to `mcp.json` (run \"MCP: Open User Configuration\") under `servers`, and remove them from `settings.json`.",
  "Move the servers to the client's MCP configuration file",
  [
    (r"(?i)MCP servers should not be configured in user settings", ["should not be configured in user settings"]),
    (r"(?i)Use the dedicated MCP configuration", ["dedicated MCP configuration"]),
  ], severity="warning")

rule("log-windows-cmd-wrapper", "windows-npx", 1.0,
  "On Windows, `npx` (a `.cmd` script) must be started through `cmd /c`",
  "Claude Code's `Windows requires 'cmd /c' wrapper to execute npx`, Node's `spawn npx EINVAL` / `spawn EINVAL` when a `.cmd` file is spawned without a shell.",
  "On Windows `npx`, `npm`, `pnpm` and `yarn` are `.cmd` batch scripts, not programs. Without a shell the client cannot run them: `spawn npx ENOENT` (no `npx.exe`) or, since Node's 2024 security fix, `spawn EINVAL` for `.cmd` files.",
  "Use `\"command\": \"cmd\", \"args\": [\"/c\", \"npx\", \"-y\", \"PKG\"]`, or the full path of `npx.cmd`.",
  "Start `npx` through `cmd /c`",
  [
    (r"(?i)requires? 'cmd /c' wrapper", ["cmd /c"]),
    (r"(?i)\bspawn (?P<cmd>\S*?(?:npx|npm|pnpm|pnpx|yarn|bunx)(?:\.cmd)?) EINVAL", ["EINVAL"]),
    (r"(?i)\bspawn EINVAL\b", ["EINVAL"]),
  ],
  commands_windows=["cmd /c npx -y PACKAGE"])

rule("log-windows-npx-enoent", "windows-npx", 0.95,
  "On Windows, a bare `npx`/`npm` command cannot be spawned without `cmd /c`",
  "`spawn npx ENOENT` (or `npm`, `pnpm`, `yarn`) in a log from a Windows machine. Matched from `log-spawn-enoent` lines when the diagnosed OS is Windows.",
  "There is no `npx.exe` on Windows, only `npx.cmd`; a client that starts servers without a shell finds no program named `npx` even though Node is installed and `npx` works in a terminal.",
  "Use `\"command\": \"cmd\", \"args\": [\"/c\", \"npx\", ...]` or the full path of `npx.cmd` (`where npx`).",
  "Start `{cmd}` through `cmd /c`",
  [],
  commands_windows=["where {cmd}"])

rule("log-config-invalid", "invalid-config", 0.5,
  "The client reports the server's configuration as invalid",
  "Client messages that a config or an entry is invalid: `mcp-config-invalid`, `Invalid MCP configuration`, `Failed to parse config`.",
  "An entry the client cannot use is skipped; the rest of the message usually names the field (a missing variable, a wrong type).",
  "Read the rest of the message for the field; run `mcp-doctor check` to validate the file.",
  "Fix the server's entry in the config",
  [
    (r"(?i)mcp-config-invalid", ["mcp-config-invalid"]),
    (r"(?i)\b(?:invalid|malformed) (?:mcp )?(?:config|configuration|settings)\b", ["invalid", "malformed"]),
    (r"(?i)failed to parse (?:the )?(?:mcp )?(?:config|configuration|settings)", ["failed to parse"]),
  ])

rule("log-crash-loop", "server-crash", 0.55,
  "The server keeps crashing and being restarted (a crash loop)",
  "Derived from the log over time: the same server started three or more times in the window, each start followed by a failure.",
  "A client that restarts a failing server hides the failure behind reconnects; the server is unusable while the loop lasts and each start may cost a download or a token refresh.",
  "Fix the first failure of the loop (the most specific finding for this server); run the server's command by hand to see it.",
  "Fix the failure that ends each start",
  [])

rule("log-disconnect-cadence", "sse-idle-timeout", 0.9,
  "The server disconnects at a regular interval (an idle timeout)",
  "Derived from the log over time: the disconnects of one server come at a nearly constant interval (30, 60, 300 s are common), not at random.",
  "A regular cadence is the signature of a timer, not a crash: a proxy, load balancer or HTTP client closing connections that stay idle for a fixed time.",
  "Find the timeout equal to the interval (proxy `proxy_read_timeout`, load balancer idle timeout, undici's 300 s body timeout) and raise it, or make the server send keep-alives on the stream.",
  "Raise the idle timeout of about {interval} or add keep-alives",
  [], impact="degrades")

def emit(r):
    lines = [f'id = "{r["id"]}"', f'cause = "{r["cause"]}"', f'severity = "{r["severity"]}"', f'impact = "{r["impact"]}"',
             'source = "log"', "title = " + q(r["title"]), f'specificity = {r["spec"]}', "",
             "[explain]", "what = " + tq(r["what"]), "why = " + tq(r["why"]), "fix = " + tq(r["fix"]), "",
             "[fix]", "summary = " + q(r["summary"]), 'safety = "display-only"']
    for k in ["commands", "commands_macos", "commands_windows", "commands_linux"]:
        if r[k]:
            lines.append(f"{k} = [" + ", ".join(q(c) for c in r[k]) + "]")
    for rx, lits in r["patterns"]:
        lines += ["", "[[patterns]]", "regex = " + q(rx), "literals = [" + ", ".join(q(l) for l in lits) + "]"]
    return "\n".join(lines) + "\n"

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    if f.endswith(".toml"):
        os.remove(os.path.join(OUT, f))
for r in R:
    with open(os.path.join(OUT, r["id"][4:] + ".toml"), "w") as fh:
        fh.write(emit(r))
print(len(R), "rules")
