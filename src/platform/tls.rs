//! TLS interception (`check --probe`): the certificate chain each remote server presents *from
//! this machine*, checked against the store of the program that really connects to it.
//!
//! Node (Claude Code, Gemini CLI, `mcp-remote` and other Node bridges) trusts only the Mozilla
//! list compiled into it plus `NODE_EXTRA_CA_CERTS` (and the system's store with
//! `--use-system-ca` / `NODE_USE_SYSTEM_CA=1`); Python's certifi is the same Mozilla list unless
//! `SSL_CERT_FILE` replaces it; Electron editors (VS Code, Cursor, Windsurf) use the system's
//! store. On a network whose proxy inspects TLS, every chain ends at the company's root, which
//! the IT department put in the system store: the editor works, Node does not
//! (`UNABLE_TO_GET_ISSUER_CERT_LOCALLY`).
//!
//! The Mozilla list is `webpki-roots`, which is generated from the same Mozilla CA database Node
//! bundles (the two may differ by a release or so). The system store is read through
//! [`Facts`]: the admin and login keychains (`security find-certificate -a -p`) on macOS, the
//! Root stores (PowerShell `Cert:\LocalMachine\Root`, `Cert:\CurrentUser\Root`) on Windows, the
//! distribution's bundle file on Linux; the public roots the OS ships are taken to be the
//! Mozilla list too.
use super::facts::{Answer, Facts, FileAnswer, Unavailable};
use super::listeners::{host, is_loopback_host};
use super::{finding, Scan};
use crate::finding::{ClientId, Severity};
use crate::machine::{Machine, Os};
use crate::rules::RuleId;
use crate::runtime::range::Lang;
use crate::server::{ServerSpec, Transport};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

/// Whose list of trusted roots a connection is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Store {
    /// Node's bundled Mozilla list (+ `NODE_EXTRA_CA_CERTS`, + the system's with
    /// `--use-system-ca`).
    Node,
    /// Python's certifi (the Mozilla list), replaced by `SSL_CERT_FILE` / `REQUESTS_CA_BUNDLE`.
    Python,
    /// The operating system's store.
    System,
}

/// One remote server and the program that connects to it.
struct Target {
    client: ClientId,
    server: String,
    host: String,
    port: u16,
    store: Store,
    /// Who connects, for messages: "Claude Code", "mcp-remote under Node".
    who: String,
    /// The environment of the connecting process (for the CA and proxy variables).
    env: Vec<(String, String)>,
    /// A stdio bridge (its `env` takes the variable) rather than the client itself.
    bridge: bool,
    /// The bridge was told to use the proxy variables (`mcp-remote --enable-proxy`).
    proxy_flag: bool,
}

impl Target {
    fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Whether Node reads the system store too (Node 23.8+/22.15+ `--use-system-ca`, 22.19+/24.6+
    /// `NODE_USE_SYSTEM_CA=1`).
    fn node_uses_system(&self) -> bool {
        self.var("NODE_USE_SYSTEM_CA") == Some("1")
            || self
                .var("NODE_OPTIONS")
                .is_some_and(|o| o.split_whitespace().any(|a| a == "--use-system-ca"))
    }

    /// The proxy this program sends HTTPS through: Python and the system's stack read the
    /// variables; Node only with `NODE_USE_ENV_PROXY=1` / `--use-env-proxy` or a bridge's own flag.
    fn proxy(&self) -> Option<String> {
        if is_loopback_host(&self.host) {
            return None;
        }
        let reads = match self.store {
            Store::Node => {
                self.proxy_flag
                    || self.var("NODE_USE_ENV_PROXY") == Some("1")
                    || self
                        .var("NODE_OPTIONS")
                        .is_some_and(|o| o.split_whitespace().any(|a| a == "--use-env-proxy"))
            }
            Store::Python | Store::System => true,
        };
        if !reads {
            return None;
        }
        if self
            .var("NO_PROXY")
            .is_some_and(|n| super::proxy::no_proxy_covers(n, &self.host))
        {
            return None;
        }
        self.var("HTTPS_PROXY")
            .or_else(|| self.var("ALL_PROXY"))
            .map(str::to_string)
    }
}

/// What connected servers presented, or why there is no chain.
type Chain = Result<Vec<CertificateDer<'static>>, String>;

const TIMEOUT: Duration = Duration::from_secs(5);
/// Most bytes read of a CA bundle or a keychain dump.
const STORE_MAX: usize = 32 << 20;
/// Linux distributions' CA bundles, in the order they are looked for (Debian/Ubuntu/Arch,
/// Fedora/RHEL, openSUSE, Alpine).
const LINUX_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];
const SECURITY: &str = "/usr/bin/security";
const POWERSHELL: &str = "powershell.exe";
const WINDOWS_STORES: &str = "Get-ChildItem -Path Cert:\\LocalMachine\\Root, Cert:\\CurrentUser\\Root | ForEach-Object { [Convert]::ToBase64String($_.RawData) }";

pub(crate) fn check(s: &mut Scan, f: &dyn Facts, servers: &[&ServerSpec]) {
    let targets = targets(s.m, servers);
    if targets.is_empty() {
        return;
    }
    let what = "TLS certificate chains";
    // One handshake per host, port and route.
    let mut keys: Vec<(String, u16, Option<String>)> = Vec::new();
    for t in &targets {
        let k = (t.host.clone(), t.port, t.proxy());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let chains = fetch_all(&keys);
    let provider = crate::probe::http::crypto_provider();
    let mozilla = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut system: Option<Result<System, Unavailable>> = None;
    let now = UnixTime::since_unix_epoch(
        s.m.now
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default(),
    );
    let mut checked = 0;
    for t in &targets {
        let key = (t.host.clone(), t.port, t.proxy());
        let chain = match chains.get(&key) {
            Some(Ok(c)) if !c.is_empty() => c,
            Some(Err(e)) => {
                s.unchecked(
                    &format!("TLS chain of {}:{} ({})", t.host, t.port, t.server),
                    &Unavailable::Failed(e.clone()),
                );
                continue;
            }
            _ => continue,
        };
        checked += 1;
        // The system's store is read only when the program uses it, or to tell interception
        // from an untrusted certificate once the program's own list rejects the chain.
        let uses_system =
            t.store == Store::System || (t.store == Store::Node && t.node_uses_system());
        if !uses_system
            && verify(
                &provider,
                &consumer_roots(t, f, &mozilla, None).0,
                chain,
                &t.host,
                now,
            )
            .is_ok()
        {
            s.tls.push((t.client, t.server.clone(), true));
            continue;
        }
        let sys = system
            .get_or_insert_with(|| load_system(s.m, f))
            .as_ref()
            .ok();
        let (roots, notes) = consumer_roots(t, f, &mozilla, sys);
        let verdict = verify(&provider, &roots, chain, &t.host, now);
        s.tls.push((t.client, t.server.clone(), verdict.is_ok()));
        let Err(err) = verdict else {
            continue;
        };
        let by_system = sys.map(|x| verify(&provider, &x.roots, chain, &t.host, now));
        let shown = describe_chain(chain);
        let root = chain_root(chain);
        let evidence = format!(
            "{}:{} presented: {shown}{}",
            t.host,
            t.port,
            match t.proxy() {
                Some(p) => format!(" (through the proxy {})", crate::redact::text(&p)),
                None => String::new(),
            }
        );
        let store_name = match t.store {
            Store::Node => "Node's bundled list",
            Store::Python => "Python's certifi list",
            Store::System => "the system's store",
        };
        let mut msg;
        let rule;
        if t.store != Store::System && matches!(by_system, Some(Ok(()))) {
            rule = RuleId::TlsIntercepted;
            msg = format!(
                "{} connects to {}:{} for \"{}\" and rejects its certificate ({}): the chain this machine is given ends at \"{root}\", a certificate authority the system's store trusts ({}) but {store_name} does not. A proxy that inspects TLS (or a company's private CA) signs this connection.",
                t.who,
                t.host,
                t.port,
                t.server,
                error_code(t.store, &err, chain),
                sys.map(|x| x.from.as_str()).unwrap_or(""),
            );
        } else {
            rule = RuleId::TlsUntrusted;
            msg = format!(
                "{} cannot trust the certificate of {}:{} for \"{}\": {} ({}).{}",
                t.who,
                t.host,
                t.port,
                t.server,
                reason(&err, chain, &t.host),
                error_code(t.store, &err, chain),
                match (&by_system, t.store) {
                    (Some(_), Store::System) => String::new(),
                    (Some(_), _) => " The system's store does not trust it either.".to_string(),
                    (None, Store::System) => " (Judged against Mozilla's list: the system's store could not be read, and may trust it.)".to_string(),
                    (None, _) => " (The system's store could not be read: if it trusts this CA, a proxy may be inspecting TLS.)".to_string(),
                }
            );
        }
        for n in &notes {
            msg.push(' ');
            msg.push_str(n);
        }
        let (var, file, export) = remedy(s.m, t, sys);
        let (how, pass) = pass(s.m, t, var, &file);
        let mut fnd = finding(rule, t.client, &t.server, msg, evidence)
            .var(crate::finding::Var::Host, t.host.clone())
            .var(crate::finding::Var::Var, var.to_string())
            .var(crate::finding::Var::File, file)
            .var(crate::finding::Var::Export, export)
            .var(crate::finding::Var::Pass, pass)
            .var(crate::finding::Var::How, how)
            .var(crate::finding::Var::Root, root);
        if rule == RuleId::TlsUntrusted && by_system.is_none() {
            // Without the system's answer it may be interception, or trusted after all.
            fnd = fnd.severity(Severity::Warning);
        }
        s.findings.push(fnd);
    }
    if checked > 0 {
        s.checked(what);
    }
    if let Some(Err(u)) = &system {
        s.unchecked("the system's certificate store", u);
    }
}

/// The roots of the program that connects: its own list, with what its variables add (or, for
/// `SSL_CERT_FILE`, replace), and the system's when it reads them; with notes on variables that
/// name files it cannot use.
fn consumer_roots(
    t: &Target,
    f: &dyn Facts,
    mozilla: &RootCertStore,
    sys: Option<&System>,
) -> (RootCertStore, Vec<String>) {
    let mut roots = match (t.store, sys) {
        (Store::System, Some(x)) => x.roots.clone(),
        _ => mozilla.clone(),
    };
    let mut notes: Vec<String> = Vec::new();
    let extra_var = match t.store {
        Store::Node => Some("NODE_EXTRA_CA_CERTS"),
        Store::Python => ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"]
            .into_iter()
            .find(|v| t.var(v).is_some()),
        Store::System => None,
    };
    if let Some((var, path)) = extra_var.and_then(|v| t.var(v).map(|p| (v, p.to_string()))) {
        match read_pem_file(f, &path) {
            Ok(certs) => {
                if t.store == Store::Python {
                    // SSL_CERT_FILE replaces certifi's list.
                    roots = RootCertStore::empty();
                }
                for c in certs {
                    let _ = roots.add(c);
                }
            }
            Err(why) => notes.push(format!("{var}={path} is not used: {why}.")),
        }
    }
    if t.store == Store::Node && t.node_uses_system() {
        if let Some(sys) = sys {
            roots.roots.extend(sys.roots.roots.iter().cloned());
        }
    }
    (roots, notes)
}

/// The remote servers reached over HTTPS, each with the program that connects and its store.
fn targets(m: &Machine, servers: &[&ServerSpec]) -> Vec<Target> {
    let mut out = Vec::new();
    for s in servers {
        if s.disabled {
            continue;
        }
        if let Some(url) = s.url.as_ref().filter(|_| s.transport != Transport::Stdio) {
            let url = crate::launch::value(m, s, crate::launch::Field::Url, &url.value);
            // The client connects itself.
            let store = if crate::clients::get(s.client).connects_from_node {
                Store::Node
            } else {
                Store::System
            };
            let env: Vec<(String, String)> = m
                .env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            out.extend(target(
                s,
                &url,
                store,
                s.client.title().to_string(),
                env,
                false,
            ));
            continue;
        }
        let Some(cmd) = &s.command else { continue };
        let cmd = crate::launch::value(m, s, crate::launch::Field::Command, &cmd.value);
        let args: Vec<String> = s
            .args
            .iter()
            .map(|a| crate::launch::value(m, s, crate::launch::Field::Arg, &a.value))
            .collect();
        let Some(url) = args.iter().find(|a| a.starts_with("https://")) else {
            continue;
        };
        let base = crate::runtime::usage::base_name(m.os, &cmd);
        let store = match crate::runtime::usage::runtime_lang(m.os, &cmd, &args) {
            Some(Lang::Node | Lang::Bun) => Store::Node,
            Some(Lang::Python) => Store::Python,
            // Deno, Docker and unknown programs: their store is not known.
            _ => continue,
        };
        let bridge = if args.iter().any(|a| a.contains("mcp-remote")) || base == "mcp-remote" {
            "mcp-remote".to_string()
        } else {
            base.clone()
        };
        let who = match store {
            Store::Node => format!("{bridge} (run by {} under Node)", s.client.title()),
            _ => format!("{bridge} (run by {} under Python)", s.client.title()),
        };
        let env = crate::launch::spawn_env(m, s, &[]);
        let mut t = target(s, url, store, who, env, true);
        if let Some(t) = t.as_mut() {
            t.proxy_flag = args.iter().any(|a| a == "--enable-proxy");
        }
        out.extend(t);
    }
    out
}

fn target(
    s: &ServerSpec,
    url: &str,
    store: Store,
    who: String,
    env: Vec<(String, String)>,
    bridge: bool,
) -> Option<Target> {
    if !url.starts_with("https://") {
        return None;
    }
    let host = host(url)?;
    let port = crate::url::port(url).unwrap_or(443);
    Some(Target {
        client: s.client,
        server: s.name.clone(),
        host,
        port,
        store,
        who,
        env,
        bridge,
        proxy_flag: false,
    })
}

/// The system's store: the OS's public roots (taken as the Mozilla list) plus what was added to
/// it (the admin and login keychains, the Root stores, the distribution's bundle).
struct System {
    roots: RootCertStore,
    /// Where the added roots were read, for messages.
    from: String,
    /// A PEM file that holds the whole store already (Linux's bundle), for `NODE_EXTRA_CA_CERTS`.
    bundle: Option<String>,
}

fn load_system(m: &Machine, f: &dyn Facts) -> Result<System, Unavailable> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut add = |ders: Vec<CertificateDer<'static>>| {
        let (ok, _) = roots.add_parsable_certificates(ders);
        ok
    };
    match m.os {
        Os::Linux => {
            let mut last =
                Unavailable::Failed(format!("none of {} exists", LINUX_BUNDLES.join(", ")));
            for b in LINUX_BUNDLES {
                match f.read(b, STORE_MAX) {
                    FileAnswer::Bytes(bytes) => {
                        add(pem_certs(&bytes));
                        return Ok(System {
                            roots,
                            from: (*b).to_string(),
                            bundle: Some((*b).to_string()),
                        });
                    }
                    FileAnswer::Absent => {}
                    FileAnswer::Unavailable(u) => last = u,
                }
            }
            Err(last)
        }
        Os::Macos => {
            let login = format!("{}/Library/Keychains/login.keychain-db", m.home_spelled);
            let asks: Vec<Vec<String>> = ["/Library/Keychains/System.keychain", login.as_str()]
                .iter()
                .map(|k| {
                    [SECURITY, "find-certificate", "-a", "-p", k]
                        .iter()
                        .map(|s| s.to_string())
                        .collect()
                })
                .collect();
            let answers = f.run_all(&asks);
            let mut got = Vec::new();
            let mut why = Unavailable::NotRecorded;
            for a in &asks {
                match answers.get(a) {
                    Some(ans @ Answer::Ran { .. }) if ans.ok() => {
                        add(pem_certs(ans.stdout().as_bytes()));
                        got.push(a[4].clone());
                    }
                    Some(Answer::Unavailable(u)) => why = u.clone(),
                    Some(ans) => why = Unavailable::Failed(ans.text().trim().to_string()),
                    None => {}
                }
            }
            if got.is_empty() {
                return Err(why);
            }
            Ok(System {
                roots,
                from: format!("the keychains {}", got.join(", ")),
                bundle: None,
            })
        }
        Os::Windows => {
            let argv: Vec<String> = [
                POWERSHELL,
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                WINDOWS_STORES,
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            match f.run(&argv) {
                a @ Answer::Ran { .. } if a.ok() => {
                    use base64::Engine;
                    let ders: Vec<CertificateDer<'static>> = a
                        .stdout()
                        .lines()
                        .filter_map(|l| {
                            base64::engine::general_purpose::STANDARD
                                .decode(l.trim())
                                .ok()
                        })
                        .map(CertificateDer::from)
                        .collect();
                    add(ders);
                    Ok(System {
                        roots,
                        from: "Cert:\\LocalMachine\\Root and Cert:\\CurrentUser\\Root".into(),
                        bundle: None,
                    })
                }
                Answer::Unavailable(u) => Err(u),
                a => Err(Unavailable::Failed(a.text().trim().to_string())),
            }
        }
    }
}

fn pem_certs(bytes: &[u8]) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(bytes)
        .filter_map(Result::ok)
        .collect()
}

/// A PEM file named by `NODE_EXTRA_CA_CERTS` or `SSL_CERT_FILE`.
fn read_pem_file(f: &dyn Facts, path: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    match f.read(path, STORE_MAX) {
        FileAnswer::Bytes(b) => {
            let certs = pem_certs(&b);
            if certs.is_empty() {
                Err("the file holds no PEM certificate".into())
            } else {
                Ok(certs)
            }
        }
        FileAnswer::Absent => Err("the file does not exist".into()),
        FileAnswer::Unavailable(u) => Err(u.describe()),
    }
}

fn verify(
    provider: &Arc<CryptoProvider>,
    roots: &RootCertStore,
    chain: &[CertificateDer<'static>],
    host: &str,
    now: UnixTime,
) -> Result<(), rustls::Error> {
    let verifier =
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots.clone()), provider.clone())
            .build()
            .map_err(|e| rustls::Error::General(e.to_string()))?;
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| rustls::Error::General(e.to_string()))?;
    verifier
        .verify_server_cert(&chain[0], &chain[1..], &name, &[], now)
        .map(|_| ())
}

/// The certificate error in words.
fn reason(e: &rustls::Error, chain: &[CertificateDer], host: &str) -> String {
    use CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::Expired | C::ExpiredContext { .. } => format!(
                "the certificate expired{}",
                validity(&chain[0])
                    .map(|(_, to)| format!(" on {to}"))
                    .unwrap_or_default()
            ),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "the certificate is not valid yet (check the clock)".into()
            }
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                format!("the certificate is not valid for the name {host}")
            }
            C::UnknownIssuer if chain.len() == 1 && self_signed(&chain[0]) => {
                "the certificate is self-signed".into()
            }
            C::UnknownIssuer => format!(
                "it is issued by \"{}\", which is not a trusted certificate authority",
                chain_root(chain)
            ),
            C::Revoked => "the certificate is revoked".into(),
            other => format!("{other:?}"),
        },
        other => other.to_string(),
    }
}

/// The error the connecting program logs, for searching its log.
fn error_code(store: Store, e: &rustls::Error, chain: &[CertificateDer]) -> &'static str {
    use CertificateError as C;
    if store == Store::Python {
        return "CERTIFICATE_VERIFY_FAILED";
    }
    match e {
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
            "CERT_HAS_EXPIRED"
        }
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => "ERR_TLS_CERT_ALTNAME_INVALID",
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => {
            if chain.len() == 1 && self_signed(&chain[0]) {
                "DEPTH_ZERO_SELF_SIGNED_CERT"
            } else if chain.last().is_some_and(self_signed) {
                "SELF_SIGNED_CERT_IN_CHAIN"
            } else {
                "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
            }
        }
        _ => "a certificate error",
    }
}

fn parsed<T>(
    der: &CertificateDer,
    f: impl FnOnce(&x509_parser::certificate::X509Certificate) -> T,
) -> Option<T> {
    use x509_parser::nom::Parser as _;
    // Names and dates only: the extensions are left as read, not parsed each by its own parser
    // (which the binary then leaves out: issue 16).
    x509_parser::certificate::X509CertificateParser::new()
        .with_deep_parse_extensions(false)
        .parse(der.as_ref())
        .ok()
        .map(|(_, c)| f(&c))
}

fn self_signed(der: &CertificateDer) -> bool {
    parsed(der, |c| c.subject().as_raw() == c.issuer().as_raw()).unwrap_or(false)
}

/// A distinguished name as people read it: its common name, else its organisation, else all.
fn name_of(n: &x509_parser::x509::X509Name) -> String {
    n.iter_common_name()
        .next()
        .and_then(|a| a.as_str().ok())
        .or_else(|| n.iter_organization().next().and_then(|a| a.as_str().ok()))
        .map(str::to_string)
        .unwrap_or_else(|| name_attributes(n))
}

/// Every attribute of a name, `OU=Example, C=US`: what x509-parser's `Display` writes (the short
/// names of X.520 and of its abbreviations, a string value as it is, another value in upper-case
/// hex, attributes of one RDN joined by ` + `), without its OID registry (a table of every OID it
/// knows, with descriptions, which the binary then carried: issue 16). An attribute type not in
/// the table is written as its dotted OID.
fn name_attributes(n: &x509_parser::x509::X509Name) -> String {
    use x509_parser::asn1_rs::Tag;
    // (OID, short name): x509-parser's abbreviations, then the X.520 names of oid-registry
    // (assets/oid_db.txt) for the other attribute types a subject or issuer name holds.
    const SHORT: &[(&str, &str)] = &[
        ("2.5.4.3", "CN"),
        ("2.5.4.6", "C"),
        ("2.5.4.7", "L"),
        ("2.5.4.8", "ST"),
        ("2.5.4.10", "O"),
        ("2.5.4.11", "OU"),
        ("0.9.2342.19200300.100.1.25", "DC"),
        ("1.2.840.113549.1.9.1", "Email"),
        ("2.5.4.4", "surname"),
        ("2.5.4.5", "serialNumber"),
        ("2.5.4.9", "streetAddress"),
        ("2.5.4.12", "title"),
        ("2.5.4.13", "description"),
        ("2.5.4.15", "businessCategory"),
        ("2.5.4.16", "postalAddress"),
        ("2.5.4.17", "postalCode"),
        ("2.5.4.41", "name"),
        ("2.5.4.42", "givenName"),
        ("2.5.4.43", "initials"),
        ("2.5.4.44", "generationQualifier"),
        ("2.5.4.45", "uniqueIdentifier"),
        ("2.5.4.46", "dnQualifier"),
        ("0.9.2342.19200300.100.1.1", "uid"),
        ("1.2.840.113549.1.9.2", "unstructuredName"),
    ];
    let value = |a: &x509_parser::x509::AttributeTypeAndValue| -> String {
        let v = a.attr_value();
        match v.tag() {
            Tag::NumericString
            | Tag::VisibleString
            | Tag::PrintableString
            | Tag::GeneralString
            | Tag::ObjectDescriptor
            | Tag::GraphicString
            | Tag::T61String
            | Tag::VideotexString
            | Tag::Utf8String
            | Tag::Ia5String => String::from_utf8_lossy(v.data).into_owned(),
            Tag::BmpString => char::decode_utf16(
                v.data
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])),
            )
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
            _ => v.as_bytes().iter().map(|b| format!("{b:02X}")).collect(),
        }
    };
    n.iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|a| {
                    let oid = a.attr_type().to_id_string();
                    let short = SHORT
                        .iter()
                        .find(|(o, _)| *o == oid)
                        .map_or(oid.as_str(), |(_, s)| s);
                    format!("{short}={}", value(a))
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name of the authority the chain ends at: the issuer of its last certificate.
fn chain_root(chain: &[CertificateDer]) -> String {
    chain
        .last()
        .and_then(|c| parsed(c, |c| name_of(c.issuer())))
        .unwrap_or_else(|| "an unreadable certificate".into())
}

fn validity(der: &CertificateDer) -> Option<(String, String)> {
    let day = |t: &x509_parser::time::ASN1Time| {
        let d = t.to_datetime();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    };
    parsed(der, |c| {
        (day(&c.validity().not_before), day(&c.validity().not_after))
    })
}

/// "localhost ← Example Corp Root CA" with each certificate's validity.
fn describe_chain(chain: &[CertificateDer]) -> String {
    let mut parts = Vec::new();
    for c in chain {
        if let Some(p) = parsed(c, |x| {
            format!(
                "\"{}\" issued by \"{}\"",
                name_of(x.subject()),
                name_of(x.issuer())
            )
        }) {
            parts.push(match validity(c) {
                Some((from, to)) => format!("{p} (valid {from} to {to})"),
                None => p,
            });
        }
    }
    parts.join(", then ")
}

/// What to do: the variable, the PEM file to point it at, and the command that writes that file.
fn remedy(m: &Machine, t: &Target, sys: Option<&System>) -> (&'static str, String, String) {
    let var = match t.store {
        Store::Python => "SSL_CERT_FILE",
        _ => "NODE_EXTRA_CA_CERTS",
    };
    if let Some(b) = sys.and_then(|s| s.bundle.clone()) {
        return (var, b, String::new());
    }
    match m.os {
        Os::Windows => {
            let file = format!("{}\\system-ca.pem", m.home_spelled);
            let export = format!(
                "powershell -NoProfile -Command \"Get-ChildItem Cert:\\LocalMachine\\Root, Cert:\\CurrentUser\\Root | ForEach-Object {{ '-----BEGIN CERTIFICATE-----'; [Convert]::ToBase64String($_.RawData, 'InsertLineBreaks'); '-----END CERTIFICATE-----' }} | Set-Content -Encoding ascii {}\"",
                crate::shell::powershell(&file)
            );
            // Run from cmd: inside its double quotes a `%` or `"` of the path would not stay
            // literal, so no command for such a home.
            let export = if crate::shell::cmd(&file).is_some() {
                export
            } else {
                String::new()
            };
            (var, file, export)
        }
        _ => {
            let file = format!("{}/system-ca.pem", m.home_spelled);
            let export = format!(
                "security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain > {}",
                super::sh_quote(&file)
            );
            (var, file, export)
        }
    }
}

/// How the variable reaches the connecting program: in words, and as a command where one does it.
fn pass(m: &Machine, t: &Target, var: &str, file: &str) -> (String, String) {
    if t.bridge {
        return (
            format!(
                "Add \"{var}\": \"{}\" to the \"env\" of \"{}\"",
                file.replace('\\', "\\\\"),
                t.server
            ),
            String::new(),
        );
    }
    let how = format!(
        "Set {var}={file} where {} starts (your shell profile), then restart it",
        t.who
    );
    let cmd = match m.os {
        Os::Windows => crate::shell::cmd(file)
            .map(|f| format!("setx {var} {f}"))
            .unwrap_or_default(),
        _ => format!("export {var}={}", super::sh_quote(file)),
    };
    (how, cmd)
}

/// Handshakes with each (host, port, proxy), in parallel (8 at a time), keeping what each
/// server presented.
fn fetch_all(
    keys: &[(String, u16, Option<String>)],
) -> HashMap<(String, u16, Option<String>), Chain> {
    let mut out = HashMap::new();
    for chunk in keys.chunks(8) {
        let got: Vec<_> = std::thread::scope(|s| {
            let hs: Vec<_> = chunk
                .iter()
                .map(|k| s.spawn(move || (k.clone(), fetch(&k.0, k.1, k.2.as_deref()))))
                .collect();
            hs.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        out.extend(got);
    }
    out
}

/// Accepts any chain, keeping the handshake's signatures checked: the chain is judged afterwards,
/// against each store.
#[derive(Debug)]
struct Record(Arc<CryptoProvider>);

impl ServerCertVerifier for Record {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Connects (directly, or through an HTTP proxy with CONNECT), does the TLS handshake and returns
/// the chain the server presented.
fn fetch(host: &str, port: u16, proxy: Option<&str>) -> Chain {
    let provider = crate::probe::http::crypto_provider();
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Record(provider)))
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_string()).map_err(|e| e.to_string())?;
    let mut conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let mut sock = match proxy {
        Some(p) => via_proxy(p, host, port)?,
        None => connect(host, port)?,
    };
    while conn.is_handshaking() {
        conn.complete_io(&mut sock)
            .map_err(|e| format!("TLS handshake with {host}:{port}: {e}"))?;
    }
    let chain: Vec<CertificateDer<'static>> = conn
        .peer_certificates()
        .map(|c| c.iter().map(|d| d.clone().into_owned()).collect())
        .unwrap_or_default();
    conn.send_close_notify();
    let _ = conn.complete_io(&mut sock);
    Ok(chain)
}

fn connect(host: &str, port: u16) -> Result<TcpStream, String> {
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let mut last = format!("no address for {host}");
    for a in addrs {
        match TcpStream::connect_timeout(&a, TIMEOUT) {
            Ok(s) => {
                let _ = s.set_read_timeout(Some(TIMEOUT));
                let _ = s.set_write_timeout(Some(TIMEOUT));
                return Ok(s);
            }
            Err(e) => last = format!("cannot connect to {host}:{port}: {e}"),
        }
    }
    Err(last)
}

/// A tunnel through an HTTP proxy (`http://[user:pass@]host:port`).
fn via_proxy(proxy: &str, host: &str, port: u16) -> Result<TcpStream, String> {
    let shown = crate::redact::text(proxy);
    // `host:port` alone is an HTTP proxy too.
    let full = if proxy.contains("://") {
        proxy.to_string()
    } else {
        format!("http://{proxy}")
    };
    let parts = crate::url::split(&full).ok_or_else(|| format!("the proxy {shown} is no URL"))?;
    let (userinfo, ph) = (parts.userinfo, parts.host);
    let pp = parts.port.and_then(|p| p.parse().ok()).unwrap_or(8080);
    let mut sock = connect(ph, pp).map_err(|e| format!("{e} (the proxy {shown})"))?;
    let mut req = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n");
    if let Some(u) = userinfo {
        use base64::Engine;
        let token = base64::engine::general_purpose::STANDARD.encode(percent_decode(u));
        req.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
    }
    req.push_str("\r\n");
    sock.write_all(req.as_bytes())
        .map_err(|e| format!("the proxy {shown}: {e}"))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 {
            return Err(format!("the proxy {shown} sent an overlong answer"));
        }
        match sock.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            Ok(_) => return Err(format!("the proxy {shown} closed the connection")),
            Err(e) => return Err(format!("the proxy {shown}: {e}")),
        }
    }
    let status = String::from_utf8_lossy(&head);
    let line = status.lines().next().unwrap_or("");
    if line.split_whitespace().nth(1) != Some("200") {
        return Err(format!("the proxy {shown} answered \"{line}\""));
    }
    Ok(sock)
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_of_proxy_credentials() {
        assert_eq!(percent_decode("a%40b:p%3Aw"), b"a@b:p:w".to_vec());
        assert_eq!(percent_decode("plain%"), b"plain%".to_vec());
    }
}

#[cfg(test)]
mod pki_tests {
    use super::*;

    fn pem(name: &str) -> CertificateDer<'static> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/tls")
            .join(name);
        CertificateDer::from_pem_file(p).unwrap()
    }

    fn at(y: u64) -> UnixTime {
        // Roughly the start of year `y`: precise enough for validity windows decades wide.
        UnixTime::since_unix_epoch(Duration::from_secs((y - 1970) * 31_557_600))
    }

    #[test]
    fn the_same_chain_verifies_or_not_by_store_name_and_time() {
        let provider = crate::probe::http::crypto_provider();
        let chain = vec![pem("leaf.pem"), pem("corp-ca.pem")];
        let mozilla = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let mut corp = RootCertStore::empty();
        corp.add(pem("corp-ca.pem")).unwrap();
        let now = at(2030);
        assert!(verify(&provider, &corp, &chain, "localhost", now).is_ok());
        assert!(verify(&provider, &corp, &chain, "127.0.0.1", now).is_ok());
        let e = verify(&provider, &mozilla, &chain, "localhost", now).unwrap_err();
        assert_eq!(
            error_code(Store::Node, &e, &chain),
            "SELF_SIGNED_CERT_IN_CHAIN"
        );
        assert_eq!(
            error_code(Store::Node, &e, &chain[..1]),
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
        );
        assert_eq!(
            error_code(Store::Python, &e, &chain),
            "CERTIFICATE_VERIFY_FAILED"
        );
        let e = verify(&provider, &corp, &chain, "mcp.example.com", now).unwrap_err();
        assert_eq!(
            reason(&e, &chain, "mcp.example.com"),
            "the certificate is not valid for the name mcp.example.com"
        );
        assert_eq!(
            error_code(Store::Node, &e, &chain),
            "ERR_TLS_CERT_ALTNAME_INVALID"
        );
        // After the leaf's end (2124-01-01).
        let e = verify(&provider, &corp, &chain, "localhost", at(2124)).unwrap_err();
        assert!(
            reason(&e, &chain, "localhost").starts_with("the certificate expired on 2124-01-01")
        );
        let self_signed = vec![pem("self.pem")];
        let e = verify(&provider, &corp, &self_signed, "localhost", now).unwrap_err();
        assert_eq!(
            reason(&e, &self_signed, "localhost"),
            "the certificate is self-signed"
        );
        assert_eq!(
            error_code(Store::Node, &e, &self_signed),
            "DEPTH_ZERO_SELF_SIGNED_CERT"
        );
    }

    #[test]
    fn chains_are_described_by_names_and_dates() {
        let chain = vec![pem("leaf.pem"), pem("corp-ca.pem")];
        assert_eq!(chain_root(&chain), "Example Corp TLS Inspection Root CA");
        assert_eq!(
            describe_chain(&chain),
            "\"localhost\" issued by \"Example Corp TLS Inspection Root CA\" (valid 2000-01-01 to 2124-01-01), then \"Example Corp TLS Inspection Root CA\" issued by \"Example Corp TLS Inspection Root CA\" (valid 2000-01-01 to 2125-01-01)"
        );
        assert!(self_signed(&chain[1]));
        assert!(!self_signed(&chain[0]));
    }

    /// A name with neither common name nor organisation is written whole, as x509-parser's own
    /// `Display` writes it (which the binary no longer carries: issue 16).
    #[test]
    fn a_name_without_common_name_or_organisation_is_written_whole() {
        let cert = pem("unnamed.pem");
        let (ours, theirs) =
            parsed(&cert, |c| (name_of(c.subject()), c.subject().to_string())).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(
            ours,
            "OU=Ops + OU=Platform Team, C=US, ST=Ohio, L=Columbus, serialNumber=42, title=Proxy, DC=example, uid=svc"
        );
        assert_eq!(chain_root(&[cert]), ours);
    }

    #[test]
    fn pem_bundles_skip_what_is_not_a_certificate() {
        let mut text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tls/corp-ca.pem"),
        )
        .unwrap();
        text.insert_str(0, "# a comment line\n");
        text.push_str("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        text.push_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tls/self.pem"),
            )
            .unwrap(),
        );
        assert_eq!(pem_certs(text.as_bytes()).len(), 2);
    }
}
