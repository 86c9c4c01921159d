//! The report's outside forms besides the human one (`render`) and JSON: Markdown for an issue
//! or a ticket, SARIF for CI; and `--output FILE`, written atomically.
pub mod markdown;
pub mod sarif;

use std::io::Write;
use std::path::Path;

/// `--output FILE`: a plain file (or a new one) is replaced atomically ([`write_atomic`]).
/// What is not a plain file is written through, as a shell's `>` would: a device (`/dev/null`,
/// `/dev/stdout`'s terminal or pipe), a named pipe or socket is opened and written, never renamed
/// over (as root, that replaced the system's `/dev/null` by a regular file); a symbolic link has
/// its target replaced and stays a link (a dangling one has its target created). The user named
/// this path; files the doctor keeps for itself go through [`write_atomic`], which follows no link.
pub fn write_output(path: &Path, text: &[u8]) -> Result<(), String> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(format!("--output {shown}: is a folder"));
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match std::fs::metadata(path) {
        Ok(md) if !md.is_file() => return write_through(path, text, false, &shown),
        Ok(_) if is_link => {
            // The link's target, resolved whole (a chain of links, relative ones).
            return match std::fs::canonicalize(path) {
                Ok(target) => write_atomic(&target, text),
                Err(e) => Err(format!("--output {shown}: {e}")),
            };
        }
        Err(_) if is_link => return write_through(path, text, true, &shown),
        _ => {}
    }
    write_atomic(path, text)
}

/// Opens `path` (following links) and writes `text` to it: for what cannot be renamed over.
fn write_through(path: &Path, text: &[u8], create: bool, shown: &str) -> Result<(), String> {
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(create)
            .truncate(create)
            .open(path)?;
        f.write_all(text)?;
        f.flush()
    })();
    result.map_err(|e| format!("--output {shown}: {e}"))
}

/// Writes `text` to `path` atomically: a temporary file in the same folder, flushed and synced,
/// renamed over the target (which is never seen half-written; a reader sees the old file or the
/// new one). The folder must exist. Permissions of an existing file are kept.
pub fn write_atomic(path: &Path, text: &[u8]) -> Result<(), String> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(format!("--output {shown}: is a folder"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "--output {shown}: the folder {} does not exist",
            dir.display()
        ));
    }
    crate::machine::write_atomic(path, text).map_err(|e| format!("--output {shown}: {e}"))
}

/// `mcp-doctor completions SHELL`: the completion script clap_complete generates from the
/// command line's definition (so it never falls behind a new option).
pub fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "mcp-doctor", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// `mcp-doctor man`: the man page (roff) clap_mangen renders from the same definition, with a
/// section per subcommand.
pub fn man_page() -> String {
    use clap::CommandFactory;
    let cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    let _ = man.render(&mut buf);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        let _ = writeln_roff(
            &mut buf,
            &format!(".SH \"MCP-DOCTOR {}\"", name.to_uppercase()),
        );
        let sub = sub.clone().bin_name(format!("mcp-doctor {name}"));
        let mut part = Vec::new();
        let m = clap_mangen::Man::new(sub);
        let _ = m.render_synopsis_section(&mut part);
        let _ = m.render_description_section(&mut part);
        let _ = m.render_options_section(&mut part);
        // The sub-sections' own headings become paragraphs under the subcommand's heading.
        let text = String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        buf.extend_from_slice(text.as_bytes());
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn writeln_roff(buf: &mut Vec<u8>, line: &str) -> std::io::Result<()> {
    buf.write_all(line.as_bytes())?;
    buf.write_all(b"\n")
}

/// Under a locale that is not UTF-8 (`LANG=C`, `LC_ALL=POSIX`, `…ISO-8859-1`), the human
/// output's marks and punctuation in ASCII. An unset locale is taken as UTF-8 (Windows and most
/// terminals); the first of LC_ALL, LC_CTYPE, LANG that is set decides, as in POSIX.
pub fn locale_is_ascii(env: &dyn Fn(&str) -> Option<String>) -> bool {
    for k in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Some(v) = env(k).filter(|v| !v.is_empty()) {
            let l = v.to_ascii_lowercase();
            return !(l.contains("utf-8") || l.contains("utf8"));
        }
    }
    false
}

/// The human output with its Unicode marks and punctuation replaced by ASCII.
pub fn to_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '✓' => out.push('+'),
            '✗' => out.push('x'),
            '·' => out.push('-'),
            '—' | '–' => out.push_str("--"),
            '…' => out.push_str("..."),
            '│' => out.push('|'),
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '⚠' => out.push('!'),
            _ => out.push(c),
        }
    }
    out
}

/// `--color auto`: the conventions, in this order: `NO_COLOR` (set, not empty) turns colour off;
/// `CLICOLOR_FORCE` or `FORCE_COLOR` (set, not empty, not `0`/`false`) turns it on even when
/// piped; `CLICOLOR=0` turns it off; otherwise colour on a terminal whose TERM is not `dumb`.
pub fn color_auto(env: &dyn Fn(&str) -> Option<String>, stdout_is_terminal: bool) -> bool {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    let forced = |k: &str| set(k).is_some_and(|v| v != "0" && !v.eq_ignore_ascii_case("false"));
    if forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") {
        return true;
    }
    if set("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    stdout_is_terminal && env("TERM").is_none_or(|t| t != "dumb")
}

/// `serde_json::to_string_pretty`, the same text: each line's break and indentation written at
/// once (`Pretty`).
pub fn pretty_json<T: serde::Serialize + ?Sized>(r: &T) -> Result<String, String> {
    let mut ser =
        serde_json::Serializer::with_formatter(Vec::with_capacity(1 << 16), Pretty::default());
    r.serialize(&mut ser).map_err(|e| e.to_string())?;
    String::from_utf8(ser.into_inner()).map_err(|e| e.to_string())
}

/// serde_json's `PrettyFormatter` (two spaces), the same states and the same text, but a line
/// break and its indentation go out in one write instead of one per level (a report of 100 000
/// servers has millions of lines, most of them four or five levels deep).
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b)
    }

    /// `]` or `}`: on its own line when something was in it.
    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(b)
    }

    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        /// A comma, a line break and up to 32 levels of indentation: a line's start is one
        /// slice of it.
        const BREAK: &[u8; 66] =
            b",\n                                                                ";
        let b: &[u8] = &BREAK[usize::from(!comma)..];
        match b.get(..1 + usize::from(comma) + 2 * self.level) {
            Some(line) => w.write_all(line),
            None => {
                w.write_all(&b[..1 + usize::from(comma)])?;
                (0..self.level).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_conventions() {
        assert!(color_auto(&env(&[]), true));
        assert!(!color_auto(&env(&[]), false));
        assert!(!color_auto(&env(&[("NO_COLOR", "1")]), true));
        assert!(
            color_auto(&env(&[("NO_COLOR", "")]), true),
            "empty NO_COLOR is unset"
        );
        assert!(color_auto(&env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(color_auto(&env(&[("FORCE_COLOR", "3")]), false));
        assert!(!color_auto(&env(&[("FORCE_COLOR", "0")]), false));
        assert!(!color_auto(
            &env(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]),
            false
        ));
        assert!(!color_auto(&env(&[("CLICOLOR", "0")]), true));
        assert!(!color_auto(&env(&[("TERM", "dumb")]), true));
    }

    #[test]
    fn locales() {
        assert!(!locale_is_ascii(&env(&[])));
        assert!(locale_is_ascii(&env(&[("LANG", "C")])));
        assert!(!locale_is_ascii(&env(&[("LANG", "en_US.UTF-8")])));
        assert!(!locale_is_ascii(&env(&[
            ("LANG", "C"),
            ("LC_ALL", "C.utf8")
        ])));
        assert!(locale_is_ascii(&env(&[
            ("LANG", "en_US.UTF-8"),
            ("LC_ALL", "POSIX")
        ])));
        assert_eq!(to_ascii("✓ a · b — c…"), "+ a - b -- c...");
    }

    #[test]
    fn the_pretty_json_is_serde_jsons() {
        let mut deep = serde_json::json!(["bottom", {}, [], {"k": []}]);
        for i in 0..40 {
            deep = serde_json::json!({ format!("k{i}"): deep, "n": i, "e": [], "o": {} });
        }
        for v in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([[], {}, [[]], {"a": {}}, {"a": []}, [1, [2, [3]]]]),
            serde_json::json!({"a": 1, "b": [1, 2, {"c": "d\n\"é\u{7f}"}], "e": {"f": null, "g": []}}),
            deep,
        ] {
            assert_eq!(
                super::pretty_json(&v).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
