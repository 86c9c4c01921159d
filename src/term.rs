//! One sanitiser for every string printed to a terminal: a hostile project file, log line or
//! server name must not move the cursor, retitle the window, hide or overwrite text. ESC, BEL, CR
//! and the other C0 controls (but newline and tab), DEL, the C1 controls (U+0080–U+009F, which
//! some terminals obey like ESC sequences), the bidirectional overrides that reorder what is
//! shown ("Trojan Source", CVE-2021-42574) and the invisible characters that hide a difference
//! (a zero-width space) are written as visible escapes (`\x1b`, `\u{9b}`, `\u{200b}`).
//!
//! Everything the binary prints goes through [`print()`]/[`eprint()`] (or [`for_stdout`]), which
//! also pass it through [`crate::redact::output`]: one last redaction and one sanitiser on every
//! output path, whatever command or format made the text.
use std::io::Write;

/// Whether `c` would be obeyed by a terminal rather than shown.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_unseen(c)
}

/// The characters besides C0, DEL and C1 that are not shown as themselves: the bidirectional
/// controls and marks that reorder text (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, the
/// Arabic letter mark U+061C), the line and paragraph separators (U+2028, U+2029), and the
/// invisible ones that hide a difference (a zero-width space in `@scope\u{200b}/server`, a word
/// joiner, the invisible operators U+2061–U+2064, a BOM in the middle of a name). The joiners
/// U+200C/U+200D are kept: Persian and emoji need them.
pub(crate) fn is_unseen(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

fn escape(c: char, out: &mut String) {
    match c {
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// The colour codes the doctor's own painting uses (owo-colors): reset, bold, dim, the normal
/// intensity reset, red, green, yellow, cyan, default colour. Nothing else is kept, even with
/// colour on (no conceal, no cursor movement).
fn own_sgr(params: &str) -> bool {
    !params.is_empty()
        && params
            .split(';')
            .all(|p| matches!(p, "0" | "1" | "2" | "22" | "31" | "32" | "33" | "36" | "39"))
}

/// Whether `s` holds a character [`is_control`] calls a control, read as bytes (a whole report's
/// text is scanned once on its way out; decoding every character took as long as the checks
/// of a thousand servers). Exactly `s.chars().any(is_control)`: C0 but newline and tab, DEL,
/// C1 (`C2 80`–`C2 9F` in UTF-8), U+061C (`D8 9C`), U+200B (`E2 80 8B`), U+200E/U+200F
/// (`E2 80 8E`/`8F`), U+2028–U+202E (`E2 80 A8`–`AE`), U+2060–U+2064 (`E2 81 A0`–`A4`),
/// U+2066–U+2069 (`E2 81 A6`–`A9`) and U+FEFF (`EF BB BF`).
fn any_control(s: &str) -> bool {
    #[cfg(target_arch = "x86_64")]
    return any_control_sse2(s.as_bytes());
    #[cfg(not(target_arch = "x86_64"))]
    return any_control_words(s);
}

/// [`any_control`] sixteen bytes at a time with SSE2 (part of every x86_64 processor): a block
/// with no byte below a space but newline and tab, no DEL and no byte of a multi-byte
/// character is skipped in a dozen instructions; the others are read byte by byte. A 100 MB
/// report's scan took a fortieth of `check`'s instructions eight bytes at a time.
#[cfg(target_arch = "x86_64")]
fn any_control_sse2(b: &[u8]) -> bool {
    use std::arch::x86_64::{
        _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let mut at = 0;
    while at + 16 <= b.len() {
        // SAFETY: SSE2 is in every x86_64 target's baseline; the unaligned load reads the 16
        // bytes `b[at..at + 16]`, which are in bounds (checked above).
        let candidates = unsafe {
            let v = _mm_loadu_si128(b.as_ptr().add(at).cast());
            // Signed: the bytes of multi-byte characters (0x80 and up) are below a space too.
            let low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
            let kept = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\t' as i8)),
            );
            let del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
            _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(kept, low), del))
        };
        if candidates != 0 && (at..at + 16).any(|i| control_at(b, i)) {
            return true;
        }
        at += 16;
    }
    (at..b.len()).any(|i| control_at(b, i))
}

/// [`any_control`] eight bytes at a time, on any processor.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn any_control_words(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    const LOW7: u64 = ONES * 0x7f;
    /// The high bit of each byte of `w` that is zero (exact, no borrow between bytes).
    fn zero(w: u64) -> u64 {
        !(((w & LOW7) + LOW7) | w | LOW7)
    }
    // Eight bytes at a time: a word with no byte that can start a control (C0 but newline and
    // tab, DEL, and any byte of a multi-byte character) is skipped; the others are read byte
    // by byte (a report is mostly ASCII: a hundred megabytes in a few hundred thousand
    // instructions per megabyte instead of twenty per byte).
    let b = s.as_bytes();
    let mut at = 0;
    for w in b.chunks_exact(8) {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        let lo = w & LOW7;
        let high = ((lo + ONES) | w) & HIGH;
        let below_space = !((lo + ONES * 0x60) | w) & HIGH;
        // Most words hold neither: newlines and tabs (a pretty JSON text has a newline every
        // few words) are told apart from the other controls only in the rest.
        if (high | below_space) != 0 {
            let c0 = below_space & !zero(w ^ (ONES * 0x0a)) & !zero(w ^ (ONES * 0x09));
            if (high | c0) != 0 && (at..at + 8).any(|i| control_at(b, i)) {
                return true;
            }
        }
        at += 8;
    }
    (at..b.len()).any(|i| control_at(b, i))
}

/// Whether a control character starts at byte `i` of `b` (see [`any_control`]).
fn control_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        0x00..=0x08 | 0x0b..=0x1f | 0x7f => true,
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xd8 => b.get(i + 1) == Some(&0x9c),
        0xe2 => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8b | 0x8e | 0x8f | 0xa8..=0xae))
                | (Some(0x81), Some(0xa0..=0xa4 | 0xa6..=0xa9))
        ),
        0xef => matches!((b.get(i + 1), b.get(i + 2)), (Some(0xbb), Some(0xbf))),
        _ => false,
    }
}

/// `s` with every control character as a visible escape. With `keep_color`, the colour codes
/// the doctor's painting emits (`ESC [ 31 m`, ...) stay; every other escape is shown.
pub fn sanitize(s: &str, keep_color: bool) -> String {
    if !any_control(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' && keep_color {
            if let Some(body) = rest[1..].strip_prefix('[') {
                let end = body
                    .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                    .unwrap_or(body.len());
                if body[end..].starts_with('m') && own_sgr(&body[..end]) {
                    let n = 2 + end + 1;
                    out.push_str(&rest[..n]);
                    rest = &rest[n..];
                    continue;
                }
            }
        }
        if is_control(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A JSON text safe on a terminal: serde_json escapes C0 controls but writes DEL, C1 and the
/// bidirectional controls raw; those can only occur inside strings, where `\uXXXX` means the same.
pub fn json(s: &str) -> String {
    json_owned(s.to_string())
}

/// [`json`] of an owned text, returned as it is when it holds no control (no copy).
fn json_owned(s: String) -> String {
    let bad = |c: char| c != '\n' && c != '\t' && is_control(c);
    if !any_control(&s) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// What a text becomes on its way out: redacted, then sanitised for a terminal (a JSON text with
/// its remaining controls escaped the JSON way).
pub fn for_stdout(s: &str, json_text: bool, keep_color: bool) -> String {
    for_stdout_owned(s.to_string(), json_text, keep_color)
}

/// [`for_stdout`] of an owned text (a whole report: not copied when nothing changes).
pub fn for_stdout_owned(s: String, json_text: bool, keep_color: bool) -> String {
    let r = crate::redact::output_owned(s);
    if json_text {
        json_owned(r)
    } else if !any_control(&r) {
        r
    } else {
        sanitize(&r, keep_color)
    }
}

/// Prints to stdout through [`for_stdout`] (human text).
pub fn print(s: &str, keep_color: bool) {
    let mut o = std::io::stdout().lock();
    let _ = o
        .write_all(for_stdout(s, false, keep_color).as_bytes())
        .and_then(|_| o.flush());
}

/// Prints to stderr through [`for_stdout`] (human text).
pub fn eprint(s: &str, keep_color: bool) {
    let mut o = std::io::stderr().lock();
    let _ = o
        .write_all(for_stdout(s, false, keep_color).as_bytes())
        .and_then(|_| o.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_controls() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("a{c}"),
                format!("{c}b"),
                format!("✓{c}é"),
                // In a sixteen-byte block of the SSE2 scan.
                format!("0123{c}456789abcdef."),
            ] {
                assert_eq!(any_control(&s), s.chars().any(is_control), "{:x}", c as u32);
            }
        }
        // Inside and across the eight-byte words and sixteen-byte blocks, at every offset, among newlines and tabs
        // (which the word test lets through) and other multi-byte characters.
        // (Longer than two of the SSE2 scan's sixteen-byte blocks.)
        let pad = "a\n\tb c\td\ne\tfgh\nij\tk\n{\"x\": [1, 2],\n  \"y\": \"z\"\n}\t\n";
        let near = (0..0x300u32)
            .chain(0x2000..0x2070)
            .chain([
                0x61b, 0x61c, 0x61d, 0xfefe, 0xfeff, 0xff00, 0x1f600, 0x10ffff,
            ])
            .filter_map(char::from_u32);
        for c in near {
            for k in 0..=pad.len() {
                for s in [
                    format!("{}{c}{}", &pad[..k], &pad[k..]),
                    format!("{}{c}é✓{}", &pad[..k], &pad[k..]),
                ] {
                    let want = s.chars().any(is_control);
                    assert_eq!(any_control(&s), want, "{s:?}");
                    assert_eq!(any_control_words(&s), want, "{s:?}");
                }
            }
        }
        // A lead byte at the very end, and the neighbours of each range.
        assert!(!any_control(
            "x\u{2027}\u{2065}\u{206a}\u{200c}\u{200d}\u{2010}\u{a0}\u{61b}\u{fefe}\u{205f}"
        ));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(
            sanitize("a\x1b]0;pwned\x07b\rc\u{9b}2Jd", false),
            "a\\x1b]0;pwned\\x07b\\rc\\u{9b}2Jd"
        );
        assert_eq!(sanitize("line\n\ttab", false), "line\n\ttab");
        assert_eq!(sanitize("évite ✓", false), "évite ✓");
        assert_eq!(sanitize("x\u{202e}y", false), "x\\u{202e}y");
    }

    #[test]
    fn only_own_colours_survive_with_colour_on() {
        assert_eq!(
            sanitize("\x1b[31mred\x1b[39m \x1b[8mhidden\x1b[0m \x1b[2J", true),
            "\x1b[31mred\x1b[39m \\x1b[8mhidden\x1b[0m \\x1b[2J"
        );
        assert_eq!(sanitize("\x1b[31m", false), "\\x1b[31m");
    }

    #[test]
    fn json_escapes_c1_inside_strings() {
        let v = serde_json::json!({"name": "a\u{9b}b\u{7f}\x1b"});
        let s = json(&serde_json::to_string(&v).unwrap());
        assert!(!s.chars().any(|c| c.is_control()), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
