//! Launchers and bridges a server entry runs through, each modelled once from its own source.
//!
//! mcp-remote (github.com/geelen/mcp-remote, `src/lib/utils.ts` `parseCommandLineArgs`):
//! - the first argument left after the `--header` pairs are taken out is the server URL;
//! - `--header "Name: value"` (the value matched by `^([A-Za-z0-9_-]+):\s*(.*)$`) adds a header;
//! - in header values, `${NAME}` (`/\$\{([^}]+)}/g`) is replaced from mcp-remote's own
//!   environment (`process.env`: the client's environment plus the entry's `env`), and an unset
//!   variable becomes empty with a warning on stderr. Nothing else in its arguments is expanded.
use regex::Regex;
use std::sync::LazyLock;

/// A `${NAME}` that mcp-remote replaces in a `--header` value.
pub static MCP_REMOTE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([^}]+)\}").expect("regex"));

/// An entry that runs mcp-remote: where its arguments are in the entry's `args`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct McpRemote {
    /// Index in `args` of the first argument mcp-remote itself receives.
    pub first_arg: usize,
    /// Indexes in `args` of the `--header` values.
    pub header_values: Vec<usize>,
    /// Index in `args` of the server URL, when there is one.
    pub url: Option<usize>,
}

/// The program's name without folder, `.cmd`/`.exe`/`.bat` and case (Windows shims).
fn program_name(p: &str) -> String {
    let base = p
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(p)
        .to_ascii_lowercase();
    for ext in [".cmd", ".exe", ".bat", ".ps1"] {
        if let Some(b) = base.strip_suffix(ext) {
            return b.to_string();
        }
    }
    base
}

/// Whether an argument names the mcp-remote package or its script.
fn is_mcp_remote_arg(a: &str) -> bool {
    let l = a.to_ascii_lowercase();
    l == "mcp-remote"
        || l.starts_with("mcp-remote@")
        || l.contains("/mcp-remote/")
        || l.contains("\\mcp-remote\\")
        || program_name(&l) == "mcp-remote"
}

/// The mcp-remote invocation of an entry, if it runs one: directly (`mcp-remote URL`), through a
/// package runner (`npx -y mcp-remote@latest URL`, `cmd /c npx mcp-remote URL`, `pnpm dlx`,
/// `bunx`), or as a script (`node .../mcp-remote/dist/proxy.js URL`).
pub fn mcp_remote(command: &str, args: &[&str]) -> Option<McpRemote> {
    let first_arg = if program_name(command) == "mcp-remote" {
        0
    } else {
        args.iter().position(|a| is_mcp_remote_arg(a))? + 1
    };
    let mut r = McpRemote {
        first_arg,
        ..McpRemote::default()
    };
    let mut i = first_arg;
    while i < args.len() {
        if args[i] == "--header" && i + 1 < args.len() {
            r.header_values.push(i + 1);
            i += 2;
            continue;
        }
        if r.url.is_none() && !args[i].starts_with('-') {
            r.url = Some(i);
        }
        i += 1;
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_mcp_remote_however_it_is_started() {
        let a = [
            "-y",
            "mcp-remote@latest",
            "https://x/sse",
            "--header",
            "A: ${T}",
        ];
        let r = mcp_remote("npx", &a).unwrap();
        assert_eq!(r.first_arg, 2);
        assert_eq!(r.url, Some(2));
        assert_eq!(r.header_values, vec![4]);
        let r = mcp_remote(r"C:\n\mcp-remote.cmd", &["--header", "A:b", "https://x"]).unwrap();
        assert_eq!((r.url, r.header_values), (Some(2), vec![1]));
        let r = mcp_remote(
            "node",
            &["/u/lib/node_modules/mcp-remote/dist/proxy.js", "https://x"],
        );
        assert_eq!(r.unwrap().url, Some(1));
        assert!(mcp_remote("npx", &["-y", "@modelcontextprotocol/server-memory"]).is_none());
        // A header named like the package is not the package.
        assert!(mcp_remote("npx", &["other", "--header", "X: mcp-remote"]).is_none());
    }
}
