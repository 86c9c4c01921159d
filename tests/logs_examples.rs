//! Every log rule carries its own examples (`[[examples]]` in its TOML): texts the classifier
//! must read as that rule and near-misses it must not, each with the source of its phrasing. This
//! test runs them all through the real classifier (`logs::classify_text`, the reading `logs
//! --file` and the probe use) and fails on a log rule without examples.
mod common;
use mcp_doctor::finding::Source;
use mcp_doctor::logs::classify_text;
use mcp_doctor::machine::{Machine, Os};
use mcp_doctor::rules::registry;

fn machine(home: &std::path::Path, os: Os) -> Machine {
    common::machine_at(home, os, "2030-01-01T00:00:00Z")
}

#[test]
fn every_log_rule_has_examples_and_every_example_holds() {
    let home = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    let mut rules = 0;
    let mut checked = 0;
    for (id, rule) in registry() {
        if rule.source != Source::Log {
            continue;
        }
        rules += 1;
        let examples = id.examples();
        if !examples.iter().any(|e| e.text.is_some()) {
            wrong.push(format!("{id}: no [[examples]] with a text that must match"));
        }
        for ex in &examples {
            if ex.source.trim().is_empty() {
                wrong.push(format!("{id}: an example without its source"));
            }
            if ex.text.is_none() && ex.near_miss.is_empty() {
                wrong.push(format!("{id}: an example with neither text nor near_miss"));
            }
            let os = match ex.os.as_deref() {
                None => Os::Macos,
                Some(s) => Os::parse(s).unwrap_or_else(|| panic!("{id}: unknown os {s}")),
            };
            let m = machine(home.path(), os);
            if let Some(text) = &ex.text {
                checked += 1;
                let got: Vec<&str> = classify_text(&m, text, "example")
                    .iter()
                    .map(|f| f.rule.as_str())
                    .collect();
                let ok = match ex.context.as_deref() {
                    None => got.contains(&id.as_str()),
                    // `check` derives the rule from this failure and the config's change time
                    // (tests/logs_cli.rs drives that end to end): the text must be a failure.
                    Some("config-changed-before") => !got.is_empty(),
                    Some(other) => panic!("{id}: unknown example context {other}"),
                };
                if !ok {
                    wrong.push(format!("{id}: {text:?} gave {got:?}"));
                }
            }
            for near in &ex.near_miss {
                checked += 1;
                let got: Vec<&str> = classify_text(&m, near, "example")
                    .iter()
                    .map(|f| f.rule.as_str())
                    .collect();
                if got.contains(&id.as_str()) {
                    wrong.push(format!("{id}: near miss {near:?} matched ({got:?})"));
                }
            }
        }
    }
    assert!(rules >= 30, "only {rules} log rules");
    assert!(
        wrong.is_empty(),
        "{} wrong of {checked} examples:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
