//! The layout reads top-down: commands → analysis (checks, runtimes, logs, probe, platform) →
//! model (clients, launch, findings, report, ...) → machine. This test reads every `src/**/*.rs`,
//! collects the modules each one names through `crate::` (in `use crate::...` lines, grouped
//! `use crate::{...}` imports and inline `crate::a::b` paths) and through `super::`, and fails when
//! a module names one of a higher layer. Every module must be in the map below: a new module is
//! placed on purpose.
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Machine = 0,
    Model = 1,
    Analysis = 2,
    Commands = 3,
}

/// The layer of each module (a longer path beats its parent: `logs::follow` is the loop of the
/// `logs --follow` command, while `logs` is the log analysis).
const LAYERS: &[(&str, Layer)] = &[
    // Commands: parse arguments, pick a command, orchestrate, render.
    ("main", Layer::Commands),
    ("app", Layer::Commands),
    ("cli", Layer::Commands),
    ("check", Layer::Commands),
    ("fix", Layer::Commands),
    ("fix_command", Layer::Commands),
    ("list", Layer::Commands),
    ("scope", Layer::Commands),
    ("bridge", Layer::Commands),
    ("output", Layer::Commands),
    ("render", Layer::Commands),
    ("logs::follow", Layer::Commands),
    // Analysis: each step takes narrow inputs and returns findings.
    ("checks", Layer::Analysis),
    ("runtime", Layer::Analysis),
    ("logs", Layer::Analysis),
    ("probe", Layer::Analysis),
    ("probing", Layer::Analysis),
    ("platform", Layer::Analysis),
    // Model: clients, what runs, the parsed configs, findings, rules and the report.
    ("clients", Layer::Model),
    ("launch", Layer::Model),
    ("resolve", Layer::Model),
    ("wrappers", Layer::Model),
    ("server", Layer::Model),
    ("config", Layer::Model),
    ("doc", Layer::Model),
    ("url", Layer::Model),
    ("shell", Layer::Model),
    ("finding", Layer::Model),
    ("cause", Layer::Model),
    ("rules", Layer::Model),
    ("rank", Layer::Model),
    ("report", Layer::Model),
    ("run", Layer::Model),
    ("redact", Layer::Model),
    ("placeholder", Layer::Model),
    ("term", Layer::Model),
    ("template", Layer::Model),
    // The diagnosed machine.
    ("machine", Layer::Machine),
    // Stable sorts sharing one compiled routine (a utility under every layer).
    ("sort", Layer::Machine),
];

fn layer_of(module: &str) -> Option<(&'static str, Layer)> {
    LAYERS
        .iter()
        .filter(|(m, _)| module == *m || module.starts_with(&format!("{m}::")))
        .max_by_key(|(m, _)| m.len())
        .map(|(m, l)| (*m, *l))
}

/// The module path of a file under `src/`: `a.rs` and `a/mod.rs` are `a`, `a/b.rs` is `a::b`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts.join("::")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths (`a`, `a::b`, ...) a file's code names, with the line each is on. Comment lines
/// are skipped; `use crate::{a::x, b}` groups are opened; `super::x` is resolved against `module`.
fn references(module: &str, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // Join the lines of grouped imports so that `use crate::{` ... `};` is read as one.
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if t.starts_with("//") {
            continue;
        }
        if let Some((n, mut acc)) = pending.take() {
            acc.push(' ');
            acc.push_str(t);
            if t.contains(';') {
                lines.push((n, acc));
            } else {
                pending = Some((n, acc));
            }
            continue;
        }
        if (t.starts_with("use ") || t.starts_with("pub use ") || t.starts_with("pub(crate) use "))
            && !t.contains(';')
        {
            pending = Some((i + 1, t.to_string()));
        } else {
            lines.push((i + 1, t.to_string()));
        }
    }
    // `super` of `a::b` (`a/b.rs`) is `a`; of `a` (`a.rs` or `a/mod.rs`) it is the crate root.
    let mut parent: Vec<&str> = module.split("::").collect();
    parent.pop();
    for (n, line) in lines {
        for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
            let mut rest = line.as_str();
            while let Some(at) = rest.find(prefix) {
                let before = rest[..at].chars().next_back();
                let after = &rest[at + prefix.len()..];
                rest = after;
                if before.is_some_and(is_ident) {
                    continue;
                }
                let mut found: Vec<String> = Vec::new();
                if let Some(group) = after.strip_prefix('{') {
                    // `use crate::{a::x, b::{y, z}, c}`: the first segment of each top-level item.
                    let mut depth = 0;
                    let mut item = String::new();
                    for c in group.chars() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => break,
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                found.push(std::mem::take(&mut item));
                                continue;
                            }
                            _ => {}
                        }
                        item.push(c);
                    }
                    found.push(item);
                    found = found
                        .iter()
                        .map(|i| i.trim().split(['{', ' ']).next().unwrap_or("").to_string())
                        .map(|i| i.trim_end_matches("::").to_string())
                        .collect();
                } else {
                    let path: String = after
                        .chars()
                        .take_while(|c| is_ident(*c) || *c == ':')
                        .collect();
                    found.push(path.trim_end_matches(':').to_string());
                }
                for p in found {
                    let segs: Vec<&str> = p
                        .split("::")
                        .filter(|s| !s.is_empty() && *s != "self")
                        .collect();
                    if segs.is_empty() {
                        continue;
                    }
                    let mut full: Vec<&str> = base.clone();
                    full.extend(segs);
                    out.push((n, full.join("::")));
                }
            }
        }
    }
    out
}

/// Every import of a higher layer: (file, line, module, its layer, the named module, its layer).
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (module, text) in files {
        let Some((_, from)) = layer_of(module) else {
            out.push(format!("{module}: not in the layer map"));
            continue;
        };
        for (line, target) in references(module, text) {
            // Names the crate root itself provides (none today) or items of the root.
            let Some((tmod, to)) = layer_of(&target) else {
                continue;
            };
            if to > from {
                out.push(format!(
                    "{module} ({from:?}) line {line} names {target} ({tmod}: {to:?})"
                ));
            }
        }
    }
    out
}

fn read_src() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("src readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(&root).expect("under src");
                if rel == Path::new("lib.rs") {
                    continue; // declares the modules, imports none
                }
                let text = std::fs::read_to_string(&p).expect("readable");
                files.push((module_of(rel), text));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let files = read_src();
    assert!(files.len() > 40, "read only {} files", files.len());
    let v = violations(&files);
    assert!(v.is_empty(), "layering violations:\n{}", v.join("\n"));
}

/// The import cycles left inside a layer, between the modules of the map. A cycle not listed here
/// fails (a new one was made); a listed one that is gone fails too, so the list only shrinks.
const KNOWN_CYCLES: &[&[&str]] = &[];

/// The strongly connected groups (more than one module) of the module graph.
fn cycles(files: &[(String, String)]) -> Vec<Vec<String>> {
    use std::collections::BTreeMap;
    let mut edges: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
    for (module, text) in files {
        let Some((from, _)) = layer_of(module) else {
            continue;
        };
        let set = edges.entry(from).or_default();
        for (_, target) in references(module, text) {
            if let Some((to, _)) = layer_of(&target) {
                if to != from {
                    set.insert(to);
                }
            }
        }
    }
    // Two modules are in one cycle when each reaches the other.
    let reach = |a: &'static str| -> BTreeSet<&'static str> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![a];
        while let Some(x) = stack.pop() {
            for &y in edges.get(x).into_iter().flatten() {
                if seen.insert(y) {
                    stack.push(y);
                }
            }
        }
        seen
    };
    let all: Vec<&'static str> = edges.keys().copied().collect();
    let reaches: BTreeMap<&str, BTreeSet<&str>> = all.iter().map(|&a| (a, reach(a))).collect();
    let mut out: BTreeSet<Vec<String>> = BTreeSet::new();
    for &a in &all {
        let mut group: Vec<String> = all
            .iter()
            .filter(|&&b| b == a || (reaches[a].contains(b) && reaches[b].contains(a)))
            .map(|b| b.to_string())
            .collect();
        group.sort();
        if group.len() > 1 {
            out.insert(group);
        }
    }
    out.into_iter().collect()
}

#[test]
fn no_new_import_cycles() {
    let found = cycles(&read_src());
    let known: Vec<Vec<String>> = KNOWN_CYCLES
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(
        found, known,
        "import cycles changed (a new one, or a known one gone: update KNOWN_CYCLES)"
    );
    // The finder sees a cycle through a third module.
    let three = vec![
        ("checks".to_string(), "use crate::runtime::x;".to_string()),
        ("runtime".to_string(), "use crate::logs::y;".to_string()),
        ("logs".to_string(), "use crate::checks::z;".to_string()),
    ];
    assert_eq!(cycles(&three), vec![vec!["checks", "logs", "runtime"]]);
}

#[test]
fn every_top_module_is_placed() {
    let files = read_src();
    let tops: BTreeSet<String> = files
        .iter()
        .map(|(m, _)| m.split("::").next().unwrap_or("").to_string())
        .collect();
    let missing: Vec<&String> = tops.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "modules not in the layer map: {missing:?}"
    );
}

/// The checker itself finds what it must: a model module naming a command's type (plain, grouped
/// over several lines, and inline), an analysis file naming a command through `super::`, and it
/// lets downward imports pass.
#[test]
fn the_checker_catches_upward_imports() {
    let files = vec![
        (
            "clients::zed".to_string(),
            "use crate::check::CheckRun;\nuse crate::machine::Machine;\n".to_string(),
        ),
        (
            "server".to_string(),
            "use crate::{\n    finding::Finding,\n    probe::{self, Probe},\n};\n".to_string(),
        ),
        (
            "report".to_string(),
            "// crate::app in a comment is not an import\nfn f() { crate::platform::scan(); }\n"
                .to_string(),
        ),
        (
            "logs::parse".to_string(),
            "use super::follow::Tracked;\nuse super::time;\n".to_string(),
        ),
        (
            "app".to_string(),
            "use crate::checks;\nuse crate::machine::Machine;\n".to_string(),
        ),
    ];
    let v = violations(&files);
    let named: Vec<&str> = v
        .iter()
        .map(|s| s.split(" names ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(v.len(), 4, "{v:#?}");
    assert!(named[0].starts_with("check::CheckRun"), "{v:#?}");
    assert!(named[1].starts_with("probe"), "{v:#?}");
    assert!(named[2].starts_with("platform::scan"), "{v:#?}");
    assert!(named[3].starts_with("logs::follow::Tracked"), "{v:#?}");
    assert_eq!(
        module_of(Path::new("logs/mod.rs")),
        "logs",
        "a folder's mod.rs is the folder's module"
    );
}
