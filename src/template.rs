//! The `{name}` placeholders of a rule's fix template: a name is ASCII lower-case letters, digits
//! and `_`, as the templates write them; `${VAR}` (a shell variable) and JSON objects are not
//! placeholders. build.rs includes this file to refuse a template naming an unknown placeholder;
//! the tests use it to find one left unfilled in the output.

/// Each placeholder name of `t`, in order (repeats included).
pub fn placeholders(t: &str) -> impl Iterator<Item = &str> {
    let mut rest = t;
    std::iter::from_fn(move || {
        while let Some(i) = rest.find('{') {
            let before = &rest[..i];
            let after = &rest[i + 1..];
            rest = after;
            let end = after
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(after.len());
            if end > 0 && after[end..].starts_with('}') && !before.ends_with('$') {
                return Some(&after[..end]);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn names_are_read_and_shell_variables_and_json_are_not() {
        let got: Vec<&str> =
            placeholders("Replace {path} with {meant}; keep ${HOME}, {\"env\": {}}, {Upper} {a_1}")
                .collect();
        assert_eq!(got, ["path", "meant", "a_1"]);
    }
}
