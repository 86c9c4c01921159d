//! Reading big logs: lines through one large buffer with memchr, each line capped, and the start
//! of a `--since` window found by binary search on timestamps, so that a scan costs time in
//! proportion to the window and memory that does not grow with the file.
use super::time;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::time::SystemTime;

/// The longest line kept; the rest of a longer line is skipped (a 50 MB line costs 64 KiB).
pub const MAX_LINE: usize = 64 * 1024;
/// The read buffer.
pub const BUF_SIZE: usize = 1 << 20;

/// Calls `f(line, truncated)` for each line (without its `\n` or `\r\n`) until the end or until
/// `f` returns `false`. Returns how many bytes were consumed.
pub fn for_each_line<R: Read>(r: R, mut f: impl FnMut(&[u8], bool) -> bool) -> io::Result<u64> {
    let mut reader = BufReader::with_capacity(BUF_SIZE, r);
    let mut scratch: Vec<u8> = Vec::new();
    let mut truncated = false;
    let mut consumed: u64 = 0;
    let trim = |l: &[u8]| -> usize {
        if l.last() == Some(&b'\r') {
            l.len() - 1
        } else {
            l.len()
        }
    };
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if !scratch.is_empty() || truncated {
                let n = trim(&scratch);
                f(&scratch[..n], truncated);
            }
            return Ok(consumed);
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i, i + 1),
            None => (buf.len(), buf.len()),
        };
        let complete = done > take;
        let keep_going = if complete && scratch.is_empty() && !truncated {
            let line = &buf[..take];
            if line.len() > MAX_LINE {
                f(&line[..MAX_LINE], true)
            } else {
                f(&line[..trim(line)], false)
            }
        } else {
            let room = MAX_LINE.saturating_sub(scratch.len());
            if take > room {
                truncated = true;
            }
            scratch.extend_from_slice(&buf[..take.min(room)]);
            if complete {
                let n = trim(&scratch);
                let go = f(&scratch[..n], truncated);
                scratch.clear();
                truncated = false;
                go
            } else {
                true
            }
        };
        reader.consume(done);
        consumed += done as u64;
        if !keep_going {
            return Ok(consumed);
        }
    }
}

/// Calls `f(chunk)` with the stream in large pieces of whole lines, each line ending with `\n`
/// (one is added to a last line without it), so that a scan can look at a whole buffer at once
/// (a prefilter over the buffer, line bounds only where it hits). A line longer than the buffer
/// is passed as its first [`MAX_LINE`] bytes; the rest of it is skipped. Stops when `f` returns
/// `false`.
pub fn for_each_chunk<R: Read>(r: R, f: impl FnMut(&[u8]) -> bool) -> io::Result<()> {
    for_each_chunk_sized(r, BUF_SIZE, f)
}

/// [`for_each_chunk`] through a buffer of `size` bytes (at most [`BUF_SIZE`]): a stream known to
/// be small (a client log of a few KiB) is read whole without zeroing a buffer of a MiB. A line
/// longer than the buffer is passed as the buffer's worth of its first bytes (at most
/// [`MAX_LINE`]).
pub fn for_each_chunk_sized<R: Read>(
    mut r: R,
    size: usize,
    mut f: impl FnMut(&[u8]) -> bool,
) -> io::Result<()> {
    let mut buf = vec![0u8; size.clamp(1, BUF_SIZE)];
    let mut filled = 0;
    let mut eof = false;
    // Inside the rest of a line longer than the buffer, until its `\n`.
    let mut skipping = false;
    loop {
        while filled < buf.len() && !eof {
            match r.read(&mut buf[filled..]) {
                Ok(0) => eof = true,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // The whole lines read before the error are read as usual.
                    if let Some(i) = memchr::memrchr(b'\n', &buf[..filled]).filter(|_| !skipping) {
                        f(&buf[..=i]);
                    }
                    return Err(e);
                }
            }
        }
        if skipping {
            match memchr::memchr(b'\n', &buf[..filled]) {
                Some(i) => {
                    buf.copy_within(i + 1..filled, 0);
                    filled -= i + 1;
                    skipping = false;
                }
                None => filled = 0,
            }
        }
        if filled == 0 {
            if eof {
                return Ok(());
            }
            continue;
        }
        match memchr::memrchr(b'\n', &buf[..filled]) {
            Some(i) => {
                if !f(&buf[..=i]) {
                    return Ok(());
                }
                buf.copy_within(i + 1..filled, 0);
                filled -= i + 1;
            }
            None if eof => {
                let mut last = buf[..filled].to_vec();
                last.push(b'\n');
                f(&last);
                return Ok(());
            }
            None => {
                // The buffer is full and holds no line end: a line longer than the buffer.
                let mut head = buf[..MAX_LINE.min(buf.len())].to_vec();
                head.push(b'\n');
                if !f(&head) {
                    return Ok(());
                }
                filled = 0;
                skipping = true;
            }
        }
    }
}

/// One line of a chunk of [`for_each_chunk`] (`raw` without its `\n`), as [`for_each_line`] gives
/// it: without a trailing `\r`, cut at [`MAX_LINE`] bytes.
pub fn line_of(raw: &[u8]) -> &[u8] {
    if raw.len() > MAX_LINE {
        &raw[..MAX_LINE]
    } else if raw.last() == Some(&b'\r') {
        &raw[..raw.len() - 1]
    } else {
        raw
    }
}

/// The time a line carries: a leading timestamp (bare or in brackets, as mcp-remote writes it) or
/// a JSON `"timestamp"` field (Claude Code's per-server logs).
pub fn line_time(line: &[u8]) -> Option<SystemTime> {
    if let Some((t, _)) = time::parse_prefix(line) {
        return Some(t);
    }
    if line.first() == Some(&b'[') {
        if let Some((t, _)) = time::parse_prefix(&line[1..]) {
            return Some(t);
        }
    }
    let head = &line[..line.len().min(4096)];
    static FIND_TS: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    if let Some(i) = super::finder(&FIND_TS, b"\"timestamp\"").find(head) {
        let rest = &head[i + 11..];
        let q = memchr::memchr(b'"', rest)?;
        return time::parse_prefix(&rest[q + 1..]).map(|(t, _)| t);
    }
    None
}

/// The first line starting at or after `from` (after the next newline, unless `from` is 0) that
/// carries a time, within `limit` bytes: its offset and time.
fn first_time_after<F: Read + Seek>(
    file: &mut F,
    from: u64,
    limit: u64,
) -> io::Result<Option<(u64, SystemTime)>> {
    file.seek(SeekFrom::Start(from))?;
    let mut pos = from;
    let mut skip_partial = from > 0;
    let mut found = None;
    for_each_line(file.take(limit), |line, _| {
        let start = pos;
        pos += line.len() as u64 + 1;
        if skip_partial {
            skip_partial = false;
            return true;
        }
        if let Some(t) = line_time(line) {
            found = Some((start, t));
            return false;
        }
        true
    })?;
    // `pos` counts `\n` per line; a `\r\n` line is one byte off, which only moves the start
    // earlier into the same line's end: harmless, the scan re-checks every time.
    Ok(found)
}

/// The offset of a line start at or before the first line whose time is `>= since`, found by
/// binary search on the timestamps (the file is read in `O(log n)` small pieces). Timestamps out
/// of order only make the start earlier or later than ideal; the scan still checks every line.
pub fn find_start<F: Read + Seek>(file: &mut F, len: u64, since: SystemTime) -> io::Result<u64> {
    const PROBE: u64 = 1 << 20;
    let (mut lo, mut hi) = (0u64, len);
    let mut steps = 0;
    while hi.saturating_sub(lo) > 256 * 1024 && steps < 64 {
        steps += 1;
        let mid = lo + (hi - lo) / 2;
        match first_time_after(file, mid, PROBE.min(hi - mid))? {
            Some((at, t)) if t < since => {
                if at <= lo {
                    break;
                }
                lo = at;
            }
            _ => hi = mid,
        }
    }
    // `lo` is a line start (0 or the start of a line with a time before the window).
    Ok(lo)
}

/// The width a paste was hard-wrapped at, when its lines show one: a console copies the lines of
/// its buffer as they are drawn (Windows' console at its window's width, 80 or 120 columns;
/// `tmux` copy mode; a screenshot read back), so a long message arrives cut into lines of exactly
/// that many characters, the rest on the next. Told by its signature: no line is longer than the
/// widest (at least 80 characters), at least two different lines are exactly that wide, and
/// every one of them but one goes on in a next line that can continue it (`continues`, not a
/// `frame`). A log a program wrote has lines of every length and a record per line.
pub fn hard_wrap_width(text: &[u8]) -> Option<usize> {
    let lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect();
    let chars = |l: &[u8]| l.iter().filter(|&&b| (b & 0xc0) != 0x80).count();
    let w = lines.iter().map(|l| chars(l)).max()?;
    // Consoles are 80 columns or wider (Windows' is 120 by default): two lines of the same
    // length in a short paste of narrower lines are a coincidence, not a wrap.
    if w < 80 {
        return None;
    }
    let wide: Vec<usize> = (0..lines.len())
        .filter(|&i| chars(lines[i]) == w && !frame(lines[i]))
        .collect();
    let distinct = {
        let mut d: Vec<&[u8]> = wide.iter().map(|&i| lines[i]).collect();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    let goes_on = |i: usize| {
        lines
            .get(i + 1)
            .is_some_and(|n| continues(lines[i], n) && !frame(n))
    };
    let continued = wide.iter().filter(|&&i| goes_on(i)).count();
    (distinct >= 2 && continued >= 2 && continued + 1 >= wide.len()).then_some(w)
}

/// Whether `next` can be the rest of `line` cut at the console's edge: not blank, not a record
/// of its own (a timestamp, or the same record prefix as `line`: `docker compose`'s `app  | `,
/// journald's `Nov 29 10:00:01 host`), not indented (a stack frame, a traceback's source line).
fn continues(line: &[u8], next: &[u8]) -> bool {
    let blank = next.iter().all(u8::is_ascii_whitespace);
    let indented = next.starts_with(b"  ") || next.starts_with(b"\t");
    let same_prefix = next.len() >= 6 && line.len() >= 6 && next[..6] == line[..6];
    !(blank || indented || same_prefix || line_time(next).is_some())
}

/// A line of a frame, drawn to the width on purpose (a TUI's box, a table, a rule of `─` or `=`):
/// it starts or ends with a frame character.
fn frame(l: &[u8]) -> bool {
    let s = String::from_utf8_lossy(l);
    let t = s.trim();
    t.ends_with(FRAME) || t.starts_with(FRAME)
}

/// What frames are drawn with: box drawing, table borders, rules.
const FRAME: &[char] = &[
    '│', '┃', '║', '╮', '╯', '╭', '╰', '┐', '┘', '┌', '└', '┤', '├', '─', '━', '═', '|', '+', '=',
    '-', '*', '#',
];

/// `text` with each line exactly `width` characters wide joined to the line after it (see
/// [`hard_wrap_width`]): a message cut at the console's edge, read whole again.
pub fn unwrap_hard(text: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut parts = text.split(|&b| b == b'\n').peekable();
    while let Some(line) = parts.next() {
        let body = line.strip_suffix(b"\r").unwrap_or(line);
        out.extend_from_slice(body);
        // (A frame's line is joined too once the text is known to be wrapped: a cut may end in
        // `-` or `=` as a frame does.)
        let full = body.iter().filter(|&&b| (b & 0xc0) != 0x80).count() == width;
        let next_goes_on = parts
            .peek()
            .is_some_and(|n| continues(body, n.strip_suffix(b"\r").unwrap_or(n)));
        if parts.peek().is_none() {
            break;
        }
        if !(full && next_goes_on) {
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn lines(data: &[u8]) -> Vec<(String, bool)> {
        let mut out = vec![];
        for_each_line(Cursor::new(data), |l, t| {
            out.push((String::from_utf8_lossy(l).into_owned(), t));
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn splits_lines_and_caps_long_ones() {
        assert_eq!(
            lines(b"a\r\nb\n\nc"),
            vec![
                ("a".into(), false),
                ("b".into(), false),
                ("".into(), false),
                ("c".into(), false)
            ]
        );
        let mut big = vec![b'x'; 3 * MAX_LINE + 17];
        big.extend_from_slice(b"\nnext\n");
        let got = lines(&big);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.len(), MAX_LINE);
        assert!(got[0].1);
        assert_eq!(got[1], ("next".into(), false));
    }

    fn chunked(data: &[u8]) -> Vec<String> {
        let mut out = vec![];
        for_each_chunk(Cursor::new(data), |c| {
            assert_eq!(c.last(), Some(&b'\n'));
            for l in c[..c.len() - 1].split(|&b| b == b'\n') {
                out.push(String::from_utf8_lossy(line_of(l)).into_owned());
            }
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn chunks_hold_the_same_lines_as_line_by_line_reading() {
        let mut data = Vec::new();
        for i in 0..40_000 {
            data.extend_from_slice(format!("line {i} with some text\r\n").as_bytes());
            if i % 9_999 == 0 {
                data.extend(std::iter::repeat_n(b'y', BUF_SIZE + 10));
                data.push(b'\n');
                data.extend(std::iter::repeat_n(b'z', MAX_LINE + 3));
                data.push(b'\n');
            }
        }
        data.extend_from_slice(b"last without newline\r");
        let want: Vec<String> = lines(&data).into_iter().map(|l| l.0).collect();
        assert_eq!(chunked(&data), want);
        assert_eq!(chunked(b""), Vec::<String>::new());
        assert_eq!(chunked(b"\n"), vec![String::new()]);
    }

    #[test]
    fn binary_search_lands_just_before_the_window() {
        let mut data = String::new();
        let base = time::parse("2026-01-01T00:00:00Z").unwrap();
        for i in 0..200_000u64 {
            let t = time::format(base + std::time::Duration::from_secs(i));
            data.push_str(&format!("{t} [info] [s] line {i}\n"));
        }
        let since = base + std::time::Duration::from_secs(150_000);
        let mut c = Cursor::new(data.as_bytes());
        let at = find_start(&mut c, data.len() as u64, since).unwrap() as usize;
        assert!(at > 0 && at < data.len());
        assert!(at == 0 || data.as_bytes()[at - 1] == b'\n');
        let first = line_time(&data.as_bytes()[at..]).unwrap();
        assert!(first < since);
        // Not far before the window: well under the 256 KiB stop distance plus a probe.
        let window_start = data.find("line 150000\n").unwrap();
        assert!(window_start - at < 2 * 1024 * 1024, "{}", window_start - at);
    }

    /// A paste cut at a console's edge is one text again; logs that only look even are not.
    #[test]
    fn a_console_wrap_is_joined_and_nothing_else_is() {
        let msg = "2026-11-29T08:00:00.000Z [error] [github] spawn npx ENOENT: the server could not start because npx.cmd was not found on the PATH of the app, see the log for details of the start, and retry after installing Node.js from nodejs.org or with winget install OpenJS.NodeJS.LTS";
        let text = [
            "2026-11-29T07:59:59.000Z [info] [github] Initializing server...",
            msg,
            "2026-11-29T08:00:01.000Z [info] [github] Server transport closed (code 1) and the client will not retry it again",
        ];
        // Every line cut at the width, as the console drew it.
        let wrap = |w: usize| {
            let mut t = String::new();
            for l in text {
                let c: Vec<char> = l.chars().collect();
                for p in c.chunks(w) {
                    t.extend(p);
                    t.push('\n');
                }
            }
            t
        };
        // (At least two lines cut: one line as wide as any other is no evidence.)
        for w in [80, 120] {
            let t = wrap(w);
            assert_eq!(hard_wrap_width(t.as_bytes()), Some(w), "{t}");
            let back = String::from_utf8(unwrap_hard(t.as_bytes(), w)).unwrap();
            assert!(back.contains(msg), "{back}");
            assert_eq!(back.lines().count(), 3, "{back}");
        }
        // Narrower than a console: a coincidence of two equal lines.
        assert_eq!(hard_wrap_width(wrap(60).as_bytes()), None);
        // A record prefix on every line (docker compose), two frames of one file in a traceback
        // followed by their source lines, a TUI's box: drawn to a width, not cut at it.
        let docker = "app-1  | 2025-11-20 12:00:49 info: [MCP][postgres] Creating streamable-http transport: http://localhost:3081/mcp\napp-1  | 2025-11-20 12:00:49 error: [MCP][postgres] Transport error: fetch failed, retrying the connection in 4 s\napp-1  | 2025-11-20 12:00:49 error: [MCP][postgres] Connection failed: fetch failed\n";
        let tb = "Traceback (most recent call last):\n  File \"/home/u/srv/.venv/lib/python3.12/site-packages/mcp/server/stdio.py\", line 120, in run\n    await x\n  File \"/home/u/srv/.venv/lib/python3.12/site-packages/mcp/server/stdio.py\", line 134, in run\n    await y\nRuntimeError: boom\n";
        let tui = "╭──────────────────────────────────────────────────────────────────────────────────╮\n│ > /mcp auth gmail                                                                │\n╰──────────────────────────────────────────────────────────────────────────────────╯\n✕ Failed to authenticate with MCP server 'gmail'\n";
        for t in [docker, tb, tui] {
            assert_eq!(hard_wrap_width(t.as_bytes()), None, "{t}");
        }
    }
}
