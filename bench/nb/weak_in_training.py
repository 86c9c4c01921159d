#!/usr/bin/env python3
"""Which training reports (testdata/corpus only) the weak guess decides: their first ranked cause
comes from a `log-unclassified-error` finding. Prints each with the wanted cause, what came first
and the unknown lines' texts (the weak guess's input) as JSON lines, for bench/nb/loro.py."""
import json, os, subprocess, sys, tempfile
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import accuracy  # noqa: E402
binary = sys.argv[1]
home = tempfile.mkdtemp()
for name, want, log, os_name in accuracy.cases("testdata/corpus"):
    with open(log, "rb") as f:
        p = subprocess.run([binary, "logs", "--file", "-", "--json", "--os", os_name, "--home", home,
                            "--now", "2099-01-01T00:00:00Z"], stdin=f, capture_output=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": home})
    r = json.loads(p.stdout)
    fs = {f["id"]: f for f in r["findings"]}
    weak = [f for f in r["findings"] if f["rule"] == "log-unclassified-error"]
    if not weak:
        continue
    causes = r.get("causes", [])
    first = causes[0] if causes else None
    decided = first is not None and any(fs[i]["rule"] == "log-unclassified-error" for i in first["findings"])
    print(json.dumps(dict(name=name, want=want, os=os_name, decided=decided,
                          got=[c["cause"] for c in causes[:3]],
                          weak=[dict(cause=f["cause"], texts=[e["text"] for e in f["evidence"]]) for f in weak])))
