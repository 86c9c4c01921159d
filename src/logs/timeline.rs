//! Evidence over time, per server in the window: starts and crashes (a crash loop), and the
//! intervals between disconnects (a regular cadence is an idle timeout, not a crash).
use crate::finding::{Evidence, Finding};
use crate::rules::RuleId;
use std::collections::VecDeque;
use std::time::{Duration, SystemTime};

/// How many disconnects and crashes are kept per server (the newest): memory stays flat.
const KEEP: usize = 512;

#[derive(Debug, Default)]
pub struct Timeline {
    pub starts: u32,
    pub crashes: u32,
    pub first_crash: Option<SystemTime>,
    pub last_crash: Option<SystemTime>,
    failed_since_start: bool,
    crash_evidence: VecDeque<Evidence>,
    disconnects: VecDeque<(SystemTime, Evidence)>,
}

impl Timeline {
    pub fn start(&mut self) {
        self.starts = self.starts.saturating_add(1);
        self.failed_since_start = false;
    }

    /// A failure; several failure lines after one start count as one crash.
    pub fn crash(&mut self, at: Option<SystemTime>, ev: Evidence) {
        if self.failed_since_start {
            return;
        }
        self.failed_since_start = true;
        self.crashes = self.crashes.saturating_add(1);
        if let Some(t) = at {
            self.first_crash = Some(self.first_crash.map_or(t, |f| f.min(t)));
            self.last_crash = Some(self.last_crash.map_or(t, |l| l.max(t)));
        }
        self.crash_evidence.push_back(ev);
        if self.crash_evidence.len() > 3 {
            self.crash_evidence.pop_front();
        }
    }

    pub fn disconnect(&mut self, at: SystemTime, ev: Evidence) {
        self.disconnects.push_back((at, ev));
        if self.disconnects.len() > KEEP {
            self.disconnects.pop_front();
        }
    }

    /// The regular interval between disconnects, if there is one: at least four disconnects
    /// (three intervals), the median between 10 s and 2 h, and most intervals within 10 % of it.
    pub fn cadence(&self) -> Option<(Duration, usize)> {
        let mut times: Vec<SystemTime> = self.disconnects.iter().map(|d| d.0).collect();
        times.sort();
        // One disconnect writes several lines (transport closed, client closed, disconnected).
        times.dedup_by(|b, a| {
            b.duration_since(*a)
                .map(|d| d < Duration::from_secs(3))
                .unwrap_or(true)
        });
        if times.len() < 4 {
            return None;
        }
        let mut gaps: Vec<f64> = times
            .windows(2)
            .filter_map(|w| w[1].duration_since(w[0]).ok())
            .map(|d| d.as_secs_f64())
            .collect();
        gaps.sort_by(f64::total_cmp);
        let median = gaps[gaps.len() / 2];
        if !(10.0..=7200.0).contains(&median) {
            return None;
        }
        let tol = (median * 0.1).max(2.0);
        let close = gaps.iter().filter(|g| (*g - median).abs() <= tol).count();
        if close * 4 >= gaps.len() * 3 {
            Some((Duration::from_secs_f64(median), times.len()))
        } else {
            None
        }
    }

    /// The findings this timeline supports.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.crashes >= 3 && self.starts >= 3 {
            let mut f = Finding::new(
                RuleId::LogCrashLoop,
                format!(
                    "started {} times and failed {} times in the window (a crash loop)",
                    self.starts, self.crashes
                ),
            );
            f.count = self.crashes;
            f.time = self.last_crash;
            f.evidence = self.crash_evidence.iter().cloned().collect();
            out.push(f);
        }
        let crashy = self.crashes as usize * 2 >= self.disconnects.len();
        if let (false, Some((every, n))) = (crashy, self.cadence()) {
            let secs = every.as_secs();
            let mut f = Finding::new(
                RuleId::LogDisconnectCadence,
                format!("disconnected {n} times at a regular interval of about {secs} s (an idle timeout)"),
            )
            .var(crate::finding::Var::Interval, format!("{secs} s"));
            f.count = n as u32;
            f.time = self.disconnects.iter().map(|d| d.0).max();
            f.evidence = self
                .disconnects
                .iter()
                .rev()
                .take(3)
                .rev()
                .map(|d| d.1.clone())
                .collect();
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + s)
    }

    #[test]
    fn regular_disconnects_have_a_cadence_random_ones_do_not() {
        let mut t = Timeline::default();
        for i in 0..6u64 {
            t.disconnect(at(i * 300 + (i % 2)), Evidence::text("x"));
            t.disconnect(
                at(i * 300 + 1),
                Evidence::text("dup line of the same disconnect"),
            );
        }
        let (every, n) = t.cadence().unwrap();
        assert_eq!(n, 6);
        assert!((299..=301).contains(&every.as_secs()), "{every:?}");
        let mut r = Timeline::default();
        for s in [0u64, 40, 400, 420, 2000, 2100, 5000] {
            r.disconnect(at(s), Evidence::text("x"));
        }
        assert!(r.cadence().is_none());
    }
}
