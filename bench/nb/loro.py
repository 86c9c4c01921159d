#!/usr/bin/env python3
"""Issue 13's experiment: can a naive Bayes model learnt from the log rules' own `[[examples]]`
rank the weak guess's causes (`guess_causes`, src/logs/mod.rs) better than its hand-written word
lists? Measured by leave-one-rule-out: each rule's example texts are ranked by a model trained on
every other rule (a phrasing family no rule knows), and by the hand list (bench/nb/hand.py, a port
of `guess_causes`), and blends of the two.

usage: bench/nb/loro.py [--grid] [--verbose] [--weak FILE.jsonl]

--grid: every variant tried (tokens, weights, smoothing), not only the one the binary carries.

--weak: also rank the weak guess's own inputs on the training reports
(bench/nb/weak_in_training.py's output: testdata/corpus only), with the model trained on every rule.
"""
import glob
import json
import math
import os
import re
import sys
import tomllib
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hand  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAUSES = ["command-not-found", "windows-npx", "runtime-version", "bad-path", "permission",
          "invalid-config", "missing-env", "server-crash", "oom-killed", "stdout-pollution",
          "startup-timeout", "auth-expired", "session-expired", "sse-idle-timeout", "network-blocked",
          "config-ignored", "insecure-config", "deprecated-transport"]


# The weak guess's own rule: a stand-in for every cause (its explanation names a timeout, a refused
# connection, a 401...), filed as a crash; not a phrasing family of one cause.
UNCLASSIFIED = "log-unclassified-error"


def load_rules():
    rules = []
    for f in sorted(glob.glob(os.path.join(ROOT, "rules/log/*.toml"))):
        t = tomllib.load(open(f, "rb"))
        if t["id"] == UNCLASSIFIED:
            continue
        ex = [(e["text"], e.get("os") == "windows") for e in t.get("examples", []) if "text" in e]
        rules.append(dict(id=t["id"], cause=t["cause"], examples=ex, symptom=t.get("symptom", False),
                          doc=" ".join([t.get("title", "")] + [t.get("explain", {}).get(k, "")
                                                                for k in ("what", "why")])))
    return rules


CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def tokens(text, opts):
    """Words of ASCII letters and digits; camelCase words also as their parts; numbers only as
    3-digit (HTTP status, errno) or 5-digit (JSON-RPC code) words; bigrams of adjacent words."""
    out = []
    for raw in re.findall(r"[A-Za-z0-9]+", text):
        parts = [raw]
        if opts.get("camel") and not raw.isupper() and not raw.islower() and not raw.isdigit():
            parts += CAMEL.findall(raw)
        for p in parts:
            w = p.lower()
            if w.isdigit():
                if len(w) not in (3, 5):
                    continue
            elif any(c.isdigit() for c in w):
                if len(w) > 12:
                    continue
            if len(w) < 2 or len(w) > 30:
                continue
            out.append(w)
    feats = set(out)
    if opts.get("bigrams"):
        words = [w for w in (x.lower() for x in re.findall(r"[A-Za-z0-9]+", text))
                 if not w.isdigit() and 2 <= len(w) <= 30]
        feats |= {a + " " + b for a, b in zip(words, words[1:])}
    return feats


class NB:
    """Naive Bayes over binary features (each feature once per text).

    kind "multinomial": P(f|c) = (weighted count of f in c's texts + alpha) / (all of c's feature
    counts + alpha V), summed over the text's known features (Laplace smoothing `alpha`).
    kind "bernoulli": P(f|c) = (c's documents with f + alpha) / (c's documents + 2 alpha), present
    and absent features both counted; with `rule_docs` a document is a rule (the union of its
    examples' features), so a word weighs by how many of a cause's phrasing families use it.
    `min_rules`: only features that at least this many rules' examples use (a word one rule alone
    uses tells that rule, which needs no guess)."""

    def __init__(self, docs, opts):
        # docs: [(cause, feats, weight)]
        self.opts = opts
        alpha = opts.get("alpha", 0.5)
        self.kind = opts.get("kind", "multinomial")
        keep = opts.get("keep")
        if keep is not None:
            docs = [(c, fs & keep, w) for c, fs, w in docs]
        cnt = defaultdict(Counter)
        tot = Counter()
        nd = Counter()
        vocab = set()
        for c, fs, w in docs:
            nd[c] += w
            for f in fs:
                cnt[c][f] += w
                tot[c] += w
            vocab |= fs
        self.vocab = vocab
        V = len(vocab)
        self.logp = {}
        self.unk = {}
        self.absent = {}
        for c in CAUSES:
            if self.kind == "multinomial":
                d = tot[c] + alpha * V
                self.logp[c] = {f: math.log((n + alpha) / d) for f, n in cnt[c].items()}
                self.unk[c] = math.log(alpha / d)
                self.absent[c] = None
            else:
                d = nd[c] + 2 * alpha
                p = {f: (n + alpha) / d for f, n in cnt[c].items()}
                p0 = alpha / d
                # log P(f present) - log P(f absent), and the sum of log P(absent) over the vocab.
                self.logp[c] = {f: math.log(q) - math.log(1 - q) for f, q in p.items()}
                self.unk[c] = math.log(p0) - math.log(1 - p0)
                self.absent[c] = sum(math.log(1 - q) for q in p.values()) + (V - len(p)) * math.log(1 - p0)
        prior = opts.get("prior", "uniform")
        n = sum(nd.values())
        self.prior = {}
        for c in CAUSES:
            if prior == "uniform":
                self.prior[c] = 0.0
            else:
                self.prior[c] = math.log((nd[c] + 1) / (n + len(CAUSES)))

    def scores(self, feats):
        fs = [f for f in feats if f in self.vocab]
        s = {}
        for c in CAUSES:
            lp = self.logp[c]
            s[c] = self.prior[c] + sum(lp.get(f, self.unk[c]) for f in fs)
            if self.absent[c] is not None:
                s[c] += self.absent[c]
        return s, len(fs)

    def rank(self, feats):
        s, _ = self.scores(feats)
        # Ties (no known word): the hand list's prior order (Cause::prior), server-crash first.
        return sorted(CAUSES, key=lambda c: (-s[c], -PRIOR[c]))


PRIOR = {"server-crash": 1.0, "oom-killed": 0.95, "auth-expired": 0.95, "command-not-found": 0.9,
         "bad-path": 0.9, "invalid-config": 0.9, "permission": 0.85, "runtime-version": 0.85,
         "missing-env": 0.8, "windows-npx": 0.8, "startup-timeout": 0.75, "stdout-pollution": 0.75,
         "sse-idle-timeout": 0.7, "session-expired": 0.7, "network-blocked": 0.7, "config-ignored": 0.65,
         "deprecated-transport": 0.65, "insecure-config": 0.6}


def train(rules, opts, definitions):
    docs = []
    per_rule = []
    for r in rules:
        n = len(r["examples"])
        fs_rule = set()
        w = 1.0 / n if opts.get("per_rule") else 1.0
        for text, _ in r["examples"]:
            fs = tokens(text, opts)
            fs_rule |= fs
            if not opts.get("rule_docs"):
                docs.append((r["cause"], fs, w))
        if opts.get("explain"):
            fs = tokens(r["doc"], opts)
            fs_rule |= fs
            if not opts.get("rule_docs"):
                docs.append((r["cause"], fs, 1.0))
        if opts.get("rule_docs"):
            docs.append((r["cause"], fs_rule, 1.0))
        per_rule.append(fs_rule)
    if opts.get("contract"):
        for c, text in definitions.items():
            docs.append((c, tokens(text, opts), 1.0))
    if opts.get("min_rules", 1) > 1:
        df = Counter(f for fs in per_rule for f in fs)
        opts = dict(opts, keep={f for f, n in df.items() if n >= opts["min_rules"]})
    return NB(docs, opts)


def contract_definitions():
    defs = {}
    path = "/work/shared/contract.md"
    if os.path.isfile(path):
        for line in open(path, encoding="utf-8"):
            m = re.match(r"\| `([a-z-]+)` \| (.+) \|$", line.strip())
            if m and m.group(1) in CAUSES:
                defs[m.group(1)] = m.group(2)
    return defs


def blends(text, windows, model):
    """Every ranking compared, each a list of causes (at most three)."""
    head, remote = hand.branches([text], windows)
    feats = tokens(hand.unsay(text), model.opts)
    s, known = model.scores(feats)
    mrank = sorted(CAUSES, key=lambda c: (-s[c], -PRIOR[c]))
    out = {}
    out["hand"] = hand.tail(head, remote, windows)
    out["model"] = mrank[:3] if known else hand.tail([], remote, windows)
    def then_model(first):
        """`first`, then the model's causes it lacks, three in all."""
        return (list(first) + [c for c in mrank if c not in first])[:3]

    # A: the hand branches that fire first, the model for the rest (in place of the common tail).
    out["A: hand, then model"] = then_model(head) if known else out["hand"]
    # B: the hand branches' causes ordered by the model (the branches fired, the model orders
    # them), then the model.
    b = sorted(head, key=lambda c: mrank.index(c))
    out["B: hand reordered, then model"] = then_model(b) if known else out["hand"]
    # C: the hand list where a branch fires; the model where none does.
    out["C: hand if a branch fires, else model"] = out["hand"] if head else out["model"]
    # D: the hand's first, then the model's.
    d = head[:1]
    for c in mrank:
        if len(d) >= 3:
            break
        if c not in d:
            d.append(c)
    out["D: hand first, then model"] = d[:3] if (known and head) else (out["model"] if not head else out["hand"])
    # E: the hand branches that fire, then the model's first cause they do not name, then the
    # hand list's tail (the crash and the commonest causes). F(T): the same, but where no branch
    # fires the model's cause comes before the tail's first (the crash for a local server, the
    # network for a remote one) only when its score beats that one's by T (natural log),
    # otherwise just after it.
    base = hand.tail([], remote, windows)[0]
    if known:
        first = next((c for c in mrank if c not in head), None)
        e = hand.tail(head + [first], remote, windows)
        out["E: hand, model's first, hand tail"] = e
        for t in (0.0, 1.0, 2.0, 3.0, 5.0):
            if head or first == base or s[first] - s[base] >= t:
                f = e
            else:
                f = hand.tail([base, first], remote, windows)
            out[f"F({t:g})"] = f
        # G: F(3), but the model's cause only where the words name fewer than two (the crash, or
        # a remote server's commonest cause, keeps the third place).
        out["G: F(3), model only after 0-1 branch"] = out["F(3)"] if len(head) < 2 else out["hand"]
    else:
        out["G: F(3), model only after 0-1 branch"] = out["hand"]
        out["E: hand, model's first, hand tail"] = out["hand"]
        for t in (0.0, 1.0, 2.0, 3.0, 5.0):
            out[f"F({t:g})"] = out["hand"]
    return out


def loro(rules, opts, verbose=False):
    defs = contract_definitions()
    res = defaultdict(lambda: [0, 0, 0])  # top1, top3, n
    per_rule = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    misses = []
    for i, r in enumerate(rules):
        model = train(rules[:i] + rules[i + 1:], opts, defs)
        for text, win in r["examples"]:
            for name, rank in blends(text, win, model).items():
                v = res[name]
                v[0] += rank[0] == r["cause"]
                v[1] += r["cause"] in rank[:3]
                v[2] += 1
                k = len(r["examples"])
                per_rule[name][r["id"]][0] += (rank[0] == r["cause"]) / k
                per_rule[name][r["id"]][1] += (r["cause"] in rank[:3]) / k
            if verbose:
                b = blends(text, win, model)
                if b["model"][0] != r["cause"] or b["hand"][0] != r["cause"]:
                    misses.append((r["id"], r["cause"], b["hand"][0], b["model"][0], text[:110]))
    macro = {name: (sum(v[0] for v in d.values()), sum(v[1] for v in d.values()), len(d))
             for name, d in per_rule.items()}
    return res, macro, misses


def weak_check(rules, opts, path):
    defs = contract_definitions()
    model = train(rules, opts, defs)
    res = defaultdict(lambda: [0, 0, 0])
    rows = []
    for line in open(path):
        r = json.loads(line)
        if not r["decided"]:
            continue
        texts = r["weak"][0]["texts"]
        win = r["os"] == "windows"
        text = "\n".join(texts)
        b = blends(text, win, model)
        for name, rank in b.items():
            v = res[name]
            v[0] += rank[0] == r["want"]
            v[1] += r["want"] in rank[:3]
            v[2] += 1
        rows.append((r["name"], r["want"], b["hand"], b["model"]))
    return res, rows


# The model the binary carries (build.rs, src/logs/guess_model.rs): words and their camelCase
# parts, the rules' titles and explanations with their examples, each rule weighing the same,
# words two rules or more use, alpha 0.25; blended as G (F(3) after no or one hand branch;
# src/logs/mod.rs MODEL_MARGIN).
CHOSEN = dict(camel=True, explain=True, per_rule=True, min_rules=2, alpha=0.25)


def main():
    args = sys.argv[1:]
    verbose = "--verbose" in args
    rules = load_rules()
    n = sum(len(r["examples"]) for r in rules)
    print(f"{len(rules)} log rules, {n} example texts")
    configs = {"chosen": CHOSEN}
    alphas = (None,)
    if "--grid" in args:
        alphas = (0.1, 0.25, 0.5, 1.0)
        configs = {
            "words": dict(),
            "words+camel": dict(camel=True),
            "words+bigrams": dict(bigrams=True),
            "words+camel+bigrams": dict(camel=True, bigrams=True),
            "words+camel+explain": dict(camel=True, explain=True),
            "words+camel+explain, per-rule weight": dict(camel=True, explain=True, per_rule=True),
            "words+camel+explain, per-rule weight, 2 rules": dict(camel=True, explain=True, per_rule=True,
                                                                  min_rules=2),
            "words+camel+bigrams+explain, per-rule weight, 2 rules": dict(camel=True, bigrams=True, explain=True,
                                                                          per_rule=True, min_rules=2),
            "words+camel+explain+contract, per-rule weight, 2 rules": dict(camel=True, explain=True,
                                                                           contract=True, per_rule=True,
                                                                           min_rules=2),
            "words+camel+explain, per-rule weight, 2 rules, rule docs": dict(camel=True, explain=True,
                                                                             rule_docs=True, min_rules=2),
            "words+camel+explain, per-rule weight, 2 rules, bernoulli": dict(camel=True, explain=True,
                                                                             per_rule=True, min_rules=2,
                                                                             kind="bernoulli"),
            "words+camel+explain, per-rule weight, 2 rules, class prior": dict(camel=True, explain=True,
                                                                               per_rule=True, min_rules=2,
                                                                               prior="class"),
        }
    if "--config" in args:
        only = args[args.index("--config") + 1]
        configs = {k: v for k, v in configs.items() if k == only}
    for alpha in alphas:
        for label, opts in configs.items():
            if alpha is not None:
                opts = dict(opts, alpha=alpha)
            alpha = opts.get("alpha", 0.5)
            res, macro, misses = loro(rules, opts, verbose)
            print(f"\n[{label}, alpha {alpha}]  leave-one-rule-out, per text (n) | per rule (mean over rules)")
            for name, (t1, t3, k) in res.items():
                m1, m3, nr = macro[name]
                print(f"  {name:42} top-1 {t1:4}/{k} ({100*t1/k:5.1f} %)  top-3 {t3:4}/{k} ({100*t3/k:5.1f} %)"
                      f"  | rules: top-1 {100*m1/nr:5.1f} %  top-3 {100*m3/nr:5.1f} %  (n={nr})")
            if verbose:
                for m in misses:
                    print("   ", m)
            if "--weak" in args:
                wres, rows = weak_check(rules, opts, args[args.index("--weak") + 1])
                print("  weak guess's inputs on the training reports (trained on every rule):")
                for name, (t1, t3, k) in wres.items():
                    print(f"    {name:42} top-1 {t1:3}/{k}  top-3 {t3:3}/{k}")
                if verbose:
                    for row in rows:
                        print("   ", row)


if __name__ == "__main__":
    main()
