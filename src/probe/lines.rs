//! Bounded line reading: a line longer than the cap comes in pieces of the cap's size, so a
//! server that floods its output cannot make the doctor use unbounded memory.
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::SyncSender;

/// The longest stdout line kept whole (the TS SDK's own cap is 10 MiB).
pub const MAX_STDOUT_LINE: usize = 10 * 1024 * 1024;
/// The longest stderr line kept (the rest of it is dropped).
pub const MAX_STDERR_LINE: usize = 1024;

/// One line read, possibly cut.
#[derive(Debug)]
pub struct Line {
    pub bytes: Vec<u8>,
    /// The line was longer than the cap and was cut.
    pub cut: bool,
}

/// Reads one line of at most `max` bytes (without the `\n` and one trailing `\r`). A longer line
/// comes back in pieces of `max` bytes marked `cut`. `Ok(None)` at end of stream.
pub fn read_line<R: BufRead>(r: &mut R, max: usize) -> std::io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut cut = false;
    let mut any = false;
    loop {
        let (done, used) = {
            let avail = match r.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                if !any {
                    return Ok(None);
                }
                (true, 0)
            } else {
                any = true;
                match memchr(avail) {
                    Some(i) => {
                        keep(&mut buf, &avail[..i], max, &mut cut);
                        (true, i + 1)
                    }
                    None => {
                        // A line that reaches the cap is handed over cut, without waiting for its
                        // end: a server that never writes a newline is still seen.
                        let room = max.saturating_sub(buf.len());
                        if avail.len() >= room {
                            buf.extend_from_slice(&avail[..room]);
                            cut = true;
                            (true, room)
                        } else {
                            keep(&mut buf, avail, max, &mut cut);
                            (false, avail.len())
                        }
                    }
                }
            }
        };
        r.consume(used);
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(Line { bytes: buf, cut }));
        }
    }
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn keep(buf: &mut Vec<u8>, part: &[u8], max: usize, cut: &mut bool) {
    let room = max.saturating_sub(buf.len());
    if part.len() > room {
        *cut = true;
    }
    buf.extend_from_slice(&part[..part.len().min(room)]);
}

/// Reads lines from `r` on the calling thread and sends them; stops at end of stream, on a read
/// error, or when the receiver is gone. The channel is bounded, so memory is too.
pub fn pump<R: Read>(r: R, max: usize, tx: SyncSender<Line>) {
    let mut br = BufReader::with_capacity(64 * 1024, r);
    while let Ok(Some(line)) = read_line(&mut br, max) {
        if tx.send(line).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_and_capped() {
        let data = b"abc\r\n0123456789xyz\nlast";
        let mut r = BufReader::with_capacity(4, &data[..]);
        let l = read_line(&mut r, 10).unwrap().unwrap();
        assert_eq!((l.bytes.as_slice(), l.cut), (&b"abc"[..], false));
        let l = read_line(&mut r, 10).unwrap().unwrap();
        assert_eq!((l.bytes.as_slice(), l.cut), (&b"0123456789"[..], true));
        let l = read_line(&mut r, 10).unwrap().unwrap();
        assert_eq!((l.bytes.as_slice(), l.cut), (&b"xyz"[..], false));
        let l = read_line(&mut r, 10).unwrap().unwrap();
        assert_eq!(l.bytes, b"last");
        assert!(read_line(&mut r, 10).unwrap().is_none());
    }
}
