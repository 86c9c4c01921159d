//! Gatekeeper and code signing on macOS: a server program or script downloaded with a browser
//! carries `com.apple.quarantine`, and Gatekeeper refuses a quarantined program that is not
//! notarized; on Apple silicon the kernel kills any program without a valid signature.
use super::facts::{Answer, Facts, FileAnswer, Unavailable};
use super::{finding, RunFile, Scan, Targets};
use crate::finding::Severity;
use crate::rules::RuleId;
use std::collections::HashMap;

const XATTR: &str = "/usr/bin/xattr";
const CODESIGN: &str = "/usr/bin/codesign";
const SPCTL: &str = "/usr/sbin/spctl";
const UNAME: &str = "/usr/bin/uname";

fn v(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

/// A quarantine attribute: `flags;hex time;agent;UUID`. Flag 0x0040 means Gatekeeper already
/// checked and the user approved the file.
#[derive(Debug, PartialEq)]
pub(crate) struct Quarantine {
    pub flags: u16,
    pub agent: String,
}

pub(crate) fn quarantine(value: &str) -> Option<Quarantine> {
    let mut it = value.trim().split(';');
    let flags = u16::from_str_radix(it.next()?.trim(), 16).ok()?;
    let _time = it.next();
    let agent = it.next().unwrap_or("").to_string();
    Some(Quarantine { flags, agent })
}

/// Whether the first bytes are a Mach-O (thin or universal) header.
fn is_macho(head: &[u8]) -> bool {
    matches!(
        head,
        [0xfe, 0xed, 0xfa, 0xce | 0xcf, ..]
            | [0xce | 0xcf, 0xfa, 0xed, 0xfe, ..]
            | [0xca, 0xfe, 0xba, 0xbe, ..]
    )
}

/// What `codesign -v` says of a binary's signature: `None` when it is valid.
pub(crate) fn signature_problem(a: &Answer) -> Option<String> {
    if a.ok() {
        return None;
    }
    let text = a.text();
    let low = text.to_ascii_lowercase();
    if low.contains("not signed at all") {
        Some("it is not signed at all".into())
    } else if low.contains("invalid signature")
        || low.contains("modified")
        || low.contains("invalid or unsupported")
    {
        Some("its signature is invalid (the file was changed after signing)".into())
    } else {
        None
    }
}

pub(crate) fn check(s: &mut Scan, f: &dyn Facts, t: &Targets) {
    if t.files.is_empty() {
        return;
    }
    let what = "Gatekeeper and code signatures";
    // One entry per file, in the order first seen.
    let mut files: Vec<&RunFile> = Vec::new();
    for rf in &t.files {
        if !files.iter().any(|x| x.target == rf.target) {
            files.push(rf);
        }
    }
    let mut macho: HashMap<&str, bool> = HashMap::new();
    let mut asks = vec![v(&[UNAME, "-m"])];
    for rf in &files {
        let head = match f.read(&rf.target, 4) {
            FileAnswer::Bytes(b) => b,
            FileAnswer::Absent => continue, // another rule reports a missing file
            FileAnswer::Unavailable(u) => {
                s.unchecked(&format!("{what} of {}", rf.target), &u);
                continue;
            }
        };
        let bin = is_macho(&head);
        macho.insert(&rf.target, bin);
        asks.push(v(&[XATTR, "-p", "com.apple.quarantine", &rf.target]));
        if bin && rf.is_program {
            asks.push(v(&[CODESIGN, "-v", &rf.target]));
        }
    }
    let answers = f.run_all(&asks);
    let none = Answer::Unavailable(Unavailable::NotRecorded);
    let arch = match answers.get(&asks[0]).unwrap_or(&none) {
        a @ Answer::Ran { .. } if a.ok() => Some(a.stdout().trim().to_string()),
        _ => None,
    };
    let mut quarantined: Vec<(&RunFile, Quarantine)> = Vec::new();
    let mut checked_any = false;
    for rf in &files {
        let Some(&bin) = macho.get(rf.target.as_str()) else {
            continue;
        };
        let xa = answers
            .get(&v(&[XATTR, "-p", "com.apple.quarantine", &rf.target]))
            .unwrap_or(&none);
        match xa {
            Answer::Unavailable(u) => {
                s.unchecked(&format!("quarantine attribute of {}", rf.target), u)
            }
            a if a.ok() => {
                checked_any = true;
                if let Some(q) = quarantine(a.stdout()) {
                    if q.flags & 0x0040 == 0 {
                        quarantined.push((rf, q));
                    }
                }
            }
            _ => checked_any = true, // "No such xattr": not quarantined
        }
        if bin && rf.is_program {
            let cs = answers
                .get(&v(&[CODESIGN, "-v", &rf.target]))
                .unwrap_or(&none);
            if let Answer::Unavailable(u) = cs {
                s.unchecked(&format!("code signature of {}", rf.target), u);
            } else if let Some(problem) = signature_problem(cs) {
                let apple_silicon = arch.as_deref().is_none_or(|a| a.starts_with("arm64"));
                if apple_silicon {
                    let sev = if arch.is_some() {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    let fd = finding(
                        RuleId::MacosUnsignedBinary,
                        rf.client,
                        &rf.server,
                        format!(
                            "{} cannot start: {problem}, and {} kills unsigned programs at launch (\"Killed: 9\").",
                            rf.target,
                            if arch.is_some() { "this Mac's Apple silicon" } else { "a Mac with Apple silicon" }
                        ),
                        format!("codesign -v {}: {}", rf.target, cs.text().trim()),
                    )
                    .severity(sev)
                    .var(crate::finding::Var::File, rf.target.clone());
                    s.findings.push(fd);
                }
            }
        }
    }
    if checked_any {
        s.checked(what);
    }
    // Gatekeeper's verdict on the quarantined programs: only those are assessed at launch.
    let assess: Vec<Vec<String>> = quarantined
        .iter()
        .filter(|(rf, _)| rf.is_program && macho.get(rf.target.as_str()) == Some(&true))
        .map(|(rf, _)| v(&[SPCTL, "--assess", "--type", "execute", "-vv", &rf.target]))
        .collect();
    let verdicts = if assess.is_empty() {
        HashMap::new()
    } else {
        f.run_all(&assess)
    };
    for (rf, q) in &quarantined {
        let bin = macho.get(rf.target.as_str()) == Some(&true);
        let from = if q.agent.is_empty() {
            String::new()
        } else {
            format!(" (downloaded with {})", q.agent)
        };
        let (sev, msg, ev) = if rf.is_program && bin {
            let argv = v(&[SPCTL, "--assess", "--type", "execute", "-vv", &rf.target]);
            match verdicts.get(&argv).unwrap_or(&none) {
                a @ Answer::Ran { .. } if a.ok() => continue, // notarized: Gatekeeper lets it run
                a @ Answer::Ran { .. } => (
                    Severity::Error,
                    format!("{} is quarantined{from} and Gatekeeper rejects it, so macOS refuses to start it (\"cannot be opened because the developer cannot be verified\").", rf.target),
                    format!("spctl --assess: {}", a.text().trim().replace('\n', "; ")),
                ),
                Answer::Unavailable(u) => {
                    s.unchecked(&format!("Gatekeeper assessment of {}", rf.target), u);
                    (
                        Severity::Warning,
                        format!("{} is quarantined{from}; unless it is notarized, Gatekeeper refuses to start it.", rf.target),
                        format!("xattr -p com.apple.quarantine: {:04x};...;{}", q.flags, q.agent),
                    )
                }
            }
        } else {
            (
                Severity::Warning,
                format!(
                    "{} is quarantined{from}: run directly, or with the native modules unpacked beside it, Gatekeeper blocks it as \"downloaded from the internet\".",
                    rf.target
                ),
                format!("xattr -p com.apple.quarantine: {:04x};...;{}", q.flags, q.agent),
            )
        };
        let fd = finding(RuleId::MacosQuarantined, rf.client, &rf.server, msg, ev)
            .severity(sev)
            .var(crate::finding::Var::File, rf.target.clone());
        s.findings.push(fd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_quarantine_attribute() {
        let q = quarantine("0083;65a1b2c3;Safari;6B2F3D0E-1C44-4F9A-9D0B-5C4E2F1A7B90\n").unwrap();
        assert_eq!(q.flags, 0x83);
        assert_eq!(q.agent, "Safari");
        assert_eq!(
            quarantine("01c3;65a1b2c3;Chrome;").unwrap().flags & 0x40,
            0x40
        );
        assert_eq!(quarantine("garbage"), None);
        assert!(is_macho(&[0xcf, 0xfa, 0xed, 0xfe]));
        assert!(!is_macho(b"#!/u"));
    }
}
