//! Windows: Defender Firewall rules that block a server's program from accepting connections, and
//! files marked as downloaded from the internet (the `Zone.Identifier` stream, "mark of the web").
//!
//! Firewall rules do not apply to loopback traffic (Microsoft KB 2771908: rules made with the
//! firewall console, netsh or the control panel "have no effect on loopback communication"), so a
//! block matters for a server reached over the network and is a note for one on `localhost`.
use super::facts::{Answer, Facts, FileAnswer, Unavailable};
use super::{basename, finding, macos_fw::severity, RunFile, Scan, Targets};
use crate::finding::{ClientId, Severity};
use crate::machine::{Machine, Os};
use crate::rules::RuleId;

fn v(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn netsh() -> Vec<String> {
    v(&[
        "netsh",
        "advfirewall",
        "firewall",
        "show",
        "rule",
        "name=all",
        "dir=in",
        "verbose",
    ])
}

pub(crate) const PS_RULES: &str = "Get-NetFirewallRule -Direction Inbound -Action Block -Enabled True | ForEach-Object { $f = $_ | Get-NetFirewallApplicationFilter; [pscustomobject]@{ DisplayName = $_.DisplayName; Program = $f.Program } } | ConvertTo-Json";

pub(crate) fn powershell() -> Vec<String> {
    v(&[
        "powershell.exe",
        "-NoProfile",
        "-NonInteractive",
        "-Command",
        PS_RULES,
    ])
}

/// An enabled inbound rule that blocks a program.
#[derive(Debug, PartialEq)]
pub(crate) struct BlockRule {
    pub name: String,
    pub program: String,
}

/// `netsh advfirewall firewall show rule name=all dir=in verbose`: blocks of `Field: value` lines
/// separated by blank lines (English field names).
pub(crate) fn netsh_rules(out: &str) -> Vec<BlockRule> {
    let mut rules = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    let flush = |cur: &mut Vec<(String, String)>, rules: &mut Vec<BlockRule>| {
        let get = |k: &str| {
            cur.iter()
                .find(|(f, _)| f.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        if get("Enabled").eq_ignore_ascii_case("yes")
            && get("Direction").eq_ignore_ascii_case("in")
            && get("Action").eq_ignore_ascii_case("block")
            && !get("Program").is_empty()
        {
            rules.push(BlockRule {
                name: get("Rule Name").to_string(),
                program: get("Program").to_string(),
            });
        }
        cur.clear();
    };
    for line in out.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("Rule Name:") {
            flush(&mut cur, &mut rules);
        }
        if line.trim().is_empty() || line.starts_with("---") {
            continue;
        }
        if let Some((k, val)) = line.split_once(':') {
            // "Program:   C:\x\node.exe": only the first colon separates the field.
            cur.push((k.trim().to_string(), val.trim().to_string()));
        }
    }
    flush(&mut cur, &mut rules);
    rules
}

/// The PowerShell fallback's `ConvertTo-Json` (an object for one rule, an array for several).
pub(crate) fn ps_rules(out: &str) -> Option<Vec<BlockRule>> {
    let t = out.trim();
    if t.is_empty() {
        return Some(vec![]);
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    let items = match v {
        serde_json::Value::Array(a) => a,
        o @ serde_json::Value::Object(_) => vec![o],
        _ => return None,
    };
    Some(
        items
            .iter()
            .filter_map(|i| {
                let program = i["Program"].as_str()?.to_string();
                (!program.is_empty() && !program.eq_ignore_ascii_case("Any")).then(|| BlockRule {
                    name: i["DisplayName"].as_str().unwrap_or("").to_string(),
                    program,
                })
            })
            .collect(),
    )
}

/// `%ProgramFiles%\nodejs\node.exe` with the variables of the diagnosed machine.
fn expand_vars(m: &Machine, p: &str) -> String {
    let mut out = String::new();
    let mut rest = p;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('%') {
            Some(j) => {
                let name = &after[..j];
                let val = m.env.get(name).map(str::to_string).or_else(|| {
                    match name.to_ascii_lowercase().as_str() {
                        "programfiles" => Some(r"C:\Program Files".into()),
                        "programfiles(x86)" => Some(r"C:\Program Files (x86)".into()),
                        "systemroot" | "windir" => Some(r"C:\Windows".into()),
                        "userprofile" => Some(m.home_spelled.clone()),
                        "localappdata" => Some(format!(r"{}\AppData\Local", m.home_spelled)),
                        "appdata" => Some(format!(r"{}\AppData\Roaming", m.home_spelled)),
                        _ => None,
                    }
                });
                match val {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('%');
                        out.push_str(name);
                        out.push('%');
                    }
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn client_exe(c: ClientId) -> Option<&'static str> {
    crate::clients::get(c).windows_exe
}

pub(crate) fn firewall(s: &mut Scan, f: &dyn Facts, t: &Targets) {
    if t.listeners.is_empty() {
        return;
    }
    let what = "Windows Defender Firewall rules";
    let (rules, source) = match f.run(&netsh()) {
        a @ Answer::Ran { code: Some(0), .. } => (netsh_rules(a.stdout()), "netsh advfirewall"),
        first => match f.run(&powershell()) {
            a @ Answer::Ran { code: Some(0), .. } => match ps_rules(a.stdout()) {
                Some(r) => (r, "Get-NetFirewallRule"),
                None => {
                    return s.unchecked(
                        what,
                        &Unavailable::Failed(
                            "Get-NetFirewallRule gave an answer that is not JSON".into(),
                        ),
                    )
                }
            },
            Answer::Unavailable(u) => {
                let why = match first {
                    Answer::Unavailable(u0) => u0,
                    _ => u,
                };
                return s.unchecked(what, &why);
            }
            a => {
                return s.unchecked(
                    what,
                    &Unavailable::Failed(format!(
                        "netsh and PowerShell failed: {}",
                        a.text().lines().next().unwrap_or("").trim()
                    )),
                )
            }
        },
    };
    s.checked(what);
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for l in &t.listeners {
        let (sev, how) = severity(l);
        let exe = client_exe(l.client);
        for r in &rules {
            let prog = expand_vars(s.m, &r.program);
            let hit = l.programs.iter().any(|p| p.eq_ignore_ascii_case(&prog))
                || exe.is_some_and(|e| basename(Os::Windows, &prog).eq_ignore_ascii_case(e));
            // Windows makes a pair of rules (TCP and UDP) of one name: one finding.
            let key = (l.server.clone(), r.name.clone(), prog.to_ascii_lowercase());
            if !hit || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let whom = if l.callback {
                "the browser's OAuth callback to mcp-remote cannot arrive from another device"
                    .to_string()
            } else {
                format!(
                    "the server at {} cannot accept connections from other machines",
                    l.url
                )
            };
            let fd = finding(
                RuleId::WindowsFirewallBlocksApp,
                l.client,
                &l.server,
                format!(
                    "Windows Defender Firewall rule \"{}\" blocks incoming connections to {} (made when someone chose Cancel in the \"Windows Security Alert\"), so {whom}{how}",
                    r.name, r.program
                ),
                format!("{source}: \"{}\" Direction In, Action Block, Program {}", r.name, r.program),
            )
            .severity(sev)
            .var(crate::finding::Var::Rule, r.name.clone())
            .var(crate::finding::Var::Program, prog.clone());
            s.findings.push(fd);
        }
    }
}

/// The zone of a `Zone.Identifier` stream: 3 Internet, 4 Restricted sites.
pub(crate) fn zone_id(text: &str) -> Option<u8> {
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("ZoneId=")
                .map(|z| z.trim().parse().ok())
        })
        .flatten()
}

pub(crate) fn zone(s: &mut Scan, f: &dyn Facts, t: &Targets) {
    let what = "downloaded-file marks (Zone.Identifier)";
    let mut seen: Vec<&str> = Vec::new();
    for rf in &t.files {
        if seen.contains(&rf.target.as_str()) {
            continue;
        }
        seen.push(&rf.target);
        let ext = rf
            .target
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let sev = match ext.as_str() {
            // PowerShell's default policies (Restricted, RemoteSigned) refuse a marked script.
            "ps1" => Severity::Error,
            "exe" | "com" if rf.is_program => Severity::Warning,
            _ => continue, // a script read by an interpreter is not affected by the mark
        };
        let stream = format!("{}:Zone.Identifier", rf.target);
        match f.read(&stream, 4096) {
            FileAnswer::Absent => s.checked(what),
            FileAnswer::Unavailable(u) => s.unchecked(&format!("{what} of {}", rf.target), &u),
            FileAnswer::Bytes(b) => {
                s.checked(what);
                let text = String::from_utf8_lossy(&b);
                let Some(z) = zone_id(&text).filter(|z| *z >= 3) else {
                    continue;
                };
                report_zone(s, rf, z, sev);
            }
        }
    }
}

fn report_zone(s: &mut Scan, rf: &RunFile, z: u8, sev: Severity) {
    let zone = if z == 3 {
        "Internet"
    } else {
        "Restricted sites"
    };
    let why = if sev == Severity::Error {
        "PowerShell refuses to run a downloaded script that is not signed (\"cannot be loaded... not digitally signed\")"
    } else {
        "SmartScreen or Smart App Control can block a downloaded program, and it prompts before running"
    };
    let fd = finding(
        RuleId::WindowsDownloadBlocked,
        rf.client,
        &rf.server,
        format!(
            "{} is marked as downloaded from the internet (zone: {zone}): {why}.",
            rf.target
        ),
        format!("{}:Zone.Identifier: [ZoneTransfer] ZoneId={z}", rf.target),
    )
    .severity(sev)
    .var(crate::finding::Var::File, rf.target.clone());
    s.findings.push(fd);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_netsh_and_powershell_rules() {
        let out = "\r\nRule Name:                            Node.js JavaScript Runtime\r\n----------------------------------------------------------------------\r\nEnabled:                              Yes\r\nDirection:                            In\r\nProfiles:                             Public\r\nGrouping:                             \r\nLocalIP:                              Any\r\nRemoteIP:                             Any\r\nProtocol:                             TCP\r\nLocalPort:                            Any\r\nRemotePort:                           Any\r\nEdge traversal:                       No\r\nProgram:                              C:\\Program Files\\nodejs\\node.exe\r\nInterfaceTypes:                       Any\r\nSecurity:                             NotRequired\r\nRule source:                          Local Setting\r\nAction:                               Block\r\n\r\nRule Name:                            Other\r\n----------------------------------------------------------------------\r\nEnabled:                              Yes\r\nDirection:                            In\r\nProgram:                              C:\\x.exe\r\nAction:                               Allow\r\nOk.\r\n";
        assert_eq!(
            netsh_rules(out),
            vec![BlockRule {
                name: "Node.js JavaScript Runtime".into(),
                program: r"C:\Program Files\nodejs\node.exe".into()
            }]
        );
        let one = r#"{ "DisplayName": "node", "Program": "C:\\n\\node.exe" }"#;
        assert_eq!(ps_rules(one).unwrap().len(), 1);
        let any = r#"[{ "DisplayName": "x", "Program": "Any" }]"#;
        assert_eq!(ps_rules(any).unwrap().len(), 0);
        assert_eq!(
            zone_id("[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=https://x/\r\n"),
            Some(3)
        );
    }
}
