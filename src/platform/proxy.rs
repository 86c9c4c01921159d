//! Proxies in the environment: set for the shell but not passed to a server its client starts
//! without the shell's variables, or set where loopback is not in `NO_PROXY`, so that a request
//! to `localhost` is sent to the proxy (which cannot reach this machine's localhost).
use super::listeners::{host, is_loopback_host};
use super::{basename, finding, Scan};
use crate::clients::{self, Launch};
use crate::machine::Machine;
use crate::rules::RuleId;
use crate::runtime::range::Lang;
use crate::server::{ServerSpec, Transport};

const PROXY_VARS: &[&str] = &["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"];
/// Variables that point a runtime at extra CA certificates (a TLS-inspecting proxy's root), with
/// the runtime that reads each. Node reads `NODE_EXTRA_CA_CERTS` only; it takes OpenSSL's
/// `SSL_CERT_FILE` only when started with `--use-openssl-ca`
/// (https://nodejs.org/api/cli.html#node_extra_ca_certsfile, #--use-bundled-ca---use-openssl-ca),
/// so npm, npx and a Node server never see the other two. Python reads `SSL_CERT_FILE` (OpenSSL's
/// default paths, httpx, uv: https://docs.astral.sh/uv/reference/environment/#ssl_cert_file) and
/// requests `REQUESTS_CA_BUNDLE`.
const CA_VARS: &[(&str, &str, Lang)] = &[
    ("NODE_EXTRA_CA_CERTS", "Node", Lang::Node),
    ("SSL_CERT_FILE", "Python and OpenSSL", Lang::Python),
    ("REQUESTS_CA_BUNDLE", "Python requests", Lang::Python),
];
/// Launchers that download the server's package when they start it.
const DOWNLOADERS: &[&str] = &["npx", "pnpx", "bunx", "uvx", "pipx", "dlx"];

/// An environment as a list of (name, value), looked up in any case (`https_proxy` or
/// `HTTPS_PROXY`: tools read both).
struct Vars<'a>(Vec<(&'a str, &'a str)>);

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<(&str, &str)> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.trim().is_empty())
            .copied()
    }

    /// The proxy a request to `url` goes through, with the variable that sets it.
    fn proxy_for(&self, url: &str) -> Option<(&str, &str)> {
        let first = if url.starts_with("https://") {
            "HTTPS_PROXY"
        } else {
            "HTTP_PROXY"
        };
        self.get(first).or_else(|| self.get("ALL_PROXY"))
    }

    fn any_proxy(&self) -> Option<(&str, &str)> {
        PROXY_VARS.iter().find_map(|n| self.get(n))
    }
}

/// Whether `NO_PROXY` exempts the host: `*`, the name itself, a `.suffix`, or a loopback CIDR.
pub(crate) fn no_proxy_covers(no_proxy: &str, host: &str) -> bool {
    no_proxy
        .split([',', ' '])
        .map(|e| {
            e.trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase()
        })
        .filter(|e| !e.is_empty())
        .any(|e| {
            let e = e
                .split_once(':')
                .filter(|_| !e.contains("::"))
                .map(|(h, _)| h.to_string())
                .unwrap_or(e);
            e == "*"
                || e == host
                || (e.starts_with('.') && (host.ends_with(&e) || host == &e[1..]))
                || (e.starts_with("*.") && host.ends_with(&e[1..]))
                || (e == "127.0.0.0/8" && host.starts_with("127."))
                || (e == "::1/128" && host == "::1")
        })
}

fn describe_proxy(v: &str) -> String {
    crate::redact::text(v)
}

pub(crate) fn check(s: &mut Scan, servers: &[&ServerSpec]) {
    let m = s.m;
    let shell = Vars(m.env.iter().collect());
    for sv in servers {
        let entry: Vec<(String, String)> = sv
            .env
            .iter()
            .map(|(k, v)| {
                (
                    k.value.clone(),
                    crate::launch::value(m, sv, crate::launch::Field::Env, &v.value),
                )
            })
            .collect();
        let entry = Vars(
            entry
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        );
        let plain = clients::profile(sv.client, m.os).launch == Launch::GuiPlain;
        // What the server's process (or, for a remote entry, the client) sees.
        let mut seen: Vec<(&str, &str)> = if plain { vec![] } else { shell.0.clone() };
        seen.extend(entry.0.iter().copied());
        let seen = Vars(seen);
        let remote_entry = sv.transport != Transport::Stdio && sv.url.is_some();
        let args: Vec<String> = sv
            .args
            .iter()
            .map(|a| crate::launch::value(m, sv, crate::launch::Field::Arg, &a.value))
            .collect();
        let urls: Vec<String> = if remote_entry {
            sv.url
                .iter()
                .map(|u| crate::launch::value(m, sv, crate::launch::Field::Url, &u.value))
                .collect()
        } else {
            args.iter()
                .filter(|a| a.starts_with("http://") || a.starts_with("https://"))
                .cloned()
                .collect()
        };
        let cmd = sv
            .command
            .as_ref()
            .map(|c| crate::launch::value(m, sv, crate::launch::Field::Command, &c.value))
            .unwrap_or_default();
        let base = basename(m.os, &cmd).to_ascii_lowercase();
        let base = base.trim_end_matches(".exe").trim_end_matches(".cmd");
        // What the server reaches on the network, as far as the entry tells.
        let need = if plain && !remote_entry {
            let remote_url = urls
                .iter()
                .find(|u| host(u).is_some_and(|h| !is_loopback_host(&h)));
            match (remote_url, DOWNLOADERS.contains(&base)) {
                (Some(u), _) => Some(format!("it connects to {u}")),
                (None, true) => Some(format!(
                    "`{base}` downloads the server's package when it starts"
                )),
                _ => None,
            }
        } else {
            None
        };
        // (a) Set for the shell, not passed to a server that needs the network.
        if let (Some(need), Some((name, value))) = (
            need.as_ref(),
            shell.any_proxy().filter(|_| entry.any_proxy().is_none()),
        ) {
            let names: Vec<&str> = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"]
                .into_iter()
                .filter(|n| shell.get(n).is_some())
                .collect();
            let fd = finding(
                RuleId::ProxyNotPassed,
                sv.client,
                &sv.name,
                format!(
                    "Your shell sets {name} ({}), but {} starts servers without your shell's variables and this entry's \"env\" does not pass it; {need}, so behind this proxy it cannot reach the network.",
                    describe_proxy(value),
                    sv.client.title()
                ),
                format!("shell: {name}={}; entry env: no proxy variable", describe_proxy(value)),
            )
            .var(crate::finding::Var::Names, names.join(", "));
            s.findings.push(fd);
        }
        // (a') A CA bundle for TLS interception, set for the shell but not passed.
        if need.is_some() {
            // Bun reads Node's variable; for another or an unknown program, all of them count.
            let runtime = match crate::runtime::usage::runtime_lang(m.os, &cmd, &args) {
                Some(Lang::Node | Lang::Bun) => Some(Lang::Node),
                Some(Lang::Python) => Some(Lang::Python),
                _ => None,
            };
            for &(name, who, reads) in CA_VARS {
                // A variable the server's runtime never reads changes nothing by its absence.
                if runtime.is_some_and(|r| r != reads) {
                    continue;
                }
                let Some((_, value)) = shell.get(name) else {
                    continue;
                };
                if entry.get(name).is_some() {
                    continue;
                }
                let fd = finding(
                    RuleId::CaBundleNotPassed,
                    sv.client,
                    &sv.name,
                    format!(
                        "Your shell sets {name}={value} (extra certificate authorities for {who}, as a network that inspects TLS needs), but {} starts servers without your shell's variables and this entry's \"env\" does not pass it: {}, and its HTTPS connections fail with certificate errors (UNABLE_TO_GET_ISSUER_CERT_LOCALLY, CERTIFICATE_VERIFY_FAILED).",
                        sv.client.title(),
                        need.as_deref().unwrap_or_default()
                    ),
                    format!("shell: {name}={value}; entry env: not set"),
                )
                .var(crate::finding::Var::Name, name.to_string())
                .var(crate::finding::Var::Value, value.to_string());
                s.findings.push(fd);
            }
        }
        // (b) A loopback URL that the proxy variables send to the proxy.
        for u in &urls {
            let Some(h) = host(u) else { continue };
            if !is_loopback_host(&h) {
                continue;
            }
            let Some((name, value)) = seen.proxy_for(u) else {
                continue;
            };
            let no_proxy = seen.get("NO_PROXY").map(|(_, v)| v).unwrap_or("");
            if no_proxy_covers(no_proxy, &h) {
                continue;
            }
            let who = if remote_entry {
                sv.client.title().to_string()
            } else {
                "The server".to_string()
            };
            let np = if no_proxy.is_empty() {
                "NO_PROXY is not set".to_string()
            } else {
                format!("NO_PROXY={no_proxy} does not name {h}")
            };
            let fd = finding(
                RuleId::ProxyCatchesLoopback,
                sv.client,
                &sv.name,
                format!(
                    "{name} is set ({}) and {np}: {who} may send its requests for {u} to the proxy, which cannot reach this machine's localhost.",
                    describe_proxy(value)
                ),
                format!("{name}={}; {np}", describe_proxy(value)),
            )
            .var(crate::finding::Var::Host, h.clone());
            s.findings.push(fd);
        }
    }
}

/// Credentials inside proxy URLs of the environment, to redact wherever they appear.
pub(crate) fn secrets(m: &Machine) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in m.env.iter() {
        if PROXY_VARS.iter().any(|n| k.eq_ignore_ascii_case(n)) {
            if let Some(userinfo) = crate::url::userinfo(v) {
                out.push(userinfo.to_string());
                if let Some((_, pw)) = userinfo.split_once(':') {
                    out.push(pw.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proxy_forms() {
        assert!(no_proxy_covers("localhost,127.0.0.1", "localhost"));
        assert!(no_proxy_covers("*", "127.0.0.1"));
        assert!(no_proxy_covers(".corp.example, 127.0.0.0/8", "127.0.0.1"));
        assert!(no_proxy_covers("[::1]", "::1"));
        assert!(no_proxy_covers("localhost:3000", "localhost"));
        assert!(!no_proxy_covers(".corp.example", "localhost"));
        assert!(!no_proxy_covers("", "localhost"));
    }
}
