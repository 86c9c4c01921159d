//! Text as the program printed it, not as a terminal, a chat or a web page decorated it: colour
//! and hyperlink escape sequences (ANSI CSI and OSC 8) dropped, no-break and other typographic
//! spaces read as spaces, typographic quotes (`‘’“”`) as ASCII ones. A log copied from a coloured
//! terminal or from a page that "smartened" its quotes then matches the rules as printed.
//!
//! [`Plain`] does it while reading, in place (every replacement is shorter than what it
//! replaces), so the reader's buffer is reused and a text without any of these bytes costs one
//! `memchr3` over it.
use std::io::{self, Read};

/// The longest sequence held back when a read ends inside one: an escape sequence longer than
/// this is kept as text.
const HOLD: usize = 64;

/// A reader that yields its inner reader's bytes normalized (see the module doc). Line breaks are
/// never touched, so line numbers stay those of the file.
pub struct Plain<R> {
    inner: R,
    /// Bytes of a sequence a read ended inside, put first in the next read.
    carry: Vec<u8>,
    /// Normalized bytes a small read had no room for, handed out first.
    ready: Vec<u8>,
    eof: bool,
}

impl<R: Read> Plain<R> {
    pub fn new(inner: R) -> Plain<R> {
        Plain {
            inner,
            carry: Vec::new(),
            ready: Vec::new(),
            eof: false,
        }
    }
}

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.ready.is_empty() {
            let k = self.ready.len().min(buf.len());
            buf[..k].copy_from_slice(&self.ready[..k]);
            self.ready.drain(..k);
            return Ok(k);
        }
        if buf.is_empty() {
            return Ok(0);
        }
        if buf.len() < 2 * HOLD {
            // Too small to hold a sequence back in: read through a buffer of our own.
            let mut tmp = [0u8; 4 * HOLD];
            let n = self.read(&mut tmp)?;
            let k = n.min(buf.len());
            buf[..k].copy_from_slice(&tmp[..k]);
            self.ready.extend_from_slice(&tmp[k..n]);
            return Ok(k);
        }
        loop {
            let c = self.carry.len();
            buf[..c].copy_from_slice(&self.carry);
            self.carry.clear();
            let n = if self.eof {
                0
            } else {
                match self.inner.read(&mut buf[c..]) {
                    Ok(n) => n,
                    Err(e) => {
                        // Nothing is lost: the held bytes wait for the next read.
                        self.carry.extend_from_slice(&buf[..c]);
                        return Err(e);
                    }
                }
            };
            if n == 0 {
                self.eof = true;
            }
            let total = c + n;
            let end = if self.eof {
                total
            } else {
                complete_up_to(&buf[..total])
            };
            self.carry.extend_from_slice(&buf[end..total]);
            let out = plain_in_place(&mut buf[..end]);
            if out > 0 || self.eof {
                return Ok(out);
            }
        }
    }
}

/// What an ESC starts.
enum Esc {
    /// A whole sequence of this many bytes.
    Len(usize),
    /// A sequence the text ends inside.
    Partial,
    /// No sequence: the ESC is text.
    Text,
}

/// The escape sequence `b` starts with (`b[0]` is ESC).
fn escape(b: &[u8]) -> Esc {
    let Some(&kind) = b.get(1) else {
        return Esc::Partial;
    };
    match kind {
        // CSI: parameter and intermediate bytes (0x20..=0x3f), then one final byte (0x40..=0x7e).
        b'[' => {
            for (i, &x) in b.iter().enumerate().skip(2) {
                match x {
                    0x40..=0x7e => return Esc::Len(i + 1),
                    0x20..=0x3f => {}
                    _ => return Esc::Text,
                }
            }
            Esc::Partial
        }
        // OSC 8 (a hyperlink around text): up to BEL or ESC `\`, on one line. Other OSCs (a
        // window title, a clipboard write) are no decoration: they stay, shown escaped.
        b']' if b.get(2) == Some(&b'8') || b.len() == 2 => {
            for (i, &x) in b.iter().enumerate().skip(2) {
                match x {
                    0x07 => return Esc::Len(i + 1),
                    0x1b => {
                        return match b.get(i + 1) {
                            Some(b'\\') => Esc::Len(i + 2),
                            Some(_) => Esc::Text,
                            None => Esc::Partial,
                        }
                    }
                    b'\n' => return Esc::Text,
                    _ => {}
                }
            }
            Esc::Partial
        }
        b']' | b'\n' | b'\r' => Esc::Text,
        // Any other escape is two bytes (`ESC (`, `ESC =`, ...).
        _ => Esc::Len(2),
    }
}

/// Where the text can be normalized up to: a read that stops inside an escape sequence or a
/// multi-byte character leaves that tail for the next read.
fn complete_up_to(b: &[u8]) -> usize {
    let len = b.len();
    let from = len.saturating_sub(HOLD);
    let mut end = len;
    if let Some(p) = memchr::memrchr(0x1b, &b[from..]).map(|p| from + p) {
        // An escape that has not ended within HOLD bytes is text: nothing is held for it.
        if matches!(escape(&b[p..]), Esc::Partial) && len - p < HOLD {
            end = p;
        }
    }
    let t = &b[..end];
    match t {
        [.., 0xc2] | [.., 0xe2] => end - 1,
        [.., 0xe2, _] => end - 2,
        _ => end,
    }
}

/// Normalizes `b` in place and returns its new length.
fn plain_in_place(b: &mut [u8]) -> usize {
    let Some(first) = memchr::memchr3(0x1b, 0xc2, 0xe2, b) else {
        return b.len();
    };
    let (mut r, mut w) = (first, first);
    while r < b.len() {
        let x = b[r];
        let (skip, put): (usize, Option<u8>) = match x {
            0x1b => match escape(&b[r..]) {
                Esc::Len(n) => (n, None),
                Esc::Partial | Esc::Text => (1, Some(x)),
            },
            0xc2 if b.get(r + 1) == Some(&0xa0) => (2, Some(b' ')),
            0xe2 if b.get(r + 1) == Some(&0x80) => match b.get(r + 2) {
                // U+2018/U+2019 ‘’ and U+201C/U+201D “”.
                Some(0x98 | 0x99) => (3, Some(b'\'')),
                Some(0x9c | 0x9d) => (3, Some(b'"')),
                // U+2002..U+200A typographic spaces, U+202F narrow no-break space.
                Some(0x82..=0x8a | 0xaf) => (3, Some(b' ')),
                _ => (1, Some(x)),
            },
            _ => (1, Some(x)),
        };
        if let Some(p) = put {
            b[w] = p;
            w += 1;
        }
        r += skip;
        // The plain run up to the next candidate, at once.
        let next = memchr::memchr3(0x1b, 0xc2, 0xe2, &b[r..]).map_or(b.len(), |i| r + i);
        b.copy_within(r..next, w);
        w += next - r;
        r = next;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        Plain::new(s).read_to_end(&mut out).unwrap();
        out
    }

    /// Reads `s` through a reader that hands over at most `k` bytes per read.
    fn plain_in_pieces(s: &[u8], k: usize) -> Vec<u8> {
        struct Drip<'a>(&'a [u8], usize);
        impl Read for Drip<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        Plain::new(Drip(s, k)).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn drops_colours_and_links_and_reads_typographic_characters_as_ascii() {
        let cases: [(&[u8], &[u8]); 8] = [
            (
                b"\x1b[31mError:\x1b[0m spawn npx ENOENT",
                b"Error: spawn npx ENOENT",
            ),
            (b"\x1b[1;38;5;196mfail\x1b[m", b"fail"),
            (
                b"see \x1b]8;;https://x.dev\x07link\x1b]8;;\x07 now",
                b"see link now",
            ),
            (
                "is\u{a0}not\u{a0}valid\u{a0}JSON".as_bytes(),
                b"is not valid JSON",
            ),
            (
                "Unexpected token \u{2018}?\u{2019} \u{201c}x\u{201d}".as_bytes(),
                b"Unexpected token '?' \"x\"",
            ),
            // Other characters, and a lone ESC, stay as they are.
            (
                "\u{2717} caf\u{e9} \u{2014} \u{b0}".as_bytes(),
                "\u{2717} caf\u{e9} \u{2014} \u{b0}".as_bytes(),
            ),
            (b"a\x1b", b"a\x1b"),
            (b"t\x1b]0;pwned\x07", b"t\x1b]0;pwned\x07"),
        ];
        for (input, want) in cases {
            assert_eq!(
                String::from_utf8_lossy(&plain(input)),
                String::from_utf8_lossy(want)
            );
        }
    }

    #[test]
    fn a_sequence_split_between_two_reads_is_read_whole() {
        let text = "x\u{a0}y \x1b[31mred\x1b[0m \u{2018}q\u{2019}\n".repeat(50);
        let want = plain(text.as_bytes());
        assert_eq!(String::from_utf8_lossy(&want), "x y red 'q'\n".repeat(50));
        for k in [1, 2, 3, 5, 7, 64, 127, 128, 129, 1000] {
            assert_eq!(plain_in_pieces(text.as_bytes(), k), want, "pieces of {k}");
        }
    }

    #[test]
    fn an_escape_that_never_ends_is_kept_as_text() {
        let mut s = b"\x1b[".to_vec();
        s.extend(std::iter::repeat_n(b'1', 500));
        s.push(b'\n');
        let out = plain_in_pieces(&s, 100);
        assert_eq!(out.len(), s.len());
    }
}
