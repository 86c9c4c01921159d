"""A fixture home copied for one run, as the tests' harness does: `{{HOME}}` in a fixture file is
the home's path. Shared by bench/fixtures_ab.py and bench/commands_ab.py."""
import os, shutil


def copy_home(src, home):
    """Copies the fixture `src` to `home` (an empty folder when `src` is None), replacing
    `{{HOME}}` in every text file by the home's path. Returns `home`."""
    shutil.rmtree(home, ignore_errors=True)
    if src is None:
        os.makedirs(home)
        return home
    shutil.copytree(src, home, symlinks=True)
    for d, _, files in os.walk(home):
        for f in files:
            p = os.path.join(d, f)
            try:
                t = open(p, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
            if "{{HOME}}" in t:
                open(p, "w", encoding="utf-8").write(t.replace("{{HOME}}", home))
    return home
