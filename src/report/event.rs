//! One classified log line (`events[]` of `logs --json`, one NDJSON line of `logs --follow`):
//! built by the log scan (`crate::logs`, the clients' logs and the bridge's heal log alike), read
//! by its fields (grouping, selection, the renderings) and serialised only at the edge.
use crate::finding::{Cause, ClientId};
use crate::rules::RuleId;
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

/// One classified log line, as the contract's `events[]` spell it (keys in this order).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LogEvent {
    /// RFC 3339, UTC; `null` for a line of a log without timestamps.
    pub time: Option<String>,
    pub client: Option<ClientId>,
    pub server: Option<String>,
    pub level: Option<Level>,
    /// The rule that knew the line; `null` for a line no rule knew.
    pub rule: Option<RuleId>,
    /// The rule's cause.
    pub cause: Option<Cause>,
    pub path: String,
    /// 1-based; `null` when the scan started mid-file (`--since` on a big file) and the line
    /// number is unknown.
    pub line: Option<u64>,
    pub text: String,
    /// The time, for sorting and grouping.
    #[serde(skip)]
    pub at: Option<SystemTime>,
}

/// A log line's level, as the contract spells levels (each log's own words are read by
/// `logs::parse::level`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Error,
    Warning,
    Debug,
    Trace,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Debug => "debug",
            Level::Trace => "trace",
        }
    }
}

display_as_str!(Level);
