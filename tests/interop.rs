//! Interop against real servers installed by `scripts/install-test-servers.sh`:
//! `@modelcontextprotocol/server-everything@2026.8.31` over stdio, Streamable HTTP and legacy SSE,
//! and a Python server on `mcp==2.3.0` (`tests/servers/python_server.py`). All listen on 127.0.0.1.
//!
//! With `MCP_DOCTOR_INTEROP=1` (set by `.ci/run` after installing them) a missing server fails the
//! test; without it the test prints a notice and returns.
#[path = "common_probe/mod.rs"]
mod common;

use common::*;
use mcp_doctor::finding::ClientId;
use mcp_doctor::probe::{self, ProbeSpec, ProbeStatus, ProbeTransport};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

fn venv_python() -> Option<PathBuf> {
    need(
        "the .venv with mcp==2.3.0",
        Some(repo().join(".venv/bin/python")),
    )
}

fn everything_http(mode: &str) -> Option<Server> {
    let (node, js) = everything()?;
    let mut cmd = Command::new(node);
    cmd.arg("--require")
        .arg(repo().join("tests/servers/loopback.cjs"))
        .arg(js)
        .arg(mode)
        .env("PORT", "0");
    Some(Server::start(cmd, Duration::from_secs(20)).expect("server-everything starts"))
}

#[test]
fn everything_over_stdio() {
    let Some((node, js)) = everything() else {
        return;
    };
    let mut spec = ProbeSpec::stdio("everything", ClientId::ClaudeDesktop, node, &[]);
    spec.args = vec![js.display().to_string(), "stdio".into()];
    spec.env = base_env();
    spec.timeout = Duration::from_secs(30);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.protocol_version.as_deref(), Some("2025-11-25"));
    assert_eq!(
        r.server_info.as_ref().map(|i| i.name.as_str()),
        Some("mcp-servers/everything")
    );
    assert!(r.tools.unwrap_or(0) > 5, "{r:?}");
    assert!(r.stdout_noise.is_empty(), "{:?}", r.stdout_noise);
    assert_eq!(r.ignored_stdin_close, Some(false));
    assert!(
        probe::findings(&spec, &r).is_empty(),
        "{:?}",
        probe::findings(&spec, &r)
    );
    assert!(all_gone(&[r.pid.unwrap()]));
}

#[test]
fn everything_over_streamable_http() {
    let Some(srv) = everything_http("streamableHttp") else {
        return;
    };
    let spec = remote_spec("everything-http", ProbeTransport::Http, srv.url("/mcp"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Http);
    assert_eq!(r.session, Some(true));
    assert!(r.tools.unwrap_or(0) > 5, "{r:?}");
    assert!(probe::findings(&spec, &r).is_empty());
}

#[test]
fn everything_over_legacy_sse_and_http_config_falls_back() {
    let Some(srv) = everything_http("sse") else {
        return;
    };
    let spec = remote_spec("everything-sse", ProbeTransport::Sse, srv.url("/sse"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Sse);
    assert!(r.tools.unwrap_or(0) > 5, "{r:?}");
    assert!(probe::findings(&spec, &r).is_empty());

    let spec = remote_spec(
        "everything-sse-as-http",
        ProbeTransport::Http,
        srv.url("/sse"),
    );
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Sse);
    assert_eq!(
        probe::findings(&spec, &r)[0].rule.as_str(),
        "probe-transport-mismatch"
    );
}

#[test]
fn python_mcp_over_streamable_http() {
    let Some(py) = venv_python() else { return };
    let port = free_port();
    let mut cmd = Command::new(py);
    cmd.arg(repo().join("tests/servers/python_server.py"))
        .arg("http")
        .arg(port.to_string());
    let srv =
        Server::start_on(cmd, port, Duration::from_secs(30)).expect("the Python server starts");
    let spec = remote_spec("python-http", ProbeTransport::Http, srv.url("/mcp"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(
        r.server_info.as_ref().map(|i| i.name.as_str()),
        Some("doctor-test")
    );
    assert_eq!(r.tools, Some(1));
    assert_eq!(r.session, Some(true));
}

#[test]
fn python_mcp_over_stdio() {
    let Some(py) = venv_python() else { return };
    let mut spec = ProbeSpec::stdio("python-stdio", ClientId::ClaudeCode, py, &[]);
    spec.args = vec![
        repo()
            .join("tests/servers/python_server.py")
            .display()
            .to_string(),
        "stdio".into(),
    ];
    spec.env = base_env();
    spec.timeout = Duration::from_secs(30);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.tools, Some(1));
    assert!(all_gone(&[r.pid.unwrap()]));
}
