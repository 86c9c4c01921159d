//! The layout reads top-down (issue 14, "A typed core"): no module of the model layer (report,
//! finding, cause, clients, launch) reaches a module of the command layer (app, check,
//! fix_command, render, output), directly or through the modules it uses. Read from the sources:
//! every `crate::name` path, and the names of a `use crate::{a, b::c}` group.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MODEL: &[&str] = &["report", "finding", "cause", "clients", "launch"];
const COMMAND: &[&str] = &["app", "check", "fix_command", "render", "output"];

/// The top-level modules of `crate::` a source text names (comments left out).
fn named(text: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                out.extend(inner.split(',').map(|p| ident(p.trim())));
            } else {
                out.insert(ident(after));
            }
            rest = after;
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Each top-level module of `src/` and the modules its files name.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(d: &Path, text: &mut String) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, text);
            } else if p.extension().is_some_and(|x| x == "rs") {
                text.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut g = BTreeMap::new();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let mut text = String::new();
        if p.is_dir() {
            walk(&p, &mut text);
        } else if p.extension().is_some_and(|x| x == "rs") {
            text = std::fs::read_to_string(&p).unwrap();
        } else {
            continue;
        }
        let entry: &mut BTreeSet<String> = g.entry(name.clone()).or_default();
        entry.extend(named(&text));
        entry.remove(&name);
    }
    g
}

/// The command modules `from` reaches, each with the path that reaches it.
fn reached(g: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Vec<String> {
    let mut via: BTreeMap<String, String> = BTreeMap::new();
    let mut todo = vec![from.to_string()];
    via.insert(from.to_string(), String::new());
    while let Some(m) = todo.pop() {
        for n in g.get(&m).into_iter().flatten() {
            if !via.contains_key(n) && g.contains_key(n) {
                via.insert(n.clone(), m.clone());
                todo.push(n.clone());
            }
        }
    }
    COMMAND
        .iter()
        .filter(|c| via.contains_key(**c))
        .map(|c| {
            let mut path = vec![c.to_string()];
            while let Some(p) = via.get(path.last().unwrap()).filter(|p| !p.is_empty()) {
                path.push(p.clone());
            }
            path.reverse();
            path.join(" -> ")
        })
        .collect()
}

#[test]
fn the_detector_sees_a_model_module_using_the_command_layer() {
    assert_eq!(
        named("use crate::{render::x, finding};\nlet a = crate::report::R; // crate::app"),
        ["finding", "render", "report"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    let mut g = BTreeMap::new();
    g.insert("finding".to_string(), BTreeSet::from(["rules".to_string()]));
    g.insert("rules".to_string(), BTreeSet::from(["render".to_string()]));
    g.insert("render".to_string(), BTreeSet::new());
    assert_eq!(reached(&g, "finding"), ["finding -> rules -> render"]);
}

#[test]
fn no_model_module_reaches_the_command_layer() {
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    for m in MODEL.iter().chain(COMMAND) {
        assert!(
            g.contains_key(*m),
            "src/ has no module `{m}`: {:?}",
            g.keys()
        );
    }
    let bad: Vec<String> = MODEL.iter().flat_map(|m| reached(&g, m)).collect();
    assert!(
        bad.is_empty(),
        "model modules using the command layer: {bad:?}"
    );
}
