//! The one interface through which every platform fact is learnt: a command line run, or a file
//! read. [`Live`] asks the real machine (bounded by a timeout, in parallel); [`Replay`] answers
//! from outputs recorded on a real machine (`testdata/platform/<scenario>/replay.toml`), so every
//! platform check runs on Linux in CI exactly as it would on macOS or Windows.
//!
//! An answer that could not be had (tool missing, permission denied, timed out, not recorded) is
//! [`Unavailable`], which the checks report as "could not check", never as a verdict.
use crate::doc::{LineIndex, Node, Prop, Val};
use crate::machine::Machine;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a fact could not be learnt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// The tool is not installed (or not on this OS).
    Missing,
    /// The OS refused: no permission.
    Denied,
    /// No answer within the time limit; the tool was stopped.
    TimedOut,
    /// Replay only: the recording has no answer for this question.
    NotRecorded,
    /// Anything else, in words.
    Failed(String),
}

impl Unavailable {
    pub fn describe(&self) -> String {
        match self {
            Unavailable::Missing => "the tool is not installed".into(),
            Unavailable::Denied => "permission denied".into(),
            Unavailable::TimedOut => "it did not answer in time".into(),
            Unavailable::NotRecorded => "the recording has no answer for it".into(),
            Unavailable::Failed(s) => s.clone(),
        }
    }
}

/// The answer to running a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The tool ran; `code` is `None` when it was ended by a signal.
    Ran {
        code: Option<i32>,
        stdout: String,
        stderr: String,
    },
    Unavailable(Unavailable),
}

impl Answer {
    pub fn ok(&self) -> bool {
        matches!(self, Answer::Ran { code: Some(0), .. })
    }

    pub fn stdout(&self) -> &str {
        match self {
            Answer::Ran { stdout, .. } => stdout,
            Answer::Unavailable(_) => "",
        }
    }

    /// stdout and stderr together (tools such as `codesign` and `spctl` answer on stderr).
    pub fn text(&self) -> String {
        match self {
            Answer::Ran { stdout, stderr, .. } => format!("{stdout}{stderr}"),
            Answer::Unavailable(_) => String::new(),
        }
    }
}

/// The answer to reading a file (or an NTFS stream such as `x.exe:Zone.Identifier`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileAnswer {
    /// Its first bytes (up to the limit asked for).
    Bytes(Vec<u8>),
    /// It does not exist.
    Absent,
    Unavailable(Unavailable),
}

/// Where platform facts come from.
pub trait Facts: Sync {
    /// Runs a command line (`argv[0]` is the program) and returns what it printed.
    fn run(&self, argv: &[String]) -> Answer;
    /// Reads up to `max` bytes of a file, spelled as the diagnosed OS spells it.
    fn read(&self, target: &str, max: usize) -> FileAnswer;
    /// Runs several command lines; the live machine runs them in parallel.
    fn run_all(&self, argvs: &[Vec<String>]) -> HashMap<Vec<String>, Answer> {
        argvs.iter().map(|a| (a.clone(), self.run(a))).collect()
    }
    /// For the report: "live" or where the recording is.
    fn describe(&self) -> String;
}

/// Reads a file of the diagnosed machine through the path mapping (`--home`, `--root`).
fn read_host(m: &Machine, target: &str, max: usize) -> FileAnswer {
    let Some(host) = m.to_host(target) else {
        return FileAnswer::Unavailable(Unavailable::Failed(
            "the path cannot be checked from here".into(),
        ));
    };
    read_path(&host, max)
}

fn read_path(host: &Path, max: usize) -> FileAnswer {
    // Only a regular file is opened: opening a named pipe waits for a writer (for ever), a
    // device may never end. A certificate bundle or an NTFS stream is always a plain file.
    match std::fs::metadata(host) {
        Ok(md) if !md.is_file() => {
            return FileAnswer::Unavailable(Unavailable::Failed(format!(
                "{} is not a regular file",
                host.display()
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileAnswer::Absent,
        Err(e) => return FileAnswer::Unavailable(io_reason(&e)),
        Ok(_) => {}
    }
    match std::fs::File::open(host) {
        Ok(f) => {
            let mut buf = Vec::new();
            match f.take(max as u64).read_to_end(&mut buf) {
                Ok(_) => FileAnswer::Bytes(buf),
                Err(e) => FileAnswer::Unavailable(io_reason(&e)),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileAnswer::Absent,
        Err(e) => FileAnswer::Unavailable(io_reason(&e)),
    }
}

fn io_reason(e: &std::io::Error) -> Unavailable {
    match e.kind() {
        std::io::ErrorKind::NotFound => Unavailable::Missing,
        std::io::ErrorKind::PermissionDenied => Unavailable::Denied,
        _ => Unavailable::Failed(e.to_string()),
    }
}

/// The real machine: runs each tool with a timeout and reads files directly.
pub struct Live<'a> {
    pub m: &'a Machine,
    pub timeout: Duration,
}

/// Most bytes kept of a tool's output (a firewall listing with thousands of rules fits).
const OUTPUT_CAP: usize = 16 << 20;

impl Live<'_> {
    fn spawn(&self, argv: &[String]) -> Answer {
        let Some((prog, args)) = argv.split_first() else {
            return Answer::Unavailable(Unavailable::Failed("empty command".into()));
        };
        let mut child = match Command::new(prog)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => return Answer::Unavailable(io_reason(&e)),
        };
        let out = child.stdout.take();
        let err = child.stderr.take();
        let drain = |p: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(p) = p {
                    let _ = p.take(OUTPUT_CAP as u64).read_to_end(&mut buf);
                }
                String::from_utf8_lossy(&buf).into_owned()
            })
        };
        let out_t = drain(out.map(|o| Box::new(o) as Box<dyn Read + Send>));
        let err_t = drain(err.map(|e| Box::new(e) as Box<dyn Read + Send>));
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if start.elapsed() >= self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(3)),
                Err(e) => return Answer::Unavailable(io_reason(&e)),
            }
        };
        let stdout = out_t.join().unwrap_or_default();
        let stderr = err_t.join().unwrap_or_default();
        match status {
            None => Answer::Unavailable(Unavailable::TimedOut),
            Some(s) => {
                let low = stderr.to_ascii_lowercase();
                if !s.success()
                    && stdout.trim().is_empty()
                    && (low.contains("operation not permitted")
                        || low.contains("access is denied")
                        || low.contains("must be root")
                        || low.contains("requires elevation"))
                {
                    return Answer::Unavailable(Unavailable::Denied);
                }
                Answer::Ran {
                    code: s.code(),
                    stdout,
                    stderr,
                }
            }
        }
    }
}

impl Facts for Live<'_> {
    fn run(&self, argv: &[String]) -> Answer {
        self.spawn(argv)
    }

    fn read(&self, target: &str, max: usize) -> FileAnswer {
        read_host(self.m, target, max)
    }

    fn run_all(&self, argvs: &[Vec<String>]) -> HashMap<Vec<String>, Answer> {
        // At most 8 tools at once: enough to hide each one's start-up, few enough for a laptop.
        let mut out = HashMap::new();
        for chunk in argvs.chunks(8) {
            let answers: Vec<(Vec<String>, Answer)> = std::thread::scope(|s| {
                let hs: Vec<_> = chunk
                    .iter()
                    .map(|a| s.spawn(move || (a.clone(), self.spawn(a))))
                    .collect();
                hs.into_iter().filter_map(|h| h.join().ok()).collect()
            });
            out.extend(answers);
        }
        out
    }

    fn describe(&self) -> String {
        "live".into()
    }
}

/// Files only, read through the path mapping: for the checks that need no tool (Linux's CA
/// bundle) where no other source of facts is available. `why` says why tools are not run.
pub struct FilesOnly<'a> {
    pub m: &'a Machine,
    pub why: String,
}

impl Facts for FilesOnly<'_> {
    fn run(&self, _argv: &[String]) -> Answer {
        Answer::Unavailable(Unavailable::Failed(if self.why.is_empty() {
            "no tools are run".into()
        } else {
            self.why.clone()
        }))
    }

    fn read(&self, target: &str, max: usize) -> FileAnswer {
        read_host(self.m, target, max)
    }

    fn describe(&self) -> String {
        "files".into()
    }
}

/// One recorded command line and what the tool answered.
#[derive(Debug, Default)]
struct RecordedRun {
    argv: Vec<String>,
    code: Option<i32>,
    stdout: Option<String>,
    /// A file beside `replay.toml` holding stdout (for long outputs).
    stdout_file: Option<String>,
    stderr: Option<String>,
    /// `missing`, `denied` or `timeout`: the tool could not be asked.
    unavailable: Option<String>,
}

/// One recorded file (an NTFS stream, a system file) and its content, or its absence.
#[derive(Debug, Default)]
struct RecordedFile {
    path: String,
    text: Option<String>,
    absent: bool,
    unavailable: Option<String>,
}

/// `replay.toml`: `os` and `about` (informational), then `[[run]]` and `[[file]]` tables.
#[derive(Debug, Default)]
struct Recording {
    run: Vec<RecordedRun>,
    file: Vec<RecordedFile>,
}

/// Reads a recording from the tree toml_edit parsed (what a serde derive would do with
/// `deny_unknown_fields`, without a second TOML deserializer in the binary: issue 16). A key
/// that is not known is refused: a misspelt one would silently drop a recorded answer.
struct RecordingReader<'t> {
    text: &'t str,
    lines: LineIndex,
}

impl RecordingReader<'_> {
    fn at(&self, n: &Node) -> String {
        self.at_offset(n.span.start)
    }

    fn at_offset(&self, offset: usize) -> String {
        let (line, col) = self.lines.line_col(self.text, offset);
        format!("line {line}, column {col}")
    }

    fn read(&self, root: &Node) -> Result<Recording, String> {
        let mut rec = Recording::default();
        for p in root.props() {
            match p.key.as_str() {
                "os" | "about" => {
                    self.string(&p.node, &p.key)?;
                }
                "run" => {
                    for t in self.tables(&p.node, "run")? {
                        rec.run.push(self.run(t)?);
                    }
                }
                "file" => {
                    for t in self.tables(&p.node, "file")? {
                        rec.file.push(self.file(t)?);
                    }
                }
                _ => return Err(self.unknown(p, "the file ", &["os", "about", "run", "file"])),
            }
        }
        Ok(rec)
    }

    fn run(&self, t: &Node) -> Result<RecordedRun, String> {
        let mut r = RecordedRun::default();
        let mut argv = false;
        for p in t.props() {
            let n = &p.node;
            match p.key.as_str() {
                "argv" => {
                    argv = true;
                    r.argv = match &n.val {
                        Val::Arr(items) => items
                            .iter()
                            .map(|i| self.string(i, "argv"))
                            .collect::<Result<_, _>>()?,
                        _ => return Err(format!("{}: `argv` must be a list", self.at(n))),
                    }
                }
                "code" => {
                    r.code = Some(match &n.val {
                        Val::Num(v) => v.parse().map_err(|_| {
                            format!("{}: `code` must be an exit code, not {v}", self.at(n))
                        })?,
                        _ => return Err(format!("{}: `code` must be a number", self.at(n))),
                    })
                }
                "stdout" => r.stdout = Some(self.string(n, "stdout")?),
                "stdout_file" => {
                    let f = self.string(n, "stdout_file")?;
                    // A file of the recording's own folder: a recording from another machine
                    // must not make the doctor read this machine's files (`/home/me/.ssh/id_rsa`,
                    // `../../x`).
                    let inside = !f.is_empty()
                        && Path::new(&f)
                            .components()
                            .all(|c| matches!(c, std::path::Component::Normal(_)));
                    if !inside {
                        return Err(format!(
                            "{}: `stdout_file` must name a file in the recording's folder, not {f:?}",
                            self.at(n)
                        ));
                    }
                    r.stdout_file = Some(f);
                }
                "stderr" => r.stderr = Some(self.string(n, "stderr")?),
                "unavailable" => r.unavailable = Some(self.string(n, "unavailable")?),
                _ => {
                    return Err(self.unknown(
                        p,
                        "[[run]] ",
                        &[
                            "argv",
                            "code",
                            "stdout",
                            "stdout_file",
                            "stderr",
                            "unavailable",
                        ],
                    ))
                }
            }
        }
        if !argv {
            return Err(format!("{}: a [[run]] without `argv`", self.at(t)));
        }
        Ok(r)
    }

    fn file(&self, t: &Node) -> Result<RecordedFile, String> {
        let mut f = RecordedFile::default();
        let mut path = false;
        for p in t.props() {
            let n = &p.node;
            match p.key.as_str() {
                "path" => {
                    path = true;
                    f.path = self.string(n, "path")?;
                }
                "text" => f.text = Some(self.string(n, "text")?),
                "absent" => {
                    f.absent = n
                        .as_bool()
                        .ok_or_else(|| format!("{}: `absent` must be true or false", self.at(n)))?
                }
                "unavailable" => f.unavailable = Some(self.string(n, "unavailable")?),
                _ => {
                    return Err(self.unknown(
                        p,
                        "[[file]] ",
                        &["path", "text", "absent", "unavailable"],
                    ))
                }
            }
        }
        if !path {
            return Err(format!("{}: a [[file]] without `path`", self.at(t)));
        }
        Ok(f)
    }

    fn string(&self, n: &Node, key: &str) -> Result<String, String> {
        n.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{}: `{key}` must be a string", self.at(n)))
    }

    fn tables<'n>(&self, n: &'n Node, key: &str) -> Result<&'n [Node], String> {
        match &n.val {
            Val::Arr(items) if items.iter().all(Node::is_obj) => Ok(items),
            _ => Err(format!("{}: `{key}` must be [[{key}]] tables", self.at(n))),
        }
    }

    fn unknown(&self, p: &Prop, table: &str, known: &[&str]) -> String {
        format!(
            "{}: unknown key `{}` in {table}(known: {})",
            self.at_offset(p.key_span.start),
            p.key,
            known.join(", ")
        )
    }
}

impl Recording {
    fn parse(text: &str) -> Result<Recording, String> {
        let lines = LineIndex::new(text);
        let doc = text.parse::<toml_edit::Document<String>>().map_err(|e| {
            let (line, col) = lines.line_col(text, e.span().map_or(0, |s| s.start));
            format!("line {line}, column {col}: {}", e.message().trim())
        })?;
        RecordingReader { text, lines }.read(&crate::doc::from_toml(&doc))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("--platform-replay {0}: {1}")]
    Read(String, String),
    #[error("--platform-replay {0}: {1}")]
    Parse(String, String),
}

/// Answers from a recording: `DIR/replay.toml` lists command lines with their stdout, stderr and
/// exit code, and files (NTFS streams, system files) with their content. A file not in the
/// recording is read from the diagnosed home (`--home`, `--root`) like any other file.
pub struct Replay<'a> {
    m: &'a Machine,
    dir: PathBuf,
    rec: Recording,
}

fn reason(s: &str) -> Unavailable {
    match s {
        "missing" => Unavailable::Missing,
        "denied" => Unavailable::Denied,
        "timeout" => Unavailable::TimedOut,
        other => Unavailable::Failed(other.to_string()),
    }
}

impl<'a> Replay<'a> {
    pub fn load(m: &'a Machine, dir: &Path) -> Result<Replay<'a>, ReplayError> {
        let file = if dir.is_dir() {
            dir.join("replay.toml")
        } else {
            dir.to_path_buf()
        };
        let shown = dir.display().to_string();
        // A recording comes from another machine: a regular file of bounded size only (a link
        // to /dev/zero or a named pipe would never end or never start).
        let text = crate::machine::read_bounded(&file, crate::machine::MAX_CONFIG_BYTES)
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            .map_err(|e| ReplayError::Read(shown.clone(), e))?;
        let rec = Recording::parse(&text).map_err(|e| ReplayError::Parse(shown, e))?;
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Replay { m, dir, rec })
    }

    fn same_path(&self, a: &str, b: &str) -> bool {
        if self.m.os.is_windows() {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    }

    fn same_argv(&self, a: &[String], b: &[String]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| self.same_path(x, y))
    }
}

impl Facts for Replay<'_> {
    fn run(&self, argv: &[String]) -> Answer {
        let Some(r) = self.rec.run.iter().find(|r| self.same_argv(&r.argv, argv)) else {
            return Answer::Unavailable(Unavailable::NotRecorded);
        };
        if let Some(u) = &r.unavailable {
            return Answer::Unavailable(reason(u));
        }
        let stdout = match (&r.stdout, &r.stdout_file) {
            (_, Some(f)) => match crate::machine::read_bounded(
                &self.dir.join(f),
                crate::machine::MAX_CONFIG_BYTES,
            ) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => {
                    return Answer::Unavailable(Unavailable::Failed(format!(
                        "recorded output {f}: {e}"
                    )))
                }
            },
            (Some(s), None) => s.clone(),
            (None, None) => String::new(),
        };
        Answer::Ran {
            code: Some(r.code.unwrap_or(0)),
            stdout,
            stderr: r.stderr.clone().unwrap_or_default(),
        }
    }

    fn read(&self, target: &str, max: usize) -> FileAnswer {
        match self
            .rec
            .file
            .iter()
            .find(|f| self.same_path(&f.path, target))
        {
            Some(f) if f.absent => FileAnswer::Absent,
            Some(f) => match (&f.unavailable, &f.text) {
                (Some(u), _) => FileAnswer::Unavailable(reason(u)),
                (None, Some(t)) => {
                    FileAnswer::Bytes(t.as_bytes().iter().take(max).copied().collect())
                }
                (None, None) => FileAnswer::Bytes(vec![]),
            },
            None => read_host(self.m, target, max),
        }
    }

    fn describe(&self) -> String {
        format!("recorded answers from {}", self.dir.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every recording in the repo reads, with all its keys.
    #[test]
    fn every_recorded_scenario_reads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/platform");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let file = e.unwrap().path().join("replay.toml");
            let text = std::fs::read_to_string(&file).unwrap();
            let rec = Recording::parse(&text).unwrap_or_else(|e| panic!("{file:?}: {e}"));
            let runs = text.matches("[[run]]").count();
            let files = text.matches("[[file]]").count();
            assert_eq!((rec.run.len(), rec.file.len()), (runs, files), "{file:?}");
            assert!(rec.run.iter().all(|r| !r.argv.is_empty()), "{file:?}");
            n += 1;
        }
        assert!(n >= 9);
    }

    #[test]
    fn a_recording_keeps_each_value_and_refuses_what_it_does_not_know() {
        let text = "os = \"macos\"\n[[run]]\nargv = [\"a\", \"b\"]\ncode = 3\nstdout = \"o\"\nstderr = \"e\"\n\
                    [[file]]\npath = \"/p\"\nabsent = true\n[[file]]\npath = \"/q\"\ntext = \"t\"\nunavailable = \"denied\"\n";
        let rec = Recording::parse(text).unwrap();
        let r = &rec.run[0];
        assert_eq!(r.argv, ["a", "b"]);
        assert_eq!(
            (r.code, r.stdout.as_deref(), r.stderr.as_deref()),
            (Some(3), Some("o"), Some("e"))
        );
        assert!(rec.file[0].absent && rec.file[0].path == "/p");
        assert_eq!(rec.file[1].text.as_deref(), Some("t"));
        assert_eq!(rec.file[1].unavailable.as_deref(), Some("denied"));

        let bad = |t: &str| Recording::parse(t).unwrap_err();
        let e = bad("[[run]]\nargv = [\"a\"]\nstdot = \"x\"\n");
        assert!(
            e.starts_with("line 3, column 1: unknown key `stdot` in [[run]]"),
            "{e}"
        );
        let e = bad("[[file]]\npath = \"/p\"\nabsent = \"yes\"\n");
        assert!(
            e.starts_with("line 3, column 10: `absent` must be true or false"),
            "{e}"
        );
        let e = bad("[[run]]\nargv = \"a b\"\n");
        assert!(e.contains("`argv` must be a list"), "{e}");
        let e = bad("[[run]]\ncode = 1\n");
        assert!(e.contains("a [[run]] without `argv`"), "{e}");
        let e = bad("[[run]]\nargv = [\"a\"]\ncode = 99999999999\n");
        assert!(e.contains("`code` must be an exit code"), "{e}");
        let e = bad("run = 3\n");
        assert!(e.contains("`run` must be [[run]] tables"), "{e}");
        let e = bad("[[run]\n");
        assert!(e.starts_with("line 1, column "), "{e}");
        let e = bad("title = \"x\"\n");
        assert!(e.contains("unknown key `title` in the file"), "{e}");
    }

    #[test]
    fn a_missing_tool_is_unavailable_not_a_verdict() {
        let m = Machine::new(Default::default(), vec![], PathBuf::from("/")).unwrap();
        let live = Live {
            m: &m,
            timeout: Duration::from_secs(5),
        };
        let a = live.run(&["/nonexistent/tool-for-mcp-doctor".to_string()]);
        assert_eq!(a, Answer::Unavailable(Unavailable::Missing));
    }

    #[cfg(unix)]
    #[test]
    fn a_slow_tool_is_stopped_at_the_timeout() {
        let m = Machine::new(Default::default(), vec![], PathBuf::from("/")).unwrap();
        let live = Live {
            m: &m,
            timeout: Duration::from_millis(200),
        };
        let t = Instant::now();
        let a = live.run(&["sleep".to_string(), "5".to_string()]);
        assert_eq!(a, Answer::Unavailable(Unavailable::TimedOut));
        assert!(t.elapsed() < Duration::from_secs(2));
    }
}
