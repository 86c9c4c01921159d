//! The real failure reports in `testdata/corpus` (the training part; the held-out third in
//! `testdata/corpus-holdout` is scored by `bench/accuracy.sh` only) rank their confirmed cause
//! first when their log goes through `scan_reader` and the ranking: every one of the first 22
//! (numbers below 100, the reports the rules were first written against), and at least
//! [`TOP1_FLOOR`] of all of them, with a finding for every report.
mod common;
use mcp_doctor::logs::{scan_reader, Filter, Window};
use mcp_doctor::machine::{Machine, Os};
use mcp_doctor::rank::rank;
use std::path::PathBuf;

fn machine(home: &std::path::Path, os: Os) -> Machine {
    common::machine_at(home, os, "2026-11-22T10:00:00Z")
}

/// The share of training reports whose confirmed cause must come first: the figure measured when
/// it was last set, so that a change that loses verdicts fails here. Session 9 added 58 reports
/// (batches r13 and r15) that the start of the session ranked right for 30 (52 %): the floor went
/// from 85 % to the 83.0 % measured on the larger set (317 of 382), less half a point.
/// Session 10 added 9 (batch r17, 6 right before any rule was written from them): 323 of 391,
/// 82.6 %, over the floor by 0.1 point.
/// Session 11 added 78 (batches r19 and r21: 41 right before any rule was written from them,
/// 53 %): 389 of 469, 82.9 %.
/// Session 12 added none (its batch went to the unseen set): 395 of 469, 84.2 %.
/// Session 19 added 13 (batch r28, scored as never seen first: 6 right, 46 %, then read).
/// Session 20 added 10 (batches r29 and r30: 5 right before reading).
/// Session 22 added 141 (batches r42-r56, each scored as never seen first: 98 right, 69.5 %, then
/// read; rules for their general mechanisms moved some): 589 of 702 right, 83.9 %; the floor
/// went to that less half a point, as in session 9.
/// Session 26 added 37 (batches r118, r122-r125, r128, r129, each scored as never seen first: 21
/// right, 56.8 %, then read; rules for their mechanisms moved some): 730 of 876, 83.3 %; the floor
/// to that less half a point.
const TOP1_FLOOR: f64 = 0.828;
/// How many training reports may get no finding at all (the goal is none).
/// Reports that may get no finding: only those with no line that looks like an error (a config
/// excerpt, a server's info-level log). A silent report with an error line fails the test.
/// Session 10 added 280-network-blocked (a debug trace of a proxy agent made for a localhost URL,
/// no error line): 7. Session 12: 6 (475-config-ignored, a prose account naming Claude Desktop's
/// MSIX config, is read). Session 23: 9, with three reports of r67-r71 whose text holds no line a
/// program prints on failure: a server's start-up banner and the config it suggests (2111), the
/// non-MCP JSON object a server wrote to stdout, pasted alone (2153), and a client's garbled dump
/// of an event emitter's listeners (2196). Session 26: 10, with two reports read from its batches
/// whose text has no failure line: Claude Desktop's log cut off inside the `initialize` it sent
/// (3240, the crash that followed not quoted), and `which npx` beside the PATH Witsy says it
/// spawns with, an info line (3265: the folder missing from it is the cause, a comparison no rule
/// makes).
const SILENT_CEILING: usize = 10;

/// Whether a text has a line that looks like a failure: what the doctor must never be silent on.
fn has_error_line(text: &str) -> bool {
    let words = [
        "error",
        "fail",
        "exception",
        "fatal",
        "panic",
        "refused",
        "denied",
        "timed out",
        "timeout",
        "not found",
        "enoent",
        "traceback",
        "invalid",
        "unable",
        "cannot",
        "killed",
        "crash",
        "closed",
        "disconnect",
        "401",
        "403",
        "404",
        "500",
    ];
    text.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        words.iter().any(|w| l.contains(w))
    })
}

#[test]
fn every_corpus_case_ranks_its_cause_first() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus");
    assert!(
        corpus.is_dir(),
        "the corpus is missing: {}",
        corpus.display()
    );
    let home = tempfile::tempdir().unwrap();
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut misses = Vec::new();
    let mut empty = Vec::new();
    let mut unfilled = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let log = dir.join("log.txt");
        if !log.is_file() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let want = name.split_once('-').map(|(_, c)| c.to_string()).unwrap();
        // The OS as the case's source states it, so OS-dependent readings are exercised; the
        // cause must come out first whatever the host.
        let source = std::fs::read_to_string(dir.join("source.md")).unwrap_or_default();
        let os = if source.contains("Windows") {
            Os::Windows
        } else {
            Os::Macos
        };
        let m = machine(home.path(), os);
        let file = std::fs::File::open(&log).unwrap();
        let scan = scan_reader(file, "log.txt", &m, &Window::all(m.now), &Filter::default());
        let ids: Vec<String> = (1..=scan.findings.len()).map(|i| format!("F{i}")).collect();
        let ranked = rank(&scan.findings, &ids, m.os, m.now);
        cases += 1;
        // Every fix a reader is shown is filled: a log line that names no program, path or
        // variable gets words, not a `{name}` (and no command such as `which {cmd}`).
        let fixes = scan
            .findings
            .iter()
            .map(|f| f.fix(m.os))
            .chain(ranked.iter().map(|c| c.fix.clone()));
        for fix in fixes {
            for t in std::iter::once(&fix.summary).chain(&fix.commands) {
                let left: Vec<&str> = mcp_doctor::template::placeholders(t)
                    .filter(|n| mcp_doctor::finding::Var::from_name(n).is_some())
                    .collect();
                unfilled.extend(left.iter().map(|n| format!("{name}: {{{n}}} in {t:?}")));
            }
        }
        let got: Vec<String> = ranked
            .iter()
            .take(3)
            .map(|c| format!("{} {:.3}", c.cause, c.score))
            .collect();
        if scan.findings.is_empty() {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            assert!(
                !has_error_line(&text),
                "{name} has an error line and got no finding"
            );
            empty.push(name.clone());
        }
        let pinned = name[..3].parse::<u32>().is_ok_and(|n| n < 100);
        if ranked.first().map(|c| c.cause.as_str()) != Some(want.as_str()) {
            if !pinned {
                misses.push(format!("{name}: got {got:?}"));
                continue;
            }
            failures.push(format!(
                "{name}: got {got:?}; findings {:?}",
                scan.findings
                    .iter()
                    .map(|f| (f.rule.as_str(), f.count))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(cases >= 20, "only {cases} corpus cases found");
    assert!(
        unfilled.is_empty(),
        "placeholders left unfilled:\n{}",
        unfilled.join("\n")
    );
    assert!(
        empty.len() <= SILENT_CEILING,
        "{} reports got no finding: {empty:?}",
        empty.len()
    );
    let top1 = (cases - misses.len() - failures.len()) as f64 / cases as f64;
    assert!(
        top1 >= TOP1_FLOOR,
        "top-1 {:.1} % of {cases} is below {:.0} %; misses:\n{}",
        top1 * 100.0,
        TOP1_FLOOR * 100.0,
        misses.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
