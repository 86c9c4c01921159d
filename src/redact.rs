//! Secrets never reach output (`shared/contract.md`, "Secrets"). One redactor, three layers:
//! - credential *shapes* ([`shapes`]): `ghp_…`, `github_pat_…`, `gho_…`, `glpat-…`, `xox[abpr]-…`,
//!   `sk-…`, `sk-ant-…`, `AKIA…`, `AIza…`, `secret_…`, `npm_…`, `hf_…`, `pypi-…`, JWTs, PEM private
//!   keys, whatever their name;
//! - *names* ([`text`]): `Bearer` tokens, `Authorization` and cookie header values, URL userinfo and
//!   secret-named query parameters, `--token`-style argument values (also as the next element of a
//!   JSON array), `NAME=value` / `"NAME": "value"` pairs with a secret-like name, nested or with the
//!   value on the next line;
//! - *values*: every secret value read anywhere in the run (a config's env value, a header, a token
//!   argument, a value [`harvest`]ed from a config or log text) is remembered for the whole process
//!   ([`remember`]) and replaced wherever it appears, so a secret that no pattern recognises is
//!   still caught in a log line, a probe's stderr or a diff.
//!
//! [`text`] applies all three to one string; [`output`] applies shapes and values to a whole
//! output text (everything the binary prints passes through it), never the name patterns, which
//! would garble a JSON report's own keys.
//!
//! A redacted value appears as `<redacted:N chars>`.
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Captures, Regex};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{LazyLock, RwLock};

/// The contract's secret words. [`gate::words`] looks for them letter by letter in one pass (a
/// `match` on the first letter); this list is what the tests hold it to.
#[cfg(test)]
const SECRET_WORDS: [&str; 8] = [
    "KEY",
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASS",
    "AUTH",
    "CREDENTIAL",
    "COOKIE",
];

/// Whether a variable, header or parameter name names a secret (one of the contract's words
/// anywhere in it, or `PAT`, a personal access token, as a whole word: `GH_PAT`, not `PATH`).
pub fn is_secret_name(name: &str) -> bool {
    // In any ASCII case, without an upper-case copy, in one pass over the name (called for
    // every pair of a config; the secret words each looked for in a pass of its own cost five
    // times as much).
    let b = name.as_bytes();
    gate::words(b, false)
        || (memchr::memchr2(b'p', b'P', b).is_some()
            && name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case("PAT")))
}

/// A URL query parameter whose value is a secret: a secret name ([`is_secret_name`]), or a
/// signature that grants access by itself (Azure's SAS `sig`, S3's and GCS's presigned
/// `X-Amz-Signature`/`X-Goog-Signature`, `Signature`).
pub fn is_secret_query(name: &str) -> bool {
    is_secret_name(name)
        || name.eq_ignore_ascii_case("sig")
        || name
            .len()
            .checked_sub(9)
            .and_then(|i| name.get(i..))
            .is_some_and(|end| end.eq_ignore_ascii_case("signature"))
}

pub fn mask(value: &str) -> String {
    format!("<redacted:{} chars>", value.chars().count())
}

/// Argument flags whose next argument (or `=value`) is a secret.
pub fn is_secret_flag(flag: &str) -> bool {
    let f = flag.trim_start_matches('-');
    f.len() < flag.len() && is_secret_name(f) && !f.contains('=')
}

/// Credentials recognisable by their shape alone (the providers' documented prefixes).
static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)",
        r"|(?:gh[opusr]_[A-Za-z0-9]{16,}",
        r"|github_pat_[A-Za-z0-9_]{20,}",
        r"|glpat-[A-Za-z0-9_\-]{16,}",
        r"|xox[abpr]-[A-Za-z0-9\-]{8,}",
        r"|sk-ant-[A-Za-z0-9_\-]{16,}",
        r"|sk-[A-Za-z0-9_\-]{16,}",
        r"|AKIA[0-9A-Z]{16}",
        r"|AIza[0-9A-Za-z_\-]{30,}",
        r"|secret_[A-Za-z0-9]{16,}",
        // npm's access tokens (`npm_` and 36 characters), Hugging Face's (`hf_` and 34 letters),
        // PyPI's API tokens (`pypi-` and a base64url macaroon, `pypi-AgEIcHlwaS5vcmc…`): the
        // registries' documented prefixes (docs.npmjs.com "About access tokens", huggingface.co
        // docs "User access tokens", pypi.org/help "API tokens").
        r"|npm_[A-Za-z0-9]{36,}",
        r"|hf_[A-Za-z0-9]{30,}",
        r"|pypi-[A-Za-z0-9_\-]{50,}",
        r"|eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,})"
    ))
    .expect("regex")
});
/// A line that is only the body of a PEM block (its `BEGIN` line is elsewhere: a log read line by
/// line): 40 or more base64 characters, with upper case, lower case and digits.
static PEM_BODY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z0-9+/]{40,}={0,2})\s*$").expect("regex"));

/// Cheap necessary conditions for the patterns, read before a pattern is compiled or run: a
/// `check` on a small home compiled a dozen redaction patterns (two thirds of its instructions)
/// for strings none of them could match. Each gate answers `true` whenever its pattern could
/// change the text (when in doubt, for a text that is not ASCII, it says `true`), so the result
/// is the same with or without them.
mod gate {
    /// Texts longer than this go straight to the patterns (their own prefilters read a big text
    /// once, as fast as a gate would).
    const LONG: usize = 64 << 10;

    /// Whether the case-insensitive gates apply to `s`: not too long, and without the two
    /// characters that Unicode case folding turns into ASCII letters (KELVIN SIGN is `k`, LONG S
    /// is `s`), which the patterns' `(?i)` would read as part of a word.
    pub fn applies(s: &str) -> bool {
        s.len() <= LONG && folds_plain(s)
    }

    /// No character that Unicode case folding turns into an ASCII letter (`harvest` reads a
    /// whole config this way: its gates are one pass, whatever the length).
    pub fn folds_plain(s: &str) -> bool {
        // An ASCII text (nearly every one) is told by words, not decoded character by character.
        s.is_ascii() || !s.contains(['\u{212a}', '\u{17f}'])
    }

    /// `w` (lower case) at the start of `r`, in any ASCII case.
    fn at(r: &[u8], w: &[u8]) -> bool {
        r.len() >= w.len() && r[..w.len()].eq_ignore_ascii_case(w)
    }

    /// A credential shape could start here: [`super::SHAPE`]'s literal prefixes (case-sensitive,
    /// like the pattern), in one pass.
    pub fn shape(s: &str) -> bool {
        if s.len() > LONG {
            return true;
        }
        let b = s.as_bytes();
        (0..b.len()).any(|i| {
            // A shape is masked only where a word starts (or after a colour code, whose `m`
            // ends it): `task-…` holds `sk-` and is no key.
            if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') && b[i - 1] != b'm' {
                return false;
            }
            let r = &b[i..];
            match r[0] {
                b'-' => r.starts_with(b"-----BEGIN "),
                b'g' => {
                    r.starts_with(b"github_pat_")
                        || r.starts_with(b"glpat-")
                        || (r.len() >= 4
                            && r[1] == b'h'
                            && matches!(r[2], b'o' | b'p' | b'u' | b's' | b'r')
                            && r[3] == b'_')
                }
                b'x' => r.starts_with(b"xox"),
                b's' => r.starts_with(b"sk-") || r.starts_with(b"secret_"),
                b'n' => r.starts_with(b"npm_"),
                b'h' => r.starts_with(b"hf_"),
                b'p' => r.starts_with(b"pypi-"),
                b'A' => r.starts_with(b"AKIA") || r.starts_with(b"AIza"),
                b'e' => r.starts_with(b"eyJ"),
                _ => false,
            }
        })
    }

    /// `sig` in any ASCII case (a signature query parameter, [`super::is_secret_query`]).
    pub fn signature(b: &[u8]) -> bool {
        b.windows(3).any(|w| w.eq_ignore_ascii_case(b"sig"))
    }

    /// One of the words of a secret name ([`super::is_secret_name`]) in any ASCII case, `pat`
    /// as any substring (a superset of the whole word).
    pub fn secret_word(b: &[u8]) -> bool {
        words(b, true)
    }

    /// One of the contract's secret words (`SECRET_WORDS` in the tests) in `b`, in any ASCII case (`PASSWORD` holds `PASS`), and
    /// with `pat`, `pat` anywhere.
    pub fn words(b: &[u8], pat: bool) -> bool {
        (0..b.len()).any(|i| {
            let r = &b[i..];
            match r[0] | 0x20 {
                b'k' => at(r, b"key"),
                b't' => at(r, b"token"),
                b's' => at(r, b"secret"),
                b'p' => at(r, b"pass") || (pat && at(r, b"pat")),
                b'a' => at(r, b"auth"),
                b'c' => at(r, b"credential") || at(r, b"cookie"),
                _ => false,
            }
        })
    }

    fn is_word(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_'
    }

    /// The regex `\s` on ASCII.
    fn is_space(c: u8) -> bool {
        matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
    }

    /// [`super::BEARER`]: `bearer`, `basic` or `token` starting a word and followed by a space
    /// (a byte of a character that is not ASCII might be a space: it counts as one).
    pub fn bearer(s: &str) -> bool {
        if s.is_ascii() {
            bearer_from_spaces(s.as_bytes())
        } else {
            bearer_at_every_byte(s)
        }
    }

    /// [`bearer`] of an ASCII text, read from its spaces (the word must end right before one):
    /// a text has a few spaces and many `b`s and `t`s. The same places as
    /// [`bearer_at_every_byte`] (tested).
    pub fn bearer_from_spaces(b: &[u8]) -> bool {
        let word_before = |j: usize| {
            j > 0
                && matches!(b[j - 1] | 0x20, b'r' | b'c' | b'n')
                && [&b"bearer"[..], b"basic", b"token"].iter().any(|w| {
                    j >= w.len() && {
                        let i = j - w.len();
                        b[i..j].eq_ignore_ascii_case(w) && (i == 0 || !is_word(b[i - 1]))
                    }
                })
        };
        // The spaces found by `memchr`; the other spaces (rare) byte by byte.
        memchr::memchr_iter(b' ', b).any(word_before)
            || ((memchr::memchr3(b'\t', b'\n', b'\r', b).is_some()
                || memchr::memchr2(0x0b, 0x0c, b).is_some())
                && b.iter()
                    .enumerate()
                    .any(|(j, &c)| c != b' ' && is_space(c) && word_before(j)))
    }

    /// [`bearer`] read at every byte (any text).
    pub fn bearer_at_every_byte(s: &str) -> bool {
        let b = s.as_bytes();
        (0..b.len()).any(|i| {
            let r = &b[i..];
            let n = match r[0] | 0x20 {
                b'b' if at(r, b"bearer") => 6,
                b'b' if at(r, b"basic") => 5,
                b't' if at(r, b"token") => 5,
                _ => return false,
            };
            (i == 0 || !is_word(b[i - 1])) && space_at(s, i + n)
        })
    }

    /// Whether the character at byte `i` of `s` is a space (the regex `\s`: Unicode White_Space).
    fn space_at(s: &str, i: usize) -> bool {
        s.get(i..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_whitespace)
    }

    /// Whether the character ending at byte `i` of `s` is a space.
    fn space_before(s: &str, i: usize) -> bool {
        s.get(..i)
            .and_then(|r| r.chars().next_back())
            .is_some_and(char::is_whitespace)
    }

    /// [`super::HEADER`]: one of its header names.
    pub fn header(s: &str) -> bool {
        let b = s.as_bytes();
        (0..b.len()).any(|i| {
            let r = &b[i..];
            match r[0] | 0x20 {
                b'a' => at(r, b"authorization") || at(r, b"api-key"),
                b'c' => at(r, b"cookie"),
                _ => false,
            }
        })
    }

    /// [`super::PAIR`] (`quotes` `"`) and `harvest`'s pair (`quotes` `"'`): a name holding a
    /// secret word right before a `:` or `=` (after an optional quote and spaces). For a text
    /// [`folds_plain`]: a name is ASCII, even under `(?i)`.
    pub fn pair(s: &str, quotes: &[u8]) -> bool {
        let b = s.as_bytes();
        b.iter().enumerate().any(|(i, &c)| {
            if c != b':' && c != b'=' {
                return false;
            }
            let mut j = i;
            while j > 0 && space_before(s, j) {
                j -= s[..j].chars().next_back().map_or(1, char::len_utf8);
            }
            if j > 0 && quotes.contains(&b[j - 1]) {
                j -= 1;
            }
            let end = j;
            while j > 0 && (is_word(b[j - 1]) || matches!(b[j - 1], b'.' | b'-')) {
                j -= 1;
            }
            j < end && secret_word(&b[j..end]) && !reference_after(b, i + 1)
        })
    }

    /// Whether the value after a pair's `:` or `=` (at `from`) is, for certain, a quoted
    /// `${NAME}` reference, which the pair patterns leave alone (`"GITHUB_TOKEN": "${GITHUB_TOKEN}"`
    /// in a config). Spaces first; anything else is not certain.
    fn reference_after(b: &[u8], from: usize) -> bool {
        let mut k = from;
        // ASCII spaces only: after another space the value is not read here (not certain).
        while k < b.len() && is_space(b[k]) {
            k += 1;
        }
        let Some(rest) = b.get(k..).and_then(|r| {
            r.strip_prefix(b"\"${")
                .or_else(|| r.strip_prefix(b"\"{env:"))
                .or_else(|| r.strip_prefix(b"\"{file:"))
        }) else {
            return false;
        };
        let Some(close) = rest.iter().position(|&c| c == b'"') else {
            return false;
        };
        let inner = &rest[..close];
        inner.last() == Some(&b'}')
            && inner.iter().filter(|&&c| c == b'}').count() == 1
            && !inner.iter().any(|&c| c == b'\\' || c == b'\n' || c == b'{')
    }

    /// [`super::FLAG`] and [`super::FLAG_JSON`]: a secret flag (`--api-key`) starting where the
    /// patterns let a flag start.
    pub fn flag(s: &str) -> bool {
        let b = s.as_bytes();
        // From dash to dash (a whole config is read here).
        memchr::memchr_iter(b'-', b).any(|i| {
            if i > 0 && !(space_before(s, i) || b"\"'=[,(".contains(&b[i - 1])) {
                return false;
            }
            let mut j = i + 1;
            if b.get(j) == Some(&b'-') && b.get(j + 1).is_some_and(u8::is_ascii_alphabetic) {
                j += 1;
            }
            if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
                return false;
            }
            let mut k = j;
            while k < b.len() && (is_word(b[k]) || b[k] == b'-') {
                k += 1;
            }
            super::is_secret_flag(&s[i..k])
        })
    }

    /// [`super::PEM_BODY`]: the whole text is spaces and base64 (a byte of a character that is
    /// not ASCII might be a space), ...
    pub fn pem_body(s: &str) -> bool {
        // ... holding 40 base64 characters in a row (a sentence of short words is no PEM line).
        let mut run = 0usize;
        let mut long_run = false;
        s.len() >= 40
            && s.bytes().all(|c| {
                let b64 = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/');
                run = if b64 { run + 1 } else { 0 };
                long_run |= run >= 40;
                b64 || c == b'=' || is_space(c) || c >= 0x80
            })
            && long_run
    }
}

/// Masks every credential-shaped part of `s`.
pub fn shapes(s: &str) -> String {
    shapes_cow(s).into_owned()
}

/// Whether a shape found at `start` starts a word: after a non-word character, at the start, or
/// right after a colour code. Only such a shape is a secret (`task-…` is not an `sk-` key).
fn shape_starts_word(s: &str, start: usize) -> bool {
    let before = &s[..start];
    before
        .chars()
        .next_back()
        .is_none_or(|p| !(p.is_ascii_alphanumeric() || p == '_'))
        || ends_with_sgr(before)
}

/// Whether a text ends with a colour code (`ESC [ 31 m`): read back from its end, not by a
/// search through all of it (once per shape found in a whole report).
fn ends_with_sgr(before: &str) -> bool {
    before.strip_suffix('m').is_some_and(|rest| {
        rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == ';')
            .ends_with("\x1b[")
    })
}

/// [`shapes`], borrowing `s` when it holds none (a whole report's text is not copied).
fn shapes_cow(s: &str) -> Cow<'_, str> {
    shapes_cow_if(s, true)
}

/// [`shapes_cow`]; `could` is `false` when the text holds none of the characters every shape
/// has one of ([`Has::SHAPE`]): the shape pattern is then not looked for.
fn shapes_cow_if(s: &str, could: bool) -> Cow<'_, str> {
    // A shape starts a word: after a non-word character, at the start, or right after a colour
    // code (`ESC[31mghp_…`, whose `m` would hide a `\b`); `task-…` is not an `sk-` key.
    let out = if !could || !gate::shape(s) {
        Cow::Borrowed(s)
    } else {
        SHAPE.replace_all(s, |c: &Captures| {
            let m = c.get(0).expect("whole match");
            if shape_starts_word(s, m.start()) {
                mask(m.as_str())
            } else {
                m.as_str().to_string()
            }
        })
    };
    // A PEM body line is 40 characters or more.
    let body = if gate::pem_body(&out) {
        PEM_BODY.captures(&out)
    } else {
        None
    };
    if let Some(c) = body {
        let b = &c[1];
        if b.contains(|c: char| c.is_ascii_digit())
            && b.contains(|c: char| c.is_ascii_uppercase())
            && b.contains(|c: char| c.is_ascii_lowercase())
        {
            return Cow::Owned(out.replace(b, &mask(b)));
        }
    }
    out
}

static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer|basic|token)(\s+)([A-Za-z0-9._~+/=\-]{8,})").expect("regex")
});
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)(\s*[:=]\s*)([^"'\r\n,}]+)"#)
        .expect("regex")
});
static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s:@]*)(:[^/\s?#"'\\<>]*)?@"#).expect("regex")
});
static QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([?&])([A-Za-z0-9_.\-]+)=([^&#\s]+)").expect("regex"));
/// A flag starts a word: `X-Api-Key is` is a header name in a sentence, not the flag `-Api-Key`.
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(^|[\s"'=\[,(])(--?[A-Za-z][A-Za-z0-9_\-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)"#)
        .expect("regex")
});
/// A flag and its value as two elements of a JSON array: `"--api-key", "value"`.
static FLAG_JSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(--?[A-Za-z][A-Za-z0-9_\-]*)"(\s*,\s*)"((?:[^"\\]|\\.)*)""#).expect("regex")
});
/// `NAME=value`, `"NAME": "value"`, `NAME: value` (also with the value on the next line). An
/// unquoted value never starts a nested object or list, whose own members are looked at instead.
static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)("?)([A-Za-z_][A-Za-z0-9_.\-]*)("?\s*[:=]\s*)("([^"\\]|\\.)*"|'[^']*'|[^\s,;}&{\[\]"'][^\s,;}&]*)"#,
    )
    .expect("regex")
});

fn unquote(v: &str) -> &str {
    let b = v.as_bytes();
    if b.len() >= 2
        && ((b[0] == b'"' && b[b.len() - 1] == b'"') || (b[0] == b'\'' && b[b.len() - 1] == b'\''))
    {
        &v[1..v.len() - 1]
    } else {
        v
    }
}

fn masked_quoted(v: &str) -> String {
    let inner = unquote(v);
    if inner.len() == v.len() {
        mask(v)
    } else {
        let q = &v[..1];
        format!("{q}{}{q}", mask(inner))
    }
}

/// Already masked, or a placeholder the doctor itself prints for the user to fill in
/// (`export NAME=<value>`, `--token <your token>`): nothing to hide in either.
fn already(v: &str) -> bool {
    v.contains("<redacted:") || is_placeholder(v)
}

fn is_placeholder(v: &str) -> bool {
    let v = v.trim_end_matches(['"', '\'', ',', ';']);
    v.len() > 2
        && v.starts_with('<')
        && v.ends_with('>')
        && v[1..v.len() - 1]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'))
}

/// Redacts every secret-looking part of a free text (a log line, an error message, an argument):
/// shapes, names, and every value the run has read as a secret.
pub fn text(s: &str) -> String {
    text_if_changed(s).unwrap_or_else(|| s.to_owned())
}

/// [`text`] when it differs from `s`, else `None`: the same stages, without a copy of a text
/// that none of them changes (most of a report's strings).
pub fn text_if_changed(s: &str) -> Option<String> {
    // What the text holds, read once for both layers.
    let has = Has::of(s);
    let a = shapes_cow_if(s, has.any(Has::SHAPE));
    let b = names_gated_cow_has(&a, true, if changed(&a) { Has::of(&a) } else { has });
    let staged = matches!(a, Cow::Owned(_)) || matches!(b, Cow::Owned(_));
    match known_in(&b) {
        Some(k) => Some(k),
        None if staged => Some(b.into_owned()),
        None => None,
    }
    .filter(|r| r != s)
}

/// `re` replaced in `s` by `f` when `run` (the text holds what `re` cannot match without),
/// with no copy when nothing matches.
fn stage<'a>(
    s: Cow<'a, str>,
    run: bool,
    re: &LazyLock<Regex>,
    f: impl FnMut(&Captures) -> String,
) -> Cow<'a, str> {
    if !run {
        return s;
    }
    // Compiled here, on first use by a text that needs it.
    let re: &Regex = re;
    match re.replace_all(&s, f) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// Whether a stage has changed the text (the gates then no longer apply).
#[allow(clippy::ptr_arg)] // the variant is the answer, not the text
fn changed(s: &Cow<'_, str>) -> bool {
    matches!(s, Cow::Owned(_))
}

/// Which of the characters the name patterns look for a text holds, read in one pass (each
/// stage used to look for its own characters in a pass of its own over every string).
#[derive(Clone, Copy)]
struct Has(u16);

impl Has {
    const EQ: u16 = 1;
    const COLON: u16 = 1 << 1;
    const AT: u16 = 1 << 2;
    /// `' '` only.
    const SPACE: u16 = 1 << 3;
    const DASH: u16 = 1 << 4;
    const COMMA: u16 = 1 << 5;
    /// `?` or `&`.
    const QUERY: u16 = 1 << 6;
    const QUOTE: u16 = 1 << 7;
    const UNDERSCORE: u16 = 1 << 8;
    /// `A` or `J`.
    const CAPITAL_A_J: u16 = 1 << 9;
    /// Every alternative of [`SHAPE`] holds one of these: `-` (`-----BEGIN`, `glpat-`, `xoxb-`,
    /// `sk-`, `pypi-`), `_` (`ghp_`, `github_pat_`, `secret_`, `npm_`, `hf_`), `A` (`AKIA`,
    /// `AIza`) or `J` (`eyJ`).
    const SHAPE: u16 = Has::DASH | Has::UNDERSCORE | Has::CAPITAL_A_J;

    const TABLE: [u16; 256] = {
        let mut t = [0u16; 256];
        t[b'=' as usize] = Has::EQ;
        t[b':' as usize] = Has::COLON;
        t[b'@' as usize] = Has::AT;
        t[b' ' as usize] = Has::SPACE;
        t[b'-' as usize] = Has::DASH;
        t[b',' as usize] = Has::COMMA;
        t[b'?' as usize] = Has::QUERY;
        t[b'&' as usize] = Has::QUERY;
        t[b'"' as usize] = Has::QUOTE;
        t[b'_' as usize] = Has::UNDERSCORE;
        t[b'A' as usize] = Has::CAPITAL_A_J;
        t[b'J' as usize] = Has::CAPITAL_A_J;
        t
    };

    fn of(s: &str) -> Has {
        Has(s
            .as_bytes()
            .iter()
            .fold(0, |m, &b| m | Has::TABLE[b as usize]))
    }

    /// Any of these characters.
    fn any(self, bits: u16) -> bool {
        self.0 & bits != 0
    }
}

/// The name patterns of [`text`], borrowed when no pattern matches. With the gates (`gated`),
/// each pattern runs only on a text holding the characters it cannot match without (a report's
/// strings rarely hold most of them): the result is the same (the tests compare both).
#[cfg(test)]
fn names_gated_cow(s: &str, gated: bool) -> Cow<'_, str> {
    names_gated_cow_has(s, gated, Has::of(s))
}

/// [`names_gated_cow`] of a text whose characters were read already (`has`: [`Has::of`]).
fn names_gated_cow_has(s: &str, gated: bool, has: Has) -> Cow<'_, str> {
    // Most strings hold nothing that could be a secret: skip the patterns for them.
    if !has.any(Has::EQ | Has::COLON | Has::AT | Has::SPACE | Has::DASH | Has::COMMA) {
        return Cow::Borrowed(s);
    }
    // The gates read the text as it came: once a stage has changed it, the later stages run.
    let gated = gated && gate::applies(s);
    let first = |g: &dyn Fn(&str) -> bool| !gated || g(s);
    // Read only when a stage asks (most texts hold neither a query nor a flag).
    let secret_word = std::cell::OnceCell::new();
    let secret = || *secret_word.get_or_init(|| !gated || gate::secret_word(s.as_bytes()));
    // What the text holds now: read again once a stage has changed it.
    let now = |t: &Cow<'_, str>| if changed(t) { Has::of(t) } else { has };
    let s = stage(Cow::Borrowed(s), first(&gate::bearer), &BEARER, |c| {
        if already(&c[3]) {
            c[0].to_string()
        } else {
            format!("{}{}{}", &c[1], &c[2], mask(&c[3]))
        }
    });
    // A header and a pair need a `:` or `=` between name and value.
    let run = now(&s).any(Has::COLON | Has::EQ) && (changed(&s) || first(&gate::header));
    let s = stage(s, run, &HEADER, |c| {
        let v = c[3].trim_end();
        if already(v) || v.is_empty() {
            c[0].to_string()
        } else {
            format!("{}{}{}{}", &c[1], &c[2], mask(v), &c[3][v.len()..])
        }
    });
    let h = now(&s);
    let run = h.any(Has::AT) && h.any(Has::COLON) && s.contains("://");
    let s = stage(s, run, &USERINFO, |c| {
        let user = &c[2];
        // The password runs to the authority's last `@` (proxy URLs are written with an
        // unescaped `@` in it); a userinfo with no user name is still a password.
        match c.get(3) {
            Some(pw) if user.is_empty() && pw.len() == 1 => c[0].to_string(),
            Some(pw) => format!("{}{}:{}@", &c[1], user, mask(&pw.as_str()[1..])),
            None if user.is_empty() => c[0].to_string(),
            None => format!("{}{}@", &c[1], mask(user)),
        }
    });
    let h = now(&s);
    let run = h.any(Has::EQ)
        && h.any(Has::QUERY)
        && (changed(&s) || secret() || !gated || gate::signature(s.as_bytes()));
    let s = stage(s, run, &QUERY, |c| {
        if is_secret_query(&c[2]) && !already(&c[3]) {
            format!("{}{}={}", &c[1], &c[2], mask(&c[3]))
        } else {
            c[0].to_string()
        }
    });
    // Both flag patterns need a `-` (the second one reads the first one's result, which has
    // one only if the text had one).
    let h = now(&s);
    // The flag gate first: it jumps from dash to dash, the word gate reads every byte (a server's
    // name or argument holds a dash but no flag).
    let flags = h.any(Has::DASH) && (changed(&s) || !gated || (gate::flag(&s) && secret()));
    let run = flags && h.any(Has::QUOTE) && s.contains("\"-");
    let s = stage(s, run, &FLAG_JSON, |c| {
        if is_secret_flag(&c[1]) && !already(&c[3]) && !c[3].is_empty() {
            format!("\"{}\"{}\"{}\"", &c[1], &c[2], mask(&c[3]))
        } else {
            c[0].to_string()
        }
    });
    let run = flags && now(&s).any(Has::DASH);
    let s = stage(s, run, &FLAG, |c| {
        if is_secret_flag(&c[2]) && !already(&c[4]) && !c[4].starts_with('-') {
            format!("{}{}{}{}", &c[1], &c[2], &c[3], masked_quoted(&c[4]))
        } else {
            c[0].to_string()
        }
    });
    let run = now(&s).any(Has::COLON | Has::EQ) && (changed(&s) || !gated || gate::pair(&s, b"\""));
    pair_stage(s, run)
}

/// Whether the pair named `name` is a validator's message about a key, not a key's value:
/// `Unrecognized key: "mcpServers"`, `unknown key: transport`, `duplicate key: env` (zod, serde,
/// YAML and JSON schema checkers) name the offending key after `key:`; the word before `key`
/// says so. The value is a field name the user wrote, not a secret (a secret there is still
/// caught by its shape and by the values the run knows).
fn schema_key(before: &str, name: &str) -> bool {
    if !(name.eq_ignore_ascii_case("key") || name.eq_ignore_ascii_case("keys")) {
        return false;
    }
    let word = before
        .trim_end_matches([' ', '"', '\''])
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    [
        "unrecognized",
        "unrecognised",
        "unknown",
        "unexpected",
        "invalid",
        "duplicate",
        "duplicated",
        "missing",
        "required",
        "additional",
        "unsupported",
        "extra",
        "disallowed",
    ]
    .iter()
    .any(|w| word.eq_ignore_ascii_case(w))
}

/// What [`PAIR`]'s match `[whole, quote, name, separator, value]` becomes: the value masked
/// when the name is a secret's. `before`: the text before the match.
fn pair_replacement(before: &str, [whole, q, name, sep, v]: [&str; 5]) -> String {
    if is_secret_name(name)
        && !schema_key(before, name)
        && !already(v)
        && !unquote(v).is_empty()
        && !is_reference(unquote(v))
    {
        format!("{q}{name}{sep}{}", masked_quoted(v))
    } else {
        whole.to_string()
    }
}

/// `stage(s, run, &PAIR, …)` with each match's groups read from the match ([`pair_groups`]):
/// a capture search per pair (a bounded backtracker over the pattern's Unicode classes) cost
/// ten thousand instructions for an evidence line of thirty bytes. Tested equal to the stage
/// with the regex's groups.
fn pair_stage(s: Cow<'_, str>, run: bool) -> Cow<'_, str> {
    if !run {
        return s;
    }
    let re: &Regex = &PAIR;
    let mut out = String::new();
    let mut last = None;
    for m in re.find_iter(&s) {
        if last.is_none() {
            out.reserve(s.len());
        }
        out.push_str(&s[last.unwrap_or(0)..m.start()]);
        let t = m.as_str();
        let [q, name, sep, v] = pair_groups(t, &['"'], |c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '\u{212a}' | '\u{17f}')
        });
        out.push_str(&pair_replacement(&s[..m.start()], [t, q, name, sep, v]));
        last = Some(m.end());
    }
    match last {
        None => s,
        Some(end) => {
            out.push_str(&s[end..]);
            Cow::Owned(out)
        }
    }
}

/// The groups of a match of [`PAIR`] or [`PAIR_ML`] (`quote? name quote? \s* [:=] \s* value`),
/// read from the match: the opening quote (one of `quotes`, or empty), the name (the longest run
/// of `name_char`s: what follows a name is never one), the separator (up to the first `:` or
/// `=`, which neither a quote nor a space is, and the spaces after it: a value never starts with
/// one) and the value (the rest).
fn pair_groups<'a>(t: &'a str, quotes: &[char], name_char: fn(char) -> bool) -> [&'a str; 4] {
    let q = match t.chars().next() {
        Some(c) if quotes.contains(&c) => c.len_utf8(),
        _ => 0,
    };
    let name_end = t[q..]
        .find(|c: char| !name_char(c))
        .map_or(t.len(), |i| q + i);
    let sep_end = t[name_end..]
        .find([':', '='])
        .map(|i| name_end + i + 1)
        .map_or(t.len(), |e| {
            t[e..]
                .find(|c: char| !c.is_whitespace())
                .map_or(t.len(), |i| e + i)
        });
    [
        &t[..q],
        &t[q..name_end],
        &t[name_end..sep_end],
        &t[sep_end..],
    ]
}

/// Whether a value holds a `${…}` reference or opencode's `{env:…}` anywhere in it (`Bearer
/// ${TOKEN}`): what the client fills in or leaves as written is no secret written in the config.
pub fn holds_reference(v: &str) -> bool {
    v.contains("${") || v.contains("{env:")
}

/// A value that only refers to a secret kept elsewhere (`${VAR}`, `${env:VAR}`, `$VAR`,
/// `${input:id}`, `${{ secrets.X }}`, opencode's `{env:VAR}` and `{file:path}`): safe to show.
pub fn is_reference(v: &str) -> bool {
    let t = v.trim();
    (t.starts_with("${") && t.ends_with('}') && !t[2..t.len() - 1].contains('}'))
        || (["{env:", "{file:"].iter().any(|p| t.starts_with(p))
            && t.ends_with('}')
            && t.matches('}').count() == 1)
        || (t.starts_with('$')
            && t.len() > 1
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Whether a value read as a secret is worth replacing everywhere: not a reference, and not so
/// short or word-like that replacing it would garble ordinary output (`true`, `3000`, `enabled`).
fn worth_remembering(v: &str) -> bool {
    let n = v.chars().count();
    let word_like = n < 8
        && (v.chars().all(|c| c.is_ascii_alphabetic()) || v.chars().all(|c| c.is_ascii_digit()));
    n >= 4 && !word_like && !is_reference(v) && !already(v)
}

/// Every secret value this process has read, as one automaton (rebuilt when a value is added).
#[derive(Default)]
struct Known {
    set: HashSet<String>,
    /// The patterns (each value, and its JSON-escaped spelling) and the value each stands for.
    patterns: Vec<(String, usize)>,
    values: Vec<String>,
    automaton: Option<AhoCorasick>,
}

static KNOWN: LazyLock<RwLock<Known>> = LazyLock::new(Default::default);

/// Remembers a secret value for the rest of the run: every later [`text`] and [`output`] replaces
/// it. Values not `worth_remembering` are ignored.
pub fn remember(v: &str) {
    let v = v.trim();
    if !worth_remembering(v) {
        return;
    }
    if KNOWN.read().is_ok_and(|k| k.set.contains(v)) {
        return;
    }
    // A poisoned lock still holds the values: keep using them (failing closed).
    let mut k = KNOWN.write().unwrap_or_else(|e| e.into_inner());
    if !k.set.insert(v.to_string()) {
        return;
    }
    let i = k.values.len();
    k.values.push(v.to_string());
    k.patterns.push((v.to_string(), i));
    let escaped = serde_json::to_string(v).unwrap_or_default();
    let escaped = escaped.trim_matches('"');
    if escaped != v {
        k.patterns.push((escaped.to_string(), i));
    }
    k.automaton = None;
}

/// Replaces every remembered value in `s`.
fn known(s: &str) -> String {
    known_in(s).unwrap_or_else(|| s.to_string())
}

/// [`known`] of an owned text, returned as it is when nothing is replaced (no copy of a report
/// of a hundred megabytes).
fn known_owned(s: String) -> String {
    known_in(&s).unwrap_or(s)
}

/// `s` with every remembered value replaced, or `None` when it holds none.
fn known_in(s: &str) -> Option<String> {
    {
        let k = KNOWN.read().unwrap_or_else(|e| e.into_inner());
        if k.values.is_empty() {
            return None;
        }
        if let Some(ac) = &k.automaton {
            return replace_known(ac, &k, s);
        }
    }
    let mut k = KNOWN.write().unwrap_or_else(|e| e.into_inner());
    if k.automaton.is_none() {
        let built = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(k.patterns.iter().map(|p| p.0.as_str()));
        match built {
            Ok(ac) => k.automaton = Some(ac),
            // Fails closed: nothing of a text that cannot be checked is shown.
            Err(_) => return Some(mask(s)),
        }
    }
    let ac = k.automaton.as_ref().expect("just built");
    replace_known(ac, &k, s)
}

fn replace_known(ac: &AhoCorasick, k: &Known, s: &str) -> Option<String> {
    let mut found = ac.find_iter(s).peekable();
    // Nothing to replace (nearly every string): nothing allocated.
    found.peek()?;
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in found {
        let value = &k.values[k.patterns[m.pattern().as_usize()].1];
        out.push_str(&s[last..m.start()]);
        out.push_str(&mask(value));
        last = m.end();
    }
    if last == 0 {
        return None;
    }
    out.push_str(&s[last..]);
    Some(out)
}

/// The last line of defence, applied to everything the binary prints (stdout and stderr, every
/// format): credential shapes and every remembered value. Name patterns are left to the
/// structured passes, which know a report's keys from a secret's name.
pub fn output(s: &str) -> String {
    known_owned(shapes(s))
}

/// [`output`] of an owned text, returned as it is when nothing is replaced (no copy of a report
/// of a hundred megabytes).
pub fn output_owned(s: String) -> String {
    match shapes_cow(&s) {
        Cow::Borrowed(_) => known_owned(s),
        Cow::Owned(o) => known_owned(o),
    }
}

/// A `name: value` or `name = value` pair of a whole text, the value possibly on the next line.
static PAIR_ML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,;:}&\]\[{"']+)"#)
        .expect("regex")
});

/// The values (as written) of the secret-named pairs of a text, for [`harvest`]. Every pair is
/// found without its groups (most of a config's keys are not secret names); only a
/// secret-named one is read again for them, from where it starts: the same pairs as reading
/// every pair's groups, at a fraction of the cost.
fn pair_values(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for m in PAIR_ML.find_iter(s) {
        // The name: the match's first word, after an opening quote (the name's characters
        // are neither quotes nor what may follow it, so the longest run is the group).
        let t = m.as_str();
        let t = t.strip_prefix(['"', '\'']).unwrap_or(t);
        let end = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .unwrap_or(t.len());
        if !is_secret_name(&t[..end]) || schema_key(&s[..m.start()], &t[..end]) {
            continue;
        }
        // The value: the match's groups read from it (`pair_groups`), not by a capture search.
        let [_, _, _, v] = pair_groups(m.as_str(), &['"', '\''], |c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
        });
        // `key:\n  other: …` is a nested key, not a value.
        if s[m.end()..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':')
        {
            continue;
        }
        out.push(v);
    }
    out
}

/// Finds the secret values in a whole text another party wrote (a config file, parsed or not; a
/// log's lines) and [`remember`]s them: the value of a secret-named key (also on the line after
/// the key), of a secret flag (also as the next JSON array element), and every credential shape.
pub fn harvest(s: &str) {
    if s.len() > 64 << 20 {
        return;
    }
    let gated = gate::folds_plain(s);
    let pairs = !gated || gate::pair(s, b"\"'");
    let flags = !gated || gate::flag(s);
    if pairs {
        for v in pair_values(s) {
            remember(&unescape(v));
        }
    }
    if flags {
        for c in FLAG_JSON.captures_iter(s) {
            if is_secret_flag(&c[1]) {
                remember(&unescape(&format!("\"{}\"", &c[3])));
            }
        }
    }
    if flags {
        for c in FLAG.captures_iter(s) {
            if is_secret_flag(&c[2]) && !c[4].starts_with('-') {
                remember(unquote(&c[4]));
            }
        }
    }
    if gate::shape(s) {
        for m in SHAPE.find_iter(s) {
            if !m.as_str().starts_with("-----") && shape_starts_word(s, m.start()) {
                remember(m.as_str());
            }
        }
    }
}

/// A quoted value as its text (`"a\"b"` is `a"b`); other values as they are.
fn unescape(v: &str) -> String {
    if v.starts_with('"') {
        if let Ok(s) = serde_json::from_str::<String>(v) {
            return s;
        }
    }
    unquote(v).to_string()
}

/// The secret values read from the configs, redacted wherever they appear in any output. Each one
/// is also [`remember`]ed for the whole run.
#[derive(Clone, Debug, Default)]
pub struct Secrets {
    values: Vec<String>,
    seen: HashSet<String>,
}

impl Secrets {
    /// Remembers a secret value (reference-only or word-like values are ignored: they are not
    /// secrets and replacing them everywhere would garble output).
    pub fn add(&mut self, v: &str) {
        let v = v.trim();
        if worth_remembering(v) && self.seen.insert(v.to_string()) {
            remember(v);
            self.values.push(v.to_string());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Adds every value another set knows.
    pub fn extend(&mut self, other: &Secrets) {
        for v in &other.values {
            self.add(v);
        }
    }

    /// Shapes, names, and every known secret value (raw and as JSON escapes it).
    pub fn redact(&self, s: &str) -> String {
        text(s)
    }

    /// [`Secrets::redact`] when it changes `s`, else `None` (no copy).
    pub fn redact_changed(&self, s: &str) -> Option<String> {
        text_if_changed(s)
    }
}

/// Replaces every occurrence of a known secret value in `s`, and every remembered one.
pub fn known_values(s: &str, secrets: &[String]) -> String {
    for v in secrets {
        remember(v);
    }
    known(s)
}

/// Redacts and cuts `s` to at most `max` bytes (on a character boundary), adding `…` when cut.
pub fn text_cut(s: &str, max: usize) -> String {
    let r = text(s);
    if r.len() <= max {
        return r;
    }
    let mut end = max;
    while end > 0 && !r.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &r[..end])
}

#[cfg(test)]
mod tests {

    /// A validator naming a key (`Unrecognized key: "mcpServers"`) keeps the key's name; a value
    /// after `key:` anywhere else, and a secret-shaped value after any word, is still masked.
    #[test]
    fn a_schema_message_names_a_key_and_keeps_it() {
        for line in [
            r#"↳ Unrecognized key: "mcpServers""#,
            "unknown key: transport",
            "Error: duplicate key: env at line 4",
        ] {
            assert_eq!(text(line), line);
        }
        for (line, secret) in [
            (r#"key: "hunter2-horse""#, "hunter2-horse"),
            ("api key: abcdef123456", "abcdef123456"),
            ("my key: q9w8e7r6", "q9w8e7r6"),
            (
                "Unrecognized key: sk-ant-abcdefghijklmnopqrstu",
                "sk-ant-abcdefghijklmnopqrstu",
            ),
        ] {
            let out = text(line);
            assert!(!out.contains(secret), "{line} -> {out}");
        }
        // What a harvested log text remembers: not the key's name.
        assert_eq!(
            pair_values("Unrecognized key: \"mcpServers\""),
            Vec::<&str>::new()
        );
        assert_eq!(pair_values("key: \"hunter2\""), vec!["\"hunter2\""]);
    }

    /// The pairs found by reading groups only for secret names are those found by reading
    /// every pair's groups, on every config and log of the test data.
    #[test]
    fn pair_values_are_those_of_every_pairs_groups() {
        fn every(s: &str) -> Vec<&str> {
            PAIR_ML
                .captures_iter(s)
                .filter(|c| {
                    let start = c.get(0).map_or(0, |m| m.start());
                    is_secret_name(&c[1]) && !schema_key(&s[..start], &c[1])
                })
                .map(|c| c.get(2).expect("group"))
                .filter(|v| {
                    !s[v.end()..]
                        .trim_start_matches([' ', '\t'])
                        .starts_with(':')
                })
                .map(|v| v.as_str())
                .collect()
        }
        fn walk(d: &std::path::Path, n: &mut (usize, usize)) {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, n);
                } else if let Ok(s) = std::fs::read_to_string(&p) {
                    let want = every(&s);
                    assert_eq!(pair_values(&s), want, "{}", p.display());
                    n.0 += 1;
                    n.1 += want.len();
                }
            }
        }
        let mut n = (0, 0);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for d in ["testdata", "tests/fixtures"] {
            walk(&root.join(d), &mut n);
        }
        for t in mixes() {
            assert_eq!(pair_values(&t), every(&t), "{t:?}");
        }
        let quoted =
            "\"API_KEY\": \"a\\\"b\", 'token': 'x y', PASSWORD=\n  pw1, 'k-ey':\n  nested: 1";
        assert_eq!(pair_values(quoted), every(quoted));
        assert_eq!(pair_values(quoted), ["\"a\\\"b\"", "'x y'", "pw1"]);
        assert!(n.0 > 100 && n.1 > 20, "{n:?} files, pairs");
    }
    use super::*;

    /// The pair stage reading each match's groups from the match is the stage with the regex's
    /// own groups, on the mixes, every line and whole file of the test data, and texts that
    /// stress the separator and the name (case-folded letters, Unicode spaces, quotes).
    #[test]
    fn the_pair_stage_is_the_regex_stage() {
        let full = |s: &str| -> String {
            PAIR.replace_all(s, |c: &Captures| {
                let before = &s[..c.get(0).map_or(0, |m| m.start())];
                pair_replacement(before, [&c[0], &c[1], &c[2], &c[3], &c[4]])
            })
            .into_owned()
        };
        let mut texts = mixes();
        texts.extend(
            [
                "\"TO\u{212a}EN\"\u{3000}:\u{a0} \"a\\\"b\"",
                "pa\u{17f}\u{17f}word=\u{2003}'x y' KEY :  =v",
                "a.b-c_KEY\"=\"unterminated",
                "\"x\"\"token\": 'q', token:{x}, token: [1], token:\n\tv",
                "é_KEY:v;SECRET=1&x,TOKEN:\"\"",
            ]
            .map(String::from),
        );
        fn walk(d: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if let Ok(s) = std::fs::read_to_string(&p) {
                    out.extend(s.lines().map(String::from));
                    out.push(s);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for d in ["testdata", "tests/fixtures"] {
            walk(&root.join(d), &mut texts);
        }
        let mut differ = 0;
        for t in &texts {
            let got = pair_stage(Cow::Borrowed(t), true);
            // The same text, and a copy exactly when the regex matched (later stages read it).
            assert_eq!(got, full(t), "{t:?}");
            assert_eq!(changed(&got), PAIR.is_match(t), "{t:?}");
            differ += usize::from(got != *t);
        }
        assert!(
            texts.len() > 5000 && differ > 500,
            "{} texts, {differ} changed",
            texts.len()
        );
    }

    /// Texts made of pieces that each pattern knows, and near misses, in many orders.
    fn mixes() -> Vec<String> {
        let pieces = [
            "Bearer abcdefgh12345678",
            "basic",
            "token ",
            "TOKEN\t",
            "x-api-key: v4lue-123",
            "api-key=",
            "Cookie: sid=s3cr3tvalue",
            "https://alice:hunter2pw@example.com/mcp",
            "http://u@h/",
            "?api_key=abc123def456&x=1",
            "&pat=zzz",
            "--api-key",
            "-k",
            "--token=ghp_abcdefabcdefabcdef",
            "\"--api-key\", \"v1\"",
            "\"--pat\",\"x\"",
            "GH_PAT: xyz",
            "\"OPENAI_API_KEY\": \"sk-proj-abcdefgh\"",
            "PASSWORD=hunter22",
            "password :\n  hunter33",
            "path=/usr/bin",
            "PATH: /bin",
            "name: x",
            "key=",
            "=",
            ":",
            " ",
            "-",
            ",",
            "\"",
            "'",
            "(",
            "[",
            "srv-12",
            "-y",
            "@acme/server-1",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij",
            "sk-ant-abcdefghijklmnopqr",
            "task-abcdefghijklmnopqrstu",
            "ghp_1234567890abcdef1234",
            "xyghs_1234567890abcdef",
            "AKIA1234567890ABCDEF",
            "secret_abcdefghijklmnop",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----",
            "\x1b[31mghp_abcdefghijklmnop12",
            "\u{212a}ey=v",
            "to\u{212a}en abcdefghijk",
            "ba\u{17f}ic abcdefghijkl",
            "é",
            "<redacted:3 chars>",
            "${TOKEN}",
            "\"GITHUB_TOKEN\": \"${GITHUB_TOKEN}\"",
            "TOKEN= \"${X}\"",
            "\"KEY\":\"${A}b\"",
            "\"KEY\": \"${A\\\"}\"",
            "\"API_KEY\": \"${A}}\"",
            "\"API_KEY\": \"${TOKEN:-abcdefgh}\"",
            "token\u{a0}abcdefghij",
            "TOKEN\u{e9}x:",
            "GH_TOKEN\u{2003}= x",
            "…: {\"API_KEY\": \"v\"}",
            "\u{3000}--api-key v",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
            "  QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xt==  ",
        ];
        let mut out = Vec::new();
        let mut x: u64 = 0x9e3779b97f4a7c15;
        for n in 0..4000 {
            let mut s = String::new();
            for _ in 0..(1 + n % 5) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(pieces[(x % pieces.len() as u64) as usize]);
                if x & 0x100 != 0 {
                    s.push(' ');
                }
            }
            out.push(s);
        }
        out.extend(pieces.iter().map(|p| p.to_string()));
        out
    }

    #[test]
    fn secret_names_read_without_a_copy_as_before() {
        let before = |name: &str| {
            let up = name.to_ascii_uppercase();
            SECRET_WORDS.iter().any(|w| up.contains(w))
                || up
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "PAT")
        };
        for s in mixes() {
            for w in s.split([' ', '"', ':', '=']) {
                assert_eq!(is_secret_name(w), before(w), "{w:?}");
            }
        }
        for w in [
            "gh_pat",
            "PATH",
            "x-Api-Key",
            "pAsS",
            "ke",
            "",
            "to\u{212a}en",
            "Pat.x",
        ] {
            assert_eq!(is_secret_name(w), before(w), "{w:?}");
        }
        for w in SECRET_WORDS {
            for v in [
                w.to_string(),
                w.to_ascii_lowercase(),
                format!("x_{w}_y"),
                w[..w.len() - 1].to_string(),
                w[1..].to_string(),
            ] {
                assert_eq!(is_secret_name(&v), before(&v), "{v:?}");
            }
        }
    }

    #[test]
    fn text_if_changed_is_text_where_it_changes_something() {
        // Known values too, so that every stage has something to replace.
        remember("hunter22-known-value");
        let mut changed = 0;
        let mut all = mixes();
        all.push("a hunter22-known-value here".into());
        all.push("nothing to see".into());
        for s in all {
            let t = text(&s);
            changed += usize::from(t != s);
            assert_eq!(text_if_changed(&s), (t != s).then_some(t), "{s:?}");
        }
        assert!(changed > 10, "only {changed} texts changed");
    }

    #[test]
    fn the_gates_change_no_redaction() {
        let pair_ml = Regex::new(r#"["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,;:}&\]\[{"']+)"#).unwrap();
        for s in mixes() {
            let has = Has::of(&s);
            for (bit, chars) in [
                (Has::EQ, "="),
                (Has::COLON, ":"),
                (Has::AT, "@"),
                (Has::SPACE, " "),
                (Has::DASH, "-"),
                (Has::COMMA, ","),
                (Has::QUERY, "?&"),
                (Has::QUOTE, "\""),
                (Has::UNDERSCORE, "_"),
                (Has::CAPITAL_A_J, "AJ"),
            ] {
                assert_eq!(
                    has.any(bit),
                    s.contains(|c| chars.contains(c)),
                    "{chars} in {s:?}"
                );
            }
            if s.is_ascii() {
                assert_eq!(
                    gate::bearer_from_spaces(s.as_bytes()),
                    gate::bearer_at_every_byte(&s),
                    "{s:?}"
                );
            }
            assert_eq!(
                names_gated_cow(&s, true),
                names_gated_cow(&s, false),
                "{s:?}"
            );
            assert!(
                gate::shape(&s)
                    || !SHAPE
                        .find_iter(&s)
                        .any(|m| shape_starts_word(&s, m.start())),
                "shape gate hides a match in {s:?}"
            );
            assert!(
                has.any(Has::SHAPE) || !SHAPE.is_match(&s),
                "the shape characters hide a match in {s:?}"
            );
            if PEM_BODY.is_match(&s) {
                assert!(gate::pem_body(&s), "PEM gate hides a match in {s:?}");
            }
            if BEARER.is_match(&s) {
                assert!(!gate::applies(&s) || gate::bearer(&s), "{s:?}");
            }
            if HEADER.is_match(&s) {
                assert!(!gate::applies(&s) || gate::header(&s), "{s:?}");
            }
            if gate::applies(&s) {
                // A value harvest would remember (a reference is not one).
                if pair_ml
                    .captures_iter(&s)
                    .any(|c| is_secret_name(&c[1]) && worth_remembering(unescape(&c[2]).trim()))
                {
                    assert!(gate::pair(&s, b"\"'"), "pair gate hides a match in {s:?}");
                }
                if FLAG.captures_iter(&s).any(|c| is_secret_flag(&c[2]))
                    || FLAG_JSON.captures_iter(&s).any(|c| is_secret_flag(&c[1]))
                {
                    assert!(gate::flag(&s), "flag gate hides a match in {s:?}");
                }
            }
        }
    }

    #[test]
    fn a_colour_code_at_the_end_is_read_from_the_end() {
        let re = Regex::new(r"\x1b\[[0-9;]*m$").unwrap();
        for t in [
            "",
            "m",
            "x\x1b[m",
            "x\x1b[31m",
            "\x1b[1;31m",
            "\x1b[31",
            "\x1b[3a1m",
            "[31m",
            "\x1b31m",
            "\x1b[31mx",
            "\x1b\x1b[;;m",
            "é\x1b[0m",
            "\x1b[31m\n",
        ] {
            assert_eq!(ends_with_sgr(t), re.is_match(t), "{t:?}");
        }
    }

    #[test]
    fn output_of_an_owned_text_is_output() {
        for t in [
            "plain text",
            "token ghp_abcdefghijklmnop1234 here",
            "x\x1b[31mghp_abcdefghijklmnop1234",
            "taskghp_abcdefghijklmnop1234",
        ] {
            assert_eq!(output_owned(t.to_string()), output(t), "{t:?}");
        }
    }

    #[test]
    fn a_placeholder_the_doctor_prints_is_not_a_secret() {
        for t in [
            "export WEATHER_API_KEY=<value>",
            "setx GITHUB_TOKEN <value>",
            "--api-key <your_key>",
        ] {
            assert_eq!(text(t), t);
        }
        // A real value next to the same names still goes.
        assert!(!text("export WEATHER_API_KEY=abc123secret").contains("abc123secret"));
    }

    #[test]
    fn redacts_the_contract_list() {
        let cases = [
            ("Authorization: Bearer abcdefgh12345678", "abcdefgh12345678"),
            ("curl -H 'Cookie: sid=s3cr3tvalue'", "s3cr3tvalue"),
            ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "dozjgNryP4J3"),
            ("https://alice:hunter2pw@example.com/mcp", "hunter2pw"),
            ("https://x.dev/mcp?api_key=abc123def456&x=1", "abc123def456"),
            ("npx server --api-key sk-live-0123456789", "sk-live-0123456789"),
            ("npx server --token=ghp_abcdefabcdef", "ghp_abcdefabcdef"),
            ("GITHUB_PERSONAL_ACCESS_TOKEN=ghp_1234567890abcdef", "ghp_1234567890abcdef"),
            (r#""OPENAI_API_KEY": "sk-proj-abcdefgh""#, "sk-proj-abcdefgh"),
        ];
        for (input, secret) in cases {
            let out = text(input);
            assert!(!out.contains(secret), "{input:?} -> {out:?}");
            assert!(out.contains("<redacted:"), "{input:?} -> {out:?}");
        }
    }

    #[test]
    fn leaves_ordinary_text_and_references_alone() {
        for s in [
            "spawn npx ENOENT",
            "Server transport closed unexpectedly",
            r#""GITHUB_TOKEN": "${GITHUB_TOKEN}""#,
            "--port 3000",
            "https://example.com/sse?session=1",
        ] {
            assert_eq!(text(s), s);
        }
    }

    #[test]
    fn known_values_are_redacted_anywhere() {
        let mut s = Secrets::default();
        s.add("plain-looking-value");
        s.add("ab");
        let out = s.redact("the value plain-looking-value leaked; ab stays");
        assert_eq!(out, "the value <redacted:19 chars> leaked; ab stays");
    }
}
