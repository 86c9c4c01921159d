//! Issue 14: `check` and the probe agree on what each entry runs. For every entry of every fixture
//! home that the probe would start here, the probe's program, arguments, PATH and environment
//! are those `check` judged: the client's own expansion (`launch`) and the PATH the app logged,
//! else the entry's, else the client's.
mod common;
use mcp_doctor::check;
use mcp_doctor::launch::{self, Field};
use mcp_doctor::logs::LoggedPath;
use mcp_doctor::machine::{Machine, MachineOptions, Os};
use mcp_doctor::probe::ProbeTransport;
use mcp_doctor::probing::{self, Plan, ProbeOptions};
use mcp_doctor::resolve::{Lookup, Resolver};
use std::time::Duration;

fn machine(home: &std::path::Path, extra: &[(&str, &str)]) -> Machine {
    let mut vars = vec![(
        "PATH".to_string(),
        format!("{}/bin:/usr/bin:/bin", home.display()),
    )];
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let opts = MachineOptions {
        home: Some(home.to_path_buf()),
        os: Some(Os::host()),
        root: None,
        now: None,
        cwd: Some(home.to_path_buf()),
    };
    Machine::new(opts, vars, home.to_path_buf()).unwrap()
}

/// The probe options every plan here is made with (project servers trusted, no probe runs).
fn options() -> ProbeOptions {
    ProbeOptions {
        names: vec![],
        trust_project: true,
        timeout: Duration::from_secs(1),
        idle: None,
        jobs: 1,
        progress: None,
    }
}

/// Checks every planned stdio probe of a run against the launch model; returns how many.
fn agree(m: &Machine, run: &check::CheckRun) -> usize {
    let o = options();
    let mut resolver = Resolver::default();
    let mut compared = 0;
    for s in &run.servers {
        let Plan::Probe(spec) = probing::plan(m, run, s, &o, &mut resolver) else {
            continue;
        };
        if spec.transport != ProbeTransport::Stdio {
            continue;
        }
        let name = format!("{}/{}", s.client.as_str(), s.name);
        // The program and the arguments before `args`: a client that splits a command line
        // written in `command` runs its first word.
        let cmd = launch::value(m, s, Field::Command, &s.command.as_ref().unwrap().value);
        let (cmd, lead) = launch::command_line(m, s, &cmd);
        let args: Vec<String> = lead
            .into_iter()
            .chain(
                s.args
                    .iter()
                    .map(|a| launch::value(m, s, Field::Arg, &a.value)),
            )
            .collect();
        assert_eq!(spec.args, args, "{name}: arguments");
        let (path, _) = s.app_path(m, &run.logged);
        let spawned_path = spec
            .env
            .iter()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        assert_eq!(spawned_path, path.join(":"), "{name}: PATH");
        for (k, v) in &s.env {
            if k.value == "PATH" {
                continue;
            }
            let want = launch::value(m, s, Field::Env, &v.value);
            assert!(
                spec.env.iter().any(|(x, y)| x == &k.value && y == &want),
                "{name}: env {} is not what check judged",
                k.value
            );
        }
        if !cmd.starts_with('/') {
            if let Lookup::Found { host, .. } = resolver.lookup(m, &cmd, &path) {
                assert_eq!(spec.program, host, "{name}: program");
            }
        }
        compared += 1;
    }
    compared
}

#[test]
fn probe_starts_what_check_judged_in_every_fixture_home() {
    let homes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/homes");
    let mut names: Vec<String> = std::fs::read_dir(homes)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut compared = 0;
    for n in &names {
        let h = common::home(n);
        let m = machine(h.path(), &[("GITHUB_TOKEN", "t-0123456789")]);
        compared += agree(&m, &check::run(&m));
    }
    assert!(compared >= 10, "only {compared} entries compared");
}

/// A PATH Claude Desktop logged for a server is the one the probe starts it with, as check and
/// the runtime step already assumed.
#[test]
fn the_logged_path_wins_for_the_probe_too() {
    let h = common::home("facts-mcp-remote");
    let m = machine(h.path(), &[]);
    let logged_dir = h.path().join("bin").display().to_string();
    let logged = vec![LoggedPath {
        client: None,
        server: Some("linear".into()),
        time: Some("2026-11-27T10:00:00Z".into()),
        paths: vec![logged_dir.clone(), "/usr/bin".into()],
    }];
    let run = check::run_with(&m, &logged);
    assert!(agree(&m, &run) >= 1);
    let s = run.servers.iter().find(|s| s.name == "linear").unwrap();
    let o = options();
    let Plan::Probe(spec) = probing::plan(&m, &run, s, &o, &mut Resolver::default()) else {
        panic!("linear is not probed");
    };
    let path = spec.env.iter().find(|(k, _)| k == "PATH").unwrap();
    assert_eq!(path.1, format!("{logged_dir}:/usr/bin"));
}

/// A client that runs a whole command line written in `command` (Cursor): `check` looks up its
/// first word, and the probe spawns that program with the rest before `args`.
#[test]
fn a_command_line_in_command_is_split_alike_for_check_and_probe() {
    let h = tempfile::tempdir().unwrap();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(h.path().join(".cursor")).unwrap();
    let npx = bin.join("npx");
    std::fs::write(&npx, "#!/bin/sh\nexit 0\n").unwrap();
    common::make_executable(&npx);
    std::fs::write(
        h.path().join(".cursor/mcp.json"),
        r#"{"mcpServers": {"heroku": {"command": "npx -y @heroku/mcp-server", "args": ["--verbose"]}}}"#,
    )
    .unwrap();
    let m = machine(h.path(), &[]);
    let run = check::run(&m);
    assert_eq!(agree(&m, &run), 1);
    let s = run.servers.iter().find(|s| s.name == "heroku").unwrap();
    let o = options();
    let Plan::Probe(spec) = probing::plan(&m, &run, s, &o, &mut Resolver::default()) else {
        panic!("heroku is not probed");
    };
    assert_eq!(spec.program, npx);
    assert_eq!(spec.args, ["-y", "@heroku/mcp-server", "--verbose"]);
}
