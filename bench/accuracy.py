#!/usr/bin/env python3
"""Scores the doctor's verdict on the corpus of real failure reports, as a support engineer uses
it: `mcp-doctor logs --file log.txt --json` on the log text quoted in each report, and the
confirmed cause (the folder name's `NNN-<cause>`) looked up in the ranked causes.

Prints top-1 and top-3 for the training reports (testdata/corpus), for the held-out third
(testdata/corpus-holdout, never read while writing rules) and, when present, for the reports
gathered later and never read by the rule writer (testdata/corpus-unseen), every miss with what came first, and
the reports that got no finding at all.

usage: bench/accuracy.py [--bin PATH] [--dir PATH ...] [--only SET,...] [--no-os] [--json] [--quiet]

--dir PATH scores one more folder of reports (same layout) as its own set, named after the
folder: a batch gathered after the rules were written, scored before anyone reads it.
--only training,r22 scores only the named sets (training, holdout, unseen, or a --dir's name).
--no-os reads every log without `--os` (the OS its report states): as a support engineer who
runs `logs --file` on a ticket that does not say it, on whatever machine runs the script.
"""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def os_of(source):
    """The OS the report states, so that OS-dependent readings are exercised."""
    for line in source.splitlines():
        if line.lower().startswith("- os:"):
            v = line.lower()
            if "windows" in v:
                return "windows"
            if "macos" in v or "mac os" in v or "darwin" in v:
                return "macos"
            if "linux" in v or "ubuntu" in v or "debian" in v or "fedora" in v:
                return "linux"
    return "macos" if "macOS" in source else "linux"


def cases(folder):
    d = folder if os.path.isabs(folder) else os.path.join(ROOT, folder)
    if not os.path.isdir(d):
        return []
    out = []
    for name in sorted(os.listdir(d)):
        log = os.path.join(d, name, "log.txt")
        if "-" in name and os.path.isfile(log):
            src = os.path.join(d, name, "source.md")
            source = open(src, encoding="utf-8", errors="replace").read() if os.path.isfile(src) else ""
            out.append((name, name.split("-", 1)[1], log, os_of(source)))
    return out


HOME = tempfile.mkdtemp(prefix="mcp-doctor-accuracy-")
# The empty home every run gets; gone when the script ends.
atexit.register(shutil.rmtree, HOME, True)


def run(binary, case, stated_os=True):
    name, want, log, os_name = case
    with open(log, "rb") as f:
        p = subprocess.run(
            [binary, "logs", "--file", "-", "--json"]
            + (["--os", os_name] if stated_os else [])
            + ["--home", HOME, "--now", "2099-01-01T00:00:00Z"],
            stdin=f, capture_output=True, timeout=60,
            env={"PATH": "/usr/bin:/bin", "HOME": HOME},
        )
    try:
        r = json.loads(p.stdout)
    except ValueError:
        return dict(name=name, want=want, rank=None, got=[], findings=0, error=p.stderr.decode()[:200])
    causes = [c["cause"] for c in r.get("causes", [])]
    # The same cause may be ranked for several servers; its first place is what a reader sees.
    seen = []
    for c in causes:
        if c not in seen:
            seen.append(c)
    rank = seen.index(want) + 1 if want in seen else None
    return dict(name=name, want=want, rank=rank, got=seen[:3], findings=len(r.get("findings", [])), error=None)


def score(results):
    n = len(results)
    top1 = sum(1 for r in results if r["rank"] == 1)
    top3 = sum(1 for r in results if r["rank"] is not None and r["rank"] <= 3)
    empty = [r["name"] for r in results if r["findings"] == 0]
    return dict(n=n, top1=top1, top3=top3, empty=empty,
                top1_pct=round(100.0 * top1 / n, 1) if n else 0.0,
                top3_pct=round(100.0 * top3 / n, 1) if n else 0.0)


def main():
    args = sys.argv[1:]
    # A flag it does not know (`--help` included) stops it before any set is scored: a rule writer
    # who asks for help must not see the never-read sets' figures.
    known, takes_value = {"--json", "--quiet", "--no-os"}, {"--bin", "--dir", "--only"}
    i = 0
    while i < len(args):
        if args[i] in takes_value and i + 1 < len(args):
            i += 2
        elif args[i] in known:
            i += 1
        else:
            sys.exit(__doc__.strip() if args[i] in ("-h", "--help") else
                     f"accuracy: unknown argument {args[i]!r} (see --help)")
    binary = os.path.join(ROOT, "target/debug/mcp-doctor")
    if "--bin" in args:
        binary = args[args.index("--bin") + 1]
    if not os.path.isfile(binary):
        sys.exit(f"accuracy: {binary} is missing; run `cargo build` first")
    sets = {"training": cases("testdata/corpus"), "holdout": cases("testdata/corpus-holdout")}
    # Reports gathered after the rules were written, by someone who did not read the rules, and
    # never read by the rule writer: the closest the repository has to "never seen".
    unseen = cases("testdata/corpus-unseen")
    if unseen:
        sets["unseen"] = unseen
    for i, a in enumerate(args[:-1]):
        if a == "--dir":
            d = os.path.abspath(args[i + 1])
            sets[os.path.basename(d.rstrip("/"))[:9]] = cases(d)
    if "--only" in args[:-1]:
        # Only these sets (comma-separated labels): a rule writer scores the training set or a
        # new batch without running (and seeing the misses of) the never-read ones.
        only = args[args.index("--only") + 1].split(",")
        unknown = [o for o in only if o not in sets]
        if unknown:
            sys.exit(f"accuracy: no set named {', '.join(unknown)} (sets: {', '.join(sets)})")
        sets = {k: v for k, v in sets.items() if k in only}
    report = {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for label, cs in sets.items():
            results = list(ex.map(lambda c: run(binary, c, "--no-os" not in args), cs))
            report[label] = dict(score=score(results), results=results)
    if "--json" in args:
        json.dump(report, sys.stdout, indent=1)
        print()
        return
    labels = list(sets)
    for label in labels:
        s = report[label]["score"]
        print(f"{label:9} {s['n']:4} reports  top-1 {s['top1']:4} ({s['top1_pct']:5.1f} %)  "
              f"top-3 {s['top3']:4} ({s['top3_pct']:5.1f} %)  no finding: {len(s['empty'])}")
    all_results = [r for label in labels for r in report[label]["results"]]
    s = score(all_results)
    print(f"{'all':9} {s['n']:4} reports  top-1 {s['top1']:4} ({s['top1_pct']:5.1f} %)  "
          f"top-3 {s['top3']:4} ({s['top3_pct']:5.1f} %)  no finding: {len(s['empty'])}")
    if "--quiet" in args:
        return
    for label in labels:
        misses = [r for r in report[label]["results"] if r["rank"] != 1]
        if misses:
            print(f"\n{label} misses ({len(misses)}):")
        for r in misses:
            where = f"rank {r['rank']}" if r["rank"] else "not ranked"
            got = ", ".join(r["got"]) or "no cause"
            extra = f"  [{r['error']}]" if r["error"] else ""
            print(f"  {r['name']:32} {where:10} got: {got}  ({r['findings']} findings){extra}")


if __name__ == "__main__":
    main()
