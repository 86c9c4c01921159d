//! Redaction of secrets in any text that leaves the doctor (the contract's "Secrets" rule).
//!
//! [`text`] replaces the value of a `Bearer` token, a JWT-shaped string, an `Authorization` or
//! cookie header, a URL's userinfo, a query parameter named like a secret, a `--token`/`--api-key`
//! style argument, and `NAME=value` / `"NAME": "value"` pairs whose NAME contains KEY, TOKEN,
//! SECRET, PASSWORD, PASS, AUTH, CREDENTIAL or COOKIE (any case), with `<redacted:N chars>`.
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// The secret-looking words of the contract, as a regex alternation (case-insensitive).
const SECRET_WORDS: &str = "KEY|TOKEN|SECRET|PASSWORD|PASS|AUTH|CREDENTIAL|COOKIE";

struct Patterns {
    jwt: Regex,
    bearer: Regex,
    header: Regex,
    userinfo: Regex,
    query: Regex,
    arg: Regex,
    assign: Regex,
    json: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let w = SECRET_WORDS;
        let build = |s: &str| Regex::new(s).expect("redaction regexes are constant and tested");
        Patterns {
            jwt: build(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"),
            bearer: build(r"(?i)\b(bearer)(\s+)([A-Za-z0-9._~+/=-]{4,})"),
            header: build(
                r#"(?i)\b((?:proxy-)?authorization|set-cookie|cookie|x-api-key)(["']?\s*:\s*["']?)([^"'\r\n,}]+)"#,
            ),
            userinfo: build(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\s:@<>]+(?::[^/\s@<>]*)?)@"),
            query: build(&format!(r#"([?&])([^=&\s#"']*(?i:{w}|sig|signature)[^=&\s#"']*)=([^&\s#"'<>]+)"#)),
            arg: build(&format!(
                r#"(?i)(--?[a-z0-9_-]*(?:{w}|api-key|apikey)[a-z0-9_-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)"#
            )),
            assign: build(&format!(r#"\b([A-Za-z_][A-Za-z0-9_.-]*(?i:{w})[A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|[^\s"',;&<>]+)"#)),
            json: build(&format!(
                r#"("[^"\\]*(?i:{w})[^"\\]*"\s*:\s*)"((?:[^"\\]|\\.)*)""#
            )),
        }
    })
}

/// `<redacted:N chars>` for a secret of N characters.
pub fn mask(secret: &str) -> String {
    format!("<redacted:{} chars>", secret.chars().count())
}

fn is_masked(v: &str) -> bool {
    v.starts_with("<redacted:") || v.starts_with("\"<redacted:") || v.starts_with("'<redacted:")
}

/// The text with every secret value replaced by `<redacted:N chars>`.
pub fn text(s: &str) -> String {
    let p = patterns();
    let out = p.jwt.replace_all(s, |c: &Captures| mask(&c[0]));
    let out = p.bearer.replace_all(&out, |c: &Captures| {
        format!("{}{}{}", &c[1], &c[2], mask(&c[3]))
    });
    let out = p.header.replace_all(&out, |c: &Captures| {
        let v = c[3].trim_end();
        if is_masked(v) || v.contains("<redacted:") {
            c[0].to_string()
        } else {
            format!("{}{}{}{}", &c[1], &c[2], mask(v), &c[3][v.len()..])
        }
    });
    let out = p
        .userinfo
        .replace_all(&out, |c: &Captures| format!("{}{}@", &c[1], mask(&c[2])));
    let out = p.query.replace_all(&out, |c: &Captures| {
        if is_masked(&c[3]) {
            c[0].to_string()
        } else {
            format!("{}{}={}", &c[1], &c[2], mask(&c[3]))
        }
    });
    let out = p.arg.replace_all(&out, |c: &Captures| {
        let v = c[3].trim_matches(['"', '\'']);
        if is_masked(&c[3]) || v.starts_with('-') {
            c[0].to_string()
        } else {
            format!("{}{}{}", &c[1], &c[2], mask(v))
        }
    });
    let out = p.assign.replace_all(&out, |c: &Captures| {
        let v = c[2].trim_matches(['"', '\'']);
        if is_masked(&c[2]) || v.is_empty() {
            c[0].to_string()
        } else {
            format!("{}={}", &c[1], mask(v))
        }
    });
    let out = p.json.replace_all(&out, |c: &Captures| {
        if is_masked(&c[2]) || c[2].is_empty() {
            c[0].to_string()
        } else {
            format!("{}\"{}\"", &c[1], mask(&c[2]))
        }
    });
    out.into_owned()
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn bearer_and_jwt_and_headers() {
        let t = text("Authorization: Bearer abcdefghijklmnop");
        assert!(!t.contains("abcdefghijklmnop"), "{t}");
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        let t = text(&format!("token was {jwt} ok"));
        assert!(
            !t.contains("eyJhbGci") && t.contains("<redacted:") && t.ends_with(" ok"),
            "{t}"
        );
        let t = text("Cookie: session=abc123def; other=1");
        assert!(!t.contains("abc123def"), "{t}");
    }

    #[test]
    fn urls_args_and_assignments() {
        let t = text("connecting to https://user:hunter22@example.com/mcp?api_key=sekrit123&x=1");
        assert!(
            !t.contains("hunter22") && !t.contains("sekrit123") && t.contains("x=1"),
            "{t}"
        );
        let t = text("npx mcp-remote --token abcdef123 --api-key=zzz999 --port 8080");
        assert!(
            !t.contains("abcdef123") && !t.contains("zzz999") && t.contains("--port 8080"),
            "{t}"
        );
        let t = text("GITHUB_PERSONAL_ACCESS_TOKEN=ghp_0123456789 PATH=/usr/bin");
        assert!(
            !t.contains("ghp_0123456789") && t.contains("PATH=/usr/bin"),
            "{t}"
        );
        let t = text(r#"{"OPENAI_API_KEY": "sk-abc123", "name": "x"}"#);
        assert!(
            !t.contains("sk-abc123") && t.contains(r#""name": "x""#),
            "{t}"
        );
        assert_eq!(text("<redacted:9 chars>"), "<redacted:9 chars>");
    }

    #[test]
    fn plain_text_is_left_alone() {
        let s = "GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set";
        assert_eq!(text(s), s);
        let s = "2025-06-03T07:23:52.664Z [error] [vscode-mcp-server] spawn npx ENOENT";
        assert_eq!(text(s), s);
    }
}
