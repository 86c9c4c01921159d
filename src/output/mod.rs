//! The report's outside forms besides the human one (`render`) and JSON: Markdown for an issue
//! or a ticket, SARIF for CI; and `--output FILE`, written atomically.
pub mod markdown;
pub mod sarif;

use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` atomically: a temporary file in the same folder, flushed and synced,
/// renamed over the target (which is never seen half-written; a reader sees the old file or the
/// new one). The folder must exist. Permissions of an existing file are kept.
pub fn write_atomic(path: &Path, text: &[u8]) -> Result<(), String> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(format!("--output {shown}: is a folder"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "--output {shown}: the folder {} does not exist",
            dir.display()
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.mcp-doctor-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text)?;
        f.flush()?;
        f.sync_all()?;
        if let Ok(md) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, md.permissions());
        }
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("--output {shown}: {e}")
    })
}
