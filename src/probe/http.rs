//! Remote probes: Streamable HTTP (2025-03-26+) and the legacy HTTP+SSE transport (2024-11-05),
//! falling back between them as the spec describes, plus the unauthenticated OAuth discovery on a
//! 401. Blocking `ureq`, a timeout on every call; long-lived SSE streams are read on their own
//! thread, whose life is bounded by the request's global timeout.
use super::lines;
use super::stdio::read_initialize;
use super::{
    ms, AuthReport, Failure, IdleReport, Network, ProbeResult, ProbeSpec, ProbeStatus,
    ProbeTransport,
};
use rustls::crypto::CryptoProvider;
use serde_json::{json, Value};
use std::io::{BufReader, Read};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use ureq::tls::TlsConfig;
use ureq::Agent;

pub(crate) const ACCEPT_BOTH: &str = "application/json, text/event-stream";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const METADATA_TIMEOUT: Duration = Duration::from_secs(5);
/// Bodies read whole (JSON replies, metadata) are capped at this; a larger one is an error, never
/// buffered (a hostile server may announce or send gigabytes).
const BODY_LIMIT: u64 = 4 * 1024 * 1024;
/// The largest SSE event kept (its `data:` lines together); a stream that never ends its event
/// (no blank line) is cut off there with an error.
const MAX_SSE_EVENT: usize = 4 * 1024 * 1024;
/// What is kept of an error body for the report.
const BODY_SNIPPET: usize = 200;

/// The TLS algorithms of every connection the doctor makes (probes, the remote bridge, the
/// certificate check): those of rustls's *ring* provider (`rustls::crypto::ring::default_provider`:
/// its key exchanges, signature algorithms and randomness; no key loading) but only its AES-GCM
/// cipher suites. Without the ChaCha20-Poly1305 suites their code leaves the binary (issue 16):
/// every TLS 1.3 server must offer TLS_AES_128_GCM_SHA256 (RFC 8446, section 9.1), and ECDHE
/// with AES-GCM is what TLS 1.2 servers offer. The provider is built here rather than edited
/// from `default_provider()`, whose list of every suite would keep their code in the binary;
/// `tls_provider_is_ring_s_without_chacha` checks it against that provider.
pub(crate) fn crypto_provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| {
            use rustls::crypto::ring::{cipher_suite as suite, ALL_KX_GROUPS};
            Arc::new(CryptoProvider {
                // rustls's order, without the ChaCha20 suites.
                cipher_suites: vec![
                    suite::TLS13_AES_256_GCM_SHA384,
                    suite::TLS13_AES_128_GCM_SHA256,
                    suite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                    suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                    suite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                    suite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                ],
                kx_groups: ALL_KX_GROUPS.to_vec(),
                signature_verification_algorithms: SIG_ALGS,
                secure_random: &RingRandom,
                key_provider: &NoKeys,
            })
        })
        .clone()
}

/// The signature algorithms of rustls's *ring* provider (its `SUPPORTED_SIG_ALGS`, not public).
static SIG_ALGS: rustls::crypto::WebPkiSupportedAlgorithms = {
    use rustls::SignatureScheme as S;
    use webpki::ring as alg;
    rustls::crypto::WebPkiSupportedAlgorithms {
        all: &[
            alg::ECDSA_P256_SHA256,
            alg::ECDSA_P256_SHA384,
            alg::ECDSA_P384_SHA256,
            alg::ECDSA_P384_SHA384,
            alg::ED25519,
            alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            alg::RSA_PKCS1_2048_8192_SHA256,
            alg::RSA_PKCS1_2048_8192_SHA384,
            alg::RSA_PKCS1_2048_8192_SHA512,
            alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
        ],
        mapping: &[
            (
                S::ECDSA_NISTP384_SHA384,
                &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384],
            ),
            (
                S::ECDSA_NISTP256_SHA256,
                &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256],
            ),
            (S::ED25519, &[alg::ED25519]),
            (
                S::RSA_PSS_SHA512,
                &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
            ),
            (
                S::RSA_PSS_SHA384,
                &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
            ),
            (
                S::RSA_PSS_SHA256,
                &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
            ),
            (S::RSA_PKCS1_SHA512, &[alg::RSA_PKCS1_2048_8192_SHA512]),
            (S::RSA_PKCS1_SHA384, &[alg::RSA_PKCS1_2048_8192_SHA384]),
            (S::RSA_PKCS1_SHA256, &[alg::RSA_PKCS1_2048_8192_SHA256]),
        ],
    }
};

/// The *ring* provider's randomness: the system's (`getrandom`).
#[derive(Debug)]
struct RingRandom;

impl rustls::crypto::SecureRandom for RingRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), rustls::crypto::GetRandomFailed> {
        use ring::rand::SecureRandom as _;
        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| rustls::crypto::GetRandomFailed)
    }
}

/// No private key is loaded: a probe never presents a client certificate (rustls asks the key
/// provider only for `with_client_auth_cert`, which nothing here calls). Refusing, instead of
/// the *ring* provider's `any_supported_type`, leaves ring's RSA, ECDSA and Ed25519 signing out
/// of the binary (issue 16).
#[derive(Debug)]
struct NoKeys;

impl rustls::crypto::KeyProvider for NoKeys {
    fn load_private_key(
        &self,
        _key_der: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
        Err(rustls::Error::General(
            "mcp-doctor presents no client certificate".into(),
        ))
    }
}

/// An agent for one probe. A proxy from the environment (`HTTPS_PROXY`, ...) is used, as most
/// clients do, except for a loopback URL, which no proxy can reach on the user's behalf.
pub(crate) fn agent(timeout: Duration, url: &str) -> Agent {
    let tls = TlsConfig::builder()
        .unversioned_rustls_crypto_provider(crypto_provider())
        .build();
    let mut cfg = Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
        .timeout_global(Some(timeout))
        .user_agent(format!("{}/{}", super::CLIENT_NAME, super::CLIENT_VERSION))
        .max_redirects(5);
    if is_loopback(url) {
        cfg = cfg.proxy(None);
    }
    cfg.build().into()
}

/// Whether the URL's host is loopback (`localhost`, `127.x`, `[::1]`).
fn is_loopback(url: &str) -> bool {
    let Some(host) = crate::url::host(url) else {
        return false;
    };
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn initialize_body() -> String {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": super::PROTOCOL_VERSION,
        "capabilities": {},
        "clientInfo": {"name": super::CLIENT_NAME, "version": super::CLIENT_VERSION}}})
    .to_string()
}

/// Whether the configured headers carry credentials (so that a 401/403 means they are rejected).
fn has_credentials(spec: &ProbeSpec) -> bool {
    spec.headers
        .iter()
        .any(|(k, _)| crate::redact::is_secret_name(k))
}

pub fn probe(spec: &ProbeSpec) -> ProbeResult {
    let mut r = ProbeResult::new(spec.transport);
    let Some(url) = spec.url.clone() else {
        r.fail(
            Failure::Protocol,
            ProbeStatus::Failed,
            "the server has no URL to probe",
        );
        return r;
    };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        r.fail(
            Failure::Protocol,
            ProbeStatus::Failed,
            format!("not an http(s) URL: {url}"),
        );
        return r;
    }
    let start = Instant::now();
    let deadline = start + spec.timeout;
    match spec.transport {
        ProbeTransport::Sse => {
            match legacy(spec, &url, deadline, &mut r) {
                Outcome::Done => {}
                Outcome::WrongTransport(why) => {
                    // The spec's compatibility rule, read the other way: try Streamable HTTP.
                    let mut alt = ProbeResult::new(ProbeTransport::Http);
                    if let Outcome::Done = streamable(spec, &url, deadline, &mut alt, start) {
                        if alt.status == ProbeStatus::Ok {
                            alt.spoke_other_transport(format!(
                                "The config says sse (legacy HTTP+SSE), but the server speaks Streamable HTTP ({why}); configure it as http."
                            ));
                            return alt;
                        }
                    }
                    r.fail(
                        Failure::TransportMismatch,
                        ProbeStatus::Failed,
                        format!(
                            "no legacy SSE stream at {}: {why}",
                            crate::redact::text(&url)
                        ),
                    );
                }
            }
        }
        _ => match streamable(spec, &url, deadline, &mut r, start) {
            Outcome::Done => {}
            Outcome::WrongTransport(why) => {
                let mut alt = ProbeResult::new(ProbeTransport::Sse);
                if let Outcome::Done = legacy(spec, &url, deadline, &mut alt) {
                    if alt.status == ProbeStatus::Ok {
                        alt.spoke_other_transport(format!(
                            "The config says http (Streamable HTTP), but the server only speaks the legacy HTTP+SSE transport ({why}); configure it as sse."
                        ));
                        return alt;
                    }
                }
                if r.failure.is_none() {
                    r.fail(Failure::HttpStatus, ProbeStatus::Failed, why);
                }
            }
        },
    }
    r
}

/// Records the initialize reply (its time since `start`, what it says); `None` when it is not a
/// valid result, which is recorded as the failure. `Some(has_tools)` otherwise.
fn accept_initialize(r: &mut ProbeResult, v: &Value, start: Instant) -> Option<bool> {
    r.initialize_ms = Some(ms(start.elapsed()));
    match read_initialize(r, v) {
        Ok(t) => Some(t),
        Err(e) => {
            r.fail(
                Failure::Protocol,
                ProbeStatus::Failed,
                format!("initialize: {e}"),
            );
            None
        }
    }
}

enum Outcome {
    Done,
    /// The server does not speak this transport (the reason); the caller may fall back.
    WrongTransport(String),
}

fn left(deadline: Instant) -> Duration {
    deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(1))
}

fn classify_error(r: &mut ProbeResult, url: &str, e: &ureq::Error, what: &str) {
    use ureq::Error as E;
    let url = crate::redact::text(url);
    let (failure, status, net) = match e {
        E::Timeout(t) => match t {
            ureq::Timeout::Connect | ureq::Timeout::Resolve => (
                Failure::Network,
                ProbeStatus::Timeout,
                Some(Network::ConnectTimeout),
            ),
            _ => (Failure::Timeout, ProbeStatus::Timeout, None),
        },
        E::HostNotFound => (
            Failure::Network,
            ProbeStatus::Failed,
            Some(Network::HostNotFound),
        ),
        // ureq reports a rejected certificate as an I/O error wrapping rustls's.
        E::Io(io)
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>()) =>
        {
            (Failure::Network, ProbeStatus::Failed, Some(Network::Tls))
        }
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => (
            Failure::Network,
            ProbeStatus::Failed,
            Some(Network::Refused),
        ),
        E::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            (Failure::Timeout, ProbeStatus::Timeout, None)
        }
        E::Io(_) | E::ConnectionFailed => (
            Failure::Network,
            ProbeStatus::Failed,
            Some(Network::ConnectFailed),
        ),
        E::Tls(_) | E::Pem(_) | E::Rustls(_) => {
            (Failure::Network, ProbeStatus::Failed, Some(Network::Tls))
        }
        E::ConnectProxyFailed(_) | E::InvalidProxyUrl => {
            (Failure::Network, ProbeStatus::Failed, Some(Network::Proxy))
        }
        _ => (Failure::Network, ProbeStatus::Failed, Some(Network::Other)),
    };
    let kind = net.map_or("no answer in time", Network::as_str);
    r.network = net;
    r.fail(failure, status, format!("{what} {url}: {kind}: {e}"));
}

struct Reply {
    status: u16,
    session: Option<String>,
    content_type: String,
    www_authenticate: Option<String>,
    body: ureq::Body,
}

/// One request, following up to 5 redirects itself: the configured headers (API keys, tokens)
/// go only to the origin they were configured for, never to another origin a redirect names
/// (ureq drops only `Authorization`, and would forward `X-API-Key`). 307/308 keep the method and
/// body; 301/302/303 turn a POST into a GET, as browsers and ureq do.
fn request(
    agent: &Agent,
    method: &str,
    url: &str,
    spec: &ProbeSpec,
    extra: &[(&str, &str)],
    body: Option<&str>,
    timeout: Duration,
) -> Result<Reply, ureq::Error> {
    let resp = send_following(
        agent,
        method,
        url,
        url,
        &spec.headers,
        extra,
        body.map(str::as_bytes),
        timeout,
    )?;
    let h = |n: &str| header(&resp, n);
    Ok(Reply {
        status: resp.status().as_u16(),
        session: h("mcp-session-id"),
        content_type: h("content-type").unwrap_or_default().to_ascii_lowercase(),
        www_authenticate: h("www-authenticate"),
        body: resp.into_body(),
    })
}

/// A response header's value as text (`None` when absent or not visible ASCII).
pub(crate) fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Whether two URLs have the same origin (scheme, host and port, case-insensitive).
pub(crate) fn same_origin(a: &str, b: &str) -> bool {
    origin_and_path(a)
        .0
        .eq_ignore_ascii_case(&origin_and_path(b).0)
}

/// One request to `url`, following up to 5 redirects itself. `headers` (the configured ones: API
/// keys, tokens) and the session's `Mcp-Session-Id` in `extra` are sent only to `home`'s origin,
/// never to another origin a redirect names (ureq itself drops only `Authorization`, and would
/// forward `X-API-Key`). 307/308 keep the method and body; 301/302/303 turn a POST into a GET,
/// as browsers and ureq do. The probe and the bridge both send through it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn send_following(
    agent: &Agent,
    method: &str,
    url: &str,
    home: &str,
    headers: &[(String, String)],
    extra: &[(&str, &str)],
    body: Option<&[u8]>,
    timeout: Duration,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let mut url = url.to_string();
    let mut method = method;
    let mut body = body;
    let start = Instant::now();
    let foreign: Vec<(&str, &str)> = extra
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("mcp-session-id"))
        .copied()
        .collect();
    for hop in 0..=5 {
        let same = same_origin(&url, home);
        let headers: &[(String, String)] = if same { headers } else { &[] };
        let extra = if same { extra } else { &foreign };
        let timeout = timeout
            .saturating_sub(start.elapsed())
            .max(Duration::from_millis(1));
        let resp = send_once(agent, method, &url, headers, extra, body, timeout)?;
        let status = resp.status().as_u16();
        let location = header(&resp, "location");
        if let (true, Some(loc)) = (
            matches!(status, 301 | 302 | 303 | 307 | 308) && hop < 5,
            location,
        ) {
            url = join_url(&url, &loc);
            if !matches!(status, 307 | 308) && method == "POST" {
                method = "GET";
                body = None;
            }
            continue;
        }
        return Ok(resp);
    }
    Err(ureq::Error::TooManyRedirects)
}

/// One HTTP exchange, redirects not followed.
fn send_once(
    agent: &Agent,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    extra: &[(&str, &str)],
    body: Option<&[u8]>,
    timeout: Duration,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    Ok(match method {
        "POST" => {
            let mut b = agent
                .post(url)
                .config()
                .timeout_global(Some(timeout))
                .max_redirects(0)
                .max_redirects_will_error(false)
                .build();
            for (k, v) in headers {
                b = b.header(k.as_str(), v.as_str());
            }
            for (k, v) in extra {
                b = b.header(*k, *v);
            }
            b.header("Content-Type", "application/json")
                .send(body.unwrap_or_default())?
        }
        _ => {
            let mut b = if method == "DELETE" {
                agent.delete(url)
            } else {
                agent.get(url)
            };
            b = b
                .config()
                .timeout_global(Some(timeout))
                .max_redirects(0)
                .max_redirects_will_error(false)
                .build();
            for (k, v) in headers {
                b = b.header(k.as_str(), v.as_str());
            }
            for (k, v) in extra {
                b = b.header(*k, *v);
            }
            b.call()?
        }
    })
}

pub(crate) fn body_text(body: ureq::Body) -> String {
    body.into_with_config()
        .limit(BODY_LIMIT)
        .read_to_string()
        .unwrap_or_default()
}

fn snippet(s: &str) -> String {
    crate::redact::text_cut(s.trim(), BODY_SNIPPET)
}

/// One SSE event.
#[derive(Debug, Default, Clone)]
pub(crate) struct Event {
    pub(crate) event: String,
    pub(crate) data: String,
    /// The last `id:` field seen on the stream (for `Last-Event-ID`), if any.
    pub(crate) id: Option<String>,
}

/// What a stream reader thread reports.
pub(crate) enum Item {
    Event(Event),
    /// A comment line (`: ping`), a keep-alive.
    Comment,
    Closed,
    Error(String),
}

/// Reads SSE from `r`, calling `f` for each item until it returns false or the stream ends.
pub(crate) fn read_sse<R: Read>(r: R, mut f: impl FnMut(Item) -> bool) {
    let mut br = BufReader::with_capacity(16 * 1024, r);
    let mut ev = Event::default();
    let mut has_data = false;
    let mut last_id: Option<String> = None;
    loop {
        match lines::read_line(&mut br, MAX_SSE_EVENT) {
            Ok(Some(line)) => {
                // A line or an event past the cap: the stream is not one a client could use.
                if line.cut || ev.data.len() + line.bytes.len() > MAX_SSE_EVENT {
                    f(Item::Error(format!(
                        "an SSE event longer than {} MiB (no event separator)",
                        MAX_SSE_EVENT >> 20
                    )));
                    return;
                }
                let text = String::from_utf8_lossy(&line.bytes);
                if text.is_empty() {
                    if has_data || !ev.event.is_empty() {
                        let mut done = std::mem::take(&mut ev);
                        done.id.clone_from(&last_id);
                        has_data = false;
                        if !f(Item::Event(done)) {
                            return;
                        }
                    }
                    continue;
                }
                if text.starts_with(':') {
                    if !f(Item::Comment) {
                        return;
                    }
                    continue;
                }
                let (field, value) = match text.split_once(':') {
                    Some((k, v)) => (k.to_string(), v.strip_prefix(' ').unwrap_or(v).to_string()),
                    None => (text.to_string(), String::new()),
                };
                match field.as_str() {
                    "event" => ev.event = value,
                    "id" if !value.contains('\0') => last_id = Some(value),
                    "data" => {
                        if has_data {
                            ev.data.push('\n');
                        }
                        ev.data.push_str(&value);
                        has_data = true;
                    }
                    _ => {}
                }
            }
            Ok(None) => {
                if has_data && !f(Item::Event(std::mem::take(&mut ev))) {
                    return;
                }
                f(Item::Closed);
                return;
            }
            Err(e) => {
                f(Item::Error(e.to_string()));
                return;
            }
        }
    }
}

/// A stream read on its own thread; items arrive with the time they arrived.
fn spawn_stream(body: ureq::Body) -> Receiver<(Instant, Item)> {
    // Two events in flight at most: bounded memory whatever the server sends.
    let (tx, rx) = sync_channel(2);
    let reader = body.into_reader();
    std::thread::spawn(move || read_sse(reader, |item| tx.send((Instant::now(), item)).is_ok()));
    rx
}

/// Reads a POST reply (JSON or SSE) until the response to `id`.
fn read_reply(reply: Reply, id: u64) -> Result<Value, String> {
    if reply.content_type.starts_with("text/event-stream") {
        let mut found = None;
        let mut err = None;
        read_sse(reply.body.into_reader(), |item| match item {
            Item::Event(e) => {
                if e.data.trim().is_empty() {
                    return true;
                }
                match serde_json::from_str::<Value>(&e.data) {
                    Ok(v) if v.get("id") == Some(&json!(id)) && v.get("method").is_none() => {
                        found = Some(v);
                        false
                    }
                    _ => true,
                }
            }
            Item::Comment => true,
            Item::Closed => false,
            Item::Error(e) => {
                err = Some(e);
                false
            }
        });
        found.ok_or_else(|| match err {
            Some(e) => format!("the SSE reply stream failed: {e}"),
            None => "the SSE reply stream ended without the response".to_string(),
        })
    } else {
        let text = body_text(reply.body);
        serde_json::from_str::<Value>(&text)
            .map_err(|_| format!("the reply is not JSON: {}", snippet(&text)))
    }
}

pub(crate) fn session_gone(status: u16, body: &str) -> bool {
    status == 404 || (status == 400 && body.to_ascii_lowercase().contains("session"))
}

fn streamable(
    spec: &ProbeSpec,
    url: &str,
    deadline: Instant,
    r: &mut ProbeResult,
    start: Instant,
) -> Outcome {
    let agent = agent(spec.timeout, url);
    let init = match request(
        &agent,
        "POST",
        url,
        spec,
        &[("Accept", ACCEPT_BOTH)],
        Some(&initialize_body()),
        left(deadline),
    ) {
        Ok(x) => x,
        Err(e) => {
            classify_error(r, url, &e, "POST");
            return Outcome::Done;
        }
    };
    r.http_status = Some(init.status);
    match init.status {
        200..=299 => {}
        401 | 403 => {
            auth_failure(spec, url, init, r, &agent, deadline);
            return Outcome::Done;
        }
        400 | 404 | 405 => {
            let text = body_text(init.body);
            // A 2026-07-28 (stateless) server answers with a modern JSON-RPC error: no fallback.
            let code = serde_json::from_str::<Value>(&text).ok().and_then(|v| {
                v.get("error")
                    .and_then(|e| e.get("code"))
                    .and_then(Value::as_i64)
            });
            if matches!(code, Some(-32022..=-32020)) {
                r.fail(
                    Failure::Protocol,
                    ProbeStatus::Failed,
                    format!(
                        "POST initialize got HTTP {} with a 2026-07-28 error ({}): the server only speaks the stateless protocol without the initialize handshake, which today's clients need",
                        init.status,
                        snippet(&text)
                    ),
                );
                return Outcome::Done;
            }
            return Outcome::WrongTransport(format!(
                "POST initialize got HTTP {}: {}",
                init.status,
                snippet(&text)
            ));
        }
        s => {
            let text = body_text(init.body);
            r.fail(
                Failure::HttpStatus,
                ProbeStatus::Failed,
                format!("POST initialize got HTTP {s}: {}", snippet(&text)),
            );
            return Outcome::Done;
        }
    }
    let session = init.session.clone();
    r.session = Some(session.is_some());
    let v = match read_reply(init, 1) {
        Ok(v) => v,
        Err(e) => {
            let failure = if Instant::now() + Duration::from_millis(50) >= deadline {
                Failure::Timeout
            } else {
                Failure::Protocol
            };
            let status = if failure == Failure::Timeout {
                ProbeStatus::Timeout
            } else {
                ProbeStatus::Failed
            };
            r.fail(failure, status, format!("initialize: {e}"));
            return Outcome::Done;
        }
    };
    let Some(has_tools) = accept_initialize(r, &v, start) else {
        return Outcome::Done;
    };
    let version = r.protocol_version.clone().unwrap_or_default();
    let mut hdrs: Vec<(&str, &str)> = vec![
        ("Accept", ACCEPT_BOTH),
        ("MCP-Protocol-Version", version.as_str()),
    ];
    if let Some(s) = &session {
        hdrs.push(("Mcp-Session-Id", s.as_str()));
    }
    let notif = json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string();
    match request(
        &agent,
        "POST",
        url,
        spec,
        &hdrs,
        Some(&notif),
        left(deadline).min(REQUEST_TIMEOUT),
    ) {
        Ok(rep) => {
            let status = rep.status;
            let text = body_text(rep.body);
            if session.is_some() && session_gone(status, &text) {
                r.http_status = Some(status);
                r.fail(
                    Failure::SessionExpired,
                    ProbeStatus::Failed,
                    format!(
                        "notifications/initialized with the new session got HTTP {status}: {}",
                        snippet(&text)
                    ),
                );
                return Outcome::Done;
            }
            if !(200..300).contains(&status) {
                r.notes.push(format!(
                    "notifications/initialized got HTTP {status} (expected 202)"
                ));
            }
        }
        Err(e) => {
            classify_error(r, url, &e, "POST");
            return Outcome::Done;
        }
    }
    if has_tools {
        let body = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).to_string();
        match request(
            &agent,
            "POST",
            url,
            spec,
            &hdrs,
            Some(&body),
            left(deadline).min(REQUEST_TIMEOUT),
        ) {
            Ok(rep) if (200..300).contains(&rep.status) => match read_reply(rep, 2) {
                Ok(v) => {
                    let n = v
                        .get("result")
                        .and_then(|x| x.get("tools"))
                        .and_then(Value::as_array)
                        .map(Vec::len)
                        .unwrap_or(0);
                    r.tools = Some(u32::try_from(n).unwrap_or(u32::MAX));
                }
                Err(e) => r
                    .notes
                    .push(format!("tools/list: {}", crate::redact::text_cut(&e, 200))),
            },
            Ok(rep) => {
                let status = rep.status;
                let text = body_text(rep.body);
                r.http_status = Some(status);
                if session.is_some() && session_gone(status, &text) {
                    r.fail(
                        Failure::SessionExpired,
                        ProbeStatus::Failed,
                        format!(
                            "tools/list with the session got HTTP {status}: {}",
                            snippet(&text)
                        ),
                    );
                    return Outcome::Done;
                }
                r.fail(
                    Failure::HttpStatus,
                    ProbeStatus::Failed,
                    format!("tools/list got HTTP {status}: {}", snippet(&text)),
                );
                return Outcome::Done;
            }
            Err(e) => {
                classify_error(r, url, &e, "POST");
                return Outcome::Done;
            }
        }
    } else {
        r.tools = Some(0);
    }
    r.status = ProbeStatus::Ok;
    if let Some(idle) = spec.idle {
        let mut get_hdrs: Vec<(&str, &str)> = vec![
            ("Accept", "text/event-stream"),
            ("MCP-Protocol-Version", version.as_str()),
        ];
        if let Some(s) = &session {
            get_hdrs.push(("Mcp-Session-Id", s.as_str()));
        }
        let opened = Instant::now();
        match request(
            &agent,
            "GET",
            url,
            spec,
            &get_hdrs,
            None,
            idle + Duration::from_secs(5),
        ) {
            Ok(rep) if rep.status == 200 && rep.content_type.starts_with("text/event-stream") => {
                let rx = spawn_stream(rep.body);
                r.idle = Some(hold(&rx, opened, idle));
            }
            Ok(rep) => r.notes.push(format!(
                "--idle: GET for a server stream got HTTP {} (the server offers no stream to hold)",
                rep.status
            )),
            Err(e) => r.notes.push(format!(
                "--idle: GET for a server stream failed: {}",
                crate::redact::text(&e.to_string())
            )),
        }
    }
    if let Some(s) = &session {
        let hd: Vec<(&str, &str)> = vec![
            ("Mcp-Session-Id", s.as_str()),
            ("MCP-Protocol-Version", version.as_str()),
        ];
        let _ = request(
            &agent,
            "DELETE",
            url,
            spec,
            &hd,
            None,
            Duration::from_secs(2),
        )
        .map(|rep| body_text(rep.body));
    }
    Outcome::Done
}

/// Holds a stream open for `idle` and reports whether and how it was cut.
fn hold(rx: &Receiver<(Instant, Item)>, opened: Instant, idle: Duration) -> IdleReport {
    let end = opened + idle;
    let mut rep = IdleReport::default();
    let mut last = opened;
    loop {
        let wait = end.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            break;
        }
        match rx.recv_timeout(wait) {
            Ok((t, Item::Event(_))) | Ok((t, Item::Comment)) => {
                rep.keepalives = rep.keepalives.saturating_add(1);
                last = t;
            }
            Ok((t, Item::Closed)) => {
                rep.cut = true;
                rep.cut_after_ms = Some(ms(t.duration_since(opened)));
                rep.how = Some("closed by the server or a proxy (end of stream)".into());
                rep.silent_ms = Some(ms(t.duration_since(last)));
                break;
            }
            Ok((t, Item::Error(e))) => {
                rep.cut = true;
                rep.cut_after_ms = Some(ms(t.duration_since(opened)));
                rep.how = Some(format!("read error: {}", crate::redact::text_cut(&e, 200)));
                rep.silent_ms = Some(ms(t.duration_since(last)));
                break;
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => {
                let t = Instant::now();
                rep.cut = true;
                rep.cut_after_ms = Some(ms(t.duration_since(opened)));
                rep.how = Some("the stream ended".into());
                rep.silent_ms = Some(ms(t.duration_since(last)));
                break;
            }
        }
    }
    rep.held_ms = ms(opened.elapsed());
    rep
}

pub(crate) use crate::url::{join as join_url, origin_and_path};

fn legacy(spec: &ProbeSpec, url: &str, deadline: Instant, r: &mut ProbeResult) -> Outcome {
    let start = Instant::now();
    let agent = agent(
        spec.timeout + spec.idle.unwrap_or_default() + Duration::from_secs(5),
        url,
    );
    let stream_timeout = left(deadline) + spec.idle.unwrap_or_default() + Duration::from_secs(5);
    let get = match request(
        &agent,
        "GET",
        url,
        spec,
        &[("Accept", "text/event-stream")],
        None,
        stream_timeout,
    ) {
        Ok(x) => x,
        Err(e) => {
            classify_error(r, url, &e, "GET");
            return Outcome::Done;
        }
    };
    r.http_status = Some(get.status);
    match get.status {
        401 | 403 => {
            auth_failure(spec, url, get, r, &agent, deadline);
            return Outcome::Done;
        }
        200 if get.content_type.starts_with("text/event-stream") => {}
        s => {
            let ct = get.content_type.clone();
            let text = body_text(get.body);
            return Outcome::WrongTransport(format!("GET got HTTP {s} {ct}: {}", snippet(&text)));
        }
    }
    let opened = Instant::now();
    let rx = spawn_stream(get.body);
    // The first event must be `endpoint`.
    let endpoint = loop {
        match rx.recv_timeout(left(deadline)) {
            Ok((_, Item::Event(e))) if e.event == "endpoint" => break join_url(url, e.data.trim()),
            Ok((_, Item::Event(_))) | Ok((_, Item::Comment)) => continue,
            Ok((_, Item::Closed))
            | Ok((_, Item::Error(_)))
            | Err(RecvTimeoutError::Disconnected) => {
                return Outcome::WrongTransport(
                    "the SSE stream ended without an `endpoint` event".into(),
                );
            }
            Err(RecvTimeoutError::Timeout) => {
                r.fail(
                    Failure::Timeout,
                    ProbeStatus::Timeout,
                    "no `endpoint` event on the SSE stream in time",
                );
                return Outcome::Done;
            }
        }
    };
    // The MCP SDKs refuse an endpoint on another origin ("Endpoint origin does not match
    // connection origin"): the configured headers would be posted there.
    if !same_origin(&endpoint, url) {
        r.fail(
            Failure::Protocol,
            ProbeStatus::Failed,
            format!(
                "the SSE stream's `endpoint` event names another origin ({}) than the stream's ({}); not followed (the configured headers would be sent there), as the MCP SDKs refuse it",
                crate::redact::text(&origin_and_path(&endpoint).0),
                crate::redact::text(&origin_and_path(url).0)
            ),
        );
        return Outcome::Done;
    }
    let wait_reply =
        |rx: &Receiver<(Instant, Item)>, id: u64, until: Instant| -> Result<Value, String> {
            loop {
                match rx.recv_timeout(
                    until
                        .saturating_duration_since(Instant::now())
                        .max(Duration::from_millis(1)),
                ) {
                    Ok((_, Item::Event(e))) => {
                        if let Ok(v) = serde_json::from_str::<Value>(&e.data) {
                            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                                return Ok(v);
                            }
                        }
                    }
                    Ok((_, Item::Comment)) => {}
                    Ok((_, Item::Closed)) | Err(RecvTimeoutError::Disconnected) => {
                        return Err("the SSE stream closed".into())
                    }
                    Ok((_, Item::Error(e))) => return Err(format!("the SSE stream failed: {e}")),
                    Err(RecvTimeoutError::Timeout) => return Err("timeout".into()),
                }
            }
        };
    let post = |r: &mut ProbeResult, body: &str, what: &str, until: Instant| -> bool {
        match request(
            &agent,
            "POST",
            &endpoint,
            spec,
            &[("Accept", ACCEPT_BOTH)],
            Some(body),
            left(until),
        ) {
            Ok(rep) if (200..300).contains(&rep.status) => {
                let _ = body_text(rep.body);
                true
            }
            Ok(rep) => {
                let status = rep.status;
                let text = body_text(rep.body);
                r.http_status = Some(status);
                if session_gone(status, &text) {
                    r.fail(
                        Failure::SessionExpired,
                        ProbeStatus::Failed,
                        format!(
                            "{what} to the session endpoint got HTTP {status}: {}",
                            snippet(&text)
                        ),
                    );
                } else {
                    r.fail(
                        Failure::HttpStatus,
                        ProbeStatus::Failed,
                        format!("{what} got HTTP {status}: {}", snippet(&text)),
                    );
                }
                false
            }
            Err(e) => {
                classify_error(r, &endpoint, &e, "POST");
                false
            }
        }
    };
    if !post(r, &initialize_body(), "initialize", deadline) {
        return Outcome::Done;
    }
    let v = match wait_reply(&rx, 1, deadline) {
        Ok(v) => v,
        Err(e) if e == "timeout" => {
            r.fail(
                Failure::Timeout,
                ProbeStatus::Timeout,
                "no initialize reply on the SSE stream in time",
            );
            return Outcome::Done;
        }
        Err(e) => {
            r.fail(
                Failure::Protocol,
                ProbeStatus::Failed,
                format!("initialize: {e}"),
            );
            return Outcome::Done;
        }
    };
    let Some(has_tools) = accept_initialize(r, &v, start) else {
        return Outcome::Done;
    };
    let until = Instant::now() + REQUEST_TIMEOUT.min(spec.timeout);
    if !post(
        r,
        &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
        "notifications/initialized",
        until,
    ) {
        return Outcome::Done;
    }
    if has_tools {
        if !post(
            r,
            &json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).to_string(),
            "tools/list",
            until,
        ) {
            return Outcome::Done;
        }
        match wait_reply(&rx, 2, until) {
            Ok(v) => {
                let n = v
                    .get("result")
                    .and_then(|x| x.get("tools"))
                    .and_then(Value::as_array)
                    .map(Vec::len)
                    .unwrap_or(0);
                r.tools = Some(u32::try_from(n).unwrap_or(u32::MAX));
            }
            Err(e) => {
                let (f, s) = if e == "timeout" {
                    (Failure::Timeout, ProbeStatus::Timeout)
                } else {
                    (Failure::Protocol, ProbeStatus::Failed)
                };
                r.fail(f, s, format!("tools/list: {e}"));
                return Outcome::Done;
            }
        }
    } else {
        r.tools = Some(0);
    }
    r.status = ProbeStatus::Ok;
    if let Some(idle) = spec.idle {
        // Counted from when the stream was opened: that is when an idle timer starts.
        let _ = opened;
        r.idle = Some(hold(&rx, Instant::now(), idle));
    }
    Outcome::Done
}

/// A 401/403: with configured credentials they were rejected; without, discover what OAuth needs.
fn auth_failure(
    spec: &ProbeSpec,
    url: &str,
    reply: Reply,
    r: &mut ProbeResult,
    agent: &Agent,
    deadline: Instant,
) {
    let status = reply.status;
    let www = reply.www_authenticate.clone();
    let text = body_text(reply.body);
    if has_credentials(spec) {
        r.fail(
            Failure::AuthRejected,
            ProbeStatus::Failed,
            format!(
                "HTTP {status} with the configured credentials: {}",
                snippet(www.as_deref().unwrap_or(&text))
            ),
        );
        return;
    }
    if status == 403 {
        r.fail(
            Failure::HttpStatus,
            ProbeStatus::Failed,
            format!("HTTP 403 without credentials: {}", snippet(&text)),
        );
        return;
    }
    // The metadata checks get the rest of the probe's time, and at least 5 s.
    let until = deadline.max(Instant::now() + METADATA_TIMEOUT);
    let report = discover_oauth(url, www.as_deref(), agent, until);
    let verdict = if report.metadata_ok() {
        "metadata OK"
    } else {
        "metadata broken"
    };
    r.fail(
        Failure::AuthRequired,
        ProbeStatus::Failed,
        format!("needs OAuth (HTTP 401); {verdict}"),
    );
    r.auth = Some(report);
}

/// `key="value"` and `key=value` parameters of a `WWW-Authenticate` header.
fn auth_params(h: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = h.trim();
    // Skip the scheme.
    if let Some(i) = rest.find(' ') {
        if !rest[..i].contains('=') {
            rest = &rest[i + 1..];
        }
    }
    while !rest.is_empty() {
        rest = rest.trim_start_matches([' ', ',']);
        let Some(eq) = rest.find('=') else { break };
        let key = rest[..eq].trim().to_ascii_lowercase();
        rest = &rest[eq + 1..];
        let value;
        if let Some(r2) = rest.strip_prefix('"') {
            let end = r2.find('"').unwrap_or(r2.len());
            value = r2[..end].to_string();
            rest = r2.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        out.push((key, value));
    }
    out
}

fn get_json(agent: &Agent, url: &str, deadline: Instant) -> Result<Value, String> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err("not fetched: the probe ran out of time".into());
    }
    let resp = agent
        .get(url)
        .config()
        .timeout_global(Some(METADATA_TIMEOUT.min(left)))
        .build()
        .header("Accept", "application/json")
        .call()
        .map_err(|e| crate::redact::text(&e.to_string()))?;
    let status = resp.status().as_u16();
    let text = resp
        .into_body()
        .into_with_config()
        .limit(BODY_LIMIT)
        .read_to_string()
        .unwrap_or_default();
    if status != 200 {
        return Err(format!("HTTP {status}"));
    }
    serde_json::from_str(&text).map_err(|_| "not JSON".to_string())
}

fn discover_oauth(url: &str, www: Option<&str>, agent: &Agent, deadline: Instant) -> AuthReport {
    let mut rep = AuthReport {
        www_authenticate: www.map(crate::redact::text),
        ..AuthReport::default()
    };
    let params = www.map(auth_params).unwrap_or_default();
    let (origin, path) = origin_and_path(url);
    let mut candidates = Vec::new();
    if let Some((_, u)) = params.iter().find(|(k, _)| k == "resource_metadata") {
        rep.resource_metadata_url = Some(crate::redact::text(u));
        candidates.push(join_url(url, u));
    } else {
        rep.problems.push("the 401 has no `resource_metadata` in WWW-Authenticate; clients must guess the well-known path".into());
    }
    if !path.is_empty() {
        candidates.push(format!(
            "{origin}/.well-known/oauth-protected-resource{path}"
        ));
    }
    candidates.push(format!("{origin}/.well-known/oauth-protected-resource"));
    candidates.dedup();
    let mut prm = None;
    let mut tried = Vec::new();
    for c in &candidates {
        match get_json(agent, c, deadline) {
            Ok(v) => {
                prm = Some(v);
                break;
            }
            Err(e) => tried.push(format!("{} ({e})", crate::redact::text(c))),
        }
    }
    let mut servers: Vec<String> = Vec::new();
    match prm {
        Some(v) => {
            let resource = v.get("resource").and_then(Value::as_str).unwrap_or("");
            servers = v
                .get("authorization_servers")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let mut ok = true;
            if resource.trim_end_matches('/') != url.trim_end_matches('/') {
                rep.problems.push(format!(
                    "the protected-resource metadata names resource `{}`, not this server's URL",
                    crate::redact::text(resource)
                ));
                ok = false;
            }
            if servers.is_empty() {
                rep.problems
                    .push("the protected-resource metadata lists no authorization_servers".into());
                ok = false;
            }
            rep.resource_metadata_ok = ok;
        }
        None => {
            rep.problems.push(format!(
                "no protected-resource metadata (RFC 9728) at {}",
                tried.join(", ")
            ));
            // A 2025-03-26 server is its own authorization server.
            servers.push(origin.clone());
        }
    }
    rep.authorization_servers = servers.iter().map(|s| crate::redact::text(s)).collect();
    let mut all_ok = !servers.is_empty();
    for issuer in servers.iter().take(3) {
        let (as_origin, as_path) = origin_and_path(issuer);
        let urls = if as_path.is_empty() {
            vec![
                format!("{as_origin}/.well-known/oauth-authorization-server"),
                format!("{as_origin}/.well-known/openid-configuration"),
            ]
        } else {
            vec![
                format!("{as_origin}/.well-known/oauth-authorization-server{as_path}"),
                format!("{as_origin}/.well-known/openid-configuration{as_path}"),
                format!("{as_origin}{as_path}/.well-known/openid-configuration"),
            ]
        };
        let mut meta = None;
        let mut errs = Vec::new();
        for u in &urls {
            match get_json(agent, u, deadline) {
                Ok(v) => {
                    meta = Some(v);
                    break;
                }
                Err(e) => errs.push(format!("{} ({e})", crate::redact::text(u))),
            }
        }
        let Some(m) = meta else {
            rep.problems.push(format!(
                "authorization server {} has no metadata: {}",
                crate::redact::text(issuer),
                errs.join(", ")
            ));
            all_ok = false;
            continue;
        };
        let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        if s("issuer").trim_end_matches('/') != issuer.trim_end_matches('/') {
            rep.problems.push(format!(
                "authorization server metadata issuer `{}` differs from `{}`",
                crate::redact::text(&s("issuer")),
                crate::redact::text(issuer)
            ));
            all_ok = false;
        }
        for k in ["authorization_endpoint", "token_endpoint"] {
            if s(k).is_empty() {
                rep.problems
                    .push(format!("authorization server metadata has no {k}"));
                all_ok = false;
            }
        }
        let s256 = m
            .get("code_challenge_methods_supported")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some("S256")));
        if !s256 {
            rep.problems.push("authorization server metadata does not list S256 in code_challenge_methods_supported; clients must refuse to log in".into());
            all_ok = false;
        }
        let cimd = m
            .get("client_id_metadata_document_supported")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if s("registration_endpoint").is_empty() && !cimd {
            rep.problems.push("authorization server offers neither registration_endpoint nor client ID metadata documents; a client without a pre-registered id cannot log in".into());
            all_ok = false;
        }
    }
    rep.authorization_server_ok = all_ok;
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provider every connection uses is rustls's *ring* provider without the ChaCha20
    /// suites: the same key exchanges and signature algorithms (checked against that provider,
    /// so that a rustls upgrade which changes them fails here), the other suites in its order.
    #[test]
    fn tls_provider_is_ring_s_without_chacha() {
        let ours = crypto_provider();
        let ring = rustls::crypto::ring::default_provider();
        let names = |p: &CryptoProvider| -> Vec<String> {
            p.cipher_suites
                .iter()
                .map(|s| format!("{:?}", s.suite()))
                .collect()
        };
        let expected: Vec<String> = names(&ring)
            .into_iter()
            .filter(|n| !n.contains("CHACHA20"))
            .collect();
        assert_eq!(names(&ours), expected);
        assert_eq!(expected.len(), 6, "{expected:?}");
        let kx = |p: &CryptoProvider| -> Vec<String> {
            p.kx_groups
                .iter()
                .map(|g| format!("{:?}", g.name()))
                .collect()
        };
        assert_eq!(kx(&ours), kx(&ring));
        assert_eq!(
            format!("{:?}", ours.signature_verification_algorithms),
            format!("{:?}", ring.signature_verification_algorithms)
        );
        let mut a = [0u8; 32];
        ours.secure_random.fill(&mut a).unwrap();
        assert_ne!(a, [0u8; 32]);
        // A key ring's provider loads (the test PKI's) is refused: no client certificate.
        use rustls::pki_types::{pem::PemObject, PrivateKeyDer};
        let key = || {
            PrivateKeyDer::from_pem_file(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tls/leaf.key"),
            )
            .unwrap()
        };
        assert!(ring.key_provider.load_private_key(key()).is_ok());
        assert!(ours.key_provider.load_private_key(key()).is_err());
    }

    #[test]
    fn www_authenticate_params() {
        let p = auth_params(
            r#"Bearer error="invalid_token", error_description="Authentication required", resource_metadata="http://127.0.0.1:3905/.well-known/oauth-protected-resource/mcp""#,
        );
        assert!(p.contains(&("error".into(), "invalid_token".into())));
        assert!(p.contains(&(
            "resource_metadata".into(),
            "http://127.0.0.1:3905/.well-known/oauth-protected-resource/mcp".into()
        )));
    }

    #[test]
    fn sse_events_are_parsed_with_comments_and_multiline_data() {
        let data = b": ping\n\nevent: endpoint\ndata: /m?s=1\n\nid: 0\ndata:\n\nevent: message\ndata: {\"a\":\ndata: 1}\n\n";
        let mut items = Vec::new();
        read_sse(&data[..], |i| {
            items.push(match i {
                Item::Event(e) => format!("{}|{}", e.event, e.data),
                Item::Comment => "comment".into(),
                Item::Closed => "closed".into(),
                Item::Error(e) => e,
            });
            true
        });
        assert_eq!(
            items,
            vec![
                "comment",
                "endpoint|/m?s=1",
                "|",
                "message|{\"a\":\n1}",
                "closed"
            ]
        );
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("http://127.0.0.1:3000/mcp"));
        assert!(is_loopback("http://localhost/mcp"));
        assert!(is_loopback("http://[::1]:8/x"));
        assert!(is_loopback("http://u:p@localhost:1/"));
        assert!(!is_loopback("https://mcp.example.com/mcp"));
        assert!(!is_loopback("https://127.0.0.1.example.com/"));
    }

    #[test]
    fn session_gone_rules() {
        assert!(session_gone(404, ""));
        assert!(session_gone(
            400,
            "Bad Request: No valid session ID provided"
        ));
        assert!(!session_gone(400, "Invalid Content-Type"));
    }
}
