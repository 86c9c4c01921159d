//! The `mcp-doctor` binary: parses the command line, runs the library, prints, and exits 0, 1 or 2
//! as the contract says. Every error is one line on stderr; a closed pipe is a clean exit.
use clap::Parser;
use mcp_doctor::cli::{Cli, ColorChoice, Command};
use mcp_doctor::machine::{Machine, MachineOptions, Os};
use mcp_doctor::{app, cli};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if matches!(
                e.kind(),
                DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let text = e.render().to_string();
            let line = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments");
            let line = line.trim().trim_start_matches("error: ");
            eprintln!("mcp-doctor: {line} (see mcp-doctor --help)");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(app::AppError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, redacted, and with no control character a terminal would obey.
            let line = e.to_string().replace(['\n', '\r'], " ");
            mcp_doctor::term::eprint(&format!("mcp-doctor: {line}\n"), false);
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, app::AppError> {
    let g = &cli.global;
    let os = match &g.os {
        Some(s) => Some(Os::parse(s).ok_or_else(|| {
            app::AppError::Usage(format!("--os {s}: expected macos, windows or linux"))
        })?),
        None => None,
    };
    let now = match &g.now {
        Some(s) => Some(humantime::parse_rfc3339_weak(s).map_err(|e| {
            app::AppError::Usage(format!(
                "--now {s}: {e} (expected RFC 3339, e.g. 2026-11-22T10:00:00Z)"
            ))
        })?),
        None => None,
    };
    let m = Machine::from_process(MachineOptions {
        home: g.home.clone(),
        os,
        root: g.root.clone(),
        now,
        cwd: None,
    })
    .map_err(|e| app::AppError::Usage(e.to_string()))?;
    let stdout = std::io::stdout();
    let color = match g.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    };
    let out = app::Output {
        json: g.json,
        verbose: g.verbose,
        color,
    };
    let (text, code) = match cli.command.unwrap_or(Command::Check(cli::CheckArgs {
        timeout: 30,
        ..Default::default()
    })) {
        Command::Check(a) => app::check(&m, &a, &out)?,
        Command::Probe(a) => app::probe(&m, &a, &out)?,
        Command::Logs(a) => app::logs_cmd(&m, &a, &out)?,
        Command::Fix(a) => app::fix(&m, &a, &out)?,
        Command::Rules => app::rules(&out),
        Command::Explain { id } => app::explain(&id, &m, &out)?,
    };
    // Every output passes the last redaction and the terminal sanitiser.
    let text = mcp_doctor::term::for_stdout(&text, out.json, out.color);
    let mut lock = stdout.lock();
    match lock.write_all(text.as_bytes()).and_then(|_| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(app::AppError::BrokenPipe),
        Err(e) => Err(app::AppError::Io(e.to_string())),
        Ok(()) => Ok(code),
    }
}
