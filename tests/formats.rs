//! `--format markdown|sarif`, `--output FILE`, `--fail-on`: SARIF validated against the OASIS
//! schema (vendored in testdata/sarif, no network), Markdown compared with committed snapshots
//! and checked for secrets and for values that could break out of their code spans.
mod common;
mod snap;

use common::{doctor, home};
use std::path::Path;

const NOW: &str = "2026-11-22T10:00:00Z";

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(v: &jsonschema::Validator, doc: &serde_json::Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_schema_for_check_probe_and_logs() {
    let v = sarif_validator();
    for name in ["clean", "linux-code", "warn-only", "planted-relative"] {
        let h = home(name);
        let out = doctor(
            h.path(),
            &["check", "--no-platform", "--format", "sarif", "--now", NOW],
        )
        .run();
        let doc: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {}", out.stderr));
        assert_valid_sarif(&v, &doc);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        let report = doctor(
            h.path(),
            &["check", "--no-platform", "--json", "--now", NOW],
        )
        .run()
        .json();
        assert_eq!(
            results.len(),
            report["findings"].as_array().unwrap().len(),
            "{name}: one result per finding"
        );
        for r in results {
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                doc["runs"][0]["tool"]["driver"]["rules"][idx]["id"], r["ruleId"],
                "{name}: ruleIndex points at the rule"
            );
        }
    }
    // A finding with a line has a region; its file is a file: URI.
    let h = home("linux-code");
    let out = doctor(h.path(), &["check", "--no-platform", "--format", "sarif"]).run();
    assert_eq!(out.code, 1, "exit code as --json: {}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let toml = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "json-syntax")
        .expect("the Codex TOML error");
    let loc = &toml["locations"][0]["physicalLocation"];
    assert!(loc["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
    assert_eq!(loc["region"]["startLine"], 5);

    // logs --file and probe (a server that cannot start) too.
    let log = h.path().join("pasted.log");
    std::fs::write(
        &log,
        "2026-11-22T09:59:00.000Z [error] [filesystem] spawn npx ENOENT\n",
    )
    .unwrap();
    let out = doctor(
        h.path(),
        &["logs", "--file", log.to_str().unwrap(), "--format", "sarif"],
    )
    .run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_valid_sarif(&v, &doc);
    assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty());
    let p = home("planted-relative");
    let out = doctor(p.path(), &["probe", "--format", "sarif", "--timeout", "5"]).run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("probe sarif not JSON ({e}): {}", out.stderr));
    assert_valid_sarif(&v, &doc);
}

#[test]
fn the_schema_check_rejects_a_wrong_log() {
    let v = sarif_validator();
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
        "results": [{"message": {"text": "m"}, "level": "fatal"}]}]});
    assert!(
        v.iter_errors(&bad).next().is_some(),
        "level fatal is not SARIF"
    );
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
        "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"region": {"startLine": 0}}}]}]}]});
    assert!(
        v.iter_errors(&bad).next().is_some(),
        "startLine 0 is not SARIF"
    );
}

#[test]
fn markdown_snapshots() {
    for name in ["clean", "warn-only", "planted-relative", "linux-code"] {
        let h = home(name);
        let out = doctor(
            h.path(),
            &[
                "check",
                "--no-platform",
                "--format",
                "markdown",
                "--now",
                NOW,
            ],
        )
        .env("MCP_DOCTOR_NO_RUNTIMES", "1")
        .run();
        assert!(out.stderr.is_empty(), "{name}: {}", out.stderr);
        snap::assert_snapshot(&format!("markdown-check-{name}.md"), &out.stdout, h.path());
    }
}

/// A server whose name and arguments try to close the code span, the `<details>` block and the
/// table, mention someone, and whose env holds a secret.
#[test]
fn markdown_is_safe_against_hostile_values() {
    let h = common::empty_home();
    std::fs::create_dir_all(h.path().join(".cursor")).unwrap();
    let secret = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";
    std::fs::write(
        h.path().join(".cursor/mcp.json"),
        serde_json::json!({"mcpServers": {
            "x`` </details> | @octocat": {
                "command": "no-such-tool-xyz",
                "args": ["```", "</details><script>alert(1)</script>", "--token", secret],
                "env": {"ANTHROPIC_API_KEY": secret}
            }
        }})
        .to_string(),
    )
    .unwrap();
    // SARIF and JSON too: no trace of the secret.
    for fmt in ["sarif", "json"] {
        let out = doctor(h.path(), &["check", "--no-platform", "--format", fmt]).run();
        assert!(
            !out.stdout.contains("abcdefghijklmnop"),
            "{fmt} leaked:\n{}",
            out.stdout
        );
    }
    let out = doctor(
        h.path(),
        &["check", "--no-platform", "--format", "markdown"],
    )
    .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let md = &out.stdout;
    assert!(!md.contains(secret), "secret leaked:\n{md}");
    assert!(
        !md.contains("abcdefghijklmnop"),
        "part of the secret leaked:\n{md}"
    );
    // Our own blocks are whole lines, balanced; the hostile ones sit inside code spans.
    let opens = md.lines().filter(|l| *l == "<details>").count();
    let closes = md.lines().filter(|l| *l == "</details>").count();
    assert!(opens > 0);
    assert_eq!(opens, closes, "{md}");
    for l in md.lines().filter(|l| l.contains("</details><script>")) {
        // Inside a code span: the span's fence opens before it on the same line.
        let at = l.find("</details><script>").unwrap();
        assert!(l[..at].contains('`'), "not in a code span: {l}");
    }
    // The name is one code span with a fence longer than its backtick run, `|` escaped.
    assert!(md.contains("```x`` </details> \\| @octocat```"), "{md}");
    // Table rows keep their column count (pipes in values are escaped).
    for l in md.lines().filter(|l| l.starts_with("| ❌")) {
        let cells = l.replace("\\|", "").matches('|').count();
        assert!(cells == 6 || cells == 7, "row with {cells} pipes: {l}");
    }
    // Outside code, @ mentions are broken.
    for l in md.lines() {
        let mut rest = l;
        while let Some(i) = rest.find("@octocat") {
            let before = &rest[..i];
            let in_code = before.matches('`').count() % 2 == 1;
            assert!(in_code, "a live mention: {l}");
            rest = &rest[i + 1..];
        }
    }
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let h = home("planted-relative");
    let file = h.path().join("report.md");
    std::fs::write(&file, "old").unwrap();
    let out = doctor(
        h.path(),
        &[
            "check",
            "--no-platform",
            "--format",
            "markdown",
            "--output",
            file.to_str().unwrap(),
        ],
    )
    .run();
    assert_eq!(out.code, 1, "exit code as without --output: {}", out.stderr);
    assert_eq!(out.stdout, "");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("### mcp-doctor check: 2 errors"), "{text}");
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(h.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(left.is_empty());
    // JSON to a file is the same report as on stdout.
    let j = h.path().join("r.json");
    let out = doctor(
        h.path(),
        &[
            "check",
            "--no-platform",
            "--json",
            "-o",
            j.to_str().unwrap(),
        ],
    )
    .run();
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&j).unwrap()).unwrap();
    assert_eq!(v["schema"], "mcp-doctor/report/v1");
    // A folder that does not exist: one line, exit 2, nothing written.
    let out = doctor(
        h.path(),
        &[
            "check",
            "--no-platform",
            "-o",
            h.path().join("no/such/dir/r.md").to_str().unwrap(),
        ],
    )
    .run();
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
}

#[test]
fn fail_on_sets_the_exit_code_threshold() {
    let h = home("warn-only");
    let code = |extra: &[&str]| {
        let mut a = vec!["check", "--no-platform"];
        a.extend_from_slice(extra);
        doctor(h.path(), &a).run().code
    };
    assert_eq!(code(&[]), 0, "a warning is not an error");
    assert_eq!(code(&["--fail-on", "error"]), 0);
    assert_eq!(code(&["--fail-on", "warning"]), 1);
    assert_eq!(code(&["--fail-on", "note"]), 1);
    assert_eq!(code(&["--fail-on", "fatal"]), 2);
    // An error-free, warning-free home passes even at note... when it has no note.
    let c = common::empty_home();
    assert_eq!(
        doctor(c.path(), &["check", "--no-platform", "--fail-on", "note"])
            .run()
            .code,
        0
    );
    // logs: a pasted log with an error event fails at error, with a note-only log at note.
    let log = h.path().join("p.log");
    std::fs::write(
        &log,
        "2026-11-22T09:59:00.000Z [error] [fs] spawn npx ENOENT\n",
    )
    .unwrap();
    let out = doctor(
        h.path(),
        &[
            "logs",
            "--file",
            log.to_str().unwrap(),
            "--fail-on",
            "warning",
        ],
    )
    .run();
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
}

#[test]
fn json_and_a_different_format_conflict() {
    let h = common::empty_home();
    let out = doctor(h.path(), &["check", "--json", "--format", "sarif"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--json"), "{}", out.stderr);
    let wrong: [&[&str]; 2] = [
        &["rules", "--format", "sarif"],
        &["explain", "relative-path", "--format", "markdown"],
    ];
    for args in wrong {
        let out = doctor(h.path(), args).run();
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("--format"), "{}", out.stderr);
    }
    let out = doctor(
        h.path(),
        &["check", "--no-platform", "--json", "--format", "json"],
    )
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.json();
}
