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

/// Every process a server started, even those that left its process group or session (`setsid`,
/// a daemon's double fork): on Linux the doctor becomes a child subreaper, so an orphaned
/// descendant is re-parented to the doctor instead of init, and stays findable; the tree is
/// scanned in `/proc` while the probe runs and when it ends, and each process seen is
/// remembered with its start time (a pid reused by an unrelated process is never signalled).
/// On Windows the server is put in a Job Object as soon as it starts: every process it starts
/// joins the job (none may break away), and ending the job, or closing its last handle (the
/// doctor's, at the latest when the doctor exits, however it exits), ends them all.
/// Elsewhere, the process group is what can be ended.
#[derive(Debug)]
pub struct Tree {
    root: u32,
    #[cfg(unix)]
    seen: Vec<(u32, u64)>,
    #[cfg(windows)]
    job: Option<job::Job>,
}

impl Tree {
    pub fn new(child: &Child) -> Tree {
        if let Ok(mut s) = SPAWNED.lock() {
            s.insert(child.id());
        }
        let mut t = Tree {
            root: child.id(),
            #[cfg(unix)]
            seen: Vec::new(),
            // A process the server starts before this line is not in the job (the window is the
            // time between `spawn` returning and this call; `taskkill /T` still reaches it).
            #[cfg(windows)]
            job: job::Job::holding(child),
        };
        t.scan();
        t
    }

    /// Remembers the processes now below the server, and the orphans re-parented to the doctor
    /// whose session or group is one of the server's.
    pub fn scan(&mut self) {
        #[cfg(target_os = "linux")]
        {
            let procs = linux::table();
            let me = std::process::id();
            let root_start = linux::start_time(self.root).unwrap_or(u64::MAX);
            let mut known: std::collections::HashSet<u32> = self.seen.iter().map(|p| p.0).collect();
            known.insert(self.root);
            // The doctor's own group and session are not the server's: every other server the
            // doctor probes at the same time (and anything else it started) shares them.
            let mine = procs
                .iter()
                .find(|p| p.pid == me)
                .map(|p| (p.pgrp, p.session));
            let groups: std::collections::HashSet<u32> = procs
                .iter()
                .filter(|p| known.contains(&p.pid))
                .flat_map(|p| [p.pgrp, p.session])
                .chain([self.root])
                .filter(|g| mine.is_none_or(|(pg, se)| *g != pg && *g != se))
                .collect();
            // Grow the set to a fixed point: children of known processes, and orphans adopted by
            // the doctor that belong to a known group or session.
            loop {
                let before = known.len();
                for p in &procs {
                    if known.contains(&p.pid) || p.pid == me {
                        continue;
                    }
                    // An orphan the doctor adopted, from this server's group or session, or
                    // started after this server and not one of the servers the doctor spawned
                    // itself.
                    let adopted = p.ppid == me
                        && (groups.contains(&p.pgrp)
                            || groups.contains(&p.session)
                            // One that made a session of its own (setsid, a daemon's
                            // double fork) after this server started.
                            || (p.start >= root_start
                                && !spawned(p.pid)
                                && mine.is_none_or(|(_, se)| p.session != se)));
                    if known.contains(&p.ppid) || adopted {
                        known.insert(p.pid);
                        if !self.seen.iter().any(|s| s.0 == p.pid) {
                            self.seen.push((p.pid, p.start));
                        }
                    }
                }
                if known.len() == before {
                    break;
                }
            }
        }
    }

    /// SIGKILLs every process seen that is still the same process (same start time); on Windows,
    /// ends every process of the job.
    pub fn kill_all(&mut self) {
        self.scan();
        #[cfg(windows)]
        if let Some(j) = &self.job {
            j.terminate();
        }
        #[cfg(target_os = "linux")]
        for &(pid, start) in &self.seen {
            if linux::start_time(pid) == Some(start) {
                if let Ok(p) = libc::pid_t::try_from(pid) {
                    // SAFETY: kill(2) on a pid this probe saw below its server, checked by start
                    // time just now.
                    unsafe {
                        libc::kill(p, libc::SIGKILL);
                    }
                }
            }
        }
    }

    /// Reaps the orphans re-parented to the doctor (they are its children now), so no zombie is
    /// left.
    pub fn reap(&self) {
        #[cfg(unix)]
        for &(pid, _) in &self.seen {
            if let Ok(p) = libc::pid_t::try_from(pid) {
                let mut st = 0;
                // SAFETY: waitpid with WNOHANG on a pid; fails harmlessly if not our child.
                unsafe {
                    libc::waitpid(p, &mut st, libc::WNOHANG);
                }
            }
        }
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        if let Ok(mut s) = SPAWNED.lock() {
            s.remove(&self.root);
        }
    }
}

/// The servers the doctor itself spawned and is probing now.
static SPAWNED: std::sync::LazyLock<std::sync::Mutex<std::collections::HashSet<u32>>> =
    std::sync::LazyLock::new(Default::default);

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn spawned(pid: u32) -> bool {
    SPAWNED.lock().is_ok_and(|s| s.contains(&pid))
}

/// Makes this process the reaper of its orphaned descendants (Linux), once.
pub fn become_subreaper() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: prctl(PR_SET_CHILD_SUBREAPER, 1) changes only how orphans are re-parented.
            unsafe {
                libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            }
        });
    }
}

#[cfg(target_os = "linux")]
mod linux {
    pub struct Proc {
        pub pid: u32,
        pub ppid: u32,
        pub pgrp: u32,
        pub session: u32,
        pub start: u64,
    }

    /// Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses).
    fn stat(pid: u32) -> Option<(char, Vec<u64>)> {
        let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let rest = &s[s.rfind(')')? + 2..];
        let mut it = rest.split_whitespace();
        let state = it.next()?.chars().next()?;
        // Every field kept in place (priority and tpgid may be negative).
        Some((
            state,
            it.map(|x| x.parse::<i64>().unwrap_or(0) as u64).collect(),
        ))
    }

    pub fn table() -> Vec<Proc> {
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return vec![];
        };
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter_map(|pid| {
                let (_, f) = stat(pid)?;
                // ppid, pgrp, session, ... starttime is field 22 (index 18 after the state).
                Some(Proc {
                    pid,
                    ppid: *f.first()? as u32,
                    pgrp: *f.get(1)? as u32,
                    session: *f.get(2)? as u32,
                    start: *f.get(18)?,
                })
            })
            .collect()
    }

    pub fn start_time(pid: u32) -> Option<u64> {
        stat(pid).and_then(|(_, f)| f.get(18).copied())
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

/// A Windows Job Object that ends every process in it when its last handle closes.
/// Source: Microsoft's documentation of `JOBOBJECT_BASIC_LIMIT_INFORMATION`
/// (`JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`: "Causes all processes associated with the job to
/// terminate when the last handle to the job is closed") and of `AssignProcessToJobObject`
/// (processes the member creates are associated with the job unless breakaway is allowed, which
/// this job does not allow; nested jobs since Windows 8, so a doctor that itself runs in a job,
/// as under a terminal or CI runner, can still make one).
#[cfg(windows)]
mod job {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
        SetInformationJobObject, TerminateJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    };

    #[derive(Debug)]
    pub struct Job(HANDLE);

    // SAFETY: a job handle is a kernel handle; any thread may use or close it.
    unsafe impl Send for Job {}
    unsafe impl Sync for Job {}

    impl Job {
        /// A new job holding `child`, or None when the system refuses (the process group and
        /// `taskkill /T` remain).
        pub fn holding(child: &std::process::Child) -> Option<Job> {
            // SAFETY: no security attributes and no name: an anonymous job; null on failure.
            let h = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
            if h.is_null() {
                return None;
            }
            let job = Job(h);
            // SAFETY: the struct is plain C data, for which all-zero bytes are valid.
            let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
            info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
            let size = u32::try_from(std::mem::size_of_val(&info)).ok()?;
            // SAFETY: a job handle of ours and a pointer to a struct of the size given.
            let set = unsafe {
                SetInformationJobObject(
                    job.0,
                    JobObjectExtendedLimitInformation,
                    std::ptr::from_ref(&info).cast(),
                    size,
                )
            };
            if set == 0 {
                return None;
            }
            // SAFETY: the child's process handle, open while `child` lives (it outlives this call).
            let joined =
                unsafe { AssignProcessToJobObject(job.0, child.as_raw_handle() as HANDLE) };
            (joined != 0).then_some(job)
        }

        /// Ends every process in the job.
        pub fn terminate(&self) {
            // SAFETY: a job handle of ours.
            unsafe {
                TerminateJobObject(self.0, 1);
            }
        }
    }

    impl Drop for Job {
        fn drop(&mut self) {
            // SAFETY: our handle, closed once; the job's kill-on-close ends what is left in it.
            unsafe {
                CloseHandle(self.0);
            }
        }
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
