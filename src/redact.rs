//! Secrets never reach output (`shared/contract.md`, "Secrets"). Two layers:
//! - pattern redaction of any text ([`text`]): `Bearer` tokens, JWT-shaped strings, `Authorization`
//!   and cookie header values, URL userinfo and secret-named query parameters, `--token`-style
//!   argument values, `NAME=value` / `"NAME": "value"` pairs with a secret-like name;
//! - value redaction ([`Secrets`]): every secret value read from a config (env values with a
//!   secret-like name, header values, token arguments) is replaced wherever it appears, so a
//!   secret that no pattern recognises is still caught.
//!
//! A redacted value appears as `<redacted:N chars>`.
use regex::{Captures, Regex};
use std::sync::LazyLock;

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

/// Whether a variable, header or parameter name names a secret.
pub fn is_secret_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| up.contains(w))
}

pub fn mask(value: &str) -> String {
    format!("<redacted:{} chars>", value.chars().count())
}

/// Argument flags whose next argument (or `=value`) is a secret.
pub fn is_secret_flag(flag: &str) -> bool {
    let f = flag.trim_start_matches('-');
    f.len() < flag.len() && is_secret_name(f) && !f.contains('=')
}

static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer|basic|token)(\s+)([A-Za-z0-9._~+/=\-]{8,})").expect("regex")
});
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}").expect("regex")
});
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)(\s*[:=]\s*)([^"'\r\n,}]+)"#)
        .expect("regex")
});
static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s:@]+)(:[^/\s@]*)?@").expect("regex")
});
static QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([?&])([A-Za-z0-9_.\-]+)=([^&#\s]+)").expect("regex"));
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(--?[A-Za-z][A-Za-z0-9_\-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)"#).expect("regex")
});
static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)("?)([A-Za-z_][A-Za-z0-9_.\-]*)("?\s*[:=]\s*)("([^"\\]|\\.)*"|'[^']*'|[^\s,;}&]+)"#,
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

/// Redacts every secret-looking part of a free text (a log line, an error message, an argument).
pub fn text(s: &str) -> String {
    // Most strings hold nothing that could be a secret: skip the patterns for them.
    if !s.contains(['=', ':', '@', ' ', '-']) && !s.contains("eyJ") {
        return s.to_string();
    }
    let s = JWT.replace_all(s, |c: &Captures| mask(&c[0]));
    let s = BEARER.replace_all(&s, |c: &Captures| {
        if already(&c[3]) {
            c[0].to_string()
        } else {
            format!("{}{}{}", &c[1], &c[2], mask(&c[3]))
        }
    });
    let s = HEADER.replace_all(&s, |c: &Captures| {
        let v = c[3].trim_end();
        if already(v) || v.is_empty() {
            c[0].to_string()
        } else {
            format!("{}{}{}{}", &c[1], &c[2], mask(v), &c[3][v.len()..])
        }
    });
    let s = USERINFO.replace_all(&s, |c: &Captures| {
        let user = &c[2];
        match c.get(3) {
            Some(pw) => format!("{}{}:{}@", &c[1], user, mask(&pw.as_str()[1..])),
            None => format!("{}{}@", &c[1], mask(user)),
        }
    });
    let s = QUERY.replace_all(&s, |c: &Captures| {
        if is_secret_name(&c[2]) && !already(&c[3]) {
            format!("{}{}={}", &c[1], &c[2], mask(&c[3]))
        } else {
            c[0].to_string()
        }
    });
    let s = FLAG.replace_all(&s, |c: &Captures| {
        if is_secret_flag(&c[1]) && !already(&c[3]) {
            format!("{}{}{}", &c[1], &c[2], masked_quoted(&c[3]))
        } else {
            c[0].to_string()
        }
    });
    let s = PAIR.replace_all(&s, |c: &Captures| {
        let v = &c[4];
        if is_secret_name(&c[2])
            && !already(v)
            && !unquote(v).is_empty()
            && !is_reference(unquote(v))
        {
            format!("{}{}{}{}", &c[1], &c[2], &c[3], masked_quoted(v))
        } else {
            c[0].to_string()
        }
    });
    s.into_owned()
}

/// A value that only refers to a secret kept elsewhere (`${VAR}`, `${env:VAR}`, `$VAR`,
/// `${input:id}`, `${{ secrets.X }}`): safe to show.
pub fn is_reference(v: &str) -> bool {
    let t = v.trim();
    (t.starts_with("${") && t.ends_with('}') && !t[2..t.len() - 1].contains('}'))
        || (t.starts_with('$')
            && t.len() > 1
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// The secret values read from the configs, redacted wherever they appear in any output.
#[derive(Clone, Debug, Default)]
pub struct Secrets {
    values: Vec<String>,
}

impl Secrets {
    /// Remembers a secret value (short or reference-only values are ignored: they are not secrets
    /// and replacing them everywhere would garble output).
    pub fn add(&mut self, v: &str) {
        let v = v.trim();
        if v.chars().count() >= 4 && !is_reference(v) && !self.values.iter().any(|x| x == v) {
            self.values.push(v.to_string());
            // Longest first, so a secret containing another is replaced whole.
            self.values.sort_by_key(|x| std::cmp::Reverse(x.len()));
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

    /// Pattern redaction, then every known secret value (raw and as JSON escapes it).
    pub fn redact(&self, s: &str) -> String {
        let mut out = text(s);
        for v in &self.values {
            if out.contains(v.as_str()) {
                out = out.replace(v.as_str(), &mask(v));
            }
            let escaped = serde_json::to_string(v).unwrap_or_default();
            let escaped = escaped.trim_matches('"');
            if escaped != v && out.contains(escaped) {
                out = out.replace(escaped, &mask(v));
            }
        }
        out
    }
}

/// Replaces every occurrence of a known secret value in `s`; values shorter than 4 characters are
/// left alone (they would match anywhere).
pub fn known_values(s: &str, secrets: &[String]) -> String {
    let mut out = s.to_string();
    for v in secrets {
        if v.chars().count() >= 4 && out.contains(v.as_str()) {
            out = out.replace(v.as_str(), &mask(v));
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
