//! Timestamps as the clients write them, parsed without allocation.
//!
//! Accepted: `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`. A time without a zone
//! (VS Code's and Cursor's output logs write local time) is taken as UTC: the diagnosed machine's
//! zone is unknown, so windows on such logs can be off by the zone offset.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let s = b.get(at..at + n)?;
    let mut v: i64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Parses a timestamp at the start of `b`; returns the time and how many bytes it took.
pub fn parse_prefix(b: &[u8]) -> Option<(SystemTime, usize)> {
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if b[10] != b'T' && b[10] != b' ' && b[10] != b't' {
        return None;
    }
    let (y, mo, d) = (digits(b, 0, 4)?, digits(b, 5, 2)?, digits(b, 8, 2)?);
    let (h, mi, s) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 || y < 1970
    {
        return None;
    }
    let mut i = 19;
    let mut nanos: u64 = 0;
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        let mut scale = 100_000_000u64;
        let start = i;
        while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            nanos += u64::from(c - b'0') * scale;
            scale /= 10;
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let mut offset: i64 = 0;
    match b.get(i) {
        Some(b'Z') | Some(b'z') => i += 1,
        Some(&c @ (b'+' | b'-')) => {
            let oh = digits(b, i + 1, 2)?;
            let (om, len) = if b.get(i + 3) == Some(&b':') {
                (digits(b, i + 4, 2)?, 6)
            } else {
                (
                    digits(b, i + 3, 2).unwrap_or(0),
                    if digits(b, i + 3, 2).is_some() { 5 } else { 3 },
                )
            };
            offset = (oh * 3600 + om * 60) * if c == b'+' { 1 } else { -1 };
            i += len;
        }
        _ => {}
    }
    let secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    if secs < 0 {
        return None;
    }
    Some((
        UNIX_EPOCH + Duration::from_secs(secs as u64) + Duration::from_nanos(nanos),
        i,
    ))
}

/// Parses a whole string as a timestamp (trailing text not allowed).
pub fn parse(s: &str) -> Option<SystemTime> {
    let s = s.trim();
    match parse_prefix(s.as_bytes()) {
        Some((t, n)) if n == s.len() => Some(t),
        _ => None,
    }
}

/// RFC 3339 with milliseconds, UTC.
pub fn format(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

/// `--since`: `30s`, `10m`, `2h`, `3d` (also `1w`) before `now`, or an RFC 3339 time.
pub fn parse_since(s: &str, now: SystemTime) -> Result<SystemTime, String> {
    let t = s.trim();
    if let Some(at) = parse(t) {
        return Ok(at);
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("--since {s}: expected 30s, 10m, 2h, 3d or an RFC 3339 time"))?;
    let mult = match unit.trim() {
        "s" | "sec" | "secs" => 1,
        "m" | "min" | "mins" => 60,
        "h" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86400,
        "w" | "week" | "weeks" => 7 * 86400,
        _ => {
            return Err(format!(
                "--since {s}: unknown unit `{unit}` (use s, m, h or d)"
            ))
        }
    };
    let secs = n
        .checked_mul(mult)
        .ok_or_else(|| format!("--since {s}: too large"))?;
    Ok(now
        .checked_sub(Duration::from_secs(secs))
        .unwrap_or(UNIX_EPOCH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_clients_formats() {
        let z = parse("2025-06-03T07:23:52.636Z").unwrap();
        assert_eq!(format(z), "2025-06-03T07:23:52.636Z");
        let space = parse("2025-06-03 07:23:52.636").unwrap();
        assert_eq!(z, space);
        let off = parse("2025-06-03T09:23:52.636+02:00").unwrap();
        assert_eq!(z, off);
        let micro = parse_prefix(b"2025-09-05T10:00:00.123456Z  INFO x").unwrap();
        assert_eq!(micro.1, 27);
        assert!(parse("2025-13-03T07:23:52Z").is_none());
        assert!(parse_prefix(b"not a time at all, no").is_none());
    }

    #[test]
    fn since_units_and_rfc3339() {
        let now = parse("2026-01-02T00:00:00Z").unwrap();
        assert_eq!(
            parse_since("10m", now).unwrap(),
            now - Duration::from_secs(600)
        );
        assert_eq!(
            parse_since("3d", now).unwrap(),
            now - Duration::from_secs(3 * 86400)
        );
        assert_eq!(
            parse_since("30s", now).unwrap(),
            now - Duration::from_secs(30)
        );
        assert_eq!(
            parse_since("2h", now).unwrap(),
            now - Duration::from_secs(7200)
        );
        assert_eq!(
            parse_since("2026-01-01T00:00:00Z", now).unwrap(),
            now - Duration::from_secs(86400)
        );
        assert!(parse_since("10x", now).is_err());
        assert!(parse_since("", now).is_err());
        assert!(parse_since("99999999999999999999d", now).is_err());
    }
}
