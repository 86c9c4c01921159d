//! `mcp-doctor fix`: plan, show the diff, ask (or take `--yes`), write, check again.
//!
//! Exit codes: 0 or 1 as `check` would give for the configs afterwards (after a dry run or a
//! declined prompt: as they are); 2 when a file could not be written (changed meanwhile, read-only,
//! I/O error; one line each on stderr, other files are still written) and when writing was needed
//! but stdin is not a terminal and `--yes` was not given (the diff is printed, nothing is written).
use crate::app::{emit, AppError, Output};
use crate::check::CheckRun;
use crate::cli::FixArgs;
use crate::finding::FixSafety;
use crate::fix::{change_out, diff, plan, prepare, write, Edit, Selection, Status};
use crate::machine::Machine;
use crate::redact::Secrets;
use crate::render::Paint;
use crate::report::Report;
use std::io::{BufRead, IsTerminal, Write};

enum Decision {
    Nothing,
    DryRun,
    Write,
    Declined,
    NotConfirmed,
}

/// `mcp-doctor fix`, from its command-line arguments.
pub fn run(m: &Machine, a: &FixArgs, out: &Output) -> Result<(String, u8), AppError> {
    let sel = crate::scope::Selected::parse(&a.scope).map_err(AppError::Usage)?;
    fix(m, a, sel, out)
}

pub fn fix(
    m: &Machine,
    a: &FixArgs,
    scope: crate::scope::Selected,
    out: &Output,
) -> Result<(String, u8), AppError> {
    let sel = Selection {
        absolute_paths: a.absolute_paths,
        windows_npx: a.windows_npx,
        scope,
        files: a
            .config
            .iter()
            .map(|f| {
                let f = if f.is_absolute() {
                    f.clone()
                } else {
                    m.cwd.join(f)
                };
                f.canonicalize().unwrap_or(f)
            })
            .collect(),
        bridge: a.bridge.clone(),
        unbridge: a.unbridge.clone(),
    };
    let logged = crate::app::logged_paths(m);
    let (run, runtimes) = crate::app::check_with_runtimes(m, &logged);
    sel.scope
        .check_known(&run, false)
        .map_err(AppError::Usage)?;
    let mut bridge_notes = Vec::new();
    let (edits, left_alone) = if sel.bridging() {
        let doctor = crate::fix::bridge::doctor_path()
            .map_err(|e| AppError::Usage(format!("cannot find the doctor's own binary: {e}")))?;
        let (edits, notes) = crate::fix::bridge::plan(
            &run,
            &doctor.display().to_string(),
            &sel.bridge,
            &sel.unbridge,
            &sel.scope,
        )
        .map_err(AppError::Usage)?;
        bridge_notes = notes;
        (edits, Vec::new())
    } else {
        crate::fix::plan::plan_explained(m, &run, &runtimes, &sel)
    };
    let mut status: Vec<Status> = edits
        .iter()
        .map(|e| {
            if e.safety == FixSafety::Unsafe && !a.allow_unsafe {
                Status::Skipped("unsafe: applied only with --unsafe".into())
            } else {
                Status::Pending
            }
        })
        .collect();
    let files = prepare(&run, &edits, &mut status);
    let p = Paint { on: out.color };
    let mut secrets = Secrets::default();
    secrets.extend(&run.secrets);
    let diffs: String = files
        .iter()
        .map(|f| {
            let name = m.abbreviate(&run.configs[f.config].loc.spelled);
            diff::unified(&name, &f.original, &f.new, &secrets, p)
        })
        .collect();

    let decision = if files.is_empty() {
        Decision::Nothing
    } else if a.dry_run {
        Decision::DryRun
    } else if a.yes {
        Decision::Write
    } else if std::io::stdin().is_terminal() {
        // The diff first (stderr under --json, whose stdout is the report only), then the question.
        let n: usize = files.iter().map(|f| f.edits.len()).sum();
        let shown = format!("{diffs}{}", summary(&edits, &status, &secrets, p));
        if out.json {
            crate::term::eprint(&shown, out.color);
        } else {
            crate::term::print(&shown, out.color);
        }
        if ask(&format!(
            "Write {n} change(s) to {} file(s)? [y/N] ",
            files.len()
        )) {
            Decision::Write
        } else {
            Decision::Declined
        }
    } else {
        Decision::NotConfirmed
    };
    let prompted = matches!(decision, Decision::Write | Decision::Declined) && !a.yes;

    let mut notes: Vec<String> = bridge_notes;
    let mut refused = false;
    let mut wrote = false;
    if let Decision::Write = decision {
        let stamp = write::stamp(m.now);
        for f in &files {
            let cfg = &run.configs[f.config];
            let shown = m.abbreviate(&cfg.loc.spelled);
            let Some(host) = &cfg.loc.host else { continue };
            match write::write_atomic(host, f.original.as_bytes(), f.new.as_bytes(), &stamp) {
                Ok(w) => {
                    wrote = true;
                    for &k in &f.edits {
                        status[k] = Status::Applied;
                    }
                    notes.push(format!("Wrote {shown} (backup: {})", m.display(&w.backup)));
                    // A symlinked config: its target is what was written; say so when that is
                    // outside the home the doctor was pointed at.
                    let home = std::fs::canonicalize(&m.home).unwrap_or_else(|_| m.home.clone());
                    if !w.file.starts_with(&home) {
                        notes.push(format!(
                            "Note: {shown} is a link; the file written is {}, outside the home {}.",
                            w.file.display(),
                            m.home.display()
                        ));
                    }
                }
                Err(e) => {
                    refused = true;
                    let line = secrets.redact(&format!("{shown}: {e}"));
                    crate::term::eprint(
                        &format!("mcp-doctor: {}\n", line.replace(['\n', '\r'], " ")),
                        false,
                    );
                    for &k in &f.edits {
                        status[k] = Status::Skipped(e.to_string());
                    }
                    notes.push(format!("Not written: {line}"));
                }
            }
        }
    }
    let pending = match decision {
        Decision::DryRun => "dry run",
        Decision::Declined => "declined",
        Decision::NotConfirmed => "not confirmed (no --yes)",
        _ => "not written",
    };
    match decision {
        Decision::Nothing => notes.push(nothing_note(&run, &sel, &edits, &status)),
        Decision::DryRun => notes.push("Dry run: nothing written.".into()),
        Decision::Declined => notes.push("Nothing written.".into()),
        Decision::NotConfirmed => {
            notes.push("Nothing written: re-run with --yes to write these changes.".into())
        }
        Decision::Write => {}
    }
    if !left_alone.is_empty() {
        notes.push(format!("Left alone ({}):", left_alone.len()));
        for l in &left_alone {
            notes.push(format!("  - {}", secrets.redact(l)));
        }
    }

    // Check again what was written; otherwise the configs are as they were.
    let (after, after_rt) = if wrote {
        crate::app::check_with_runtimes(m, &logged)
    } else {
        (run, runtimes)
    };
    secrets.extend(&after.secrets);
    let mut report = after.report(m, vec![]);
    report.host.runtimes = after_rt.report(true);
    crate::app::drop_idle_automatic_fixes(m, &after, &after_rt, &mut report);
    report.changes = Some(
        edits
            .iter()
            .zip(&status)
            .map(|(e, s)| change_out(&after, e, s, pending))
            .collect(),
    );
    if !left_alone.is_empty() {
        report.left_alone = Some(left_alone.clone());
    }
    let report = report.redacted(&secrets).map_err(crate::app::redaction)?;
    if wrote && !sel.bridging() {
        let again = plan(m, &after, &after_rt, &sel)
            .into_iter()
            .filter(|e| e.safety == FixSafety::Safe || a.allow_unsafe)
            .count();
        if again > 0 {
            notes.push(format!(
                "{again} more change(s) became possible: run the same fix again."
            ));
        }
    }

    let text = if out.format != crate::cli::Format::Human {
        emit(&report, m, out)
    } else {
        let mut t = String::new();
        // After a question the diff is already on screen; only the outcome of each change now.
        if !prompted {
            t.push_str(&diffs);
        }
        t.push_str(&summary(&edits, &status, &secrets, p));
        for n in &notes {
            t.push_str(n);
            t.push('\n');
        }
        let shown = if out.color {
            report.for_terminal().map_err(crate::app::redaction)?
        } else {
            report.clone()
        };
        t.push_str(&remaining(&shown, &sel, wrote, p));
        t
    };
    if let Decision::NotConfirmed = decision {
        let mut o = std::io::stdout().lock();
        let text = crate::term::for_stdout(&text, out.json, out.color);
        let _ = o.write_all(text.as_bytes()).and_then(|_| o.flush());
        return Err(AppError::NotConfirmed);
    }
    let code = if refused {
        2
    } else {
        crate::app::exit_code_for(&report, out)
    };
    Ok((text, code))
}

/// Asks on stderr and reads one line from the terminal.
fn ask(question: &str) -> bool {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// One line per change: where, before → after, rule, and what became of it.
fn summary(edits: &[Edit], status: &[Status], secrets: &Secrets, p: Paint) -> String {
    if edits.is_empty() {
        return String::new();
    }
    let show = |v: &serde_json::Value| {
        if v.is_null() {
            "(none)".to_string()
        } else {
            serde_json::to_string(v).unwrap_or_default()
        }
    };
    let mut t = format!("\n{}\n", p.bold("Changes"));
    for (e, s) in edits.iter().zip(status) {
        let (mark, state) = match s {
            Status::Applied => (p.green("✓"), "applied".to_string()),
            Status::Pending => (p.cyan("~"), "to write".to_string()),
            Status::Skipped(why) => (p.yellow("-"), format!("skipped: {why}")),
        };
        let line = format!(
            "  {mark} {} ({}) {}\n      {} → {}  [{}; {}]\n",
            e.server,
            e.client.title(),
            e.pointer,
            show(&e.before),
            show(&e.after),
            e.rule,
            state
        );
        t.push_str(&secrets.redact(&line));
    }
    t.push('\n');
    t
}

fn nothing_note(run: &CheckRun, sel: &Selection, edits: &[Edit], status: &[Status]) -> String {
    let chosen: Vec<_> = run
        .servers
        .iter()
        .filter(|s| sel.scope.client(s.client) && sel.scope.server(&s.name))
        .collect();
    let selected = chosen.len();
    let yaml = chosen
        .iter()
        .filter(|s| run.configs[s.config].loc.dialect == crate::clients::Dialect::Yaml)
        .count();
    let yaml_note = if yaml > 0 {
        format!(" ({yaml} of them are in YAML files (Continue, Goose), which fix never edits: change those by hand.)")
    } else {
        String::new()
    };
    if edits.is_empty() {
        format!("Nothing to fix: no automatic fix applies to the {selected} server(s) selected.{yaml_note}")
    } else if status.iter().all(|s| matches!(s, Status::Skipped(_))) {
        "Nothing written: every possible change was skipped (see above).".into()
    } else {
        "Nothing to write.".into()
    }
}

/// The problems the check still finds in the selected entries, with their fixes: what the user
/// must still do by hand (display-only fixes print their commands here).
fn remaining(r: &Report, sel: &Selection, wrote: bool, p: Paint) -> String {
    let left: Vec<_> = r
        .findings
        .iter()
        .filter(|f| {
            sel.scope.wants_id(f.client, f.server.as_deref())
                && (sel.scope.servers.is_empty() || f.server.is_some())
                && (sel.scope.clients.is_empty() || f.client.is_some())
        })
        .collect();
    let head = if wrote {
        "Still wrong after the fix"
    } else {
        "Problems in the selected configs"
    };
    if left.is_empty() {
        return format!("\n{}: none.\n", p.bold(head));
    }
    let mut t = format!("\n{}:\n", p.bold(head));
    for f in left {
        t.push_str(&format!(
            "  {} {}{}: {} [{}]\n",
            p.mark(f.severity.as_str()),
            f.server.as_deref().unwrap_or("(file)"),
            f.client
                .map(|c| format!(" ({})", c.title()))
                .unwrap_or_default(),
            f.message,
            f.rule
        ));
        t.push_str(&format!("      fix: {}", f.fix.summary.trim()));
        if let Some(a) = &f.fix.automatic {
            t.push_str(&format!("  ({a})"));
        }
        t.push('\n');
        for c in &f.fix.commands {
            t.push_str(&format!("      $ {c}\n"));
        }
    }
    t
}
