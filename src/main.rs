//! The `mcp-doctor` binary: parses the command line, runs the library, prints, and exits 0, 1 or 2
//! as the contract says. Every error is one line on stderr; a closed pipe is a clean exit.
use clap::Parser;
use mcp_doctor::cli::{Cli, ColorChoice, Command, Format};
use mcp_doctor::machine::{Machine, MachineOptions, Os};
use mcp_doctor::{app, cli};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `mcp-doctor help --help` (clap's help subcommand takes no options): the main help.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "help")
        && args.iter().skip(2).any(|a| a == "--help" || a == "-h")
    {
        use clap::CommandFactory;
        let _ = Cli::command().print_long_help();
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse_from(args) {
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
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or("invalid arguments");
            let first = first.trim_start_matches("error: ");
            // "the following required arguments were not provided:" names them on the next line.
            let line = match (first.ends_with(':'), lines.next()) {
                (true, Some(next)) => format!("{first} {next}"),
                _ => first.to_string(),
            };
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
            mcp_doctor::output::color_auto(&|k| std::env::var(k).ok(), stdout.is_terminal())
        }
    };
    let format = match (g.json, g.format) {
        (true, Some(f)) if f != Format::Json => {
            return Err(app::AppError::Usage(
                "--json is short for --format json; give one format".into(),
            ))
        }
        (true, _) => Format::Json,
        (false, f) => f.unwrap_or_default(),
    };
    let out = app::Output {
        json: format == Format::Json,
        verbose: g.verbose,
        color: color && format == Format::Human && g.output.is_none(),
        format,
        fail_on: g.fail_on.severity(),
    };
    if matches!(format, Format::Markdown | Format::Sarif)
        && matches!(
            cli.command,
            Some(
                Command::Rules
                    | Command::Explain { .. }
                    | Command::Completions { .. }
                    | Command::Man
            )
        )
    {
        return Err(app::AppError::Usage(format!(
            "--format {}: for check, probe, logs, fix and list; rules and explain take --json",
            if format == Format::Sarif {
                "sarif"
            } else {
                "markdown"
            }
        )));
    }
    let (text, code) = match cli.command.unwrap_or(Command::Check(cli::CheckArgs {
        timeout: 30,
        ..Default::default()
    })) {
        Command::Check(a) => app::check(&m, &a, &out)?,
        Command::Probe(a) => app::probe(&m, &a, &out)?,
        Command::Logs(a) if a.follow => return app::logs_follow(&m, &a, &out, g.output.is_some()),
        Command::Logs(a) => app::logs_cmd(&m, &a, &out)?,
        Command::Fix(a) => mcp_doctor::fix_command::run(&m, &a, &out)?,
        Command::Bridge(a) => return app::bridge(&m, &a),
        Command::List(a) => app::list(&m, &a, &out)?,
        Command::Completions { shell } => (mcp_doctor::output::completions(shell), 0),
        Command::Man => (mcp_doctor::output::man_page(), 0),
        Command::Rules => app::rules(&out),
        Command::Explain { id } => app::explain(&id, &m, &out)?,
    };
    // Every output passes the last redaction and the terminal sanitiser.
    let json_text = out.json || matches!(format, Format::Sarif);
    let text = mcp_doctor::term::for_stdout_owned(text, json_text, out.color);
    let ascii = matches!(format, Format::Human)
        && mcp_doctor::output::locale_is_ascii(&|k| std::env::var(k).ok());
    let text = if ascii {
        mcp_doctor::output::to_ascii(&text)
    } else {
        text
    };
    if let Some(path) = &g.output {
        mcp_doctor::output::write_output(path, text.as_bytes()).map_err(app::AppError::Usage)?;
        return Ok(code);
    }
    let mut lock = stdout.lock();
    match lock.write_all(text.as_bytes()).and_then(|_| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(app::AppError::BrokenPipe),
        Err(e) => Err(app::AppError::Io(e.to_string())),
        Ok(()) => Ok(code),
    }
}
