//! Generates `RuleId` and the embedded rule texts from `rules/**/*.toml`.
//!
//! Only the `id = "..."` line of each file is read here; the whole file is parsed at run time (and
//! by the registry tests). A duplicate id stops the build, so two rules can never share an id.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap();
        let id = text
            .lines()
            .find_map(|l| {
                let l = l.trim();
                let rest = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
                Some(rest.trim_matches('"').to_string())
            })
            .unwrap_or_else(|| panic!("{}: no `id = \"...\"` line", f.display()));
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: rule id `{id}` must be kebab-case",
            f.display()
        );
        if let Some(prev) = ids.insert(id.clone(), f.clone()) {
            panic!(
                "rule id `{id}` is declared twice: {} and {}",
                prev.display(),
                f.display()
            );
        }
    }
    let mut s = String::new();
    s.push_str("/// Every rule id, generated from `rules/**/*.toml`.\n");
    s.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum RuleId {\n",
    );
    for id in ids.keys() {
        let _ = writeln!(s, "    {},", camel(id));
    }
    s.push_str("}\n\nimpl RuleId {\n    pub const ALL: &'static [RuleId] = &[\n");
    for id in ids.keys() {
        let _ = writeln!(s, "        RuleId::{},", camel(id));
    }
    s.push_str("    ];\n\n    pub fn as_str(self) -> &'static str {\n        match self {\n");
    for id in ids.keys() {
        let _ = writeln!(s, "            RuleId::{} => \"{}\",", camel(id), id);
    }
    s.push_str("        }\n    }\n\n    /// The rule's TOML text, embedded in the binary.\n    pub fn source(self) -> &'static str {\n        match self {\n");
    for (id, f) in &ids {
        let _ = writeln!(
            s,
            "            RuleId::{} => include_str!({:?}),",
            camel(id),
            f.display().to_string()
        );
    }
    s.push_str("        }\n    }\n}\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("rule_ids.rs");
    std::fs::write(out, s).unwrap();
}
