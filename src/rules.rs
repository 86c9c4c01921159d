//! The rule registry. Every rule (config checks, log patterns, probe and runtime verdicts) is one
//! TOML file under `rules/`, embedded in the binary. `build.rs` turns the ids into [`RuleId`], so
//! code can only name a rule that exists and two files can never share an id.
//!
//! A rule file:
//! ```toml
//! id = "tilde-path"                 # stable, kebab-case
//! cause = "bad-path"                # a cause id of the contract
//! severity = "error"                # default severity: error | warning | note
//! impact = "blocks-start"           # blocks-start | degrades | hygiene
//! source = "config"                 # config | log | probe | runtime | platform
//! title = "One line a user understands"
//! specificity = 1.0                 # optional, (0, 1]: how much this evidence alone says
//! priority = 0                      # optional, log rules: wins over lower ones on the same line
//! [explain]
//! what = "What it detects."
//! why = "Why it matters."
//! fix = "How to fix it by hand."
//! [fix]
//! summary = "What the fix does, with {placeholders} from the finding"
//! safety = "safe"                   # safe | unsafe | display-only
//! automatic = "mcp-doctor fix --absolute-paths"   # optional
//! commands = ["..."]                # for every OS, or per OS:
//! commands_macos = ["..."]
//! commands_windows = ["..."]
//! commands_linux = ["..."]
//! [[patterns]]                      # log rules: what a log line must match
//! regex = '(?i)\bspawn (?P<cmd>.+?) ENOENT'
//! literals = ["ENOENT"]             # cheap prefilter: the line must contain one (any case)
//! [[examples]]                      # log rules: texts the real classifier must read as this rule
//! text = "Error: spawn npx ENOENT"  # optional: must produce this rule
//! near_miss = ["spawn /x/npx ENOENT"]  # optional: must not produce this rule
//! source = "https://github.com/…"   # provenance: the emitter's source file or a public report
//! os = "windows"                    # optional: the OS the text is read for (default macos)
//! context = "config-changed-before" # optional: the rule also needs what the text cannot carry
//! ```
use crate::cause::{Cause, FixSafety, Impact, Severity, Source};
use crate::machine::Os;
use once_cell::race::OnceBox;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/rule_ids.rs"));
include!(concat!(env!("OUT_DIR"), "/var.rs"));

display_as_str!(RuleId);

/// A rule id is its file name in the JSON report (`"rule": "tilde-path"`).
impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        RuleId::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{s}`")))
    }
}

impl RuleId {
    pub fn parse(s: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == s)
    }

    /// The parsed rule. The registry is parsed once per process.
    pub fn rule(self) -> &'static Rule {
        // Each rule is built on its first use, not all of them at the first use of one (a
        // `check` of a small home uses a dozen of the 150). A `OnceBox` is a null pointer until
        // then, so the table is zeroed memory (`.bss`), not 53 KB of the file as `OnceLock<Rule>`s
        // (whose "not yet" state is not zero) were; two threads building the same rule at once
        // keep the first one's.
        static ONE: [OnceBox<Rule>; RuleId::ALL.len()] =
            [const { OnceBox::new() }; RuleId::ALL.len()];
        ONE[self as usize]
            .get_or_init(|| Box::new(BUILT_RULES[built_index()[self as usize]].build()))
    }

    /// The rule's `[[examples]]`: texts the classifier must read as this rule and near misses it
    /// must not. Only tests read them: the rules the program uses (`rule`, `registry`) leave
    /// `examples` empty, so that the link leaves these 60 KB of texts out of the binary.
    pub fn examples(self) -> Vec<Example> {
        BUILT_RULES[built_index()[self as usize]].examples()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explain {
    pub what: String,
    pub why: String,
    pub fix: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFix {
    pub summary: String,
    pub safety: FixSafety,
    #[serde(default)]
    pub automatic: Option<String>,
    #[serde(default)]
    pub commands: Vec<String>,
    #[serde(default)]
    pub commands_macos: Option<Vec<String>>,
    #[serde(default)]
    pub commands_windows: Option<Vec<String>>,
    #[serde(default)]
    pub commands_linux: Option<Vec<String>>,
}

impl RuleFix {
    /// The fix commands for one OS: the OS's own list where the rule has one, else the common one.
    pub fn commands_for(&self, os: Os) -> &[String] {
        let own = match os {
            Os::Macos => &self.commands_macos,
            Os::Windows => &self.commands_windows,
            Os::Linux => &self.commands_linux,
        };
        own.as_deref().unwrap_or(&self.commands)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub regex: String,
    #[serde(default)]
    pub literals: Vec<String>,
}

/// A text the classifier must read as the rule (`text`) and texts it must not (`near_miss`), with
/// where the phrasing comes from. `tests/logs_examples.rs` runs every example of every log rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub near_miss: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub os: Option<String>,
    /// What else the rule needs besides the text: `config-changed-before` (the text is the first
    /// failure after a config change, which `check` holds against the file's modification time).
    #[serde(default)]
    pub context: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub cause: Cause,
    pub severity: Severity,
    pub impact: Impact,
    pub source: Source,
    pub title: String,
    pub explain: Explain,
    pub fix: RuleFix,
    /// How specific the evidence is, in (0, 1]: a generic symptom ("Server disconnected") that many
    /// causes share weighs less than a line that names its mechanism ("spawn npx ENOENT").
    #[serde(default = "one")]
    pub specificity: f64,
    /// The rule observes a consequence many causes share (the process exited, the transport
    /// closed): when a specific cause is known for the same server, this evidence supports that
    /// cause instead of standing as a cause of its own (see `rank`).
    #[serde(default)]
    pub symptom: bool,
    /// For a symptom: the other causes that commonly produce it, most common first. When a cause
    /// stands on nothing more specific than this rule, these are ranked after it as alternatives
    /// (a differential diagnosis: what to check next).
    #[serde(default)]
    pub differential: Vec<Cause>,
    /// Log rules: which rule a line that matches several is read as, before specificity (a JSON
    /// parse error that names a config file is the config's, not stdout's). Default 0.
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// As the rule file has them (`parse_rule`); empty in the built rules the program uses
    /// (`registry`, [`RuleId::rule`]), whose examples are [`RuleId::examples`].
    #[serde(default)]
    pub examples: Vec<Example>,
}

fn one() -> f64 {
    1.0
}

impl Rule {
    pub fn rule_id(&self) -> RuleId {
        // Every rule in the registry has an id that build.rs put into RuleId.
        RuleId::parse(&self.id).unwrap_or(RuleId::ALL[0])
    }
}

/// A rule file that does not parse (the tests read every rule file again with serde; the program
/// uses the rules build.rs parsed).
#[cfg(test)]
#[derive(Debug, thiserror::Error)]
#[error("rule {id}: {message}")]
pub struct RuleError {
    pub id: &'static str,
    pub message: String,
}

#[cfg(test)]
fn parse_rule(id: RuleId) -> Result<Rule, RuleError> {
    let rule: Rule = toml::from_str(id.source()).map_err(|e| RuleError {
        id: id.as_str(),
        message: e.to_string(),
    })?;
    if rule.id != id.as_str() {
        return Err(RuleError {
            id: id.as_str(),
            message: format!("file declares id {}", rule.id),
        });
    }
    Ok(rule)
}

/// Parses every rule; the errors of broken files (none in a tested build).
#[cfg(test)]
pub fn parse_all() -> (BTreeMap<RuleId, Rule>, Vec<RuleError>) {
    let mut map = BTreeMap::new();
    let mut errors = Vec::new();
    for &id in RuleId::ALL {
        match parse_rule(id) {
            Ok(r) => {
                map.insert(id, r);
            }
            Err(e) => errors.push(e),
        }
    }
    (map, errors)
}

/// A string of the rules: `TEXT[offset..offset + len]`.
#[derive(Clone, Copy)]
struct S(u32, u32);

/// A range `[start..start + len]` of one of the lists build.rs writes (`STRS`, `PATTERNS`, …).
#[derive(Clone, Copy)]
struct L(u32, u32);

impl S {
    fn get(self) -> &'static str {
        &TEXT[self.0 as usize..(self.0 + self.1) as usize]
    }

    fn owned(self) -> String {
        self.get().to_string()
    }
}

impl L {
    fn of<T>(self, list: &'static [T]) -> &'static [T] {
        &list[self.0 as usize..(self.0 + self.1) as usize]
    }

    fn strings(self) -> Vec<String> {
        self.of(&STRS).iter().map(|s| s.owned()).collect()
    }
}

/// A rule as build.rs writes it: the parsed file as constant data (see `BUILT_RULES`), its strings
/// as offsets into one text so that the table holds no pointer the loader must relocate.
struct RuleData {
    id: S,
    cause: Cause,
    severity: Severity,
    impact: Impact,
    source: Source,
    title: S,
    what: S,
    why: S,
    explain_fix: S,
    summary: S,
    safety: FixSafety,
    automatic: Option<S>,
    commands: L,
    commands_macos: Option<L>,
    commands_windows: Option<L>,
    commands_linux: Option<L>,
    specificity: f64,
    symptom: bool,
    differential: L,
    priority: i32,
    patterns: L,
    examples: L,
}

struct PatternData {
    regex: S,
    literals: L,
}

/// A log rule's pattern as the classifier reads it, straight from the tables build.rs wrote
/// (no rule is built for it).
pub(crate) struct LogPattern {
    pub rule: RuleId,
    pub priority: i32,
    pub specificity: f64,
    pub regex: &'static str,
    pub literals: Vec<&'static str>,
}

/// The log patterns' codes (flags and need, as `logs::need` reads them), one after the other in
/// the order of [`log_patterns`], each as long as it says.
pub(crate) fn log_need_code() -> &'static [u8] {
    &NEED_CODE
}

/// Each log pattern's syntax tree for ASCII text, as build.rs encoded it (see
/// `logs::hir_code`): per pattern, its length (two bytes, little-endian) and the encoding.
pub(crate) fn log_hir_code() -> &'static [u8] {
    &HIR_CODE
}

/// Every pattern of the log rules, in the registry's order (by rule id, then as written).
pub(crate) fn log_patterns() -> impl Iterator<Item = LogPattern> {
    // `BUILT_RULES` is in the order of `RuleId::ALL` (both by id).
    BUILT_RULES
        .iter()
        .zip(RuleId::ALL)
        .filter(|(d, _)| d.source == Source::Log)
        .flat_map(|(d, &rule)| d.patterns.of(&PATTERNS).iter().map(move |p| (d, rule, p)))
        .map(|(d, rule, p)| LogPattern {
            rule,
            priority: d.priority,
            specificity: d.specificity,
            regex: p.regex.get(),
            literals: p.literals.of(&STRS).iter().map(|s| s.get()).collect(),
        })
}

struct ExampleData {
    text: Option<S>,
    near_miss: L,
    source: S,
    os: Option<S>,
    context: Option<S>,
}

impl RuleData {
    fn build(&self) -> Rule {
        Rule {
            id: self.id.owned(),
            cause: self.cause,
            severity: self.severity,
            impact: self.impact,
            source: self.source,
            title: self.title.owned(),
            explain: Explain {
                what: self.what.owned(),
                why: self.why.owned(),
                fix: self.explain_fix.owned(),
            },
            fix: RuleFix {
                summary: self.summary.owned(),
                safety: self.safety,
                automatic: self.automatic.map(S::owned),
                commands: self.commands.strings(),
                commands_macos: self.commands_macos.map(L::strings),
                commands_windows: self.commands_windows.map(L::strings),
                commands_linux: self.commands_linux.map(L::strings),
            },
            specificity: self.specificity,
            symptom: self.symptom,
            differential: self.differential.of(&CAUSES).to_vec(),
            priority: self.priority,
            patterns: self
                .patterns
                .of(&PATTERNS)
                .iter()
                .map(|p| Pattern {
                    regex: p.regex.owned(),
                    literals: p.literals.strings(),
                })
                .collect(),
            // Test data, kept out of the program: see `RuleId::examples`.
            examples: Vec::new(),
        }
    }

    fn examples(&self) -> Vec<Example> {
        let text = |s: S| EXAMPLE_TEXT[s.0 as usize..(s.0 + s.1) as usize].to_string();
        self.examples
            .of(&EXAMPLES)
            .iter()
            .map(|e| Example {
                text: e.text.map(text),
                near_miss: e
                    .near_miss
                    .of(&EXAMPLE_STRS)
                    .iter()
                    .map(|&s| text(s))
                    .collect(),
                source: text(e.source),
                os: e.os.map(text),
                context: e.context.map(text),
            })
            .collect()
    }
}

static REGISTRY: OnceLock<BTreeMap<RuleId, Rule>> = OnceLock::new();

/// For each rule id (by its place in the enum), its entry in `BUILT_RULES`.
fn built_index() -> &'static [usize; RuleId::ALL.len()] {
    // Zeroed until built (see `RuleId::rule`).
    static INDEX: OnceBox<[usize; RuleId::ALL.len()]> = OnceBox::new();
    INDEX.get_or_init(|| {
        let mut by_name: Vec<(&str, RuleId)> =
            RuleId::ALL.iter().map(|r| (r.as_str(), *r)).collect();
        by_name.sort_unstable_by_key(|x| x.0);
        let mut index = [0; RuleId::ALL.len()];
        for (i, d) in BUILT_RULES.iter().enumerate() {
            if let Ok(k) = by_name.binary_search_by_key(&d.id.get(), |x| x.0) {
                index[by_name[k].1 as usize] = i;
            }
        }
        Box::new(index)
    })
}

pub fn registry() -> &'static BTreeMap<RuleId, Rule> {
    // Parsed by build.rs: building the structs costs microseconds, parsing the TOML milliseconds.
    REGISTRY.get_or_init(|| {
        BUILT_RULES
            .iter()
            .map(|d| {
                let r = d.build();
                (r.rule_id(), r)
            })
            .collect()
    })
}

/// Fills `{name}` placeholders from `vars`; unknown placeholders stay as written.
pub fn fill(template: &str, vars: &[(Var, String)]) -> String {
    fill_inner(template, vars, false)
}

/// A fix summary for a reader: [`fill`], and a placeholder the finding has no value for (a log
/// line that names no program, path or variable) becomes its [`Var::stand_in`] words, its
/// backticks dropped, so that no `{name}` is ever shown.
pub fn fill_summary(template: &str, vars: &[(Var, String)]) -> String {
    fill_inner(template, vars, true)
}

impl Var {
    /// The words a summary says where a finding has no value for this placeholder.
    pub const fn stand_in(self) -> &'static str {
        match self {
            Var::Cmd | Var::Command | Var::Program => "the program",
            Var::Path | Var::File | Var::Dir | Var::Cwd => "the path the error names",
            Var::Var => "the variable the error names",
            Var::Key => "the key",
            Var::Name => "the entry",
            Var::Names => "the entries",
            Var::Code => "not logged",
            Var::Status => "error",
            Var::Module => "the missing module",
            Var::Interval => "the interval seen",
            Var::Url => "the server's address",
            Var::Host => "the host",
            Var::Server => "the server",
            Var::Client => "the client",
            // A client with no start-up setting: the summary says nothing more.
            Var::TimeoutHow => "",
            _ => "the value the error names",
        }
    }
}

fn fill_inner(template: &str, vars: &[(Var, String)], stand_ins: bool) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end)
                if after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                let key = &after[..end];
                let mut rest_after = &after[end + 1..];
                match vars.iter().find(|(k, _)| k.as_str() == key) {
                    Some((_, v)) => out.push_str(v),
                    None => match Var::from_name(key).filter(|_| stand_ins) {
                        Some(var) => {
                            if out.ends_with('`') && rest_after.starts_with('`') {
                                out.pop();
                                rest_after = &rest_after[1..];
                            }
                            out.push_str(var.stand_in());
                        }
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    },
                }
                rest = rest_after;
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A rule's command template with its placeholders filled, each value quoted as one literal
/// argument of the shell the command is for ([`crate::shell`]): a config value holding `$(…)`,
/// quotes or escapes can never run as code. A template that is one placeholder alone is a whole
/// command the code built (and quoted) itself, put in as it is. `None` when a value cannot be
/// written for that shell (cmd and a `%`): the command is not shown rather than shown unsafe.
pub fn fill_command(
    template: &str,
    vars: &[(Var, String)],
    os: crate::machine::Os,
) -> Option<String> {
    // A command naming a placeholder the finding has no value for (a log line that names no
    // program) is not shown: `which {cmd}` is no command to paste.
    if crate::template::placeholders(template)
        .any(|n| Var::from_name(n).is_some() && !vars.iter().any(|(k, _)| k.as_str() == n))
    {
        return None;
    }
    let t = template.trim();
    if t.starts_with('{') && t.ends_with('}') && !t[1..].contains('{') {
        return Some(fill(template, vars));
    }
    let shell = crate::shell::Shell::for_template(os, template);
    let mut quoted = Vec::with_capacity(vars.len());
    for (k, v) in vars {
        // `{k}` in the template, found without building it.
        let named = template.match_indices('{').any(|(i, _)| {
            template[i + 1..]
                .strip_prefix(k.as_str())
                .is_some_and(|r| r.starts_with('}'))
        });
        if named {
            quoted.push((*k, shell.quote(v)?));
        }
    }
    Some(fill(template, &quoted))
}

#[cfg(test)]
mod tests {
    use super::Var;
    use super::*;

    #[test]
    fn the_rules_parsed_at_build_time_equal_the_rule_files() {
        let (parsed, errors) = parse_all();
        assert!(errors.is_empty(), "broken rule files: {errors:?}");
        let built = registry();
        assert_eq!(built.len(), parsed.len());
        for (id, mut rule) in parsed {
            let examples = std::mem::take(&mut rule.examples);
            assert_eq!(
                format!("{:?}", built[&id]),
                format!("{rule:?}"),
                "{id}: build.rs and serde read it differently"
            );
            assert!(built[&id].examples.is_empty());
            assert_eq!(
                format!("{:?}", id.examples()),
                format!("{examples:?}"),
                "{id}: build.rs and serde read its examples differently"
            );
        }
    }

    #[test]
    fn each_rule_built_on_its_own_is_the_registry_s() {
        for id in RuleId::ALL {
            assert_eq!(id.rule().id, id.as_str());
            assert_eq!(format!("{:?}", id.rule()), format!("{:?}", registry()[id]));
        }
    }

    #[test]
    fn every_rule_file_parses_and_names_a_contract_cause() {
        let (map, errors) = parse_all();
        assert!(errors.is_empty(), "broken rule files: {errors:?}");
        assert_eq!(map.len(), RuleId::ALL.len());
        for (id, rule) in &map {
            assert_eq!(rule.id, id.as_str());
            assert!(!rule.title.is_empty(), "{id}: empty title");
            assert!(
                rule.specificity > 0.0 && rule.specificity <= 1.0,
                "{id}: specificity out of (0, 1]"
            );
            assert!(
                !rule.explain.what.trim().is_empty(),
                "{id}: empty explain.what"
            );
            assert!(
                !rule.explain.why.trim().is_empty(),
                "{id}: empty explain.why"
            );
            assert!(
                !rule.explain.fix.trim().is_empty(),
                "{id}: empty explain.fix"
            );
            for os in [Os::Macos, Os::Windows, Os::Linux] {
                let _ = rule.fix.commands_for(os);
            }
            for p in &rule.patterns {
                regex::Regex::new(&p.regex).unwrap_or_else(|e| panic!("{id}: bad regex: {e}"));
            }
        }
    }

    /// The release build compiles `regex` with Unicode case folding and Perl classes only (see
    /// Cargo.toml); the tests cannot see that, as dev-dependencies turn every Unicode table back
    /// on. A `\p{…}`/`\P{…}` class is what would then fail to compile (the log classifier would
    /// drop the pattern), so no rule pattern may hold one.
    #[test]
    fn no_rule_pattern_needs_a_unicode_table_the_release_build_leaves_out() {
        for (id, rule) in registry() {
            for p in &rule.patterns {
                let ast = regex_syntax::ast::parse::Parser::new()
                    .parse(&p.regex)
                    .unwrap_or_else(|e| panic!("{id}: bad regex: {e}"));
                assert!(
                    !format!("{ast:?}").contains("ClassUnicode"),
                    "{id}: `{}` uses a \\p{{…}} class; enable its regex feature in Cargo.toml",
                    p.regex
                );
            }
        }
        // The check itself sees such a class.
        let ast = regex_syntax::ast::parse::Parser::new()
            .parse(r"[\p{Greek}a]")
            .unwrap();
        assert!(format!("{ast:?}").contains("ClassUnicode"));
    }

    #[test]
    fn a_cause_the_contract_lacks_is_rejected() {
        let text = "id = \"x\"\ncause = \"made-up\"\nseverity = \"error\"\nimpact = \"degrades\"\nsource = \"config\"\ntitle = \"t\"\n[explain]\nwhat = \"a\"\nwhy = \"b\"\nfix = \"c\"\n[fix]\nsummary = \"s\"\nsafety = \"safe\"\n";
        assert!(toml::from_str::<Rule>(text).is_err());
        let ok = text.replace("made-up", "bad-path");
        assert!(toml::from_str::<Rule>(&ok).is_ok());
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(
            fill("use {path} not {x}", &[(Var::Path, "/a".into())]),
            "use /a not {x}"
        );
        assert_eq!(fill("{ a }", &[]), "{ a }");
    }

    #[test]
    fn a_summary_without_a_value_says_words_and_a_command_is_dropped() {
        assert_eq!(
            fill_summary(
                "Use the absolute path of `{cmd}` in the server's `command`",
                &[]
            ),
            "Use the absolute path of the program in the server's `command`"
        );
        assert_eq!(
            fill_summary("Set {var} in `env` ({x})", &[]),
            "Set the variable the error names in `env` ({x})"
        );
        assert_eq!(
            fill_summary("Make `{cmd}` executable", &[(Var::Cmd, "a b".into())]),
            "Make `a b` executable"
        );
        assert_eq!(fill_command("which {cmd}", &[], Os::Linux), None);
        assert_eq!(
            fill_command("which {cmd}", &[(Var::Cmd, "uvx".into())], Os::Linux).as_deref(),
            Some("which uvx")
        );
    }

    /// A placeholder inside quotes in a command template would be unquoted by the value's own
    /// quoting (`'install {command}'` becomes `'install 'y$(id)''`): fill_command quotes values, so
    /// templates must not.
    #[test]
    fn command_templates_never_quote_a_placeholder() {
        let (map, _) = parse_all();
        for rule in map.values() {
            for os in [Os::Macos, Os::Linux, Os::Windows] {
                for c in rule.fix.commands_for(os) {
                    let mut quote: Option<char> = None;
                    for ch in c.chars() {
                        match (quote, ch) {
                            (None, '\'' | '"') => quote = Some(ch),
                            (Some(q), x) if x == q => quote = None,
                            (Some(_), '{') => {
                                panic!("{}: placeholder inside quotes in {c:?}", rule.id)
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fill_command_quotes_each_value_for_its_shell() {
        let vars = [
            (Var::Command, "y$(id)".to_string()),
            (Var::Path, "C:\\a b".to_string()),
        ];
        assert_eq!(
            fill_command("command -v {command}", &vars, Os::Linux).as_deref(),
            Some("command -v 'y$(id)'")
        );
        assert_eq!(
            fill_command("where {command}", &vars, Os::Windows).as_deref(),
            Some("where \"y$(id)\"")
        );
        assert_eq!(
            fill_command("Unblock-File -Path {path}", &vars, Os::Windows).as_deref(),
            Some("Unblock-File -Path 'C:\\a b'")
        );
        assert_eq!(
            fill_command("move {path}", &[(Var::Path, "100%".into())], Os::Windows),
            None
        );
        assert_eq!(
            fill_command("{export}", &[(Var::Export, "a $(b)".into())], Os::Linux).as_deref(),
            Some("a $(b)")
        );
    }
}
