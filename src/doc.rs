//! A config document as one spanned tree, whatever its format (JSON, JSONC, TOML), so that every
//! check can point at the line and column of what it is about. Object members keep their order
//! and duplicates (the last one wins, as `JSON.parse` does; duplicates are reported).
use std::ops::Range;

pub type Span = Range<usize>;

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<Prop>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub val: Val,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Prop {
    pub key: String,
    pub key_span: Span,
    pub node: Node,
}

impl Node {
    /// The member `key` of an object (the last one, as `JSON.parse` keeps).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.prop(key).map(|p| &p.node)
    }

    pub fn prop(&self, key: &str) -> Option<&Prop> {
        match &self.val {
            Val::Obj(props) => props.iter().rev().find(|p| p.key == key),
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/mcpServers/x/args/0`; `~1` is `/`, `~0` is `~`), the last
    /// of duplicate keys as everywhere else.
    pub fn at(&self, pointer: &str) -> Option<&Node> {
        let mut n = self;
        for part in pointer.split('/').skip(1) {
            let key = part.replace("~1", "/").replace("~0", "~");
            n = match &n.val {
                Val::Obj(_) => n.get(&key)?,
                Val::Arr(a) => a.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(n)
    }

    pub fn props(&self) -> &[Prop] {
        match &self.val {
            Val::Obj(p) => p,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.val {
            Val::Arr(a) => a,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.val {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.val {
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_obj(&self) -> bool {
        matches!(self.val, Val::Obj(_))
    }

    /// What kind of value this is, in the words of a JSON user.
    pub fn kind(&self) -> &'static str {
        match self.val {
            Val::Null => "null",
            Val::Bool(_) => "a boolean",
            Val::Num(_) => "a number",
            Val::Str(_) => "a string",
            Val::Arr(_) => "a list",
            Val::Obj(_) => "an object",
        }
    }

    /// A short rendering of a scalar for messages (`"npx"`, `42`, `true`).
    pub fn brief(&self) -> String {
        match &self.val {
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => n.clone(),
            Val::Str(s) => serde_json::to_string(s).unwrap_or_default(),
            Val::Arr(a) => format!("[{} items]", a.len()),
            Val::Obj(o) => format!("{{{} keys}}", o.len()),
        }
    }
}

/// Maps byte offsets to 1-based line and column (in characters).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// (line, column), both from 1.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line as u32 + 1, col as u32 + 1)
    }

    /// The text of a line (from 1), without its line break.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self.starts.get(i + 1).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, &b)| b == needle)
        .map(|(i, _)| i)
}

/// Converts jsonc-parser's AST (whose depth the parser already bounds to 512).
pub fn from_jsonc(v: &jsonc_parser::ast::Value) -> Node {
    use jsonc_parser::ast::Value as V;
    let (val, r) = match v {
        V::NullKeyword(n) => (Val::Null, n.range),
        V::BooleanLit(b) => (Val::Bool(b.value), b.range),
        V::NumberLit(n) => (Val::Num(n.value.to_string()), n.range),
        V::StringLit(s) => (Val::Str(s.value.to_string()), s.range),
        V::Array(a) => (
            Val::Arr(a.elements.iter().map(from_jsonc).collect()),
            a.range,
        ),
        V::Object(o) => (
            Val::Obj(
                o.properties
                    .iter()
                    .map(|p| {
                        let (key, kr) = match &p.name {
                            jsonc_parser::ast::ObjectPropName::String(s) => {
                                (s.value.to_string(), s.range)
                            }
                            jsonc_parser::ast::ObjectPropName::Word(w) => {
                                (w.value.to_string(), w.range)
                            }
                        };
                        Prop {
                            key,
                            key_span: kr.start..kr.end,
                            node: from_jsonc(&p.value),
                        }
                    })
                    .collect(),
            ),
            o.range,
        ),
    };
    Node {
        val,
        span: r.start..r.end,
    }
}

/// Converts a toml_edit document (parsed with spans).
pub fn from_toml(doc: &toml_edit::Document<String>) -> Node {
    let table = doc.as_table();
    Node {
        val: Val::Obj(table_props(table)),
        span: 0..doc.raw().len(),
    }
}

fn table_props(t: &toml_edit::Table) -> Vec<Prop> {
    t.iter()
        .filter_map(|(k, item)| {
            let key = t.key(k)?;
            let ks = key.span().unwrap_or(0..0);
            Some(Prop {
                key: k.to_string(),
                key_span: ks.clone(),
                node: from_item(item, ks),
            })
        })
        .collect()
}

fn from_item(item: &toml_edit::Item, fallback: Span) -> Node {
    match item {
        toml_edit::Item::None => Node {
            val: Val::Null,
            span: fallback,
        },
        toml_edit::Item::Value(v) => from_value(v, fallback),
        toml_edit::Item::Table(t) => Node {
            val: Val::Obj(table_props(t)),
            span: t.span().unwrap_or(fallback),
        },
        toml_edit::Item::ArrayOfTables(a) => Node {
            val: Val::Arr(
                a.iter()
                    .map(|t| Node {
                        val: Val::Obj(table_props(t)),
                        span: t.span().unwrap_or(fallback.clone()),
                    })
                    .collect(),
            ),
            span: a.span().unwrap_or(fallback),
        },
    }
}

fn from_value(v: &toml_edit::Value, fallback: Span) -> Node {
    use toml_edit::Value as V;
    let span = v.span().unwrap_or(fallback.clone());
    let val = match v {
        V::String(s) => Val::Str(s.value().clone()),
        V::Integer(i) => Val::Num(i.value().to_string()),
        V::Float(f) => Val::Num(f.value().to_string()),
        V::Boolean(b) => Val::Bool(*b.value()),
        V::Datetime(d) => Val::Str(d.value().to_string()),
        V::Array(a) => Val::Arr(a.iter().map(|x| from_value(x, span.clone())).collect()),
        V::InlineTable(t) => Val::Obj(
            t.iter()
                .map(|(k, x)| {
                    let ks = t.key(k).and_then(|k| k.span()).unwrap_or(span.clone());
                    Prop {
                        key: k.to_string(),
                        key_span: ks.clone(),
                        node: from_value(x, ks),
                    }
                })
                .collect(),
        ),
    };
    Node { val, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "{\n  \"é\": 1,\n  \"x\": 2\n}";
        let ix = LineIndex::new(text);
        let off = text.find("\"x\"").unwrap();
        assert_eq!(ix.line_col(text, off), (3, 3));
        let off = text.find('1').unwrap();
        assert_eq!(ix.line_col(text, off), (2, 8));
        assert_eq!(ix.line_text(text, 2), "  \"é\": 1,");
    }

    #[test]
    fn duplicate_keys_are_kept_and_the_last_wins() {
        let text = r#"{"a": 1, "a": 2}"#;
        let ast =
            jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()).unwrap();
        let n = from_jsonc(ast.value.as_ref().unwrap());
        assert_eq!(n.props().len(), 2);
        assert_eq!(n.get("a").unwrap().val, Val::Num("2".into()));
    }

    #[test]
    fn toml_keeps_spans() {
        let text = "[mcp_servers.github]\ncommand = \"npx\"\nargs = [\"-y\", \"x\"]\n";
        let doc: toml_edit::Document<String> = text.to_string().parse().unwrap();
        let n = from_toml(&doc);
        let cmd = n
            .get("mcp_servers")
            .unwrap()
            .get("github")
            .unwrap()
            .get("command")
            .unwrap();
        assert_eq!(cmd.as_str(), Some("npx"));
        assert_eq!(&text[cmd.span.clone()], "\"npx\"");
    }
}
