//! The remote probes against the HTTP fixture on 127.0.0.1: Streamable HTTP (SSE and JSON replies),
//! legacy SSE, fallback between them, OAuth discovery, rejected credentials, a forgotten session,
//! an idle stream cut, and network errors.
#[path = "common_probe/mod.rs"]
mod common;

use common::*;
use mcp_doctor::finding::Cause;
use mcp_doctor::probe::{self, Failure, ProbeStatus, ProbeTransport};
use std::time::{Duration, Instant};

fn causes(spec: &probe::ProbeSpec, r: &probe::ProbeResult) -> Vec<Cause> {
    probe::findings(spec, r).iter().map(|f| f.cause()).collect()
}

#[test]
fn streamable_http_with_sse_and_json_replies() {
    for args in [&[][..], &["--json-replies"][..]] {
        let srv = http_fixture(args);
        let spec = remote_spec("remote", ProbeTransport::Http, srv.url("/mcp"));
        let r = probe::probe(&spec);
        assert_eq!(r.status, ProbeStatus::Ok, "{args:?}: {r:?}");
        assert_eq!(r.transport, ProbeTransport::Http);
        assert_eq!(r.http_status, Some(200));
        assert_eq!(r.tools, Some(2));
        assert_eq!(r.session, Some(true));
        assert_eq!(
            r.server_info.as_ref().map(|i| i.name.as_str()),
            Some("fixture")
        );
        assert!(r.stderr_tail.is_none());
        assert!(
            probe::findings(&spec, &r).is_empty(),
            "{:?}",
            probe::findings(&spec, &r)
        );
    }
}

#[test]
fn legacy_sse_works_and_http_config_falls_back_to_it() {
    let srv = http_fixture(&["--legacy-sse"]);
    let spec = remote_spec("legacy", ProbeTransport::Sse, srv.url("/sse"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Sse);
    assert_eq!(r.tools, Some(2));
    assert!(probe::findings(&spec, &r).is_empty());

    // Configured as Streamable HTTP: POST initialize gets 405, the GET finds the endpoint event.
    let spec = remote_spec("legacy-as-http", ProbeTransport::Http, srv.url("/sse"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Sse);
    assert_eq!(causes(&spec, &r), vec![Cause::InvalidConfig]);
}

#[test]
fn sse_config_on_a_streamable_server_falls_back_to_http() {
    let srv = http_fixture(&[]);
    let spec = remote_spec("http-as-sse", ProbeTransport::Sse, srv.url("/mcp"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Http);
    assert_eq!(causes(&spec, &r), vec![Cause::InvalidConfig]);
    // The finding is made from the typed field, which is also one of the notes.
    let said = r
        .transport_mismatch
        .as_ref()
        .expect("the mismatch is recorded");
    assert!(r.notes.contains(said), "{r:?}");
    assert_eq!(&probe::findings(&spec, &r)[0].message, said);
}

#[test]
fn a_401_reports_oauth_needed_with_metadata_ok_or_broken() {
    let srv = http_fixture(&["--auth"]);
    let spec = remote_spec("oauth", ProbeTransport::Http, srv.url("/mcp"));
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::AuthRequired), "{r:?}");
    assert_eq!(r.http_status, Some(401));
    let auth = r.auth.clone().unwrap();
    assert!(auth.metadata_ok(), "{auth:?}");
    assert_eq!(auth.authorization_servers, vec![srv.url("")]);
    assert!(r
        .error
        .as_deref()
        .unwrap()
        .contains("needs OAuth (HTTP 401); metadata OK"));
    let f = probe::findings(&spec, &r);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule.as_str(), "probe-oauth-required");
    assert_eq!(f[0].cause(), Cause::AuthExpired);

    let srv = http_fixture(&["--auth-broken"]);
    let spec = remote_spec("oauth-broken", ProbeTransport::Http, srv.url("/mcp"));
    let r = probe::probe(&spec);
    let auth = r.auth.clone().unwrap();
    assert!(!auth.metadata_ok());
    assert!(auth.problems.iter().any(|p| p.contains("S256")), "{auth:?}");
    assert!(
        auth.problems
            .iter()
            .any(|p| p.contains("registration_endpoint")),
        "{auth:?}"
    );
    assert!(r.error.as_deref().unwrap().contains("metadata broken"));
    let f = probe::findings(&spec, &r);
    assert_eq!(f[0].rule.as_str(), "probe-oauth-metadata-broken");
}

#[test]
fn configured_credentials_that_get_401_are_auth_expired_and_never_printed() {
    let srv = http_fixture(&["--require-token", "good-token-123"]);
    let mut spec = remote_spec("token", ProbeTransport::Http, srv.url("/mcp"));
    spec.headers = vec![("Authorization".into(), "Bearer stale-token-456789".into())];
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::AuthRejected), "{r:?}");
    assert_eq!(causes(&spec, &r), vec![Cause::AuthExpired]);
    let all = format!(
        "{}{:?}",
        serde_json::to_string(&r).unwrap(),
        probe::findings(&spec, &r)
    );
    assert!(!all.contains("stale-token-456789"), "{all}");

    spec.headers = vec![("Authorization".into(), "Bearer good-token-123".into())];
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
}

#[test]
fn a_forgotten_session_is_session_expired() {
    let srv = http_fixture(&["--forget-session"]);
    let spec = remote_spec("forgetful", ProbeTransport::Http, srv.url("/mcp"));
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::SessionExpired), "{r:?}");
    assert_eq!(r.http_status, Some(404));
    assert_eq!(causes(&spec, &r), vec![Cause::SessionExpired]);
}

#[test]
fn idle_streams_cut_by_the_server_are_reported() {
    // Streamable HTTP: the GET stream is cut after 1 s.
    let srv = http_fixture(&["--sse-cut", "1"]);
    let mut spec = remote_spec("cut", ProbeTransport::Http, srv.url("/mcp"));
    spec.idle = Some(Duration::from_secs(4));
    let t = Instant::now();
    let r = probe::probe(&spec);
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    let idle = r.idle.clone().expect("an idle report");
    assert!(idle.cut, "{idle:?}");
    let after = idle.cut_after_ms.unwrap();
    assert!((800..2500).contains(&after), "{after}");
    assert_eq!(idle.keepalives, 0);
    assert_eq!(causes(&spec, &r), vec![Cause::SseIdleTimeout]);

    // Legacy SSE with keep-alives every 0.3 s, cut after 1.5 s.
    let srv = http_fixture(&["--legacy-sse", "--sse-cut", "1.5", "--keepalive", "0.3"]);
    let mut spec = remote_spec("cut-legacy", ProbeTransport::Sse, srv.url("/sse"));
    spec.idle = Some(Duration::from_secs(4));
    let r = probe::probe(&spec);
    let idle = r.idle.clone().expect("an idle report");
    assert!(idle.cut && idle.keepalives >= 2, "{idle:?}");
    assert_eq!(causes(&spec, &r), vec![Cause::SseIdleTimeout]);

    // A stream that stays open is not a finding.
    let srv = http_fixture(&[]);
    let mut spec = remote_spec("steady", ProbeTransport::Http, srv.url("/mcp"));
    spec.idle = Some(Duration::from_millis(1200));
    let r = probe::probe(&spec);
    let idle = r.idle.clone().unwrap();
    assert!(!idle.cut && idle.held_ms >= 1100, "{idle:?}");
    assert!(probe::findings(&spec, &r).is_empty());
}

#[test]
fn refused_connections_are_network_blocked_with_the_error() {
    let port = free_port();
    let spec = remote_spec(
        "down",
        ProbeTransport::Http,
        format!("http://127.0.0.1:{port}/mcp"),
    );
    let t = Instant::now();
    let r = probe::probe(&spec);
    assert!(t.elapsed() < Duration::from_secs(6));
    assert_eq!(r.failure, Some(Failure::Network), "{r:?}");
    assert!(
        r.error.as_deref().unwrap().contains("connection refused"),
        "{r:?}"
    );
    assert_eq!(causes(&spec, &r), vec![Cause::NetworkBlocked]);
}

#[test]
fn a_server_that_never_answers_is_a_timeout() {
    // A socket that accepts and then says nothing.
    let l = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = l.local_addr().unwrap().port();
    let _keep = std::thread::spawn(move || {
        let mut conns = Vec::new();
        for c in l.incoming().take(2).flatten() {
            conns.push(c);
            std::thread::sleep(Duration::from_secs(3));
        }
    });
    let mut spec = remote_spec(
        "silent",
        ProbeTransport::Http,
        format!("http://127.0.0.1:{port}/mcp"),
    );
    spec.timeout = Duration::from_millis(1000);
    let t = Instant::now();
    let r = probe::probe(&spec);
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert_eq!(r.status, ProbeStatus::Timeout, "{r:?}");
    assert_eq!(causes(&spec, &r), vec![Cause::StartupTimeout]);
}

#[test]
fn a_tls_failure_is_network_blocked_with_the_error() {
    // https:// to a server that speaks plain HTTP: the TLS handshake fails.
    let srv = http_fixture(&[]);
    let spec = remote_spec(
        "tls",
        ProbeTransport::Http,
        format!("https://127.0.0.1:{}/mcp", srv.port),
    );
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::Network), "{r:?}");
    // The kind the TLS check's reconciliation reads (not the error's wording).
    assert_eq!(r.network, Some(probe::Network::Tls), "{r:?}");
    assert_eq!(causes(&spec, &r), vec![Cause::NetworkBlocked]);
    let f = probe::findings(&spec, &r);
    assert!(f[0].message.contains("127.0.0.1"), "{}", f[0].message);
}

#[test]
fn a_path_that_is_not_mcp_is_an_http_error_with_the_status() {
    // A URL path the fixture does not serve gets 404 on POST and GET: not MCP at all.
    let srv = http_fixture(&[]);
    let spec = remote_spec("wrong-path", ProbeTransport::Http, srv.url("/nope"));
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Failed, "{r:?}");
    assert_eq!(r.http_status, Some(404));
    assert!(r.error.as_deref().unwrap().contains("404"), "{r:?}");
}

#[test]
fn a_modern_only_http_server_is_a_protocol_error_not_a_fallback() {
    let srv = http_fixture(&["--modern-only"]);
    let spec = remote_spec("modern", ProbeTransport::Http, srv.url("/mcp"));
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::Protocol), "{r:?}");
    assert_eq!(r.transport, ProbeTransport::Http);
    assert!(r.error.as_deref().unwrap().contains("-32022"), "{r:?}");
}
