//! Helpers shared by the probe tests: the fixture server, loopback server processes, pid checks.
#![allow(dead_code)]
use mcp_doctor::finding::ClientId;
use mcp_doctor::probe::{ProbeSpec, ProbeTransport};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

pub fn python() -> PathBuf {
    which("python3").expect("python3 on PATH (the CI machine has Python 3.11)")
}

pub fn fixture() -> PathBuf {
    repo().join("tests/fixtures/fixture_server.py")
}

/// The minimal environment a TS-SDK client passes (PATH and HOME).
pub fn base_env() -> Vec<(String, String)> {
    ["PATH", "HOME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
        .collect()
}

/// A stdio spec that runs the fixture with `args`.
pub fn fixture_spec(name: &str, args: &[&str]) -> ProbeSpec {
    // -S: no site module, a faster start (the fixture needs only the standard library).
    let mut all = vec!["-S".to_string(), fixture().display().to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    let mut spec = ProbeSpec::stdio(name, ClientId::ClaudeDesktop, python(), &[]);
    spec.args = all;
    spec.env = base_env();
    spec.timeout = Duration::from_secs(10);
    spec
}

/// Whether a process is still running (not a zombie).
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|s| s.split_whitespace().next())
                .unwrap_or("");
            state != "Z" && state != "X"
        }
        Err(_) => false,
    }
}

/// Waits up to 3 s for every pid to be gone (an orphaned grandchild is reaped by init).
pub fn all_gone(pids: &[u32]) -> bool {
    let end = Instant::now() + Duration::from_secs(3);
    loop {
        if pids.iter().all(|p| !alive(*p)) {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn read_pids(path: &Path) -> Vec<u32> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// A server process on loopback, killed (with its group) when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    /// Starts `cmd` and waits up to `wait` for a `LISTENING <port>` line on stdout or stderr.
    pub fn start(mut cmd: Command, wait: Duration) -> Result<Server, String> {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|e| format!("spawn {cmd:?}: {e}"))?;
        let (tx, rx) = mpsc::channel::<String>();
        for out in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let end = Instant::now() + wait;
        let mut seen = Vec::new();
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(p) = line.trim().strip_prefix("LISTENING ") {
                        if let Ok(port) = p.trim().parse() {
                            // Keep draining the pipes so the server never blocks on them.
                            std::thread::spawn(move || while rx.recv().is_ok() {});
                            return Ok(Server { child, port });
                        }
                    }
                    seen.push(line);
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("no LISTENING line in {wait:?}; output: {seen:?}"));
                }
            }
        }
    }

    /// Starts `cmd`, which listens on `port`, and waits up to `wait` for the port to accept.
    pub fn start_on(mut cmd: Command, port: u16, wait: Duration) -> Result<Server, String> {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = cmd.spawn().map_err(|e| format!("spawn {cmd:?}: {e}"))?;
        let mut srv = Server { child, port };
        if Server::wait_port(port, wait) {
            Ok(srv)
        } else {
            let status = srv.child.try_wait().ok().flatten();
            Err(format!(
                "nothing listens on 127.0.0.1:{port} after {wait:?} (exit: {status:?})"
            ))
        }
    }

    /// Waits until the port accepts connections, or `wait` passes.
    pub fn wait_port(port: u16, wait: Duration) -> bool {
        let end = Instant::now() + wait;
        while Instant::now() < end {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fixture over HTTP with `args`, on a free loopback port.
pub fn http_fixture(args: &[&str]) -> Server {
    let mut cmd = Command::new(python());
    cmd.arg(fixture()).args(["--http", "0"]).args(args);
    Server::start(cmd, Duration::from_secs(10)).expect("the HTTP fixture starts")
}

pub fn remote_spec(name: &str, transport: ProbeTransport, url: String) -> ProbeSpec {
    let mut s = ProbeSpec::remote(name, ClientId::ClaudeCode, transport, url);
    s.timeout = Duration::from_secs(10);
    s
}

/// A free loopback port (bound and released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Whether the real servers of scripts/install-test-servers.sh must be there
/// (`MCP_DOCTOR_INTEROP=1`, set by `.ci/run`).
pub fn required() -> bool {
    std::env::var("MCP_DOCTOR_INTEROP").is_ok_and(|v| v == "1")
}

/// The path, or `None` (after a notice) when it is missing and interop is not required.
pub fn need(what: &str, p: Option<PathBuf>) -> Option<PathBuf> {
    match p.filter(|p| p.exists()) {
        Some(p) => Some(p),
        None if required() => panic!(
            "MCP_DOCTOR_INTEROP=1 but {what} is missing: run scripts/install-test-servers.sh"
        ),
        None => {
            eprintln!("interop test skipped: {what} is missing (run scripts/install-test-servers.sh and set MCP_DOCTOR_INTEROP=1)");
            None
        }
    }
}

pub fn everything() -> Option<(PathBuf, PathBuf)> {
    let node = need("node", which("node"))?;
    let js = need(
        "server-everything",
        Some(repo().join(
            ".test-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
        )),
    )?;
    Some((node, js))
}
