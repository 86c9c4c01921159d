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
