//! `--format sarif`: the (already redacted) report as one SARIF 2.1.0 log, for CI code scanning
//! (GitHub's upload-sarif, GitLab, Azure DevOps). One run; one result per finding, its level the
//! finding's severity; the rules described are the ones the results use, from `rules/`. A finding
//! about a server points at that server's config file (the line when the evidence has one).
//! Ranked causes travel in the run's property bag. Validated against the OASIS schema in
//! `tests/formats.rs` (`testdata/sarif/sarif-schema-2.1.0.json`).
use crate::finding::ClientId;
use crate::report::{FindingOut, Report};
use crate::rules::RuleId;
use serde_json::{json, Map, Value};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A `file:` URI for an absolute path (`/x/y`, `C:\x\y`); other paths as a relative reference.
/// Everything but unreserved characters, `/` and a drive's `:` is percent-encoded.
pub fn file_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let windows_drive =
        p.len() >= 2 && p.as_bytes()[1] == b':' && p.as_bytes()[0].is_ascii_alphabetic();
    let (prefix, rest) = if windows_drive {
        (format!("file:///{}:", &p[..1]), p[2..].to_string())
    } else if p.starts_with('/') {
        ("file://".to_string(), p)
    } else {
        (String::new(), p)
    };
    let mut out = prefix;
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

fn rule_descriptor(id: &str) -> Value {
    let Some(r) = RuleId::parse(id).map(|r| r.rule()) else {
        return json!({"id": id});
    };
    let para = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let what = para(&r.explain.what);
    let mut d = json!({
        "id": r.id,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": what},
        "help": {"text": format!("{}\n\nHow to fix it by hand: {}", para(&r.explain.why), para(&r.explain.fix))},
        "defaultConfiguration": {"level": level(r.severity.as_str())},
        "properties": {"cause": r.cause.as_str(), "tags": ["mcp", r.cause.as_str()]},
    });
    if what.is_empty() {
        d.as_object_mut().map(|o| o.remove("fullDescription"));
    }
    d
}

/// Where a finding points: its evidence's file and line, else its server's config file.
fn location(f: &FindingOut, r: &Report) -> Option<Value> {
    let ev = f.evidence.iter().find(|e| e.path.is_some());
    let path = ev.and_then(|e| e.path.clone()).or_else(|| {
        r.servers.as_deref().and_then(|ss| {
            ss.iter()
                .find(|s| {
                    Some(&s.name) == f.server.as_ref()
                        && f.client.map(ClientId::as_str) == Some(s.client.as_str())
                })
                .map(|s| s.config.clone())
        })
    })?;
    if path.is_empty() || path == "-" {
        return None;
    }
    let mut phys = json!({"artifactLocation": {"uri": file_uri(&path)}});
    if let Some(line) = ev.and_then(|e| e.line).filter(|l| *l >= 1) {
        let mut region = json!({"startLine": line});
        if let Some(c) = ev.and_then(|e| e.column).filter(|c| *c >= 1) {
            region["startColumn"] = json!(c);
        }
        if let Some(t) = ev.map(|e| e.text.as_str()).filter(|t| !t.is_empty()) {
            region["snippet"] = json!({"text": t});
        }
        phys["region"] = region;
    }
    Some(json!({"physicalLocation": phys}))
}

/// The SARIF log, pretty-printed.
pub fn render(r: &Report) -> String {
    let mut rule_ids: Vec<RuleId> = Vec::new();
    for f in &r.findings {
        if !rule_ids.contains(&f.rule) {
            rule_ids.push(f.rule);
        }
    }
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let mut props = Map::new();
            props.insert("findingId".into(), json!(f.id));
            props.insert("cause".into(), json!(f.cause));
            if let Some(c) = &f.client {
                props.insert("client".into(), json!(c));
            }
            if let Some(s) = &f.server {
                props.insert("server".into(), json!(s));
            }
            if !f.fix.summary.is_empty() {
                props.insert("fix".into(), json!(f.fix.summary));
            }
            if !f.fix.commands.is_empty() {
                props.insert("fixCommands".into(), json!(f.fix.commands));
            }
            if let Some(a) = &f.fix.automatic {
                props.insert("automaticFix".into(), json!(a));
            }
            let mut res = json!({
                "ruleId": f.rule,
                "ruleIndex": rule_ids.iter().position(|x| *x == f.rule).unwrap_or(0),
                "level": level(f.severity.as_str()),
                "message": {"text": f.message},
                "partialFingerprints": {
                    "mcpDoctorFinding/v1": format!(
                        "{}:{}:{}",
                        f.rule,
                        f.client.map(ClientId::as_str).unwrap_or(""),
                        f.server.as_deref().unwrap_or("")
                    )
                },
                "properties": Value::Object(props),
            });
            if let Some(loc) = location(f, r) {
                res["locations"] = json!([loc]);
            }
            res
        })
        .collect();
    let causes: Vec<Value> = r
        .causes
        .iter()
        .map(|c| {
            json!({"rank": c.rank, "cause": c.cause, "client": c.client, "server": c.server,
                   "score": c.score, "findings": c.findings, "fix": c.fix.summary})
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mcp-doctor",
                "version": r.tool.version,
                "semanticVersion": r.tool.version,
                "rules": rule_ids.iter().map(|id| rule_descriptor(id.as_str())).collect::<Vec<_>>(),
            }},
            "invocations": [{"executionSuccessful": true, "endTimeUtc": r.generated_at}],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"causes": causes, "os": r.host.os, "arch": r.host.arch},
        }],
    });
    let mut s = crate::output::pretty_json(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::file_uri;

    #[test]
    fn file_uris() {
        assert_eq!(
            file_uri("/home/a b/.cursor/mcp.json"),
            "file:///home/a%20b/.cursor/mcp.json"
        );
        assert_eq!(
            file_uri(r"C:\Users\x\AppData\Roaming\Claude\c.json"),
            "file:///C:/Users/x/AppData/Roaming/Claude/c.json"
        );
        assert_eq!(file_uri("rel/x#y"), "rel/x%23y");
    }
}
