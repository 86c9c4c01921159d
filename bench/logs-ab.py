#!/usr/bin/env python3
"""Two builds of mcp-doctor, `logs --file` on every log text of the repository, outputs compared
byte for byte: every file under testdata/ (the corpora, testdata/logs, hostile texts, fixture
homes), every `[[examples]]` text and near miss of rules/log/*.toml (one file each), and each of
all those texts again in one log behind 5 MiB of busy log (bench's gen_log) so that the big-file
reader (the prefilter, above 4 MiB) reads them too (PADDED=1: also each text behind it, in a
file of its own); plus any extra files named (the bench's 1 GiB log).

Each file is read `--json` and human (`--color never`), with --os linux, macos and windows, with
every line in the window (`--since 36500d`); the default window (1d) is read `--json` on linux.
Exit status 1 when any output differs (each difference is listed).

Usage: bench/logs-ab.py BASE NEW [EXTRA_FILE...]   (env JOBS: parallel runs, default 2)"""
import concurrent.futures as cf, glob, os, shutil, subprocess, sys, tempfile, threading

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

base, new = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
extra = [os.path.realpath(p) for p in sys.argv[3:]]
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="mcp-doctor-logs-ab-")
NOW = "2026-06-01T00:00:00Z"
home = os.path.join(work, "home")
os.makedirs(home)


def rule_examples():
    out = []
    for p in sorted(glob.glob(os.path.join(repo, "rules", "log", "*.toml"))):
        if tomllib is None:
            sys.exit("python 3.11+ (tomllib) is needed to read the rule examples")
        with open(p, "rb") as f:
            doc = tomllib.load(f)
        for i, ex in enumerate(doc.get("examples", [])):
            texts = [ex.get("text", "")] + list(ex.get("near_miss", []))
            for j, t in enumerate(texts):
                out.append((f"{os.path.basename(p)}#{i}.{j}", t.encode()))
    return out


def files():
    fs = []
    for dp, _, names in os.walk(os.path.join(repo, "testdata")):
        for n in sorted(names):
            p = os.path.join(dp, n)
            if os.path.getsize(p) < 1 << 20:
                fs.append(p)
    fs.sort()
    ex_dir = os.path.join(work, "examples")
    os.makedirs(ex_dir)
    for k, (name, text) in enumerate(rule_examples()):
        p = os.path.join(ex_dir, f"{k:04d}-{name.replace('/', '_')}.log")
        with open(p, "wb") as f:
            f.write(text + b"\n")
        fs.append(p)
    return fs


def filler():
    gen = os.path.join(repo, "target", "release", "examples", "gen_log")
    path = os.path.join(work, "filler.log")
    subprocess.run([gen, path, str(5 << 20), "2026-05-31T12:00:00Z"], check=True)
    return open(path, "rb").read()


VARIANTS = [(os_, fmt, ["--since", "36500d"]) for os_ in ("linux", "macos", "windows")
            for fmt in (["--json"], ["--format", "human", "--color", "never"])]
VARIANTS.append(("linux", ["--json"], []))


def outputs(b, path, os_, fmt, window):
    args = [b, "--home", home, "--os", os_, "--now", NOW, "logs", "--file", path] + fmt + window
    p = subprocess.run(args, capture_output=True, env={"PATH": "/usr/bin:/bin", "HOME": home,
                                                       "NO_COLOR": "1"})
    return p.returncode, p.stdout, p.stderr


def compare(path, variants, pad=None):
    """Outputs of both builds on `path` (behind `pad` when given, in a file of its own)."""
    if pad is not None:
        q = os.path.join(work, "padded", f"{threading.get_ident()}-{os.path.basename(path)}")
        with open(q, "wb") as f:
            f.write(pad)
            f.write(open(path, "rb").read())
        path = q
    diffs = []
    for os_, fmt, window in variants:
        a = outputs(base, path, os_, fmt, window)
        b = outputs(new, path, os_, fmt, window)
        if a != b:
            diffs.append(f"{path} --os {os_} {' '.join(fmt + window)}: "
                         f"exit {a[0]} vs {b[0]}, {len(a[1])} vs {len(b[1])} bytes")
    if pad is not None:
        os.remove(path)
    return diffs


try:
    plain = files()
    pad = filler()
    os.makedirs(os.path.join(work, "padded"))
    jobs = int(os.environ.get("JOBS", "2"))
    # Every text between busy lines in one log of more than 5 MiB (read through the prefilter).
    joined = os.path.join(work, "joined.log")
    with open(joined, "wb") as f:
        f.write(pad)
        for p in plain:
            f.write(open(p, "rb").read().rstrip(b"\n") + b"\n")
            f.write(pad[:4096].rsplit(b"\n", 1)[0] + b"\n")
    work_items = [(p, VARIANTS, None) for p in plain]
    work_items += [(joined, VARIANTS, None)]
    # Each text behind the busy log: json on linux (set PADDED=1; slow, one 5 MiB read each).
    if os.environ.get("PADDED"):
        work_items += [(p, [VARIANTS[0]], pad) for p in plain]
    work_items += [(p, VARIANTS, None) for p in extra]
    diffs, runs = [], 0
    with cf.ThreadPoolExecutor(jobs) as ex:
        for d in ex.map(lambda w: compare(*w), work_items):
            diffs.extend(d)
    runs = sum(len(w[1]) for w in work_items)
    print(f"{len(plain)} texts ({len(plain) - len(rule_examples())} testdata files, "
          f"{len(rule_examples())} rule examples and near misses), all of them in one log behind "
          f"5 MiB of busy log{', each behind it' if os.environ.get('PADDED') else ''}, "
          f"{len(extra)} extra file(s): {len(work_items)} runs of both builds' files, {runs} "
          f"comparisons of {os.path.basename(base)} and {os.path.basename(new)}")
    for d in diffs:
        print("DIFFERENT:", d)
    print("all byte-identical" if not diffs else f"{len(diffs)} differ")
    sys.exit(1 if diffs else 0)
finally:
    shutil.rmtree(work, ignore_errors=True)
