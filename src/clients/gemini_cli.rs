//! Gemini CLI's variable expansion and the `.env` file it loads. Sources, in
//! github.com/google-gemini/gemini-cli: "settings.ts" is `packages/cli/src/config/settings.ts`,
//! "envVarResolver.ts" is `packages/cli/src/utils/envVarResolver.ts`, "mcp-client.ts" is
//! `packages/core/src/tools/mcp-client.ts`, "envExpansion.ts" is
//! `packages/core/src/utils/envExpansion.ts`.
use crate::machine::{self, Machine};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// `$NAME`, `${NAME}` and `${NAME:-default}`, in every string of a settings file
/// (envVarResolver.ts `resolveEnvVarsInString`, applied by settings.ts to the whole file).
pub static REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$(?:([A-Za-z0-9_]+)|\{([^}]+?)(?::-([^}]*))?\})").expect("regex")
});

/// The folder Gemini CLI keeps its own files in, in the home and in projects (`GEMINI_DIR`).
pub const DIR: &str = ".gemini";

/// Variables a project's plain `.env` may not set (settings.ts `DEFAULT_EXCLUDED_ENV_VARS`,
/// applied when the file found is not under `.gemini/`).
const EXCLUDED_FROM_PROJECT_ENV: &[&str] = &["DEBUG", "DEBUG_MODE"];

/// What an unset variable becomes (envVarResolver.ts keeps the placeholder; mcp-client.ts expands
/// `env` values and `headers` again when it starts the server, with dotenv-expand, where a missing
/// variable is empty: envExpansion.ts).
pub fn unset_becomes_empty(is_env_or_header: bool) -> bool {
    is_env_or_header
}

/// The one `.env` file Gemini CLI loads for a workspace (settings.ts `findEnvFile`): from the
/// workspace folder upwards, `<dir>/.gemini/.env` and then `<dir>/.env`; past the root,
/// `~/.gemini/.env` and then `~/.env`. The first that exists wins. (Untrusted folders and
/// `--ignore-env` narrow this; the doctor assumes a trusted folder.)
pub fn env_file(m: &Machine, workspace: &Path) -> Option<PathBuf> {
    for dir in machine::ancestors(workspace) {
        for cand in [dir.join(DIR).join(".env"), dir.join(".env")] {
            if cand.is_file() {
                return Some(cand);
            }
        }
    }
    [m.home.join(DIR).join(".env"), m.home.join(".env")]
        .into_iter()
        .find(|p| p.is_file())
}

/// The variables that file adds: parsed as dotenv does, and never overriding a variable already
/// set in the environment (settings.ts `loadEnvironment`: `if (!Object.hasOwn(process.env, key))`).
#[derive(Default, Debug)]
pub struct EnvFile {
    pub path: Option<PathBuf>,
    pub vars: HashMap<String, String>,
}

impl EnvFile {
    pub fn load(m: &Machine, workspace: &Path) -> EnvFile {
        let Some(path) = env_file(m, workspace) else {
            return EnvFile::default();
        };
        let project = !path
            .components()
            .any(|c| c.as_os_str() == std::ffi::OsStr::new(DIR));
        let mut vars = HashMap::new();
        // A file larger than this is not a dotenv file anyone wrote by hand.
        let small = std::fs::metadata(&path).is_ok_and(|md| md.len() <= 1 << 20);
        if small {
            if let Ok(iter) = dotenvy::from_path_iter(&path) {
                for (k, v) in iter.flatten() {
                    if project && EXCLUDED_FROM_PROJECT_ENV.contains(&k.as_str()) {
                        continue;
                    }
                    if m.env.get(&k).is_none() {
                        vars.insert(k, v);
                    }
                }
            }
        }
        EnvFile {
            path: Some(path),
            vars,
        }
    }
}
