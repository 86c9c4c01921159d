//! The human rendering of a (redacted) report: grouped client → server, `✓ ! ✗` marks, the fix
//! right under each problem, details with `-v`, and a closing summary naming the likeliest cause.
use crate::finding::ClientId;
use crate::finding::Severity;
use crate::machine::Machine;
use crate::report::event::LogEvent;
use crate::report::probe::{ProbeResult, ProbeStatus};
use crate::report::{ConfigOut, EvidenceOut, FindingOut, Report, ServerOut};
use owo_colors::{OwoColorize, Style};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

#[derive(Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    fn paint(self, s: &str, style: Style) -> String {
        if self.on {
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    }
    pub fn red(self, s: &str) -> String {
        self.paint(s, Style::new().red().bold())
    }
    pub fn yellow(self, s: &str) -> String {
        self.paint(s, Style::new().yellow().bold())
    }
    pub fn green(self, s: &str) -> String {
        self.paint(s, Style::new().green())
    }
    pub fn bold(self, s: &str) -> String {
        self.paint(s, Style::new().bold())
    }
    pub fn dim(self, s: &str) -> String {
        self.paint(s, Style::new().dimmed())
    }
    pub fn cyan(self, s: &str) -> String {
        self.paint(s, Style::new().cyan())
    }

    pub fn mark(self, severity: &str) -> String {
        match severity {
            "error" => self.red("✗"),
            "warning" => self.yellow("!"),
            "note" => self.cyan("i"),
            _ => self.green("✓"),
        }
    }
}

/// A code frame: the line, and a caret under the column.
fn frame(out: &mut String, e: &EvidenceOut, indent: &str, p: Paint) {
    let (Some(line), Some(col)) = (e.line, e.column) else {
        return;
    };
    if e.text.is_empty() {
        return;
    }
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let _ = writeln!(out, "{indent}{} {} {}", p.dim(&num), p.dim("|"), e.text);
    let caret_pad: String = e
        .text
        .chars()
        .take(col.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(
        out,
        "{indent}{pad} {} {caret_pad}{}",
        p.dim("|"),
        p.red("^")
    );
}

fn finding_block(
    out: &mut String,
    f: &FindingOut,
    indent: &str,
    m: &Machine,
    verbose: bool,
    p: Paint,
) {
    let _ = writeln!(
        out,
        "{indent}{} {} {}",
        p.mark(f.severity.as_str()),
        f.message,
        p.dim(&format!("[{}]", f.rule))
    );
    let sub = format!("{indent}  ");
    if let Some(e) = f.evidence.first() {
        let always_frame = matches!(
            f.rule.as_str(),
            "json-syntax" | "json-not-strict" | "top-key-misspelt"
        );
        if verbose || always_frame {
            if let (Some(path), Some(line)) = (&e.path, e.line) {
                let _ = writeln!(
                    out,
                    "{sub}{}",
                    p.dim(&format!(
                        "--> {}:{line}:{}",
                        m.abbreviate(path),
                        e.column.unwrap_or(1)
                    ))
                );
            }
            frame(out, e, &sub, p);
        }
        if verbose {
            for e in f.evidence.iter().skip(usize::from(e.line.is_some())) {
                let loc = match (&e.path, e.line) {
                    (Some(path), Some(l)) => format!("{}:{l}: ", m.abbreviate(path)),
                    (Some(path), None) => format!("{}: ", m.abbreviate(path)),
                    _ => String::new(),
                };
                if !e.text.is_empty() {
                    let _ = writeln!(out, "{sub}{}", p.dim(&format!("{loc}{}", e.text)));
                }
            }
        }
    }
    if !f.fix.summary.is_empty() {
        let auto = f
            .fix
            .automatic
            .as_deref()
            .map(|a| format!("  ({a})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{sub}{} {}{}",
            p.bold("fix:"),
            f.fix.summary,
            p.dim(&auto)
        );
        if verbose {
            for c in &f.fix.commands {
                let _ = writeln!(out, "{sub}  {} {c}", p.dim("$"));
            }
        }
    }
}

/// The interpreters the servers run on (all found ones with `-v`): version, path, who uses them.
fn environment(out: &mut String, r: &Report, m: &Machine, verbose: bool, p: Paint) {
    let shown: Vec<_> = r
        .host
        .runtimes
        .iter()
        .filter(|rt| {
            verbose || !rt.used_by.is_empty() || rt.sources.iter().any(|s| s == "your shell's PATH")
        })
        .collect();
    if shown.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", p.bold("Environment"));
    let w = shown
        .iter()
        .map(|rt| m.abbreviate(&rt.path).chars().count())
        .max()
        .unwrap_or(0);
    for rt in shown {
        let version = match (&rt.version, &rt.error) {
            (Some(v), _) => format!("v{}", v.trim_start_matches('v')),
            (None, Some(e)) => format!("version unknown ({e})"),
            (None, None) => "version unknown".into(),
        };
        // One short line each; -v names every server and every place it was found.
        let mut who = Vec::new();
        let (servers_shown, sources_shown) = if verbose {
            (usize::MAX, usize::MAX)
        } else {
            (3, 2)
        };
        let list = |items: &[String], n: usize| {
            let mut l = items.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
            if items.len() > n {
                l.push_str(&format!(" and {} more", items.len() - n));
            }
            l
        };
        if !rt.used_by.is_empty() {
            who.push(format!("runs {}", list(&rt.used_by, servers_shown)));
        }
        if !rt.sources.is_empty() {
            who.push(list(&rt.sources, sources_shown));
        }
        let _ = writeln!(
            out,
            "  {:6} {:10} {:w$}  {}",
            rt.name,
            version,
            m.abbreviate(&rt.path),
            p.dim(&who.join("; "))
        );
    }
}

pub fn human(r: &Report, m: &Machine, verbose: bool, p: Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {} · home {}",
        p.bold("mcp-doctor"),
        r.tool.version,
        r.host.os,
        r.host.home
    );
    environment(&mut out, r, m, verbose, p);
    let servers = r.servers.as_deref().unwrap_or(&[]);
    // `probe` reports no configs: its servers are shown under the files that define them.
    let probe_only = r.configs.is_none();
    let of_servers: Vec<ConfigOut>;
    let configs = match r.configs.as_deref() {
        Some(c) => c,
        None => {
            let mut v: Vec<ConfigOut> = Vec::new();
            for s in servers {
                if !v.iter().any(|c| c.path == s.config && c.client == s.client) {
                    v.push(ConfigOut {
                        client: s.client,
                        scope: s.scope,
                        path: s.config.clone(),
                        status: crate::config::Status::Ok,
                        error: None,
                        servers: vec![],
                        project: None,
                        ignored: None,
                        note: None,
                    });
                }
            }
            of_servers = v;
            &of_servers
        }
    };
    let found: Vec<_> = configs
        .iter()
        .filter(|c| c.status != crate::config::Status::Missing)
        .collect();
    // Each server's findings, in the report's order, looked up by client and name (not a scan
    // of every finding for every server: a file of 100 000 servers stays linear).
    let mut by_server: HashMap<(&str, &str), Vec<&FindingOut>> = HashMap::new();
    for f in &r.findings {
        if let (Some(c), Some(n)) = (f.client.map(ClientId::as_str), f.server.as_deref()) {
            by_server.entry((c, n)).or_default().push(f);
        }
    }
    let mut by_config: HashMap<(&str, &str), Vec<&ServerOut>> = HashMap::new();
    for s in servers {
        by_config
            .entry((s.config.as_str(), s.client.as_str()))
            .or_default()
            .push(s);
    }
    for c in &found {
        let scope = if c.scope == crate::clients::Scope::User {
            String::new()
        } else {
            format!(" ({})", c.scope)
        };
        let _ = writeln!(
            out,
            "\n{}{}  {}",
            p.bold(c.client.title()),
            scope,
            p.dim(&m.abbreviate(&c.path))
        );
        if let Some(why) = &c.ignored {
            let _ = writeln!(
                out,
                "  {} {}",
                p.yellow("!"),
                p.dim(&format!("never read: {why}"))
            );
        }
        if let Some(n) = c
            .note
            .as_ref()
            .filter(|_| c.status == crate::config::Status::Ok)
        {
            let _ = writeln!(out, "  {}", p.dim(n));
        }
        for f in r.findings.iter().filter(|f| {
            f.server.is_none()
                && f.client.map(ClientId::as_str) == Some(c.client.as_str())
                && f.evidence.first().and_then(|e| e.path.as_ref()) == Some(&c.path)
        }) {
            finding_block(&mut out, f, "  ", m, verbose, p);
        }
        let mine: &[&ServerOut] = by_config
            .get(&(c.path.as_str(), c.client.as_str()))
            .map_or(&[], Vec::as_slice);
        if mine.is_empty() && c.status == crate::config::Status::Ok && c.note.is_none() {
            let _ = writeln!(out, "  {}", p.dim("no MCP servers in this file"));
        }
        let width = mine
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(0);
        for s in mine {
            let what = match (&s.command, &s.url) {
                (_, Some(u)) => format!("{u} ({})", s.transport),
                (Some(cmd), None) => std::iter::once(cmd.as_str())
                    .chain(s.args.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            let what: String = if what.chars().count() > 100 {
                what.chars().take(99).collect::<String>() + "…"
            } else {
                what
            };
            let mut tags = Vec::new();
            if s.disabled {
                tags.push("disabled".to_string());
            }
            if s.bridged {
                tags.push("through mcp-doctor bridge".to_string());
            }
            if let Some(i) = s.ignored.as_ref().filter(|_| c.ignored.is_none()) {
                tags.push(format!("not used: {i}"));
            }
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", tags.join("; "))
            };
            let name = format!("{:width$}", s.name);
            let _ = writeln!(
                out,
                "  {} {}  {}{}",
                p.mark(s.status.as_str()),
                p.bold(&name),
                p.dim(&what),
                p.dim(&tags)
            );
            if let Some(pr) = &s.probe {
                let ms = pr.duration_ms;
                let detail = match pr.status {
                    ProbeStatus::Ok => format!(
                        "{} tools, initialize in {} ms",
                        pr.tools.unwrap_or(0),
                        pr.initialize_ms.unwrap_or(0)
                    ),
                    ProbeStatus::Skipped => pr.skipped_reason.clone().unwrap_or_default(),
                    ProbeStatus::Failed | ProbeStatus::Timeout => {
                        pr.error.clone().unwrap_or_default()
                    }
                };
                let mark = match pr.status {
                    ProbeStatus::Ok => p.green("✓"),
                    ProbeStatus::Skipped => p.dim("-"),
                    ProbeStatus::Failed | ProbeStatus::Timeout => p.red("✗"),
                };
                let _ = writeln!(
                    out,
                    "      {mark} {} {} in {ms} ms: {detail}",
                    p.dim("probe"),
                    pr.status.as_str()
                );
                if matches!(pr.status, ProbeStatus::Failed | ProbeStatus::Timeout) {
                    // The server's own last words: a traceback's last line names its error.
                    for l in last_error_lines(pr, if verbose { 20 } else { 3 }) {
                        let _ = writeln!(out, "        {}", p.dim(&format!("stderr │ {l}")));
                    }
                }
            }
            let theirs = by_server
                .get(&(s.client.as_str(), s.name.as_str()))
                .map_or(&[][..], Vec::as_slice);
            for f in theirs.iter().copied().filter(|f| {
                f.evidence
                    .first()
                    .and_then(|e| e.path.as_ref())
                    .is_none_or(|path| path == &c.path)
            }) {
                finding_block(&mut out, f, "      ", m, verbose, p);
            }
        }
    }
    // Findings not tied to a config shown above (logs, probes, runtimes).
    let configured: HashSet<(&str, &str)> = servers
        .iter()
        .map(|s| (s.client.as_str(), s.name.as_str()))
        .collect();
    let shown = |f: &FindingOut| match f.evidence.first().and_then(|e| e.path.as_ref()) {
        Some(path) => found.iter().any(|c| &c.path == path),
        None => match (f.client.map(ClientId::as_str), f.server.as_deref()) {
            (Some(c), Some(n)) => configured.contains(&(c, n)),
            _ => false,
        },
    };
    let others: Vec<_> = r.findings.iter().filter(|f| !shown(f)).collect();
    if !others.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Other findings"));
        for f in others {
            let who = match (&f.server, &f.client) {
                (Some(s), Some(c)) => format!("{s} ({}): ", c.title()),
                (None, Some(c)) => format!("{}: ", c.title()),
                _ => String::new(),
            };
            let mut f2 = f.clone();
            f2.message = format!("{who}{}", f.message);
            finding_block(&mut out, &f2, "  ", m, verbose, p);
        }
    }
    if let Some(pl) = r
        .platform
        .as_ref()
        .filter(|pl| verbose || !pl.unchecked.is_empty())
    {
        let _ = writeln!(out, "\n{}", p.bold("Platform checks"));
        if verbose {
            let _ = writeln!(
                out,
                "  {} {}",
                p.dim(&format!("({})", pl.source)),
                pl.checked.join(", ")
            );
        }
        for u in &pl.unchecked {
            let _ = writeln!(out, "  {} {}", p.dim("-"), p.dim(u));
        }
    }
    if (verbose || found.is_empty()) && !probe_only {
        let _ = writeln!(out, "\n{}", p.bold("Where mcp-doctor looked"));
        // Project files not found in the current folder and each parent: one line, not one per
        // file and folder (they are a dozen names times every folder up to /).
        // A place with nothing in it (not one that could not be read, or is noted otherwise).
        let not_found = |c: &ConfigOut| {
            c.status == crate::config::Status::Missing
                && c.note.as_deref().is_none_or(|n| n == "not found")
        };
        let unfound_project =
            |c: &&ConfigOut| c.scope == crate::clients::Scope::Project && not_found(c);
        let mut folders: Vec<String> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        // Whether a line stands for more places than it names (then -v is worth a hint).
        let mut folded_any = false;
        // The working folder and its parents, deepest first, as the paths spell them: a project
        // file is a name in one of them (`.cursor/mcp.json`, opencode's `opencode.json`).
        let project_folders: Vec<String> = crate::machine::ancestors(&m.cwd)
            .map(|d| m.spell(d))
            .collect();
        for c in configs.iter().filter(unfound_project) {
            let in_folder = project_folders.iter().find_map(|f| {
                let rest = c.path.strip_prefix(f.as_str())?;
                let rest = if f.ends_with(['/', '\\']) {
                    rest
                } else {
                    rest.strip_prefix(['/', '\\'])?
                };
                Some((m.abbreviate(f), rest.to_string()))
            });
            // Elsewhere (not expected): cut before the first dotted part, as before.
            let (folder, name) = in_folder.unwrap_or_else(|| {
                let path = m.abbreviate(&c.path);
                match path.find("/.").or_else(|| path.find("\\.")) {
                    Some(i) => (path[..i].to_string(), path[i + 1..].to_string()),
                    None => (String::new(), path),
                }
            });
            let folder = if folder.is_empty() {
                "/"
            } else {
                folder.as_str()
            };
            if !folders.iter().any(|f| f == folder) {
                folders.push(folder.to_string());
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if !names.is_empty() {
            // Without -v, the first name and folder stand for the rest (the folders are the
            // working folder and its parents, in that order).
            let (names, folders) = if verbose || names.len() + folders.len() <= 3 {
                (names.join(", "), folders.join(", "))
            } else {
                folded_any = true;
                let and_more = |n: usize, what: &str| match n {
                    0 => String::new(),
                    1 => format!(" and 1 {what}"),
                    n => format!(" and {n} {what}s"),
                };
                (
                    format!("{}{}", names[0], and_more(names.len() - 1, "other name")),
                    format!(
                        "{}{}",
                        folders[0],
                        and_more(folders.len() - 1, "parent folder")
                    ),
                )
            };
            let _ = writeln!(
                out,
                "  {:14} {:9} {} in {}  {}",
                "(any)",
                "project",
                names,
                folders,
                p.dim("not found")
            );
        }
        // Without -v, a client's places where nothing was found are one line (its first place
        // and how many more): on a machine with no client that is a dozen lines, not fifty.
        let unfound = |c: &&ConfigOut| !verbose && not_found(c);
        let mut folded: Vec<(&ConfigOut, usize)> = Vec::new();
        for c in configs.iter().filter(|c| !unfound_project(c) && unfound(c)) {
            match folded.iter_mut().find(|(f, _)| f.client == c.client) {
                Some((_, n)) => {
                    *n += 1;
                    folded_any = true;
                }
                None => folded.push((c, 0)),
            }
        }
        for c in configs.iter().filter(|c| !unfound_project(c)) {
            let state = match (c.status.as_str(), &c.note) {
                ("missing", Some(n)) => n.clone(),
                ("missing", None) => "not found".into(),
                (s, _) => s.to_string(),
            };
            let path = m.abbreviate(&c.path);
            let path = if unfound(&c) {
                match folded.iter().find(|(f, _)| std::ptr::eq(*f, c)) {
                    Some((_, 0)) => path,
                    Some((_, n)) => format!("{path} and {n} more"),
                    // Folded into its client's first line.
                    None => continue,
                }
            } else {
                path
            };
            let _ = writeln!(
                out,
                "  {:14} {:9} {}  {}",
                c.client,
                c.scope,
                path,
                p.dim(&state)
            );
        }
        if folded_any {
            let _ = writeln!(
                out,
                "  {}",
                p.dim("(-v lists every place a client's config may be)")
            );
        }
    }
    causes_block(&mut out, r, p, 0.05);
    let count = |sev: &str| {
        r.findings
            .iter()
            .filter(|f| f.severity.as_str() == sev)
            .count()
    };
    let st = |x: &str| servers.iter().filter(|s| s.status.as_str() == x).count();
    if probe_only {
        let probe = |x: ProbeStatus| {
            servers
                .iter()
                .filter(|s| s.probe.as_ref().is_some_and(|p| p.status == x))
                .count()
        };
        let _ = writeln!(
            out,
            "\n{} server(s) probed: {} ok, {} failed, {} timed out, {} skipped · {} error(s), {} warning(s), {} note(s)",
            servers.len(),
            probe(ProbeStatus::Ok),
            probe(ProbeStatus::Failed),
            probe(ProbeStatus::Timeout),
            probe(ProbeStatus::Skipped),
            count("error"),
            count("warning"),
            count("note")
        );
        if !most_likely(&mut out, r, p) && servers.is_empty() {
            let _ = writeln!(out, "No server to probe.");
        }
        return out;
    }
    if !found.is_empty() && count("error") + count("warning") == 0 {
        // Healthy: one line says so (notes, if any, are above and are not problems).
        let notes = match count("note") {
            0 => String::new(),
            1 => " (1 note above)".into(),
            n => format!(" ({n} notes above)"),
        };
        let _ = writeln!(
            out,
            "\n{} No problem found: {} server(s) in {} config file(s){notes}.",
            p.mark("ok"),
            servers.len(),
            found.len()
        );
        return out;
    }
    let none_found = || {
        format!("No MCP client config was found (looked in {} places). A client that is not installed is not a problem.", configs.len())
    };
    if found.is_empty() && r.findings.is_empty() {
        // Nothing found and nothing to say: an all-zero count line would add nothing.
        let _ = writeln!(out, "\n{}", none_found());
        return out;
    }
    let _ = writeln!(
        out,
        "\n{} config file(s), {} server(s): {} ok, {} with warnings, {} with errors · {} error(s), {} warning(s), {} note(s)",
        found.len(),
        servers.len(),
        st("ok"),
        st("warning"),
        st("error"),
        count("error"),
        count("warning"),
        count("note")
    );
    if found.is_empty() {
        let _ = writeln!(out, "{}", none_found());
    } else if !most_likely(&mut out, r, p) {
        let _ = writeln!(out, "{}", p.green("No problem found in the configs."));
    }
    out
}

/// The human rendering of `mcp-doctor logs`: events grouped per server, oldest first, each with the
/// rule that classified it; then the ranked causes.
pub fn logs(
    r: &Report,
    m: &Machine,
    verbose: bool,
    p: Paint,
    looked: &[(String, String)],
    errors: &[String],
) -> String {
    let mut out = String::new();
    let events = r.events.as_deref().unwrap_or(&[]);
    let mut groups: Vec<(Option<ClientId>, &str, Vec<&LogEvent>)> = Vec::new();
    for e in events {
        let client = e.client;
        let server = e.server.as_deref().unwrap_or("(no server)");
        match groups
            .iter_mut()
            .find(|(c, s, _)| *c == client && *s == server)
        {
            Some(g) => g.2.push(e),
            None => groups.push((client, server, vec![e])),
        }
    }
    for (client, server, evs) in &groups {
        let who = match client {
            None => String::new(),
            Some(c) => format!(" ({})", c.title()),
        };
        let _ = writeln!(
            out,
            "\n{}{}  {}",
            p.bold(server),
            who,
            p.dim(&format!("{} event(s)", evs.len()))
        );
        let shown = if verbose { evs.len() } else { 12 };
        let skip = evs.len().saturating_sub(shown);
        if skip > 0 {
            let _ = writeln!(
                out,
                "  {}",
                p.dim(&format!("… {skip} earlier event(s); -v shows all"))
            );
        }
        for e in evs.iter().skip(skip) {
            // The mark is what the line means, not the level the client logged it at: a server's
            // banner on stderr is logged as an error, a lost connection as info. A classified
            // line takes its rule's severity; an unclassified one is neutral.
            let mark = match e.rule.map(|r| r.rule().severity) {
                Some(sev @ (Severity::Error | Severity::Warning)) => p.mark(sev.as_str()),
                Some(Severity::Note) => p.mark("note"),
                None => p.dim("·"),
            };
            let rule = e.rule.map(|r| format!(" [{r}]")).unwrap_or_default();
            let time = e.time.as_deref().unwrap_or("");
            let raw = e.text.as_str();
            // The line's own timestamp is the one shown before it: not twice.
            let raw = match raw.strip_prefix(time) {
                Some(rest) if !time.is_empty() => rest.trim_start(),
                _ => raw,
            };
            let text: String = raw.chars().take(200).collect();
            let when = if time.is_empty() {
                String::new()
            } else {
                format!("{} ", p.dim(time))
            };
            let _ = writeln!(out, "  {mark} {when}{text}{}", p.dim(&rule));
        }
    }
    // Error lines no rule knew are no events: show them, since the weak guess's fix says to
    // read them.
    let unknown: Vec<&crate::report::FindingOut> = r
        .findings
        .iter()
        .filter(|f| f.rule == crate::rules::RuleId::LogUnclassifiedError)
        .collect();
    if !unknown.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Error lines no rule knows"));
        for f in unknown {
            let who = f
                .server
                .as_deref()
                .map(|s| format!("{s}: "))
                .unwrap_or_default();
            let shown = if verbose { f.evidence.len() } else { 5 };
            for e in f.evidence.iter().rev().take(shown).rev() {
                let text: String = e.text.chars().take(200).collect();
                let _ = writeln!(out, "  {} {who}{text}", p.mark(f.severity.as_str()));
            }
        }
    }
    if verbose && !looked.is_empty() {
        {
            let _ = writeln!(out, "\n{}", p.bold("Where mcp-doctor looked"));
            for (path, state) in looked {
                let _ = writeln!(out, "  {}  {}", m.abbreviate(path), p.dim(state));
            }
        }
    }
    for e in errors {
        let _ = writeln!(out, "{} {}", p.yellow("!"), e);
    }
    causes_block(&mut out, r, p, 0.0);
    let _ = writeln!(
        out,
        "\n{} event(s) from {} server(s); {} finding(s)",
        events.len(),
        groups.len(),
        r.findings.len()
    );
    out
}

/// The closing "Most likely:" line, when the best cause is worth naming; whether it was written.
fn most_likely(out: &mut String, r: &Report, p: Paint) -> bool {
    let Some(top) = r.causes.first().filter(|c| c.score >= 0.05) else {
        return false;
    };
    let who = top
        .server
        .as_deref()
        .map(|s| format!(" for {s}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Most likely: {}{who} — {}",
        p.bold(top.cause.as_str()),
        top.fix.summary
    );
    true
}

/// The last `n` non-blank lines a failed server wrote to stderr (a traceback's last line is its
/// exception), cut to one terminal line each.
fn last_error_lines(probe: &ProbeResult, n: usize) -> Vec<String> {
    let kept: Vec<&str> = probe
        .stderr_tail
        .iter()
        .flatten()
        .map(|l| l.trim_end())
        .filter(|l| !l.trim().is_empty())
        .collect();
    kept[kept.len().saturating_sub(n)..]
        .iter()
        .map(|l| {
            let t: String = l.chars().take(160).collect();
            if t.len() < l.len() {
                format!("{t}…")
            } else {
                t
            }
        })
        .collect()
}

/// The ranked causes (the five best above `min_score`), each with its fix.
fn causes_block(out: &mut String, r: &Report, p: Paint, min_score: f64) {
    let shown: Vec<_> = r
        .causes
        .iter()
        .filter(|c| c.score >= min_score)
        .take(5)
        .collect();
    if shown.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", p.bold("Most likely causes"));
    for c in shown {
        let who = match (&c.server, &c.client) {
            (Some(s), Some(cl)) => format!("{s} ({})", cl.title()),
            (Some(s), None) => s.clone(),
            (None, Some(cl)) => cl.title().to_string(),
            _ => "—".into(),
        };
        let _ = writeln!(
            out,
            "  {}. {}  {}  {}",
            c.rank,
            p.bold(c.cause.as_str()),
            who,
            p.dim(&format!("score {:.2}", c.score))
        );
        if !c.fix.summary.is_empty() {
            let _ = writeln!(out, "     {}", c.fix.summary);
        }
        if let Some(cmd) = c.fix.automatic.as_ref().or(c.fix.commands.first()) {
            let _ = writeln!(out, "     {} {cmd}", p.dim("$"));
        }
    }
}
