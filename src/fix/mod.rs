//! `mcp-doctor fix`: a fix is data (ruff's model). Three separate steps:
//!
//! 1. **Plan** ([`plan()`]): from the check's servers and findings, the [`Edit`]s the rules' fixes
//!    call for. Each names its file, JSON pointer, before and after values, rule, and the rule's
//!    [`FixSafety`] from the registry (`rules/**/*.toml`, `[fix] safety`): safe fixes are applied
//!    on request, unsafe ones only with `--unsafe`, display-only ones are never edits (their
//!    commands are printed with the problems that remain).
//! 2. **Apply** ([`edit`], [`prepare`]): each edit is a few byte splices computed from the parsed
//!    tree's spans, so everything outside the edited values stays byte for byte. The new text is
//!    parsed again and must mean exactly the old document with the planned changes; otherwise the
//!    file is left alone.
//! 3. **Write** ([`mod@write`]): a backup beside the file, a temporary file in the same folder
//!    (flushed, synced), renamed over the original; permissions kept; a symlink's target written;
//!    refused when the file changed since it was read.
//!
//! Which absolute program a bare command becomes is decided in one function,
//! [`choose::choose_command`].
pub mod bridge;
pub mod choose;
pub mod diff;
pub mod edit;
pub mod plan;
pub mod write;

use crate::check::CheckRun;
use crate::config;
use crate::finding::{ClientId, FixSafety};
use crate::report::change::Change;
use crate::rules::RuleId;
use edit::Splice;
use serde_json::Value;
use std::collections::HashSet;

pub use plan::plan;

/// Which fixes to plan, and for which entries.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `--absolute-paths`: bare commands, `~` and relative paths.
    pub absolute_paths: bool,
    /// `--windows-npx`: `cmd /c` around `.cmd` shims.
    pub windows_npx: bool,
    /// `--client`/`--server`: only these clients' configs, these servers.
    pub scope: crate::scope::Selected,
    /// `--config FILE`: only these files (host paths, canonical where they exist); naming a
    /// project's shared file lets fix write this machine's paths into it.
    pub files: Vec<std::path::PathBuf>,
    /// `--bridge NAME…`: run these entries through `mcp-doctor bridge`.
    pub bridge: Vec<String>,
    /// `--unbridge NAME…`: run these entries directly again.
    pub unbridge: Vec<String>,
}

impl Selection {
    /// Whether `--config` names this file (or names none).
    pub fn file_selected(&self, cfg: &crate::config::ConfigFile) -> bool {
        self.files.is_empty() || self.names_file(cfg)
    }

    fn names_file(&self, cfg: &crate::config::ConfigFile) -> bool {
        if self.files.is_empty() {
            return false; // (no path to resolve: this runs for every planned edit)
        }
        let Some(host) = &cfg.loc.host else {
            return false;
        };
        let host = host.canonicalize().unwrap_or_else(|_| host.clone());
        self.files.contains(&host)
    }

    /// No family named: every automatic fix the rules declare.
    pub fn all_families(&self) -> bool {
        !self.absolute_paths && !self.windows_npx && !self.bridging()
    }

    /// `--bridge` or `--unbridge`: only those edits are planned.
    pub fn bridging(&self) -> bool {
        !self.bridge.is_empty() || !self.unbridge.is_empty()
    }
}

/// The rules whose edits write a path of this machine (a program's absolute path, a folder on
/// `env.PATH`, the absolute form of `~` or a relative path): right for this machine's own files,
/// wrong in a file the team shares through the project's repository.
fn machine_specific(rule: RuleId) -> bool {
    !matches!(
        rule,
        RuleId::WindowsNpx | RuleId::QuotedPath | RuleId::CommandLineInCommand
    )
}

/// What `fix` leaves alone unless asked (issue 16): it changes only what a finding marked broken
/// or at risk, so a bare command that works today is pinned only with `--absolute-paths`; and it never writes this machine's paths into a project-scoped
/// file (`.mcp.json`, `.vscode/mcp.json`, `.cursor/mcp.json`, … in a project: shared with the
/// team) unless that file (`--config FILE`) or server (`--server NAME`) is named. Returns the
/// edits kept, and one line per server left alone with the reason.
pub fn restrain(
    m: &crate::machine::Machine,
    run: &CheckRun,
    edits: Vec<Edit>,
    sel: &Selection,
) -> (Vec<Edit>, Vec<String>) {
    let mut kept = Vec::new();
    // One line per server left alone, in the edits' order; sets for the lookups.
    let mut left: Vec<String> = Vec::new();
    let mut left_seen: HashSet<(usize, String)> = HashSet::new();
    let mut shared: HashSet<(usize, String)> = HashSet::new();
    for e in edits {
        let cfg = &run.configs[e.config];
        let named = sel.scope.servers.iter().any(|n| n == &e.server) || sel.names_file(cfg);
        // Only for a line about a server left alone (most edits are kept).
        let shown = || m.abbreviate(&cfg.loc.spelled);
        let why = if cfg.loc.scope == crate::clients::Scope::Project
            && machine_specific(e.rule)
            && !named
        {
            shared.insert((e.config, e.server.clone()));
            Some(format!(
                "{} ({}) in {}: a project file shared with your team; a path of this machine would break it for them (name the server with --server {} or the file with --config to write it anyway).",
                e.server,
                e.client.title(),
                shown(),
                e.server
            ))
        } else if e.rule == RuleId::BareCommand && !sel.absolute_paths {
            Some(format!(
                "{} ({}) in {}: its bare command works today and no finding marked it broken (--absolute-paths pins it to {} anyway).",
                e.server,
                e.client.title(),
                shown(),
                e.after.as_str().unwrap_or("its absolute path")
            ))
        } else {
            None
        };
        match why {
            Some(w) => {
                if left_seen.insert((e.config, e.server.clone())) {
                    left.push(w);
                }
            }
            None => kept.push(e),
        }
    }
    // A server some of whose edits were left alone for the shared file keeps none of that
    // file's machine-specific edits (a PATH entry without its program would be half a fix).
    kept.retain(|e| {
        !(machine_specific(e.rule)
            && !shared.is_empty()
            && shared.contains(&(e.config, e.server.clone())))
    });
    (kept, left)
}

/// What an edit changes, by meaning. Pointers are into the file as it was read.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// The string at `pointer` becomes `value`.
    Replace { pointer: String, value: String },
    /// `values` go first in the array at `pointer`.
    Prepend { pointer: String, values: Vec<Value> },
    /// The object at `pointer` gets the member `key`.
    AddMember {
        pointer: String,
        key: String,
        value: Value,
    },
    /// The first `count` items of the array at `pointer` go (`fix --unbridge`).
    RemoveFirst { pointer: String, count: usize },
    /// The object at `pointer` loses the member `key` (`fix --unbridge`).
    RemoveMember { pointer: String, key: String },
    /// The member `from` of the object at `pointer` becomes `to`, with the string `value`
    /// (`fix --bridge` of a remote entry: `"url": URL` becomes `"command": <doctor>`).
    RenameMember {
        pointer: String,
        from: String,
        to: String,
        value: String,
    },
}

/// One change to one config file, as data.
#[derive(Clone, Debug)]
pub struct Edit {
    /// Index of the file in the check's configs.
    pub config: usize,
    pub client: ClientId,
    pub server: String,
    pub rule: RuleId,
    pub safety: FixSafety,
    pub op: Op,
    /// JSON pointer of the value that changes (or is added).
    pub pointer: String,
    /// The value before (`null` when added) and after.
    pub before: Value,
    pub after: Value,
    /// The bytes that change.
    pub splices: Vec<Splice>,
}

/// What became of an edit in this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Written to the file.
    Applied,
    /// Would be written (dry run, or not confirmed).
    Pending,
    /// Not applied, and why.
    Skipped(String),
}

/// One file's planned new text.
#[derive(Clone, Debug)]
pub struct FilePlan {
    pub config: usize,
    pub original: String,
    pub new: String,
    /// Indices into the edits of those this file applies.
    pub edits: Vec<usize>,
}

/// Checks each file's accepted edits: drops those that overlap an earlier one, applies the rest,
/// and keeps a file only if the new text reads back as exactly the intended document. Statuses of
/// edits that cannot be applied are set to `Skipped`.
pub fn prepare(run: &CheckRun, edits: &[Edit], status: &mut [Status]) -> Vec<FilePlan> {
    let mut files: Vec<FilePlan> = Vec::new();
    let mut order: Vec<usize> = (0..edits.len())
        .filter(|&i| status[i] == Status::Pending)
        .collect();
    crate::sort::by_key(&mut order, |&i| edits[i].config);
    let mut i = 0;
    while i < order.len() {
        let ci = edits[order[i]].config;
        let group: Vec<usize> = order[i..]
            .iter()
            .copied()
            .take_while(|&k| edits[k].config == ci)
            .collect();
        i += group.len();
        let cfg = &run.configs[ci];
        let Some(root) = &cfg.root else { continue };
        let mut kept: Vec<usize> = Vec::new();
        for k in group {
            let clash = kept.iter().any(|&j| {
                edits[j].pointer == edits[k].pointer
                    || edits[j]
                        .splices
                        .iter()
                        .any(|a| edits[k].splices.iter().any(|b| overlaps(&a.at, &b.at)))
            });
            if clash {
                status[k] = Status::Skipped(
                    "overlaps another fix of the same value; run fix again after this one".into(),
                );
            } else {
                kept.push(k);
            }
        }
        if kept.is_empty() {
            continue;
        }
        let splices: Vec<&Splice> = kept.iter().flat_map(|&k| &edits[k].splices).collect();
        let new = edit::apply(&cfg.text, &splices);
        let ops: Vec<&Op> = kept.iter().map(|&k| &edits[k].op).collect();
        let reads_back = config::parse_text(cfg.loc.dialect, &new)
            .ok()
            .is_some_and(|n| edit::semantic(&n) == edit::expected(root, &ops));
        if !reads_back {
            for &k in &kept {
                status[k] = Status::Skipped(
                    "the edited file did not read back as intended; left unchanged".into(),
                );
            }
            continue;
        }
        files.push(FilePlan {
            config: ci,
            original: cfg.text.clone(),
            new,
            edits: kept,
        });
    }
    files
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || (a.is_empty() && b.is_empty() && a.start == b.start)
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// `pending` says why a pending change was not written (a dry run, no confirmation).
pub fn change_out(run: &CheckRun, e: &Edit, s: &Status, pending: &str) -> Change {
    Change {
        file: run.configs[e.config].loc.spelled.clone(),
        client: e.client,
        server: e.server.clone(),
        pointer: e.pointer.clone(),
        before: e.before.clone(),
        after: e.after.clone(),
        rule: e.rule,
        safety: e.safety,
        applied: *s == Status::Applied,
        reason: match s {
            Status::Applied => None,
            Status::Pending => Some(pending.into()),
            Status::Skipped(why) => Some(why.clone()),
        },
    }
}
