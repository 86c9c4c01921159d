//! The unified diff shown before anything is written. Every line passes through redaction (a
//! changed entry may sit next to a token), and is coloured when colour is on.
use crate::redact::Secrets;
use crate::render::Paint;

/// A unified diff of `old` → `new` for the file shown as `name`, redacted and painted.
pub fn unified(name: &str, old: &str, new: &str, secrets: &Secrets, p: Paint) -> String {
    let raw = unified_raw(name, old, new);
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        // CRLF files: the `\r` is kept in the file; here it would only garble the terminal.
        let line = crate::term::sanitize(&secrets.redact(line.trim_end_matches('\r')), false);
        let painted = if line.starts_with("+++") || line.starts_with("---") {
            p.bold(&line)
        } else if line.starts_with('+') {
            p.green(&line)
        } else if line.starts_with('-') {
            p.red(&line)
        } else if line.starts_with("@@") {
            p.cyan(&line)
        } else {
            line
        };
        out.push_str(&painted);
        out.push('\n');
    }
    out
}

/// The plain unified diff (3 lines of context), as `similar`'s `TextDiff::from_lines(old, new)
/// .unified_diff()` writes it, but computed with Myers alone: `TextDiff` picks its algorithm at run
/// time, which compiled every algorithm `similar` has, each several times (about 600 KB of the
/// release binary for this one diff). The raw search (shortest edit script, no preflight that
/// drops lines found on one side only, no cut-off after 256 edits): one copy of Myers in the
/// binary instead of two (issue 16: -26 KB); a config file's edit is far below the cut-off. The
/// tests compare both on generated texts.
fn unified_raw(name: &str, old: &str, new: &str) -> String {
    use similar::algorithms::{myers, Capture, Compact, Replace};
    use similar::{ChangeTag, DiffableStr};
    use std::fmt::Write as _;
    let (a, b) = (old.tokenize_lines(), new.tokenize_lines());
    let mut hook = Compact::new(Replace::new(Capture::new()), &a[..], &b[..]);
    let Ok(()) = myers::diff_deadline_raw(&mut hook, &a[..], 0..a.len(), &b[..], 0..b.len(), None);
    let ops = hook.into_inner().into_inner().into_ops();
    let mut out = String::new();
    for hunk in similar::group_diff_ops(ops, 3) {
        if hunk.is_empty() {
            continue;
        }
        if out.is_empty() {
            let _ = writeln!(out, "--- a/{name}\n+++ b/{name}");
        }
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(&hunk));
        for op in &hunk {
            for change in op.iter_changes(&a[..], &b[..]) {
                out.push(match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                });
                out.push_str(change.value());
                if change.missing_newline() {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_redacted() {
        let mut s = Secrets::default();
        s.add("sk-live-abcdef123456");
        let old =
            "{\n  \"command\": \"npx\",\n  \"env\": {\"API_KEY\": \"sk-live-abcdef123456\"}\n}\n";
        let new = old.replace("\"npx\"", "\"/usr/bin/npx\"");
        let d = unified("c.json", old, &new, &s, Paint { on: false });
        assert!(d.contains("+  \"command\": \"/usr/bin/npx\","), "{d}");
        assert!(d.contains("-  \"command\": \"npx\","), "{d}");
        assert!(!d.contains("sk-live-abcdef123456"), "{d}");
    }

    /// The Myers-only diff writes exactly what `similar`'s `TextDiff` writes, on texts built from a
    /// few repeated lines (many equal lines: moves, duplicates) and some rarer ones, with and
    /// without a final newline and with CRLF lines. (Checked once with 5,000 cases of up to 120
    /// lines from 19 distinct ones: no difference.)
    #[test]
    fn same_as_text_diff() {
        use proptest::prelude::*;
        let line = prop::sample::select(vec![
            "{\n",
            "}\n",
            "  \"a\": 1,\n",
            "x\r\n",
            "\n",
            "b",
            "  \"command\": \"npx\"\n",
            "u1\n",
            "u2\n",
            "u3\n",
            "u4\n",
            "u5\n",
            "u6\n",
        ]);
        let text = prop::collection::vec(line, 0..60).prop_map(|v| v.concat());
        proptest!(ProptestConfig::with_cases(400), |(old in text.clone(), new in text)| {
            let want = similar::TextDiff::from_lines(&old, &new)
                .unified_diff()
                .context_radius(3)
                .header("a/f", "b/f")
                .to_string();
            prop_assert_eq!(unified_raw("f", &old, &new), want);
        });
    }
}
