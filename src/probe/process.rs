//! Process-tree handling: the server runs in its own process group (Unix) or with its own console
//! group (Windows), so that `npx`/`uvx` and the children they start can be ended together.
use std::process::{Child, Command, ExitStatus};

/// Makes the command start in a new process group.
pub fn own_group(cmd: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        cmd.creation_flags(CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW);
    }
}

/// Asks the whole tree to stop (SIGTERM to the group; on Windows `taskkill /T`).
pub fn terminate_tree(child: &Child) {
    #[cfg(unix)]
    signal_group(child.id(), libc::SIGTERM);
    #[cfg(windows)]
    taskkill(child.id(), false);
}

/// Kills the whole tree (SIGKILL to the group; on Windows `taskkill /T /F`). Harmless when it is
/// already gone.
pub fn kill_tree(child: &mut Child) {
    #[cfg(unix)]
    signal_group(child.id(), libc::SIGKILL);
    #[cfg(windows)]
    taskkill(child.id(), true);
    let _ = child.kill();
}

#[cfg(unix)]
fn signal_group(pid: u32, sig: libc::c_int) {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return;
    };
    if pid <= 1 {
        return;
    }
    // SAFETY: kill(2) with a negative pid signals the process group the child leads (it was
    // started with process_group(0), so its pgid is its pid). No memory is involved.
    unsafe {
        libc::kill(-pid, sig);
    }
}

#[cfg(windows)]
fn taskkill(pid: u32, force: bool) {
    let mut cmd = Command::new("taskkill");
    cmd.args(["/T", "/PID", &pid.to_string()]);
    if force {
        cmd.arg("/F");
    }
    let _ = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// The exit code and the signal name of a finished process.
pub fn describe(status: ExitStatus) -> (Option<i32>, Option<i32>) {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        (status.code(), status.signal())
    }
    #[cfg(not(unix))]
    {
        (status.code(), None)
    }
}

pub fn signal_name(sig: i32) -> String {
    let name = match sig {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => return format!("signal {sig}"),
    };
    name.to_string()
}
