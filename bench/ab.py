#!/usr/bin/env python3
"""Two builds of mcp-doctor side by side, alternating run by run (a shared machine's load hits
both alike): `check` on a home of SERVERS servers (bench/gen_many.py), `--json` and human, with
the outputs compared byte for byte in every round; then `--version` and `check --json` (second
run) on the small home of bench/check.sh. Prints medians of wall and CPU time, the peak RSS and
the load average.

Usage: bench/ab.py BASE NEW [ROUNDS=3] [SERVERS=100000] [SMALL_RUNS=40]"""
import filecmp, json, os, shutil, statistics, subprocess, sys, tempfile, time

base, new = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
servers = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
small_runs = int(sys.argv[5]) if len(sys.argv) > 5 else 40
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="mcp-doctor-ab-")


def run(args, cwd, env, out=subprocess.DEVNULL):
    t = time.perf_counter()
    p = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


try:
    home = os.path.join(work, "big")
    subprocess.run([sys.executable, os.path.join(here, "gen_many.py"), home, str(servers)],
                   check=True, stdout=subprocess.DEVNULL)
    env = {"PATH": f"{home}/bin:/usr/bin:/bin", "HOME": "/nonexistent"}
    res, loads = {}, []
    for i in range(rounds):
        for name, fmt in (("--json", ["--json"]), ("human", [])):
            outs = {}
            for who, b in (("base", base), ("new", new)):
                outs[who] = os.path.join(work, f"out.{who}")
                args = [b, "check", "--home", home, "--os", "linux", "--now", "2026-11-22T10:00:00Z"] + fmt
                with open(outs[who], "wb") as f:
                    res.setdefault((name, who), []).append(run(args, home, env, f))
            same = filecmp.cmp(outs["base"], outs["new"], shallow=False)
            loads.append(os.getloadavg()[0])
            print(f"round {i + 1} {name}: outputs {'byte-identical' if same else 'DIFFERENT'} "
                  f"({os.path.getsize(outs['new'])} bytes)", flush=True)
    print(f"\ncheck on {servers} servers in one file, {rounds} alternating rounds, "
          f"load average {min(loads):.2f}-{max(loads):.2f}:")
    for (name, who), v in res.items():
        print(f"  {who:>4} {name:>6}: median {statistics.median(x[0] for x in v):6.2f} s wall, "
              f"{statistics.median(x[1] for x in v):6.2f} s CPU, peak {max(x[2] for x in v):5.0f} MB")

    small = os.path.join(work, "small")
    subprocess.run([sys.executable, os.path.join(here, "gen_small.py"), small], check=True)
    senv = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    check = ["check", "--home", small, "--os", "linux", "--json"]
    for b in (base, new):  # the first run remembers the interpreters' versions
        run([b] + check, small, senv)
    r = {}
    for _ in range(small_runs):
        for who, b in (("base", base), ("new", new)):
            r.setdefault((who, "v"), []).append(run([b, "--version"], small, senv))
            r.setdefault((who, "c"), []).append(run([b] + check, small, senv))
    med = lambda k, i: statistics.median(x[i] for x in r[k]) * 1000
    print(f"\nsmall home (1 config, 5 servers, no logs; 2nd run), {small_runs} alternating runs, "
          f"load average {os.getloadavg()[0]:.2f}:")
    for who in ("base", "new"):
        v, c = (who, "v"), (who, "c")
        print(f"  {who:>4}: --version {med(v, 0):5.1f} ms wall {med(v, 1):4.1f} ms CPU; "
              f"check {med(c, 0):5.1f} ms wall {med(c, 1):4.1f} ms CPU; "
              f"= {med(c, 0) / med(v, 0):.1f}x --version by wall, {med(c, 1) / max(med(v, 1), 0.1):.1f}x by CPU")
finally:
    shutil.rmtree(work, ignore_errors=True)
