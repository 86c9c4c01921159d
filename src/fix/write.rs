//! Writing a config without ever losing it: a backup beside the file, then a temporary file in the
//! same folder (written, flushed, synced), renamed over the original. The file's permissions are
//! kept; a symlinked config has its target written and the link left as it is; a file whose bytes
//! changed since they were read (the client saved it meanwhile) is not written.
//!
//! For tests, `MCP_DOCTOR_FAULT` injects faults at the risky moments (harmless when unset):
//! `after-temp-write` aborts the process between the synced temporary file and the rename;
//! `modify-before-rename` appends to the config just before the last comparison, as another writer
//! would.
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "changed since it was read (another program saved it); nothing written, run fix again"
    )]
    Changed,
    #[error("is read-only; nothing written (make it writable to let fix change it)")]
    ReadOnly,
    #[error("{what}: {err}")]
    Io {
        what: &'static str,
        err: std::io::Error,
    },
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> WriteError {
    move |err| WriteError::Io { what, err }
}

/// Where the new text went.
#[derive(Clone, Debug)]
pub struct Written {
    /// The file written (a symlink's target).
    pub file: PathBuf,
    pub backup: PathBuf,
}

fn fault(name: &str) -> bool {
    std::env::var("MCP_DOCTOR_FAULT").is_ok_and(|v| v == name)
}

/// Replaces the config at `path` (whose bytes were `original` when read) by `new`. `stamp` names
/// the backup: `<name>.bak-<stamp>` (`-2`, `-3`, ... when taken).
pub fn write_atomic(
    path: &Path,
    original: &[u8],
    new: &[u8],
    stamp: &str,
) -> Result<Written, WriteError> {
    let file = fs::canonicalize(path).map_err(io("cannot resolve the file"))?;
    let meta = fs::metadata(&file).map_err(io("cannot read the file's metadata"))?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    if fs::read(&file).map_err(io("cannot read the file again"))? != original {
        return Err(WriteError::Changed);
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config".into());
    let backup = create_new_unique(dir, &format!("{name}.bak-{stamp}"), original, &meta)
        .map_err(io("cannot write the backup"))?;
    let temp = dir.join(format!(".{name}.mcp-doctor-{}.tmp", std::process::id()));
    let result = (|| {
        write_new(&temp, new, &meta).map_err(io("cannot write the temporary file"))?;
        if fault("after-temp-write") {
            std::process::abort();
        }
        if fault("modify-before-rename") {
            let mut f = OpenOptions::new()
                .append(true)
                .open(&file)
                .map_err(io("fault injection"))?;
            f.write_all(b" ").map_err(io("fault injection"))?;
        }
        if fs::read(&file).map_err(io("cannot read the file again"))? != original {
            return Err(WriteError::Changed);
        }
        fs::rename(&temp, &file).map_err(io("cannot replace the file"))?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map(|()| Written { file, backup })
}

/// Writes a new file with the original's permissions, flushed and synced.
fn write_new(p: &Path, bytes: &[u8], like: &fs::Metadata) -> std::io::Result<()> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::fs::PermissionsExt;
        o.mode(like.permissions().mode() & 0o7777);
    }
    let mut f = o.open(p)?;
    // The umask may have removed bits the original has.
    f.set_permissions(like.permissions())?;
    f.write_all(bytes)?;
    f.flush()?;
    f.sync_all()
}

fn create_new_unique(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    like: &fs::Metadata,
) -> std::io::Result<PathBuf> {
    for n in 1..1000 {
        let p = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{name}-{n}"))
        };
        match write_new(&p, bytes, like) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            r => return r.map(|()| p),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "too many backups with this time stamp",
    ))
}

/// A backup time stamp from the clock: `20261122T100000Z` (no `:`, which Windows forbids in names).
pub fn stamp(now: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(now)
        .to_string()
        .replace(['-', ':'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_have_no_colons() {
        let t = humantime::parse_rfc3339("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(stamp(t), "20261122T100000Z");
    }

    #[test]
    fn a_changed_file_is_not_written() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.json");
        fs::write(&p, "{\"a\": 2}").unwrap();
        let e = write_atomic(&p, b"{\"a\": 1}", b"{\"a\": 3}", "s").unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e}");
        assert_eq!(fs::read_to_string(&p).unwrap(), "{\"a\": 2}");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn writes_with_a_backup_and_keeps_permissions() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.json");
        fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let w = write_atomic(&p, b"old", b"new", "s").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(fs::read_to_string(&w.backup).unwrap(), "old");
        let w2 = write_atomic(&p, b"new", b"newer", "s").unwrap();
        assert_ne!(w.backup, w2.backup);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
    }
}
