//! Writes a realistic Claude Desktop `mcp.log` of a given size for the log benchmark:
//! `cargo run --release --example gen_log -- OUT BYTES END_RFC3339`.
//!
//! Several servers, JSON-RPC traffic lines (most of a real log), `{ metadata: ... }` trailers
//! and multi-line metadata blocks, raw stderr between records, and now and then a failure
//! (spawn ENOENT, a traceback, a 401, a body timeout). Timestamps advance steadily and end at
//! END, so a `--since 10m` window is the file's last few hundred KiB.
use std::io::{BufWriter, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SERVERS: &[&str] = &[
    "filesystem",
    "github",
    "weather",
    "postgres",
    "Hello World MCP Server (Reference Extension)",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: gen_log OUT BYTES END_RFC3339");
        std::process::exit(2);
    }
    let size: u64 = args[2].parse().expect("BYTES is a number");
    let end = humantime::parse_rfc3339_weak(&args[3]).expect("END is an RFC 3339 time");
    // About one record per 30 ms: 1 GiB spans about two days. A first pass with the same seed
    // measures the span, so that the last record is at END exactly.
    let step_us = 30_000u64;
    let span = write_records(&mut std::io::sink(), size, step_us, UNIX_EPOCH);
    let start = end.checked_sub(span).expect("END is late enough");
    let mut out = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&args[1]).expect("create OUT"),
    );
    write_records(&mut out, size, step_us, start);
    out.flush().expect("flush");
}

/// Writes records until `size` bytes; returns the time span they cover.
fn write_records(out: &mut dyn Write, size: u64, step_us: u64, start: SystemTime) -> Duration {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let mut t = start;
    let mut written = 0u64;
    let mut id = 0u64;
    let mut first = true;
    while written < size {
        if !first {
            t += Duration::from_micros(step_us / 2 + rng.below(step_us));
        }
        first = false;
        let ts = humantime::format_rfc3339_millis(t).to_string();
        let server = SERVERS[rng.below(SERVERS.len() as u64) as usize];
        id += 1;
        let r = rng.below(1000);
        let line = if r < 450 {
            format!("{ts} [{server}] [info] Message from client: {{\"method\":\"tools/call\",\"params\":{{\"name\":\"read_file\",\"arguments\":{{\"path\":\"/Users/me/projects/app/src/file{}.ts\"}}}},\"jsonrpc\":\"2.0\",\"id\":{id}}} {{ metadata: undefined }}\n", rng.below(500))
        } else if r < 900 {
            format!("{ts} [{server}] [info] Message from server: {{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"content\":[{{\"type\":\"text\",\"text\":\"export function handler{}() {{ return 42; }}\"}}]}}}} {{ metadata: undefined }}\n", rng.below(1000))
        } else if r < 950 {
            format!("{ts} [info] [{server}] Message from client: {{\"method\":\"ping\",\"jsonrpc\":\"2.0\",\"id\":{id}}}\n")
        } else if r < 970 {
            format!(
                "[{server}] stderr: processed request {id} in {} ms\n",
                rng.below(900)
            )
        } else if r < 980 {
            format!("{ts} [{server}] [info] Using MCP server command: /usr/local/bin/npx with path: {{\n  metadata: {{\n    paths: [\n      '/Users/me/.nvm/versions/node/v18.20.4/bin',\n      '/opt/homebrew/bin',\n      '/usr/bin'\n    ]\n  }}\n}}\n")
        } else if r < 985 {
            format!("{ts} [{server}] [info] Initializing server...\n")
        } else if r < 989 {
            format!("{ts} [error] [{server}] spawn npx ENOENT {{\"context\":\"connection\",\"stack\":\"Error: spawn npx ENOENT\\n    at ChildProcess._handle.onexit (node:internal/child_process:285:19)\"}}\n")
        } else if r < 992 {
            format!("{ts} [{server}] [error] Error POSTing to endpoint (HTTP 401): {{\"error\":\"invalid_token\"}} {{ metadata: undefined }}\n")
        } else if r < 995 {
            format!("Traceback (most recent call last):\n  File \"/srv/{server}.py\", line 3, in <module>\n    import httpx\nModuleNotFoundError: No module named 'httpx'\n")
        } else if r < 997 {
            format!("{ts} [{server}] [error] SSE error: TypeError: terminated: Body Timeout Error {{\n  metadata: {{ context: 'connection', stack: undefined }}\n}}\n")
        } else {
            format!("{ts} [info] [{server}] Server transport closed unexpectedly, this is likely due to the process exiting early.\n")
        };
        out.write_all(line.as_bytes()).expect("write");
        written += line.len() as u64;
    }
    t.duration_since(start).unwrap_or_default()
}
