//! Probes sized to the machine (issue 16). Starting every stdio server at once on a 2-core
//! machine starves them: healthy servers that start in 1.3 s alone took 10.7 s in a batch of 16
//! and were reported slow. So at most `jobs` stdio servers start at a time (the cores, or
//! `--jobs N`); remote servers cost the machine little and are all contacted at once. Each
//! probe's timeout runs from its own start. A stdio server that timed out while others were
//! starting beside it is probed once more alone before it is called slow, and its result says so.
use super::{probe, ProbeResult, ProbeSpec, ProbeStatus};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What the pool reports as it goes (for a progress line).
#[derive(Clone, Copy, Debug)]
pub enum Event {
    /// The probe of `specs[i]` started.
    Started(usize),
    /// It finished (its result is final unless a `Retrying` follows).
    Done(usize),
    /// It timed out among others and starts again alone.
    Retrying(usize),
}

/// A progress callback: the server's name and what happened to its probe.
pub type Progress = std::sync::Arc<dyn Fn(&str, Event) + Send + Sync>;

/// The default `jobs`: the machine's cores (at least 1).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Probes every spec, at most `jobs` stdio servers at a time, and returns the results in the
/// order of `specs`. `on_done` is called with each final result; `progress` with each event.
pub fn probe_pool(
    specs: &[ProbeSpec],
    jobs: usize,
    on_done: &(dyn Fn(&ProbeSpec, &ProbeResult) + Sync),
    progress: &(dyn Fn(Event) + Sync),
) -> Vec<ProbeResult> {
    let jobs = jobs.max(1);
    let results: Vec<Mutex<Option<ProbeResult>>> = specs.iter().map(|_| Mutex::new(None)).collect();
    let local: Vec<usize> = (0..specs.len())
        .filter(|&i| specs[i].url.is_none())
        .collect();
    let remote: Vec<usize> = (0..specs.len())
        .filter(|&i| specs[i].url.is_some())
        .collect();
    let next = AtomicUsize::new(0);
    // Whether a stdio probe ran while another was running: only then is a timeout suspect.
    let running: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    let crowded: Vec<Mutex<bool>> = specs.iter().map(|_| Mutex::new(false)).collect();
    let run_one = |i: usize| {
        progress(Event::Started(i));
        let r = probe(&specs[i]);
        *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
    };
    // The result is final (reported now) unless it is a timeout among others (retried below).
    let report = |i: usize, crowded: bool| {
        let g = results[i].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = g.as_ref() {
            if !(crowded && r.status == ProbeStatus::Timeout) {
                on_done(&specs[i], r);
            }
        }
    };
    std::thread::scope(|s| {
        for &i in &remote {
            let run_one = &run_one;
            let report = &report;
            s.spawn(move || {
                run_one(i);
                report(i, false);
                progress(Event::Done(i));
            });
        }
        for _ in 0..jobs.min(local.len()) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some(&i) = local.get(k) else { break };
                {
                    let mut now = running.lock().unwrap_or_else(|e| e.into_inner());
                    if !now.is_empty() {
                        for &j in now.iter().chain(std::iter::once(&i)) {
                            *crowded[j].lock().unwrap_or_else(|e| e.into_inner()) = true;
                        }
                    }
                    now.push(i);
                }
                run_one(i);
                // Under the lock: a probe starting now marks this one crowded before it is judged.
                let was = {
                    let mut now = running.lock().unwrap_or_else(|e| e.into_inner());
                    now.retain(|&j| j != i);
                    *crowded[i].lock().unwrap_or_else(|e| e.into_inner())
                };
                report(i, was);
                progress(Event::Done(i));
            });
        }
    });
    let mut out: Vec<ProbeResult> = results
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| {
                    let mut r = ProbeResult::new(specs[i].transport);
                    r.error = Some("the probe itself failed (internal error)".into());
                    r
                })
        })
        .collect();
    // A timeout among others: once more, alone.
    let concurrent = jobs.min(local.len());
    for &i in &local {
        let was_crowded = *crowded[i].lock().unwrap_or_else(|e| e.into_inner());
        if out[i].status != ProbeStatus::Timeout || !was_crowded {
            continue;
        }
        progress(Event::Retrying(i));
        let first_ms = out[i].duration_ms;
        let mut again = probe(&specs[i]);
        again.notes.push(if again.status == ProbeStatus::Timeout {
            format!(
                "Timed out while up to {concurrent} servers were starting at once, and again when probed alone: slow on its own."
            )
        } else {
            format!(
                "Timed out after {first_ms} ms while up to {concurrent} servers were starting at once; probed again alone, it answered: the machine was busy, the server is not slow."
            )
        });
        on_done(&specs[i], &again);
        out[i] = again;
        progress(Event::Done(i));
    }
    out
}
