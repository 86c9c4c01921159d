#!/usr/bin/env python3
"""Every URL already in testdata/ (the corpora's sources, the README configs' pins, the emitters'
sources), for a researcher gathering a fresh batch of never-seen reports: a candidate whose link is
here was gathered before, whatever folder holds it.

usage: bench/known_urls.py                 print the list, one URL a line, sorted
       bench/known_urls.py REF [REF ...]    for each REF (a URL, or `owner/repo/issues/N`), print
                                            KNOWN or new, and TAKEN when --also DIR holds it
       --also DIR                           (repeatable) also search DIR's *.md files (the other
                                            researchers' folders of this session)"""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")
URL = re.compile(r'https?://[^\s)>"\]]+')


def urls(folder, only_md=False):
    found = set()
    for dirpath, _, files in os.walk(folder):
        for name in files:
            if only_md and not name.endswith(".md"):
                continue
            try:
                text = open(os.path.join(dirpath, name), encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            found.update(u.rstrip(".,;:`'") for u in URL.findall(text))
    return found


def main(argv):
    also, refs = [], []
    it = iter(argv)
    for a in it:
        if a == "--also":
            also.append(next(it, None) or sys.exit(__doc__))
        elif a.startswith("-"):
            sys.exit(__doc__)
        else:
            refs.append(a)
    known = urls(ROOT)
    if not refs:
        print("\n".join(sorted(known)))
        return
    taken = set().union(*(urls(d, only_md=True) for d in also)) if also else set()
    for ref in refs:
        key = ref.split("://", 1)[-1].removeprefix("github.com/").rstrip("/")
        hit = lambda pool: any(key in u and re.search(re.escape(key) + r"(?!\d)", u) for u in pool)
        print(("KNOWN" if hit(known) else "TAKEN" if hit(taken) else "new") + " " + ref)


main(sys.argv[1:])
