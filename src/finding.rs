//! What the doctor concludes: causes (the contract's taxonomy), severities, findings and fixes.
use serde::Serialize;

pub use crate::cause::{Cause, FixSafety, Impact, Severity, Source};

/// One place that shows the problem: a line of a config or log, or a probe observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub path: Option<String>,
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub text: String,
}

impl Evidence {
    pub fn text(text: impl Into<String>) -> Self {
        Evidence {
            path: None,
            line: None,
            column: None,
            text: text.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    pub summary: String,
    pub commands: Vec<String>,
    pub automatic: Option<String>,
}

pub use crate::clients::ClientId;

/// One conclusion of a rule about a client, a server or a whole file. Detecting, wording and fixing
/// are separate: a check fills in what it saw (message, evidence, `vars` for the rule's fix
/// templates); the rule supplies cause, default severity and fix.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: crate::rules::RuleId,
    pub severity: Severity,
    pub client: Option<ClientId>,
    pub server: Option<String>,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// Values for the `{placeholders}` of the rule's fix summary and commands.
    pub vars: Vec<(Var, String)>,
    /// When the evidence was seen (log lines, probes); `None` for what holds now (configs).
    pub time: Option<std::time::SystemTime>,
    /// How many times the same thing was seen (log events folded into one finding).
    pub count: u32,
    /// The cause, when it is not the rule's own: a timeline rule ("failing since the config
    /// changed") takes the cause of the failure it dates.
    pub cause_override: Option<Cause>,
    /// Causes left open besides this finding's own, for a finding whose cause is a guess (the
    /// unknown error lines' words): ranked below it as alternatives, like a symptom rule's
    /// `differential`, before the rule's own list.
    pub open: Vec<Cause>,
}

impl Finding {
    pub fn new(rule: crate::rules::RuleId, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.rule().severity,
            client: None,
            server: None,
            message: message.into(),
            evidence: Vec::new(),
            vars: Vec::new(),
            time: None,
            count: 1,
            cause_override: None,
            open: Vec::new(),
        }
    }

    /// Files the finding under another cause than its rule's.
    pub fn with_cause(mut self, c: Cause) -> Self {
        self.cause_override = Some(c);
        self
    }

    pub fn client(mut self, c: ClientId) -> Self {
        self.client = Some(c);
        self
    }

    pub fn server(mut self, s: impl Into<String>) -> Self {
        self.server = Some(s.into());
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }

    pub fn evidence(mut self, e: Evidence) -> Self {
        self.evidence.push(e);
        self
    }

    pub fn var(mut self, k: Var, v: impl Into<String>) -> Self {
        self.vars.push((k, v.into()));
        self
    }

    pub fn cause(&self) -> Cause {
        self.cause_override.unwrap_or(self.rule.rule().cause)
    }

    /// The causes this finding leaves open below its own (see [`Finding::open`]): its own list,
    /// then its rule's differential.
    pub fn differential(&self) -> impl Iterator<Item = Cause> + '_ {
        self.open
            .iter()
            .chain(&self.rule.rule().differential)
            .copied()
    }

    pub fn impact(&self) -> Impact {
        self.rule.rule().impact
    }

    pub fn source(&self) -> Source {
        self.rule.rule().source
    }

    /// The finding's values and those its client gives: how to raise its start-up timeout
    /// (`{timeout_how}`, `{timeout_cmd}`), where it has a setting for that.
    fn vars_with_client(&self, os: crate::machine::Os) -> std::borrow::Cow<'_, [(Var, String)]> {
        let Some(t) = self
            .client
            .and_then(|c| crate::clients::get(c).startup_timeout)
        else {
            return std::borrow::Cow::Borrowed(&self.vars);
        };
        let mut v = self.vars.clone();
        v.push((Var::TimeoutHow, format!(" ({})", t.how)));
        if let Some((posix, powershell)) = t.command {
            let c = if os.is_windows() { powershell } else { posix };
            v.push((Var::TimeoutCmd, c.to_string()));
        }
        std::borrow::Cow::Owned(v)
    }

    /// Whether [`Finding::fix`] names an automatic fix (`mcp-doctor fix …`), without filling
    /// the templates.
    pub fn has_automatic_fix(&self) -> bool {
        self.rule.rule().fix.automatic.is_some() && self.client.is_none_or(ClientId::fix_edits)
    }

    /// The rule's fix for this finding on the given OS, placeholders filled.
    pub fn fix(&self, os: crate::machine::Os) -> Fix {
        let f = &self.rule.rule().fix;
        let vars = self.vars_with_client(os);
        Fix {
            summary: crate::rules::fill_summary(&f.summary, &vars),
            commands: f
                .commands_for(os)
                .iter()
                // Each value quoted for the command's shell; one that shell cannot quote drops
                // the command.
                .filter_map(|c| crate::rules::fill_command(c, &vars, os))
                // A command a finding has no use for is given as an empty placeholder.
                .filter(|c| !c.trim().is_empty())
                .collect(),
            automatic: f
                .automatic
                .clone()
                .filter(|_| self.client.is_none_or(ClientId::fix_edits)),
        }
    }
}

/// A fix template's placeholder: defined beside the templates it fills (`rules`), named here too.
pub use crate::rules::Var;
