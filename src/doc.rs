//! A config document as one spanned tree, whatever its format (JSON, JSONC, TOML), so that every
//! check can point at the line and column of what it is about. Object members keep their order
//! and duplicates (the last one wins, as `JSON.parse` does; duplicates are reported).
use regex::Regex;
use std::collections::HashMap;
use std::ops::{Deref, Range};
use std::sync::{LazyLock, OnceLock};

pub type Span = Range<usize>;

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    Obj(Obj),
}

/// An object's members, in the file's order and with duplicates. Looking a member up by key in an
/// object of more than `Obj::INDEXED` members goes through an index (key to its last member)
/// built on the first lookup, so that finding each of 100 000 servers is not a scan of all of
/// them.
#[derive(Clone, Debug, Default)]
pub struct Obj {
    props: Vec<Prop>,
    index: OnceLock<HashMap<String, usize, foldhash::fast::RandomState>>,
}

impl Obj {
    /// Below this many members a lookup scans them (no index to build).
    const INDEXED: usize = 16;

    /// The member `key` (the last one, as `JSON.parse` keeps).
    pub fn get(&self, key: &str) -> Option<&Prop> {
        if self.props.len() <= Self::INDEXED {
            return self.props.iter().rev().find(|p| p.key == key);
        }
        let index = self.index.get_or_init(|| {
            let mut m = HashMap::with_capacity_and_hasher(self.props.len(), Default::default());
            for (i, p) in self.props.iter().enumerate() {
                m.insert(p.key.clone(), i);
            }
            m
        });
        index.get(key).map(|&i| &self.props[i])
    }

    /// The members, to change in place (their keys too: the index is dropped).
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Prop> {
        self.index = OnceLock::new();
        self.props.iter_mut()
    }
}

impl PartialEq for Obj {
    fn eq(&self, other: &Obj) -> bool {
        self.props == other.props
    }
}

impl Deref for Obj {
    type Target = [Prop];
    fn deref(&self) -> &[Prop] {
        &self.props
    }
}

impl From<Vec<Prop>> for Obj {
    fn from(props: Vec<Prop>) -> Obj {
        Obj {
            props,
            index: OnceLock::new(),
        }
    }
}

impl FromIterator<Prop> for Obj {
    fn from_iter<I: IntoIterator<Item = Prop>>(iter: I) -> Obj {
        Obj::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Obj {
    type Item = &'a Prop;
    type IntoIter = std::slice::Iter<'a, Prop>;
    fn into_iter(self) -> Self::IntoIter {
        self.props.iter()
    }
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
            Val::Obj(props) => props.get(key),
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/mcpServers/x/args/0`; `~1` is `/`, `~0` is `~`), the last
    /// of duplicate keys as everywhere else.
    pub fn at(&self, pointer: &str) -> Option<&Node> {
        let mut n = self;
        for part in pointer.split('/').skip(1) {
            // Unescaped only when it holds an escape (a pointer's parts rarely do).
            let key: std::borrow::Cow<str> = if part.contains('~') {
                part.replace("~1", "/").replace("~0", "~").into()
            } else {
                part.into()
            };
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
    /// Every 4 KiB: (byte offset on a character boundary, characters before it), so that a
    /// column costs at most 4 KiB of counting even on a one-line file of megabytes (empty when
    /// the text is ASCII: then a column is a byte difference).
    marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let (mut at, mut chars) = (0usize, 0usize);
            marks.push((0, 0));
            while at < text.len() {
                let mut next = (at + MARK_EVERY).min(text.len());
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                marks.push((next, chars));
                at = next;
            }
        }
        LineIndex { starts, marks }
    }

    /// How many characters `text[..offset]` holds (`offset` on a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.marks.is_empty() {
            return offset;
        }
        let k = self
            .marks
            .partition_point(|m| m.0 <= offset)
            .saturating_sub(1);
        let (at, chars) = self.marks[k];
        chars
            + text
                .get(at..offset)
                .map_or(offset - at, |s| s.chars().count())
    }

    /// (line, column), both from 1.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let col = if text.is_char_boundary(offset) {
            self.chars_before(text, offset) - self.chars_before(text, start)
        } else {
            offset - start
        };
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

/// Appends the decimal digits of `i` without the formatting machinery (JSON pointers and
/// finding ids are made by the hundred thousand).
pub fn push_decimal(out: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    let mut v = i;
    loop {
        n -= 1;
        digits[n] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(digits[n..].iter().map(|&d| char::from(d)));
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

fn table_props(t: &toml_edit::Table) -> Obj {
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

/// A YAML text that does not parse: what is wrong and where (a byte offset into the text).
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
}

/// How deep YAML collections may nest (as deep as the JSON parser allows).
const YAML_MAX_DEPTH: usize = 512;
/// How many nodes aliases (`*name`) may copy in all, against "billion laughs" documents.
const YAML_MAX_ALIAS_NODES: usize = 100_000;
/// How many bytes aliases may copy in all (strings, keys and each node's own size): node counts
/// alone let one anchored long *string*, aliased a few thousand times, expand to gigabytes.
const YAML_MAX_ALIAS_BYTES: usize = 8 << 20;

/// Maps the parser's character indexes to byte offsets into the text.
struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    /// The byte offset of every 64th character.
    marks: Vec<usize>,
}

impl<'a> CharToByte<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let marks = if ascii {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(64)
                .map(|(b, _)| b)
                .collect::<Vec<_>>()
        };
        CharToByte { text, ascii, marks }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let Some(&start) = self.marks.get(char_index / 64) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(char_index % 64)
            .map_or(self.text.len(), |(b, _)| start + b)
    }

    fn span(&self, s: &saphyr_parser::Span) -> Span {
        let a = self.byte(s.start.index());
        let b = self.byte(s.end.index()).max(a);
        a..b
    }
}

/// A plain (unquoted) scalar read by the YAML 1.2 core schema.
fn yaml_plain(v: &str) -> Val {
    static INT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$").expect("regex"));
    static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
            .expect("regex")
    });
    match v {
        "" | "~" | "null" | "Null" | "NULL" => Val::Null,
        "true" | "True" | "TRUE" => Val::Bool(true),
        "false" | "False" | "FALSE" => Val::Bool(false),
        _ if INT.is_match(v) || FLOAT.is_match(v) => Val::Num(v.to_string()),
        _ => Val::Str(v.to_string()),
    }
}

fn yaml_scalar(
    v: &str,
    style: saphyr_parser::ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
) -> Val {
    let core = tag
        .filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str());
    let plain = style == saphyr_parser::ScalarStyle::Plain;
    match core {
        Some("str") => Val::Str(v.to_string()),
        Some("null") => Val::Null,
        Some("bool" | "int" | "float") => match yaml_plain(v) {
            Val::Str(s) => Val::Str(s),
            x => x,
        },
        // A non-specific tag (`! x`) or another application's tag: as written.
        _ if tag.is_some() && core.is_none() => Val::Str(v.to_string()),
        _ if plain => yaml_plain(v),
        _ => Val::Str(v.to_string()),
    }
}

enum YamlFrame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        props: Vec<Prop>,
        key: Option<(String, Span)>,
    },
}

/// How many nodes a tree holds, and how many bytes it takes in memory.
fn yaml_size(n: &Node) -> (usize, usize) {
    let own = std::mem::size_of::<Node>();
    match &n.val {
        Val::Arr(a) => a
            .iter()
            .map(yaml_size)
            .fold((1, own), |x, y| (x.0 + y.0, x.1 + y.1)),
        Val::Obj(o) => o.iter().fold((1, own), |x, p| {
            let (n, b) = yaml_size(&p.node);
            (x.0 + n, x.1 + b + p.key.len() + std::mem::size_of::<Prop>())
        }),
        Val::Str(s) | Val::Num(s) => (1, own + s.len()),
        _ => (1, own),
    }
}

/// Parses a YAML document into the spanned tree (mappings become objects, sequences lists, plain
/// scalars null/bool/number/string by the YAML 1.2 core schema, quoted and block scalars strings).
/// Aliases are resolved (within a budget); a second document, nesting deeper than 512 levels and
/// every syntax error are errors. An empty document is `Null`. Never panics.
pub fn from_yaml(text: &str) -> Result<Node, String> {
    from_yaml_at(text).map_err(|e| {
        let (line, col) = LineIndex::new(text).line_col(text, e.offset);
        format!("{} at line {line}, column {col}", e.message)
    })
}

/// Where a YAML collection ends: a block one where its last value does (its end event is empty),
/// a flow one at its closing bracket.
fn collection_end(start: usize, last: usize, end_event: &Span) -> usize {
    let end = if end_event.start == end_event.end {
        last
    } else {
        last.max(end_event.end)
    };
    end.max(start)
}

/// [`from_yaml`], with the error's byte offset.
pub fn from_yaml_at(text: &str) -> Result<Node, YamlError> {
    use saphyr_parser::{Event, Parser};
    let pos = CharToByte::new(text);
    let mut stack: Vec<YamlFrame> = Vec::new();
    // Each anchor's tree, with its size (nodes, bytes) measured once.
    let mut anchors: std::collections::HashMap<usize, (Node, (usize, usize))> = Default::default();
    let mut alias_nodes = 0usize;
    let mut alias_bytes = 0usize;
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let err = |message: String, offset: usize| YamlError { message, offset };
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| err(e.info().to_string(), pos.byte(e.marker().index())))?;
        let sp = pos.span(&span);
        let done: Option<(Node, usize)> = match ev {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(err(
                        "a second YAML document (the client reads one)".into(),
                        sp.start,
                    ));
                }
                None
            }
            Event::Scalar(v, style, anchor, tag) => Some((
                Node {
                    val: yaml_scalar(&v, style, tag.as_deref()),
                    span: sp,
                },
                anchor,
            )),
            Event::Alias(id) => {
                let Some((n, (nodes, bytes))) = anchors.get(&id) else {
                    return Err(err("an alias to an unknown anchor".into(), sp.start));
                };
                alias_nodes += nodes;
                alias_bytes += bytes;
                if alias_nodes > YAML_MAX_ALIAS_NODES || alias_bytes > YAML_MAX_ALIAS_BYTES {
                    return Err(err(
                        "aliases that expand to too many values".into(),
                        sp.start,
                    ));
                }
                let mut n = n.clone();
                n.span = sp;
                Some((n, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= YAML_MAX_DEPTH {
                    return Err(err(
                        format!("nesting deeper than {YAML_MAX_DEPTH} levels"),
                        sp.start,
                    ));
                }
                stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    YamlFrame::Seq {
                        start: sp.start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    YamlFrame::Map {
                        start: sp.start,
                        anchor,
                        props: Vec::new(),
                        key: None,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(YamlFrame::Seq {
                    start,
                    anchor,
                    items,
                }) => {
                    let last = items.last().map_or(start, |n| n.span.end);
                    Some((
                        Node {
                            val: Val::Arr(items),
                            span: start..collection_end(start, last, &sp),
                        },
                        anchor,
                    ))
                }
                Some(YamlFrame::Map {
                    start,
                    anchor,
                    props,
                    ..
                }) => {
                    let last = props.last().map_or(start, |p| p.node.span.end);
                    Some((
                        Node {
                            val: Val::Obj(props.into()),
                            span: start..collection_end(start, last, &sp),
                        },
                        anchor,
                    ))
                }
                None => None,
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
        };
        let Some((node, anchor)) = done else { continue };
        if anchor != 0 {
            let size = yaml_size(&node);
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(YamlFrame::Seq { items, .. }) => items.push(node),
            Some(YamlFrame::Map { props, key, .. }) => match key.take() {
                None => {
                    let k = match &node.val {
                        Val::Str(s) | Val::Num(s) => s.clone(),
                        Val::Bool(b) => b.to_string(),
                        Val::Null => String::new(),
                        // A complex key (`? [a, b]`): as written.
                        _ => text.get(node.span.clone()).unwrap_or("").trim().to_string(),
                    };
                    *key = Some((k, node.span));
                }
                Some((k, ks)) => props.push(Prop {
                    key: k,
                    key_span: ks,
                    node,
                }),
            },
        }
    }
    Ok(root.unwrap_or(Node {
        val: Val::Null,
        span: 0..0,
    }))
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

    #[test]
    fn yaml_spans_slice_the_values() {
        let text = "# c\nmcpServers:\n  - name: \"gh é\"\n    command: npx\n    args: [\"-y\", 'x', 3]\n    env:\n      A: ${{ secrets.A }}\n      B: |\n        two\n    n: 1.5\n    t: true\n    z: ~\n  - {name: b, url: \"http://x\"}\n";
        let n = from_yaml(text).unwrap();
        let s = n.get("mcpServers").unwrap();
        assert_eq!(s.items().len(), 2);
        let a = &s.items()[0];
        let name = a.get("name").unwrap();
        assert_eq!(name.as_str(), Some("gh é"));
        assert_eq!(&text[name.span.clone()], "\"gh é\"");
        let cmd = a.get("command").unwrap();
        assert_eq!(&text[cmd.span.clone()], "npx");
        assert_eq!(
            &text[a.prop("command").unwrap().key_span.clone()],
            "command"
        );
        let args = a.get("args").unwrap();
        assert_eq!(&text[args.span.clone()], "[\"-y\", 'x', 3]");
        assert_eq!(&text[args.items()[1].span.clone()], "'x'");
        assert_eq!(args.items()[2].val, Val::Num("3".into()));
        let env = a.get("env").unwrap();
        let ea = env.get("A").unwrap();
        assert_eq!(ea.as_str(), Some("${{ secrets.A }}"));
        assert_eq!(&text[ea.span.clone()], "${{ secrets.A }}");
        assert_eq!(env.get("B").unwrap().as_str(), Some("two\n"));
        assert_eq!(a.get("n").unwrap().val, Val::Num("1.5".into()));
        assert_eq!(a.get("t").unwrap().val, Val::Bool(true));
        assert_eq!(a.get("z").unwrap().val, Val::Null);
        assert!(text[a.span.clone()].starts_with("name: \"gh é\""));
        assert!(text[a.span.clone()].trim_end().ends_with("z: ~"));
        let b = &s.items()[1];
        assert_eq!(&text[b.span.clone()], "{name: b, url: \"http://x\"}");
        assert_eq!(&text[b.get("url").unwrap().span.clone()], "\"http://x\"");
        assert_eq!(n.at("/mcpServers/1/name").unwrap().as_str(), Some("b"));
    }

    #[test]
    fn yaml_alias_expansion_is_measured_in_bytes() {
        // One 64 KiB string aliased 1 000 times: few nodes, 64 MB of text.
        let mut y = format!("a: &s \"{}\"\nb: [", "x".repeat(64 * 1024));
        for _ in 0..1000 {
            y.push_str("*s, ");
        }
        y.push_str("]\n");
        let e = from_yaml(&y).unwrap_err();
        assert!(e.contains("too many values"), "{e}");
        // A few aliases of a small anchor are fine.
        assert!(from_yaml("a: &s hi\nb: [*s, *s]\n").is_ok());
    }

    #[test]
    fn yaml_errors_aliases_and_odd_documents() {
        let e = from_yaml_at("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(!e.message.is_empty());
        assert!(from_yaml("a: 1\n---\nb: 2\n").is_err());
        assert_eq!(from_yaml("").unwrap().val, Val::Null);
        assert_eq!(from_yaml("# only a comment\n").unwrap().val, Val::Null);
        let n = from_yaml("base: &b {x: 1}\nother: *b\n").unwrap();
        assert_eq!(
            n.get("other").unwrap().get("x").unwrap().val,
            Val::Num("1".into())
        );
        let n = from_yaml("a: !!str 123\nb: '1'\nc: 0x1F\nd: yes\n").unwrap();
        assert_eq!(n.get("a").unwrap().as_str(), Some("123"));
        assert_eq!(n.get("b").unwrap().as_str(), Some("1"));
        assert_eq!(n.get("c").unwrap().val, Val::Num("0x1F".into()));
        assert_eq!(n.get("d").unwrap().as_str(), Some("yes"));
        let deep = "[".repeat(2000) + &"]".repeat(2000);
        assert!(from_yaml(&deep).is_err());
        let mut block = String::new();
        for i in 0..1000 {
            block.push_str(&" ".repeat(i));
            block.push_str("a:\n");
        }
        assert!(from_yaml(&block).is_err());
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        assert!(from_yaml(laughs).is_err());
        let bom = "\u{feff}a: é\nb: x\n";
        let n = from_yaml(bom).unwrap();
        assert_eq!(&bom[n.get("b").unwrap().span.clone()], "x");
    }
}
