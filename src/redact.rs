//! Secret redaction for every text that may reach an output: `Bearer` tokens, JWT-shaped strings,
//! secret-named `NAME=value` / `NAME: value` pairs, `--token VALUE`-style arguments, `Authorization`
//! and cookie headers, and a URL's userinfo. A secret becomes `<redacted:N chars>`.
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// The placeholder that stands for a secret of `n` characters.
pub fn placeholder(n: usize) -> String {
    format!("<redacted:{n} chars>")
}

/// Whether a variable, header, query parameter or flag name names a secret (contract: KEY, TOKEN,
/// SECRET, PASSWORD, PASS, AUTH, CREDENTIAL or COOKIE, any case).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "KEY",
        "TOKEN",
        "SECRET",
        "PASS",
        "AUTH",
        "CREDENTIAL",
        "COOKIE",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// A header value as it may be shown: secret-named headers (`Authorization`, `Cookie`, `X-Api-Key`,
/// ...) are replaced whole, others go through [`text`].
pub fn header(name: &str, value: &str) -> String {
    if is_secret_name(name) {
        placeholder(value.chars().count())
    } else {
        text(value)
    }
}

static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<scheme>Bearer|bearer|BEARER|Basic)(?P<sp>\s+)(?P<token>[A-Za-z0-9\-._~+/=]{8,})",
    )
    .expect("static regex")
});
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    // The signature part is optional: a JWT cut short (a capped line) is still a secret.
    Regex::new(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?")
        .expect("static regex")
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    // The name and separator only (NAME=, NAME:, "NAME": ", --name ): the value is measured by
    // hand, so that a long non-secret value (a URL) cannot swallow a secret pair inside it.
    Regex::new(
        r#"(?P<dash>--?)?(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)(?P<sep>"?[ \t]*[:=][ \t]*"?|[ \t]+)"#,
    )
    .expect("static regex")
});
static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<info>[^/@\s]+)@").expect("static regex")
});

fn is_placeholder_at(s: &str) -> bool {
    s.starts_with("<redacted:")
}

/// Redacts every secret in `s`.
pub fn text(s: &str) -> String {
    let s = USERINFO.replace_all(s, |c: &Captures| {
        format!(
            "{}{}@",
            &c["scheme"],
            placeholder(c["info"].chars().count())
        )
    });
    let s = JWT.replace_all(&s, |c: &Captures| placeholder(c[0].chars().count()));
    let s = BEARER.replace_all(&s, |c: &Captures| {
        let token = &c["token"];
        // "Basic authentication" is prose; a Basic credential is base64 with a digit or padding.
        let credential = &c["scheme"] != "Basic"
            || token
                .chars()
                .any(|ch| ch.is_ascii_digit() || "+/=".contains(ch));
        if credential && !is_placeholder_at(token) {
            format!(
                "{}{}{}",
                &c["scheme"],
                &c["sp"],
                placeholder(token.chars().count())
            )
        } else {
            c[0].to_string()
        }
    });
    secret_pairs(&s)
}

/// Replaces the values of secret-named `NAME=value`, `NAME: value`, `"NAME": "value"` and
/// `--name value` pairs.
fn secret_pairs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut pos = 0;
    while let Some(c) = NAMED.captures_at(s, pos) {
        let (Some(whole), Some(name), Some(sep)) = (c.get(0), c.name("name"), c.name("sep")) else {
            break;
        };
        let flag = c.name("dash").is_some();
        let spaced = sep.as_str().trim().is_empty();
        // A word in prose followed by a space is not a pair; a `--flag value` is.
        let candidate = is_secret_name(name.as_str()) && (!spaced || flag);
        let value_start = whole.end();
        if !candidate || value_start >= s.len() {
            pos = if name.end() > pos {
                name.end()
            } else {
                pos + 1
            };
            if pos > s.len() {
                break;
            }
            continue;
        }
        let rest = &s[value_start..];
        let quoted = sep.as_str().ends_with('"');
        let len = if quoted {
            rest.find('"').unwrap_or(rest.len())
        } else {
            rest.find(|ch: char| ch.is_whitespace() || "\"'&,;<>)]}".contains(ch))
                .unwrap_or(rest.len())
        };
        let value = &rest[..len];
        let scheme_word =
            ["bearer", "basic", "token"].contains(&value.to_ascii_lowercase().as_str());
        if len > 0 && !value.starts_with('<') && !scheme_word {
            out.push_str(&s[last..value_start]);
            out.push_str(&placeholder(value.chars().count()));
            last = value_start + len;
        }
        pos = (value_start + len).max(whole.end());
    }
    out.push_str(&s[last..]);
    out
}

/// Replaces every occurrence of a known secret value (a secret-named env value or header given to
/// a server) in `s`; values shorter than 4 characters are left alone (they would match anywhere).
pub fn known_values(s: &str, secrets: &[String]) -> String {
    let mut out = s.to_string();
    for v in secrets {
        if v.chars().count() >= 4 && out.contains(v.as_str()) {
            out = out.replace(v.as_str(), &placeholder(v.chars().count()));
        }
    }
    out
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
    use super::*;

    #[test]
    fn bearer_and_jwt_and_named_values_are_redacted() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk";
        let out = text(&format!("Authorization: Bearer sk-abcdef123456 and {jwt}"));
        assert!(!out.contains("sk-abcdef123456"), "{out}");
        assert!(!out.contains("eyJzdWIi"), "{out}");
        let out = text("GITHUB_TOKEN=ghp_abcdefgh PATH=/usr/bin");
        assert_eq!(out, "GITHUB_TOKEN=<redacted:12 chars> PATH=/usr/bin");
        let out = text("node server.js --api-key abc123xyz --port 3000");
        assert!(!out.contains("abc123xyz"), "{out}");
        assert!(out.contains("--port 3000"), "{out}");
        let out = text(r#"{"api_key": "s3cr3t-value"}"#);
        assert!(!out.contains("s3cr3t-value"), "{out}");
        let out = text("GET http://127.0.0.1:3/sse?api_key=abcd1234secret&x=1: refused");
        assert_eq!(
            out,
            "GET http://127.0.0.1:3/sse?api_key=<redacted:14 chars>&x=1: refused"
        );
        let out = text(r#"{"password": "two words", "user": "bob"}"#);
        assert_eq!(out, r#"{"password": "<redacted:9 chars>", "user": "bob"}"#);
        let out = text("Authorization: Bearer abcdefghij");
        assert_eq!(out, "Authorization: Bearer <redacted:10 chars>");
        let out = text("the token is fine; --token=xyz12345 --auth-token xyz98765");
        assert!(
            !out.contains("xyz12345") && !out.contains("xyz98765"),
            "{out}"
        );
        assert!(out.starts_with("the token is fine"), "{out}");
        assert_eq!(
            text("Error: token expired, see Basic authentication"),
            "Error: token expired, see Basic authentication"
        );
        let out = text("cut: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0");
        assert!(!out.contains("eyJzdWIi"), "{out}");
        let out = text("https://user:pw@example.com/x?access_token=abcd1234");
        assert!(
            !out.contains("user:pw") && !out.contains("abcd1234"),
            "{out}"
        );
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let s = "Error: Cannot find module '/home/u/server.js' at line 3";
        assert_eq!(text(s), s);
        assert_eq!(
            text("Starting default (STDIO) server..."),
            "Starting default (STDIO) server..."
        );
    }

    #[test]
    fn known_values_are_replaced_wherever_they_appear() {
        let secrets = vec!["hunter2-long".to_string(), "ab".to_string()];
        assert_eq!(
            known_values("pw is hunter2-long, ab", &secrets),
            "pw is <redacted:12 chars>, ab"
        );
    }

    #[test]
    fn cut_keeps_char_boundaries() {
        assert_eq!(text_cut("héllo world", 2), "h…");
        assert_eq!(text_cut("short", 80), "short");
    }
}
