//! The emitter battery (`testdata/emitters/battery-s10.txt`): failure lines written from the
//! message templates of MCP SDKs and clients that the rules were not first written from (C#, Java,
//! Kotlin and Swift SDKs, mcpo, LibreChat, Goose), each with its source in
//! `battery-s10-sources.md`. Each case is its expected cause on the first line (`win:` for a
//! Windows message), then the text; cases are separated by `====` lines. At least [`FLOOR`] of them
//! must rank their cause first, so a change that loses verdicts on them fails here. The ones left
//! are marked ambiguous in the sources file or name no cause.
mod common;
use mcp_doctor::logs::{scan_reader, Filter, Window};
use mcp_doctor::machine::Os;
use mcp_doctor::rank::rank;
use std::path::PathBuf;

/// Measured when the battery was added (84 of 93, session 10).
const FLOOR: usize = 84;

#[test]
fn the_emitter_battery_keeps_its_verdicts() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/emitters/battery-s10.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut right = 0;
    let mut wrong = Vec::new();
    let cases: Vec<&str> = text.split("\n====\n").collect();
    assert!(cases.len() >= 90, "the battery lost cases: {}", cases.len());
    for (n, case) in cases.iter().enumerate() {
        let (first, body) = case.trim_matches('\n').split_once('\n').unwrap();
        let (os, want) = match first.strip_prefix("win:") {
            Some(w) => (Os::Windows, w),
            None => (Os::Linux, first),
        };
        let m = common::machine_at(home.path(), os, "2099-01-01T00:00:00Z");
        let scan = scan_reader(
            body.as_bytes(),
            "battery.txt",
            &m,
            &Window::all(m.now),
            &Filter::default(),
        );
        let ids: Vec<String> = (1..=scan.findings.len()).map(|i| format!("F{i}")).collect();
        let ranked = rank(&scan.findings, &ids, m.os, m.now);
        match ranked.first() {
            Some(c) if c.cause.as_str() == want => right += 1,
            got => wrong.push(format!(
                "case {}: want {want}, got {:?}",
                n + 1,
                got.map(|c| c.cause.as_str())
            )),
        }
    }
    assert!(
        right >= FLOOR,
        "{right} of {} right (floor {FLOOR}):\n{}",
        cases.len(),
        wrong.join("\n")
    );
}
