//! `--format markdown`: the (already redacted) report as GitHub-flavoured Markdown, to paste
//! into an issue or a ticket. The answer comes first (one line, then the likely causes); the
//! details (findings, servers, environment, log events, stderr) are collapsed in `<details>`.
//!
//! Every value from the machine (names, commands, paths, log lines) is either in a code span or
//! code block whose fence is longer than any run of backticks in it, or escaped as text, so a
//! hostile value cannot close the block, inject HTML or a link, or break a table. `@name` in text
//! is broken with an empty HTML comment so pasting the report pings nobody. Config paths under
//! the home folder are written `~/…`.
use crate::finding::ClientId;
use crate::machine::Machine;
use crate::report::probe::ProbeStatus;
use crate::report::{FindingOut, Report, ServerOut};
use std::fmt::Write as _;

/// What the report is of, for the heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Check,
    Probe,
    Logs,
    Fix,
}

impl Kind {
    fn command(self) -> &'static str {
        match self {
            Kind::Check => "check",
            Kind::Probe => "probe",
            Kind::Logs => "logs",
            Kind::Fix => "fix",
        }
    }
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// One line: control characters and newlines become spaces (a value never spans lines).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An inline code span that shows `s` literally whatever backticks it holds (CommonMark: the
/// fence is one backtick longer than the longest run inside; a space pads a value that starts or
/// ends with a backtick). In a table cell, `|` is escaped as GFM requires even inside code.
pub fn code(s: &str, in_table: bool) -> String {
    let s = one_line(s);
    if s.is_empty() {
        return "` `".into();
    }
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.starts_with(' ') && s.ends_with(' ') {
        " "
    } else {
        ""
    };
    let body = if in_table { s.replace('|', "\\|") } else { s };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A fenced code block that `s` cannot close: the fence is longer than any backtick run in it.
pub fn block(s: &str) -> String {
    let fence = "`".repeat(longest_run(s, '`').max(2) + 1);
    let body: String = s
        .lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!("{fence}text\n{body}\n{fence}\n")
}

/// Plain text with the characters Markdown or HTML could act on in a line escaped (CommonMark
/// lets any ASCII punctuation be escaped with a backslash), and `@` mentions broken.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in one_line(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@<!-- -->"),
            _ => out.push(c),
        }
    }
    out
}

pub fn client_title(c: Option<&str>) -> String {
    c.and_then(crate::finding::ClientId::parse)
        .map(|c| c.title().to_string())
        .unwrap_or_default()
}

pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn mark(severity: &str) -> &'static str {
    match severity {
        "error" => "❌",
        "warning" => "⚠️",
        "note" => "ℹ️",
        _ => "✅",
    }
}

fn details_open(out: &mut String, summary: &str) {
    let _ = write!(out, "\n<details>\n<summary>{summary}</summary>\n\n");
}

fn details_close(out: &mut String) {
    out.push_str("\n</details>\n");
}

/// The report as Markdown.
pub fn render(r: &Report, m: &Machine, kind: Kind) -> String {
    let mut out = String::new();
    let count = |sev: &str| {
        r.findings
            .iter()
            .filter(|f| f.severity.as_str() == sev)
            .count()
    };
    let (e, w, n) = (count("error"), count("warning"), count("note"));
    let verdict = if e + w + n == 0 {
        "no problem found".to_string()
    } else {
        format!(
            "{}, {}, {}",
            plural(e, "error"),
            plural(w, "warning"),
            plural(n, "note")
        )
    };
    let _ = writeln!(out, "### mcp-doctor {}: {verdict}\n", kind.command());
    let servers = r.servers.as_deref().unwrap_or(&[]);
    let configs: Vec<_> = r
        .configs
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .filter(|c| c.status != crate::config::Status::Missing)
        .collect();
    let mut facts = vec![format!(
        "mcp-doctor {} on {} {}",
        r.tool.version, r.host.os, r.host.arch
    )];
    if r.configs.is_some() {
        facts.push(plural(configs.len(), "config file"));
    }
    if r.servers.is_some() {
        facts.push(plural(servers.len(), "server"));
    }
    if let Some(ev) = &r.events {
        facts.push(plural(ev.len(), "log event"));
    }
    // The tool's own words and the host's os/arch: nothing to escape.
    let _ = writeln!(out, "{}\n", facts.join(" · "));

    // The answer: the likely causes (notes are never causes), each with its fix.
    if let Some(top) = r.causes.first() {
        let who = match (top.server.as_deref(), top.client.map(ClientId::as_str)) {
            (Some(s), c) => format!(
                " for {}{}",
                code(s, false),
                c.map(|c| format!(" ({})", text(&client_title(Some(c)))))
                    .unwrap_or_default()
            ),
            (None, Some(c)) => format!(" in {}", text(&client_title(Some(c)))),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "**Most likely:** {}{who}: {}\n",
            code(top.cause.as_str(), false),
            text(&top.fix.summary)
        );
        out.push_str("| # | likely cause | server | client | fix |\n|---|---|---|---|---|\n");
        for c in r.causes.iter().take(5) {
            let mut fix = text(&c.fix.summary);
            if let Some(cmd) = c.fix.automatic.as_ref().or(c.fix.commands.first()) {
                let _ = write!(fix, "<br>{}", code(&cmd.to_string(), true));
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {fix} |",
                c.rank,
                code(c.cause.as_str(), true),
                c.server
                    .as_deref()
                    .map(|s| code(s, true))
                    .unwrap_or_default(),
                text(&client_title(c.client.map(ClientId::as_str))),
            );
        }
    } else if e + w == 0 && kind != Kind::Fix {
        let what = match kind {
            Kind::Logs => "No log event points to a problem.",
            Kind::Probe => "Every probed server answered.",
            _ => "No problem found in the configs.",
        };
        let _ = writeln!(out, "{what}");
    }

    if let Some(changes) = r.changes.as_ref().filter(|c| !c.is_empty()) {
        let _ = writeln!(
            out,
            "\n| file | server | value | before | after | applied |\n|---|---|---|---|---|---|"
        );
        for c in changes {
            let applied = if c.applied {
                "yes".to_string()
            } else {
                text(c.reason.as_deref().unwrap_or(""))
            };
            // A value that is not a string (added, a list, an object) shows as empty.
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {applied} |",
                code(&c.file, true),
                code(&c.server, true),
                code(&c.pointer, true),
                code(c.before.as_str().unwrap_or(""), true),
                code(c.after.as_str().unwrap_or(""), true),
            );
        }
    }

    if !r.findings.is_empty() {
        details_open(&mut out, &format!("Findings ({})", r.findings.len()));
        out.push_str("| | client | server | finding | rule |\n|---|---|---|---|---|\n");
        for f in &r.findings {
            finding_row(&mut out, f, m);
        }
        let fixes: Vec<&FindingOut> = r
            .findings
            .iter()
            .filter(|f| !f.fix.commands.is_empty())
            .collect();
        if !fixes.is_empty() {
            out.push_str("\nCommands that fix them by hand:\n\n");
            let mut cmds: Vec<&str> = Vec::new();
            let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
            for f in fixes {
                for c in &f.fix.commands {
                    if seen.insert(c) {
                        cmds.push(c);
                    }
                }
            }
            out.push_str(&block(&cmds.join("\n")));
        }
        details_close(&mut out);
    }

    if !servers.is_empty() {
        let probed = servers.iter().any(|s| s.probe.is_some());
        let summary = if r.configs.is_some() {
            format!(
                "Servers ({} in {})",
                servers.len(),
                plural(configs.len(), "config file")
            )
        } else {
            format!("Servers ({})", servers.len())
        };
        details_open(&mut out, &summary);
        out.push_str("| | client | server | scope | runs | config |");
        out.push_str(if probed { " probe |\n" } else { "\n" });
        out.push_str("|---|---|---|---|---|---|");
        out.push_str(if probed { "---|\n" } else { "\n" });
        for s in servers {
            server_row(&mut out, s, m, probed);
        }
        for s in servers {
            let Some(p) = &s.probe else { continue };
            let tail: &[String] = p.stderr_tail.as_deref().unwrap_or_default();
            if tail.is_empty() || p.status == ProbeStatus::Ok {
                continue;
            }
            let _ = writeln!(
                out,
                "\nLast lines {} ({}) wrote to stderr:\n",
                code(&s.name, false),
                text(&client_title(Some(s.client.as_str())))
            );
            out.push_str(&block(&tail[tail.len().saturating_sub(20)..].join("\n")));
        }
        details_close(&mut out);
    }

    if let Some(events) = r.events.as_ref().filter(|e| !e.is_empty()) {
        const SHOWN: usize = 50;
        details_open(&mut out, &format!("Log events ({})", events.len()));
        if events.len() > SHOWN {
            let _ = writeln!(
                out,
                "The last {SHOWN} of {} (the JSON report has all):\n",
                events.len()
            );
        }
        out.push_str("| time | client | server | line | rule |\n|---|---|---|---|---|\n");
        for e in &events[events.len().saturating_sub(SHOWN)..] {
            let line: String = e.text.chars().take(300).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                text(e.time.as_deref().unwrap_or("")),
                text(&client_title(e.client.map(ClientId::as_str))),
                e.server
                    .as_deref()
                    .map(|x| code(x, true))
                    .unwrap_or_default(),
                code(&line, true),
                e.rule.map(|x| code(x.as_str(), true)).unwrap_or_default(),
            );
        }
        details_close(&mut out);
    }

    let runtimes: Vec<_> = r
        .host
        .runtimes
        .iter()
        .filter(|rt| !rt.used_by.is_empty())
        .collect();
    if !runtimes.is_empty() || r.platform.as_ref().is_some_and(|p| !p.unchecked.is_empty()) {
        details_open(&mut out, "Environment");
        for rt in runtimes {
            let _ = writeln!(
                out,
                "- {} {} at {}: runs {}",
                text(&rt.name),
                code(rt.version.as_deref().unwrap_or("version unknown"), false),
                code(&m.abbreviate(&rt.path), false),
                rt.used_by
                    .iter()
                    .map(|u| code(u, false))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if let Some(p) = &r.platform {
            for u in &p.unchecked {
                let _ = writeln!(out, "- not checked: {}", text(u));
            }
        }
        details_close(&mut out);
    }
    let _ = writeln!(
        out,
        "\n<sub>{} · secrets redacted</sub>",
        text(&format!(
            "mcp-doctor {} {} at {}",
            r.tool.version,
            kind.command(),
            r.generated_at
        ))
    );
    out
}

fn finding_row(out: &mut String, f: &FindingOut, m: &Machine) {
    let mut msg = text(&f.message);
    if !f.fix.summary.is_empty() {
        let _ = write!(msg, "<br>**fix:** {}", text(&f.fix.summary));
        if let Some(a) = &f.fix.automatic {
            let _ = write!(msg, " ({})", code(a, true));
        }
    }
    if let Some(e) = f.evidence.first() {
        if let Some(p) = &e.path {
            let loc = match e.line {
                Some(l) => format!("{}:{l}", m.abbreviate(p)),
                None => m.abbreviate(p),
            };
            let _ = write!(msg, "<br>{}", code(&loc, true));
        }
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {msg} | {} |",
        mark(f.severity.as_str()),
        text(&client_title(f.client.map(ClientId::as_str))),
        f.server
            .as_deref()
            .map(|s| code(s, true))
            .unwrap_or_default(),
        code(f.rule.as_str(), true)
    );
}

fn server_row(out: &mut String, s: &ServerOut, m: &Machine, probed: bool) {
    let runs = match (&s.url, &s.command) {
        (Some(u), _) => format!("{u} ({})", s.transport),
        (None, Some(c)) => std::iter::once(c.as_str())
            .chain(s.args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    let runs: String = runs.chars().take(200).collect();
    let mut tags = Vec::new();
    if s.disabled {
        tags.push("disabled".to_string());
    }
    if let Some(i) = &s.ignored {
        tags.push(format!("not used: {i}"));
    }
    let scope = if tags.is_empty() {
        text(s.scope.as_str())
    } else {
        format!("{} ({})", text(s.scope.as_str()), text(&tags.join("; ")))
    };
    let _ = write!(
        out,
        "| {} | {} | {} | {scope} | {} | {} |",
        mark(s.status.as_str()),
        text(&client_title(Some(s.client.as_str()))),
        code(&s.name, true),
        code(&runs, true),
        code(&m.abbreviate(&s.config), true),
    );
    if probed {
        let cell = match &s.probe {
            None => String::new(),
            Some(p) => {
                let detail = match p.status {
                    ProbeStatus::Ok => format!("{} tools", p.tools.unwrap_or(0)),
                    ProbeStatus::Skipped => p.skipped_reason.clone().unwrap_or_default(),
                    ProbeStatus::Failed | ProbeStatus::Timeout => {
                        p.error.clone().unwrap_or_default()
                    }
                };
                text(&format!(
                    "{} in {} ms: {detail}",
                    p.status.as_str(),
                    p.duration_ms
                ))
            }
        };
        let _ = write!(out, " {cell} |");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(code("``x", false), "``` ``x ```");
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(code("", false), "` `");
        assert_eq!(code("a\nb", false), "`a b`");
    }

    #[test]
    fn blocks_cannot_be_closed_from_inside() {
        let b = block("x\n````\ny");
        assert!(b.starts_with("`````text\n"), "{b}");
        assert!(b.ends_with("\n`````\n"), "{b}");
        assert!(block("plain").starts_with("```text\n"));
    }

    #[test]
    fn text_escapes_markup_and_mentions() {
        assert_eq!(text("<b>"), "\\<b\\>");
        assert_eq!(text("[x](y)"), "\\[x\\](y)");
        assert_eq!(text("@octocat"), "@<!-- -->octocat");
        assert_eq!(text("a&b"), "a&amp;b");
        assert_eq!(text("a\nb"), "a b");
    }
}
