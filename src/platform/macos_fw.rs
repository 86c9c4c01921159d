//! macOS's application firewall (`socketfilterfw`): its state, "block all incoming connections",
//! and the per-app rules the user set by clicking Allow or Deny.
//!
//! The firewall filters connections that arrive from other machines; loopback (`localhost`) is
//! not filtered. So a blocked `node` matters for a server the client reaches over the local
//! network, and is only worth a note for one reached over `localhost` (such as mcp-remote's OAuth
//! callback, which binds 127.0.0.1).
use super::facts::{Answer, Facts};
use super::{finding, Listener, Reach, Scan, Targets};
use crate::finding::{ClientId, Severity};
use crate::rules::RuleId;

pub(crate) const SOCKETFILTERFW: &str = "/usr/libexec/ApplicationFirewall/socketfilterfw";

fn cmd(flag: &str) -> Vec<String> {
    vec![SOCKETFILTERFW.to_string(), flag.to_string()]
}

/// `--getglobalstate`: 0 off, 1 on, 2 on and blocking all non-essential incoming connections.
pub(crate) fn global_state(out: &str) -> Option<u8> {
    if let Some(i) = out.find("(State = ") {
        return out[i + 9..].chars().next()?.to_digit(10).map(|d| d as u8);
    }
    let low = out.to_ascii_lowercase();
    if low.contains("blocking all") {
        Some(2)
    } else if low.contains("disabled") {
        Some(0)
    } else if low.contains("enabled") {
        Some(1)
    } else {
        None
    }
}

/// `--getblockall`: "Firewall has block all state set to enabled." (older: "Block all ENABLED!").
pub(crate) fn block_all(out: &str) -> Option<bool> {
    let low = out.to_ascii_lowercase();
    if low.contains("blocking all")
        || low.contains("set to enabled")
        || low.contains("block all enabled")
    {
        Some(true)
    } else if low.contains("set to disabled") || low.contains("block all disabled") {
        Some(false)
    } else {
        None
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct AppRule {
    pub path: String,
    pub allow: bool,
}

/// `--listapps`: `N :  /path` then `( Allow incoming connections )` or `( Block incoming
/// connections )`, on the next line or the same one.
pub(crate) fn list_apps(out: &str) -> Vec<AppRule> {
    let mut rules = Vec::new();
    let mut pending: Option<String> = None;
    for line in out.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let (head, verdict) = match t.rfind('(') {
            Some(i) if t.ends_with(')') && t[i..].contains("incoming connections") => {
                (t[..i].trim(), Some(t[i..].contains("Allow")))
            }
            _ => (t, None),
        };
        if let Some((n, path)) = head.split_once(':') {
            if !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()) {
                pending = Some(path.trim().to_string());
            }
        }
        if let Some(allow) = verdict {
            if let Some(path) = pending.take() {
                rules.push(AppRule { path, allow });
            }
        }
    }
    rules
}

/// The app bundles of a client, where macOS installs them.
fn bundles(m: &crate::machine::Machine, c: ClientId) -> Vec<String> {
    let Some(name) = crate::clients::get(c).macos_app else {
        return vec![];
    };
    vec![
        format!("/Applications/{name}"),
        format!(
            "{}/Applications/{name}",
            m.home_spelled.trim_end_matches('/')
        ),
    ]
}

/// The target path and, when it is a symbolic link (Homebrew's `/opt/homebrew/bin/node`), the file
/// it points to: the firewall records the real file.
fn with_real_path(m: &crate::machine::Machine, target: &str) -> Vec<String> {
    let mut v = vec![target.to_string()];
    if let Some(host) = m.to_host(target) {
        if let Ok(real) = std::fs::canonicalize(&host) {
            let spelled = m.spell(&real);
            if spelled != target {
                v.push(spelled);
            }
        }
    }
    v
}

pub(crate) fn check(s: &mut Scan, f: &dyn Facts, t: &Targets) {
    if t.listeners.is_empty() {
        return;
    }
    let what = "macOS application firewall";
    let asks = [
        cmd("--getglobalstate"),
        cmd("--getblockall"),
        cmd("--listapps"),
    ];
    let answers = f.run_all(&asks);
    let get = |a: &Vec<String>| {
        answers
            .get(a)
            .cloned()
            .unwrap_or(Answer::Unavailable(super::facts::Unavailable::NotRecorded))
    };
    let state = match get(&asks[0]) {
        Answer::Unavailable(u) => return s.unchecked(what, &u),
        a => match global_state(&a.text()) {
            Some(st) => st,
            None => {
                return s.unchecked(
                    what,
                    &super::facts::Unavailable::Failed(format!(
                        "unexpected answer from socketfilterfw --getglobalstate: {}",
                        a.text().trim()
                    )),
                )
            }
        },
    };
    s.checked(what);
    if state == 0 {
        return;
    }
    let blocking_all = state == 2
        || match get(&asks[1]) {
            Answer::Unavailable(_) => false,
            a => block_all(&a.text()).unwrap_or(false),
        };
    let apps = match get(&asks[2]) {
        Answer::Unavailable(u) => {
            s.unchecked("macOS firewall rules per app", &u);
            vec![]
        }
        a => list_apps(a.stdout()),
    };
    for l in &t.listeners {
        let (sev, how) = severity(l);
        if blocking_all {
            let mut fd = finding(
                RuleId::MacosFirewallBlocksAll,
                l.client,
                &l.server,
                format!(
                    "The macOS firewall blocks all incoming connections (\"Block all incoming connections\" is on), so nothing can reach {}{how}",
                    target_words(l)
                ),
                format!("socketfilterfw --getglobalstate: State = {state}; --getblockall: enabled"),
            );
            fd = fd.severity(sev);
            s.findings.push(fd);
            continue;
        }
        let mut candidates: Vec<String> = Vec::new();
        for p in &l.programs {
            candidates.extend(with_real_path(s.m, p));
        }
        candidates.extend(bundles(s.m, l.client));
        for rule in apps.iter().filter(|r| !r.allow) {
            let hit = candidates.iter().any(|c| {
                c == &rule.path
                    || (rule.path.ends_with(".app") && c.starts_with(&format!("{}/", rule.path)))
            });
            if !hit {
                continue;
            }
            let fd = finding(
                RuleId::MacosFirewallBlocksApp,
                l.client,
                &l.server,
                format!(
                    "The macOS firewall blocks incoming connections to {} (someone clicked \"Deny\" or the app was blocked by hand), so {}{how}",
                    rule.path,
                    target_words(l)
                ),
                format!("socketfilterfw --listapps: {} ( Block incoming connections )", rule.path),
            )
            .severity(sev)
            .var(crate::finding::Var::Program, rule.path.clone());
            s.findings.push(fd);
        }
    }
}

fn target_words(l: &Listener) -> String {
    if l.callback {
        "the browser's OAuth callback to mcp-remote cannot arrive from another device".into()
    } else {
        format!(
            "the server at {} cannot accept connections from other machines",
            l.url
        )
    }
}

/// Over loopback the firewall is not in the way: a note. Over the local network: a warning (the
/// server may run on another machine, whose own firewall is what counts then).
pub(crate) fn severity(l: &Listener) -> (Severity, &'static str) {
    match l.reach {
        Reach::Loopback => (
            Severity::Note,
            "; the client connects over localhost, which the firewall does not filter, so this is not why it fails here.",
        ),
        Reach::Lan => (
            Severity::Warning,
            " when it runs on this machine: the client connects over the network address in the URL, which the firewall filters.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_socketfilterfw_answers() {
        assert_eq!(global_state("Firewall is enabled. (State = 1)\n"), Some(1));
        assert_eq!(global_state("Firewall is disabled. (State = 0)"), Some(0));
        assert_eq!(
            global_state(
                "Firewall is blocking all non-essential incoming connections. (State = 2)"
            ),
            Some(2)
        );
        assert_eq!(
            block_all("Firewall has block all state set to enabled.\n"),
            Some(true)
        );
        assert_eq!(
            block_all("Firewall has block all state set to disabled.\n"),
            Some(false)
        );
        assert_eq!(block_all("Block all DISABLED! "), Some(false));
        let apps = "ALF: total number of apps = 3 \n\n1 :  /Applications/Claude.app \n \t ( Allow incoming connections ) \n\n2 :  /opt/homebrew/Cellar/node/22.9.0/bin/node \n \t ( Block incoming connections ) \n\n3 : /Applications/App (Free).app    ( Allow incoming connections )\n";
        assert_eq!(
            list_apps(apps),
            vec![
                AppRule {
                    path: "/Applications/Claude.app".into(),
                    allow: true
                },
                AppRule {
                    path: "/opt/homebrew/Cellar/node/22.9.0/bin/node".into(),
                    allow: false
                },
                AppRule {
                    path: "/Applications/App (Free).app".into(),
                    allow: true
                },
            ]
        );
    }
}
