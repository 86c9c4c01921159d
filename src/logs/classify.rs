//! Classification of log lines by the `source = "log"` rules of the registry, in one pass per line:
//! one index of every rule's literals (and the lifecycle markers used for evidence over time),
//! built in microseconds, finds which occur in a line; only the patterns whose literals a line contains run on it, and each
//! pattern's regex is compiled the first time one of its literals is seen, so a scan pays only for
//! the patterns its text can reach (a `check` of a home with a few healthy logs compiles none).
//! What a line must contain for each pattern to match is read at build time (see `need`): a
//! line that lacks it is told apart without parsing the pattern.
use super::{hir_code, need};
use crate::finding::Var;
use crate::machine::Os;
#[cfg(test)]
use crate::rules::registry;
use crate::rules::RuleId;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use std::sync::OnceLock;

/// What happened to the server's process or connection, independent of why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Start,
    Disconnect,
    /// The session is established: the client sent `notifications/initialized` (after the
    /// server's `initialize` answer) or a request that only follows it.
    Up,
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
    // The client's own messages as clients log them (Claude Desktop's `Message from client`,
    // VS Code's `[client -> server]` trace); the spec's lifecycle puts each after `initialize`:
    // modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle
    ("notifications/initialized", Lifecycle::Up),
    ("\"method\":\"tools/list\"", Lifecycle::Up),
    ("\"method\":\"tools/call\"", Lifecycle::Up),
    ("\"method\":\"resources/list\"", Lifecycle::Up),
    ("\"method\":\"prompts/list\"", Lifecycle::Up),
];

/// The markers of one kind of lifecycle event.
pub fn markers(kind: Lifecycle) -> impl Iterator<Item = &'static str> {
    MARKERS.iter().filter(move |m| m.1 == kind).map(|m| m.0)
}

/// The named captures a log pattern may have (the finding's vars); build.rs and the rule tests
/// hold every pattern to this list.
pub use super::need::CAPTURES;

/// One pattern of one rule; its regex is compiled on first use.
struct Pat {
    rule: RuleId,
    priority: i32,
    specificity: f64,
    src: &'static str,
    /// The pattern's flags and what a line must contain for it to match (see [`need`]), read
    /// from its syntax at build time: a line without it is told apart without parsing or
    /// compiling the regex (hundreds of microseconds to milliseconds each), and a pattern that is
    /// one literal is matched on ASCII text without any regex.
    code: &'static [u8],
    /// The pattern's syntax tree for ASCII text, encoded at build time (see [`hir_code`]):
    /// rebuilt without parsing the regex. Empty: parsed at run time.
    hir: &'static [u8],
    re: OnceLock<Option<Regex>>,
    /// The pattern's engines without Unicode (`(?-u)`: ASCII case folding and ASCII `\w`, `\s`,
    /// `\d`, `\b`), for ASCII text, where they match exactly what the Unicode regex matches,
    /// with the same captures: compiled in a fraction of the time (the Unicode classes of `(?i)`
    /// and `\w` make most of a regex's compile cost), which is what a `check` of a few small
    /// logs pays. `None` inside: the pattern needs Unicode mode (then the Unicode regex is used).
    /// Boxed, as `unicode`: inline, the engines made every pattern 2.6 KB, and building the
    /// classifier wrote 1.3 MB for its five hundred patterns, most of which never compile.
    ascii: OnceLock<Option<Box<Engines>>>,
    /// The same engines built from the pattern read with Unicode (a UTF-8 NFA), for a line that
    /// is not ASCII: what the full regex matches, with the same groups, without its reverse
    /// automaton and literal analysis (most of its compile time). The full regex reads only what
    /// they cannot (a text too long for the backtracker, where the lazy DFA gave up).
    unicode: OnceLock<Option<Box<Engines>>>,
}

/// A pattern's engines from one NFA (built in a fraction of a full regex's time): a backtracker
/// tells whether a line matches for the pattern's first few lines, a lazy DFA after them (a
/// scan of a big log), and the backtracker reads the groups of the line that chose the pattern
/// (a text too long for it is read by the full regex). Built from the pattern read
/// without Unicode for ASCII text ([`Pat::ascii`]), or with it for any text ([`Pat::unicode`]).
struct Engines {
    /// The lazy DFA and its cache, built at the pattern's [`BACKTRACK_FIRST`]-th search (or at
    /// the first a text too long for the backtracker asks): most patterns of a `check` of a few
    /// small logs read one or two lines, for which building a DFA and its first states costs more
    /// than the backtracker's whole search. `None` inside: it could not be built.
    dfa: OnceLock<Option<LazyDfa>>,
    nfa: regex_automata::nfa::thompson::NFA,
    searches: std::sync::atomic::AtomicU32,
    bt: regex_automata::nfa::thompson::backtrack::BoundedBacktracker,
    cache: std::sync::Mutex<regex_automata::nfa::thompson::backtrack::Cache>,
}

struct LazyDfa {
    dfa: regex_automata::hybrid::dfa::DFA,
    cache: std::sync::Mutex<regex_automata::hybrid::dfa::Cache>,
}

/// How many searches of a pattern the backtracker makes before its lazy DFA is built (the
/// answer is the same either way: both run the pattern's one NFA).
const BACKTRACK_FIRST: u32 = 8;

/// The NFA compiler every pattern is compiled by: its tables for Unicode classes are allocated
/// once, not once per pattern. `utf8`: for a text that may not be ASCII (matches end on
/// character boundaries), otherwise for ASCII text only (every position is a boundary).
fn nfa_compiler(utf8: bool) -> &'static std::sync::Mutex<regex_automata::nfa::thompson::Compiler> {
    type C = OnceLock<std::sync::Mutex<regex_automata::nfa::thompson::Compiler>>;
    static ASCII: C = OnceLock::new();
    static UTF8: C = OnceLock::new();
    (if utf8 { &UTF8 } else { &ASCII }).get_or_init(|| {
        let mut c = regex_automata::nfa::thompson::Compiler::new();
        c.configure(regex_automata::nfa::thompson::Config::new().utf8(utf8));
        std::sync::Mutex::new(c)
    })
}

impl Engines {
    /// The engines of `hir` through the UTF-8 compiler when `utf8` (see [`nfa_compiler`]).
    fn compiled(hir: regex_syntax::hir::Hir, utf8: bool) -> Option<Engines> {
        let nfa = nfa_compiler(utf8)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .build_from_hir(&hir)
            .ok()?;
        let bt =
            regex_automata::nfa::thompson::backtrack::BoundedBacktracker::new_from_nfa(nfa.clone())
                .ok()?;
        let cache = std::sync::Mutex::new(bt.create_cache());
        Some(Engines {
            dfa: OnceLock::new(),
            nfa,
            searches: std::sync::atomic::AtomicU32::new(0),
            bt,
            cache,
        })
    }

    /// The lazy DFA (see [`Engines::dfa`]).
    fn dfa(&self) -> Option<&LazyDfa> {
        self.dfa
            .get_or_init(|| {
                // A Unicode word boundary: the lazy DFA gives up at the first byte that is not
                // ASCII, and the backtracker decides (it reads every look-around).
                let dfa = regex_automata::hybrid::dfa::DFA::builder()
                    .configure(
                        regex_automata::hybrid::dfa::DFA::config().unicode_word_boundary(true),
                    )
                    .build_from_nfa(self.nfa.clone())
                    .ok()?;
                let cache = std::sync::Mutex::new(dfa.create_cache());
                Some(LazyDfa { dfa, cache })
            })
            .as_ref()
    }

    fn is_match(&self, hay: &[u8]) -> Option<bool> {
        let input = regex_automata::Input::new(hay).earliest(true);
        let n = self
            .searches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n < BACKTRACK_FIRST && hay.len() <= self.bt.max_haystack_len() {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            if let Ok(m) = self.bt.try_is_match(&mut cache, input.clone()) {
                return Some(m);
            }
        }
        let found = self.dfa().map(|d| {
            let mut cache = d.cache.lock().unwrap_or_else(|e| e.into_inner());
            d.dfa.try_search_fwd(&mut cache, &input)
        });
        match found {
            Some(Ok(m)) => Some(m.is_some()),
            // The lazy DFA gave up (or could not be built): the other engines decide.
            _ => self.captures(hay).map(|(c, _)| c.is_match()),
        }
    }

    /// The first match's groups and the names of the groups, by the backtracker (`None` for a
    /// text too long for it: the Unicode regex reads it, with the same groups).
    fn captures(
        &self,
        hay: &[u8],
    ) -> Option<(
        regex_automata::util::captures::Captures,
        regex_automata::util::captures::GroupInfo,
    )> {
        let mut caps = self.bt.create_captures();
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        self.bt.try_captures(&mut cache, hay, &mut caps).ok()?;
        Some((caps, self.bt.get_nfa().group_info().clone()))
    }
}

/// The finding variable a capture group of this name fills, if it is one of [`CAPTURES`].
fn known_var(name: &str) -> Option<Var> {
    CAPTURES
        .contains(&name)
        .then(|| Var::from_name(name))
        .flatten()
}

impl Pat {
    fn regex(&self) -> Option<&Regex> {
        self.re.get_or_init(|| Regex::new(self.src).ok()).as_ref()
    }

    fn flags(&self) -> u8 {
        need::flags_of(self.code)
    }

    /// The engines for a text that is not ASCII (see [`Pat::unicode`]).
    fn unicode_engines(&self) -> Option<&Engines> {
        self.unicode
            .get_or_init(|| {
                // Read as `Regex::new` reads it (Unicode and UTF-8 on).
                let hir = regex_syntax::ParserBuilder::new()
                    .build()
                    .parse(self.src)
                    .ok()?;
                Engines::compiled(hir, true).map(Box::new)
            })
            .as_deref()
    }

    fn ascii_engines(&self) -> Option<&Engines> {
        self.ascii
            .get_or_init(|| {
                if self.flags() & need::flags::UNICODE_ONLY != 0 {
                    return None;
                }
                let hir = match hir_code::decode(self.hir, self.src) {
                    Some(h) => h,
                    None => hir_code::ascii_hir(self.src)?,
                };
                Engines::compiled(hir, false).map(Box::new)
            })
            .as_deref()
    }

    /// Whether the pattern matches `msg`; when `ascii` (`msg` is ASCII), by its literal or its
    /// ASCII engines.
    fn is_match(&self, msg: &str, ascii: bool) -> bool {
        if ascii {
            if self.flags() & need::flags::SIMPLE != 0 {
                return need::simple_match(self.code, self.src, msg.as_bytes());
            }
            if let Some(m) = self
                .ascii_engines()
                .and_then(|a| a.is_match(msg.as_bytes()))
            {
                return m;
            }
        } else if let Some(m) = self
            .unicode_engines()
            .and_then(|u| u.is_match(msg.as_bytes()))
        {
            return m;
        }
        self.regex().is_some_and(|re| re.is_match(msg))
    }

    /// The known named captures of the pattern's first match in `msg` (see [`Pat::is_match`]).
    fn captures(&self, msg: &str, ascii: bool) -> Vec<(Var, String)> {
        let mut vars = Vec::new();
        if ascii && self.flags() & need::flags::SIMPLE != 0 {
            // One literal: no groups.
            return vars;
        }
        let engines = if ascii {
            self.ascii_engines()
        } else {
            self.unicode_engines()
        };
        if let Some((caps, groups)) = engines.and_then(|a| a.captures(msg.as_bytes())) {
            let pid = regex_automata::PatternID::ZERO;
            if caps.is_match() && groups.group_len(pid) > 1 {
                for name in groups.pattern_names(pid).flatten() {
                    if let (Some(k), Some(m)) = (known_var(name), caps.get_group_by_name(name)) {
                        // On a character boundary: an ASCII text, or a UTF-8 automaton's match.
                        if let Some(text) = msg.get(m.start..m.end) {
                            vars.push((k, captured(k.as_str(), text)));
                        }
                    }
                }
            }
            return vars;
        }
        self.regex_captures(msg)
    }

    /// [`Pat::captures`] by the full regex alone.
    fn regex_captures(&self, msg: &str) -> Vec<(Var, String)> {
        let mut vars = Vec::new();
        let Some(re) = self.regex() else {
            return vars;
        };
        if re.captures_len() <= 1 {
            return vars;
        }
        if let Some(caps) = re.captures(msg) {
            for name in re.capture_names().flatten() {
                if let (Some(k), Some(m)) = (known_var(name), caps.name(name)) {
                    vars.push((k, captured(k.as_str(), m.as_str())));
                }
            }
        }
        vars
    }

    /// Whether this pattern should be preferred over `other` for a line both match.
    fn beats(&self, other: &Pat) -> bool {
        (self.priority, self.specificity) > (other.priority, other.specificity)
    }
}

/// Words of a line that may matter although no rule's literal is in it: an error level or an
/// exception (an unknown error to show), a warning (a message that may wrap onto the next line),
/// the PATH list Claude Desktop logs.
const CONCERNS: &[&str] = &[
    "err",
    "fatal",
    "panic",
    "exception",
    "crit",
    "severe",
    "warn",
    "fail",
    "with path",
    "and path:",
];

/// Words that say something failed (`error_score` counts them): a line with one is an error line
/// in a short paste, so the prefilter lets them through as well.
pub const FAILURE_WORDS: &[&str] = &[
    "failed",
    "failure",
    // "fails to start", "would fail to resolve": a failure told in the present.
    "fails to",
    "fail to",
    "fatal",
    "panic",
    "crash",
    "cannot",
    "could not",
    "unable to",
    "did not",
    "timed out",
    "timeout",
    "refused",
    "denied",
    "rejected",
    "invalid",
    "not found",
    "unauthorized",
    "mcp error -",
    "expired",
    "unavailable",
    "disconnected",
    "closed",
    "terminated",
    "killed",
    "out of memory",
    "error",
    // What a server says of a thing it needs: a missing key, an unset variable, a file or
    // command that is not there, a feature it lacks; and the marks clients print on a failed
    // server (Codex's and Gemini CLI's `✗`/`⚠`, `❌` in many servers' own output).
    "missing",
    "not set",
    "undefined",
    "can't",
    "couldn't",
    "no such",
    "does not exist",
    "not recognized",
    "not allowed",
    "forbidden",
    "abort",
    "exited",
    "non-zero",
    "unsupported",
    "not supported",
    "not installed",
    "not configured",
    "unreachable",
    "interrupted",
    // The errno names a failed system call reports (POSIX, as Node, Python, Go and libuv print
    // them: `code: 'ENOENT'`, `[Errno 13] EACCES`, `connect ECONNREFUSED`, `getaddrinfo
    // ENOTFOUND`): each names a failure whatever words stand around it. (Not EPERM: the word
    // `somePermission` holds it; its messages say `operation not permitted` after an `Error:`.)
    "enoent",
    "eacces",
    "econnrefused",
    "econnreset",
    "econnaborted",
    "etimedout",
    "enotfound",
    "eai_again",
    "ehostunreach",
    "enetunreach",
    "eaddrinuse",
    "epipe",
    "emfile",
    "enotdir",
    "enoexec",
    "\u{2717}",
    "\u{2718}",
    "\u{274c}",
    // The same in the languages users most often paste logs in (clients and servers localise
    // their messages; Claude Desktop ships its dialogs in German, French, Japanese, Korean,
    // Chinese…): error, failed, invalid, cannot.
    "fehler",
    "fehlgeschlagen",
    "ung\u{fc}ltig",
    "keine g\u{fc}ltige",
    "erreur",
    "\u{e9}chec",
    "impossible de",
    "fall\u{f3}",
    "no se pudo",
    "erro ",
    "falhou",
    "\u{43e}\u{448}\u{438}\u{431}\u{43a}\u{430}",
    "\u{9519}\u{8bef}",
    "\u{5931}\u{8d25}",
    "\u{65e0}\u{6cd5}",
    // 报错 ("reported an error"), 超时 (timed out).
    "\u{62a5}\u{9519}",
    "\u{8d85}\u{65f6}",
    "\u{30a8}\u{30e9}\u{30fc}",
    "\u{5931}\u{6557}",
    "\u{c624}\u{b958}",
    "\u{c2e4}\u{d328}",
];

/// Where the rules' literals and the lifecycle markers occur in a text, found through a table of
/// their first bytes (ASCII case folded): built in microseconds, where an automaton over ~600
/// literals takes milliseconds, more than a `check` with a few small logs spends reading them.
/// Finds what a case-insensitive Aho-Corasick automaton over the same strings finds.
pub(crate) struct Index {
    /// Per bucket (a hash of the folded first three bytes), where its strings start in `heads`:
    /// bucket `b` holds `heads[starts[b]..starts[b + 1]]`.
    starts: Vec<u16>,
    /// (folded first three bytes, string number), by bucket.
    heads: Vec<(u32, u16)>,
    /// Strings shorter than three bytes (none among the rules: their tests forbid it), tried at
    /// every position.
    short: Vec<u16>,
    strings: Vec<&'static [u8]>,
    /// Per string, its first eight bytes (fewer if shorter) with bit 5 set, and the mask of
    /// those bytes: a candidate whose key matched is checked against them in one operation
    /// before the full comparison (many strings share their first three bytes: `err`, `sta`).
    prefix: Vec<(u64, u64)>,
}

/// Bit 5 of every byte: ASCII letters folded to lower case (and other bytes folded together,
/// which the full comparison tells apart).
const FOLD8: u64 = 0x2020_2020_2020_2020;

/// Buckets of [`Index`] (a power of two).
const BUCKETS: usize = 4096;

impl Index {
    fn new(strings: impl Iterator<Item = &'static str>) -> Index {
        let strings: Vec<&'static [u8]> = strings.map(str::as_bytes).collect();
        let mut heads = Vec::new();
        let mut short = Vec::new();
        for (i, s) in strings.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX);
            if s.len() < 3 {
                if !s.is_empty() {
                    short.push(i);
                }
                continue;
            }
            heads.push((Self::key(s), i));
        }
        // Placed by bucket, each bucket in string order (a counting sort: the heads that can
        // match at one position, those of one key, are then in string order, as the search
        // reports them).
        let mut starts = vec![0u16; BUCKETS + 1];
        for &(k, _) in &heads {
            starts[Self::bucket(k) + 1] += 1;
        }
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        let mut next: Vec<u16> = starts[..BUCKETS].to_vec();
        let mut placed = vec![(0u32, 0u16); heads.len()];
        for &(k, i) in &heads {
            let b = Self::bucket(k);
            placed[usize::from(next[b])] = (k, i);
            next[b] += 1;
        }
        let heads = placed;
        let prefix = strings
            .iter()
            .map(|s| {
                let n = s.len().min(8);
                let mut w = [0u8; 8];
                w[..n].copy_from_slice(&s[..n]);
                let mask = if n == 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * n)) - 1
                };
                ((u64::from_le_bytes(w) | FOLD8) & mask, mask)
            })
            .collect();
        Index {
            starts,
            heads,
            short,
            strings,
            prefix,
        }
    }

    /// The first three bytes of `s` (at least three long) with bit 5 set: ASCII letters folded
    /// to lower case (and a few other bytes folded together, which the full comparison after
    /// the key tells apart). One load and two operations per position.
    fn key(s: &[u8]) -> u32 {
        let w = match s.get(..4) {
            Some(w) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
            None => u32::from_le_bytes([s[0], s[1], s[2], 0]),
        };
        (w | 0x0020_2020) & 0x00ff_ffff
    }

    fn bucket(k: u32) -> usize {
        (k.wrapping_mul(0x9E37_79B1) >> 20) as usize & (BUCKETS - 1)
    }

    /// Calls `f(string number, end)` for every occurrence of every string in `hay` (overlapping),
    /// in order of their start. Stops when `f` returns `false`.
    fn each(&self, hay: &[u8], mut f: impl FnMut(usize, usize) -> bool) {
        let n = hay.len();
        let found = |j: u16, i: usize| {
            let s = &self.strings[usize::from(j)];
            hay.len() - i >= s.len() && hay[i..i + s.len()].eq_ignore_ascii_case(s)
        };
        for i in 0..n {
            for &j in &self.short {
                if found(j, i) && !f(usize::from(j), i + self.strings[usize::from(j)].len()) {
                    return;
                }
            }
            if n - i < 3 {
                continue;
            }
            let k = Self::key(&hay[i..]);
            let b = Self::bucket(k);
            let (from, to) = (usize::from(self.starts[b]), usize::from(self.starts[b + 1]));
            if from == to {
                continue;
            }
            // The eight bytes at `i` (with bit 5 set), zeros past the end.
            let w = match hay.get(i..i + 8) {
                Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])),
                None => {
                    let mut w = [0u8; 8];
                    w[..n - i].copy_from_slice(&hay[i..]);
                    u64::from_le_bytes(w)
                }
            } | FOLD8;
            for &(hk, j) in &self.heads[from..to] {
                let (p, m) = self.prefix[usize::from(j)];
                if hk == k
                    && w & m == p
                    && found(j, i)
                    && !f(usize::from(j), i + self.strings[usize::from(j)].len())
                {
                    return;
                }
            }
        }
    }

    fn is_match(&self, hay: &[u8]) -> bool {
        let mut found = false;
        self.each(hay, |_, _| {
            found = true;
            false
        });
        found
    }
}

/// Whether `hay` holds one of `words` (ASCII case aside), through an [`Index`] built on first use
/// for that word list (one per call site: `words` must be a constant): what a case-insensitive
/// automaton over them finds, at a build cost of microseconds where an automaton's is a fair
/// part of a `check` of a few small logs.
pub(crate) fn has_any_word(
    cell: &'static OnceLock<Index>,
    words: impl Iterator<Item = &'static str>,
    hay: &[u8],
) -> bool {
    cell.get_or_init(|| Index::new(words)).is_match(hay)
}

/// A string compared and hashed with ASCII case folded.
struct Folded(&'static str);

impl PartialEq for Folded {
    fn eq(&self, other: &Folded) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded {}

impl std::hash::Hash for Folded {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // The length and the first and last eight bytes, folded: equal strings (case aside)
        // hash alike, and the few others that do are told apart by `eq`.
        let b = self.0.as_bytes();
        let folded = |part: &[u8]| {
            part.iter()
                .fold(0u64, |w, c| (w << 8) | u64::from(c.to_ascii_lowercase()))
        };
        h.write_u64(folded(&b[..b.len().min(8)]));
        h.write_u64(folded(&b[b.len().saturating_sub(8)..]));
        h.write_usize(b.len());
    }
}

pub struct Classifier {
    /// The rules' literals, then the lifecycle markers.
    index: Index,
    /// Every literal, marker and concern in one automaton: a line it does not match needs no
    /// header parsing, UTF-8 validation or classification at all. Built for the first big file.
    concern: OnceLock<AhoCorasick>,
    literals: Vec<&'static str>,
    /// Per literal of the automaton (in its pattern order), the patterns that literal gates.
    gates: Vec<Vec<u16>>,
    patterns: Vec<Pat>,
    pub errors: Vec<String>,
}

/// A line's classification.
#[derive(Clone, Debug, Default)]
pub struct Verdict {
    pub rule: Option<RuleId>,
    /// Named captures of the matching pattern (`cmd`, `path`, `module`, `var`, `code`).
    pub vars: Vec<(Var, String)>,
    pub lifecycle: Option<Lifecycle>,
    /// The line holds a literal of some rule (whether or not a pattern matched).
    pub literal: bool,
    /// The pattern that chose `rule`, to compare two readings of one line ([`Verdict::beats`]).
    pattern: Option<u16>,
}

impl Verdict {
    /// Whether this reading names a rule by a stronger pattern than `other` (or `other` names none).
    pub fn beats(&self, other: &Verdict) -> bool {
        let c = Classifier::get();
        match (self.pattern, other.pattern) {
            (Some(a), Some(b)) => c.patterns[usize::from(a)].beats(&c.patterns[usize::from(b)]),
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

impl Classifier {
    fn build() -> Classifier {
        let mut literals: Vec<&'static str> = Vec::with_capacity(1024);
        let mut gates: Vec<Vec<u16>> = Vec::with_capacity(1024);
        let mut patterns = Vec::with_capacity(512);
        let mut errors = Vec::new();
        // (Keyed by the literal with ASCII case folded, without a copy: the classifier is built
        // on the first line a scan reads, and a `check` of a few small logs pays for it.)
        // Sized for the rules' literals (about a thousand): growing it rehashed every literal
        // ten times over.
        let mut seen: std::collections::HashMap<Folded, usize, foldhash::fast::RandomState> =
            std::collections::HashMap::with_capacity_and_hasher(2048, Default::default());
        // Straight from the tables build.rs wrote: no rule is built for the classifier.
        let mut codes = crate::rules::log_need_code();
        let mut trees = crate::rules::log_hir_code();
        for p in crate::rules::log_patterns() {
            // Each pattern's code, one after the other.
            let (code, rest) = codes.split_at(need::code_len(codes).min(codes.len()));
            codes = rest;
            // Its tree: a length, then the encoding.
            let (hir, rest): (&[u8], &[u8]) = match trees {
                [a, b, rest @ ..] => {
                    rest.split_at(usize::from(u16::from_le_bytes([*a, *b])).min(rest.len()))
                }
                _ => (&[], &[]),
            };
            trees = rest;
            let Ok(index) = u16::try_from(patterns.len()) else {
                errors.push(format!("log rules: more than {} patterns", u16::MAX));
                break;
            };
            patterns.push(Pat {
                rule: p.rule,
                priority: p.priority,
                specificity: p.specificity,
                src: p.regex,
                code,
                hir,
                re: OnceLock::new(),
                ascii: OnceLock::new(),
                unicode: OnceLock::new(),
            });
            for l in p.literals {
                // Matching is case-insensitive: literals that differ only in case are one.
                match seen.entry(Folded(l)) {
                    std::collections::hash_map::Entry::Occupied(e) => gates[*e.get()].push(index),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(literals.len());
                        literals.push(l);
                        gates.push(vec![index]);
                    }
                }
            }
        }
        let index = Index::new(literals.iter().copied().chain(MARKERS.iter().map(|m| m.0)));
        Classifier {
            index,
            concern: OnceLock::new(),
            literals,
            gates,
            patterns,
            errors,
        }
    }

    /// The classifier of the embedded rules, built once per process (the automaton only: no
    /// regex is compiled until a line contains one of its literals).
    pub fn get() -> &'static Classifier {
        static C: OnceLock<Classifier> = OnceLock::new();
        C.get_or_init(Classifier::build)
    }

    /// Whether `hay` (any bytes: a whole read buffer) contains a literal of some rule or a
    /// lifecycle marker, i.e. whether any line in it could classify as anything.
    pub fn may_match(&self, hay: &[u8]) -> bool {
        self.index.is_match(hay)
    }

    /// Whether a line (raw bytes) may matter to the scan: a rule's literal, a lifecycle marker, an
    /// error or warning word, a logged PATH. A line that does not is skipped unread.
    pub fn concerns(&self, line: &[u8]) -> bool {
        self.concern
            .get_or_init(|| {
                let all = self
                    .literals
                    .iter()
                    .copied()
                    .chain(MARKERS.iter().map(|m| m.0))
                    .chain(CONCERNS.iter().copied())
                    .chain(FAILURE_WORDS.iter().copied());
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(all)
                    // Everything concerns: the scan reads every line.
                    .unwrap_or_else(|_| AhoCorasick::new([""]).expect("the empty pattern builds"))
            })
            .is_match(line)
    }

    /// Whether a message has an error or warning word (the start of a message that may wrap).
    pub fn alarming(msg: &str) -> bool {
        if let Some(found) = super::few_words(msg.as_bytes(), CONCERNS, true) {
            return found;
        }
        static A: OnceLock<AhoCorasick> = OnceLock::new();
        A.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(super::word_automaton_kind())
                .build(CONCERNS)
                .expect("constant patterns")
        })
        .is_match(msg)
    }

    /// How many patterns have had their regex compiled so far (for tests and benchmarks).
    pub fn compiled(&self) -> usize {
        self.patterns
            .iter()
            .filter(|p| {
                p.re.get().is_some()
                    || p.ascii.get().is_some_and(Option::is_some)
                    || p.unicode.get().is_some_and(Option::is_some)
            })
            .count()
    }

    /// Whether pattern `i` matches `msg` (compiling it on first use). `ascii`: `msg` is ASCII.
    fn hits(&self, i: usize, msg: &str, ascii: bool) -> bool {
        let p = &self.patterns[i];
        need::holds(p.code, p.src, msg.as_bytes()) && p.is_match(msg, ascii)
    }

    /// Classifies one line's message.
    pub fn classify(&self, msg: &str) -> Verdict {
        let mut v = Verdict::default();
        let n_lit = self.gates.len();
        let mut candidates: Vec<u16> = Vec::new();
        // The lifecycle of the marker that ends first (the longer of two ending together), as an
        // automaton reading the line would report it.
        let mut marker: Option<(usize, std::cmp::Reverse<usize>, Lifecycle)> = None;
        self.index.each(msg.as_bytes(), |i, end| {
            if i < n_lit {
                candidates.extend_from_slice(&self.gates[i]);
            } else if let Some(&(m, l)) = MARKERS.get(i - n_lit) {
                let at = (end, std::cmp::Reverse(m.len()), l);
                if marker.is_none_or(|b| (at.0, at.1) < (b.0, b.1)) {
                    marker = Some(at);
                }
            }
            true
        });
        v.lifecycle = marker.map(|m| m.2);
        if candidates.is_empty() {
            return v;
        }
        v.literal = true;
        candidates.sort_unstable();
        candidates.dedup();
        // The strongest first: once one matches, weaker patterns of other rules need not run.
        candidates.sort_by(|&a, &b| {
            let (p, q) = (
                &self.patterns[usize::from(a)],
                &self.patterns[usize::from(b)],
            );
            (q.priority, q.specificity)
                .partial_cmp(&(p.priority, p.specificity))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        let mut matched: Vec<usize> = Vec::new();
        let mut best: Option<usize> = None;
        let ascii = msg.is_ascii();
        for &c in &candidates {
            let i = usize::from(c);
            // A pattern that cannot beat the best so far and is of another rule need not run.
            if let Some(b) = best {
                let (p, q) = (&self.patterns[i], &self.patterns[b]);
                if p.rule != q.rule && !p.beats(q) {
                    continue;
                }
            }
            if !self.hits(i, msg, ascii) {
                continue;
            }
            matched.push(i);
            match best {
                Some(b) if !self.patterns[i].beats(&self.patterns[b]) => {}
                _ => best = Some(i),
            }
        }
        let Some(b) = best else { return v };
        let rule = self.patterns[b].rule;
        v.rule = Some(rule);
        v.pattern = u16::try_from(b).ok();
        // Captures from the chosen pattern, or from another matching pattern of the same rule
        // that names them (one phrasing names the variable, another does not).
        for i in std::iter::once(b).chain(
            matched
                .iter()
                .copied()
                .filter(|&i| i != b && self.patterns[i].rule == rule),
        ) {
            v.vars = self.patterns[i].captures(msg, ascii);
            if !v.vars.is_empty() {
                break;
            }
        }
        v
    }
}

/// Context the line alone does not carry: a bare `npx` that failed to spawn on Windows is the
/// `.cmd` shim problem, not a missing Node.
/// Whether the `.cmd` shims were looked for before the line was written, so that a command not
/// found there is missing from the PATH altogether, not a shim spawned without a shell:
/// - VS Code resolves the command with PATHEXT and runs a `.cmd`/`.bat` through the shell
///   (microsoft/vscode src/vs/workbench/api/node/extHostMcpNode.ts, `formatSubprocessArguments`),
///   and logs a failed start as `Connection state: Error <message>`;
/// - cmd.exe's `is not recognized as an internal or external command` and PowerShell's `The term
///   'x' is not recognized` come from a shell, which applies PATHEXT itself;
/// - WSL's relay (`execvpe(npx) failed`) looked inside Linux, where no `.cmd` exists.
pub fn resolves_shims(line: &str) -> bool {
    line.contains("Connection state: Error")
        // WSL's relay inside Linux (`execvpe(npx) failed`): no Windows spawn, no `.cmd`.
        || line.contains("execvpe(")
        || line.contains("is not recognized as")
        || CMD_NOT_RECOGNIZED.iter().any(|w| line.contains(w))
}

/// cmd.exe's 9009 in the languages Windows ships: the literals of its patterns in
/// `rules/log/spawn-enoent.toml` (a test keeps the two the same).
const CMD_NOT_RECOGNIZED: [&str; 11] = [
    "不是内部或外部命令",
    "不是內部或外部命令",
    "内部コマンドまたは外部コマンド",
    "내부 또는 외부 명령",
    "pas reconnu en tant que commande",
    "no se reconoce como un comando",
    "reconhecido como um comando",
    "внутренней или внешней",
    "riconosciuto come comando",
    "ist entweder falsch geschrieben",
    // The zh-CN message's GBK bytes read as UTF-8 (see the rule).
    "ⲿ",
];

/// The rule a line's mechanism really is on the OS that wrote it. `shims`: the client that
/// spawned the server resolves `.cmd` shims itself (see [`resolves_shims`]); asked only for a
/// Windows spawn failure, not for every line.
pub fn refine(
    rule: RuleId,
    vars: &[(Var, String)],
    os: Os,
    shims: impl FnOnce() -> bool,
) -> RuleId {
    let cmd_has = |w: &str| {
        vars.iter()
            .any(|(k, v)| *k == Var::Cmd && v.split_whitespace().any(|t| t == w))
    };
    // A missing file inside an installed package (`site-packages/tzdata/zoneinfo/WEST`,
    // `node_modules/x/data.json`) is the package's own: no path of the config's, the server's
    // code asking for what its install does not hold (or for a name it made up).
    if rule == RuleId::LogFileNotFound
        && vars.iter().any(|(k, v)| {
            *k == Var::Path
                && ["site-packages", "dist-packages", "node_modules"]
                    .iter()
                    .any(|d| v.split(['/', '\\']).any(|part| part == *d))
        })
    {
        return RuleId::LogPackageBroken;
    }
    // `spawn npx ENOENT spawn npx ENOENT`: one message said twice, not a command line.
    if rule == RuleId::LogSpawnCommandLine && cmd_has("ENOENT") {
        let first = refined_vars(rule, RuleId::LogSpawnEnoent, vars);
        return refine(RuleId::LogSpawnEnoent, &first, os, shims);
    }
    // A "command" that is a script's file name (`spawn server.js ENOENT`, uv's ``Failed to spawn:
    // `server.py` ``) is a file the config names relative to a working directory the client
    // does not use: a path that does not resolve, not a program missing from the PATH.
    if rule == RuleId::LogSpawnEnoent
        && vars
            .iter()
            .any(|(k, v)| *k == Var::Cmd && names_a_script(v.trim()))
    {
        return RuleId::LogSpawnPathEnoent;
    }
    // On Windows a spawn without a shell finds no `.cmd` shim, named bare or by its full path
    // without the extension (`C:\Program Files\nodejs\npx`): CreateProcess applies no PATHEXT
    // (https://nodejs.org/api/child_process.html#spawning-bat-and-cmd-files-on-windows).
    if matches!(rule, RuleId::LogSpawnEnoent | RuleId::LogSpawnPathEnoent)
        && os.is_windows()
        && !shims()
        && names_windows_shim(vars)
    {
        return RuleId::LogWindowsNpxEnoent;
    }
    rule
}

/// Whether the captured command ([`Var::Cmd`]) is one of the [`windows_shim`]s.
pub fn names_windows_shim(vars: &[(Var, String)]) -> bool {
    vars.iter().any(|(k, v)| *k == Var::Cmd && windows_shim(v))
}

/// A command that Windows holds only as a `.cmd` shim, which a spawn without a shell does not find
/// (`spawn npx ENOENT`), named bare or by its full path without the extension: npm's own
/// launchers, and the Node CLIs an npm global install puts on the PATH as `NAME.cmd` (npm's
/// cmd-shim) that MCP configs start directly (`mcp-remote`, `tsx`, Gemini CLI's `gemini`); and
/// `echo`, a cmd.exe builtin with no program behind it. Case and surrounding spaces do not count.
pub fn windows_shim(cmd: &str) -> bool {
    let c = cmd.trim().to_ascii_lowercase();
    let name = c.rsplit(['\\', '/']).next().unwrap_or(&c);
    matches!(
        name,
        "npx"
            | "npm"
            | "pnpm"
            | "pnpx"
            | "yarn"
            | "yarnpkg"
            | "bunx"
            | "corepack"
            | "tsx"
            | "ts-node"
            | "mcp-remote"
            | "gemini"
            | "echo"
    )
}

/// The captured values as the rule [`refine`] chose reads them: `spawn npx ENOENT spawn npx
/// ENOENT` (one message said twice), caught as a whole command line, names `npx`.
pub fn refined_vars(
    before: RuleId,
    after: RuleId,
    vars: &[(Var, String)],
) -> std::borrow::Cow<'_, [(Var, String)]> {
    if before != RuleId::LogSpawnCommandLine || after == before {
        return std::borrow::Cow::Borrowed(vars);
    }
    std::borrow::Cow::Owned(
        vars.iter()
            .map(|(k, v)| match k {
                Var::Cmd => (*k, v.split_whitespace().next().unwrap_or(v).to_string()),
                _ => (*k, v.clone()),
            })
            .collect(),
    )
}

/// A captured value as the message means it: trimmed, and a command without the sentence's
/// closing punctuation (`command not found: npx. Install it ...` names `npx`).
fn captured(name: &str, text: &str) -> String {
    let t = text.trim();
    if name == "cmd" {
        let bare = t.trim_end_matches(['.', ',', ';', ':']);
        if !bare.is_empty() {
            return bare.to_string();
        }
    }
    t.to_string()
}

/// A file name with a script or package extension: what a runtime runs, never a program on the
/// PATH (`server.py`, `dist/index.js`, `app.jar`).
fn names_a_script(cmd: &str) -> bool {
    const EXTS: [&str; 11] = [
        ".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".jar", ".rb", ".php", ".pyz", ".dll",
    ];
    let lower = cmd.to_ascii_lowercase();
    let name = lower.rsplit(['\\', '/']).next().unwrap_or(&lower);
    EXTS.iter()
        .any(|e| name.len() > e.len() && name.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule's examples and near misses, and every line under testdata (the corpus, its
    /// logs, the fixtures): the texts the equivalence tests below run both ways.
    fn every_known_text() -> Vec<String> {
        let mut texts = Vec::new();
        for id in RuleId::ALL {
            for e in &id.examples() {
                texts.extend(e.text.iter().cloned());
                texts.extend(e.near_miss.iter().cloned());
            }
        }
        for (_, bytes) in super::super::testdata_files() {
            if let Ok(t) = String::from_utf8(bytes) {
                texts.extend(t.lines().map(str::to_string));
            }
        }
        texts
    }

    fn rule_of(s: &str) -> Option<&'static str> {
        Classifier::get().classify(s).rule.map(|r| r.as_str())
    }

    #[test]
    fn the_classifier_reads_the_registrys_log_patterns_in_order() {
        // build.rs's tables give the classifier what the registry holds, in its order.
        let c = Classifier::get();
        let want: Vec<(RuleId, &str, i32, f64)> = registry()
            .iter()
            .filter(|(_, r)| r.source == crate::finding::Source::Log)
            .flat_map(|(id, r)| {
                r.patterns
                    .iter()
                    .map(move |p| (*id, p.regex.as_str(), r.priority, r.specificity))
            })
            .collect();
        let got: Vec<(RuleId, &str, i32, f64)> = c
            .patterns
            .iter()
            .map(|p| (p.rule, p.src, p.priority, p.specificity))
            .collect();
        assert_eq!(got, want);
        assert!(got.len() > 100, "{}", got.len());
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
    fn every_log_pattern_has_a_literal_prefilter() {
        // A pattern without literals would never run: the prefilter gates the regex set.
        for (id, rule) in registry() {
            if rule.source != crate::finding::Source::Log {
                continue;
            }
            assert!(
                id.as_str().starts_with("log-"),
                "{id}: log rule ids start with log-"
            );
            for p in &rule.patterns {
                let re = regex::Regex::new(&p.regex).unwrap();
                for name in re.capture_names().flatten() {
                    assert!(CAPTURES.contains(&name), "{id}: capture {name} unknown");
                }
                assert!(
                    !p.literals.is_empty(),
                    "{id}: pattern {} has no literals",
                    p.regex
                );
                assert!(
                    p.literals.iter().all(|l| l.len() >= 3),
                    "{id}: literal too short in {:?}",
                    p.literals
                );
            }
        }
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
    fn regexes_compile_only_when_their_literals_are_seen() {
        let c = Classifier::build();
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.compiled(), 0);
        for line in [
            "2026-01-01T10:00:00.000Z [fs] [info] Server started and connected successfully",
            "Initializing server...",
            "tools/call completed in 12 ms",
        ] {
            assert_eq!(c.classify(line).rule, None, "{line}");
        }
        assert_eq!(c.compiled(), 0, "a healthy line compiled a regex");
        assert_eq!(
            c.classify("Error: spawn npx ENOENT").rule,
            Some(RuleId::LogSpawnEnoent)
        );
        let n = c.compiled();
        assert!(
            n > 0 && n < c.patterns.len() / 4,
            "{n} of {}",
            c.patterns.len()
        );
        assert!(!c.may_match(b"all fine\nstill fine\n"));
        assert!(c.may_match(b"all fine\nspawn x ENOENT\n"));
    }

    #[test]
    fn the_index_finds_what_an_automaton_finds() {
        let c = Classifier::get();
        let strings: Vec<&str> = c
            .literals
            .iter()
            .copied()
            .chain(MARKERS.iter().map(|m| m.0))
            .collect();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&strings)
            .unwrap();
        let mut texts: Vec<String> = vec![
            "Connection state: Error Process exited with code 1 Starting server".into(),
            "ERR".into(),
            "spAWn npx enoent".into(),
            "é spawn ENOENT é".into(),
        ];
        texts.extend(every_known_text());
        assert!(texts.len() > 1000, "{}", texts.len());
        let mut hits = 0;
        for t in &texts {
            let mut want: Vec<(usize, usize)> = ac
                .find_overlapping_iter(t.as_str())
                .map(|m| (m.pattern().as_usize(), m.end()))
                .collect();
            let first_marker = want
                .iter()
                .find(|(i, _)| *i >= c.gates.len())
                .map(|(i, _)| *i);
            let mut got = vec![];
            c.index.each(t.as_bytes(), |i, end| {
                got.push((i, end));
                true
            });
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{t}");
            hits += got.len();
            assert_eq!(
                c.classify(t).lifecycle,
                first_marker.map(|i| MARKERS[i - c.gates.len()].1),
                "{t}"
            );
        }
        assert!(hits > 100, "{hits}");
    }

    #[test]
    fn each_pattern_s_tree_from_the_build_is_the_parsed_one() {
        // The tree the ASCII engines are built from is rebuilt from build.rs's bytes, never
        // parsed, for every pattern that has an ASCII reading: it must be that reading exactly.
        let c = Classifier::get();
        let mut encoded = 0;
        for p in &c.patterns {
            let Some(parsed) = hir_code::ascii_hir(p.src) else {
                assert!(p.hir.is_empty(), "{}", p.src);
                continue;
            };
            assert!(!p.hir.is_empty(), "no tree was built for {}", p.src);
            assert_eq!(
                hir_code::decode(p.hir, p.src).as_ref(),
                Some(&parsed),
                "{}",
                p.src
            );
            encoded += 1;
        }
        assert!(encoded > 400, "{encoded}");
        // Bytes that are not a whole encoding give nothing (the pattern is then parsed).
        let p = c.patterns.iter().find(|p| !p.hir.is_empty()).unwrap();
        let (some, src) = (p.hir, p.src);
        assert!(hir_code::decode(&some[..some.len() - 1], src).is_none());
        assert!(hir_code::decode(&[some, &[0]].concat(), src).is_none());
        assert!(hir_code::decode(&[], src).is_none());
        assert!(hir_code::decode(&[200], src).is_none());
        // A place outside the source gives nothing either.
        assert!(hir_code::decode(&[9, 0x7f, 5], "abc").is_none());
    }

    #[test]
    fn a_pattern_matches_only_lines_that_meet_its_need() {
        // Every log pattern against every rule example and corpus line: a match implies the need.
        let mut texts: Vec<String> = vec![];
        for id in RuleId::ALL {
            for e in &id.examples() {
                texts.extend(e.text.iter().cloned());
                texts.extend(e.near_miss.iter().cloned());
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus");
        for e in std::fs::read_dir(root).unwrap().flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path().join("log.txt")) {
                texts.extend(t.lines().map(str::to_string));
            }
        }
        let c = Classifier::build();
        let (mut matched, mut told) = (0, 0);
        for (i, p) in c.patterns.iter().enumerate() {
            // What build.rs wrote is what the pattern's syntax says now.
            let literals: Vec<&str> = c
                .gates
                .iter()
                .enumerate()
                .filter(|(_, g)| g.contains(&(i as u16)))
                .map(|(l, _)| c.literals[l])
                .collect();
            let code = need::code(p.src, &literals);
            assert_eq!(&p.code[..code.len()], code.as_slice(), "{}", p.src);
            let re = p.regex().unwrap();
            for t in &texts {
                let need = need::holds(p.code, p.src, t.as_bytes());
                if re.is_match(t) {
                    matched += 1;
                    assert!(need, "{} matches {t:?} but needs {:?}", p.src, p.code);
                } else if !need {
                    told += 1;
                }
            }
        }
        assert!(matched > 100 && told > 1000, "{matched} {told}");
        use need::Need;
        let need = |p: &str| Need::of(&regex_syntax::parse(p).unwrap());
        let n = need(r"(?i)(?:failed|error)\W{0,3}Transport closed\b");
        assert!(!n.holds(b"Server transport closed unexpectedly"), "{n:?}");
        assert!(n.holds(b"Error: Transport closed"), "{n:?}");
        // `(?i)s` also matches the long s: in a text that is not ASCII, anything may match.
        assert!(!need(r"(?i)ssss").holds(b"x"));
        assert!(need(r"(?i)ssss").holds("\u{17f}\u{17f}\u{17f}\u{17f}".as_bytes()));
        assert!(regex::Regex::new(r"(?i)ssss")
            .unwrap()
            .is_match("\u{17f}\u{17f}\u{17f}\u{17f}"));
        let n = need(r"(?i)\b(?:GET|POST)\s+\S*/(?:sse|mcp)\b");
        assert!(
            !n.holds(b"args: [ 'mcp-remote@latest', 'http://localhost:8081/mcp' ]"),
            "{n:?}"
        );
        assert_eq!(need(r"a|b*"), Need::Any);
    }

    /// Whether pattern `p` read `t` as its full regex does (`want`: the regex matches), by the
    /// engines for ASCII text or for text that is not: the same verdict, and when it matches the
    /// same captures. Returns `want`.
    fn same_as_the_regex(p: &Pat, t: &str, ascii: bool, want: bool) -> bool {
        assert_eq!(p.is_match(t, ascii), want, "{} on {t:?}", p.src);
        if want {
            assert_eq!(
                p.captures(t, ascii),
                p.regex_captures(t),
                "{} on {t:?}",
                p.src
            );
        }
        want
    }

    #[test]
    fn the_unicode_engines_match_text_that_is_not_ascii_as_the_full_regex_does() {
        // Every log pattern against every known text that is not ASCII (the corpora's pastes in
        // Chinese, Japanese, German…, smart quotes and dashes, the rules' localized examples) and
        // a few with Unicode word characters and spaces next to the words the patterns read:
        // the same verdict and the same captures as the full regex.
        let mut texts: Vec<String> = vec![
            "spawn npx ENOENT \u{2014} \u{e9}chec".into(),
            "Error: Cannot find module \u{201c}/Users/me/x/index.js\u{201d}".into(),
            "ModuleNotFoundError: No module named \u{ab}bs4\u{bb}".into(),
            "\u{e9}spawn npx ENOENT\u{e9}".into(),
            "spawn\u{a0}npx\u{3000}ENOENT".into(),
            "Kelvin \u{212a} long \u{17f} transport closed".into(),
        ];
        texts.extend(every_known_text());
        texts.retain(|t| !t.is_ascii());
        assert!(texts.len() > 50, "{}", texts.len());
        let c = Classifier::build();
        let (mut matched, mut built) = (0, 0);
        for p in &c.patterns {
            let re = p.regex().expect("every pattern compiles");
            built += usize::from(p.unicode_engines().is_some());
            for t in &texts {
                let want = re.is_match(t);
                matched += usize::from(same_as_the_regex(p, t, false, want));
            }
        }
        assert!(built * 10 >= c.patterns.len() * 9, "{built}");
        assert!(matched > 20, "{matched}");
    }

    #[test]
    fn the_ascii_regexes_match_ascii_text_as_the_unicode_ones_do() {
        // Every log pattern against every rule example and corpus line that is ASCII: the same
        // verdict and the same captures by either regex.
        let mut texts: Vec<String> = vec![
            "Kelvin k K s S \u{17f}".into(),
            "Error: spawn npx ENOENT".into(),
        ];
        texts.extend(every_known_text());
        texts.retain(|t| t.is_ascii());
        // The rules' examples and near misses, which both ASCII engines read (and every text a
        // pattern matches).
        let examples: std::collections::HashSet<String> = RuleId::ALL
            .iter()
            .flat_map(|id| id.examples())
            .flat_map(|e| e.text.into_iter().chain(e.near_miss))
            .collect();
        let c = Classifier::build();
        let (mut matched, mut ascii_built, mut simple) = (0, 0, 0);
        for p in &c.patterns {
            let is_simple = p.flags() & need::flags::SIMPLE != 0;
            simple += usize::from(is_simple);
            let engines = p.ascii_engines();
            ascii_built += usize::from(engines.is_some());
            let re = p.regex().expect("every pattern compiles");
            for t in &texts {
                let want = re.is_match(t);
                matched += usize::from(same_as_the_regex(p, t, true, want));
                if is_simple {
                    assert_eq!(
                        need::simple_match(p.code, p.src, t.as_bytes()),
                        want,
                        "{} on {t:?}",
                        p.src
                    );
                }
                // Both ASCII engines: the lazy DFA (whether it matches) and the backtracker (its
                // groups, on texts up to its length: the Unicode regex reads longer ones). A text
                // without the need matches neither: see above.
                if !need::holds(p.code, p.src, t.as_bytes()) {
                    assert!(!want, "{} on {t:?}", p.src);
                } else if let Some(a) = engines.filter(|_| want || examples.contains(t)) {
                    if let Some(m) = a.is_match(t.as_bytes()) {
                        assert_eq!(m, want, "{} on {t:?}", p.src);
                    }
                    if t.len() <= a.bt.max_haystack_len() {
                        let caps = a.captures(t.as_bytes()).map(|(c, _)| c.is_match());
                        assert_eq!(caps, Some(want), "{} on {t:?}", p.src);
                    }
                }
            }
        }
        // Some patterns are plain literals, matched without a regex.
        assert!(simple >= 5, "{simple}");
        assert!(matched > 100, "{matched}");
        // Nearly every pattern has its ASCII form (one with a non-ASCII letter under `(?i)`
        // may not).
        assert!(ascii_built * 10 > c.patterns.len() * 9, "{ascii_built}");
    }

    #[test]
    fn windows_refines_a_bare_npx() {
        let v = Classifier::get().classify("spawn npx ENOENT");
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Windows, || false),
            RuleId::LogWindowsNpxEnoent
        );
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Macos, || false),
            RuleId::LogSpawnEnoent
        );
        // An npm-installed CLI is a `.cmd` shim too, and a cmd.exe builtin is no program; an
        // `.exe` (uvx, node) that is not found is missing from the PATH.
        for (line, want) in [
            (
                "Error: spawn mcp-remote ENOENT",
                RuleId::LogWindowsNpxEnoent,
            ),
            (
                "Failed to spawn command: spawn gemini ENOENT",
                RuleId::LogWindowsNpxEnoent,
            ),
            ("Error: spawnSync npx ENOENT", RuleId::LogWindowsNpxEnoent),
            ("Error: spawn echo ENOENT", RuleId::LogWindowsNpxEnoent),
            ("Error: spawn uvx ENOENT", RuleId::LogSpawnEnoent),
            ("Error: spawn node ENOENT", RuleId::LogSpawnEnoent),
        ] {
            let v = Classifier::get().classify(line);
            assert_eq!(
                refine(v.rule.unwrap(), &v.vars, Os::Windows, || false),
                want,
                "{line}"
            );
            assert_eq!(
                refine(v.rule.unwrap(), &v.vars, Os::Linux, || false),
                RuleId::LogSpawnEnoent,
                "{line}"
            );
        }
    }

    #[test]
    fn windows_refines_npx_named_by_its_path_without_the_extension() {
        for (line, want) in [
            (
                "Error: spawn C:\\Program Files\\nodejs\\npx ENOENT",
                RuleId::LogWindowsNpxEnoent,
            ),
            (
                "Error: spawn C:\\Program Files\\nodejs\\npx.cmd ENOENT",
                RuleId::LogSpawnPathEnoent,
            ),
            (
                "Error: spawn C:\\tools\\npxtool ENOENT",
                RuleId::LogSpawnPathEnoent,
            ),
        ] {
            let v = Classifier::get().classify(line);
            assert_eq!(v.rule, Some(RuleId::LogSpawnPathEnoent), "{line}");
            assert_eq!(
                refine(v.rule.unwrap(), &v.vars, Os::Windows, || false),
                want,
                "{line}"
            );
        }
        let v = Classifier::get().classify("Error: spawn /usr/local/bin/npx ENOENT");
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Linux, || false),
            RuleId::LogSpawnPathEnoent
        );
    }

    #[test]
    fn the_localized_cmd_phrases_are_the_rules_own_literals() {
        let rule = &registry()[&RuleId::LogSpawnEnoent];
        let literals: Vec<&str> = rule
            .patterns
            .iter()
            .flat_map(|p| p.literals.iter().map(String::as_str))
            .collect();
        for w in CMD_NOT_RECOGNIZED {
            assert!(
                literals.contains(&w),
                "{w} is not a literal of log-spawn-enoent"
            );
        }
    }

    #[test]
    fn a_script_named_as_the_command_is_a_path_not_a_missing_program() {
        for (line, want) in [
            ("Error: spawn server.js ENOENT", RuleId::LogSpawnPathEnoent),
            (
                "error: Failed to spawn: `server.py`",
                RuleId::LogSpawnPathEnoent,
            ),
            (
                "error: Failed to spawn: `mcp-server-git`",
                RuleId::LogSpawnEnoent,
            ),
            ("Error: spawn node ENOENT", RuleId::LogSpawnEnoent),
            // `.js` alone is no file name.
            ("Error: spawn .js ENOENT", RuleId::LogSpawnEnoent),
        ] {
            let v = Classifier::get().classify(line);
            let got = v.rule.map(|r| refine(r, &v.vars, Os::Linux, || false));
            assert_eq!(got, Some(want), "{line}");
        }
    }
}

#[cfg(test)]
mod phrasings {
    use super::Classifier;

    /// The usual phrasings of each mechanism across Node, Python, Go, .NET and Java servers and
    /// the clients, with the rule each must reach.
    const CASES: &[(&str, &str)] = &[
        // command not found
        ("Failed to start server: spawn uv ENOENT", "log-spawn-enoent"),
        ("Executable not found in $PATH: \"uvx\"", "log-spawn-enoent"),
        ("/bin/sh: 1: npx: not found", "log-spawn-enoent"),
        ("zsh: command not found: uvx", "log-spawn-enoent"),
        ("FileNotFoundError: [Errno 2] No such file or directory: 'uvx'", "log-spawn-enoent"),
        // bad path / command line / permission
        ("Error: spawn C:\\Users\\me\\server.exe ENOENT", "log-spawn-path-enoent"),
        ("fork/exec /opt/mcp/server: no such file or directory", "log-spawn-path-enoent"),
        ("python: can't open file '/home/me/server.py': [Errno 2] No such file or directory", "log-spawn-path-enoent"),
        ("spawn npx -y @modelcontextprotocol/server-github ENOENT", "log-spawn-command-line"),
        ("fork/exec /opt/mcp/server: permission denied", "log-spawn-eacces"),
        ("java.io.IOException: Cannot run program \"/opt/mcp/run.sh\": error=13, Permission denied", "log-spawn-eacces"),
        ("PermissionError: [Errno 13] Permission denied: '/var/log/mcp.log'", "log-permission-denied"),
        ("System.UnauthorizedAccessException: Access to the path 'C:\\data' is denied.", "log-permission-denied"),
        ("OSError: [Errno 30] Read-only file system: 'logs'", "log-permission-denied"),
        // crashes, signals, memory
        ("Connection state: Error Process exited with code 2", "log-exit-code"),
        ("Server exited before responding to `initialize` request.", "log-exit-code"),
        ("MCP server process exited with code null, signal SIGKILL", "log-killed-by-signal"),
        ("process exited with exit code 137", "log-killed-by-signal"),
        ("Out of memory: Killed process 4242 (node)", "log-killed-by-signal"),
        ("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", "log-heap-out-of-memory"),
        ("fatal error: runtime: out of memory", "log-heap-out-of-memory"),
        ("Unhandled exception. System.OutOfMemoryException: Insufficient memory", "log-heap-out-of-memory"),
        ("panic: runtime error: invalid memory address or nil pointer dereference", "log-traceback"),
        ("Unhandled exception. System.InvalidOperationException: boom", "log-traceback"),
        ("Exception in thread \"main\" java.lang.IllegalStateException: boom", "log-traceback"),
        ("Segmentation fault (core dumped)", "log-crash-signal"),
        ("Exception in thread \"main\" java.lang.NoClassDefFoundError: io/modelcontextprotocol/Server", "log-missing-module"),
        ("ImportError: cannot import name 'FastMCP' from 'mcp.server'", "log-missing-module"),
        ("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /srv/index.js", "log-missing-module"),
        // runtime too old
        ("TypeError: fetch is not defined", "log-runtime-too-old"),
        ("ReferenceError: structuredClone is not defined", "log-runtime-too-old"),
        ("TypeError: items.toSorted is not a function", "log-runtime-too-old"),
        ("node: bad option: --env-file=.env", "log-runtime-too-old"),
        ("npm WARN EBADENGINE Unsupported engine {", "log-runtime-too-old"),
        ("TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'", "log-runtime-too-old"),
        ("ERROR: Package 'mcp' requires a different Python: 3.9.6 not in '>=3.10'", "log-runtime-too-old"),
        ("error: the current Python version (3.9.6) does not satisfy Python>=3.10", "log-runtime-too-old"),
        ("java.lang.UnsupportedClassVersionError: Server has been compiled by a more recent version of the Java Runtime", "log-runtime-too-old"),
        ("You must install or update .NET to run this application.", "log-runtime-too-old"),
        ("go: go.mod requires go >= 1.23 (running go 1.21.5)", "log-runtime-too-old"),
        // stdout pollution
        ("Unexpected non-whitespace character after JSON at position 4", "log-stdout-not-json"),
        ("SyntaxError: Unexpected token S in JSON at position 0", "log-stdout-not-json"),
        ("invalid character 'S' looking for beginning of value", "log-stdout-not-json"),
        ("Failed to parse JSONRPC message from server", "log-stdout-not-json"),
        ("serde error expected value at line 1 column 1", "log-stdout-not-json"),
        // auth and sessions
        ("Error: SSE error: Non-200 status code (401)", "log-auth-failed"),
        ("HTTP 403 Forbidden", "log-auth-failed"),
        ("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}", "log-token-expired"),
        ("Failed to refresh access token", "log-token-expired"),
        ("Bad Request: No valid session ID provided", "log-session-not-found"),
        ("Error POSTing to endpoint (HTTP 400): Bad Request", "log-session-http-404"),
        // streams and network
        ("TypeError: terminated\n  [cause]: SocketError: other side closed", "log-sse-body-timeout"),
        ("Error: read ECONNRESET", "log-sse-error"),
        ("getaddrinfo ENOTFOUND mcp.example.com", "log-network-error"),
        ("httpx.ConnectError: [Errno 111] Connection refused", "log-network-error"),
        ("dial tcp: lookup mcp.example.com: no such host", "log-network-error"),
        ("requests.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate", "log-tls-error"),
        ("javax.net.ssl.SSLHandshakeException: PKIX path building failed", "log-tls-error"),
        ("The remote certificate is invalid according to the validation procedure", "log-tls-error"),
        ("Error: unable to get local issuer certificate", "log-tls-error"),
        ("request to https://api.example.com/mcp failed, reason: connect ETIMEDOUT", "log-network-error"),
        // timeouts
        ("Connection to MCP server \"x\" timed out after 30000ms", "log-request-timeout"),
        ("context deadline exceeded (Client.Timeout exceeded) while awaiting handshake timed out", "log-request-timeout"),
        ("MCP client for `docs` failed to start: request timed out", "log-request-timeout"),
        // env
        ("Error: OPENAI_API_KEY is not set", "log-missing-env"),
        ("ValueError: API key is required", "log-missing-env"),
        ("KeyError: 'NOTION_TOKEN'", "log-missing-env"),
        ("Please set the BRAVE_API_KEY environment variable", "log-missing-env"),
        ("Error: Missing required environment variable: SLACK_BOT_TOKEN", "log-missing-env"),
        // windows npx, config
        ("Error: spawn npx.cmd EINVAL", "log-windows-cmd-wrapper"),
    ];

    #[test]
    fn every_phrasing_reaches_its_rule() {
        let c = Classifier::get();
        let mut wrong = Vec::new();
        for (line, want) in CASES {
            let got = c.classify(line).rule.map(|r| r.as_str());
            if got != Some(*want) {
                wrong.push(format!("{line:?}: want {want}, got {got:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}
