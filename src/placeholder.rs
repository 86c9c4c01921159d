//! The stand-ins a README leaves in a config for its reader to fill in: a value (`YOUR_API_KEY`,
//! `<token>`, `xxx`) and a path (`/path/to/server.js`, `<home-directory>`, a folder described in
//! words). The checks report them as placeholders rather than as broken values, and the runtime
//! step does not judge an interpreter's PATH that the reader is still to write.
use crate::machine;
use regex::Regex;
use std::sync::LazyLock;

/// A whole value that is a README's stand-in.
pub static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(your[_\- ].*|your[A-Z].*|<[^>]*>|\[[^\]]*\]|x{3,}|\*{3,}|\.{3}|…|changeme|change[_\-]?me|todo|tbd|replace[_\-]?me|replace[_\-]with.*|insert[_\-].*|placeholder|.*[_\-]here|enter[_\-].*|sk-\.\.\..*|\$\{?YOUR.*)$")
        .expect("regex")
});

/// A path a README leaves for its reader to fill in: `path/to/…` (the docs' convention), or one
/// with a placeholder part (`your-repository-location/…`, `<home-directory>`, a bare `your`).
/// Also a `<…>` hole that spans folders (unreal-mcp's `"--directory", "<path/to/the/folder/PYTHON>"`,
/// <https://github.com/chongdashu/unreal-mcp/blob/4e5f00da50733190481311e254d16d137a84ef33/README.md>
/// "Configuring your MCP Client") and a `PATH_TO_…` part (twilio's `"PATH_TO_REPO/build/index.js"`,
/// <https://github.com/twilio-labs/mcp/blob/64c0f059d3cdc8f0e6fd796a1f76d872f78a1c2c/packages/mcp/README.md>
/// "Modifying Server"): no real path holds `<` and `>` (Windows forbids both in names).
///
/// Also a folder described in words instead of named: harness' `"PATH":
/// "/directory/containing/node:/usr/local/bin:/usr/bin:/bin"`
/// (<https://github.com/harness/mcp-server/blob/59bfd120f9619cf1b232825a2286bfacc6d7ee0c/README.md>,
/// "Claude Desktop", "Cursor"): a `containing` part, or a root folder named `directory` or
/// `folder`, which no macOS or Linux root holds (their roots are the system's fixed folders).
pub fn is_placeholder_path(p: &str) -> bool {
    let l = p.replace('\\', "/").to_ascii_lowercase();
    let hole = l
        .find('<')
        .is_some_and(|a| l[a + 1..].find('>').is_some_and(|b| b > 0))
        || brace_hole(&l);
    let described = l.starts_with("/directory/") || l.starts_with("/folder/");
    hole || described
        || l.starts_with("path/to/")
        || l.contains("/path/to/")
        || l.split('/').any(|part| {
            part == "your"
                || part == "containing"
                || part.starts_with("path_to_")
                || part.starts_with("path-to-")
                || is_placeholder(part)
        })
}

/// The first folder of an entry's `env.PATH` that a README left for its reader to fill in
/// ([`is_placeholder_path`]): what the server's launcher finds there is not established.
pub fn placeholder_path_folder(os: machine::Os, value: &str) -> Option<String> {
    machine::split_path_list(os, value)
        .into_iter()
        .find(|d| is_placeholder_path(d))
}

/// A `{…}` hole that is no `${…}` reference: markdownify-mcp's `"{ABSOLUTE PATH TO FILE
/// HERE}/dist/index.js"` (https://github.com/zcaceres/markdownify-mcp/blob/024f97cea9a94cd842c445eea4503c442c79bd71/README.md
/// "Usage with Desktop App").
fn brace_hole(l: &str) -> bool {
    l.match_indices('{')
        .any(|(a, _)| !l[..a].ends_with('$') && l[a + 1..].find('}').is_some_and(|b| b > 0))
}

/// [`PLACEHOLDER`], compiled only for a value that could match: an ASCII value must start or
/// end the way one of its alternatives does (a value that is not ASCII goes to the pattern,
/// whose case folding knows more than ASCII).
pub fn is_placeholder(v: &str) -> bool {
    if v.is_ascii() {
        let l = v.to_ascii_lowercase();
        let could = [
            "your",
            "<",
            "[",
            "xxx",
            "***",
            "...",
            "change",
            "todo",
            "tbd",
            "replace",
            "insert",
            "placeholder",
            "enter",
            "sk-...",
            "$your",
            "${your",
        ]
        .iter()
        .any(|p| l.starts_with(p))
            || l.ends_with("here");
        if !could {
            return false;
        }
    }
    PLACEHOLDER.is_match(v)
}
