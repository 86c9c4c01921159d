//! Probes sized to the machine (issue 16): at most `jobs` stdio servers start at once, and a
//! server that timed out while others were starting is probed again alone before it is called
//! slow. The "contended" fixture never answers while another copy is starting beside it (a
//! starved server, made deterministic with a lock file).
#[path = "common_probe/mod.rs"]
mod common;

use common::*;
use mcp_doctor::probe::pool::{probe_pool, Event};
use mcp_doctor::probe::{ProbeSpec, ProbeStatus};
use std::sync::Mutex;
use std::time::Duration;

fn contended(name: &str, lock: &std::path::Path, timeout: u64) -> ProbeSpec {
    let mut s = fixture_spec(name, &[]);
    s.args = vec![
        "-S".into(),
        repo()
            .join("tests/fixtures/contended.py")
            .display()
            .to_string(),
        lock.display().to_string(),
    ];
    s.timeout = Duration::from_secs(timeout);
    s
}

#[test]
fn one_job_starts_one_server_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join("lock");
    let specs: Vec<ProbeSpec> = (0..3)
        .map(|i| contended(&format!("c{i}"), &lock, 10))
        .collect();
    let events = Mutex::new(Vec::new());
    let results = probe_pool(&specs, 1, &|_, _| {}, &|e| events.lock().unwrap().push(e));
    for (r, s) in results.iter().zip(&specs) {
        assert_eq!(r.status, ProbeStatus::Ok, "{}: {r:?}", s.name);
        assert!(r.notes.is_empty(), "never retried: {:?}", r.notes);
    }
    // Started, done, started, done...: never two at once.
    let mut running = 0;
    for e in events.lock().unwrap().iter() {
        match e {
            Event::Started(_) | Event::Retrying(_) => running += 1,
            Event::Done(_) => running -= 1,
        }
        assert!(running <= 1);
    }
}

#[test]
fn a_timeout_among_others_is_retried_alone() {
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join("lock");
    // Two start at once: one gets the lock and answers, the other is starved and times out;
    // probed again alone, it answers, and its result says it is not slow.
    let specs: Vec<ProbeSpec> = (0..2)
        .map(|i| contended(&format!("c{i}"), &lock, 3))
        .collect();
    let done = Mutex::new(Vec::new());
    let results = probe_pool(
        &specs,
        2,
        &|s, r| done.lock().unwrap().push((s.name.clone(), r.status)),
        &|_| {},
    );
    assert!(
        results.iter().all(|r| r.status == ProbeStatus::Ok),
        "{results:?}"
    );
    let retried: Vec<_> = results.iter().filter(|r| !r.notes.is_empty()).collect();
    assert_eq!(retried.len(), 1, "{results:?}");
    assert!(
        retried[0].notes[0].contains("not slow"),
        "{:?}",
        retried[0].notes
    );
    // on_done saw each server once, with its final result.
    let done = done.lock().unwrap();
    assert_eq!(done.len(), 2);
    assert!(done.iter().all(|(_, s)| *s == ProbeStatus::Ok), "{done:?}");
}

#[test]
fn a_server_slow_alone_is_still_called_slow() {
    // --hang never answers: it times out among others and again alone.
    let mut a = fixture_spec("hang", &["--hang"]);
    a.timeout = Duration::from_secs(1);
    let b = fixture_spec("fine", &[]);
    let results = probe_pool(&[a, b], 2, &|_, _| {}, &|_| {});
    assert_eq!(results[0].status, ProbeStatus::Timeout);
    assert!(
        results[0].notes[0].contains("slow on its own"),
        "{:?}",
        results[0].notes
    );
    assert_eq!(results[1].status, ProbeStatus::Ok);
}

#[test]
fn jobs_must_be_positive() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mcp-doctor"))
        .args(["probe", "--jobs", "0"])
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
