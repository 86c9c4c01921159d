//! One file per client (issue 14): every client has its own `src/clients/<client>.rs` with its
//! `CLIENT` record, the registry hands out that record, and no other module names a client by its
//! id to decide something about it (the facts are asked of the record instead). Adding a client:
//! docs/clients.md.
use mcp_doctor::clients;
use mcp_doctor::finding::ClientId;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `ClientId::Variant` names in a text, outside comment lines.
fn named_clients(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("ClientId::") {
            let after = &rest[at + "ClientId::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && name != "ALL" {
                out.push((i + 1, name));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn every_client_has_its_record() {
    for c in ClientId::ALL {
        let facts = clients::get(c);
        assert_eq!(
            facts.id, c,
            "{c:?}: the registry hands out another client's record"
        );
        assert_eq!(c.as_str(), facts.slug);
        assert_eq!(
            serde_json::to_value(c).unwrap(),
            serde_json::Value::String(facts.slug.to_string()),
            "{c:?}: the contract's id and the record's slug differ"
        );
        assert_eq!(ClientId::parse(facts.slug), Some(c));
        assert_eq!(ClientId::parse(facts.title), Some(c));
    }
}

/// Each client id is declared (`pub const ID: ClientId = ClientId::X;`) in exactly one file of
/// `src/clients/`, which also holds the `CLIENT` record.
#[test]
fn every_client_has_its_own_file() {
    let mut files = Vec::new();
    rs_files(&src().join("clients"), &mut files);
    let mut declared: Vec<String> = Vec::new();
    for f in &files {
        if f.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let ids: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("pub const ID: ClientId = ClientId::"))
            .map(|v| v.trim_end_matches(';').to_string())
            .collect();
        assert_eq!(
            ids.len(),
            1,
            "{}: one `pub const ID` per client file",
            f.display()
        );
        assert!(
            text.contains("pub static CLIENT: Client = Client {"),
            "{}: no CLIENT record",
            f.display()
        );
        declared.extend(ids);
    }
    let all: BTreeSet<String> = ClientId::ALL.iter().map(|c| format!("{c:?}")).collect();
    let got: BTreeSet<String> = declared.iter().cloned().collect();
    assert_eq!(
        got.len(),
        declared.len(),
        "a client declared twice: {declared:?}"
    );
    assert_eq!(got, all, "every client, and only they, have a file");
}

/// Outside `src/clients/` (where the enum is too), code asks the client's record, not "is this
/// client X". The log scanner is the one exception: a log's format says which client
/// wrote it (`LogFormat::Cursor` => `ClientId::Cursor`).
#[test]
fn no_client_is_singled_out_outside_its_file() {
    let root = src();
    let mut files = Vec::new();
    rs_files(&root, &mut files);
    let allowed = |rel: &Path| rel.starts_with("clients") || rel.starts_with("logs");
    let mut found = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        if allowed(rel) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (line, name) in named_clients(&text) {
            found.push(format!("{}:{line}: ClientId::{name}", rel.display()));
        }
    }
    assert!(
        found.is_empty(),
        "client facts outside src/clients/ (ask clients::get(c) or the client's file):\n{}",
        found.join("\n")
    );
    // The scan finds what it looks for.
    assert_eq!(
        named_clients("if c == ClientId::Zed || ClientId::ALL.len() > 1 {}\n// ClientId::Goose"),
        vec![(1, "Zed".to_string())]
    );
}

/// Adding a client is its file alone: the registry's lines are written by build.rs from each
/// file's `ID` and `ORDER`, so `src/clients/mod.rs` names no client variant, and `ClientId::ALL`
/// comes in the files' `ORDER`.
#[test]
fn the_registry_is_read_from_the_client_files() {
    let clients = src().join("clients");
    let registry = std::fs::read_to_string(clients.join("mod.rs")).unwrap();
    let named = named_clients(&registry);
    assert!(
        named.is_empty(),
        "src/clients/mod.rs names clients: {named:?}"
    );
    let mut files = Vec::new();
    rs_files(&clients, &mut files);
    let mut by_order: Vec<(u8, String)> = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("mod.rs")) {
        let text = std::fs::read_to_string(f).unwrap();
        let field = |prefix: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(prefix))
                .map(|v| v.trim().trim_end_matches(';').to_string())
                .unwrap_or_else(|| panic!("{}: no `{prefix}`", f.display()))
        };
        let order: u8 = field("pub const ORDER: u8 = ").parse().unwrap();
        by_order.push((order, field("pub const ID: ClientId = ClientId::")));
    }
    by_order.sort();
    let want: Vec<String> = by_order.into_iter().map(|(_, v)| v).collect();
    let got: Vec<String> = ClientId::ALL.iter().map(|c| format!("{c:?}")).collect();
    assert_eq!(got, want, "ClientId::ALL is not in the files' ORDER");
}
