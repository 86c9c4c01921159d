#!/usr/bin/env python3
"""`mcp-doctor logs --follow` on a home with many old session logs (Claude Code's
~/.claude/debug holds one per session: thousands on a long-used machine).

Generates a Linux home with N (default 3000) debug logs last written three days ago, then:
  1. `logs --since 1h --json` (one discovery and scan): median wall and user CPU of RUNS runs;
  2. `logs --follow --follow-for SECS --json` idle: user+sys CPU per second of following;
  3. latency: a failure line appended to one of the old logs, time until its event is printed
     (median of RUNS appends; an old file is looked at by path every 2 s, a recently changed one
     every 250 ms, so expect up to ~2 s for the first line and ~0.25 s after).

Usage: bench/follow.py BINARY [BASELINE_BINARY] [N] [RUNS]
With a baseline binary, steps 1 and 2 run for both in the same run.

Measured on the project's 2-core machine (load average ~5, debug builds), N=3000, 5 runs, against
the build before log discovery kept its found paths in a set (it compared each new path with
every one found before):
  after:  logs --since 1h median wall 0.088 s, user 0.040 s; --follow idle 3.0 % of a core
  before: logs --since 1h median wall 1.729 s, user 0.820 s; --follow idle 26.7 % of a core
  latency: first line in an idle file 1014 ms, then median 205 ms
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def gen(home, n):
    d = os.path.join(home, ".claude", "debug")
    os.makedirs(d)
    old = time.time() - 3 * 86400
    line = '2026-11-20T10:00:00.000Z [DEBUG] MCP server "s{}": Starting connection\n'
    for i in range(n):
        p = os.path.join(d, f"session-{i:05d}.txt")
        with open(p, "w") as f:
            f.write(line.format(i % 7) * 20)
        os.utime(p, (old, old))
    return d


def cpu_of(cmd, env):
    t0 = time.monotonic()
    before = os.times()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    after = os.times()
    wall = time.monotonic() - t0
    user = after.children_user - before.children_user
    sys_ = after.children_system - before.children_system
    return wall, user, sys_


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bins = [os.path.realpath(sys.argv[1])]
    if len(sys.argv) > 2 and sys.argv[2]:
        bins.append(os.path.realpath(sys.argv[2]))
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    with tempfile.TemporaryDirectory() as home:
        d = gen(home, n)
        env = {"HOME": "/nonexistent", "PATH": "/usr/bin:/bin"}
        base = ["--home", home, "--os", "linux", "--color", "never"]
        for b in bins:
            walls, users = [], []
            for _ in range(runs):
                w, u, _ = cpu_of([b, *base, "logs", "--since", "1h", "--json"], env)
                walls.append(w)
                users.append(u)
            print(f"{b}: logs --since 1h, {n} old logs: median wall {statistics.median(walls):.3f} s,"
                  f" user {statistics.median(users):.3f} s ({runs} runs)")
            secs = 10
            w, u, s = cpu_of([b, *base, "logs", "--follow", "--follow-for", str(secs), "--json"], env)
            print(f"{b}: logs --follow idle {secs} s: {(u + s) / secs * 100:.1f} % of a core"
                  f" (user {u:.2f} s, sys {s:.2f} s)")
        # Latency of the first binary.
        p = subprocess.Popen([bins[0], *base, "logs", "--follow", "--follow-for", "120", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        time.sleep(1.5)
        lat = []
        target = os.path.join(d, "session-00042.txt")
        for i in range(runs):
            t0 = time.monotonic()
            with open(target, "a") as f:
                f.write(f'2026-11-27T10:00:0{i}.000Z [ERROR] MCP server "s1" Connection failed: '
                        f'spawn npx{i} ENOENT\n')
            line = p.stdout.readline()
            lat.append(time.monotonic() - t0)
            assert f"npx{i}" in line, line
            time.sleep(0.3)
        p.kill()
        p.wait()
        print(f"latency append -> event: first {lat[0] * 1000:.0f} ms (file was idle), then median"
              f" {statistics.median(lat[1:]) * 1000:.0f} ms ({runs - 1} appends)")


if __name__ == "__main__":
    main()
