//! Interpreter versions remembered between runs, so that a second `check` does not start `node` and
//! `python3` again: keyed by the interpreter's path, size and modification time, in
//! `<home>/.cache/mcp-doctor/versions.json` (`Library/Caches` on macOS, `AppData/Local` on Windows;
//! under `--home` when one is given). A version manager's shim (pyenv, asdf, mise, volta) answers
//! for whichever version its context picks, so shims are never remembered.
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Entries kept at most; the oldest go first.
const MAX_ENTRIES: usize = 64;
const FILE: &str = "versions.json";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    path: PathBuf,
    size: u64,
    mtime_ns: u128,
    version: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    schema: u32,
    entries: Vec<Entry>,
}

/// The doctor's cache folder under a home, by this host's convention.
pub fn dir(home: &Path) -> PathBuf {
    if cfg!(target_os = "macos") {
        home.join("Library").join("Caches").join("mcp-doctor")
    } else if cfg!(windows) {
        home.join("AppData")
            .join("Local")
            .join("mcp-doctor")
            .join("cache")
    } else {
        home.join(".cache").join("mcp-doctor")
    }
}

/// A version manager's shim: its answer depends on the folder and environment it runs in.
fn is_shim(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    p.components().any(|c| c.as_os_str() == "shims")
        || [
            "volta-shim",
            "mise",
            "rtx",
            "asdf",
            "pyenv",
            "nodenv",
            "rbenv",
        ]
        .iter()
        .any(|s| name == *s || name.starts_with(&format!("{s}.")))
}

fn stamp(p: &Path) -> Option<(u64, u128)> {
    let md = std::fs::metadata(p).ok()?;
    let mtime = md.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((md.len(), mtime.as_nanos()))
}

/// The remembered versions of one run, and what it learnt.
#[derive(Debug, Default)]
pub struct Versions {
    file: Option<PathBuf>,
    stored: Stored,
    changed: bool,
}

impl Versions {
    /// Reads the cache file of a home; a missing or unreadable one is an empty cache.
    pub fn load(home: &Path) -> Versions {
        let file = dir(home).join(FILE);
        let stored = crate::machine::read_at_most(&file, 1 << 20)
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
            .filter(|s| s.schema == 1)
            .unwrap_or_default();
        Versions {
            file: Some(file),
            stored,
            changed: false,
        }
    }

    /// The version remembered for this file, if it is unchanged since.
    pub fn get(&self, canonical: &Path) -> Option<String> {
        if is_shim(canonical) {
            return None;
        }
        let (size, mtime_ns) = stamp(canonical)?;
        self.stored
            .entries
            .iter()
            .find(|e| e.path == canonical && e.size == size && e.mtime_ns == mtime_ns)
            .map(|e| e.version.clone())
    }

    pub fn put(&mut self, canonical: &Path, version: &str) {
        if is_shim(canonical) {
            return;
        }
        let Some((size, mtime_ns)) = stamp(canonical) else {
            return;
        };
        self.stored.entries.retain(|e| e.path != canonical);
        self.stored.entries.push(Entry {
            path: canonical.to_path_buf(),
            size,
            mtime_ns,
            version: version.to_string(),
        });
        let over = self.stored.entries.len().saturating_sub(MAX_ENTRIES);
        self.stored.entries.drain(..over);
        self.changed = true;
    }

    /// Writes the cache back when it learnt something: to a temporary file renamed over the old
    /// one, so a reader never sees half a file. A cache that cannot be written is left alone.
    pub fn save(mut self) {
        let Some(file) = self.file.take() else { return };
        if !self.changed {
            return;
        }
        self.stored.schema = 1;
        let Some(parent) = file.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(&self.stored) else {
            return;
        };
        // A new temporary file (never one met there: a link planted at its name, run under
        // `sudo` with the user's HOME as macOS keeps it, would make root write through it).
        let _ = crate::machine::write_atomic(&file, &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_by_path_size_and_mtime_and_never_shims() {
        let home = tempfile::tempdir().unwrap();
        let bin = home.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let node = bin.join("node");
        std::fs::write(&node, "#!/bin/sh\necho v20.11.1\n").unwrap();
        let mut v = Versions::load(home.path());
        assert_eq!(v.get(&node), None);
        v.put(&node, "20.11.1");
        v.save();
        let v = Versions::load(home.path());
        assert_eq!(v.get(&node).as_deref(), Some("20.11.1"));
        // A changed file (another size) is asked again.
        std::fs::write(&node, "#!/bin/sh\necho v22.1.0 # upgraded\n").unwrap();
        assert_eq!(v.get(&node), None);
        // Shims answer per folder: never remembered.
        let shim = home.path().join(".pyenv").join("shims").join("python3");
        std::fs::create_dir_all(shim.parent().unwrap()).unwrap();
        std::fs::write(&shim, "#!/bin/sh\n").unwrap();
        let mut v = Versions::load(home.path());
        v.put(&shim, "3.12.1");
        assert_eq!(v.get(&shim), None);
    }

    /// A link planted where the temporary file goes is not written through.
    #[cfg(unix)]
    #[test]
    fn a_link_at_the_temporary_name_is_not_followed() {
        let home = tempfile::tempdir().unwrap();
        let victim = home.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        let d = dir(home.path());
        std::fs::create_dir_all(&d).unwrap();
        for name in [
            format!(".{FILE}.{}.tmp", std::process::id()),
            format!(".{FILE}.mcp-doctor-{}.tmp", std::process::id()),
        ] {
            std::os::unix::fs::symlink(&victim, d.join(name)).unwrap();
        }
        let node = home.path().join("node");
        std::fs::write(&node, "#!/bin/sh\n").unwrap();
        let mut v = Versions::load(home.path());
        v.put(&node, "20.11.1");
        v.save();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    }
}
