//! One quoting function per shell for every command the doctor prints: a value from a config
//! (a command, a path, a folder name, a rule name) becomes exactly one literal argument, whatever
//! it holds (`$(…)`, backticks, `;`, quotes, newlines, terminal escapes), and never a raw control
//! character on the screen.
//!
//! - POSIX sh (macOS, Linux): `'…'` with `'\''` for a quote; a value with control characters is
//!   written `$'…'` with backslash escapes (bash, zsh, ksh and dash ≥ 0.5.12 read it; the
//!   default shells of macOS and Linux).
//! - PowerShell: `'…'` with quotes doubled (PowerShell also ends a string at the typographic
//!   quotes ‘ ’ ‚ ‛, so those are doubled too); with control characters, `"…"` with backtick
//!   escapes and `$`, `` ` ``, `"` escaped
//!   (about_Quoting_Rules, about_Special_Characters in the PowerShell docs).
//! - cmd.exe: `"…"`; cmd has no escape for `%` or `"` inside quotes (`%VAR%` expands even
//!   there), so a value holding either, `!` or a control character cannot be written as one
//!   literal argument: [`Shell::quote`] gives `None` and the command is not printed.
use crate::machine::Os;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Posix,
    PowerShell,
    Cmd,
}

impl Shell {
    /// The shell a rule's command template is written for: POSIX sh on macOS and Linux; on
    /// Windows PowerShell for a cmdlet (`Verb-Noun …`, `powershell …`), else cmd.
    pub fn for_template(os: Os, template: &str) -> Shell {
        if os != Os::Windows {
            return Shell::Posix;
        }
        let first = template.split_whitespace().next().unwrap_or("");
        let cmdlet = first.split_once('-').is_some_and(|(verb, noun)| {
            verb.len() > 1
                && verb.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && verb.chars().all(|c| c.is_ascii_alphabetic())
                && noun.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        });
        if cmdlet || first.eq_ignore_ascii_case("powershell") || first.eq_ignore_ascii_case("pwsh")
        {
            Shell::PowerShell
        } else {
            Shell::Cmd
        }
    }

    /// `s` as one literal argument of this shell, or `None` where the shell cannot say it.
    pub fn quote(self, s: &str) -> Option<String> {
        match self {
            Shell::Posix => Some(posix(s)),
            Shell::PowerShell => Some(powershell(s)),
            Shell::Cmd => cmd(s),
        }
    }
}

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || crate::term::is_unseen(c))
}

/// POSIX sh: `s` as one word.
pub fn posix(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+@%:,=".contains(c))
        && !s.starts_with('=')
    {
        return s.to_string();
    }
    if !has_control(s) {
        return format!("'{}'", s.replace('\'', r"'\''"));
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if has_control(c.encode_utf8(&mut [0; 4])) => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// PowerShell: `s` as one argument.
pub fn powershell(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/\\._:".contains(c))
    {
        return s.to_string();
    }
    if !has_control(s) {
        let mut out = String::from("'");
        for c in s.chars() {
            if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
                out.push(c);
            }
            out.push(c);
        }
        out.push('\'');
        return out;
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '`' | '$' | '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' => {
                out.push('`');
                out.push(c);
            }
            '\n' => out.push_str("`n"),
            '\r' => out.push_str("`r"),
            '\t' => out.push_str("`t"),
            '\0' => out.push_str("`0"),
            c if has_control(c.encode_utf8(&mut [0; 4])) => {
                out.push_str(&format!("$([char]0x{:x})", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// cmd.exe: `s` as one argument, or `None` when cmd cannot keep it literal.
pub fn cmd(s: &str) -> Option<String> {
    if s.contains(['"', '%', '!']) || has_control(s) {
        return None;
    }
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/\\._-:+@".contains(c))
    {
        return Some(s.to_string());
    }
    Some(format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: [&str; 8] = [
        "y$(id)",
        "a`id`b",
        "x; rm -rf ~",
        "it's \"quoted\"",
        "two\nlines",
        "esc\x1b]0;title\x07",
        "/plain/path-1.2",
        "",
    ];

    /// What `sh -c 'printf %s ARG'` prints is the value itself, byte for byte.
    #[cfg(unix)]
    #[test]
    fn posix_quoting_is_one_literal_word_for_sh() {
        for shell in ["sh", "bash"] {
            if std::process::Command::new(shell)
                .arg("-c")
                .arg("true")
                .status()
                .is_err()
            {
                continue;
            }
            for v in HOSTILE {
                let q = posix(v);
                // Only bash is sure to read $'…'.
                if shell == "sh" && q.starts_with("$'") {
                    continue;
                }
                let out = std::process::Command::new(shell)
                    .arg("-c")
                    .arg(format!("printf %s {q}"))
                    .output()
                    .expect("run shell");
                assert_eq!(String::from_utf8_lossy(&out.stdout), *v, "{shell}: {q}");
            }
        }
    }

    #[test]
    fn quoted_values_hold_no_control_characters() {
        for v in HOSTILE {
            for q in [Some(posix(v)), Some(powershell(v)), cmd(v)]
                .into_iter()
                .flatten()
            {
                assert!(!q.chars().any(|c| c.is_control()), "{v:?} -> {q:?}");
            }
        }
        assert_eq!(powershell("it's"), "'it''s'");
        assert_eq!(powershell("a\nb$c"), "\"a`nb`$c\"");
        assert_eq!(
            cmd("C:\\Program Files\\x"),
            Some("\"C:\\Program Files\\x\"".into())
        );
        assert_eq!(cmd("100%"), None);
        assert_eq!(cmd("a\"b"), None);
    }

    #[test]
    fn the_shell_of_a_template() {
        assert_eq!(
            Shell::for_template(Os::Linux, "Unblock-File x"),
            Shell::Posix
        );
        assert_eq!(
            Shell::for_template(Os::Windows, "Unblock-File -Path {file}"),
            Shell::PowerShell
        );
        assert_eq!(Shell::for_template(Os::Windows, "where {cmd}"), Shell::Cmd);
        assert_eq!(
            Shell::for_template(Os::Windows, "icacls {path} /grant"),
            Shell::Cmd
        );
    }
}
