//! Writing a config without ever losing it: a backup beside the file, then a temporary file in the
//! same folder (written, flushed, synced), renamed over the original. The file's owner, group and
//! permissions are kept; a symlinked config has its target written and the link left as it is; a file whose bytes
//! changed since they were read (the client saved it meanwhile) is not written.
//!
//! For tests, `MCP_DOCTOR_FAULT` injects faults at the risky moments (harmless when unset):
//! `after-temp-write` aborts the process between the synced temporary file and the rename;
//! `modify-before-rename` appends to the config just before the last comparison, as another writer
//! would; `backup-partial-write` and `after-temp-partial-write` fail the backup's or the temporary
//! file's write halfway.
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
///
/// Under an exclusive lock on the file (so two runs of the doctor never both write from the same
/// bytes: the second sees the first one's change and refuses), the bytes are compared again, a
/// complete backup is made (written under a temporary name, then linked to its final name: a
/// failed write leaves no truncated backup), then the new text replaces the file with its owner,
/// group and mode. When nothing is written in the end, the backup is removed again.
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
    // Held until the end of this function (dropping the handle releases it).
    let _lock = lock(&file)?;
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
    let mut temp: Option<PathBuf> = None;
    let result = (|| {
        let t = write_temp(dir, &name, new, &meta, "after-temp-partial-write")
            .map_err(io("cannot write the temporary file"))?;
        let t = temp.insert(t);
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
        fs::rename(&*t, &file).map_err(io("cannot replace the file"))?;
        temp = None;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        // Only what this run created: the temporary file it made, and the backup of a write that
        // did not happen.
        if let Some(t) = temp {
            let _ = fs::remove_file(t);
        }
        let _ = fs::remove_file(&backup);
    }
    result.map(|()| Written { file, backup })
}

/// An exclusive advisory lock on the file, waited for (the other holder is another run of the
/// doctor, which finishes in well under a second). Windows: none (a rename over an open file
/// fails there instead).
fn lock(file: &Path) -> Result<File, WriteError> {
    let f = File::open(file).map_err(io("cannot open the file to lock it"))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        loop {
            // SAFETY: flock on a descriptor this function owns.
            let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) };
            if r == 0 {
                break;
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(WriteError::Io {
                    what: "cannot lock the file",
                    err: e,
                });
            }
        }
    }
    Ok(f)
}

/// Writes `bytes` to a new file of a fresh name in `dir` (never an existing file: a name that is
/// taken is left alone and another one tried), with the original's owner, group and mode, flushed
/// and synced. A failed write removes the partial file.
fn write_temp(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    like: &fs::Metadata,
    fault_name: &str,
) -> std::io::Result<PathBuf> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let p = dir.join(format!(
            ".{name}.mcp-doctor-{}-{}-{nanos}.tmp",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        match write_new(&p, bytes, like, fault_name) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
            Ok(()) => return Ok(p),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free temporary name",
    ))
}

/// Creates `p` (which must not exist) with the original's owner, group and mode, writes `bytes`,
/// flushes and syncs. On any failure after creating it, removes it: never a partial file.
fn write_new(p: &Path, bytes: &[u8], like: &fs::Metadata, fault_name: &str) -> std::io::Result<()> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Nobody else may read it before its owner and mode are set.
        o.mode(0o600);
    }
    let mut f = o.open(p)?;
    let r = (|| {
        keep_owner(&f, like)?;
        // The umask may have removed bits the original has.
        f.set_permissions(like.permissions())?;
        if fault(fault_name) {
            f.write_all(&bytes[..bytes.len() / 2])?;
            return Err(std::io::Error::other("injected write failure"));
        }
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()
    })();
    if r.is_err() {
        drop(f);
        let _ = fs::remove_file(p);
    }
    r
}

/// Gives the new file the original's owner and group (`fix` run as root on a user's config must
/// not leave it owned by root, which the client could then no longer read). When this process
/// may not (another user's file, not root), the file cannot be replaced as it was: an error.
#[cfg(unix)]
fn keep_owner(f: &File, like: &fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = f.metadata()?;
    if now.uid() == like.uid() && now.gid() == like.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(f, Some(like.uid()), Some(like.gid())).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!(
                "cannot give the new file the owner {}:{} of the original ({e})",
                like.uid(),
                like.gid()
            ),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) -> std::io::Result<()> {
    Ok(())
}

/// The backup: written completely under a temporary name, then linked to the first free name of
/// `name`, `name-2`, ... (a link never replaces an existing file), and the temporary name removed.
fn create_new_unique(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    like: &fs::Metadata,
) -> std::io::Result<PathBuf> {
    let temp = write_temp(dir, name, bytes, like, "backup-partial-write")?;
    let r = (|| {
        for n in 1..1000 {
            let p = if n == 1 {
                dir.join(name)
            } else {
                dir.join(format!("{name}-{n}"))
            };
            match fs::hard_link(&temp, &p) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                // A file system without hard links: a rename to a name just seen free.
                Err(_) if !p.exists() => return fs::rename(&temp, &p).map(|()| p),
                r => return r.map(|()| p),
            }
        }
        Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "too many backups with this time stamp",
        ))
    })();
    let _ = fs::remove_file(&temp);
    r
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

    #[test]
    fn an_existing_file_with_a_temp_like_name_is_never_touched() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.json");
        fs::write(&p, "old").unwrap();
        // Every name an earlier version of the doctor would have used, and a stray one.
        let stray = d
            .path()
            .join(format!(".c.json.mcp-doctor-{}.tmp", std::process::id()));
        fs::write(&stray, "keep me").unwrap();
        write_atomic(&p, b"old", b"new", "s").unwrap();
        assert_eq!(fs::read_to_string(&stray).unwrap(), "keep me");
        // A failed write removes only what it made.
        let e = write_atomic(&p, b"stale", b"x", "s").unwrap_err();
        assert!(matches!(e, WriteError::Changed));
        assert_eq!(fs::read_to_string(&stray).unwrap(), "keep me");
    }

    #[test]
    fn nothing_written_leaves_no_backup_and_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.json");
        fs::write(&p, "old").unwrap();
        let before: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        let meta = fs::metadata(&p).unwrap();
        // The temporary file's write fails halfway (the fault of one name only, in-process).
        let r = write_temp(d.path(), "c.json", b"0123456789", &meta, "no-such-fault");
        let t = r.unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"0123456789");
        fs::remove_file(t).unwrap();
        let after: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(before, after);
    }

    /// As root, a user's file keeps its owner, group and mode, and so does its backup.
    #[cfg(unix)]
    #[test]
    fn root_keeps_the_owner_of_a_users_file() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return;
        }
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.json");
        fs::write(&p, "old").unwrap();
        std::os::unix::fs::chown(&p, Some(4242), Some(4343)).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        let w = write_atomic(&p, b"old", b"new", "s").unwrap();
        for f in [&p, &w.backup] {
            let m = fs::metadata(f).unwrap();
            assert_eq!(
                (m.uid(), m.gid(), m.mode() & 0o7777),
                (4242, 4343, 0o640),
                "{f:?}"
            );
        }
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
    }
}
