//! One planned or written edit of `fix` (`changes[]` of the report): built by `fix` from its
//! edits, read by its fields (markdown) and serialised only as the report's JSON.
use crate::cause::FixSafety;
use crate::finding::ClientId;
use crate::rules::RuleId;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One change as the JSON report lists it (`changes[]`): keys in this order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Change {
    /// The config file, as the report spells paths (`~/…`).
    pub file: String,
    pub client: ClientId,
    pub server: String,
    /// JSON pointer of the value in the file.
    pub pointer: String,
    /// The value before (`null` when added) and after: values of the config file, so JSON.
    pub before: Value,
    pub after: Value,
    pub rule: RuleId,
    pub safety: FixSafety,
    pub applied: bool,
    /// Why it was not applied (dry run, not confirmed, unsafe, refused, ...).
    pub reason: Option<String>,
}
