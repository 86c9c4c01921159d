//! The unified diff shown before anything is written. Every line passes through redaction (a
//! changed entry may sit next to a token), and is coloured when colour is on.
use crate::redact::Secrets;
use crate::render::Paint;

/// A unified diff of `old` → `new` for the file shown as `name`, redacted and painted.
pub fn unified(name: &str, old: &str, new: &str, secrets: &Secrets, p: Paint) -> String {
    let d = similar::TextDiff::from_lines(old, new);
    let raw = d
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
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
}
