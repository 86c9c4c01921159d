//! Classification of log lines by the `source = "log"` rules of the registry, in one pass per line:
//! one Aho-Corasick automaton holds every rule's literals (and the lifecycle markers used for
//! evidence over time); only a line that contains one goes through the one `RegexSet` of all
//! patterns, and only the best matching pattern runs again for its captures. Compiled once.
use crate::machine::Os;
use crate::rules::{registry, RuleId};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};
use std::sync::OnceLock;

/// What happened to the server's process or connection, independent of why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Start,
    Disconnect,
}

const MARKERS: &[(&str, Lifecycle)] = &[
    ("Initializing server", Lifecycle::Start),
    ("Starting server", Lifecycle::Start),
    ("Starting connection", Lifecycle::Start),
    ("Starting new stdio process", Lifecycle::Start),
    ("Connection state: Starting", Lifecycle::Start),
    ("Handling CreateClient action", Lifecycle::Start),
    ("Server transport closed", Lifecycle::Disconnect),
    ("Server disconnected", Lifecycle::Disconnect),
    ("Connection closed", Lifecycle::Disconnect),
    ("SSE error", Lifecycle::Disconnect),
    ("Client error for command", Lifecycle::Disconnect),
    ("Connection state: Error", Lifecycle::Disconnect),
    ("Connection state: Stopped", Lifecycle::Disconnect),
];

pub struct Classifier {
    ac: AhoCorasick,
    literal_count: usize,
    set: RegexSet,
    patterns: Vec<(RuleId, f64, &'static str, OnceLock<Option<Regex>>)>,
    pub errors: Vec<String>,
}

/// A line's classification.
#[derive(Debug, Default)]
pub struct Verdict {
    pub rule: Option<RuleId>,
    /// Named captures of the matching pattern (`cmd`, `path`, `module`, `var`, `code`).
    pub vars: Vec<(&'static str, String)>,
    pub lifecycle: Option<Lifecycle>,
}

impl Classifier {
    fn build() -> Classifier {
        let mut literals: Vec<String> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut errors = Vec::new();
        for (id, rule) in registry() {
            if rule.source != crate::finding::Source::Log {
                continue;
            }
            for p in &rule.patterns {
                // Each pattern is compiled on its own only when a line first needs its captures.
                sources.push(p.regex.clone());
                patterns.push((*id, rule.specificity, p.regex.as_str(), OnceLock::new()));
                literals.extend(p.literals.iter().cloned());
            }
        }
        literals.sort();
        literals.dedup();
        // One automaton for the rules' literals and the lifecycle markers: one pass per line.
        let literal_count = literals.len();
        let all: Vec<&str> = literals
            .iter()
            .map(String::as_str)
            .chain(MARKERS.iter().map(|m| m.0))
            .collect();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&all)
            .unwrap_or_else(|e| {
                errors.push(format!("log rules: literals: {e}"));
                AhoCorasick::new(MARKERS.iter().map(|m| m.0))
                    .expect("the lifecycle markers are constant")
            });
        let set = RegexSet::new(&sources).unwrap_or_else(|e| {
            errors.push(format!("log rules: {e}"));
            RegexSet::empty()
        });
        Classifier {
            ac,
            literal_count,
            set,
            patterns,
            errors,
        }
    }

    /// The classifier of the embedded rules, built once per process.
    pub fn get() -> &'static Classifier {
        static C: OnceLock<Classifier> = OnceLock::new();
        C.get_or_init(Classifier::build)
    }

    /// Whether a line contains any rule literal (the prefilter alone; for profiling and tests).
    pub fn prefilter_hit(&self, msg: &str) -> bool {
        self.ac
            .find_overlapping_iter(msg)
            .any(|m| m.pattern().as_usize() < self.literal_count)
    }

    /// Classifies one line's message.
    pub fn classify(&'static self, msg: &str) -> Verdict {
        let mut v = Verdict::default();
        let mut any_literal = false;
        for m in self.ac.find_overlapping_iter(msg) {
            let i = m.pattern().as_usize();
            if i < self.literal_count {
                any_literal = true;
            } else if v.lifecycle.is_none() {
                v.lifecycle = MARKERS.get(i - self.literal_count).map(|m| m.1);
            }
            if any_literal && v.lifecycle.is_some() {
                break;
            }
        }
        if !any_literal {
            return v;
        }
        let mut best: Option<usize> = None;
        for i in self.set.matches(msg).iter() {
            match best {
                Some(b) if self.patterns[b].1 >= self.patterns[i].1 => {}
                _ => best = Some(i),
            }
        }
        if let Some(b) = best {
            let (rule, _, src, re) = &self.patterns[b];
            v.rule = Some(*rule);
            let re = re.get_or_init(|| Regex::new(src).ok());
            if let Some(caps) = re.as_ref().and_then(|re| re.captures(msg)) {
                let re = re.as_ref().expect("captures came from it");
                for name in re.capture_names().flatten() {
                    if let Some(m) = caps.name(name) {
                        v.vars.push((name, m.as_str().trim().to_string()));
                    }
                }
            }
        }
        v
    }
}

/// Context the line alone does not carry: a bare `npx` that failed to spawn on Windows is the
/// `.cmd` shim problem, not a missing Node.
pub fn refine(rule: RuleId, vars: &[(&'static str, String)], os: Os) -> RuleId {
    if rule == RuleId::LogSpawnEnoent && os.is_windows() {
        let cmd = vars
            .iter()
            .find(|(k, _)| *k == "cmd")
            .map(|(_, v)| v.to_ascii_lowercase());
        if cmd.is_some_and(|c| {
            matches!(
                c.as_str(),
                "npx" | "npm" | "pnpm" | "pnpx" | "yarn" | "bunx"
            )
        }) {
            return RuleId::LogWindowsNpxEnoent;
        }
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_of(s: &str) -> Option<&'static str> {
        Classifier::get().classify(s).rule.map(|r| r.as_str())
    }

    #[test]
    fn the_classifier_builds_without_errors() {
        assert!(
            Classifier::get().errors.is_empty(),
            "{:?}",
            Classifier::get().errors
        );
    }

    #[test]
    fn spawn_failures_by_shape_of_the_command() {
        assert_eq!(rule_of("spawn npx ENOENT"), Some("log-spawn-enoent"));
        assert_eq!(rule_of("spawn npx ENOENT {\"context\":\"connection\",\"stack\":\"Error: spawn npx ENOENT\\n at x\"}"), Some("log-spawn-enoent"));
        assert_eq!(
            rule_of("spawn /home/u/.local/bin/uv ENOENT"),
            Some("log-spawn-path-enoent")
        );
        assert_eq!(
            rule_of("Error: spawn echo 'Hello World' ENOENT"),
            Some("log-spawn-command-line")
        );
        assert_eq!(
            rule_of("spawn /usr/bin/node /srv/x/index.js ENOENT"),
            Some("log-spawn-command-line")
        );
        assert_eq!(
            rule_of("spawn uvx mcp-server-fetch ENOENT"),
            Some("log-spawn-command-line")
        );
        assert_eq!(
            rule_of("spawn /Users/me/Library/Application Support/Claude/x/bin EACCES"),
            Some("log-spawn-eacces")
        );
        assert_eq!(
            rule_of("exec: \"uvx\": executable file not found in $PATH"),
            Some("log-spawn-enoent")
        );
        assert_eq!(rule_of("java.io.IOException: Cannot run program \"npx\": error=2, No such file or directory"), Some("log-spawn-enoent"));
        assert_eq!(
            rule_of("'npx' is not recognized as an internal or external command,"),
            Some("log-spawn-enoent")
        );
    }

    #[test]
    fn runtimes_modules_and_paths() {
        assert_eq!(
            rule_of("ReferenceError: ReadableStream is not defined"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("SyntaxError: Unexpected token '?'"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("SyntaxError: Unexpected token '??='"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("mcp-server requires Python >= 3.10"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("ModuleNotFoundError: No module named 'bs4'"),
            Some("log-missing-module")
        );
        assert_eq!(
            rule_of("Error: Cannot find module 'express'"),
            Some("log-missing-module")
        );
        assert_eq!(
            rule_of("Error: Cannot find module '/Users/me/server/build/index.js'"),
            Some("log-entry-script-missing")
        );
        assert_eq!(
            rule_of("Error: Cannot find module './build/index.js'"),
            Some("log-entry-script-missing")
        );
        assert_eq!(
            rule_of(r#"Error: Cannot find module 'C:\app\"C:\x y\index.js"'"#),
            Some("log-entry-script-quoted")
        );
    }

    #[test]
    fn remote_failures() {
        assert_eq!(
            rule_of("Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON"),
            Some("log-stdout-not-json")
        );
        assert_eq!(rule_of("Error POSTing to endpoint (HTTP 404): {\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}"), Some("log-session-not-found"));
        assert_eq!(
            rule_of("MCP error -32001: Request timed out"),
            Some("log-request-timeout")
        );
        assert_eq!(
            rule_of("SSE error: TypeError: terminated: Body Timeout Error"),
            Some("log-sse-body-timeout")
        );
        assert_eq!(
            rule_of("connect ECONNREFUSED 127.0.0.1:3000"),
            Some("log-network-error")
        );
        assert_eq!(
            rule_of("Error: self signed certificate in certificate chain"),
            Some("log-tls-error")
        );
        assert_eq!(
            rule_of("x509: certificate signed by unknown authority"),
            Some("log-tls-error")
        );
        assert_eq!(
            rule_of("Streamable HTTP error: HTTP 401 invalid_token"),
            Some("log-token-expired")
        );
        assert_eq!(
            rule_of("GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set"),
            Some("log-missing-env")
        );
        assert_eq!(
            rule_of("Message from client: {\"method\":\"initialize\"}"),
            None
        );
        assert_eq!(rule_of("Initializing server..."), None);
        assert_eq!(
            Classifier::get()
                .classify("Initializing server...")
                .lifecycle,
            Some(Lifecycle::Start)
        );
    }

    #[test]
    fn windows_refines_a_bare_npx() {
        let v = Classifier::get().classify("spawn npx ENOENT");
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Windows),
            RuleId::LogWindowsNpxEnoent
        );
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Macos),
            RuleId::LogSpawnEnoent
        );
    }
}
