//! Generates `RuleId`, the embedded rule texts and the parsed rules from `rules/**/*.toml`.
//!
//! Each file is parsed here, at build time, into Rust code that builds its `Rule` (so the binary
//! does not parse 120 TOML files at every start); the registry tests parse the embedded texts again
//! with serde's `deny_unknown_fields` and compare. A duplicate id or a file that does not parse
//! stops the build.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/logs/guess_model.rs"]
mod guess_model;
#[path = "src/logs/hir_code.rs"]
mod hir_code;
/// What each log pattern needs a line to contain (shared with the program, which reads the
/// encodings this writes).
#[path = "src/logs/need.rs"]
mod need;
#[path = "src/template.rs"]
mod template;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    link_tuning();
    client_registry();
    var_enum();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/logs/need.rs");
    println!("cargo:rerun-if-changed=src/logs/hir_code.rs");
    println!("cargo:rerun-if-changed=src/logs/guess_model.rs");
    println!("cargo:rerun-if-changed=testdata/corpus");
    println!("cargo:rerun-if-changed=src/template.rs");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap();
        let id = text
            .lines()
            .find_map(|l| {
                let l = l.trim();
                let rest = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
                Some(rest.trim_matches('"').to_string())
            })
            .unwrap_or_else(|| panic!("{}: no `id = \"...\"` line", f.display()));
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: rule id `{id}` must be kebab-case",
            f.display()
        );
        if let Some(prev) = ids.insert(id.clone(), f.clone()) {
            panic!(
                "rule id `{id}` is declared twice: {} and {}",
                prev.display(),
                f.display()
            );
        }
    }
    let mut s = String::new();
    s.push_str("/// Every rule id, generated from `rules/**/*.toml`.\n");
    s.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum RuleId {\n",
    );
    for id in ids.keys() {
        let _ = writeln!(s, "    {},", camel(id));
    }
    s.push_str("}\n\nimpl RuleId {\n    pub const ALL: &'static [RuleId] = &[\n");
    for id in ids.keys() {
        let _ = writeln!(s, "        RuleId::{},", camel(id));
    }
    s.push_str("    ];\n\n    pub fn as_str(self) -> &'static str {\n        match self {\n");
    for id in ids.keys() {
        let _ = writeln!(s, "            RuleId::{} => \"{}\",", camel(id), id);
    }
    s.push_str("        }\n    }\n\n    /// The rule's TOML text, embedded in the binary.\n    pub fn source(self) -> &'static str {\n        match self {\n");
    for (id, f) in &ids {
        let _ = writeln!(
            s,
            "            RuleId::{} => include_str!({:?}),",
            camel(id),
            f.display().to_string()
        );
    }
    s.push_str("        }\n    }\n}\n");
    s.push_str(&built_rules(&ids));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("rule_ids.rs");
    std::fs::write(out, s).unwrap();
    guess_table(&ids);
}

/// The weak guess's models (`logs::guess_model`), trained on the log rules' examples, titles and
/// explanations (`RULES`) and on those and the corpus' reports (`REPORTS`), written as two tables.
/// Not on the weak guess's own rule, which stands for every cause (its explanation names a
/// timeout, a refused connection, a 401) and is filed as a crash.
fn guess_table(ids: &BTreeMap<String, PathBuf>) {
    let mut rules = Vec::new();
    for (id, f) in ids {
        if id == "log-unclassified-error" {
            continue;
        }
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        if t.get("source").and_then(|v| v.as_str()) != Some("log") {
            continue;
        }
        let s = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).unwrap_or("").to_string();
        let explain = t.get("explain");
        let doc = [
            s(t.get("title")),
            s(explain.and_then(|e| e.get("what"))),
            s(explain.and_then(|e| e.get("why"))),
        ]
        .join(" ");
        let examples = t
            .get("examples")
            .and_then(|v| v.as_array())
            .map(|a| a.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| e.get("text").and_then(|v| v.as_str()).map(str::to_string))
            .collect();
        rules.push(guess_model::RuleTexts {
            cause: s(t.get("cause")),
            examples,
            doc,
        });
    }
    // The rules' model decides where the learnt guess may come first; the model of rules and
    // reports fills the places after (see `logs::guess_causes`).
    let rules_only = guess_model::train(&rules, guess_model::MIN_RULES).code("RULES");
    // The real reports rules are written from (`testdata/corpus/NNN-<cause>/log.txt`); not the
    // held-out or unseen ones, which measure the model.
    let mut reports: Vec<PathBuf> = std::fs::read_dir("testdata/corpus")
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    reports.sort();
    for d in reports {
        let name = d
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (Some((_, cause)), Ok(log)) = (
            name.split_once('-'),
            std::fs::read_to_string(d.join("log.txt")),
        ) else {
            continue;
        };
        rules.push(guess_model::RuleTexts {
            cause: cause.to_string(),
            examples: vec![log],
            doc: String::new(),
        });
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("guess_model.rs");
    let with_reports = guess_model::train(&rules, guess_model::MIN_TEXTS).code("REPORTS");
    std::fs::write(out, rules_only + &with_reports).unwrap();
}

/// `"blocks-start"` -> `BlocksStart`: the variant serde's kebab-case/lowercase names stand for.
fn variant(v: &toml::Value, what: &str, f: &Path) -> String {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{}: `{what}` must be a string", f.display()));
    camel(s)
}

/// The rules' strings and lists as offsets into a few tables: `static` data that holds no pointer,
/// so the loader relocates nothing in it (a `&str` in a static is one relocation at every start).
#[derive(Default)]
struct Pool {
    /// Every string, one after the other (identical strings once).
    text: String,
    at: std::collections::HashMap<String, u32>,
    /// `S(offset, len)` items of the string lists.
    strs: Vec<String>,
    patterns: Vec<String>,
    examples: Vec<String>,
    causes: Vec<String>,
}

impl Pool {
    /// `S(offset, len)` of `v` in the text: where it already is (the same string, or a part of
    /// one written before, as most of a pattern's literals are of its regex, written just
    /// before them), else added at the end.
    fn s(&mut self, v: &str) -> String {
        let off = match self.at.get(v) {
            Some(&o) => o,
            None => {
                let o = match self.text.find(v).filter(|_| !v.is_empty()) {
                    Some(i) => u32::try_from(i).expect("rule texts under 4 GiB"),
                    None => {
                        let o = u32::try_from(self.text.len()).expect("rule texts under 4 GiB");
                        self.text.push_str(v);
                        o
                    }
                };
                self.at.insert(v.to_string(), o);
                o
            }
        };
        format!("S({off}, {})", v.len())
    }

    fn string(&mut self, t: &toml::Table, k: &str, f: &Path) -> String {
        let v = t
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{}: `{k}` must be a string", f.display()));
        // A title and a fix summary are printed on one line each, under the finding: a line
        // break in one (a `"""` string's last newline) leaves an empty line in the report.
        if matches!(k, "title" | "summary") && v.contains('\n') {
            panic!("{}: `{k}` must be one line", f.display());
        }
        self.s(v)
    }

    fn opt_str(&mut self, t: &toml::Table, k: &str, f: &Path) -> String {
        match t.get(k) {
            None => "None".to_string(),
            Some(v) => {
                let v = v
                    .as_str()
                    .unwrap_or_else(|| panic!("{}: `{k}` must be a string", f.display()));
                format!("Some({})", self.s(v))
            }
        }
    }

    /// `L(start, len)` in `STRS` of a list of strings.
    fn strings(&mut self, v: Option<&toml::Value>, k: &str, f: &Path) -> String {
        let items: Vec<&str> = match v {
            None => vec![],
            Some(v) => v
                .as_array()
                .unwrap_or_else(|| panic!("{}: `{k}` must be a list", f.display()))
                .iter()
                .map(|x| {
                    x.as_str()
                        .unwrap_or_else(|| panic!("{}: `{k}` must hold strings", f.display()))
                })
                .collect(),
        };
        let start = self.strs.len();
        for i in items {
            let item = self.s(i);
            self.strs.push(item);
        }
        format!("L({start}, {})", self.strs.len() - start)
    }
}

/// `range(list, items)`: appends `items` to `list`, `L(start, len)` of them there.
fn range(list: &mut Vec<String>, items: Vec<String>) -> String {
    let start = list.len();
    list.extend(items);
    format!("L({start}, {})", list.len() - start)
}

/// `static BUILT_RULES: &[RuleData]`: every rule, parsed here, as constant data (one table in
/// the binary, turned into `Rule`s by one loop, instead of code that builds each string).
fn built_rules(ids: &BTreeMap<String, PathBuf>) -> String {
    let mut pool = Pool::default();
    // The examples' strings (test data: `RuleId::examples`, which only tests call) in a text and
    // list of their own, which the release link leaves out with the code that reads them.
    let mut ex = Pool::default();
    let mut s = String::from(
        "\n/// Every rule, parsed from its TOML file at build time.\nstatic BUILT_RULES: &[RuleData] = &[\n",
    );
    // Each log pattern's code (see `logs::need`), one after the other in the registry's order
    // (by rule id, then as written).
    let mut need_code: Vec<u8> = Vec::new();
    // And each one's syntax tree for ASCII text (see `logs::hir_code`), its length first (two
    // bytes, little-endian; zero: parsed at run time).
    let mut hir_code: Vec<u8> = Vec::new();
    for f in ids.values() {
        let text = std::fs::read_to_string(f).unwrap();
        let t: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}", f.display()));
        let table = |k: &str| -> &toml::Table {
            t.get(k)
                .and_then(|v| v.as_table())
                .unwrap_or_else(|| panic!("{}: `[{k}]` missing", f.display()))
        };
        let explain = table("explain");
        let fix = table("fix");
        let opt_list = |k: &str, pool: &mut Pool| match fix.get(k) {
            None => "None".to_string(),
            Some(v) => format!("Some({})", pool.strings(Some(v), k, f)),
        };
        let cm = opt_list("commands_macos", &mut pool);
        let cw = opt_list("commands_windows", &mut pool);
        let cl = opt_list("commands_linux", &mut pool);
        check_placeholders(f, fix);
        let automatic = pool.opt_str(fix, "automatic", f);
        let specificity = match t.get("specificity") {
            None => 1.0,
            Some(v) => v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .unwrap_or_else(|| panic!("{}: `specificity` must be a number", f.display())),
        };
        let symptom = t.get("symptom").and_then(|v| v.as_bool()).unwrap_or(false);
        let differential: Vec<String> = t
            .get("differential")
            .map(|v| {
                v.as_array()
                    .unwrap_or_else(|| panic!("{}: `differential` must be a list", f.display()))
                    .iter()
                    .map(|c| format!("Cause::{}", variant(c, "differential", f)))
                    .collect()
            })
            .unwrap_or_default();
        let differential = range(&mut pool.causes, differential);
        let priority = t.get("priority").and_then(|v| v.as_integer()).unwrap_or(0);
        let examples: Vec<String> = t
            .get("examples")
            .and_then(|v| v.as_array())
            .map(|a| a.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(|e| {
                let e = e
                    .as_table()
                    .unwrap_or_else(|| panic!("{}: `[[examples]]` must be tables", f.display()));
                format!(
                    "ExampleData {{ text: {}, near_miss: {}, source: {}, os: {}, context: {} }}",
                    ex.opt_str(e, "text", f),
                    ex.strings(e.get("near_miss"), "near_miss", f),
                    ex.string(e, "source", f),
                    ex.opt_str(e, "os", f),
                    ex.opt_str(e, "context", f),
                )
            })
            .collect();
        let examples = range(&mut pool.examples, examples);
        let patterns: Vec<String> = t
            .get("patterns")
            .and_then(|v| v.as_array())
            .map(|a| a.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(|p| {
                let p = p
                    .as_table()
                    .unwrap_or_else(|| panic!("{}: `[[patterns]]` must be tables", f.display()));
                if t.get("source").and_then(|v| v.as_str()) == Some("log") {
                    let regex = p.get("regex").and_then(|v| v.as_str()).unwrap_or_default();
                    let literals: Vec<&str> = p
                        .get("literals")
                        .and_then(|v| v.as_array())
                        .map(|a| a.iter().filter_map(|l| l.as_str()).collect())
                        .unwrap_or_default();
                    check_pattern(f, regex);
                    need_code.extend(need::code(regex, &literals));
                    let tree = hir_code::code(regex);
                    let len = u16::try_from(tree.len()).unwrap_or_else(|_| {
                        panic!("{}: a pattern's tree is over 64 KiB", f.display())
                    });
                    hir_code.extend(len.to_le_bytes());
                    hir_code.extend(tree);
                }
                format!(
                    "PatternData {{ regex: {}, literals: {} }}",
                    pool.string(p, "regex", f),
                    pool.strings(p.get("literals"), "literals", f)
                )
            })
            .collect();
        let patterns = range(&mut pool.patterns, patterns);
        let _ = writeln!(
            s,
            "    RuleData {{ id: {id}, cause: Cause::{cause}, severity: Severity::{sev}, impact: Impact::{imp}, source: Source::{src}, title: {title}, \
             what: {what}, why: {why}, explain_fix: {efix}, \
             summary: {summary}, safety: FixSafety::{safety}, automatic: {automatic}, commands: {commands}, commands_macos: {cm}, commands_windows: {cw}, commands_linux: {cl}, \
             specificity: {specificity:?}, symptom: {symptom}, differential: {differential}, priority: {priority}, patterns: {patterns}, examples: {examples} }},",
            id = pool.string(&t, "id", f),
            cause = variant(&t["cause"], "cause", f),
            sev = variant(&t["severity"], "severity", f),
            imp = variant(&t["impact"], "impact", f),
            src = variant(&t["source"], "source", f),
            title = pool.string(&t, "title", f),
            what = pool.string(explain, "what", f),
            why = pool.string(explain, "why", f),
            efix = pool.string(explain, "fix", f),
            summary = pool.string(fix, "summary", f),
            safety = variant(&fix["safety"], "safety", f),
            commands = pool.strings(fix.get("commands"), "commands", f),
        );
    }
    s.push_str("];\n");
    let _ = writeln!(
        s,
        "/// The rules' strings, one after the other.\nstatic TEXT: &str = {:?};",
        pool.text
    );
    let _ = writeln!(
        s,
        "/// The examples' strings, one after the other.\nstatic EXAMPLE_TEXT: &str = {:?};",
        ex.text
    );
    let _ = writeln!(
        s,
        "/// What each log pattern needs (see `logs::need`), one after the other.\nstatic NEED_CODE: [u8; {}] = {:?};",
        need_code.len(),
        need_code
    );
    let _ = writeln!(
        s,
        "/// Each log pattern's syntax tree for ASCII text (see `logs::hir_code`), one after the other.\nstatic HIR_CODE: [u8; {}] = {:?};",
        hir_code.len(),
        hir_code
    );
    for (name, ty, items) in [
        ("STRS", "S", &pool.strs),
        ("EXAMPLE_STRS", "S", &ex.strs),
        ("PATTERNS", "PatternData", &pool.patterns),
        ("EXAMPLES", "ExampleData", &pool.examples),
        ("CAUSES", "Cause", &pool.causes),
    ] {
        let _ = writeln!(
            s,
            "static {name}: [{ty}; {}] = [{}];",
            items.len(),
            items.join(", ")
        );
    }
    s
}

/// Linker arguments of the release binary on x86_64 Linux with glibc (issues 16 and 17):
///
/// - `-no-pie`: a fixed-address executable has no dynamic relocations to apply at start (with
///   PIE, 12,000 of them: 0.29 MB of the file, read at every start, and 0.23 MiB of
///   `.data.rel.ro` written). The libraries, heap and stacks are still placed at random.
/// - `--icf=all`: identical functions folded into one (issue 16: -45 KB); `-O2`: a string that
///   ends another stored once.
/// - `--symbol-ordering-file=scripts/bridge-order.txt`: the functions a running
///   `mcp-doctor bridge` executes (start-up, argument parsing, relaying; stdio, then remote, then
///   what a restart adds) placed first and side by side. The kernel maps a file's pages 64 KiB at a time around each fault; scattered over the
///   4.5 MB of code, those functions made 2.7 MiB of it resident. `scripts/bridge-order.sh`
///   regenerates the list (a stale name is skipped: the binary is only less compact).
///   Only with rustc's own LLD (the default linker there since Rust 1.90), not with another
///   linker set by the user.
///
/// `MCP_DOCTOR_LINK_MAP=FILE`: also write the linker's map (for `scripts/bridge-order.sh`).
/// `MCP_DOCTOR_NO_LINK_TUNING=1`: none of this.
fn link_tuning() {
    println!("cargo:rerun-if-env-changed=MCP_DOCTOR_LINK_MAP");
    println!("cargo:rerun-if-env-changed=MCP_DOCTOR_NO_LINK_TUNING");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("PROFILE") != "release"
        || var("TARGET") != "x86_64-unknown-linux-gnu"
        || !var("MCP_DOCTOR_NO_LINK_TUNING").is_empty()
    {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-no-pie");
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let own_linker = flags.contains("linker")
        || flags.contains("fuse-ld")
        || !var("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_empty();
    if own_linker || !rustc_links_with_lld() {
        return;
    }
    // Functions whose code came out identical (generic copies over types of the same layout) kept
    // once. Rust promises no distinct address per function.
    println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
    // Strings that end another string stored once (lld's tail merging).
    println!("cargo:rustc-link-arg-bins=-Wl,-O2");
    let order = Path::new(&var("CARGO_MANIFEST_DIR")).join("scripts/bridge-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    if let Ok(names) = std::fs::read_to_string(&order) {
        // The names carry hashes that change with the dependencies; the linker script groups each
        // function by its name without the hash, so a stale list still keeps the bridge's code
        // together. Measured (stdio bridge's peak RSS, same object relinked): 3.3 MiB with the
        // list, 3.9 MiB with every crate hash in it changed, 5.1 MiB with no list.
        let script = Path::new(&var("OUT_DIR")).join("bridge-order.ld");
        std::fs::write(&script, order_script(&names)).unwrap();
        println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", script.display());
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
    let map = var("MCP_DOCTOR_LINK_MAP");
    if !map.is_empty() {
        println!("cargo:rustc-link-arg-bins=-Wl,-Map={map}");
    }
}

/// A linker script that puts the listed functions' sections (`.text.NAME`, one per function) in
/// an output section of their own before `.text` (those of stdio and remote sessions: the list's
/// part before `# after a restart`). Each name is first matched exactly, in the list's order (the
/// linker places a section by the first line that matches it); then, for a list gone stale, a
/// legacy-mangled name (`_ZN…17h<hash>E`) is matched again without its hash (every instantiation
/// of that function joins), and a numbered copy (`NAME.123`) without its number; a v0 name (`_R…`,
/// the standard library's) has no hash to drop.
fn order_script(names: &str) -> String {
    let mut exact = Vec::new();
    for name in names.lines().map(str::trim) {
        // What only a restart runs is placed by the list alone (the linker's `#` comments).
        if name.starts_with("# after a restart") {
            break;
        }
        if !name.is_empty() && !name.starts_with('#') {
            exact.push(name);
        }
    }
    let mut s = String::from("SECTIONS\n{\n  .text.bridge :\n  {\n");
    // The C start-up code (`_start`), which every run executes.
    s.push_str("    *crt1.o(.text)\n");
    for name in &exact {
        let _ = writeln!(s, "    *(.text.{name})");
    }
    let mut seen = std::collections::BTreeSet::new();
    for name in &exact {
        // A local copy the optimiser made is `NAME.<number>`, and the number changes with any
        // change to the code.
        let (base, numbered) = match name.rsplit_once('.') {
            Some((b, n)) if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => (b, true),
            _ => (*name, false),
        };
        // `17h` + 16 hex digits + `E`
        let hashed = base.is_ascii()
            && base.starts_with("_ZN")
            && base.len() > 23
            && base[base.len() - 20..].starts_with("17h")
            && base[base.len() - 17..base.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_hexdigit());
        let pattern = if hashed {
            format!("{}*", &base[..base.len() - 17])
        } else if numbered {
            format!("{base}.*")
        } else {
            continue;
        };
        if seen.insert(pattern.clone()) {
            let _ = writeln!(s, "    *(.text.{pattern})");
        }
    }
    s.push_str("  }\n}\nINSERT BEFORE .text;\n");
    s
}

/// Whether this rustc links x86_64-unknown-linux-gnu with its own LLD by default (1.90 and later).
fn rustc_links_with_lld() -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("-vV").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(release) = text.lines().find_map(|l| l.strip_prefix("release: ")) else {
        return false;
    };
    let mut parts = release
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}

/// The `{name}` placeholders the code fills in a rule's fix templates (`Finding::vars`, the log
/// classifier's captures and `logs` decorations). A template naming another one would be shown
/// with the `{name}` left in it (tests/placeholders.rs checks the filled output): refuse it here.
/// Adding a placeholder is adding its name here and filling it where the finding is built.
#[rustfmt::skip]
const PLACEHOLDERS: &[&str] = &[
    "after", "args", "change", "changed", "client", "cmd", "code", "command", "dir", "export",
    "file", "found", "have", "host", "how", "install", "interval", "key", "lang", "line", "meant", "module",
    "name", "names", "pass", "path", "program", "rule", "server", "status", "step", "suggestion",
    "type", "url", "validate", "value", "var", "want", "what", "why", "winner",
    // Filled from the finding's client (`clients::Client::startup_timeout`).
    "timeout_how", "timeout_cmd",
    // Filled by the code, read by its fix planner rather than by a template.
    "cwd", "interpreter", "pointer", "root", "timeout",
];

/// `finding::Var`, one variant per [`PLACEHOLDERS`] name: the code fills a placeholder by its
/// variant, so a name no template knows is a compile error.
fn var_enum() {
    let camel = |n: &str| -> String {
        n.split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect()
    };
    let mut s = String::from(
        "/// A fix template's `{name}` placeholder (generated by build.rs from its PLACEHOLDERS).\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum Var {\n",
    );
    for n in PLACEHOLDERS {
        let _ = writeln!(s, "    {},", camel(n));
    }
    s.push_str("}\n\nimpl Var {\n    /// The name the templates write between braces.\n    pub const fn as_str(self) -> &'static str {\n        match self {\n");
    for n in PLACEHOLDERS {
        let _ = writeln!(s, "            Var::{} => {n:?},", camel(n));
    }
    s.push_str("        }\n    }\n\n    /// The placeholder of a name (a log pattern's capture group).\n    pub fn from_name(n: &str) -> Option<Var> {\n        match n {\n");
    for n in PLACEHOLDERS {
        let _ = writeln!(s, "            {n:?} => Some(Var::{}),", camel(n));
    }
    s.push_str("            _ => None,\n        }\n    }\n}\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("var.rs");
    std::fs::write(&out, s).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// Every `{name}` of a rule's fix templates (summary, automatic, commands and the per-OS command
/// lists) is one of [`PLACEHOLDERS`]. A name is ASCII lower-case letters, digits and `_`, as the
/// templates write them; `${VAR}` (a shell variable) and `{}` are not placeholders.
fn check_placeholders(f: &Path, fix: &toml::Table) {
    let mut texts: Vec<&str> = Vec::new();
    for k in ["summary", "automatic"] {
        texts.extend(fix.get(k).and_then(|v| v.as_str()));
    }
    for k in [
        "commands",
        "commands_macos",
        "commands_windows",
        "commands_linux",
    ] {
        if let Some(a) = fix.get(k).and_then(|v| v.as_array()) {
            texts.extend(a.iter().filter_map(|v| v.as_str()));
        }
    }
    for t in texts {
        for name in template::placeholders(t) {
            assert!(
                PLACEHOLDERS.contains(&name),
                "{}: fix template `{t}` names `{{{name}}}`, which no code fills \
                 (known: {}); add it to build.rs's PLACEHOLDERS and fill it, or fix the name",
                f.display(),
                PLACEHOLDERS.join(", ")
            );
        }
    }
}

/// A log pattern that does not parse would be dropped at run time (it never matches): refuse it
/// here, and refuse a capture group other than the ones the templates read.
fn check_pattern(f: &Path, regex: &str) {
    use regex_syntax::hir::{Hir, HirKind};
    let hir = regex_syntax::parse(regex)
        .unwrap_or_else(|e| panic!("{}: pattern `{regex}` does not parse:\n{e}", f.display()));
    fn names<'h>(h: &'h Hir, out: &mut Vec<&'h str>) {
        match h.kind() {
            HirKind::Capture(c) => {
                out.extend(c.name.as_deref());
                names(&c.sub, out);
            }
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().for_each(|x| names(x, out)),
            HirKind::Repetition(r) => names(&r.sub, out),
            _ => {}
        }
    }
    let mut found = Vec::new();
    names(&hir, &mut found);
    for n in found {
        assert!(
            need::CAPTURES.contains(&n),
            "{}: pattern `{regex}` captures `{n}`: only {} are read",
            f.display(),
            need::CAPTURES.join(", ")
        );
    }
}

/// The client registry (`src/clients/mod.rs` includes it): one `Variant => module,` line per file
/// of `src/clients/`, read from the file's `pub const ID: ClientId = ClientId::Variant;` and
/// ordered by its `pub const ORDER: u8 = N;`. A client is then its own file and nothing else.
fn client_registry() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("src/clients");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(u8, String, String)> = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("mod.rs"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let module = p.file_stem().unwrap().to_string_lossy().into_owned();
        let find = |prefix: &str| {
            text.lines().find_map(|l| {
                let v = l.trim().strip_prefix(prefix)?.trim().strip_suffix(';')?;
                Some(v.trim().to_string())
            })
        };
        let variant = find("pub const ID: ClientId = ClientId::").unwrap_or_else(|| {
            panic!(
                "{}: no `pub const ID: ClientId = ClientId::Variant;`",
                p.display()
            )
        });
        let order: u8 = find("pub const ORDER: u8 =")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{}: no `pub const ORDER: u8 = N;`", p.display()));
        if let Some(prev) = entries.iter().find(|e| e.0 == order || e.1 == variant) {
            panic!(
                "{}: ORDER {order} / ClientId::{variant} already taken by src/clients/{}.rs",
                p.display(),
                prev.2
            );
        }
        entries.push((order, variant, module));
    }
    entries.sort();
    let mut s = String::from("clients! {\n");
    for (_, variant, module) in &entries {
        // Inside `include!` a `mod` would be looked for beside the generated file: say where it is.
        let path = dir.join(format!("{module}.rs"));
        let _ = writeln!(
            s,
            "    {variant} => {module} @ {:?},",
            path.display().to_string()
        );
    }
    s.push_str("}\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("clients.rs");
    std::fs::write(&out, s).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
