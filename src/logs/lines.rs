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
}
