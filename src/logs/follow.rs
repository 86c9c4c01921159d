//! `mcp-doctor logs --follow`: classifies the clients' MCP log lines as they are written, like
//! `tail -F`, one event a line.
//!
//! - Each log file [`super::discover`] finds (or the one `--file PATH`) is read from its current
//!   end (from the `--since` window's start when one is given), then polled every
//!   [`POLL_INTERVAL`]; the complete new lines go to one long-lived scanner (`Feed`),
//!   so what earlier lines said (a session that came up, a traceback in progress, a record that
//!   Claude Desktop also wrote to `mcp.log`) still counts. A partial last line waits until its
//!   newline is written. The record a line belongs to is not carried from one read to the next:
//!   continuation lines that arrive a poll after their record's first line are classified
//!   without its time (and, in a log of several servers, its server); writers put a record in
//!   one write, so this is rare.
//! - Rotation: a file that shrinks, whose bytes before the read position changed (rewritten in
//!   place, `copytruncate`), or whose path now names another file (renamed away and created
//!   again: another inode on Unix) is read again from its start; the old file is read to its end
//!   first (its handle stays open across the rename). A renamed file that discovery finds again
//!   under its new name (`mcp.log` → `mcp1.log`, `bridge.jsonl` → `bridge.jsonl.1`) goes on from
//!   where it was.
//! - New files (a new `mcp-server-NAME.log`) are found by running discovery again every
//!   [`REDISCOVER_EVERY`] and read from their start. Events of a file read again from its start
//!   that were already shown (same time, client, server, rule and text) are not shown twice.
//! - Every printed string is redacted ([`crate::redact`]) and sanitised for a terminal
//!   ([`crate::term`]).
use super::{discover, Feed, Filter, LogEvent, LogFormat, LogSource, Window};
use crate::machine::Machine;
use crate::redact;
use crate::render::Paint;
use crate::scope::Selected;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How often each followed file is looked at.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// How often discovery runs again, for files that appeared since.
pub const REDISCOVER_EVERY: Duration = Duration::from_secs(2);
/// The longest `--follow-for`: a day.
pub const MAX_FOLLOW_FOR: u64 = 86_400;
/// Bytes read (and fed) at a time: small enough that the events of one chunk stay under the
/// scanner's [`super::MAX_EVENTS`] (a `--since` backlog of dense failures loses none).
const CHUNK: usize = 128 << 10;
/// Bytes before the read position remembered to notice a file rewritten in place.
const TAIL: usize = 64;
/// At most this many `--since` events are held to be sorted by time.
const MAX_BACKLOG: usize = 100_000;
/// At most this many events' keys are remembered to avoid showing one twice.
const MAX_SHOWN: usize = 200_000;
/// A file unchanged this long is closed (its path is looked at every [`REDISCOVER_EVERY`]
/// instead of its handle every poll): a home holds thousands of old session logs, and macOS
/// allows a process 256 open files by default.
const IDLE: Duration = Duration::from_secs(30);
/// At most this many files are held open at once (the most recently changed).
const MAX_OPEN: usize = 128;

/// How `logs --follow` runs.
#[derive(Clone)]
pub struct Options {
    /// `--since`: print that window of each file first (else start at each file's end).
    pub since: Option<SystemTime>,
    /// `--file PATH`: follow this file only (no discovery).
    pub file: Option<PathBuf>,
    /// `--follow-for`: stop after this long (else run until interrupted).
    pub duration: Option<Duration>,
    /// One JSON object a line (NDJSON) instead of the human line.
    pub json: bool,
    pub paint: Paint,
    /// The human lines in ASCII (a locale that is not UTF-8).
    pub ascii: bool,
    /// Cut each human line to this many characters (the terminal's width); `None` when stdout is
    /// not a terminal (the text is then cut to 200 characters, as `logs` does).
    pub width: Option<usize>,
    /// Between two looks at the files.
    pub interval: Duration,
}

/// What a follow saw: how many events it printed, and the worst severity among their rules.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub events: u64,
    pub worst: Option<crate::finding::Severity>,
}

/// A file's identity, to tell a file renamed away and another created at its path: device and
/// inode on Unix. Elsewhere `None`: a rotation is then noticed by the file shrinking or its
/// bytes changing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct FileId(u64, u64);

#[cfg(unix)]
fn file_id(md: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some(FileId(md.dev(), md.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<FileId> {
    None
}

/// Where a file's identity is unknown (Windows: its index needs an unstable API), whether the
/// file at the path (`now`) is the one held open (`held`): a file created at the path after a
/// rename starts shorter than the old one, and on Windows has another creation time (unless NTFS
/// "tunnelling" gave it the old one, within 15 s of the rename: the length still tells). The same
/// file truncated also looks shorter: it is read from its start either way.
#[cfg(windows)]
fn same_file_guess(now: &std::fs::Metadata, held: &std::fs::Metadata) -> bool {
    use std::os::windows::fs::MetadataExt;
    now.creation_time() == held.creation_time() && now.len() >= held.len()
}

#[cfg(not(windows))]
fn same_file_guess(now: &std::fs::Metadata, held: &std::fs::Metadata) -> bool {
    now.len() >= held.len()
}

/// One followed file.
struct Tracked {
    src: LogSource,
    /// The scanner's source index (stable per path).
    index: usize,
    /// Open while the file changes (so that a file renamed away is still read to its end);
    /// closed when idle.
    file: Option<File>,
    /// When the file last gained bytes (or was opened).
    changed: Instant,
    id: Option<FileId>,
    /// Where the next unread line starts.
    offset: u64,
    /// The 1-based number of the line at `offset`, if known.
    line: Option<u64>,
    /// Up to [`TAIL`] bytes just before `offset`.
    tail: Vec<u8>,
    /// The length and modification time last seen (nothing to read while they stay).
    seen: Option<(u64, Option<SystemTime>)>,
    /// The next bytes start mid-file (a `--since` window's start).
    mid_file: bool,
    /// Events from before this offset may have been shown already (a file read again).
    dedupe_until: u64,
    /// `--file`: the format is guessed again from the first bytes that arrive.
    guess_format: bool,
    /// A read error was reported (once per file).
    error_shown: bool,
}

impl Tracked {
    /// A file just opened, to be read from its start.
    fn opened(
        src: LogSource,
        index: usize,
        file: File,
        id: Option<FileId>,
        guess_format: bool,
    ) -> Self {
        Tracked {
            src,
            index,
            file: Some(file),
            changed: Instant::now(),
            id,
            offset: 0,
            line: Some(1),
            tail: Vec::new(),
            seen: None,
            mid_file: false,
            dedupe_until: 0,
            guess_format,
            error_shown: false,
        }
    }
}

/// What [`Follower::rotate`] found at a followed file's path.
enum Rotation {
    /// The same file.
    None,
    /// Another file: followed from its start in the old one's place.
    Replaced,
    /// Nothing: the entry is gone.
    Removed,
}

/// Where a file renamed away had been read to (to go on there if it is found again).
struct Retired {
    src: LogSource,
    index: usize,
    offset: u64,
    line: Option<u64>,
    tail: Vec<u8>,
}

struct Follower<'m, 'w> {
    machine: &'m Machine,
    opts: &'w Options,
    sel: &'w Selected,
    filter: &'w Filter,
    feed: Feed<'w>,
    tracked: Vec<Tracked>,
    retired: HashMap<FileId, Retired>,
    indices: HashMap<PathBuf, usize>,
    shown: HashSet<u64>,
    /// Files that could not be opened, said once.
    unreadable: HashSet<PathBuf>,
    /// While reading the `--since` window: its events, to print sorted by time.
    backlog: Option<Vec<(LogEvent, bool)>>,
    summary: Summary,
}

/// Follows the logs until `opts.duration` passes (or the process is interrupted), writing each
/// event to `out` as it is classified. Errors other than writing `out` go to stderr, one line each.
pub fn run(
    machine: &Machine,
    opts: &Options,
    sel: &Selected,
    filter: &Filter,
    out: &mut dyn Write,
) -> io::Result<Summary> {
    let far = SystemTime::now()
        .checked_add(Duration::from_secs(100 * 365 * 86_400))
        .unwrap_or(machine.now);
    let window = Window {
        since: opts.since,
        until: far.max(machine.now),
    };
    let started = Instant::now();
    let deadline = opts.duration.map(|d| started + d);
    let mut f = Follower {
        machine,
        opts,
        sel,
        filter,
        feed: Feed::new(machine, &window, filter),
        tracked: Vec::new(),
        retired: HashMap::new(),
        indices: HashMap::new(),
        shown: HashSet::new(),
        unreadable: HashSet::new(),
        backlog: None,
        summary: Summary::default(),
    };
    f.discover(true);
    if opts.since.is_some() {
        // The window's events, oldest first across the files (as `logs` shows them).
        f.backlog = Some(Vec::new());
        f.poll(out, false)?;
        f.flush_backlog(out)?;
        out.flush()?;
    }
    if !opts.json && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        crate::term::eprint(
            &format!(
                "Following {} MCP log file(s); new ones are picked up. Ctrl-C stops.\n",
                f.tracked.len()
            ),
            false,
        );
    }
    let mut last_discovery = Instant::now();
    loop {
        f.poll(out, false)?;
        out.flush()?;
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        if last_discovery.elapsed() >= REDISCOVER_EVERY {
            if opts.file.is_none() {
                f.discover(false);
            }
            last_discovery = Instant::now();
            // The closed files, and a file found now, are looked at.
            f.poll(out, true)?;
            out.flush()?;
        }
        let nap = match deadline {
            Some(d) => opts
                .interval
                .min(d.saturating_duration_since(Instant::now())),
            None => opts.interval,
        };
        std::thread::sleep(nap);
    }
    Ok(f.summary)
}

impl Follower<'_, '_> {
    /// The sources to follow: `--file`, or what discovery finds now (narrowed to the selection).
    fn sources(&self) -> Vec<LogSource> {
        if let Some(p) = &self.opts.file {
            let mut head = Vec::new();
            if let Ok(file) = File::open(p) {
                let _ = file.take(64 * 1024).read_to_end(&mut head);
            }
            return vec![super::source_of_file(p, &head)];
        }
        discover(self.machine)
            .sources
            .into_iter()
            .filter(|s| self.filter.client.is_none() || s.client == self.filter.client)
            .filter(|s| match (&self.filter.server, &s.server) {
                (Some(want), Some(have)) => want == have,
                _ => true,
            })
            .filter(|s| {
                self.sel
                    .wants(s.client.map(|c| c.as_str()), s.server.as_deref())
            })
            .collect()
    }

    fn index_of(&mut self, path: &Path) -> usize {
        let n = self.indices.len();
        *self.indices.entry(path.to_path_buf()).or_insert(n)
    }

    /// Adds the files not followed yet: at the start, from their end (or the window's start);
    /// later, from their start (a file renamed from one followed goes on where it was).
    fn discover(&mut self, first: bool) {
        let mut paths: HashSet<PathBuf> = self.tracked.iter().map(|t| t.src.path.clone()).collect();
        let ids: HashSet<FileId> = self.tracked.iter().filter_map(|t| t.id).collect();
        for src in self.sources() {
            if !paths.insert(src.path.clone()) {
                continue;
            }
            let file = match File::open(&src.path) {
                Ok(f) => f,
                Err(e) => {
                    // Said once per path (discovery runs again every 2 s).
                    if self.unreadable.insert(src.path.clone()) {
                        let shown = self.machine.display(&src.path);
                        crate::term::eprint(
                            &redact::text(&format!("mcp-doctor: {shown}: {e} (not followed)\n")),
                            false,
                        );
                    }
                    continue;
                }
            };
            let Ok(md) = file.metadata() else { continue };
            if !md.is_file() {
                continue;
            }
            let id = file_id(&md);
            if id.is_some_and(|id| ids.contains(&id)) {
                // A followed file under a new name: the next poll sees it renamed.
                continue;
            }
            if let Some(r) = id.and_then(|id| self.retired.remove(&id)) {
                // Its content is still the old name's (its server, its client), under a new path.
                self.tracked.push(Tracked {
                    src: LogSource {
                        path: src.path,
                        ..r.src
                    },
                    index: r.index,
                    file: Some(file),
                    changed: Instant::now(),
                    id,
                    offset: r.offset,
                    line: r.line,
                    tail: r.tail,
                    seen: None,
                    mid_file: false,
                    dedupe_until: 0,
                    guess_format: false,
                    error_shown: false,
                });
                continue;
            }
            let index = self.index_of(&src.path);
            let guess_format = self.opts.file.is_some() && src.format == LogFormat::Unknown;
            let mut t = Tracked::opened(src, index, file, id, guess_format);
            if first {
                let _ = self.start_position(&mut t, &md);
                t.seen = Some((t.offset, md.modified().ok())).filter(|_| t.offset == md.len());
                // An old file is only looked at by path until it changes (one with a `--since`
                // backlog is read at the first poll all the same).
                if md
                    .modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_none_or(|age| age > IDLE)
                    || self.open_files() >= MAX_OPEN
                {
                    t.file = None;
                }
            } else {
                // A new file: all of it is new, unless it was a followed file's content under
                // another name (where a file's identity is unknown).
                t.dedupe_until = md.len();
            }
            self.tracked.push(t);
        }
    }

    /// Where a file found at the start is read from: its last line's end, or the `--since`
    /// window's start.
    fn start_position(&self, t: &mut Tracked, md: &std::fs::Metadata) -> io::Result<()> {
        let len = md.len();
        let Some(file) = t.file.as_mut() else {
            return Ok(());
        };
        let from_window = match (self.opts.since, md.modified()) {
            (Some(since), Ok(mtime)) => mtime >= since,
            (Some(_), Err(_)) => true,
            (None, _) => false,
        };
        let start = if from_window {
            match self.opts.since {
                Some(since) if len > 512 * 1024 => super::lines::find_start(file, len, since)?,
                _ => 0,
            }
        } else {
            // The end of the last complete line: a line being written is shown once complete.
            let back = len.min(super::lines::MAX_LINE as u64);
            file.seek(SeekFrom::Start(len - back))?;
            let mut buf = Vec::with_capacity(back as usize);
            file.take(back).read_to_end(&mut buf)?;
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => len - back + i as u64 + 1,
                None if back < len => len,
                None => 0,
            }
        };
        t.line = if start == 0 {
            Some(1)
        } else if start <= 16 << 20 {
            file.seek(SeekFrom::Start(0))?;
            count_lines(file.take(start)).ok().map(|n| n + 1)
        } else {
            None
        };
        t.offset = start;
        t.mid_file = from_window && start > 0;
        t.tail = read_at(file, start.saturating_sub(TAIL as u64), start)?;
        Ok(())
    }

    fn open_files(&self) -> usize {
        self.tracked.iter().filter(|t| t.file.is_some()).count()
    }

    /// Reads what each followed file gained, notices rotations, and prints the events. `closed`:
    /// also the files not held open.
    fn poll(&mut self, out: &mut dyn Write, closed: bool) -> io::Result<()> {
        let mut i = 0;
        let mut open = self.open_files();
        while i < self.tracked.len() {
            let was_closed = self.tracked[i].file.is_none();
            // A closed file never read (a `--since` backlog past the open-file limit) is read
            // at once; the others wait for the round of closed files.
            if !closed && was_closed && self.tracked[i].seen.is_some() {
                i += 1;
                continue;
            }
            let events = match self.poll_one(i) {
                Ok(ev) => ev,
                Err(e) => {
                    let t = &mut self.tracked[i];
                    if !t.error_shown {
                        t.error_shown = true;
                        let shown = self.machine.display(&t.src.path);
                        crate::term::eprint(
                            &redact::text(&format!("mcp-doctor: {shown}: {e}\n")),
                            false,
                        );
                    }
                    Vec::new()
                }
            };
            for (e, dedupe) in events {
                match self.backlog.as_mut() {
                    Some(b) if b.len() < MAX_BACKLOG => b.push((e, dedupe)),
                    // A window too big to hold: what is held is printed, the rest as it comes.
                    Some(_) => {
                        self.flush_backlog(out)?;
                        self.print(out, &e, dedupe)?;
                    }
                    None => self.print(out, &e, dedupe)?,
                }
            }
            if was_closed && self.tracked[i].file.is_some() {
                if open >= MAX_OPEN {
                    self.tracked[i].file = None;
                } else {
                    open += 1;
                }
            }
            match self.rotate(i) {
                Rotation::None => i += 1,
                // The new file at the path is read at once (it takes the old one's place).
                Rotation::Replaced => {}
                // Renamed away (or deleted) and not created again.
                Rotation::Removed => {}
            }
        }
        for e in self.feed.take_errors() {
            crate::term::eprint(&format!("mcp-doctor: {e}\n"), false);
        }
        // Idle files are closed; past the limit, those changed longest ago.
        for t in &mut self.tracked {
            if t.changed.elapsed() > IDLE {
                t.file = None;
            }
        }
        let open = self.open_files();
        if open > MAX_OPEN {
            let mut by_age: Vec<(Instant, usize)> = self
                .tracked
                .iter()
                .enumerate()
                .filter(|(_, t)| t.file.is_some())
                .map(|(i, t)| (t.changed, i))
                .collect();
            by_age.sort();
            for (_, i) in by_age.into_iter().take(open - MAX_OPEN) {
                self.tracked[i].file = None;
            }
        }
        Ok(())
    }

    /// When the file's path now names another file (or nothing), the old one has been read to
    /// its end: it is retired (to go on there if found under a new name) and the new one at the
    /// path is followed from its start.
    fn rotate(&mut self, i: usize) -> Rotation {
        let t = &self.tracked[i];
        let now = std::fs::metadata(&t.src.path).ok().filter(|m| m.is_file());
        let same = match (&now, t.id) {
            (Some(md), Some(id)) => file_id(md) == Some(id),
            (Some(md), None) => match t.file.as_ref().and_then(|f| f.metadata().ok()) {
                Some(held) => same_file_guess(md, &held),
                // A closed file: `poll_one` compares the path's length and bytes.
                None => true,
            },
            (None, _) => false,
        };
        if same {
            return Rotation::None;
        }
        let old = self.tracked.remove(i);
        if let Some(id) = old.id {
            if self.retired.len() >= 1000 {
                self.retired.clear();
            }
            self.retired.insert(
                id,
                Retired {
                    src: old.src.clone(),
                    index: old.index,
                    offset: old.offset,
                    line: old.line,
                    tail: old.tail.clone(),
                },
            );
        }
        let Some(file) = File::open(&old.src.path).ok() else {
            return Rotation::Removed;
        };
        let id = file.metadata().ok().and_then(|m| file_id(&m));
        if id.is_some() && self.tracked.iter().any(|t| t.id == id) {
            return Rotation::Removed;
        }
        let t = Tracked::opened(old.src, old.index, file, id, old.guess_format);
        self.tracked.insert(i, t);
        Rotation::Replaced
    }

    /// The new complete lines of one file, classified: each event with whether it may have
    /// been shown already.
    fn poll_one(&mut self, i: usize) -> io::Result<Vec<(LogEvent, bool)>> {
        let t = &mut self.tracked[i];
        if t.file.is_none() {
            // A closed file: opened again when its path shows a change (another file at the
            // path is a rotation, for `rotate`).
            let Some(md) = std::fs::metadata(&t.src.path).ok().filter(|m| m.is_file()) else {
                return Ok(Vec::new());
            };
            if t.seen == Some((md.len(), md.modified().ok()))
                || (t.id.is_some() && file_id(&md) != t.id)
            {
                return Ok(Vec::new());
            }
            let file = File::open(&t.src.path)?;
            if file.metadata().ok().and_then(|m| file_id(&m)) != t.id {
                return Ok(Vec::new());
            }
            t.file = Some(file);
            t.changed = Instant::now();
        }
        let Some(file) = t.file.as_mut() else {
            return Ok(Vec::new());
        };
        let md = file.metadata()?;
        let len = md.len();
        let mtime = md.modified().ok();
        if t.seen == Some((len, mtime)) {
            return Ok(Vec::new());
        }
        t.seen = Some((len, mtime));
        t.changed = Instant::now();
        if len < t.offset {
            // Truncated (or emptied and written again): all of it is new.
            restart(t, 0);
        } else if !t.tail.is_empty()
            && read_at(file, t.offset - t.tail.len() as u64, t.offset)? != t.tail
        {
            // Rewritten in place: what was read before may come again.
            restart(t, len);
        }
        let gone = std::fs::metadata(&t.src.path)
            .ok()
            .is_none_or(|m| t.id.is_some() && file_id(&m) != t.id);
        let mut events = Vec::new();
        loop {
            let t = &mut self.tracked[i];
            let Some(file) = t.file.as_mut() else { break };
            let buf = read_at(file, t.offset, t.offset.saturating_add(CHUNK as u64))?;
            if buf.is_empty() {
                break;
            }
            let end = match memchr::memrchr(b'\n', &buf) {
                Some(nl) => nl + 1,
                // A line longer than a chunk, or the last line of a file renamed away: read as
                // it is.
                None if buf.len() == CHUNK || gone => buf.len(),
                None => break,
            };
            let chunk = &buf[..end];
            if t.guess_format {
                t.guess_format = false;
                let path = t.src.path.clone();
                t.src = super::source_of_file(&path, chunk);
            }
            let dedupe = t.offset < t.dedupe_until;
            let (src, index, line, mid) = (t.src.clone(), t.index, t.line, t.mid_file);
            t.mid_file = false;
            t.offset += end as u64;
            t.line = t
                .line
                .map(|n| n + memchr::memchr_iter(b'\n', chunk).count() as u64);
            let mut tail = std::mem::take(&mut t.tail);
            tail.extend_from_slice(&chunk[chunk.len().saturating_sub(TAIL)..]);
            t.tail = tail[tail.len().saturating_sub(TAIL)..].to_vec();
            let full = buf.len() == CHUNK;
            for e in self.feed.feed(&src, index, chunk, line, mid) {
                events.push((e, dedupe));
            }
            if !full {
                break;
            }
        }
        Ok(events)
    }

    /// Prints the held `--since` events, oldest first (in file order when a time is missing),
    /// and stops holding.
    fn flush_backlog(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let Some(mut held) = self.backlog.take() else {
            return Ok(());
        };
        if held.iter().all(|(e, _)| e.at.is_some()) {
            held.sort_by_key(|(e, _)| e.at);
        }
        for (e, dedupe) in held {
            self.print(out, &e, dedupe)?;
        }
        Ok(())
    }

    fn print(&mut self, out: &mut dyn Write, e: &LogEvent, dedupe: bool) -> io::Result<()> {
        if !self.sel.wants_id(e.client, e.server.as_deref()) {
            return Ok(());
        }
        if e.time.is_some() {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&e.time, e.client, &e.server, &e.rule, &e.text).hash(&mut h);
            let key = h.finish();
            if dedupe && self.shown.contains(&key) {
                return Ok(());
            }
            if self.shown.len() >= MAX_SHOWN {
                self.shown.clear();
            }
            self.shown.insert(key);
        }
        let sev = e.rule.map(|r| r.rule().severity);
        self.summary.events += 1;
        if sev > self.summary.worst {
            self.summary.worst = sev;
        }
        let line = if self.opts.json {
            json_line(e)
        } else {
            let l = human_line(e, self.opts.paint, self.opts.width);
            if self.opts.ascii {
                crate::output::to_ascii(&l)
            } else {
                l
            }
        };
        out.write_all(line.as_bytes())
    }
}

/// Reads the file from its start again (`dedupe_until`: events before that offset may have been
/// shown).
fn restart(t: &mut Tracked, dedupe_until: u64) {
    t.offset = 0;
    t.line = Some(1);
    t.tail.clear();
    t.mid_file = false;
    t.dedupe_until = dedupe_until;
}

/// The bytes `[from, to)` of a file (fewer at its end).
fn read_at(file: &mut File, from: u64, to: u64) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(from))?;
    let mut buf = Vec::with_capacity(to.saturating_sub(from).min(CHUNK as u64) as usize);
    file.take(to.saturating_sub(from)).read_to_end(&mut buf)?;
    Ok(buf)
}

fn count_lines<R: Read>(mut r: R) -> io::Result<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(n),
            Ok(k) => n += memchr::memchr_iter(b'\n', &buf[..k]).count() as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// One event as one line of NDJSON: the fields of `logs --json`'s `events[]`, redacted (every
/// string the report's redaction visits), with no control character a terminal would obey.
pub fn json_line(e: &LogEvent) -> String {
    use crate::report::EachString;
    let mut e = e.clone();
    e.each_string(&mut |x| {
        let r = redact::text(x);
        if r != *x {
            *x = r;
        }
    });
    let s = serde_json::to_string(&e).unwrap_or_default();
    let mut s = crate::term::for_stdout(&s, true, false);
    s.push('\n');
    s
}

/// One event as one human line: time, client/server, a mark by the rule's severity, the rule
/// and its cause, the text (without the time, server and level it repeats), cut to `width`
/// characters when given (else the text to 200, as `logs` shows it). Redacted and sanitised.
pub fn human_line(e: &LogEvent, p: Paint, width: Option<usize>) -> String {
    let clean = |s: &str| crate::term::sanitize(&redact::text(s), false).replace('\n', " ");
    let time = e.time.as_deref().map(clean).unwrap_or_default();
    let server = e.server.as_deref().map(clean);
    let who = match (e.client, &server) {
        (Some(c), Some(s)) => format!("{}/{s}", c.as_str()),
        (Some(c), None) => c.as_str().to_string(),
        (None, Some(s)) => s.clone(),
        (None, None) => "-".to_string(),
    };
    let severity = e.rule.map(|r| r.rule().severity.as_str());
    let (mark_plain, mark) = match severity {
        Some(s @ ("error" | "warning")) => (if s == "error" { "✗" } else { "!" }, p.mark(s)),
        Some(_) => ("i", p.mark("note")),
        None => ("·", p.dim("·")),
    };
    // Rule and cause are ids: nothing to redact or sanitise.
    let rule = match (e.rule, e.cause) {
        (Some(r), Some(c)) => format!("{r} → {c}"),
        (Some(r), None) => r.as_str().to_string(),
        _ => String::new(),
    };
    // The text without what the line already shows: its own time, `[server]`, `[level]`.
    let mut text = clean(&e.text);
    let mut rest = text.as_str();
    if !time.is_empty() {
        rest = rest
            .strip_prefix(time.as_str())
            .unwrap_or(rest)
            .trim_start();
    }
    if let Some(s) = &server {
        rest = rest
            .strip_prefix(&format!("[{s}]"))
            .unwrap_or(rest)
            .trim_start();
    }
    if let Some(l) = e.level {
        rest = rest
            .strip_prefix(&format!("[{l}]"))
            .unwrap_or(rest)
            .trim_start();
    }
    text = rest.to_string();
    let sep = if rule.is_empty() { "" } else { ": " };
    let prefix_len = [time.as_str(), mark_plain, who.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().count() + 1)
        .sum::<usize>()
        + rule.chars().count()
        + sep.len();
    let room = match width {
        Some(w) => w.saturating_sub(prefix_len).max(10),
        None => 200,
    };
    if text.chars().count() > room {
        text = text
            .chars()
            .take(room.saturating_sub(1))
            .collect::<String>()
            + "…";
    }
    let mut line = String::new();
    if !time.is_empty() {
        line.push_str(&p.dim(&time));
        line.push(' ');
    }
    line.push_str(&mark);
    line.push(' ');
    line.push_str(&p.bold(&who));
    line.push(' ');
    if !rule.is_empty() {
        line.push_str(&p.cyan(&rule));
        line.push_str(sep);
    }
    line.push_str(&text);
    let mut s = crate::term::for_stdout(&line, false, p.on);
    s.push('\n');
    s
}

/// The terminal's width in columns when stdout is a terminal: `COLUMNS`, else the terminal's
/// own answer (Unix).
pub fn terminal_width(env: &dyn Fn(&str) -> Option<String>) -> Option<usize> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return None;
    }
    if let Some(n) = env("COLUMNS").and_then(|c| c.trim().parse::<usize>().ok()) {
        if n >= 20 {
            return Some(n);
        }
    }
    #[cfg(unix)]
    {
        // SAFETY: TIOCGWINSZ writes a winsize into the struct given; fd 1 is stdout.
        let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) } == 0;
        if ok && ws.ws_col >= 20 {
            return Some(ws.ws_col as usize);
        }
    }
    Some(100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::ClientId;

    fn event(text: &str, rule: Option<crate::rules::RuleId>) -> LogEvent {
        LogEvent {
            time: Some("2026-11-22T09:00:00.100Z".into()),
            client: Some(ClientId::ClaudeDesktop),
            server: Some("weather".into()),
            level: Some(crate::logs::Level::Error),
            rule,
            cause: rule.map(|r| r.rule().cause),
            path: "~/Library/Logs/Claude/mcp-server-weather.log".into(),
            line: Some(3),
            text: text.into(),
            at: None,
        }
    }

    #[test]
    fn human_line_is_one_cut_line_without_repeats() {
        let e = event(
            &format!(
                "2026-11-22T09:00:00.100Z [weather] [error] FATAL ERROR: heap {}\x1b]0;x\x07",
                "x".repeat(300)
            ),
            Some(crate::rules::RuleId::LogHeapOutOfMemory),
        );
        let l = human_line(&e, Paint { on: false }, Some(100));
        assert!(l.ends_with('\n') && l.matches('\n').count() == 1, "{l}");
        assert!(l.trim_end().chars().count() <= 100, "{l}");
        assert!(
            l.starts_with(
                "2026-11-22T09:00:00.100Z ✗ claude-desktop/weather log-heap-out-of-memory → oom-killed: FATAL ERROR"
            ),
            "{l}"
        );
        assert!(!l.contains("[weather]"), "{l}");
    }

    #[test]
    fn without_an_identity_a_shorter_file_at_the_path_is_another_file() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a.log"), d.path().join("b.log"));
        std::fs::write(&a, "one line\nanother\n").unwrap();
        std::fs::write(&b, "one\n").unwrap();
        let (ma, mb) = (
            std::fs::metadata(&a).unwrap(),
            std::fs::metadata(&b).unwrap(),
        );
        assert!(!same_file_guess(&mb, &ma));
        assert!(same_file_guess(&ma, &ma));
    }

    #[test]
    fn lines_are_redacted_and_sanitised() {
        let e = event(
            "token ghp_abcdefghijklmnopqrstuvwxyz0123 \x1b[2J done",
            None,
        );
        let h = human_line(&e, Paint { on: false }, None);
        assert!(!h.contains("ghp_abc") && !h.contains('\x1b'), "{h}");
        assert!(
            h.contains("<redacted:") && h.contains("· claude-desktop/weather"),
            "{h}"
        );
        let j = json_line(&e);
        assert!(!j.contains("ghp_abc") && !j.contains('\x1b'), "{j}");
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["server"], "weather");
        assert_eq!(v["line"], 3);
    }
}
