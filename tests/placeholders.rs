//! No finding is shown with a fix template's `{placeholder}` left in it (issue 14, "A typed
//! core"): every fixture home, on each OS, in the JSON report (findings and causes: summary,
//! commands, automatic fix) and in the human text.
mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Every `{name}` the rules' TOML files use as a placeholder.
fn placeholders() -> BTreeSet<String> {
    fn walk(d: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.extend(names_in(&std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        &mut out,
    );
    out
}

/// The `{name}` tokens of a text.
fn names_in(t: &str) -> Vec<String> {
    mcp_doctor::template::placeholders(t)
        .map(String::from)
        .collect()
}

/// The placeholders of `names` left in `t`.
fn unfilled(t: &str, names: &BTreeSet<String>) -> Vec<String> {
    names_in(t)
        .into_iter()
        .filter(|n| names.contains(n))
        .collect()
}

#[test]
fn the_detector_sees_an_unfilled_placeholder() {
    let names = placeholders();
    assert!(names.len() > 20 && names.contains("meant"), "{names:?}");
    assert_eq!(unfilled("Replace ~/x with {meant}", &names), ["meant"]);
    assert!(unfilled("Set ${HOME} in {\"env\": {}}", &names).is_empty());
}

#[test]
fn no_fixture_shows_an_unfilled_placeholder() {
    let names = placeholders();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/homes");
    let mut homes: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    homes.sort();
    let (mut texts, mut filled) = (0, 0);
    let mut bad = Vec::new();
    for name in &homes {
        for os in ["linux", "macos", "windows"] {
            let h = home(name);
            let args = ["check", "--os", os, "--now", "2026-11-22T10:00:00Z"];
            let out = doctor(h.path(), &[&args[..], &["--json"]].concat()).run();
            assert!(
                out.code == 0 || out.code == 1,
                "{name} {os}: {}",
                out.stderr
            );
            let r = out.json();
            let items = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .chain(r["causes"].as_array().unwrap());
            for f in items {
                let fix = &f["fix"];
                let mut ts: Vec<&str> = vec![fix["summary"].as_str().unwrap()];
                ts.extend(
                    fix["commands"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c.as_str().unwrap()),
                );
                ts.extend(fix["automatic"].as_str());
                for t in ts {
                    texts += 1;
                    let left = unfilled(t, &names);
                    if !left.is_empty() {
                        bad.push(format!("{name} {os} {}: {left:?} in {t:?}", f["rule"]));
                    }
                }
                // A rule whose template has placeholders was filled here: the test is not vacuous.
                if let Some(rule) = f["rule"].as_str() {
                    let toml = std::fs::read_to_string(rule_file(rule)).unwrap();
                    if !unfilled(&toml, &names).is_empty() {
                        filled += 1;
                    }
                }
            }
            let human = doctor(h.path(), &args).run();
            let left = unfilled(&human.stdout, &names);
            if !left.is_empty() {
                bad.push(format!("{name} {os} (human text): {left:?}"));
            }
        }
    }
    assert!(bad.is_empty(), "unfilled placeholders:\n{}", bad.join("\n"));
    assert!(
        texts > 100 && filled > 20,
        "{texts} fix texts, {filled} templated findings"
    );
}

/// The TOML file of a rule (`rules/<kind>/<id>.toml`).
fn rule_file(id: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path().join(format!("{id}.toml")))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no rules/*/{id}.toml"))
}
