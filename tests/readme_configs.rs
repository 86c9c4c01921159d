//! Healthy configs as popular servers' READMEs and the clients' own docs tell users to write them
//! (`testdata/readme-configs/`, each with its source in INDEX.md): placed where their client reads
//! them, with every launcher they name on the PATH, `check` raises no error or warning on them,
//! but for what the README leaves to the user (a placeholder to replace, a variable to set).
//! Blocks written for Windows run with `--os windows`, a Windows PATH of `.cmd`/`.exe` launchers.
mod common;
use common::*;
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/readme-configs");

/// How each block is placed (testdata/readme-configs/placement.toml, which
/// bench/readme_configs.py reads too).
#[derive(serde::Deserialize)]
struct Placement {
    stubs: Vec<(String, String)>,
    windows_tools: Vec<String>,
    installed: Vec<Installed>,
    left_to_the_user: Left,
    macos: Vec<Place>,
    windows: Vec<Place>,
}

#[derive(serde::Deserialize)]
struct Installed {
    file: String,
    at: String,
    text: String,
}

#[derive(serde::Deserialize)]
struct Left {
    rules: Vec<String>,
    placeholder_words: Vec<String>,
    placeholder_rules: Vec<String>,
    placeholder_relative: String,
}

#[derive(serde::Deserialize)]
struct Place {
    client: String,
    #[serde(default)]
    prefix: bool,
    text_has: Option<String>,
    path: String,
    project: Option<String>,
}

impl Placement {
    fn load() -> Placement {
        let text = std::fs::read_to_string(Path::new(DIR).join("placement.toml"))
            .expect("testdata/readme-configs/placement.toml is missing");
        toml::from_str(&text).expect("placement.toml")
    }

    /// Where the client of an INDEX row reads the block, and the project folder to run from.
    fn place(&self, client: &str, text: &str, file: &str) -> Option<(String, Option<String>)> {
        let c = client.to_ascii_lowercase();
        let list = if client.contains("Windows") {
            &self.windows
        } else {
            &self.macos
        };
        list.iter()
            .find(|p| {
                (if p.prefix {
                    c.starts_with(&p.client)
                } else {
                    c.contains(&p.client)
                }) && p
                    .text_has
                    .as_ref()
                    .is_none_or(|t| text.contains(t.as_str()))
            })
            .map(|p| (p.path.replace("{file}", file), p.project.clone()))
    }

    /// What a README leaves to its reader: a value to replace or a variable to set.
    fn left_to_the_user(&self, f: &serde_json::Value) -> bool {
        let l = &self.left_to_the_user;
        let rule = f["rule"].as_str().unwrap_or("");
        let msg = f["message"].as_str().unwrap_or("").to_ascii_lowercase();
        let placeholder = l.placeholder_words.iter().any(|w| msg.contains(w.as_str()));
        l.rules.iter().any(|r| r == rule)
            || (placeholder && l.placeholder_rules.iter().any(|r| r == rule))
            || (rule == "relative-path" && msg.contains(l.placeholder_relative.as_str()))
    }
}

/// Findings the doctor keeps on purpose, each with its reason.
const KEPT: &[(&str, &str, &str)] = &[
    (
        "718-postman-windsurf-mcp-remote-no-command.json",
        "entry-shape",
        "Postman's remote Windsurf block gives each of its three entries `args: [\"mcp-remote\", url]` and no `command` (nor `serverUrl`): Windsurf starts a local server from `command` and a remote one from `serverUrl`/`url` (docs.windsurf.com/windsurf/cascade/mcp, src/clients/windsurf.rs), so `mcp-remote` is an argument of no program and nothing starts",
    ),
    (
        "719-postman-copilot-cli-remote-comments.json",
        "json-not-strict",
        "Postman's Copilot CLI block has `//` comments after `url`; Copilot CLI parses its MCP config as strict JSON (`JSON.parse`, @github/copilot 0.0.372; still so in 1.0.78: a comment makes it skip the whole file, \"Invalid JSON: key must be a string\", github/copilot-cli#4323), so none of the file's servers load",
    ),
    (
        "720-postman-copilot-cli-eu-apikey-input.json",
        "json-not-strict",
        "as 719, the EU API-key block of the same section",
    ),
    (
        "747-google-workspace-claude-desktop-mcp-remote-curly-quote.json",
        "json-syntax",
        "google_workspace_mcp's Claude Desktop block closes the URL string with a curly quote (`http://localhost:8000/mcp”`): the string never ends, not JSON in any dialect",
    ),
    (
        "765-gitee-cline-remote-untyped.json",
        "remote-missing-type",
        "as 97: Gitee's Cline doc writes an untyped `url` ending in `/mcp`; Cline reads it as legacy SSE (schemas.ts lists SSE first \"so that when type is not specified, it will default to sse\"), and mcp-gitee's `--transport http` serves Streamable HTTP at that path",
    ),
    (
        "778-razorpay-vscode-mcpservers-docker.json",
        "top-key-misspelt",
        "as 639: Razorpay's first local \"Usage with VS Code\" block puts its entry under `mcpServers`, which neither VS Code's settings.json (`mcp.servers`) nor `.vscode/mcp.json` (`servers`) reads; its second VS Code block uses `mcp.servers`",
    ),
    (
        "785-jfrog-claude-desktop-docker-comment.json",
        "json-not-strict",
        "as 654: JFrog's Claude Desktop docker block has `// Your JFrog platform URL` inside `env`; Claude Desktop's strict JSON parse refuses the file",
    ),
    (
        "594-jenkins-windsurf-servers-key-mcp-remote.json",
        "top-key-misspelt",
        "the Jenkins plugin's \"Windsurf Configuration\" puts its entry under `servers`; Windsurf reads `mcpServers` from mcp_config.json (its docs and every Windsurf block of this folder), so the server is never loaded",
    ),
    (
        "598-example-gemini-docs-settings-relative-commands.json",
        "relative-path",
        "Gemini CLI's example settings.json names `bin/mcp_server.py` and `node mcp_server.js`: the stdio transport spawns them in the folder Gemini CLI runs in (no `cwd` given), so in the user's settings file they work only from the folder that holds them (a warning)",
    ),
    (
        "605-logfire-claude-desktop-command-array.json",
        "entry-shape",
        "logfire's Claude Desktop uvx block writes `\"command\": [\"uvx\"]`: Claude Desktop's `command` is one string (the program), so the entry does not start",
    ),
    (
        "606-logfire-cline-docker-no-image.json",
        "docker-env-not-forwarded",
        "as 423: logfire's Cline docker block sets LOGFIRE_READ_TOKEN in `env` of `docker run -i --rm -e DOCKER_CONTAINER=true` without `-e LOGFIRE_READ_TOKEN` (and names no image at all); its Claude Desktop docker block passes `-e LOGFIRE_READ_TOKEN=YOUR_TOKEN` and `mcp/logfire:latest`",
    ),
    (
        "610-example-codex-docs-stdio-env-table-twice.toml",
        "json-syntax",
        "Codex's docs write an inline `env = {…}` and then, after `# or`, an `[mcp_servers.server_name.env]` table: TOML forbids defining the table twice, and Codex refuses a config.toml that does not parse",
    ),
    (
        "618-example-roocode-docs-mcp-servers-dotted-key.json",
        "top-key-misspelt",
        "Roo's transports page shows `\"mcp.servers\": {…}` \"in settings.json\"; Roo reads servers only from `mcpServers` of mcp_settings.json and .roo/mcp.json (McpHub.ts), so the entry is never loaded",
    ),
    (
        "639-gke-mcp-vscode-mcpservers-key.json",
        "top-key-misspelt",
        "gke-mcp's VS Code guide puts its entry under `mcpServers` in `.vscode/mcp.json`; VS Code reads that file's `servers` (code.visualstudio.com/docs/copilot/customization/mcp-servers; the request to accept `mcpServers` too, microsoft/vscode#261857, was closed), so the server is never loaded",
    ),
    (
        "650-wandb-any-uvx-hash-comment.json",
        "json-syntax",
        "wandb's \"Manual Configuration\" block has `#optional for dedicated or on-prem installations` after a value inside the JSON: `#` is no comment in JSON nor JSONC, so the client cannot read the file",
    ),
    (
        "654-axiom-claude-desktop-go-binary-comment.json",
        "json-not-strict",
        "axiom's Claude Desktop block has a `//` comment inside `env`; Claude Desktop parses claude_desktop_config.json as strict JSON and refuses the file (\"There was an error reading or parsing claude_desktop_config.json: Unexpected token …\", e.g. GLips/Figma-Context-MCP#89)",
    ),
    (
        "657-launchdarkly-any-docker-missing-comma.json",
        "json-syntax",
        "LaunchDarkly's Docker block has no comma between `env`'s closing brace and `\"url\"`: not JSON in any dialect",
    ),
    (
        "666-gitguardian-windsurf-mcp-servers-key.json",
        "top-key-misspelt",
        "as 594: GitGuardian's Windsurf block writes VS Code's settings shape `\"mcp\": {\"servers\": …}`; Windsurf reads `mcpServers` of mcp_config.json, so the server is never loaded",
    ),
    (
        "684-oracle-oci-api-cline-podman.json",
        "docker-env-not-forwarded",
        "as 423, with podman: oracle's Cline podman block sets FASTMCP_LOG_LEVEL in `env` of `podman run -i --rm -v … image` without `-e` (or `--env-host`, off by default: docs.podman.io podman-run `--env-host`), so the container never sees it",
    ),
    (
        "705-code-runner-claude-desktop-trailing-comma.json",
        "json-not-strict",
        "code-runner's Claude Desktop block has a trailing comma after `args`; Claude Desktop's strict JSON parse refuses it (\"Unexpected token ',' in JSON\", GLips/Figma-Context-MCP#89); its VS Code blocks, read as JSONC, are fine",
    ),
    (
        "710-kubectl-mcp-goose-command-args.yaml",
        "entry-shape",
        "kubectl-mcp-server's Goose block writes `extensions: kubernetes: {command, args}`: Goose's extension entry needs `enabled`, `type`, `name` and reads the program from `cmd`; its loader logs \"Skipping malformed extension config entry\" and drops it (aaif-goose/goose crates/goose/src/config/extensions.rs)",
    ),
    (
        "515-e2b-claude-desktop-npx-template-env.json",
        "env-not-expanded",
        "e2b's README sets `\"E2B_API_KEY\": \"${e2bApiKey}\"` under \"To use with Claude Desktop\"; Claude Desktop expands nothing in an entry (src/clients/claude_desktop.rs, Expansion::None), so the server gets the literal text until the reader writes the key (a warning: true either way the reader takes the template)",
    ),
    (
        "516-e2b-claude-desktop-uvx-template-env.json",
        "env-not-expanded",
        "as 515, for the Python server",
    ),
    (
        "501-gitlab-archived-vscode-settings-docker-inputs.json",
        "docker-env-not-forwarded",
        "as 423: the archived gitlab server's VS Code block sets GITLAB_PERSONAL_ACCESS_TOKEN and GITLAB_API_URL in `env` of `docker run --rm -i mcp/gitlab` without `-e`: they reach the docker CLI, not the container; the README's own Claude Desktop docker block passes `-e GITLAB_PERSONAL_ACCESS_TOKEN -e GITLAB_API_URL`",
    ),
    (
        "511-google-maps-vscode-settings-docker-input.json",
        "docker-env-not-forwarded",
        "as 423: the archived google-maps server's VS Code block sets GOOGLE_MAPS_API_KEY in `env` of `docker run -i --rm mcp/google-maps` without `-e`; its Claude Desktop docker block passes `-e GOOGLE_MAPS_API_KEY`",
    ),
    (
        "504-example-roocode-docs-node-cwd-comment.json",
        "json-not-strict",
        "Roo Code's own docs put `//` comments in the example, but Roo reads mcp_settings.json and .roo/mcp.json with `JSON.parse(content)` and reports a SyntaxError as invalid settings (McpHub.ts initializeMcpServers, https://github.com/RooCodeInc/Roo-Code/blob/022b3b0bdded0d7d91cad0b7008b3633167ca74e/src/services/mcp/McpHub.ts)",
    ),
    (
        "505-example-roocode-docs-sse-legacy-comments.json",
        "json-not-strict",
        "as 504: two `//` comments in Roo's SSE example, which its JSON.parse rejects",
    ),
    (
        "423-mapbox-cursor-docker-env.json",
        "docker-env-not-forwarded",
        "mapbox's Cursor docs put MAPBOX_ACCESS_TOKEN in `env` of `docker run -i --rm mapbox-mcp-server` without `-e`: the variable reaches the docker CLI, not the container (docs.docker.com/reference/cli/docker/container/run/#env: only -e/--env/--env-file set it); their own Claude Desktop block passes `-e MAPBOX_ACCESS_TOKEN=…`",
    ),
    (
        "443-milvus-claude-desktop-streamable-url.json",
        "remote-in-claude-desktop",
        "as 336: mcp-server-milvus offers its Streamable HTTP `url` entry under \"Usage with Claude Desktop\"; claude_desktop_config.json starts stdio servers only",
    ),
    (
        "448-mcp-k8s-go-claude-desktop-docker-kubeconfig.json",
        "tilde-path",
        "as 313: `-v ~/.kube/config:/home/nonroot/.kube/config` reaches docker unexpanded, which refuses the source as a volume name",
    ),
    (
        "388-chrome-devtools-gemini-windows-npx-ps1.json",
        "powershell-script-command",
        "chrome-devtools' Windows troubleshooting names npm's npx.ps1 as the command: Windows runs no .ps1 as a program (CreateProcess: not a valid Win32 application)",
    ),
    (
        "327-grafana-gemini-httpurl-sse-path.json",
        "transport-path-mismatch",
        "Gemini CLI's httpUrl speaks only Streamable HTTP (no SSE fallback, mcp-client.ts connectToMcpServer) to mcp-grafana started with --transport sse, which serves legacy SSE at /sse",
    ),
    (
        "313-cloudwatch-cline-docker-tilde-volume.json",
        "tilde-path",
        "docker run -v ~/.aws:/root/.aws started without a shell: nothing expands ~, and docker refuses the source as a volume name (\"includes invalid characters for a local volume name\", docker/cli)",
    ),
    (
        "97-example-cline-sse-headers.json",
        "remote-missing-type",
        "Cline reads an untyped url as legacy SSE (schemas.ts); a /mcp URL is Streamable HTTP by convention, which a Streamable-only server refuses to SSE",
    ),
    (
        "89-example-gemini-python-cwd-env.json",
        "relative-path",
        "Gemini CLI's docs put a relative cwd in the user settings: it resolves against the folder gemini starts in (a warning: works from one folder only)",
    ),
    (
        "92-example-gemini-node-trust.json",
        "relative-path",
        "as above",
    ),
    (
        "190-example-goose-websocket.yaml",
        "entry-shape",
        "Goose's docs show `type: websocket`, but Goose's own ExtensionConfig (crates/goose/src/agents/extension.rs) has no such variant: the file fails to load",
    ),
    (
        "272-kubernetes-goose-extensions.yaml",
        "entry-shape",
        "kubernetes-mcp-server's Goose block has no `enabled`, `type` or `name` and spells `command` for Goose's `cmd`: Goose skips the entry as malformed (crates/goose/src/config/extensions.rs)",
    ),
    (
        "336-chrome-mcp-claude-desktop-streamable-http.json",
        "remote-in-claude-desktop",
        "claude_desktop_config.json starts stdio servers only; a `url` entry is ignored and remote servers are added as custom connectors (support.claude.com/en/articles/11175166; startdebugging.net 2026/05 \"HTTP MCP Server URL Won't Connect in Claude Desktop\")",
    ),
    (
        "380-fastapi-mcp-any-url.json",
        "remote-in-claude-desktop",
        "as above: fastapi_mcp's docs offer the bare `url` entry to \"Claude Desktop, Cursor & Windsurf\"",
    ),
    (
        "344-pulumi-any-docker-tilde-volume.json",
        "tilde-path",
        "as 313: `-v ~/projects/my-pulumi-app:/app/project` reaches docker unexpanded, which refuses the source as a volume name",
    ),
    (
        "373-example-gemini-prompts-node.json",
        "relative-path",
        "Gemini CLI's docs run `node filename.ts` with no `cwd`: it resolves against the folder gemini is started in (a warning: works from one folder only, as 89 and 92)",
    ),
    (
        "99-example-claude-code-stdio-env-default.json",
        "relative-path",
        "the docs' example names the reader's own script (./my-mcp-server.js), which does not exist here",
    ),
    (
        "541-council-of-mine-goose-cmd-whole-command-line.yaml",
        "command-line-in-command",
        "block/mcp-council-of-mine's Goose \"Option 2: Local Installation\" writes `cmd: uvx --from /path/to/mcp-council-of-mine mcp_council_of_mine` with `args: []`; Goose spawns `Command::new(resolve_command(cmd)).args(args)` with no shell, and `resolve_command` finds no program of that name so it keeps the text (crates/goose/src/agents/extension_manager.rs, https://github.com/block/goose/blob/2554e58dde0d2a714dd78fb737b0c95f8273a760/crates/goose/src/agents/extension_manager.rs): spawn ENOENT, a true error",
    ),
    (
        "548-aks-any-docker-user-tilde-volumes.json",
        "tilde-path",
        "aks-mcp's \"Containerized MCP configuration\" Option A mounts `-v ~/.azure:/home/mcp/.azure` and `~/.kube`; a client starts docker without a shell, nothing expands `~`, and docker takes a source that is no absolute path for a volume name, which may not hold `/` (docker/cli volume parsing: \"includes invalid characters for a local volume name\"): true in every client but VS Code, which untildifies each argument",
    ),
    (
        "558-mcp-quickstart-weather-claude-desktop-bundle-cwd.json",
        "cwd-ignored",
        "the MCP docs' Ruby quickstart sets `cwd` for Claude Desktop, which ignores it: \"The `cwd` field in `claude_desktop_config.json` is also ignored\" (anthropics/claude-code#75266) and on macOS every server starts in `/` (anthropics/claude-code#44764), so `bundle exec ruby weather.rb` finds no Gemfile (a warning: the reader can use absolute paths)",
    ),
    (
        "559-mcp-quickstart-weather-claude-desktop-windows-bundle-cwd.json",
        "cwd-ignored",
        "as 558, the Windows tab of the same quickstart",
    ),
    (
        "720-postman-copilot-cli-eu-apikey-input.json",
        "env-not-expanded",
        "Postman's Copilot CLI block sends `Bearer ${input:postman-api-key}`: Copilot CLI expands `$NAME`, `${NAME}` and `${NAME:-default}` with upper-case names only (src/clients/copilot_cli.rs) and has no `inputs` to prompt from (\"Support for ${input:name} in mcp.json\", github/copilot-cli#1841, open), so the server gets the literal text",
    ),
    (
        "726-pagerduty-cursor-uvx-input-comment.json",
        "env-not-expanded",
        "PagerDuty's Cursor block uses VS Code's `${input:pagerduty-api-key}`; Cursor's mcp.json has no `inputs` list and Cursor documents `${env:NAME}`, `${userHome}`, `${workspaceFolder}` and the like only; microsoft/apm#344 warns that Cursor resolves no `${input:…}`: the server gets the literal text",
    ),
    (
        "786-kagi-claude-desktop-uvx-comments.json",
        "json-not-strict",
        "as 654: kagi's Claude Desktop block opens with three `//` comment lines and has one after a value; Claude Desktop's strict JSON parse refuses the file",
    ),
    (
        "787-kagi-claude-desktop-uv-directory-hash-comments.json",
        "json-syntax",
        "kagi's from-source Claude Desktop block opens with `#` comment lines, which no JSON dialect (nor JSONC) allows",
    ),
    (
        "795-ref-tools-any-npx-unquoted-placeholder.json",
        "json-syntax",
        "Ref's stdio fragment has the env value `<sign up to get an api key>` unquoted: not JSON in any dialect",
    ),
];

#[test]
fn readme_configs_raise_no_false_alarm() {
    let placement = Placement::load();
    let index = std::fs::read_to_string(Path::new(DIR).join("INDEX.md"))
        .expect("testdata/readme-configs/INDEX.md is missing");
    let mut checked = 0;
    let mut checked_windows = 0;
    let mut seen = std::collections::HashSet::new();
    let mut wrong = Vec::new();
    let mut kept_raised = std::collections::HashSet::new();
    for line in index.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells.len() < 3
            || !cells[0].ends_with(|c: char| c.is_ascii_alphabetic())
            || !cells[0].contains('.')
        {
            continue;
        }
        let file = cells[0].trim_matches('`');
        // The first row names the file; later tables (not strict JSON, ...) only mention it.
        if !seen.insert(file) {
            continue;
        }
        let client = cells[2];
        let Ok(text) = std::fs::read_to_string(Path::new(DIR).join(file)) else {
            continue;
        };
        let windows = client.contains("Windows");
        let Some((rel, proj)) = placement.place(client, &text, file) else {
            continue;
        };
        let h = empty_home();
        let bin = h.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let win_bin = h.path().join("Tools").join("bin");
        std::fs::create_dir_all(&win_bin).unwrap();
        for name in &placement.windows_tools {
            std::fs::write(win_bin.join(name), "").unwrap();
        }
        for (name, version) in &placement.stubs {
            let p = bin.join(name);
            std::fs::write(&p, format!("#!/bin/sh\necho '{version}'\n")).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        for i in placement.installed.iter().filter(|i| i.file == file) {
            let p = h.path().join(&i.at);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &i.text).unwrap();
        }
        let dst = h.path().join(&rel);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::write(&dst, &text).unwrap();
        let cwd = match proj {
            Some(p) => h.path().join(p),
            None => h.path().to_path_buf(),
        };
        std::fs::create_dir_all(&cwd).unwrap();
        let run = if windows {
            doctor(
                h.path(),
                &["check", "--json", "--no-platform", "--os", "windows"],
            )
            .env("PATH", r"C:\Users\Bob\Tools\bin")
            .env("USERPROFILE", r"C:\Users\Bob")
        } else {
            doctor(
                h.path(),
                &["check", "--json", "--no-platform", "--os", "macos"],
            )
            .env("PATH", &format!("{}:/usr/bin:/bin", bin.display()))
        };
        let r = run.cwd(&cwd).run().json();
        if windows {
            checked_windows += 1;
        }
        checked += 1;
        for f in r["findings"].as_array().unwrap() {
            let sev = f["severity"].as_str().unwrap_or("");
            if sev != "error" && sev != "warning" {
                continue;
            }
            let rule = f["rule"].as_str().unwrap_or("");
            if let Some(k) = KEPT.iter().find(|(k, r, _)| *k == file && *r == rule) {
                kept_raised.insert((k.0, k.1));
                continue;
            }
            if placement.left_to_the_user(f) {
                continue;
            }
            wrong.push(format!("{file} ({client}): {sev} {rule}: {}", f["message"]));
        }
    }
    assert!(checked >= 150, "only {checked} README configs were checked");
    assert!(
        checked_windows >= 10,
        "only {checked_windows} Windows README configs were checked"
    );
    assert!(
        wrong.is_empty(),
        "{} false alarm(s):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // A finding kept on purpose that the doctor no longer raises is a stale excuse.
    let stale: Vec<_> = KEPT
        .iter()
        .filter(|(k, r, _)| !kept_raised.contains(&(*k, *r)))
        .map(|(k, r, _)| format!("{k}: {r}"))
        .collect();
    assert!(stale.is_empty(), "KEPT entries no longer raised: {stale:?}");
}
