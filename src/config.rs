//! Reading and parsing config files, with clear errors: line, column and a caret, and lenient
//! where the client is lenient (comments, trailing commas) but reported where it is not.
use crate::clients::{Dialect, Location};
use crate::doc::{self, LineIndex, Node};
use crate::finding::{Evidence, Finding, Severity};
use crate::rules::RuleId;
use serde::Serialize;
use std::io::Read;

/// A config bigger than this is not read (the machine layer's limit for every file a client reads).
pub use crate::machine::MAX_CONFIG_BYTES;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Missing,
    Unreadable,
    Invalid,
}

display_as_str!(Status);

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Missing => "missing",
            Status::Unreadable => "unreadable",
            Status::Invalid => "invalid",
        }
    }
}

/// A config file as read: its text, parsed tree and what went wrong.
#[derive(Debug)]
pub struct ConfigFile {
    pub loc: Location,
    pub status: Status,
    /// One line for the report's `configs[].error`.
    pub error: Option<String>,
    pub text: String,
    pub lines: LineIndex,
    pub root: Option<Node>,
    /// Why it was skipped, for `-v` (missing, not checkable here, ...).
    pub note: Option<String>,
    /// Unix mode bits of the file and its folder, when known.
    pub mode: Option<(u32, u32)>,
}

impl ConfigFile {
    fn new(loc: Location) -> ConfigFile {
        ConfigFile {
            loc,
            status: Status::Missing,
            error: None,
            text: String::new(),
            lines: LineIndex::default(),
            root: None,
            note: None,
            mode: None,
        }
    }

    /// Evidence pointing at a byte offset of this file: path, line, column and the line's text.
    pub fn evidence_at(&self, offset: usize) -> Evidence {
        let (line, col) = self.lines.line_col(&self.text, offset);
        let text = self.lines.line_text(&self.text, line);
        // A long line (a one-line file of megabytes) is shown around the offset, 300 bytes at
        // most: counting its characters for every finding would make check quadratic.
        let text = if text.len() > 300 {
            let line_start = text.as_ptr() as usize - self.text.as_ptr() as usize;
            let at = offset.saturating_sub(line_start).min(text.len());
            let floor = |mut i: usize| {
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let a = floor(at.saturating_sub(100));
            let b = floor((a + 300).min(text.len()));
            format!(
                "{}{}{}",
                if a > 0 { "…" } else { "" },
                &text[a..b],
                if b < text.len() { "…" } else { "" }
            )
        } else {
            text.to_string()
        };
        Evidence {
            path: Some(self.loc.spelled.clone()),
            line: Some(line),
            column: Some(col),
            text,
        }
    }

    pub fn evidence_file(&self) -> Evidence {
        Evidence {
            path: Some(self.loc.spelled.clone()),
            line: None,
            column: None,
            text: String::new(),
        }
    }
}

fn finding(cfg: &ConfigFile, rule: RuleId, msg: String) -> Finding {
    let f = Finding::new(rule, msg)
        .client(cfg.loc.client)
        .var(crate::finding::Var::Path, cfg.loc.spelled.clone());
    if rule == RuleId::JsonSyntax {
        f.var(crate::finding::Var::Validate, validate_command(cfg))
    } else {
        f
    }
}

/// A command that re-reads the file with a strict parser of its format and points at the first
/// error, where one comes with a stock Python; none for JSONC (comments are allowed there, which
/// `json.tool` rejects) and YAML (no parser in Python's standard library).
fn validate_command(cfg: &ConfigFile) -> String {
    let p = &cfg.loc.spelled;
    let windows = p.contains('\\') || p.as_bytes().get(1) == Some(&b':');
    let py = if windows { "python" } else { "python3" };
    // The path quoted for the shell the command is pasted into (cmd on Windows); a path cmd
    // cannot quote gives no command.
    let Some(p) = (if windows {
        crate::shell::cmd(p)
    } else {
        Some(crate::shell::posix(p))
    }) else {
        return String::new();
    };
    match cfg.loc.dialect {
        Dialect::StrictJson => format!("{py} -m json.tool {p}"),
        Dialect::Toml => {
            format!("{py} -c \"import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))\" {p}")
        }
        Dialect::Jsonc | Dialect::Yaml => String::new(),
    }
}

/// Reads and parses one location. Never panics, never blocks on a FIFO, never reads more than
/// [`MAX_CONFIG_BYTES`].
pub fn load(loc: Location) -> (ConfigFile, Vec<Finding>) {
    let mut cfg = ConfigFile::new(loc);
    let mut out = Vec::new();
    let Some(host) = cfg.loc.host.clone() else {
        cfg.note = Some(
            "cannot be checked on this machine (a system folder of another OS; pass --root)".into(),
        );
        return (cfg, out);
    };
    let meta = match std::fs::metadata(&host) {
        Ok(md) => md,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            cfg.note = Some("not found".into());
            return (cfg, out);
        }
        Err(e) => {
            cfg.status = Status::Unreadable;
            cfg.error = Some(e.to_string());
            let f = finding(
                &cfg,
                RuleId::ConfigUnreadable,
                format!("{} cannot read this file: {e}", cfg.loc.client.title()),
            )
            .evidence(cfg.evidence_file());
            out.push(f);
            return (cfg, out);
        }
    };
    cfg.mode = file_modes(&host);
    if !meta.is_file() {
        cfg.status = Status::Invalid;
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        cfg.error = Some(format!("is {what}"));
        out.push(
            finding(
                &cfg,
                RuleId::ConfigNotAFile,
                format!(
                    "The config path is {what}, so {} cannot read it.",
                    cfg.loc.client.title()
                ),
            )
            .evidence(cfg.evidence_file()),
        );
        return (cfg, out);
    }
    if meta.len() > MAX_CONFIG_BYTES {
        cfg.status = Status::Invalid;
        cfg.error = Some(format!(
            "{} MB, too large to be a config; not read",
            meta.len() / 1_000_000
        ));
        out.push(
            finding(
                &cfg,
                RuleId::ConfigNotText,
                format!(
                    "The file is {} MB, far larger than any MCP config; it was not read.",
                    meta.len() / 1_000_000
                ),
            )
            .evidence(cfg.evidence_file()),
        );
        return (cfg, out);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let read =
        std::fs::File::open(&host).and_then(|f| f.take(MAX_CONFIG_BYTES).read_to_end(&mut bytes));
    if let Err(e) = read {
        cfg.status = Status::Unreadable;
        cfg.error = Some(e.to_string());
        let rule = RuleId::ConfigUnreadable;
        out.push(
            finding(
                &cfg,
                rule,
                format!("{} cannot read this file: {e}", cfg.loc.client.title()),
            )
            .evidence(cfg.evidence_file()),
        );
        return (cfg, out);
    }
    cfg.status = Status::Ok;
    // Every secret value the file holds (also where it does not parse, and a value on the line
    // after its key) is remembered, so no excerpt, diff or log line shows it.
    // (Read as it is decoded below: a file of 100 000 servers is decoded once, not twice.)
    let text = match String::from_utf8(bytes) {
        Ok(t) if !t.as_bytes().iter().take(8192).any(|&b| b == 0) => {
            crate::redact::harvest(&t);
            t
        }
        Ok(t) => {
            crate::redact::harvest(&t);
            cfg.status = Status::Invalid;
            cfg.error = Some("binary data, not a text file".into());
            out.push(
                finding(
                    &cfg,
                    RuleId::ConfigNotText,
                    "The file holds binary data, not JSON text.".into(),
                )
                .evidence(cfg.evidence_file()),
            );
            return (cfg, out);
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            crate::redact::harvest(&lossy);
            cfg.text = lossy;
            cfg.lines = LineIndex::new(&cfg.text);
            cfg.status = Status::Invalid;
            cfg.error = Some(format!("not UTF-8 (byte {at})"));
            let ev = cfg.evidence_at(at);
            out.push(
                finding(
                    &cfg,
                    RuleId::ConfigNotText,
                    format!(
                        "The file is not valid UTF-8 text (first bad byte at line {}).",
                        ev.line.unwrap_or(0)
                    ),
                )
                .evidence(ev),
            );
            return (cfg, out);
        }
    };
    cfg.lines = LineIndex::new(&text);
    cfg.text = text;
    match cfg.loc.dialect {
        Dialect::StrictJson | Dialect::Jsonc => parse_json(&mut cfg, &mut out),
        Dialect::Toml => parse_toml(&mut cfg, &mut out),
        Dialect::Yaml => parse_yaml(&mut cfg, &mut out),
    }
    (cfg, out)
}

#[cfg(unix)]
fn file_modes(p: &std::path::Path) -> Option<(u32, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let f = std::fs::metadata(p).ok()?.permissions().mode();
    let d = std::fs::metadata(p.parent()?).ok()?.permissions().mode();
    Some((f, d))
}

#[cfg(not(unix))]
fn file_modes(_: &std::path::Path) -> Option<(u32, u32)> {
    None
}

fn strict_options() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn lenient_options() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        ..strict_options()
    }
}

fn describe(kind: &jsonc_parser::errors::ParseErrorKind) -> String {
    use jsonc_parser::errors::ParseErrorKind as K;
    match kind {
        K::CommentsNotAllowed => "a comment".into(),
        K::TrailingCommasNotAllowed => "a trailing comma".into(),
        K::MultipleRootJsonValues => "a second JSON document after the first one ends".into(),
        K::NestingDepthExceeded => "nesting deeper than 512 levels".into(),
        other => other.to_string().trim_end_matches('.').to_string(),
    }
}

fn parse_json(cfg: &mut ConfigFile, out: &mut Vec<Finding>) {
    let client = cfg.loc.client.title();
    let strict = cfg.loc.dialect == Dialect::StrictJson;
    let (bom, body) = match cfg.text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, cfg.text.as_str()),
    };
    let shift = if bom { 3 } else { 0 };
    if bom && strict {
        out.push(
            finding(cfg, RuleId::JsonNotStrict, format!("The file starts with a byte-order mark (BOM), which {client}'s JSON parser rejects."))
                .evidence(cfg.evidence_at(0))
                .var(crate::finding::Var::What, "the byte-order mark"),
        );
    }
    let collect = jsonc_parser::CollectOptions::default();
    let strict_result = jsonc_parser::parse_to_ast(body, &collect, &strict_options());
    let parsed = match strict_result {
        Ok(r) => Ok(r),
        Err(strict_err) => match jsonc_parser::parse_to_ast(body, &collect, &lenient_options()) {
            Ok(r) => {
                // Only comments or trailing commas: fine where the client allows them.
                if strict {
                    let what = describe(strict_err.kind());
                    let ev = cfg.evidence_at(strict_err.range().start + shift);
                    out.push(
                        finding(cfg, RuleId::JsonNotStrict, format!("{client} reads this file as strict JSON, which does not allow {what} (line {}, column {}).", ev.line.unwrap_or(0), ev.column.unwrap_or(0)))
                            .evidence(ev)
                            .var(crate::finding::Var::What, what),
                    );
                }
                Ok(r)
            }
            Err(e) => Err(if strict { strict_err } else { e }),
        },
    };
    match parsed {
        Ok(r) => match r.value {
            Some(v) => cfg.root = Some(shift_node(doc::from_jsonc(&v), shift)),
            None => {
                cfg.status = Status::Invalid;
                cfg.error = Some("empty file".into());
                out.push(
                    finding(
                        cfg,
                        RuleId::JsonSyntax,
                        format!("The file is empty; {client} expects a JSON object."),
                    )
                    .evidence(cfg.evidence_file())
                    .var(crate::finding::Var::What, "an empty file"),
                );
            }
        },
        Err(e) => {
            let what = describe(e.kind());
            let ev = cfg.evidence_at(e.range().start + shift);
            let (line, col) = (ev.line.unwrap_or(0), ev.column.unwrap_or(0));
            cfg.status = Status::Invalid;
            cfg.error = Some(format!("line {line}, column {col}: {what}"));
            let msg = if matches!(
                e.kind(),
                jsonc_parser::errors::ParseErrorKind::MultipleRootJsonValues
            ) {
                format!("The file holds two JSON documents (the second starts at line {line}, column {col}); {client} reads none of its servers.")
            } else {
                format!("The file is not valid JSON ({what} at line {line}, column {col}); {client} reads none of its servers.")
            };
            out.push(
                finding(cfg, RuleId::JsonSyntax, msg)
                    .evidence(ev)
                    .var(crate::finding::Var::What, what)
                    .severity(Severity::Error),
            );
        }
    }
}

fn shift_node(mut n: Node, by: usize) -> Node {
    if by == 0 {
        return n;
    }
    fn walk(n: &mut Node, by: usize) {
        n.span = n.span.start + by..n.span.end + by;
        match &mut n.val {
            doc::Val::Arr(a) => a.iter_mut().for_each(|x| walk(x, by)),
            doc::Val::Obj(o) => o.iter_mut().for_each(|p| {
                p.key_span = p.key_span.start + by..p.key_span.end + by;
                walk(&mut p.node, by)
            }),
            _ => {}
        }
    }
    walk(&mut n, by);
    n
}

fn parse_toml(cfg: &mut ConfigFile, out: &mut Vec<Finding>) {
    match cfg.text.parse::<toml_edit::Document<String>>() {
        Ok(d) => cfg.root = Some(doc::from_toml(&d)),
        Err(e) => {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            let ev = cfg.evidence_at(at);
            let what = e.message().trim().to_string();
            cfg.status = Status::Invalid;
            cfg.error = Some(format!(
                "line {}, column {}: {what}",
                ev.line.unwrap_or(0),
                ev.column.unwrap_or(0)
            ));
            let msg = format!(
                "The file is not valid TOML ({what} at line {}, column {}); {} reads none of its servers.",
                ev.line.unwrap_or(0),
                ev.column.unwrap_or(0),
                cfg.loc.client.title()
            );
            out.push(
                finding(cfg, RuleId::JsonSyntax, msg)
                    .evidence(ev)
                    .var(crate::finding::Var::What, what),
            );
        }
    }
}

fn parse_yaml(cfg: &mut ConfigFile, out: &mut Vec<Finding>) {
    match doc::from_yaml_at(&cfg.text) {
        // An empty document (nothing but comments): no servers, nothing wrong.
        Ok(n) if n.val == doc::Val::Null => cfg.note = Some("empty".into()),
        Ok(n) => cfg.root = Some(n),
        Err(e) => {
            let ev = cfg.evidence_at(e.offset);
            let (line, col) = (ev.line.unwrap_or(0), ev.column.unwrap_or(0));
            let what = e.message.trim().to_string();
            cfg.status = Status::Invalid;
            cfg.error = Some(format!("line {line}, column {col}: {what}"));
            let msg = format!(
                "The file is not valid YAML ({what} at line {line}, column {col}); {} reads none of its servers.",
                cfg.loc.client.title()
            );
            out.push(
                finding(cfg, RuleId::JsonSyntax, msg)
                    .evidence(ev)
                    .var(crate::finding::Var::What, what)
                    .severity(Severity::Error),
            );
        }
    }
}

/// Parses a config text of this dialect as [`load`] does (comments and trailing commas allowed, a
/// BOM skipped, spans into `text`), without findings: the fixer re-reads what it is about to write.
pub fn parse_text(dialect: Dialect, text: &str) -> Result<Node, String> {
    match dialect {
        Dialect::StrictJson | Dialect::Jsonc => {
            let (shift, body) = match text.strip_prefix('\u{feff}') {
                Some(rest) => (3, rest),
                None => (0, text),
            };
            let ast = jsonc_parser::parse_to_ast(
                body,
                &jsonc_parser::CollectOptions::default(),
                &lenient_options(),
            )
            .map_err(|e| describe(e.kind()))?;
            let v = ast.value.ok_or_else(|| "empty file".to_string())?;
            Ok(shift_node(doc::from_jsonc(&v), shift))
        }
        Dialect::Toml => text
            .parse::<toml_edit::Document<String>>()
            .map(|d| doc::from_toml(&d))
            .map_err(|e| e.message().trim().to_string()),
        Dialect::Yaml => doc::from_yaml(text),
    }
}
