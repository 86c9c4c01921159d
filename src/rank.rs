//! Ranking: merges every finding (config, runtime, log, probe, platform) into one list of likely
//! causes per server, best first.
//!
//! Each finding scores `severity × impact × source × specificity × prior × recency`, all in (0, 1]:
//! what stops a server from starting outranks what only degrades it, a probe's direct observation
//! outranks a log line, which outranks a config inference, and a line that names its mechanism
//! outranks a generic symptom. Findings of the same (client, server, cause) combine like
//! independent evidence (`1 - Π(1 - s)`), and a repeated event counts more, with diminishing
//! returns, so that three sources agreeing beat one.
//!
//! A cause made only of symptoms (the process exited, the transport closed: rules marked
//! `symptom`) and weak evidence is folded into the most likely specific cause of the same server, when one is known
//! with strong evidence: a missing file, an unexpanded `~`, an unset variable or a known error
//! line explains the crash, and the crash becomes that cause's supporting evidence.
//!
//! A specific cause that another specific cause's rules name as their differential (a 401's:
//! a key that was never sent) is put just above it when its own score is within 85 % of it:
//! the line that says no key was sent explains the 401 beside it.
use crate::finding::{Cause, ClientId, Finding, Fix, Impact, Severity};
use crate::machine::Os;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::Serialize;
use std::time::SystemTime;

#[derive(Clone, Debug, Serialize)]
pub struct RankedCause {
    pub rank: usize,
    pub cause: Cause,
    pub server: Option<String>,
    pub client: Option<ClientId>,
    pub score: f64,
    /// The ids (`F1`, `F2`, ...) of the findings behind it, strongest first.
    pub findings: Vec<String>,
    pub fix: Fix,
    #[serde(skip)]
    pub severity: Severity,
    #[serde(skip)]
    pub impact: Impact,
    /// Not evidenced itself: another common cause of the generic symptom the cause above it
    /// stands on (a differential diagnosis), ranked after it with a fraction of its score.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub alternative: bool,
}

fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Error => 1.0,
        Severity::Warning => 0.6,
        Severity::Note => 0.2,
    }
}

fn impact_weight(i: Impact) -> f64 {
    match i {
        Impact::BlocksStart => 1.0,
        Impact::Degrades => 0.8,
        Impact::Hygiene => 0.35,
    }
}

/// Recent evidence counts fully; older log evidence fades (halving every 2 days, floor 0.3).
fn recency_weight(time: Option<SystemTime>, now: SystemTime) -> f64 {
    let Some(t) = time else { return 1.0 };
    let age_h = now
        .duration_since(t)
        .map(|d| d.as_secs_f64() / 3600.0)
        .unwrap_or(0.0);
    if age_h <= 1.0 {
        1.0
    } else {
        (0.5f64).powf((age_h - 1.0) / 48.0).max(0.3)
    }
}

/// A config problem that stops a whole file (every server in it) outweighs one about a single entry.
fn breadth_weight(f: &Finding) -> f64 {
    if f.server.is_none() || f.rule.rule().source != crate::finding::Source::Config {
        1.0
    } else {
        0.9
    }
}

/// One finding's score in (0, 1].
pub fn finding_score(f: &Finding, now: SystemTime) -> f64 {
    let rule = f.rule.rule();
    let base = severity_weight(f.severity)
        * impact_weight(rule.impact)
        * rule.source.weight()
        * rule.specificity
        * rule.cause.prior()
        * recency_weight(f.time, now)
        * breadth_weight(f);
    // A repeated event is stronger evidence, with diminishing returns: 1, 1.69, 2.1, ... occurrences.
    let reps = 1.0 + (f.count.max(1) as f64).ln();
    1.0 - (1.0 - base).powf(reps)
}

/// Evidence at least this specific names a mechanism that can explain a crash of its server.
const EXPLAINS: f64 = 0.55;
/// A cause whose best non-symptom evidence is less specific than this is only a consequence
/// (a process that ended, a generic `MODULE_NOT_FOUND` code line) when a specific cause exists.
const GENERIC: f64 = 0.5;

/// How close a specific cause's score must be to that of a cause it explains to be put above it.
const EXPLAINED_WITHIN: f64 = 0.85;

/// An alternative's share of the score of the symptom it explains, for the first and second.
const ALTERNATIVE: [f64; 2] = [0.5, 0.3];

/// How much a finding's fix is worth showing for its cause (higher is better).
fn fix_rank(f: &Finding) -> (bool, bool, bool) {
    let rule = f.rule.rule();
    (
        !rule.symptom,
        f.has_automatic_fix(),
        rule.source != crate::finding::Source::Log,
    )
}

/// Ranks the findings. `ids[i]` is the report id of `findings[i]`.
pub fn rank(findings: &[Finding], ids: &[String], os: Os, now: SystemTime) -> Vec<RankedCause> {
    struct Group {
        cause: Cause,
        client: Option<ClientId>,
        server: Option<String>,
        miss: f64,
        members: Vec<(f64, usize)>,
        severity: Severity,
        impact: Impact,
        /// The strongest specificity among the members that are not symptoms.
        specific: f64,
    }
    let mut groups: Vec<Group> = Vec::new();
    // Where each (cause, client, server) group is: linear in the number of findings.
    let mut index: foldhash::HashMap<(Cause, Option<ClientId>, Option<&str>), usize> =
        Default::default();
    for (i, f) in findings.iter().enumerate() {
        let s = finding_score(f, now);
        let cause = f.cause();
        let g = match index.get(&(cause, f.client, f.server.as_deref())) {
            Some(&k) => &mut groups[k],
            None => {
                index.insert((cause, f.client, f.server.as_deref()), groups.len());
                groups.push(Group {
                    cause,
                    client: f.client,
                    server: f.server.clone(),
                    miss: 1.0,
                    members: vec![],
                    severity: f.severity,
                    impact: f.impact(),
                    specific: 0.0,
                });
                groups.last_mut().expect("just pushed")
            }
        };
        g.miss *= 1.0 - s;
        g.members.push((s, i));
        g.severity = g.severity.max(f.severity);
        g.impact = g.impact.max(f.impact());
        let rule = f.rule.rule();
        if !rule.symptom {
            g.specific = g.specific.max(rule.specificity);
        }
    }
    // Causes made only of symptoms and weak evidence join the best specific cause of the same
    // server.
    // A finding named for no server (a pasted log, a client line that names none) belongs with
    // the other unnamed evidence of the same client: one paste is one failure story.
    let explains = |g: &Group| {
        g.impact == Impact::BlocksStart && g.severity >= Severity::Warning && g.specific >= EXPLAINS
    };
    // The explaining cause of each server is chosen on its own evidence, before any folding;
    // one pass over the groups, so ranking stays linear in the number of findings.
    let mut best_for: foldhash::HashMap<(Option<ClientId>, Option<&str>), usize> =
        Default::default();
    for (j, h) in groups.iter().enumerate() {
        if !explains(h) {
            continue;
        }
        let key = (h.client, h.server.as_deref());
        match best_for.get(&key) {
            Some(&b) if groups[b].miss <= h.miss => {}
            _ => {
                best_for.insert(key, j);
            }
        }
    }
    let into: Vec<Option<usize>> = groups
        .iter()
        .enumerate()
        .map(|(k, g)| {
            if g.specific >= GENERIC {
                return None;
            }
            best_for
                .get(&(g.client, g.server.as_deref()))
                .copied()
                .filter(|&j| j != k)
        })
        .collect();
    for (k, target) in into.iter().enumerate() {
        if let Some(j) = *target {
            let members = std::mem::take(&mut groups[k].members);
            let (miss, severity) = (groups[k].miss, groups[k].severity);
            let t = &mut groups[j];
            t.miss *= miss;
            // Supporting evidence: listed after the cause's own findings.
            t.members
                .extend(members.into_iter().map(|(s, i)| (s * 1e-3, i)));
            t.severity = t.severity.max(severity);
        }
    }
    let groups: Vec<Group> = groups
        .into_iter()
        .zip(&into)
        .filter(|(_, t)| t.is_none())
        .map(|(g, _)| g)
        .collect();
    // A cause that stands on a generic symptom alone leaves others open: the symptom rules'
    // differentials, per group, in the order of its members' strength.
    let mut differentials: Vec<(bool, Vec<Cause>)> = Vec::with_capacity(groups.len());
    let mut out: Vec<RankedCause> = groups
        .into_iter()
        .map(|mut g| {
            crate::sort::by(&mut g.members, |a, b| {
                b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
            });
            // The fix comes from the finding that knows most about the remedy: a specific rule
            // before a symptom, one with an automatic fix, then a config, runtime, probe or
            // platform finding (it knows the exact entry) before a log line, then the strongest.
            let best = g
                .members
                .iter()
                .max_by(|a, b| {
                    fix_rank(&findings[a.1])
                        .cmp(&fix_rank(&findings[b.1]))
                        .then(a.0.total_cmp(&b.0))
                        .then(b.1.cmp(&a.1))
                })
                .map(|m| m.1)
                .unwrap_or(g.members[0].1);
            // A cause on a symptom alone leaves open what its members' differentials name; a
            // specific cause only what its own rules name (a mechanism that one message shares,
            // such as Node's `spawn x ENOENT` for a missing command and a missing `cwd`), not
            // the differentials of the symptoms folded into it.
            let weak = g.specific < GENERIC;
            let mut open: Vec<Cause> = Vec::new();
            for &(_, i) in &g.members {
                if !weak && findings[i].rule.rule().symptom {
                    continue;
                }
                for d in findings[i].differential() {
                    if d != g.cause && !open.contains(&d) {
                        open.push(d);
                    }
                }
            }
            open.truncate(ALTERNATIVE.len());
            differentials.push((weak, open));
            RankedCause {
                rank: 0,
                cause: g.cause,
                server: g.server,
                client: g.client,
                score: ((1.0 - g.miss) * 1000.0).round() / 1000.0,
                findings: g.members.iter().map(|&(_, i)| ids[i].clone()).collect(),
                fix: findings[best].fix(os),
                severity: g.severity,
                impact: g.impact,
                alternative: false,
            }
        })
        .collect();
    // A specific cause that another specific cause's rules name as their differential explains
    // it (a 401 where a line says no key was sent): it is ranked just above it when its own
    // evidence is nearly as strong, and stays second otherwise.
    let mut lift: Vec<(usize, f64)> = Vec::new();
    {
        let mut at: HashMap<(Cause, Option<ClientId>, Option<&str>), usize> = HashMap::new();
        for (k, (o, (weak, _))) in out.iter().zip(&differentials).enumerate() {
            if !weak {
                at.insert((o.cause, o.client, o.server.as_deref()), k);
            }
        }
        for (o, (weak, open)) in out.iter().zip(&differentials) {
            if *weak {
                continue;
            }
            for d in open {
                if let Some(&a) = at.get(&(*d, o.client, o.server.as_deref())) {
                    if out[a].score < o.score && out[a].score >= EXPLAINED_WITHIN * o.score {
                        lift.push((a, (o.score + 0.001).min(1.0)));
                    }
                }
            }
        }
    }
    for (a, score) in lift {
        if out[a].score < score {
            out[a].score = score;
        }
    }
    let mut alternatives: Vec<RankedCause> = Vec::new();
    // Sets, not scans of every cause for every cause (a file of 100 000 servers stays linear):
    // the (client, server) pairs, clients, and clients with an unnamed cause that something
    // specific explains; and every (cause, client, server) already listed.
    // Counts, so that a specific cause can tell whether another one stands beside it.
    let mut strong: HashMap<(Option<ClientId>, Option<&str>), usize> = HashMap::new();
    let mut strong_client: HashMap<Option<ClientId>, usize> = HashMap::new();
    let mut strong_unnamed: HashSet<Option<ClientId>> = HashSet::new();
    for (o, (weak, _)) in out.iter().zip(&differentials) {
        if !weak {
            *strong.entry((o.client, o.server.as_deref())).or_default() += 1;
            *strong_client.entry(o.client).or_default() += 1;
            if o.server.is_none() {
                strong_unnamed.insert(o.client);
            }
        }
    }
    // Borrowed names: each cause's server is not copied to be remembered.
    let mut listed: HashSet<(Cause, Option<ClientId>, Option<&str>)> = out
        .iter()
        .map(|o| (o.cause, o.client, o.server.as_deref()))
        .collect();
    for (c, (weak, open)) in out.iter().zip(&differentials) {
        // Only where nothing more specific is known for the same server (or named for none,
        // which may be its); for a specific cause, nothing else specific.
        let own = usize::from(!weak);
        let explained = match c.server.as_deref() {
            None => strong_client.get(&c.client).copied().unwrap_or(0) > own,
            Some(server) => {
                strong.get(&(c.client, Some(server))).copied().unwrap_or(0) > own
                    || strong_unnamed.contains(&c.client)
            }
        };
        if explained {
            continue;
        }
        for (k, &d) in open.iter().enumerate() {
            if !listed.insert((d, c.client, c.server.as_deref())) {
                continue;
            }
            alternatives.push(RankedCause {
                rank: 0,
                cause: d,
                server: c.server.clone(),
                client: c.client,
                score: (c.score * ALTERNATIVE[k] * 1000.0).round() / 1000.0,
                findings: c.findings.clone(),
                fix: Fix {
                    summary: format!("If not that: {}", d.check()),
                    commands: vec![],
                    automatic: None,
                },
                severity: c.severity,
                impact: c.impact,
                alternative: true,
            });
        }
    }
    out.extend(alternatives);
    crate::sort::by(&mut out, |a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.alternative.cmp(&b.alternative))
            .then(b.impact.cmp(&a.impact))
            .then(b.severity.cmp(&a.severity))
            .then(a.cause.cmp(&b.cause))
            .then(a.client.cmp(&b.client))
            .then(a.server.cmp(&b.server))
    });
    for (i, c) in out.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleId;

    fn on(rule: RuleId, server: &str) -> Finding {
        Finding::new(rule, "x")
            .client(crate::clients::claude_code::ID)
            .server(server.to_string())
    }

    fn ranked(findings: &[Finding]) -> Vec<RankedCause> {
        let ids: Vec<String> = (1..=findings.len()).map(|i| format!("F{i}")).collect();
        rank(findings, &ids, Os::Linux, SystemTime::UNIX_EPOCH)
    }

    #[test]
    fn a_crash_joins_the_cause_that_explains_it_on_the_same_server_only() {
        let r = ranked(&[
            on(RuleId::ProbeServerCrash, "weather"),
            on(RuleId::EnvVarUnset, "weather"),
            on(RuleId::ProbeServerCrash, "github"),
        ]);
        let causes: Vec<(Cause, Option<&str>)> =
            r.iter().map(|c| (c.cause, c.server.as_deref())).collect();
        assert!(
            causes.contains(&(Cause::MissingEnv, Some("weather"))),
            "{causes:?}"
        );
        assert!(
            !causes.contains(&(Cause::ServerCrash, Some("weather"))),
            "{causes:?}"
        );
        // Another server's crash has nothing to explain it: it stays a cause.
        assert!(
            causes.contains(&(Cause::ServerCrash, Some("github"))),
            "{causes:?}"
        );
        let weather = r.iter().find(|c| c.cause == Cause::MissingEnv).unwrap();
        // The cause's own finding first, the crash after it as support, and the fix is the
        // variable's, not "run it by hand".
        assert_eq!(weather.findings, vec!["F2", "F1"]);
        assert_eq!(
            weather.fix.summary,
            on(RuleId::EnvVarUnset, "weather").fix(Os::Linux).summary
        );
    }

    #[test]
    fn a_specific_cause_its_neighbour_names_as_differential_comes_first() {
        // A 401 and a line that says no key was sent: the missing key explains the 401.
        let r = ranked(&[
            on(RuleId::LogAuthFailed, "search"),
            on(RuleId::LogMissingEnv, "search"),
        ]);
        assert_eq!(r[0].cause, Cause::MissingEnv, "{r:?}");
        assert_eq!(r[1].cause, Cause::AuthExpired, "{r:?}");
        assert!(!r[0].alternative && !r[1].alternative, "{r:?}");
        // Alone, the 401 stays auth-expired, with the missing key as the differential after it.
        let r = ranked(&[on(RuleId::LogAuthFailed, "search")]);
        assert_eq!(r[0].cause, Cause::AuthExpired);
        assert!(
            r.iter()
                .any(|c| c.cause == Cause::MissingEnv && c.alternative),
            "{r:?}"
        );
        // Another server's missing key explains nothing here.
        let r = ranked(&[
            on(RuleId::LogAuthFailed, "search"),
            on(RuleId::LogMissingEnv, "other"),
        ]);
        assert_eq!(r[0].cause, Cause::AuthExpired, "{r:?}");
    }

    #[test]
    fn a_hygiene_note_explains_no_crash() {
        let r = ranked(&[
            on(RuleId::ProbeServerCrash, "weather"),
            on(RuleId::PlaintextSecret, "weather"),
        ]);
        assert_eq!(r[0].cause, Cause::ServerCrash);
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn unnamed_evidence_folds_like_one_servers() {
        // A pasted log names no server: the exit code is the 405's consequence.
        let r = ranked(&[
            Finding::new(RuleId::LogExitCode, "x"),
            Finding::new(RuleId::LogTransportMismatch, "x"),
        ]);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].cause, Cause::DeprecatedTransport);
        assert_eq!(r[0].findings, vec!["F2", "F1"]);
    }

    #[test]
    fn a_symptom_alone_leaves_its_differential_open_below_it() {
        let r = ranked(&[on(RuleId::LogConnectionClosed, "weather")]);
        let causes: Vec<(Cause, bool)> = r.iter().map(|c| (c.cause, c.alternative)).collect();
        assert_eq!(causes[0], (Cause::ServerCrash, false), "{causes:?}");
        let open = &RuleId::LogConnectionClosed.rule().differential;
        assert!(!open.is_empty());
        for (k, d) in open.iter().take(ALTERNATIVE.len()).enumerate() {
            assert_eq!(causes[k + 1], (*d, true), "{causes:?}");
            assert!(r[k + 1].score < r[k].score);
            assert_eq!(r[k + 1].findings, r[0].findings);
        }
        // Explained by a specific cause of the same server: nothing is left open.
        let r = ranked(&[
            on(RuleId::LogConnectionClosed, "weather"),
            on(RuleId::EnvVarUnset, "weather"),
        ]);
        assert!(r.iter().all(|c| !c.alternative), "{r:?}");
    }

    #[test]
    fn a_specific_cause_leaves_open_only_what_its_own_rule_names() {
        let causes = |r: &[RankedCause]| -> Vec<(Cause, bool)> {
            r.iter().map(|c| (c.cause, c.alternative)).collect()
        };
        // `spawn npx ENOENT` alone: the missing command first, its rule's other readings below.
        let r = ranked(&[on(RuleId::LogSpawnEnoent, "weather")]);
        let own = &RuleId::LogSpawnEnoent.rule().differential;
        assert!(!own.is_empty());
        let mut want = vec![(Cause::CommandNotFound, false)];
        want.extend(own.iter().take(ALTERNATIVE.len()).map(|&d| (d, true)));
        assert_eq!(causes(&r), want);
        assert!(r[1].score < r[0].score);
        // A symptom folded into it does not add its own differential.
        let r = ranked(&[
            on(RuleId::LogSpawnEnoent, "weather"),
            on(RuleId::LogConnectionClosed, "weather"),
        ]);
        assert_eq!(causes(&r), want);
        // Another specific cause of the same server: nothing is left open.
        let r = ranked(&[
            on(RuleId::LogSpawnEnoent, "weather"),
            on(RuleId::EnvVarUnset, "weather"),
        ]);
        assert!(r.iter().all(|c| !c.alternative), "{r:?}");
        // A rule without a differential leaves nothing open.
        let r = ranked(&[on(RuleId::EnvVarUnset, "weather")]);
        assert_eq!(causes(&r), [(Cause::MissingEnv, false)]);
    }
}
