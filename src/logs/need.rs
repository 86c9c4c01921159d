//! What a log pattern needs a line to contain, read from the pattern's syntax tree at build time
//! (build.rs includes this file), so that a run parses no regex to tell the lines a pattern cannot
//! match; and which patterns are a plain literal, matched without building a regex at all.
//!
//! The build writes each pattern's [`Code`]: one byte of [`flags`], then its [`Need`] encoded
//! (see [`Need::encode`]). The program reads the encoding as it is ([`holds`], [`simple_match`]).
#![allow(dead_code)] // build.rs uses the reading of syntax trees, the program the encodings

use regex_syntax::hir::{Class, Hir, HirKind, Look};

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

    /// Appends the encoding: `0` any; `1`, length (2 bytes, little-endian), the bytes; `2` (all)
    /// or `3` (one of), the count (2 bytes), the length of the parts' encodings (4 bytes), the
    /// parts.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Need::Any => out.push(ANY),
            Need::Lit(l) => {
                out.push(LIT);
                out.extend_from_slice(
                    &u16::try_from(l.len()).expect("short literal").to_le_bytes(),
                );
                out.extend_from_slice(l);
            }
            Need::All(ns) | Need::OneOf(ns) => {
                out.push(if matches!(self, Need::All(_)) {
                    ALL
                } else {
                    ONE_OF
                });
                out.extend_from_slice(&u16::try_from(ns.len()).expect("few parts").to_le_bytes());
                let at = out.len();
                out.extend_from_slice(&[0; 4]);
                for n in ns {
                    n.encode(out);
                }
                let len = u32::try_from(out.len() - at - 4).expect("small need");
                out[at..at + 4].copy_from_slice(&len.to_le_bytes());
            }
        }
    }

    /// Whether `hay` meets the need (always, for a text that is not ASCII).
    pub fn holds(&self, hay: &[u8]) -> bool {
        let mut code = vec![0];
        self.encode(&mut code);
        holds(&code, hay)
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

/// A pattern's code as build.rs writes it: the flags, then the need.
pub fn code(src: &str) -> Vec<u8> {
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
            None => (vec![0], Need::of(&h)),
        },
        Err(_) => match regex_syntax::parse(src) {
            Ok(h) => (vec![flags::UNICODE_ONLY], Need::of(&h)),
            Err(_) => (vec![flags::UNICODE_ONLY], Need::Any),
        },
    };
    need.encode(&mut out);
    out
}

/// Whether `hay` meets the need of a pattern's code (always, for a text that is not ASCII).
pub fn holds(code: &[u8], hay: &[u8]) -> bool {
    let need = code.get(1..).unwrap_or(&[]);
    need.first().is_none_or(|&op| op == ANY) || !hay.is_ascii() || holds_need(need, hay)
}

fn u16_at(b: &[u8], i: usize) -> usize {
    usize::from(u16::from_le_bytes([b[i], b[i + 1]]))
}

/// The length of the need encoded at the start of `code`.
fn need_len(code: &[u8]) -> usize {
    match code[0] {
        LIT => 3 + u16_at(code, 1),
        ALL | ONE_OF => 7 + u32::from_le_bytes([code[3], code[4], code[5], code[6]]) as usize,
        _ => 1,
    }
}

/// [`holds`] of an encoded need on an ASCII text.
fn holds_need(code: &[u8], hay: &[u8]) -> bool {
    match code[0] {
        LIT => find_folded(hay, &code[3..3 + u16_at(code, 1)], |_| true),
        op @ (ALL | ONE_OF) => {
            let n = u16_at(code, 1);
            let mut at = 7;
            for _ in 0..n {
                let part = &code[at..];
                let held = holds_need(part, hay);
                if held == (op == ONE_OF) {
                    return held;
                }
                at += need_len(part);
            }
            op == ALL
        }
        _ => true,
    }
}

/// The flags of a pattern's code.
pub fn flags_of(code: &[u8]) -> u8 {
    code.first().copied().unwrap_or(flags::UNICODE_ONLY)
}

/// Whether a [`flags::SIMPLE`] pattern matches the ASCII text `hay`: its literal occurs there
/// (with case folded under [`flags::FOLD`]) with a word boundary on each side that asks for one.
pub fn simple_match(code: &[u8], hay: &[u8]) -> bool {
    let f = flags_of(code);
    let lit = &code[4..4 + u16_at(code, 2)];
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
