//! The probe library on its own, from the command line: a server given by its command line or
//! URL rather than found in a config (`mcp-doctor probe` probes configured servers).
//!
//! ```text
//! cargo run --example probe -- [--timeout S] [--idle S] [--json] -- COMMAND [ARGS...]
//! cargo run --example probe -- [--timeout S] [--idle S] [--json] --url URL [--sse] [--header 'K: V']
//! ```
//! stdio servers get the environment a TS-SDK client passes (HOME, LOGNAME, PATH, SHELL, TERM,
//! USER); the command is looked up on that PATH.
use mcp_doctor::finding::ClientId;
use mcp_doctor::probe::{self, ProbeSpec, ProbeTransport};
use std::path::PathBuf;
use std::time::Duration;

fn usage() -> ! {
    eprintln!("usage: probe [--timeout S] [--idle S] [--json] (-- COMMAND [ARGS...] | --url URL [--sse] [--header 'K: V'])");
    std::process::exit(2)
}

fn secs(v: Option<String>) -> Duration {
    match v
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
    {
        Some(s) => Duration::from_secs_f64(s),
        None => usage(),
    }
}

fn resolve(cmd: &str, path: &str) -> PathBuf {
    if cmd.contains('/') {
        return PathBuf::from(cmd);
    }
    std::env::split_paths(path)
        .map(|d| d.join(cmd))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(cmd))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut timeout = probe::DEFAULT_TIMEOUT;
    let mut idle = None;
    let mut json = false;
    let mut url = None;
    let mut sse = false;
    let mut headers = Vec::new();
    let mut command = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--timeout" => timeout = secs(args.next()),
            "--idle" => idle = Some(secs(args.next())),
            "--json" => json = true,
            "--url" => url = Some(args.next().unwrap_or_else(|| usage())),
            "--sse" => sse = true,
            "--header" => {
                let h = args.next().unwrap_or_else(|| usage());
                let (k, v) = h.split_once(':').unwrap_or_else(|| usage());
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
            "--" => {
                command.extend(args.by_ref());
            }
            _ => usage(),
        }
    }
    let mut spec = match (url, command.split_first()) {
        (Some(u), None) => {
            let t = if sse {
                ProbeTransport::Sse
            } else {
                ProbeTransport::Http
            };
            let mut s = ProbeSpec::remote("server", ClientId::ClaudeCode, t, u);
            s.headers = headers;
            s
        }
        (None, Some((cmd, rest))) => {
            let env: Vec<(String, String)> = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"]
                .iter()
                .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
                .collect();
            let path = std::env::var("PATH").unwrap_or_default();
            let mut s =
                ProbeSpec::stdio("server", ClientId::ClaudeDesktop, resolve(cmd, &path), &[]);
            s.args = rest.to_vec();
            s.env = env;
            s.cwd = std::env::current_dir().ok();
            s
        }
        _ => usage(),
    };
    spec.timeout = timeout;
    spec.idle = idle;
    let result = probe::probe(&spec);
    let findings = probe::findings(&spec, &result);
    if json {
        let v = serde_json::json!({
            "probe": result,
            "findings": findings.iter().map(|f| serde_json::json!({
                "rule": f.rule.as_str(), "cause": f.cause().as_str(), "severity": f.severity.as_str(), "message": f.message,
            })).collect::<Vec<_>>(),
        });
        println!("{v}");
    } else {
        let info = result
            .server_info
            .as_ref()
            .map(|i| format!(" {} {}", i.name, i.version))
            .unwrap_or_default();
        println!(
            "{}: {}{} ({} ms, initialize {} ms, {} tools)",
            spec.display_command(),
            result.status.as_str(),
            info,
            result.duration_ms,
            result
                .initialize_ms
                .map(|m| m.to_string())
                .unwrap_or_else(|| "-".into()),
            result
                .tools
                .map(|m| m.to_string())
                .unwrap_or_else(|| "-".into()),
        );
        if let Some(e) = &result.error {
            println!("  error: {e}");
        }
        for f in &findings {
            println!(
                "  [{}] {}: {}",
                f.severity.as_str(),
                f.rule.as_str(),
                f.message
            );
        }
    }
    std::process::exit(if result.status == probe::ProbeStatus::Ok {
        0
    } else {
        1
    });
}
