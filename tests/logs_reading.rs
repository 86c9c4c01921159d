//! Text read the way it arrives: pasted (quoted, indented, numbered, wrapped), records that span
//! lines (Python tracebacks, Node stacks, pretty-printed zod issue arrays, JSON-RPC error
//! objects), and error lines no rule knows (never silent). Through `logs::classify_text`, the
//! entry point the probe uses too.
use mcp_doctor::finding::{Finding, Severity};
use mcp_doctor::logs::classify_text;
use mcp_doctor::machine::{Machine, MachineOptions, Os};

fn findings(text: &str) -> Vec<Finding> {
    let home = tempfile::tempdir().unwrap();
    let now = mcp_doctor::logs::time::parse("2030-01-01T00:00:00Z").unwrap();
    let m = Machine::new(
        MachineOptions {
            home: Some(home.path().to_path_buf()),
            os: Some(Os::Macos),
            now: Some(now),
            ..Default::default()
        },
        vec![],
        home.path().to_path_buf(),
    )
    .unwrap();
    classify_text(&m, text, "pasted")
}

fn rules(text: &str) -> Vec<String> {
    findings(text)
        .iter()
        .map(|f| f.rule.as_str().to_string())
        .collect()
}

#[test]
fn quoted_numbered_and_indented_pastes_keep_their_headers() {
    for text in [
        "> 2025-06-03T07:23:52.664Z [error] [fs] spawn npx ENOENT",
        "> > 2025-06-03T07:23:52.664Z [error] [fs] spawn npx ENOENT",
        "12 | 2025-06-03T07:23:52.664Z [error] [fs] spawn npx ENOENT",
        "    2025-06-03T07:23:52.664Z [error] [fs] spawn npx ENOENT",
        // `docker compose logs`: the container's column.
        "mcp-gateway-1  | 2025-06-03T07:23:52.664Z [error] [fs] spawn npx ENOENT",
    ] {
        let f = findings(text);
        let hit = f.iter().find(|f| f.rule.as_str() == "log-spawn-enoent");
        let hit = hit.unwrap_or_else(|| panic!("{text:?}: {f:?}"));
        assert_eq!(hit.server.as_deref(), Some("fs"), "{text:?}");
    }
}

/// A message wrapped in `docker compose logs` output: each part carries the container's column,
/// which is not part of the message (a logger's level column is not taken for one).
#[test]
fn a_wrapped_message_under_a_compose_prefix_is_read_whole() {
    let text = "notes-1  | Error [ERR_MODULE_NOT_FOUND]: Cannot find module\nnotes-1  | '/app/src/mcp-server.ts'\n";
    let r = rules(text);
    assert!(r.contains(&"log-entry-script-missing".to_string()), "{r:?}");
    let leveled = "ERROR    | spawn npx ENOENT";
    assert!(rules(leveled).contains(&"log-spawn-enoent".to_string()));
}

#[test]
fn a_wrapped_message_is_read_whole() {
    let text = "2025-06-03T07:23:52.664Z [github] [error] GITHUB_PERSONAL_ACCESS_TOKEN environment\nvariable is not set";
    assert!(
        rules(text).contains(&"log-missing-env".to_string()),
        "{:?}",
        rules(text)
    );
    // Cut mid-word by a terminal's width.
    let text = "2025-06-03T07:23:52.664Z [fs] [error] Error: connect ECONNREF\nUSED 127.0.0.1:3000";
    assert!(
        rules(text).contains(&"log-network-error".to_string()),
        "{:?}",
        rules(text)
    );
    // A line a rule knew is whole: the next line is not read as its continuation.
    let text = "2025-06-03T07:23:52.664Z [fs] [error] spawn npx ENOENT\nvariable is not set";
    assert_eq!(rules(text), vec!["log-spawn-enoent".to_string()]);
}

#[test]
fn a_message_cut_before_its_path_is_read_with_the_path() {
    // Node's ESM loader, wrapped by a terminal before the quoted path: the generic module code
    // on the first line, the missing script in the whole.
    let text = "Error [ERR_MODULE_NOT_FOUND]: Cannot find module\n'/Users/me/projects/weather/build/index.js'";
    let r = rules(text);
    assert!(r.contains(&"log-entry-script-missing".to_string()), "{r:?}");
    // Another record is no continuation, even when it holds a path.
    let text = "2025-06-03T07:23:52.664Z [fs] [error] Error [ERR_MODULE_NOT_FOUND]: Cannot find module\n2025-06-03T07:23:52.700Z [fs] [info] '/Users/me/projects/weather/build/index.js'";
    let r = rules(text);
    assert!(
        !r.contains(&"log-entry-script-missing".to_string()),
        "{r:?}"
    );
}

#[test]
fn a_json_error_in_the_clients_reader_is_stdout_pollution_in_the_servers_code_a_crash() {
    let reader = r#"Traceback (most recent call last):
  File "/venv/lib/python3.12/site-packages/mcp/client/stdio/__init__.py", line 155, in stdout_reader
    message = types.JSONRPCMessage.model_validate_json(line)
  File "/usr/lib/python3.12/json/decoder.py", line 355, in raw_decode
    raise JSONDecodeError("Expecting value", s, err.value) from None
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"#;
    let r = rules(reader);
    assert!(r.contains(&"log-stdout-not-json".to_string()), "{r:?}");
    let own = r#"Traceback (most recent call last):
  File "/srv/weather/server.py", line 40, in get_forecast
    data = resp.json()
  File "/venv/lib/python3.12/site-packages/requests/models.py", line 978, in json
    raise RequestsJSONDecodeError(e.msg, e.doc, e.pos)
requests.exceptions.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"#;
    let r = rules(own);
    assert!(r.contains(&"log-traceback".to_string()), "{r:?}");
    assert!(
        !r.iter()
            .any(|x| x == "log-stdout-not-json" || x == "log-json-parse-error"),
        "{r:?}"
    );
}

#[test]
fn a_stream_the_clients_reader_could_not_decode_is_stdout_pollution() {
    // The Python SDK's stdout reader on bytes that are not UTF-8 (a banner in a console's code
    // page): the server's stdout, not a crash of the server's own code.
    let reader = r#"Traceback (most recent call last):
  File "/venv/lib/python3.12/site-packages/mcp/client/stdio/__init__.py", line 151, in stdout_reader
    async for chunk in process.stdout:
  File "<frozen codecs>", line 322, in decode
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xb2 in position 12: invalid start byte"#;
    let r = rules(reader);
    assert!(r.contains(&"log-stdout-not-json".to_string()), "{r:?}");
    // The same exception in the server's own code reading a file is its crash.
    let own = r#"Traceback (most recent call last):
  File "/srv/notes/server.py", line 18, in load_notes
    text = path.read_text()
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xb2 in position 12: invalid start byte"#;
    let r = rules(own);
    assert!(!r.contains(&"log-stdout-not-json".to_string()), "{r:?}");
}

#[test]
fn a_json_error_reading_an_oauth_reply_is_the_sign_in_not_stdout() {
    // The TypeScript SDK's parseErrorResponse on a server that answers its OAuth requests with
    // a page (upstash/context7#682, taylorwilsdon/google_workspace_mcp#382).
    let text = "Error: HTTP 404: Invalid OAuth error response: SyntaxError: Unexpected token 'N', \"Not found\" is not valid JSON. Raw body: Not found";
    let r = rules(text);
    assert!(r.contains(&"log-auth-failed".to_string()), "{r:?}");
    assert!(!r.contains(&"log-stdout-not-json".to_string()), "{r:?}");
    // The same parse error of a stdio server's stdout stays stdout pollution.
    let r = rules("SyntaxError: Unexpected token 'P', \"Please set\"... is not valid JSON");
    assert!(r.contains(&"log-stdout-not-json".to_string()), "{r:?}");
}

#[test]
fn a_json_error_thrown_while_loading_a_config_is_the_configs() {
    let text = "SyntaxError: Expected double-quoted property name in JSON at position 312 (line 14 column 5)\n    at JSON.parse (<anonymous>)\n    at loadMcpConfig (/app/dist/config/loader.js:41:23)\n    at async main (/app/dist/index.js:12:3)";
    let r = rules(text);
    assert!(r.contains(&"log-config-parse-error".to_string()), "{r:?}");
    assert!(!r.contains(&"log-json-parse-error".to_string()), "{r:?}");
    // The same error in the stdio reader stays stdout pollution.
    let text = "SyntaxError: Unexpected end of JSON input\n    at JSON.parse (<anonymous>)\n    at ReadBuffer.readMessage (/app/node_modules/@modelcontextprotocol/sdk/dist/shared/stdio.js:22:21)";
    let r = rules(text);
    assert!(r.contains(&"log-json-parse-error".to_string()), "{r:?}");
}

/// A JSON parse error thrown reading an HTTP reply's body (undici's `parseJSONFromBytes` behind
/// `fetch`'s `response.json()`): the reply was no JSON, not a server's stdout (punkpeye/mcp-remote,
/// a compressed discovery reply read as JSON, fixed by its commit 2899e55).
#[test]
fn a_json_error_reading_an_http_reply_is_not_stdout() {
    let text = "Connection error: SyntaxError: Unexpected token '\u{1f}', \"\u{1f}...\" is not valid JSON\n    at JSON.parse (<anonymous>)\n    at parseJSONFromBytes (node:internal/deps/undici/undici:4227:19)\n    at successSteps (node:internal/deps/undici/undici:4209:27)";
    let r = rules(text);
    assert!(r.contains(&"log-traceback".to_string()), "{r:?}");
    assert!(!r.contains(&"log-stdout-not-json".to_string()), "{r:?}");
    assert!(!r.contains(&"log-json-parse-error".to_string()), "{r:?}");
}

/// A broken pipe under the server's own `console.log` (Node writes it to stdout, the protocol
/// channel): stdout pollution, whether the stack is on its own lines or pasted on one; under
/// `console.error` (stderr) it stays a closed transport (Coding-Solo/godot-mcp: `logDebug` through
/// `console.debug`, fixed by moving it to stderr).
#[test]
fn a_broken_pipe_under_console_log_is_stdout_pollution() {
    let stack = |method: &str, sep: &str| {
        [
            "Error: EPIPE: broken pipe, write",
            "    at Socket._write (node:internal/net:63:18)",
            "    at console.value (node:internal/console/constructor:298:16)",
            &format!("    at console.{method} (node:internal/console/constructor:398:26)"),
            "    at GodotServer.logDebug (file:///D:/godot-mcp/build/index.js:119:21)",
        ]
        .join(sep)
    };
    for sep in ["\n", " "] {
        for method in ["log", "debug", "info"] {
            let r = rules(&stack(method, sep));
            assert!(
                r.contains(&"log-stdout-not-json".to_string()),
                "{method} {sep:?}: {r:?}"
            );
            assert!(
                !r.contains(&"log-transport-closed".to_string()),
                "{method} {sep:?}: {r:?}"
            );
        }
        let r = rules(&stack("error", sep));
        assert!(
            r.contains(&"log-transport-closed".to_string()),
            "{sep:?}: {r:?}"
        );
        assert!(
            !r.contains(&"log-stdout-not-json".to_string()),
            "{sep:?}: {r:?}"
        );
    }
}

#[test]
fn a_pretty_printed_zod_issue_array_is_read_as_a_structure() {
    let config = r#"2025-08-01T10:00:00.000Z [error] Invalid input: ZodError: [
  {
    "code": "invalid_type",
    "expected": "array",
    "received": "string",
    "path": [
      "mcpServers",
      "github",
      "args"
    ],
    "message": "Expected array, received string"
  }
]"#;
    let f = findings(config);
    let hit = f
        .iter()
        .find(|f| f.rule.as_str() == "log-config-parse-error")
        .unwrap_or_else(|| panic!("{f:?}"));
    assert!(
        hit.evidence
            .iter()
            .any(|e| e.text.contains("mcpServers.github.args")),
        "{:?}",
        hit.evidence
    );
    let stdout = r#"McpError: [
  {
    "code": "invalid_union",
    "path": [
      "jsonrpc"
    ],
    "message": "Invalid input"
  }
]"#;
    assert!(
        rules(stdout).contains(&"log-stdout-not-json".to_string()),
        "{:?}",
        rules(stdout)
    );
}

#[test]
fn a_jsonrpc_error_object_is_read_by_its_code_and_message() {
    let text = r#"{"jsonrpc":"2.0","id":3,"error":{"code":-32001,"message":"Request timed out","data":{"timeout":60000}}}"#;
    let f = findings(text);
    let hit = f
        .iter()
        .find(|f| f.rule.as_str() == "log-request-timeout")
        .unwrap_or_else(|| panic!("{f:?}"));
    assert!(hit.evidence[0]
        .text
        .contains("MCP error -32001: Request timed out"));
    let text =
        r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}"#;
    assert!(rules(text).contains(&"log-session-not-found".to_string()));
}

#[test]
fn a_json_object_after_a_prefix_is_read_by_its_unescaped_text() {
    // The object ends the line: its strings are read as printed (no `\"` escapes, no closing
    // `"}` after the message), whether a logger's record or a JSON-RPC error after a prefix.
    for (text, want) in [
        (
            r#"2025-06-01 10:00:00 [error] {"error": "SyntaxError: Unexpected token '?'"}"#,
            "log-runtime-too-old",
        ),
        (
            r#"2025-06-01 10:00:00 [error] {"error": "error x@1.0.0: The engine \"node\" is incompatible with this module. Expected version \">=20\"."}"#,
            "log-runtime-too-old",
        ),
        (
            r#"2025-06-01T10:00:00.000Z [x] [info] Message from server: {"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"memory allocation of 1073741824 bytes failed"}}"#,
            "log-heap-out-of-memory",
        ),
    ] {
        let got = rules(text);
        assert_eq!(
            got.first().map(String::as_str),
            Some(want),
            "{text}: {got:?}"
        );
    }
    // A line whose object holds no text keeps its own reading.
    let got = rules(r#"[error] spawn npx ENOENT {"code": 1}"#);
    assert!(got.contains(&"log-spawn-enoent".to_string()), "{got:?}");
    // The object's text is one field: a stronger message in another field still decides.
    let got = rules(
        r#"[error] Failed: {"message": "Connection closed", "stack": "Error: spawn npx ENOENT\n    at ChildProcess._handle.onexit"}"#,
    );
    assert_eq!(
        got.first().map(String::as_str),
        Some("log-spawn-enoent"),
        "{got:?}"
    );
}

#[test]
fn colour_codes_and_typographic_characters_are_read_as_printed() {
    for (text, want) in [
        (
            "\x1b[31m2025-06-03T07:23:52.664Z [error] [fs]\x1b[0m spawn npx ENOENT",
            "log-spawn-enoent",
        ),
        (
            "Unexpected\u{a0}token\u{a0}\u{2018}S\u{2019}, \u{201c}Starting s\u{201d}... is not valid JSON",
            "log-stdout-not-json",
        ),
        ("`SyntaxError: Unexpected token \u{2018}?\u{2019}`", "log-runtime-too-old"),
    ] {
        let f = findings(text);
        assert_eq!(
            f.first().map(|f| f.rule.as_str()),
            Some(want),
            "{text:?}: {f:?}"
        );
        // What is shown is the plain text: no escape byte reaches the terminal.
        assert!(f.iter().all(|f| f.evidence.iter().all(|e| !e.text.contains('\x1b'))));
    }
}

#[test]
fn a_logged_command_line_is_evidence() {
    let text = "2025-05-01T10:00:00.000Z [notes] [info] Using MCP server command: /usr/local/bin/node with args and path: {\n  metadata: {\n    args: [ '~/mcp/notes/index.js', [length]: 1 ],\n    paths: [ '/usr/bin', [length]: 1 ]\n  }\n} { metadata: undefined }";
    let f = findings(text);
    let hit = f
        .iter()
        .find(|f| f.rule.as_str() == "log-logged-home-path")
        .unwrap_or_else(|| panic!("{f:?}"));
    assert!(
        hit.vars
            .iter()
            .any(|(k, v)| *k == mcp_doctor::finding::Var::Path && v == "~/mcp/notes/index.js"),
        "{:?}",
        hit.vars
    );
}

#[test]
fn error_lines_no_rule_knows_are_shown_never_silent() {
    let text = "2025-05-01T10:00:00.000Z [weather] [info] starting\n2025-05-01T10:00:01.000Z [weather] [error] WeatherProviderError: upstream answered 599 for /v2/forecast\n2025-05-01T10:00:01.500Z [weather] [info] shutting down";
    let f = findings(text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule.as_str(), "log-unclassified-error");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].evidence[0].text.contains("WeatherProviderError"));
    assert!(f[0].message.contains("weak guess"), "{}", f[0].message);
    // A timeout's words point to startup-timeout.
    let f = findings("fatal: upstream handshake took too long (deadline 30s)");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].cause().as_str(), "startup-timeout");
    // A known failure leaves no room for the weak finding of the same server.
    let f = findings("2025-05-01T10:00:00.000Z [fs] [error] Error: spawn npx ENOENT\n2025-05-01T10:00:00.100Z [fs] [error] SomethingElseError: odd");
    assert!(
        f.iter()
            .all(|f| f.rule.as_str() != "log-unclassified-error"),
        "{f:?}"
    );
    // Ordinary lines are not errors.
    assert!(
        findings("2025-05-01T10:00:00.000Z [fs] [info] tools/list returned 12 tools").is_empty()
    );
}

#[test]
fn a_request_timeout_after_the_session_was_up_is_not_a_slow_start() {
    // Claude Desktop's message log: the client's `notifications/initialized` (sent only after
    // the server answered `initialize`), a tool call, then the SDK's -32001.
    let up = r#"2025-06-03T07:23:50.000Z [weather] [info] Message from client: {"method":"initialize","params":{"protocolVersion":"2025-06-18"},"jsonrpc":"2.0","id":0}
2025-06-03T07:23:50.200Z [weather] [info] Message from server: {"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18"}}
2025-06-03T07:23:50.300Z [weather] [info] Message from client: {"method":"notifications/initialized","jsonrpc":"2.0"}
2025-06-03T07:29:50.300Z [weather] [info] Message from client: {"method":"tools/call","params":{"name":"forecast"},"jsonrpc":"2.0","id":7}
2025-06-03T07:30:50.300Z [weather] [error] McpError: MCP error -32001: Request timed out"#;
    let r = rules(up);
    assert!(
        r.contains(&"log-request-timeout-mid-session".to_string()),
        "{r:?}"
    );
    assert!(!r.contains(&"log-request-timeout".to_string()), "{r:?}");
    // The same error while `initialize` is still unanswered is a slow start.
    let start = r#"2025-06-03T07:23:50.000Z [weather] [info] Message from client: {"method":"initialize","params":{"protocolVersion":"2025-06-18"},"jsonrpc":"2.0","id":0}
2025-06-03T07:24:50.000Z [weather] [error] McpError: MCP error -32001: Request timed out"#;
    assert_eq!(rules(start), vec!["log-request-timeout".to_string()]);
    // A restart begins a new start-up: the earlier session does not count.
    let restarted = format!(
        "{}\n2025-06-03T08:00:00.000Z [weather] [info] Initializing server...\n2025-06-03T08:01:00.000Z [weather] [error] McpError: MCP error -32001: Request timed out",
        up.lines().take(3).collect::<Vec<_>>().join("\n")
    );
    assert!(
        rules(&restarted).contains(&"log-request-timeout".to_string()),
        "{:?}",
        rules(&restarted)
    );
    // A client that loads the tools as part of its start names the request that timed out.
    let named = "[mcp] Failed to load tools from MCP server \"browser\", skipping: MCP request timed out for \"browser\" (initialize).";
    assert_eq!(rules(named), vec!["log-request-timeout".to_string()]);
    let tools = "[mcp] Failed to load tools from MCP server \"browser\": MCP request timed out for \"browser\" (tools/list).";
    assert_eq!(
        rules(tools),
        vec!["log-request-timeout-mid-session".to_string()]
    );
}

#[test]
fn a_paste_written_on_windows_is_read_as_windows_on_any_machine() {
    // The reading machine is macOS (see `findings`); the paste shows Windows paths.
    let text = "2025-06-03T07:23:52.664Z [github] [info] Using MCP server command: npx with args and path: C:\\Users\\me\\AppData\\Roaming\\npm\n2025-06-03T07:23:52.700Z [github] [error] spawn npx ENOENT";
    let r = rules(text);
    assert!(r.contains(&"log-windows-npx-enoent".to_string()), "{r:?}");
    // Without Windows evidence the same error is a missing command.
    let r = rules("2025-06-03T07:23:52.700Z [github] [error] spawn npx ENOENT");
    assert!(r.contains(&"log-spawn-enoent".to_string()), "{r:?}");
    // Win32's own words say it too (Java's ProcessBuilder on Windows).
    let r = rules("java.io.IOException: Cannot run program \"npx\": CreateProcess error=2, The system cannot find the file specified");
    assert!(r.contains(&"log-windows-npx-enoent".to_string()), "{r:?}");
    // A JSON-escaped newline is not a Windows path.
    let r = rules("2025-06-03T07:23:52.700Z [github] [error] spawn npx ENOENT {\"stack\":\"Error\\n    at x\"}");
    assert!(r.contains(&"log-spawn-enoent".to_string()), "{r:?}");
}

#[test]
fn a_node_system_error_printed_as_an_object_is_read_by_its_fields() {
    // Claude Desktop's `Uncaught error: {` with the error object as JSON over several lines.
    let json = "2025-06-03T07:23:52.664Z [todoist] [error] Uncaught error: {\n  \"errno\": -2,\n  \"code\": \"ENOENT\",\n  \"syscall\": \"spawn npx\",\n  \"path\": \"npx\",\n  \"spawnargs\": [\n    \"-y\",\n    \"@abhiz123/todoist-mcp-server\"\n  ]\n}";
    let r = rules(json);
    assert!(r.contains(&"log-spawn-enoent".to_string()), "{r:?}");
    // Node's own `util.inspect` form after a stack frame, for a file the server opens.
    let inspect = "Error: boom\n    at Object.openSync (node:fs:573:18) {\n  errno: -2,\n  code: 'ENOENT',\n  syscall: 'open',\n  path: '/Users/me/notes/config.yaml'\n}";
    let r = rules(inspect);
    assert!(r.contains(&"log-file-not-found".to_string()), "{r:?}");
    // An object that is no system error changes nothing; a block left open is still read.
    assert!(rules("server config: {\n  \"name\": \"x\"\n}").is_empty());
    let r = rules("starting {\n2025-06-03T07:23:52.664Z [fs] [error] spawn npx ENOENT");
    assert!(r.contains(&"log-spawn-enoent".to_string()), "{r:?}");
}

#[test]
fn a_kill_right_after_the_clients_wait_ended_is_the_clients_not_the_oom_killers() {
    let near = "2025-06-03T07:23:50.000Z [fs] [error] startup timeout after 60s\n2025-06-03T07:23:50.100Z [fs] [error] process exited: signal: killed";
    let r = rules(near);
    assert!(r.contains(&"log-killed-on-timeout".to_string()), "{r:?}");
    // The same kill long after an old timeout is read on its own.
    let mut far = String::from("2025-06-03T07:00:00.000Z [fs] [error] startup timeout after 60s\n");
    for i in 0..40 {
        far.push_str(&format!(
            "2025-06-03T07:{:02}:00.000Z [fs] [info] tools/call answered\n",
            i % 60
        ));
    }
    far.push_str("2025-06-03T08:00:00.000Z [fs] [error] process exited: signal: killed");
    let r = rules(&far);
    assert!(r.contains(&"log-killed-by-signal".to_string()), "{r:?}");
    assert!(!r.contains(&"log-killed-on-timeout".to_string()), "{r:?}");
}

/// A Windows console copies its lines as drawn, cut at the window's width (120 columns by
/// default): the message is read whole again. Here a Java client's exception, cut before its
/// status code, is the SSE stream a Streamable HTTP server does not serve (corpus 1219's shape),
/// not an unknown error line.
#[test]
fn a_paste_cut_at_the_consoles_width_is_read_whole() {
    let lines = [
        "2026-03-19T21:33:47.310-06:00  INFO 114327 --- [ient-1-Worker-0] i.m.client.LifecycleInitializer          : Server response with Protocol: 2025-03-26, Capabilities: ServerCapabilities[completions=null, experimental=null, logging=null]",
        "2026-03-19T21:33:47.318-06:00  WARN 114327 --- [ient-1-Worker-0] i.m.client.LifecycleInitializer          : Handling exception",
        "",
        "io.modelcontextprotocol.spec.McpTransportException: Unrecognized server error when connecting to SSE stream, status code: 404",
        "\tat io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport.lambda$reconnect$11(HttpClientStreamableHttpTransport.java:303) ~[mcp-core-1.1.0.jar:1.1.0]",
    ];
    let mut pasted = String::new();
    for l in lines {
        let c: Vec<char> = l.chars().collect();
        for part in c.chunks(120) {
            pasted.extend(part);
            pasted.push_str("\r\n");
        }
        if l.is_empty() {
            pasted.push_str("\r\n");
        }
    }
    assert!(pasted.contains("status code\r\n: 404"), "{pasted}");
    let r = rules(&pasted);
    assert!(r.contains(&"log-transport-mismatch".to_string()), "{r:?}");
    // The same paste saved to a file and read with `logs --file PATH`.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.txt");
    std::fs::write(&file, &pasted).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mcp-doctor"))
        .args([
            "--home",
            dir.path().to_str().unwrap(),
            "logs",
            "--json",
            "--file",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_path: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(by_path.contains(&"log-transport-mismatch"), "{by_path:?}");
}

/// A missing Python module's fix names the package to install: the first part of a dotted name
/// (`mcp.server.fastmcp` is the `mcp` package, which `pip install mcp.server.fastmcp` is not).
#[test]
fn a_missing_dotted_module_names_its_package() {
    let summary = |t: &str| {
        findings(t)
            .iter()
            .find(|f| f.rule.as_str() == "log-missing-module")
            .map(|f| f.fix(Os::Macos).summary)
            .unwrap_or_else(|| panic!("no log-missing-module for {t}"))
    };
    assert!(
        summary("ModuleNotFoundError: No module named 'mcp.server.fastmcp'")
            .starts_with("Install mcp where")
    );
    assert!(
        summary("ModuleNotFoundError: No module named 'httpx'").starts_with("Install httpx where")
    );
}

/// One spawn failure said twice on a line (`spawn uvx ENOENT spawn uvx ENOENT`, as Claude Code
/// and Cherry Studio print it) names the command `uvx` in its fix, not the whole line.
#[test]
fn a_spawn_failure_said_twice_names_its_command() {
    let f = findings("spawn uvx ENOENT spawn uvx ENOENT");
    let f = f
        .iter()
        .find(|f| f.rule.as_str() == "log-spawn-enoent")
        .expect("log-spawn-enoent");
    let fix = f.fix(Os::Linux);
    assert_eq!(
        fix.summary,
        "Use the absolute path of `uvx` in the server's `command`"
    );
    assert_eq!(fix.commands, ["which uvx"]);
}
