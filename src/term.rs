//! One sanitiser for every string printed to a terminal: a hostile project file, log line or
//! server name must not move the cursor, retitle the window, hide or overwrite text. ESC, BEL, CR
//! and the other C0 controls (but newline and tab), DEL, the C1 controls (U+0080–U+009F, which
//! some terminals obey like ESC sequences) and the bidirectional overrides that reorder what is
//! shown ("Trojan Source", CVE-2021-42574) are written as visible escapes (`\x1b`, `\u{9b}`).
//!
//! Everything the binary prints goes through [`print`]/[`eprint`] (or [`for_stdout`]), which
//! also pass it through [`crate::redact::output`]: one last redaction and one sanitiser on every
//! output path, whatever command or format made the text.
use std::io::Write;

/// Whether `c` would be obeyed by a terminal rather than shown.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
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

/// `s` with every control character as a visible escape. With `keep_color`, the colour codes
/// the doctor's painting emits (`ESC [ 31 m`, ...) stay; every other escape is shown.
pub fn sanitize(s: &str, keep_color: bool) -> String {
    if !s.chars().any(is_control) {
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
    if !s.chars().any(bad) {
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
    let r = crate::redact::output(s);
    if json_text {
        json_owned(r)
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
