//! Drives the log engine over files for the benchmark (`bench/logs.sh`):
//! `cargo run --release --example logscan -- [--since 10m] [--now RFC3339] FILE...`
//! Prints one JSON line: bytes and lines read, events, findings, elapsed time.
//!
//! Once the integrator wires `mcp-doctor logs`, the benchmark should call
//! `mcp-doctor logs --file FILE --since 10m --json` instead of this example.
use mcp_doctor::logs::{self, Filter, LogFormat, LogSource, Window};
use mcp_doctor::machine::{Machine, MachineOptions, Os};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut since = None;
    let mut now = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--since" => since = args.next(),
            "--now" => now = args.next().and_then(|s| logs::time::parse(&s)),
            _ => files.push(PathBuf::from(a)),
        }
    }
    let home = std::env::temp_dir();
    let machine = match Machine::new(
        MachineOptions {
            home: Some(home.clone()),
            os: Some(Os::host()),
            now,
            ..Default::default()
        },
        vec![],
        home,
    ) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("logscan: {e}");
            std::process::exit(2);
        }
    };
    let since = match since.map(|s| logs::parse_since(&s, machine.now)) {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            eprintln!("logscan: {e}");
            std::process::exit(2);
        }
        None => None,
    };
    let sources: Vec<LogSource> = files
        .into_iter()
        .map(|path| LogSource {
            client: None,
            server: None,
            path,
            format: LogFormat::ClaudeDesktop,
        })
        .collect();
    let window = Window {
        since,
        until: machine.now,
    };
    let started = Instant::now();
    let scan = logs::scan(&machine, &sources, &window, &Filter::default());
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{{\"bytes\":{},\"lines\":{},\"events\":{},\"findings\":{},\"paths\":{},\"errors\":{},\"elapsed_ms\":{:.1}}}",
        scan.stats.bytes,
        scan.stats.lines,
        scan.events.len(),
        scan.findings.len(),
        scan.paths.len(),
        scan.errors.len(),
        ms
    );
}
