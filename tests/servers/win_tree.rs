//! A stdio "server" that leaves a process behind, for `scripts/windows-jobs.sh` (issue 15: no
//! process a probe started survives the doctor, on Windows too). Built with `rustc` alone (no
//! crates) for x86_64-pc-windows-gnu and run under Wine.
//!
//! `win_tree.exe HEARTBEAT` (the server the probe starts): starts `win_tree.exe mid HEARTBEAT`,
//! then reads its stdin and never answers, so the probe times out and ends the tree.
//! `mid`: starts `win_tree.exe leaf HEARTBEAT` and exits at once, so the leaf is an orphan: no
//! parent links it to the server any more (`taskkill /T` on the server's pid cannot find it).
//! `leaf`: writes the time to HEARTBEAT every 100 ms, for ever; it ignores nothing, it is only
//! out of the tree's reach. The script reads whether the heartbeat stops when the doctor ends.
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let me = std::env::current_exe().expect("own path");
    match args.get(1).map(String::as_str) {
        Some("leaf") => loop {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0);
            let _ = std::fs::write(&args[2], format!("{now}\n"));
            std::thread::sleep(Duration::from_millis(100));
        },
        Some("mid") => {
            let _ = Command::new(&me)
                .args(["leaf", &args[2]])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
        }
        Some(heartbeat) => {
            let _ = Command::new(&me)
                .args(["mid", heartbeat])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            // Silent on stdout: the handshake never completes.
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
            std::thread::sleep(Duration::from_secs(3600));
        }
        None => eprintln!("usage: win_tree HEARTBEAT"),
    }
}
