//! `fix --bridge NAME…` and `fix --unbridge NAME…`: an entry runs through `mcp-doctor bridge`, or
//! directly again. Edits like every fix (byte splices, read back, written atomically with a
//! backup), built so that `--unbridge` undoes `--bridge` byte for byte:
//!
//! - stdio: `"command": "npx", "args": ["-y", "x"]` becomes `"command": "<doctor>", "args":
//!   ["bridge", "--name", "NAME", "--", "npx", "-y", "x"]` (the items are inserted before the
//!   first one, in the array's own style; without `args`, the member is added and the bridge's
//!   arguments say so with `--fix-added-args`, so that `--unbridge` removes it again).
//! - remote: `"url": U` becomes `"command": "<doctor>"` in its place, `"type"` becomes `"stdio"`,
//!   and `"args": ["bridge", "--name", "NAME", ("--transport", TYPE,) ("--fix-url-key", KEY,)
//!   ("--header", "K: V",)… U]` is added; the original type and URL key are in the arguments,
//!   from where `--unbridge` restores them.
use super::{edit, Edit, Op};
use crate::check::CheckRun;
use crate::clients::Dialect;
use crate::doc::{Node, Val};
use crate::finding::{ClientId, FixSafety};
use crate::rules::RuleId;
use crate::server::ServerSpec;
use edit::Splice;
use serde_json::Value;

/// The doctor's binary as the entries will name it: the `mcp-doctor` on the PATH when it is this
/// very binary (a stable link such as `/opt/homebrew/bin/mcp-doctor`, which survives an upgrade
/// that moves the versioned file it points to), else this binary's own path.
pub fn doctor_path() -> std::io::Result<std::path::PathBuf> {
    let me = std::env::current_exe()?;
    let real = me.canonicalize().unwrap_or_else(|_| me.clone());
    let name = me.file_name().map(|n| n.to_owned()).unwrap_or_default();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path).filter(|d| d.is_absolute()) {
            let c = dir.join(&name);
            if c.canonicalize().is_ok_and(|r| r == real) {
                return Ok(c);
            }
        }
    }
    Ok(me)
}

/// The edits, and one line per selected entry that is left as it is (and why).
pub fn plan(
    run: &CheckRun,
    doctor: &str,
    bridge: &[String],
    unbridge: &[String],
    scope: &crate::scope::Selected,
) -> Result<(Vec<Edit>, Vec<String>), String> {
    let mut edits = Vec::new();
    let mut notes = Vec::new();
    for (names, on) in [(bridge, true), (unbridge, false)] {
        for name in names {
            let specs: Vec<&ServerSpec> = run
                .servers
                .iter()
                .filter(|s| &s.name == name && scope.client(s.client))
                .collect();
            if specs.is_empty() {
                let known: Vec<&str> = run.servers.iter().map(|s| s.name.as_str()).collect();
                return Err(format!(
                    "--{}bridge {name}: no configured server of that name (found: {})",
                    if on { "" } else { "un" },
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                ));
            }
            for s in specs {
                let r = if on {
                    bridge_entry(run, s, doctor)
                } else {
                    unbridge_entry(run, s)
                };
                match r {
                    Ok(mut e) => edits.append(&mut e),
                    Err(why) => notes.push(format!(
                        "{} ({}): left as it is: {why}",
                        s.name,
                        s.client.title()
                    )),
                }
            }
        }
    }
    Ok((edits, notes))
}

struct Cx<'a> {
    s: &'a ServerSpec,
    text: &'a str,
    d: Dialect,
    entry: &'a Node,
}

impl<'a> Cx<'a> {
    fn new(run: &'a CheckRun, s: &'a ServerSpec) -> Result<Cx<'a>, String> {
        let cfg = &run.configs[s.config];
        let d = cfg.loc.dialect;
        if !matches!(d, Dialect::StrictJson | Dialect::Jsonc | Dialect::Toml) {
            return Err("fix edits JSON and TOML configs only; change this one by hand".into());
        }
        if cfg.loc.ignored.is_some() {
            return Err("the client never reads this file".into());
        }
        let entry = cfg
            .root
            .as_ref()
            .and_then(|r| r.at(&s.pointer))
            .filter(|e| e.is_obj())
            .ok_or("the entry is not an object")?;
        Ok(Cx {
            s,
            text: &cfg.text,
            d,
            entry,
        })
    }

    fn ptr(&self, key: &str) -> String {
        format!(
            "{}/{}",
            self.s.pointer,
            key.replace('~', "~0").replace('/', "~1")
        )
    }

    fn edit(
        &self,
        op: Op,
        pointer: String,
        before: Value,
        after: Value,
        splices: Vec<Splice>,
    ) -> Edit {
        Edit {
            config: self.s.config,
            client: self.s.client,
            server: self.s.name.clone(),
            rule: RuleId::Bridged,
            safety: FixSafety::Safe,
            op,
            pointer,
            before,
            after,
            splices,
        }
    }

    fn raw(&self, n: &Node) -> &str {
        &self.text[n.span.clone()]
    }

    /// The string at `key` becomes `value`.
    fn replace(&self, key: &str, n: &Node, value: &str) -> Edit {
        let splice = Splice {
            at: n.span.clone(),
            text: edit::string_lit(self.d, Some(self.raw(n)), value),
        };
        self.edit(
            Op::Replace {
                pointer: self.ptr(key),
                value: value.to_string(),
            },
            self.ptr(key),
            edit::semantic(n),
            Value::String(value.into()),
            vec![splice],
        )
    }

    /// The member `args` is added with `items`.
    fn add_args(&self, items: Vec<Value>) -> Edit {
        let value = Value::Array(items);
        let splices = edit::add_member(
            self.text,
            self.d,
            edit::eol(self.text),
            self.entry,
            "args",
            &value,
        );
        self.edit(
            Op::AddMember {
                pointer: self.s.pointer.clone(),
                key: "args".into(),
                value: value.clone(),
            },
            self.ptr("args"),
            Value::Null,
            value,
            splices,
        )
    }

    /// The member `key` goes: undoes [`edit::add_member`].
    fn remove_member(&self, key: &str) -> Result<Edit, String> {
        let props = self.entry.props();
        let i = props
            .iter()
            .rposition(|p| p.key == key)
            .ok_or_else(|| format!("the entry has no `{key}`"))?;
        let p = &props[i];
        let text = self.text;
        let table = self.d == Dialect::Toml && !text[self.entry.span.start..].starts_with('{');
        let splices = if table {
            // A `key = value` line of a TOML table: the whole line.
            let start = text[..p.key_span.start].rfind('\n').map_or(0, |j| j + 1);
            if !text[start..p.key_span.start].trim().is_empty() {
                return Err(format!("`{key}` does not start its line"));
            }
            let end = text[p.node.span.end..]
                .find('\n')
                .map_or(text.len(), |j| p.node.span.end + j + 1);
            vec![Splice {
                at: start..end,
                text: String::new(),
            }]
        } else {
            if i == 0 || i + 1 != props.len() {
                return Err(format!(
                    "`{key}` is no longer the entry's last member; remove the bridge by hand"
                ));
            }
            let prev_end = props[i - 1].node.span.end;
            let between = &text[prev_end..p.key_span.start];
            if !between.contains("//") && !between.contains("/*") && !between.contains('#') {
                vec![Splice {
                    at: prev_end..p.node.span.end,
                    text: String::new(),
                }]
            } else {
                // add_member put the comma before a `// comment` and the member after it.
                if !text[prev_end..].starts_with(',') {
                    return Err(format!("`{key}` follows a comment; remove it by hand"));
                }
                let eol = edit::eol(text);
                let sep = text[prev_end + 1..p.key_span.start]
                    .find(eol)
                    .map(|j| prev_end + 1 + j)
                    .ok_or_else(|| format!("`{key}` follows a comment; remove it by hand"))?;
                vec![
                    Splice {
                        at: prev_end..prev_end + 1,
                        text: String::new(),
                    },
                    Splice {
                        at: sep..p.node.span.end,
                        text: String::new(),
                    },
                ]
            }
        };
        Ok(self.edit(
            Op::RemoveMember {
                pointer: self.s.pointer.clone(),
                key: key.into(),
            },
            self.ptr(key),
            edit::semantic(&p.node),
            Value::Null,
            splices,
        ))
    }

    /// The member `from` (a string) becomes `to` with `value`, in its place.
    fn rename(&self, from: &str, to: &str, value: &str) -> Result<Edit, String> {
        let p = self
            .entry
            .prop(from)
            .ok_or_else(|| format!("the entry has no `{from}`"))?;
        let splices = vec![
            Splice {
                at: p.key_span.clone(),
                text: edit::key_lit(self.d, to),
            },
            Splice {
                at: p.node.span.clone(),
                text: edit::string_lit(self.d, Some(self.raw(&p.node)), value),
            },
        ];
        Ok(self.edit(
            Op::RenameMember {
                pointer: self.s.pointer.clone(),
                from: from.into(),
                to: to.into(),
                value: value.into(),
            },
            self.ptr(from),
            edit::semantic(&p.node),
            Value::String(value.into()),
            splices,
        ))
    }
}

fn strings(v: &[&str]) -> Vec<Value> {
    v.iter().map(|s| Value::String(s.to_string())).collect()
}

/// The URL keys of a client, in the order it reads them (as `server::entry` does).
fn url_keys(c: ClientId) -> &'static [&'static str] {
    crate::clients::get(c).url_keys
}

fn bridge_entry(run: &CheckRun, s: &ServerSpec, doctor: &str) -> Result<Vec<Edit>, String> {
    if s.bridged {
        return Err("it already runs through mcp-doctor bridge".into());
    }
    let cx = Cx::new(run, s)?;
    let e = cx.entry;
    if let Some(url_key) = url_keys(s.client).iter().find(|k| e.get(k).is_some()) {
        let u = e
            .get(url_key)
            .and_then(Node::as_str)
            .ok_or("the URL is not a string")?;
        if e.get("command").is_some() || e.get("args").is_some() {
            return Err("the entry has both a URL and a command".into());
        }
        let mut items: Vec<String> = vec!["bridge".into(), "--name".into(), s.name.clone()];
        let ty = e.get("type").filter(|t| t.as_str().is_some());
        if let Some(t) = ty.and_then(Node::as_str) {
            items.extend(["--transport".into(), t.to_string()]);
        }
        if *url_key != "url" {
            items.extend(["--fix-url-key".into(), url_key.to_string()]);
        }
        for (k, v) in &s.headers {
            items.extend(["--header".into(), format!("{}: {}", k.value, v.value)]);
        }
        items.push(u.to_string());
        let mut out = vec![cx.rename(url_key, "command", doctor)?];
        if let Some(t) = ty {
            out.push(cx.replace("type", t, "stdio"));
        }
        out.push(cx.add_args(items.into_iter().map(Value::String).collect()));
        return Ok(out);
    }
    let c = e
        .get("command")
        .ok_or("the entry has no command (Zed's or Goose's other spellings are not bridged)")?;
    let cmd = c.as_str().ok_or("its command is not a string")?;
    let mut out = vec![cx.replace("command", c, doctor)];
    match e.get("args") {
        Some(arr) if matches!(arr.val, Val::Arr(_)) => {
            let values = strings(&["bridge", "--name", &s.name, "--", cmd]);
            let key_end = e.prop("args").map_or(arr.span.start, |p| p.key_span.end);
            let compact = !cx.text[key_end..arr.span.start].contains([' ', '\t', '\n']);
            let splice =
                edit::insert_items(cx.text, cx.d, edit::eol(cx.text), arr, &values, compact);
            let before = edit::semantic(arr);
            let mut after = values.clone();
            after.extend(before.as_array().cloned().unwrap_or_default());
            out.push(cx.edit(
                Op::Prepend {
                    pointer: cx.ptr("args"),
                    values,
                },
                cx.ptr("args"),
                before,
                Value::Array(after),
                vec![splice],
            ));
        }
        Some(_) => return Err("its args are not a list".into()),
        None => out.push(cx.add_args(strings(&[
            "bridge",
            "--name",
            &s.name,
            "--fix-added-args",
            "--",
            cmd,
        ]))),
    }
    Ok(out)
}

fn unbridge_entry(run: &CheckRun, s: &ServerSpec) -> Result<Vec<Edit>, String> {
    if !s.bridged {
        return Err("it does not run through mcp-doctor bridge".into());
    }
    let cx = Cx::new(run, s)?;
    let e = cx.entry;
    let c = e.get("command").ok_or("the entry has no command")?;
    let arr = e.get("args").ok_or("the entry has no args")?;
    let items = arr.items();
    let vals: Vec<&str> = items.iter().map(|n| n.as_str().unwrap_or("")).collect();
    let mut opts: Vec<(&str, &str)> = Vec::new();
    let mut flags: Vec<&str> = Vec::new();
    let mut i = 1;
    while i < vals.len() {
        let a = vals[i];
        if a == "--" {
            let cmd = vals.get(i + 1).ok_or("nothing follows `--`")?;
            let mut out = vec![cx.replace("command", c, cmd)];
            let count = i + 2;
            if flags.contains(&"--fix-added-args") && count == items.len() {
                out.push(cx.remove_member("args")?);
            } else {
                let at = match items.get(count) {
                    Some(next) => items[0].span.start..next.span.start,
                    None => items[0].span.start..items[count - 1].span.end,
                };
                let before = edit::semantic(arr);
                let after = Value::Array(
                    before
                        .as_array()
                        .map(|a| a[count..].to_vec())
                        .unwrap_or_default(),
                );
                out.push(cx.edit(
                    Op::RemoveFirst {
                        pointer: cx.ptr("args"),
                        count,
                    },
                    cx.ptr("args"),
                    before,
                    after,
                    vec![Splice {
                        at,
                        text: String::new(),
                    }],
                ));
            }
            return Ok(out);
        }
        if a.starts_with("http://") || a.starts_with("https://") {
            let key = opts
                .iter()
                .find(|(k, _)| *k == "--fix-url-key")
                .map_or("url", |(_, v)| *v);
            let mut out = vec![cx.rename("command", key, a)?];
            if let (Some(t), Some((_, was))) = (
                e.get("type"),
                opts.iter().find(|(k, _)| *k == "--transport"),
            ) {
                out.push(cx.replace("type", t, was));
            }
            out.push(cx.remove_member("args")?);
            return Ok(out);
        }
        if crate::server::BRIDGE_VALUE_OPTIONS.contains(&a) {
            opts.push((a, vals.get(i + 1).copied().unwrap_or("")));
            i += 2;
        } else {
            flags.push(a);
            i += 1;
        }
    }
    Err("its bridge arguments name neither a command nor a URL".into())
}
