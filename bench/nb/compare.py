#!/usr/bin/env python3
"""Checks the binary's weak guess against the Python model (bench/nb/loro.py's `chosen`, trained
on every rule, blended as G) on every rule example and on the weak guess's inputs of the
training reports: `bench/nb/compare.py [WEAK.jsonl]` runs `cargo test --release --lib nb_dump`."""
import json, os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loro  # noqa: E402
rules = loro.load_rules()
opts = dict(loro.CHOSEN)
model = loro.train(rules, opts, {})
items = [(t, w) for r in rules for t, w in r["examples"]]
if len(sys.argv) > 1:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if r["decided"]:
            items.append(("\n".join(r["weak"][0]["texts"]), r["os"] == "windows"))
fd, path = tempfile.mkstemp()
with os.fdopen(fd, "w") as f:
    for t, w in items:
        f.write(json.dumps([t, w]) + "\n")
p = subprocess.run(["cargo", "test", "--release", "--lib", "nb_dump", "--", "--ignored", "--nocapture",
                    "--test-threads", "1"], cwd=loro.ROOT, env=dict(os.environ, NB_TEXTS=path),
                   capture_output=True, text=True)
# (libtest writes the test's name before its first line.)
got = [json.loads(l[l.index("NB [") + 3:]) for l in p.stdout.split("\n") if "NB [" in l]
assert len(got) == len(items), (len(got), len(items), p.stderr[-2000:])
diff = 0
for (t, w), g in zip(items, got):
    want = loro.blends(t, w, model)["G: F(3), model only after 0-1 branch"]
    if want != g:
        diff += 1
        print("differs:", repr(t[:100]), "python", want, "rust", g)
print(f"{len(items)} texts, {diff} rankings differ")
