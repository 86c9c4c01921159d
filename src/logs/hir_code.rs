//! Each log pattern's syntax tree for ASCII text, read from its source at build time (build.rs
//! includes this file) and stored as bytes, so that a run rebuilds the tree with a few
//! allocations instead of parsing the regex: parsing was the largest part of what compiling a
//! pattern costs a `check` of a few small logs (regex-syntax's parser and translator, about a
//! third of the instructions the logs add).
//!
//! The tree is the one [`ascii_hir`] gives, which the classifier's ASCII engines are built from
//! (see `classify::Pat::ascii`). build.rs decodes every encoding it writes and keeps it only when
//! the tree it gives back equals the parsed one; a pattern without an encoding is parsed at run
//! time as before.
#![allow(dead_code)] // build.rs encodes, the program decodes

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, Hir, HirKind, Look, Repetition,
};

const EMPTY: u8 = 0;
const LITERAL: u8 = 1;
/// A run of ASCII letters each matched in either case (`(?i)spawn` without Unicode: one class
/// `[Ss]`, `[Pp]`, … per letter), stored as the lower-case letters.
const FOLDED: u8 = 2;
const CLASS: u8 = 3;
const LOOK: u8 = 4;
const REPETITION: u8 = 5;
const CAPTURE: u8 = 6;
const CONCAT: u8 = 7;
const ALTERNATION: u8 = 8;
/// A [`LITERAL`] whose bytes are in the pattern's source, stored as where they are there (most
/// literals are spelled out in it): offset and length.
const LITERAL_AT: u8 = 9;
/// A [`FOLDED`] run whose letters are in the pattern's source (in any case): offset and length.
const FOLDED_AT: u8 = 10;
/// A [`LITERAL`] of one byte (`\.`, `:`, a space: the most frequent node).
const BYTE: u8 = 11;

/// Whether `h` holds a Unicode class or a Unicode word boundary (see [`ascii_only`]).
pub fn has_unicode(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Class(Class::Unicode(_)) => true,
        HirKind::Look(l) => matches!(
            l,
            Look::WordUnicode
                | Look::WordUnicodeNegate
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode
        ),
        HirKind::Repetition(r) => has_unicode(&r.sub),
        HirKind::Capture(c) => has_unicode(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(has_unicode),
        _ => false,
    }
}

/// `h` for ASCII text: each Unicode class in it (`(?u:.)`, `(?u:[^"\s])` inside a pattern read
/// without Unicode) as its ASCII part, a byte class, and each Unicode word boundary as an ASCII
/// one. On an ASCII text it matches what `h` matches, with the same groups, and compiles without
/// the UTF-8 automata of Unicode classes (most of a pattern's compile time).
pub fn ascii_only(h: Hir) -> Hir {
    match h.into_kind() {
        HirKind::Class(Class::Unicode(u)) => {
            let ascii = u
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7f') as u8));
            Hir::class(Class::Bytes(ClassBytes::new(ascii)))
        }
        HirKind::Class(c) => Hir::class(c),
        HirKind::Look(l) => Hir::look(match l {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            l => l,
        }),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(ascii_only(*r.sub)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(ascii_only(*c.sub)),
            ..c
        }),
        HirKind::Concat(hs) => Hir::concat(hs.into_iter().map(ascii_only).collect()),
        HirKind::Alternation(hs) => Hir::alternation(hs.into_iter().map(ascii_only).collect()),
    }
}

/// The tree a pattern is matched by on ASCII text: read without Unicode (ASCII case folding and
/// classes), with what it asks of Unicode explicitly made ASCII ([`ascii_only`]). `None` when
/// the pattern does not parse that way.
pub fn ascii_hir(src: &str) -> Option<Hir> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(src)
        .ok()?;
    Some(if has_unicode(&hir) {
        ascii_only(hir)
    } else {
        hir
    })
}

fn put_num(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The lower-case letter a class `[Xx]` matches in either case.
fn folded_letter(h: &Hir) -> Option<u8> {
    let HirKind::Class(Class::Bytes(c)) = h.kind() else {
        return None;
    };
    match c.ranges() {
        [a, b]
            if a.start() == a.end()
                && b.start() == b.end()
                && a.start().is_ascii_uppercase()
                && b.start() == a.start().to_ascii_lowercase() =>
        {
            Some(b.start())
        }
        _ => None,
    }
}

/// Where `run` is in `src` (ASCII case aside when `fold`).
fn find_in(src: &[u8], run: &[u8], fold: bool) -> Option<usize> {
    if run.is_empty() || run.len() > src.len() {
        return None;
    }
    src.windows(run.len()).position(|w| {
        if fold {
            w.eq_ignore_ascii_case(run)
        } else {
            w == run
        }
    })
}

/// A run of bytes: where it is in `src` when it is there, else the bytes themselves.
fn put_run(out: &mut Vec<u8>, src: &[u8], run: &[u8], fold: bool) {
    let (inline, at) = if fold {
        (FOLDED, FOLDED_AT)
    } else {
        (LITERAL, LITERAL_AT)
    };
    if let (false, [b]) = (fold, run) {
        out.push(BYTE);
        out.push(*b);
        return;
    }
    match find_in(src, run, fold) {
        Some(i) if run.len() > 3 => {
            out.push(at);
            put_num(out, i as u64);
            put_num(out, run.len() as u64);
        }
        _ => {
            out.push(inline);
            put_num(out, run.len() as u64);
            out.extend_from_slice(run);
        }
    }
}

/// Appends the encoding of `h`, a tree of the pattern `src` (runs of literal text are stored as
/// places in it); `None` for a tree it cannot encode (a Unicode class).
pub fn encode(h: &Hir, src: &[u8], out: &mut Vec<u8>) -> Option<()> {
    match h.kind() {
        HirKind::Empty => out.push(EMPTY),
        HirKind::Literal(l) => put_run(out, src, &l.0, false),
        HirKind::Class(Class::Bytes(c)) => {
            out.push(CLASS);
            put_num(out, c.ranges().len() as u64);
            for r in c.ranges() {
                out.push(r.start());
                out.push(r.end());
            }
        }
        HirKind::Class(Class::Unicode(_)) => return None,
        HirKind::Look(l) => {
            out.push(LOOK);
            put_num(out, u64::from(l.as_repr()));
        }
        HirKind::Repetition(r) => {
            out.push(REPETITION);
            put_num(out, u64::from(r.min));
            put_num(out, r.max.map_or(0, |m| u64::from(m) + 1));
            out.push(u8::from(r.greedy));
            encode(&r.sub, src, out)?;
        }
        HirKind::Capture(c) => {
            out.push(CAPTURE);
            put_num(out, u64::from(c.index));
            let name = c.name.as_deref().unwrap_or("");
            put_num(out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
            encode(&c.sub, src, out)?;
        }
        HirKind::Concat(hs) => {
            // Runs of case-folded letters as their letters: most of a `(?i)` pattern.
            let mut parts: Vec<Vec<u8>> = Vec::new();
            let mut i = 0;
            while i < hs.len() {
                let mut run = Vec::new();
                while let Some(b) = hs.get(i).and_then(folded_letter) {
                    run.push(b);
                    i += 1;
                }
                let mut part = Vec::new();
                if run.is_empty() {
                    encode(&hs[i], src, &mut part)?;
                    i += 1;
                } else {
                    put_run(&mut part, src, &run, true);
                }
                parts.push(part);
            }
            out.push(CONCAT);
            put_num(out, parts.len() as u64);
            for p in parts {
                out.extend_from_slice(&p);
            }
        }
        HirKind::Alternation(hs) => {
            out.push(ALTERNATION);
            put_num(out, hs.len() as u64);
            for h in hs {
                encode(h, src, out)?;
            }
        }
    }
    Some(())
}

struct Reader<'a>(&'a [u8], &'a [u8]);

impl Reader<'_> {
    /// A run stored as its place in the pattern's source.
    fn at(&mut self) -> Option<Vec<u8>> {
        let i = usize::try_from(self.num()?).ok()?;
        let n = usize::try_from(self.num()?).ok()?;
        self.1.get(i..i.checked_add(n)?).map(<[u8]>::to_vec)
    }

    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn num(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn bytes(&mut self, n: u64) -> Option<&[u8]> {
        let n = usize::try_from(n).ok()?;
        if n > self.0.len() {
            return None;
        }
        let (b, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(b)
    }

    /// One node; a concatenation's folded runs are pushed as one class per letter.
    fn node(&mut self, depth: u32) -> Option<Hir> {
        if depth > 256 {
            return None;
        }
        Some(match self.byte()? {
            EMPTY => Hir::empty(),
            LITERAL => {
                let n = self.num()?;
                Hir::literal(self.bytes(n)?.to_vec())
            }
            LITERAL_AT => Hir::literal(self.at()?),
            BYTE => Hir::literal(vec![self.byte()?]),
            CLASS => {
                let n = self.num()?;
                let mut ranges = Vec::new();
                for _ in 0..n {
                    ranges.push(ClassBytesRange::new(self.byte()?, self.byte()?));
                }
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            LOOK => Hir::look(Look::from_repr(u32::try_from(self.num()?).ok()?)?),
            REPETITION => {
                let min = u32::try_from(self.num()?).ok()?;
                let max = match self.num()? {
                    0 => None,
                    m => Some(u32::try_from(m - 1).ok()?),
                };
                let greedy = self.byte()? != 0;
                Hir::repetition(Repetition {
                    min,
                    max,
                    greedy,
                    sub: Box::new(self.node(depth + 1)?),
                })
            }
            CAPTURE => {
                let index = u32::try_from(self.num()?).ok()?;
                let n = self.num()?;
                let name = std::str::from_utf8(self.bytes(n)?).ok()?;
                let name = (!name.is_empty()).then(|| Box::from(name));
                Hir::capture(Capture {
                    index,
                    name,
                    sub: Box::new(self.node(depth + 1)?),
                })
            }
            CONCAT => {
                let n = self.num()?;
                let mut hs = Vec::new();
                for _ in 0..n {
                    let run = match self.0.first() {
                        Some(&FOLDED) => {
                            self.byte()?;
                            let k = self.num()?;
                            Some(self.bytes(k)?.to_vec())
                        }
                        Some(&FOLDED_AT) => {
                            self.byte()?;
                            Some(self.at()?)
                        }
                        _ => None,
                    };
                    if let Some(run) = run {
                        for b in run {
                            let (up, b) = (b.to_ascii_uppercase(), b.to_ascii_lowercase());
                            hs.push(Hir::class(Class::Bytes(ClassBytes::new([
                                ClassBytesRange::new(up, up),
                                ClassBytesRange::new(b, b),
                            ]))));
                        }
                    } else {
                        hs.push(self.node(depth + 1)?);
                    }
                }
                Hir::concat(hs)
            }
            ALTERNATION => {
                let n = self.num()?;
                let mut hs = Vec::new();
                for _ in 0..n {
                    hs.push(self.node(depth + 1)?);
                }
                Hir::alternation(hs)
            }
            _ => return None,
        })
    }
}

/// The tree `code` encodes ([`encode`]) for the pattern `src`; `None` for bytes that are not a
/// whole encoding.
pub fn decode(code: &[u8], src: &str) -> Option<Hir> {
    let mut r = Reader(code, src.as_bytes());
    let h = r.node(0)?;
    r.0.is_empty().then_some(h)
}

/// The encoding of `src`'s ASCII tree, when the tree decoded from it equals the parsed one
/// (empty otherwise: the pattern is then parsed at run time). build.rs writes this.
pub fn code(src: &str) -> Vec<u8> {
    let Some(hir) = ascii_hir(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if encode(&hir, src.as_bytes(), &mut out).is_none() || decode(&out, src).as_ref() != Some(&hir)
    {
        return Vec::new();
    }
    out
}
