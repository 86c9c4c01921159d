//! Property tests, one per parser of untrusted input (JSON/JSONC, YAML, TOML, a log line): any
//! text, and any mutation of a real config, parses or fails cleanly (no panic, bounded time), and
//! a credential planted anywhere never survives redaction. A fixed number of cases with a fixed
//! seed keeps `cargo test` short and repeatable.
use mcp_doctor::clients::Dialect;
use mcp_doctor::config::parse_text;
use mcp_doctor::logs::{self, Filter, Window};
use mcp_doctor::machine::{Machine, MachineOptions};
use mcp_doctor::redact;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn runner(cases: u32) -> TestRunner {
    let cfg = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(cfg, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]))
}

const JSON: &str = r#"{"mcpServers": {"s": {"command": "npx", "args": ["-y", "pkg", "--api-key", "k"], "env": {"TOKEN": "x"}}}}"#;
const YAML: &str = "name: a\nversion: 1\nschema: v1\nmcpServers:\n  - name: s\n    command: npx\n    args: [-y, pkg]\n    env:\n      TOKEN: &t x\n      OTHER: *t\n";
const TOML: &str = "[mcp_servers.s]\ncommand = \"npx\"\nargs = [\"-y\", \"pkg\"]\n[mcp_servers.s.env]\nTOKEN = \"x\"\n";

/// A real config with a few bytes replaced, inserted or removed, or repeated.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        "{", "}", "[", "]", "\"", ":", ",", "\n", "&a ", "*a", "- ", "#", "//", "/*", "\\",
        "\u{1b}", "'", "=", "\u{0}", "é", "${",
    ]);
    prop::collection::vec((0..base.len(), chars, 0..3usize), 1..8).prop_map(move |ops| {
        let mut s = base.to_string();
        for (at, what, how) in ops {
            let mut at = at.min(s.len());
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            match how {
                0 => s.insert_str(at, what),
                1 => {
                    let mut end = (at + 1).min(s.len());
                    while !s.is_char_boundary(end) {
                        end += 1;
                    }
                    s.replace_range(at..end, what);
                }
                _ => {
                    let piece = s[at..].chars().take(5).collect::<String>();
                    s.insert_str(at, &piece.repeat(3));
                }
            }
        }
        s
    })
}

fn parses_cleanly(dialects: &[Dialect], base: &'static str) {
    let mut r = runner(300);
    r.run(&prop_oneof![mutated(base), ".{0,200}"], |text| {
        for &d in dialects {
            let t = std::time::Instant::now();
            let _ = parse_text(d, &text);
            prop_assert!(t.elapsed().as_secs() < 2, "{d:?} took {:?}", t.elapsed());
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn json_and_jsonc_parse_or_fail_cleanly() {
    parses_cleanly(&[Dialect::StrictJson, Dialect::Jsonc], JSON);
}

#[test]
fn yaml_parses_or_fails_cleanly() {
    parses_cleanly(&[Dialect::Yaml], YAML);
}

#[test]
fn toml_parses_or_fails_cleanly() {
    parses_cleanly(&[Dialect::Toml], TOML);
}

const SECRETS: [&str; 11] = [
    "ghp_Zx9a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",
    "github_pat_11ABCDEF0aaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbb",
    "xoxb-1234-123456789012-abcdefghijkl",
    "sk-ant-api03-0123456789abcdefXYZ",
    "AKIAZ1234567890ABCDE",
    "glpat-xY12zW34vU56tS78rQ",
    "secret_0123456789abcdefghij",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig0123456789abcdef",
    "npm_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78",
    "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh",
    "pypi-AgEIcHlwaS5vcmcCJGQ5ZTM0YjA0LTc4ZTAtNGEyMS1hNjdiLTAwMDAwMDAwMDAwMAACKlszLCJhYmMiXQ",
];

/// Any log line, and any line with a credential planted anywhere in it, is scanned without panic,
/// and the credential appears in no event or finding.
#[test]
fn log_lines_scan_cleanly_and_never_show_a_credential() {
    let home = tempfile::tempdir().unwrap();
    let m = Machine::from_process(MachineOptions {
        home: Some(home.path().to_path_buf()),
        ..MachineOptions::default()
    })
    .unwrap();
    let mut r = runner(200);
    let prefix = prop::sample::select(vec![
        "2026-11-22T09:00:00.000Z [s] [error] ",
        "2026-11-22 09:00:00.000 [error] [server s] ",
        "{\"level\":\"error\",\"msg\":\"",
        "",
    ]);
    let sep = prop::sample::select(vec![" ", "=", ": ", "\"", "\n", ",", "\t", "\u{1b}[31m"]);
    r.run(
        &(
            prefix,
            ".{0,80}",
            sep,
            prop::sample::select(SECRETS.to_vec()),
            ".{0,80}",
        ),
        |(p, a, s, secret, b)| {
            let line = format!("{p}{a}{s}{secret}{s}{b}\n");
            let scan = logs::scan_reader(
                line.as_bytes(),
                "-",
                &m,
                &Window::all(m.now),
                &Filter::default(),
            );
            for e in &scan.events {
                prop_assert!(!e.text.contains(secret), "{:?}", e.text);
            }
            for f in &scan.findings {
                prop_assert!(!f.message.contains(secret), "{:?}", f.message);
            }
            prop_assert!(!redact::text(&line).contains(secret));
            prop_assert!(!redact::output(&line).contains(secret));
            Ok(())
        },
    )
    .unwrap();
}

/// Ordinary words are never garbled: a sentence without a credential comes back as it was.
#[test]
fn redaction_leaves_ordinary_sentences_alone() {
    let mut r = runner(300);
    // "token X" and "bearer X" are redacted on purpose (a token's value follows them).
    let word = "[a-z]{1,12}".prop_filter("a word that introduces a token", |w| {
        !matches!(w.as_str(), "token" | "bearer" | "basic")
    });
    r.run(&prop::collection::vec(word, 1..12), |words| {
        let s = words.join(" ");
        prop_assert_eq!(redact::text(&s), s.clone());
        prop_assert_eq!(redact::output(&s), s);
        Ok(())
    })
    .unwrap();
}
