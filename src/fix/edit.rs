//! Applying edits to a config's text: each edit is one or more splices (a byte range of the file
//! and the bytes that replace it), computed from the spans of the parsed tree. Nothing is ever
//! re-serialised: every byte outside the splices stays as it was (comments, key order, indentation,
//! CRLF, a BOM, the final newline, escapes, duplicate keys). New values copy the style around them
//! (indentation, line ending, `": "` or `":"`), and a string is written as a valid literal of the
//! file's dialect (JSON escapes for Windows backslashes; TOML literal strings stay literal).
use super::Op;
use crate::clients::Dialect;
use crate::doc::{Node, Span, Val};
use serde_json::Value;

/// Bytes `at` of the text are replaced by `text` (an empty range inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: Span,
    pub text: String,
}

/// The text with every splice applied. Splices must not overlap (the planner drops conflicts).
pub fn apply(text: &str, splices: &[&Splice]) -> String {
    let mut sorted: Vec<&&Splice> = splices.iter().collect();
    crate::sort::by_key(&mut sorted, |s| (s.at.start, s.at.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut pos = 0;
    for s in sorted {
        out.push_str(&text[pos..s.at.start]);
        out.push_str(&s.text);
        pos = s.at.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// A string literal in the file's dialect. In TOML a literal string (`'C:\x'`) stays one when the
/// new value can be written that way.
pub fn string_lit(d: Dialect, old_raw: Option<&str>, v: &str) -> String {
    match d {
        Dialect::Toml => {
            let was_literal = old_raw.is_some_and(|r| r.starts_with('\'') && !r.starts_with("'''"));
            if was_literal && !v.contains(['\'', '\n', '\r']) && !v.chars().any(char::is_control) {
                format!("'{v}'")
            } else {
                toml_basic(v)
            }
        }
        _ => serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into()),
    }
}

fn toml_basic(v: &str) -> String {
    let mut s = String::with_capacity(v.len() + 2);
    s.push('"');
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => s.push_str(&format!("\\u{:04X}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

pub(crate) fn key_lit(d: Dialect, k: &str) -> String {
    match d {
        Dialect::Toml
            if !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            k.to_string()
        }
        _ => string_lit(d, None, k),
    }
}

/// The line ending the file uses (a whole-file scan: computed once per file by the callers of
/// [`insert_items`] and [`add_member`], never once per edit).
pub(crate) fn eol(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The whitespace that starts the line holding byte `pos`.
fn line_indent(text: &str, pos: usize) -> &str {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// Whether only spaces or tabs stand between the start of its line and `pos` (looks back no
/// further than the first other byte: a one-line file of megabytes costs nothing).
fn starts_line(text: &str, pos: usize) -> bool {
    text.as_bytes()[..pos]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_none_or(|b| *b == b'\n')
}

/// A value as a literal: compact (`{"PATH": "x"}`) or, with `layout`, one member per line.
fn value_lit(d: Dialect, v: &Value, colon: &str, layout: Option<(&str, &str, &str)>) -> String {
    match v {
        Value::String(s) => string_lit(d, None, s),
        Value::Array(items) => {
            let sep = if colon.ends_with(' ') || d == Dialect::Toml {
                ", "
            } else {
                ","
            };
            let inner: Vec<String> = items.iter().map(|x| value_lit(d, x, colon, None)).collect();
            format!("[{}]", inner.join(sep))
        }
        Value::Object(map) => {
            if d == Dialect::Toml {
                let inner: Vec<String> = map
                    .iter()
                    .map(|(k, x)| format!("{} = {}", key_lit(d, k), value_lit(d, x, colon, None)))
                    .collect();
                return format!("{{ {} }}", inner.join(", "));
            }
            let members: Vec<String> = map
                .iter()
                .map(|(k, x)| format!("{}{colon}{}", key_lit(d, k), value_lit(d, x, colon, None)))
                .collect();
            match layout {
                Some((nl, indent, unit)) => {
                    let inner = format!("{nl}{indent}{unit}");
                    format!(
                        "{{{inner}{}{nl}{indent}}}",
                        members.join(&format!(",{inner}"))
                    )
                }
                None => {
                    let sep = if colon.ends_with(' ') { ", " } else { "," };
                    format!("{{{}}}", members.join(sep))
                }
            }
        }
        other => other.to_string(),
    }
}

/// Inserts `items` at the start of the array `arr`; `nl` is the file's line ending (`eol`).
pub fn insert_items(
    text: &str,
    d: Dialect,
    nl: &str,
    arr: &Node,
    items: &[Value],
    compact: bool,
) -> Splice {
    let lits: Vec<String> = items.iter().map(|v| value_lit(d, v, ": ", None)).collect();
    let list = arr.items();
    match list {
        [] => {
            let sep = if compact { "," } else { ", " };
            Splice {
                at: arr.span.start + 1..arr.span.start + 1,
                text: lits.join(sep),
            }
        }
        [first, rest @ ..] => {
            let between = rest
                .first()
                .map(|second| &text[first.span.end..second.span.start])
                .filter(|b| b.trim_start().starts_with(',') && !b.contains(['/', '#']))
                .map(str::to_string)
                .unwrap_or_else(|| {
                    if starts_line(text, first.span.start) {
                        format!(",{nl}{}", line_indent(text, first.span.start))
                    } else if compact {
                        ",".into()
                    } else {
                        ", ".into()
                    }
                });
            let mut t = String::new();
            for l in &lits {
                t.push_str(l);
                t.push_str(&between);
            }
            Splice {
                at: first.span.start..first.span.start,
                text: t,
            }
        }
    }
}

/// Adds the member `key: value` at the end of the object `obj` (a JSON object, a TOML inline table
/// or a TOML table), in the object's own style; `nl` is the file's line ending (`eol`).
pub fn add_member(
    text: &str,
    d: Dialect,
    nl: &str,
    obj: &Node,
    key: &str,
    value: &Value,
) -> Vec<Splice> {
    let props = obj.props();
    let inline = d != Dialect::Toml || text[obj.span.start..].starts_with('{');
    if !inline {
        return add_toml_table_member(text, nl, obj, key, value);
    }
    let colon = match (d, props.last()) {
        (Dialect::Toml, _) => " = ".to_string(),
        (_, Some(p)) => {
            let c = &text[p.key_span.end..p.node.span.start];
            if c.contains('/') {
                ": ".into()
            } else {
                c.to_string()
            }
        }
        _ => ": ".into(),
    };
    let Some(last) = props.last() else {
        let pad = if d == Dialect::Toml { " " } else { "" };
        return vec![Splice {
            at: obj.span.start + 1..obj.span.start + 1,
            text: format!(
                "{pad}{}{colon}{}{pad}",
                key_lit(d, key),
                value_lit(d, value, &colon, None)
            ),
        }];
    };
    let first = &props[0];
    let multiline = d != Dialect::Toml && starts_line(text, first.key_span.start);
    let (sep, layout) = if multiline {
        let indent = line_indent(text, first.key_span.start);
        let outer = line_indent(text, obj.span.start);
        let unit = indent
            .strip_prefix(outer)
            .filter(|u| !u.is_empty())
            .unwrap_or(if indent.contains('\t') { "\t" } else { "  " });
        (format!("{nl}{indent}"), Some((nl, indent, unit)))
    } else {
        // On one line: the spacing after the comma between the first two members, else after the
        // colon (`{"a": 1}` gives `, `; `{"a":1}` gives `,`).
        let after_comma = props
            .get(1)
            .map(|second| &text[first.node.span.end..second.key_span.start])
            .and_then(|b| b.trim_start().strip_prefix(','))
            .filter(|b| b.chars().all(|c| c == ' ' || c == '\t'));
        let sep = match after_comma {
            Some(b) => b.to_string(),
            None if colon.ends_with(' ') => " ".into(),
            None => String::new(),
        };
        (sep, None)
    };
    let member = format!(
        "{}{colon}{}",
        key_lit(d, key),
        value_lit(d, value, &colon, layout)
    );
    let end = last.node.span.end;
    // A `// comment` after the last value stays on its line: the comma goes before it and the new
    // member after it. (Only a multi-line object is looked at: the rest of a one-line file can
    // be megabytes.)
    let tail = multiline
        .then(|| {
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            text[end..line_end].trim_end_matches('\r')
        })
        .filter(|tail| tail.trim_start().starts_with("//"));
    if let Some(tail) = tail {
        let at = end + tail.len();
        return vec![
            Splice {
                at: end..end,
                text: ",".into(),
            },
            Splice {
                at: at..at,
                text: format!("{sep}{member}"),
            },
        ];
    }
    vec![Splice {
        at: end..end,
        text: format!(",{sep}{member}"),
    }]
}

/// A `key = value` line in a TOML table (`[mcp_servers.x]`): after its last `key = value` line, or
/// after its header when it has none.
fn add_toml_table_member(
    text: &str,
    nl: &str,
    obj: &Node,
    key: &str,
    value: &Value,
) -> Vec<Splice> {
    let is_kv = |p: &&crate::doc::Prop| {
        text[p.key_span.end..]
            .trim_start_matches([' ', '\t'])
            .starts_with('=')
    };
    let after = obj
        .props()
        .iter()
        .filter(is_kv)
        .map(|p| p.node.span.end)
        .max()
        .unwrap_or(obj.span.end);
    let line = format!(
        "{} = {}",
        key_lit(Dialect::Toml, key),
        value_lit(Dialect::Toml, value, " = ", None)
    );
    vec![match text[after..].find('\n') {
        Some(i) => Splice {
            at: after + i + 1..after + i + 1,
            text: format!("{line}{nl}"),
        },
        None => Splice {
            at: text.len()..text.len(),
            text: format!("{nl}{line}"),
        },
    }]
}

/// A parsed tree as a plain value, to compare documents by meaning (the last of duplicate keys
/// wins, as the clients read it).
pub fn semantic(n: &Node) -> Value {
    match &n.val {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Num(s) => Value::String(format!("\u{0}num:{s}")),
        Val::Str(s) => Value::String(s.clone()),
        Val::Arr(a) => Value::Array(a.iter().map(semantic).collect()),
        Val::Obj(props) => {
            let mut m = serde_json::Map::new();
            for p in props {
                m.insert(p.key.clone(), semantic(&p.node));
            }
            Value::Object(m)
        }
    }
}

/// The document's meaning after the operations: replacements first (their pointers are into the
/// original), then insertions and new members.
pub fn expected(original: &Node, ops: &[&Op]) -> Value {
    let mut v = semantic(original);
    for op in ops {
        if let Op::Replace { pointer, value } = op {
            if let Some(slot) = v.pointer_mut(pointer) {
                *slot = Value::String(value.clone());
            }
        }
    }
    for op in ops {
        match op {
            Op::Replace { .. } => {}
            Op::Prepend { pointer, values } => {
                if let Some(Value::Array(a)) = v.pointer_mut(pointer) {
                    for (i, x) in values.iter().enumerate() {
                        a.insert(i, x.clone());
                    }
                }
            }
            Op::AddMember {
                pointer,
                key,
                value,
            } => {
                if let Some(Value::Object(o)) = v.pointer_mut(pointer) {
                    o.insert(key.clone(), value.clone());
                }
            }
            Op::RemoveFirst { pointer, count } => {
                if let Some(Value::Array(a)) = v.pointer_mut(pointer) {
                    a.drain(..(*count).min(a.len()));
                }
            }
            Op::RemoveMember { pointer, key } => {
                if let Some(Value::Object(o)) = v.pointer_mut(pointer) {
                    o.remove(key);
                }
            }
            Op::RenameMember {
                pointer,
                from,
                to,
                value,
            } => {
                if let Some(Value::Object(o)) = v.pointer_mut(pointer) {
                    o.remove(from);
                    o.insert(to.clone(), Value::String(value.clone()));
                }
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_text;

    fn at<'a>(root: &'a Node, p: &str) -> &'a Node {
        root.at(p).unwrap()
    }

    #[test]
    fn strings_are_valid_literals() {
        assert_eq!(
            string_lit(Dialect::StrictJson, None, "C:\\x\\y"),
            "\"C:\\\\x\\\\y\""
        );
        assert_eq!(string_lit(Dialect::Toml, Some("'a'"), "C:\\x"), "'C:\\x'");
        assert_eq!(
            string_lit(Dialect::Toml, Some("\"a\""), "C:\\x"),
            "\"C:\\\\x\""
        );
        assert_eq!(string_lit(Dialect::Toml, Some("'a'"), "it's"), "\"it's\"");
    }

    #[test]
    fn members_follow_the_object_style() {
        for (text, want) in [
            (
                "{\n  \"a\": {\n    \"command\": \"x\"\n  }\n}",
                "{\n  \"a\": {\n    \"command\": \"x\",\n    \"env\": {\n      \"PATH\": \"/b\"\n    }\n  }\n}",
            ),
            (
                "{\"a\":{\"command\":\"x\"}}",
                "{\"a\":{\"command\":\"x\",\"env\":{\"PATH\":\"/b\"}}}",
            ),
            (
                "{\r\n\t\"a\": {\r\n\t\t\"command\": \"x\" // c\r\n\t}\r\n}",
                "{\r\n\t\"a\": {\r\n\t\t\"command\": \"x\", // c\r\n\t\t\"env\": {\r\n\t\t\t\"PATH\": \"/b\"\r\n\t\t}\r\n\t}\r\n}",
            ),
        ] {
            let root = parse_text(Dialect::Jsonc, text).unwrap();
            let v = serde_json::json!({"PATH": "/b"});
            let s = add_member(text, Dialect::Jsonc, eol(text), at(&root, "/a"), "env", &v);
            let out = apply(text, &s.iter().collect::<Vec<_>>());
            assert_eq!(out, want);
            let after = parse_text(Dialect::Jsonc, &out).unwrap();
            assert_eq!(at(&after, "/a/env/PATH").as_str(), Some("/b"));
        }
    }

    #[test]
    fn toml_members_and_items() {
        let text = "[mcp_servers.x]\ncommand = \"npx\"\nargs = ['-y', \"p\"]\n\n[mcp_servers.x.env]\nA = \"b\"\n";
        let root = parse_text(Dialect::Toml, text).unwrap();
        let s = add_member(
            text,
            Dialect::Toml,
            eol(text),
            at(&root, "/mcp_servers/x/env"),
            "PATH",
            &Value::String("/n".into()),
        );
        let i = insert_items(
            text,
            Dialect::Toml,
            eol(text),
            at(&root, "/mcp_servers/x/args"),
            &[Value::String("/c".into())],
            false,
        );
        let mut all: Vec<&Splice> = s.iter().collect();
        all.push(&i);
        let out = apply(text, &all);
        assert_eq!(
            out,
            "[mcp_servers.x]\ncommand = \"npx\"\nargs = [\"/c\", '-y', \"p\"]\n\n[mcp_servers.x.env]\nA = \"b\"\nPATH = \"/n\"\n"
        );
        let text = "[mcp_servers.w]\ncommand = \"z\"\nenv = { A = \"1\" }  # keep\n";
        let root = parse_text(Dialect::Toml, text).unwrap();
        let s = add_member(
            text,
            Dialect::Toml,
            eol(text),
            at(&root, "/mcp_servers/w/env"),
            "PATH",
            &Value::String("/n".into()),
        );
        let out = apply(text, &s.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "[mcp_servers.w]\ncommand = \"z\"\nenv = { A = \"1\", PATH = \"/n\" }  # keep\n"
        );
        let text = "[mcp_servers.y]\ncommand = \"z\"";
        let root = parse_text(Dialect::Toml, text).unwrap();
        let v = serde_json::json!({"PATH": "/n"});
        let s = add_member(
            text,
            Dialect::Toml,
            eol(text),
            at(&root, "/mcp_servers/y"),
            "env",
            &v,
        );
        let out = apply(text, &s.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "[mcp_servers.y]\ncommand = \"z\"\nenv = { PATH = \"/n\" }"
        );
    }
}
