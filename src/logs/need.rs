//! What a log pattern needs a line to contain, read from the pattern's syntax tree at build time
//! (build.rs includes this file), so that a run parses no regex to tell the lines a pattern cannot
//! match; and which patterns are a plain literal, matched without building a regex at all.
//!
//! The build writes each pattern's [`Code`]: one byte of [`flags`], then its [`Need`] encoded
//! (see [`Need::encode`]). The program reads the encoding as it is ([`holds`], [`simple_match`]).
#![allow(dead_code)] // build.rs uses the reading of syntax trees, the program the encodings

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The named captures a log pattern may have (the finding's vars): build.rs refuses any other.
pub const CAPTURES: &[&str] = &["cmd", "path", "module", "var", "code"];

/// The bits of a pattern's first byte.
pub mod flags {
    /// The pattern is one literal (optionally between word boundaries) and matches an ASCII text
    /// exactly when [`super::simple_match`] says so: its need is that literal.
    pub const SIMPLE: u8 = 1;
    /// The simple literal is compared with ASCII case folded (`(?i)`).
    pub const FOLD: u8 = 2;
    /// A word boundary (`\b`) before the simple literal.
    pub const WORD_START: u8 = 4;
    /// A word boundary after it.
    pub const WORD_END: u8 = 8;
    /// The pattern does not parse without Unicode: every text is read by the Unicode regex.
    pub const UNICODE_ONLY: u8 = 16;
}

/// What a text must contain for a regex to match it: runs of literal text (compared with ASCII
/// case folded, which only weakens the test) combined by "all of" and "one of". A necessary
/// condition, never a sufficient one: the regex still decides.
#[derive(Debug, PartialEq)]
pub enum Need {
    Any,
    Lit(Vec<u8>),
    All(Vec<Need>),
    OneOf(Vec<Need>),
}

const ANY: u8 = 0;
const LIT: u8 = 1;
const ALL: u8 = 2;
const ONE_OF: u8 = 3;
/// The top bit of a literal spelled by the pattern's source.
const LIT_SRC: u8 = 0x80;

impl Need {
    pub fn of(h: &Hir) -> Need {
        match h.kind() {
            HirKind::Concat(parts) => {
                let mut all = Vec::new();
                let mut run: Vec<u8> = Vec::new();
                let flush = |run: &mut Vec<u8>, all: &mut Vec<Need>| {
                    // Runs shorter than three bytes are too common to be worth a search.
                    if run.len() >= 3 {
                        all.push(Need::Lit(std::mem::take(run)));
                    }
                    run.clear();
                };
                for p in parts {
                    match p.kind() {
                        HirKind::Literal(l) => run.extend_from_slice(&l.0),
                        // Zero-width: the text around it is contiguous.
                        HirKind::Look(_) | HirKind::Empty => {}
                        HirKind::Class(c) => match case_pair(c) {
                            Some(b) => run.push(b),
                            None => flush(&mut run, &mut all),
                        },
                        _ => {
                            flush(&mut run, &mut all);
                            all.push(Need::of(p));
                        }
                    }
                }
                flush(&mut run, &mut all);
                all.retain(|n| *n != Need::Any);
                match all.len() {
                    0 => Need::Any,
                    1 => all.pop().unwrap_or(Need::Any),
                    _ => Need::All(all),
                }
            }
            HirKind::Alternation(alts) => {
                let alts: Vec<Need> = alts.iter().map(Need::of).collect();
                if alts.contains(&Need::Any) {
                    Need::Any
                } else {
                    Need::OneOf(alts)
                }
            }
            HirKind::Literal(l) if l.0.len() >= 3 => Need::Lit(l.0.to_vec()),
            HirKind::Repetition(r) if r.min >= 1 => Need::of(&r.sub),
            HirKind::Capture(c) => Need::of(&c.sub),
            _ => Need::Any,
        }
    }

    /// Appends the encoding: `0` any; a literal of under 128 bytes that the pattern's source
    /// `src` spells (in any case) as its length with the top bit set and its place there (2
    /// bytes, little-endian), any other as `1`, its length (1 byte) and its bytes; "all" as `2`,
    /// "one of" as `3`, then the count (1 byte), the length of the parts' encodings (1 byte), the
    /// parts. `false`: too long to encode (the need is then left out).
    pub fn encode(&self, src: &str, out: &mut Vec<u8>) -> bool {
        match self {
            Need::Any => out.push(ANY),
            Need::Lit(l) => {
                let Ok(len) = u8::try_from(l.len()) else {
                    return false;
                };
                let at = src
                    .as_bytes()
                    .windows(l.len())
                    .position(|w| w.eq_ignore_ascii_case(l))
                    .and_then(|i| u16::try_from(i).ok())
                    .filter(|_| len < 0x80);
                match at {
                    Some(at) => {
                        out.push(0x80 | len);
                        out.extend_from_slice(&at.to_le_bytes());
                    }
                    None => {
                        out.extend_from_slice(&[LIT, len]);
                        out.extend_from_slice(l);
                    }
                }
            }
            Need::All(ns) | Need::OneOf(ns) => {
                out.push(if matches!(self, Need::All(_)) {
                    ALL
                } else {
                    ONE_OF
                });
                let Ok(n) = u8::try_from(ns.len()) else {
                    return false;
                };
                out.push(n);
                let at = out.len();
                out.push(0);
                for n in ns {
                    if !n.encode(src, out) {
                        return false;
                    }
                }
                let Ok(len) = u8::try_from(out.len() - at - 1) else {
                    return false;
                };
                out[at] = len;
            }
        }
        true
    }

    /// The need without what the pattern's literals already promise: a line reaches a pattern
    /// only when it holds one of them, so a part that each of them holds is no test. `None`: the
    /// whole need is promised.
    pub fn beyond(self, literals: &[&str]) -> Option<Need> {
        let promised = |n: &Need| {
            !literals.is_empty()
                && literals.iter().all(|g| {
                    let g = g.as_bytes();
                    let has = |l: &[u8]| g.windows(l.len()).any(|w| w.eq_ignore_ascii_case(l));
                    match n {
                        Need::Lit(l) => has(l),
                        Need::OneOf(ns) => ns.iter().any(|n| matches!(n, Need::Lit(l) if has(l))),
                        _ => false,
                    }
                })
        };
        if promised(&self) {
            return None;
        }
        match self.small() {
            Need::All(ns) => {
                let mut rest: Vec<Need> = ns.into_iter().filter(|n| !promised(n)).collect();
                // The two that tell most (the binary keeps every need: a few bytes each).
                rest.sort_by_key(|n| std::cmp::Reverse(n.weight()));
                rest.truncate(2);
                match rest.len() {
                    0 => None,
                    1 => rest.pop(),
                    _ => Some(Need::All(rest)),
                }
            }
            Need::Any => None,
            n => Some(n),
        }
    }

    /// The need with each "one of" of more than four parts (a long list of phrasings, which the
    /// pattern's literals gate already) taken as met, and each literal cut to 24 bytes: still a
    /// necessary condition, in fewer bytes.
    fn small(self) -> Need {
        match self {
            Need::Lit(mut l) => {
                l.truncate(24);
                Need::Lit(l)
            }
            Need::OneOf(ns) if ns.len() > 8 => Need::Any,
            Need::OneOf(ns) => {
                let ns: Vec<Need> = ns.into_iter().map(Need::small).collect();
                if ns.contains(&Need::Any) {
                    Need::Any
                } else {
                    Need::OneOf(ns)
                }
            }
            Need::All(ns) => {
                let mut ns: Vec<Need> = ns.into_iter().map(Need::small).collect();
                ns.retain(|n| *n != Need::Any);
                match ns.len() {
                    0 => Need::Any,
                    1 => ns.pop().unwrap_or(Need::Any),
                    _ => Need::All(ns),
                }
            }
            Need::Any => Need::Any,
        }
    }

    /// How much a part tells: the length of its shortest literal.
    fn weight(&self) -> usize {
        match self {
            Need::Any => 0,
            Need::Lit(l) => l.len(),
            Need::All(ns) => ns.iter().map(Need::weight).max().unwrap_or(0),
            Need::OneOf(ns) => ns.iter().map(Need::weight).min().unwrap_or(0),
        }
    }

    /// Whether `hay` meets the need (always, for a text that is not ASCII).
    pub fn holds(&self, hay: &[u8]) -> bool {
        let mut code = vec![0];
        assert!(self.encode("", &mut code), "a need too long to encode");
        holds(&code, "", hay)
    }
}

/// The byte a class stands for in ASCII text, when its ASCII part is one byte or one letter in
/// both cases (`(?i)a`), lowercase. (`(?i)k` and `(?i)s` also hold the Kelvin and long-s signs:
/// that is why [`holds`] answers yes for any text that is not ASCII.)
pub fn case_pair(c: &Class) -> Option<u8> {
    let mut ascii: Vec<u8> = Vec::new();
    let mut add = |a: u32, b: u32| {
        for x in a..=b.min(0x7f) {
            if ascii.len() > 2 {
                return;
            }
            ascii.push(x as u8);
        }
    };
    match c {
        Class::Unicode(u) => u
            .ranges()
            .iter()
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
        Class::Bytes(b) => b
            .ranges()
            .iter()
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
    }
    match ascii.as_slice() {
        [x] => Some(x.to_ascii_lowercase()),
        [x, y] if x.is_ascii_alphabetic() && x != y && x.eq_ignore_ascii_case(y) => {
            Some(x.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The pattern's literal and flags when it is one literal, every letter of it in both cases or
/// every letter in one, optionally between word boundaries, without groups (read without
/// Unicode: on an ASCII text it then matches exactly where [`simple_match`] finds it).
pub fn simple(h: &Hir) -> Option<(Vec<u8>, u8)> {
    let mut parts: &[Hir] = match h.kind() {
        HirKind::Concat(p) => p,
        HirKind::Literal(_) => std::slice::from_ref(h),
        _ => return None,
    };
    let word = |p: &Hir| {
        matches!(
            p.kind(),
            HirKind::Look(Look::WordAscii) | HirKind::Look(Look::WordUnicode)
        )
    };
    let mut f = 0;
    if parts.first().is_some_and(word) {
        f |= flags::WORD_START;
        parts = &parts[1..];
    }
    if parts.last().is_some_and(word) {
        f |= flags::WORD_END;
        parts = &parts[..parts.len() - 1];
    }
    let (mut lit, mut folded, mut exact) = (Vec::new(), false, false);
    for p in parts {
        match p.kind() {
            HirKind::Literal(l) => {
                exact |= l.0.iter().any(u8::is_ascii_alphabetic);
                lit.extend_from_slice(&l.0);
            }
            HirKind::Class(c) => {
                let b = case_pair(c)?;
                // Its ASCII part: one byte, or one letter in both cases.
                let n: u32 = match c {
                    Class::Unicode(u) => u
                        .ranges()
                        .iter()
                        .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                        .sum(),
                    Class::Bytes(b) => b
                        .ranges()
                        .iter()
                        .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                        .sum(),
                };
                match n {
                    1 => exact |= b.is_ascii_alphabetic(),
                    2 => folded = true,
                    _ => return None,
                }
                lit.push(b);
            }
            _ => return None,
        }
    }
    if lit.len() < 3 || (folded && exact) || !lit.is_ascii() {
        return None;
    }
    if folded {
        f |= flags::FOLD;
    }
    Some((lit, f | flags::SIMPLE))
}

/// The most bytes of a pattern's need (a longer one is left out: the binary keeps every need).
const NEED_CAP: usize = 64;

/// A pattern's code as build.rs writes it: the flags, then the need (beyond the pattern's
/// `literals`, see [`Need::beyond`]).
pub fn code(src: &str, literals: &[&str]) -> Vec<u8> {
    let ascii = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(src);
    // Read without Unicode: what an ASCII line must contain for the ASCII regex to match is what
    // it must contain for the Unicode one, and a line that is not ASCII meets every need.
    let (mut out, need) = match ascii {
        Ok(h) => match simple(&h) {
            Some((lit, f)) => (vec![f], Need::Lit(lit)),
            None => (vec![0], Need::of(&h).beyond(literals).unwrap_or(Need::Any)),
        },
        Err(_) => match regex_syntax::parse(src) {
            Ok(h) => (
                vec![flags::UNICODE_ONLY],
                Need::of(&h).beyond(literals).unwrap_or(Need::Any),
            ),
            Err(_) => (vec![flags::UNICODE_ONLY], Need::Any),
        },
    };
    if !need.encode(src, &mut out) || out.len() > 1 + NEED_CAP {
        // Too long to encode: no need, and not read as a literal.
        out.truncate(1);
        out[0] &= flags::UNICODE_ONLY;
        out.push(ANY);
    }
    out
}

/// Whether `hay` meets the need of a pattern's code (always, for a text that is not ASCII);
/// `src` is the pattern's source.
pub fn holds(code: &[u8], src: &str, hay: &[u8]) -> bool {
    let need = code.get(1..).unwrap_or(&[]);
    need.first().is_none_or(|&op| op == ANY) || !hay.is_ascii() || holds_need(need, src, hay)
}

/// The literal encoded at the start of `code` (see [`Need::encode`]).
fn literal<'a>(code: &'a [u8], src: &'a str) -> &'a [u8] {
    if code[0] & LIT_SRC != 0 {
        let at = usize::from(u16::from_le_bytes([code[1], code[2]]));
        &src.as_bytes()[at..at + usize::from(code[0] & !LIT_SRC)]
    } else {
        &code[2..2 + usize::from(code[1])]
    }
}

/// The length of the need encoded at the start of `code`.
fn need_len(code: &[u8]) -> usize {
    match code[0] {
        op if op & LIT_SRC != 0 => 3,
        LIT => 2 + usize::from(code[1]),
        ALL | ONE_OF => 3 + usize::from(code[2]),
        _ => 1,
    }
}

/// [`holds`] of an encoded need on an ASCII text.
fn holds_need(code: &[u8], src: &str, hay: &[u8]) -> bool {
    match code[0] {
        op @ (ALL | ONE_OF) => {
            let mut at = 3;
            for _ in 0..code[1] {
                let part = &code[at..];
                let held = holds_need(part, src, hay);
                if held == (op == ONE_OF) {
                    return held;
                }
                at += need_len(part);
            }
            op == ALL
        }
        ANY => true,
        _ => find_folded(hay, literal(code, src), |_| true),
    }
}

/// The length of a pattern's code (its flags and need) at the start of `code`.
pub fn code_len(code: &[u8]) -> usize {
    if code.len() < 2 {
        return code.len();
    }
    1 + need_len(&code[1..])
}

/// The flags of a pattern's code.
pub fn flags_of(code: &[u8]) -> u8 {
    code.first().copied().unwrap_or(flags::UNICODE_ONLY)
}

/// Whether a [`flags::SIMPLE`] pattern (source `src`) matches the ASCII text `hay`: its literal occurs there
/// (with case folded under [`flags::FOLD`]) with a word boundary on each side that asks for one.
pub fn simple_match(code: &[u8], src: &str, hay: &[u8]) -> bool {
    let f = flags_of(code);
    let lit = literal(&code[1..], src);
    let word = |i: usize| {
        hay.get(i)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
    };
    // A word boundary at `i`: a word byte on exactly one side.
    let boundary = |i: usize| (i > 0 && word(i - 1)) != word(i);
    let bounded = |i: usize| {
        (f & flags::WORD_START == 0 || boundary(i))
            && (f & flags::WORD_END == 0 || boundary(i + lit.len()))
    };
    if f & flags::FOLD != 0 {
        find_folded(hay, lit, bounded)
    } else {
        memchr::memmem::find_iter(hay, lit).any(bounded)
    }
}

/// Whether `lit` occurs in `hay` with ASCII case folded.
pub fn contains_folded(hay: &[u8], lit: &[u8]) -> bool {
    find_folded(hay, lit, |_| true)
}

/// Whether `lit` occurs in `hay` with ASCII case folded at a place `at` accepts (its start): the
/// places of its first byte in either case, found by `memchr`, compared whole.
fn find_folded(hay: &[u8], lit: &[u8], mut at: impl FnMut(usize) -> bool) -> bool {
    let Some((&first, rest)) = lit.split_first() else {
        return true;
    };
    let Some(last) = hay.len().checked_sub(lit.len()) else {
        return false;
    };
    let mut whole = |i: usize| hay[i + 1..i + lit.len()].eq_ignore_ascii_case(rest) && at(i);
    let starts = &hay[..=last];
    let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    if lo == up {
        memchr::memchr_iter(first, starts).any(&mut whole)
    } else {
        memchr::memchr2_iter(lo, up, starts).any(&mut whole)
    }
}
