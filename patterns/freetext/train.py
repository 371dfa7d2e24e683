#!/usr/bin/python3
"""Train the free-text models (patterns/freetext/model.txt).

The features are phiscrub's own (src/lib/freetext.c), printed by the
development tool ft_dump (cmake --build build --target ft_dump): what the
lexicon knows of a word and of its neighbours, their case, the gaps between
them. No feature names a word: the models learn how much "a surname that is
no English word, after a title" counts, never that some word is a name.

Labelled material, any mix of:
  --notes DIR     deid-style notes (id.text, id-phi.phrase): HCPName, PTName,
                  PTNameInitial, RelativeProxyName spans are NAME, Location
                  spans are PLACE; other labels are neither
  --jsonl FILE    one JSON object a line, {"text": ..., "spans": [[start,
                  end, CATEGORY, ...], ...]} with byte offsets (the corpora of
                  tests/accuracy): NAME is NAME, LOCATION is PLACE; a clean
                  file (no spans) teaches what is neither
  --patients P    with --notes, use only patients whose number is in the
                  comma list or range list (e.g. 1-40), for held-out checks

Writes the model text (--out, default: next to this script). Needs numpy
and scipy (Debian's python3-numpy and python3-scipy; `scripts/setup.sh
--train` installs them).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import hashlib

import numpy as np
from scipy import optimize, sparse

HERE = os.path.dirname(os.path.abspath(__file__))
NFEAT = 0  # set from the tool's feature names
NAME_TYPES = {"HCPName", "PTName", "PTNameInitial", "RelativeProxyName"}
PLACE_TYPES = {"Location"}


def parse_ranges(spec):
    out = set()
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
        elif part:
            out.add(int(part))
    return out


def notes_docs(d, patients):
    """(text, [(start, end, label)]) per note, offsets in bytes of latin-1 text."""
    text = open(f"{d}/id.text", encoding="latin-1").read()
    recs = re.findall(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD",
                      text, re.S)
    gold = {}
    for line in open(f"{d}/id-phi.phrase", encoding="latin-1"):
        f = line.split()
        if len(f) >= 5:
            lab = "NAME" if f[4] in NAME_TYPES else "PLACE" if f[4] in PLACE_TYPES else None
            gold.setdefault((f[0], f[1]), []).append((int(f[2]), int(f[3]), lab))
    for p, n, body in recs:
        if patients and int(p) not in patients:
            continue
        yield body.encode("latin-1"), gold.get((p, n), [])


def jsonl_docs(path):
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        spans = []
        for s in rec.get("spans", []):
            lab = "NAME" if s[2] == "NAME" else "PLACE" if s[2] == "LOCATION" else None
            spans.append((s[0], s[1], lab))
        yield rec["text"].encode("utf-8"), spans


def featurise(docs, ft_dump, cache_dir):
    """A sparse matrix of the words' features and their labels (0 neither,
    1 NAME, 2 PLACE), cached by the material and the tool that made it."""
    lines, where = [], []
    for di, (body, spans) in enumerate(docs):
        off = 0
        for ln in body.split(b"\n"):
            lines.append(ln)
            where.append((off, spans))
            off += len(ln) + 1
    blob = b"\n".join(lines) + b"\n"
    h = hashlib.sha256(blob + open(ft_dump, "rb").read() + repr([w[1] for w in where]).encode())
    cache = os.path.join(cache_dir, h.hexdigest()[:24] + ".npz")
    if os.path.exists(cache):
        z = np.load(cache)
        return sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"])), z["y"]
    out = subprocess.run([ft_dump], input=blob, stdout=subprocess.PIPE, check=True).stdout
    ids, ptr, y = [], [0], []
    for row in out.split(b"\n"):
        if not row:
            continue
        f = row.split()
        li, s, e = int(f[0]), int(f[1]), int(f[2])
        off, spans = where[li]
        a, b = off + s, off + e
        lab = 0
        for gs, ge, gl in spans:
            if gs < b and ge > a:
                lab = {"NAME": 1, "PLACE": 2}.get(gl, 3)
                break
        if lab == 3:
            continue  # a date or phone word: no lesson for these models
        ids.extend(int(x) for x in f[3:])
        ptr.append(len(ids))
        y.append(lab)
    ids = np.array(ids, dtype=np.int32)
    ptr = np.array(ptr, dtype=np.int64)
    X = sparse.csr_matrix((np.ones(len(ids), dtype=np.float32), ids, ptr),
                          shape=(len(y), NFEAT))
    y = np.array(y, dtype=np.int8)
    os.makedirs(cache_dir, exist_ok=True)
    np.savez(cache, data=X.data, indices=X.indices, indptr=X.indptr, shape=X.shape, y=y)
    return X, y


def train(X, y, sw, l2):
    """Logistic regression with L2, by L-BFGS; sw weighs each word."""
    sw = sw / sw.sum()
    Xt = X.T.tocsr()

    def f(w):
        z = X @ w
        # log(1 + e^-z) for y=1, log(1 + e^z) for y=0, stably
        loss = np.where(y == 1, np.logaddexp(0, -z), np.logaddexp(0, z))
        p = 1 / (1 + np.exp(-z))
        g = Xt @ ((p - y) * sw)
        return float(loss @ sw + 0.5 * l2 * w @ w), g + l2 * w

    r = optimize.minimize(f, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B",
                          options={"maxiter": 500})
    return r.x


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", action="append", default=[])
    ap.add_argument("--patients")
    ap.add_argument("--jsonl", action="append", default=[])
    ap.add_argument("--ft-dump", default="build/ft_dump")
    ap.add_argument("--out", default=os.path.join(HERE, "model.txt"))
    ap.add_argument("--l2", type=float, default=1e-5)
    ap.add_argument("--weight", action="append", default=[],
                    help="SOURCE=W: weigh the words of one source (its file or folder name)")
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/phiscrub-train"))
    ap.add_argument("--threshold", type=float, nargs=2, default=[0.5, 0.5],
                    metavar=("NAME", "PLACE"), help="for lines of prose")
    ap.add_argument("--threshold-other", type=float, nargs=2, default=[0.5, 0.5],
                    metavar=("NAME", "PLACE"), help="for other lines")
    a = ap.parse_args()
    patients = parse_ranges(a.patients) if a.patients else None
    weights = dict(w.split("=") for w in a.weight)
    weights = {k: float(v) for k, v in weights.items()}
    sources = [(os.path.basename(d.rstrip("/")), list(notes_docs(d, patients))) for d in a.notes]
    sources += [(os.path.basename(j), list(jsonl_docs(j))) for j in a.jsonl]
    if not any(docs for _, docs in sources):
        sys.exit("train.py: no labelled material (--notes, --jsonl)")
    global NFEAT
    names = subprocess.run([a.ft_dump, "--names"], stdout=subprocess.PIPE, check=True,
                           text=True).stdout.split("\n")
    names = [n.split(" ", 1)[1] for n in names if n]
    NFEAT = len(names)
    parts = []
    for label, docs_of in sources:
        X, y = featurise(docs_of, a.ft_dump, a.cache)
        parts.append((X, y, np.full(len(y), weights.get(label, 1.0))))
        print(f"train.py: {label}: {len(y)} words, {(y == 1).sum()} name words, "
              f"{(y == 2).sum()} place words", file=sys.stderr)
    X = sparse.vstack([p[0] for p in parts]).tocsr()
    y = np.concatenate([p[1] for p in parts])
    sw = np.concatenate([p[2] for p in parts])
    lines = ["# The free-text models of src/lib/freetext.c, written by patterns/freetext/train.py.",
             "# Material: " + " ".join(os.path.basename(x) for x in sys.argv[1:]),
             f"threshold NAME {a.threshold[0]}", f"threshold PLACE {a.threshold[1]}",
             f"threshold-other NAME {a.threshold_other[0]}",
             f"threshold-other PLACE {a.threshold_other[1]}"]
    for model, lab in (("NAME", 1), ("PLACE", 2)):
        w = train(X, (y == lab).astype(float), sw, a.l2)
        for i in np.argsort(-np.abs(w)):
            if abs(w[i]) < 1e-3:
                break
            lines.append(f"{model} {names[i]} {w[i]:.4f}")
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"train.py: wrote {a.out} ({len(lines)} lines)", file=sys.stderr)


if __name__ == "__main__":
    main()
