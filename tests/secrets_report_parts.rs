//! The report's typed parts (a probe's result, log events, fix changes) cannot carry a secret to
//! any output: a different canary is planted in each of their string fields (through the report's
//! own string walk, on structs whose every field was first filled with a marker, so a field the
//! walk forgets keeps its marker and fails here), half of them secret values the run read from a
//! config and half secret-shaped tokens; then every output made from the redacted report (JSON,
//! human with and without colour and `-v`, markdown, SARIF, `logs` human, `logs --follow` lines)
//! is searched for them.
mod common;
use mcp_doctor::app::{emit, Output};
use mcp_doctor::cli::Format;
use mcp_doctor::finding::{Cause, ClientId};
use mcp_doctor::logs::{Level, LogEvent};
use mcp_doctor::machine::Os;
use mcp_doctor::probe::{
    AuthReport, Failure, IdleReport, ProbeResult, ProbeStatus, ProbeTransport, ServerInfo,
};
use mcp_doctor::redact::Secrets;
use mcp_doctor::render::Paint;
use mcp_doctor::report::change::Change;
use mcp_doctor::report::{EachString, Health, Report, ServerOut};
use mcp_doctor::rules::RuleId;
use mcp_doctor::server::Transport;

const MARK: &str = "UNPLANTED-FIELD";

fn probe_result(status: ProbeStatus) -> ProbeResult {
    let s = || MARK.to_string();
    let mut r = ProbeResult::new(ProbeTransport::Http);
    r.status = status;
    r.duration_ms = 12;
    r.initialize_ms = Some(5);
    r.protocol_version = Some(s());
    r.server_info = Some(ServerInfo {
        name: s(),
        version: s(),
    });
    r.tools = Some(3);
    r.exit_code = Some(1);
    r.signal = Some(s());
    r.http_status = Some(401);
    r.stderr_tail = Some(vec![s(), s(), s()]);
    r.error = Some(s());
    r.skipped_reason = Some(s());
    r.failure = Some(Failure::AuthRequired);
    r.stdout_noise = vec![s(), s()];
    r.stdout_noise_lines = 2;
    r.ignored_stdin_close = Some(true);
    r.spawn_ms = Some(1);
    r.shutdown_ms = Some(2);
    r.cold_download = true;
    r.auth = Some(AuthReport {
        www_authenticate: Some(s()),
        resource_metadata_url: Some(s()),
        resource_metadata_ok: false,
        authorization_servers: vec![s()],
        authorization_server_ok: false,
        problems: vec![s()],
    });
    r.session = Some(true);
    r.idle = Some(IdleReport {
        held_ms: 10,
        cut: true,
        cut_after_ms: Some(9),
        how: Some(s()),
        keepalives: 0,
        silent_ms: Some(8),
    });
    r.notes = vec![s()];
    r
}

fn event() -> LogEvent {
    LogEvent {
        time: Some(MARK.into()),
        client: Some(ClientId::ClaudeDesktop),
        server: Some(MARK.into()),
        level: Some(Level::Error),
        rule: Some(RuleId::LogHeapOutOfMemory),
        cause: Some(Cause::OomKilled),
        path: MARK.into(),
        line: Some(4),
        text: MARK.into(),
        at: None,
    }
}

fn change() -> Change {
    Change {
        file: MARK.into(),
        client: ClientId::Cursor,
        server: MARK.into(),
        pointer: MARK.into(),
        before: serde_json::json!(MARK),
        after: serde_json::json!({"env": {"K": MARK}, "args": [MARK]}),
        rule: RuleId::TildePath,
        safety: mcp_doctor::finding::FixSafety::Safe,
        applied: false,
        reason: Some(MARK.into()),
    }
}

fn server(name: &str, probe: ProbeResult) -> ServerOut {
    ServerOut {
        client: ClientId::Cursor,
        name: name.into(),
        scope: mcp_doctor::clients::Scope::User,
        config: "~/.cursor/mcp.json".into(),
        transport: Transport::Http,
        command: None,
        args: vec![],
        url: Some("https://example.com/mcp".into()),
        status: Health::Error,
        probe: Some(Box::new(probe)),
        disabled: false,
        ignored: None,
        project: None,
        bridged: false,
    }
}

/// Plants a fresh canary in each string of `x`, each one either a secret value the run read
/// (registered in `secrets`) or a token of a secret shape, amid ordinary words.
fn plant<T: EachString>(x: &mut T, canaries: &mut Vec<String>, secrets: &mut Secrets) {
    x.each_string(&mut |s| {
        assert_eq!(s, MARK, "each field is planted once");
        let n = canaries.len();
        let canary = if n % 2 == 0 {
            let v = format!("zq{n:03}Xk9canaryvalue");
            secrets.add(&v);
            v
        } else {
            format!("ghp_{n:03}abcdefghijklmnopqrstuv")
        };
        *s = format!("the server said {canary} here");
        canaries.push(canary);
    });
}

#[test]
fn a_canary_in_any_string_of_a_probe_event_or_change_reaches_no_output() {
    let home = tempfile::tempdir().unwrap();
    let m = common::machine_at(home.path(), Os::Linux, "2026-11-22T10:00:00Z");
    let mut secrets = Secrets::default();
    let mut canaries = Vec::new();
    let mut probes: Vec<ProbeResult> = [
        ProbeStatus::Failed,
        ProbeStatus::Timeout,
        ProbeStatus::Skipped,
        ProbeStatus::Ok,
    ]
    .into_iter()
    .map(probe_result)
    .collect();
    let mut events = vec![event(), event()];
    let mut changes = vec![change()];
    plant(&mut probes, &mut canaries, &mut secrets);
    plant(&mut events, &mut canaries, &mut secrets);
    plant(&mut changes, &mut canaries, &mut secrets);
    // 17 strings a probe result, 4 an event, 7 a change (its values' strings too).
    assert_eq!(canaries.len(), 4 * 17 + 2 * 4 + 7);

    let mut report = Report::new(&m);
    report.servers = Some(
        probes
            .into_iter()
            .enumerate()
            .map(|(i, p)| server(&format!("s{i}"), p))
            .collect(),
    );
    report.events = Some(events.clone());
    report.changes = Some(changes);
    // Before redaction every canary is in the JSON, and no field kept its marker.
    let raw = serde_json::to_string(&report).unwrap();
    assert!(
        !raw.contains(MARK),
        "a string field the walk does not visit"
    );
    for c in &canaries {
        assert!(raw.contains(c.as_str()), "{c} planted");
    }

    let mut outputs: Vec<(String, String)> = Vec::new();
    for redacted in [
        report.redacted(&secrets).unwrap(),
        report.clone().into_redacted(&secrets).unwrap(),
    ] {
        for (format, verbose, color) in [
            (Format::Json, false, false),
            (Format::Human, false, false),
            (Format::Human, true, false),
            (Format::Human, true, true),
            (Format::Markdown, false, false),
            (Format::Sarif, false, false),
        ] {
            let out = Output {
                json: format == Format::Json,
                verbose,
                color,
                format,
                ..Output::default()
            };
            outputs.push((
                format!("{format:?} -v={verbose} colour={color}"),
                emit(&redacted, &m, &out),
            ));
        }
        outputs.push((
            "logs human".into(),
            mcp_doctor::render::logs(&redacted, &m, true, Paint { on: false }, &[], &[]),
        ));
    }
    for e in &events {
        outputs.push(("follow json".into(), mcp_doctor::logs::follow::json_line(e)));
        outputs.push((
            "follow human".into(),
            mcp_doctor::logs::follow::human_line(e, Paint { on: false }, Some(400)),
        ));
    }
    for (what, text) in &outputs {
        for c in &canaries {
            assert!(
                !text.contains(c.as_str()),
                "{what} shows the canary {c}:\n{text}"
            );
        }
    }
    // The outputs did show those fields, redacted: the redaction marks are there.
    let json = &outputs[0].1;
    assert!(
        json.matches("<redacted:").count() >= canaries.len(),
        "{json}"
    );
    let human = &outputs[2].1;
    assert!(
        human.contains("stderr │ the server said <redacted:"),
        "{human}"
    );
    assert!(
        human.contains("timeout in 12 ms: the server said <redacted:"),
        "{human}"
    );
}
