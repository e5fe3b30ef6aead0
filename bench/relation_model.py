"""The relation model measured by grouped cross-validation on the training data (no document is
ever in the fold that measures it), with the project's own actor detection, not gold actors.

Prints, each for short stories (WCEP) and long articles (Wikinews) apart and for all:
- lenient precision, recall and F1 of the rule frames alone (the baseline beside it), of the
  logistic model with the frames among its features (the shipped family), and of gradient-boosted
  trees over the same features;
- the same per relation family (hostile, cooperative, other);
- the learning curve: a quarter, half and all of the training folds;
- how the confidence separates right from wrong statements: AUC, and a reliability table
  (confidence bins: statements, share right) with the expected calibration error, where each
  document's confidences come from a confidence model fitted on the held-out statements of the
  other documents only (five-fold cross-fitting), never on its own.

    .venv/bin/python bench/relation_model.py [--folds 5] [--quick]

Figures, not pass/fail: the closing note of a change to extraction quotes them.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.evaluate import Score, score_document  # noqa: E402
from kg.extract import Extractor  # noqa: E402
from kg.learn.examples import examples_for  # noqa: E402
from kg.learn.gold import load_documents  # noqa: E402
from kg.learn.trainer import (FitOptions, calibrate, choose_thresholds, cross_validate,  # noqa: E402
                            statements)
from kg.vocab import relation_family  # noqa: E402

from kg.learn.trainer import SHIPPED_GOLD as GOLD, SHIPPED_TEXTS as TEXTS  # noqa: E402
NAMES = {"wcep_train_gold.json": "short", "wikinews_train_gold.json": "long", "all": "all"}


def family(rel: str) -> str:
    fam = relation_family(rel)
    return fam if fam in ("hostile", "cooperative") else "other"


def scores_of(docs, found_by_doc) -> dict:
    """Lenient Score by (gold file or "all", family or "all")."""
    out: dict = defaultdict(Score)
    for d in docs:
        found = found_by_doc[d.doc_id]
        for fam in ("all", "hostile", "cooperative", "other"):
            rels = [r for r in d.gold.relations if fam == "all" or family(r["p"]) == fam]
            sysf = {t for t in found if fam == "all" or family(t[1]) == fam}
            gold = {"doc_id": d.doc_id, "actors": d.gold.actors, "relations": rels}
            sc = score_document(gold, sysf, d.labels, "lenient")
            out[(d.kind, fam)].add(sc)
            out[("all", fam)].add(sc)
    return out


def table(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"  {'':34s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}")
    for name, sc in rows.items():
        print(f"  {name:34s} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {sc.tp:5d} {sc.fp:5d} {sc.fn:5d}")


def model_found(preds, t, ft, rules, lt=None):
    return {p.doc.doc_id: set(statements(p, t, ft, rules, lt)) for p in preds}


def auc(judged) -> float:
    pos = [c for c, r in judged if r]
    neg = [c for c, r in judged if not r]
    if not pos or not neg:
        return float("nan")
    x = np.array(pos)[:, None]
    y = np.array(neg)[None, :]
    return float(((x > y).sum() + 0.5 * (x == y).sum()) / (len(pos) * len(neg)))


def cross_calibrated(preds, t, ft, rules, lt=None, folds: int = 5, seed: int = 0):
    """(confidence, right) per held-out statement, where no statement's confidence comes from a
    confidence model fitted on it: documents are dealt into `folds` groups, and each group's
    statements get their confidence from one fitted (`calibrate`, as `kg train` fits the shipped
    one on all of them) on the statements of the other groups (cross-fitting)."""
    from dataclasses import replace

    from kg.extract.model import RelationModel
    from kg.learn.trainer import score

    order = sorted(range(len(preds)), key=lambda i: preds[i].doc.doc_id)
    random.Random(seed).shuffle(order)
    groups = [[preds[i] for i in order[k::folds]] for k in range(folds)]
    judged = [score(g, t, ft, rules, long_threshold=lt)[1] for g in groups]
    plain = RelationModel([], {}, np.zeros((0, 1)), np.zeros(1))
    out = []
    for k in range(folds):
        weights, curve = calibrate([x for j in range(folds) if j != k for x in judged[j]])
        model = replace(plain, confidence_weights=weights, calibration=curve)
        out += [(model.confidence(f), r) for f, r in judged[k]]
    return out


def reliability(judged, bins: int = 10) -> float:
    print(f"  {'confidence':>12s} {'statements':>10s} {'right':>7s} {'mean conf':>9s}")
    ece, n = 0.0, len(judged)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inb = [(c, r) for c, r in judged if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not inb:
            continue
        acc = sum(r for _, r in inb) / len(inb)
        conf = sum(c for c, _ in inb) / len(inb)
        ece += len(inb) / n * abs(acc - conf)
        flag = "" if len(inb) < 50 or abs(acc - conf) <= 0.10 else "  (off the diagonal by more than 0.10)"
        print(f"  {lo:5.1f}-{hi:<5.1f}  {len(inb):10d} {acc:7.3f} {conf:9.3f}{flag}")
    return ece


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="logistic model only, no learning curve")
    args = ap.parse_args()
    t0 = time.time()
    extractor = Extractor.create(Settings(relation_model="none"))
    docs, alignment = examples_for(extractor, load_documents(GOLD, TEXTS))
    rules = extractor.rules
    print(f"{len(docs)} documents read and aligned in {time.time() - t0:.0f} s")
    for k, v in alignment.items():
        print(f"  {k}: {v}")

    frames = {d.doc_id: {(r.subject, r.predicate, r.object) for r in d.frames} for d in docs}
    results = {"rule frames alone": scores_of(docs, frames)}
    t1 = time.time()
    preds = cross_validate(docs, args.folds)
    t, lt, ft, _ = choose_thresholds(preds, rules)
    print(f"\nlogistic: {args.folds}-fold cross-validation in {time.time() - t1:.0f} s; "
          f"threshold {t} (full articles {lt}), with the frames {ft}")
    results["logistic (+ frames as features)"] = scores_of(docs, model_found(preds, t, ft, rules, lt))
    if not args.quick:
        t1 = time.time()
        boosted = cross_validate(docs, args.folds, options=FitOptions(family="boosted"))
        bt, blt, bft, _ = choose_thresholds(boosted, rules)
        print(f"boosted trees: cross-validation in {time.time() - t1:.0f} s; threshold {bt} "
              f"(full articles {blt}), with the frames {bft}")
        results["boosted trees (+ frames)"] = scores_of(docs, model_found(boosted, bt, bft, rules, blt))
    for kind in ("wcep_train_gold.json", "wikinews_train_gold.json", "all"):
        table(f"{NAMES[kind]}: lenient, cross-validated", {name: r[(kind, "all")] for name, r in results.items()})
    for fam in ("hostile", "cooperative", "other"):
        table(f"family {fam} (all documents)", {name: r[("all", fam)] for name, r in results.items()})

    if not args.quick:
        print("\nlearning curve (logistic; each fold trained on a share of the other folds' documents)")
        for share in (0.25, 0.5, 1.0):
            sub = _learning_point(docs, share, args.folds)
            found = model_found(sub, t, ft, rules, lt)
            sc = scores_of(docs, found)
            print(f"  {share:4.0%} of the training folds: short F1 {sc[('wcep_train_gold.json', 'all')].f1:.3f}"
                  f"  long F1 {sc[('wikinews_train_gold.json', 'all')].f1:.3f}  all F1 {sc[('all', 'all')].f1:.3f}")

    judged = cross_calibrated(preds, t, ft, rules, lt)
    print(f"\nconfidence of held-out statements: AUC right vs wrong {auc(judged):.3f}")
    ece = reliability(judged)
    print(f"  expected calibration error {ece:.3f}")
    print(f"\ntotal {time.time() - t0:.0f} s")


def _learning_point(docs, share: float, folds: int):
    """Held-out predictions where each fold's model sees only `share` of its training documents."""
    from kg.learn.trainer import fit, predict

    order = sorted(range(len(docs)), key=lambda i: docs[i].doc_id)
    random.Random(0).shuffle(order)
    fold_of = {i: n % folds for n, i in enumerate(order)}
    out = [None] * len(docs)
    for k in range(folds):
        train = [i for i in order if fold_of[i] != k]
        train = train[:max(1, int(len(train) * share))]
        model = fit([docs[i] for i in train])
        test = [i for i in range(len(docs)) if fold_of[i] == k]
        for i, p in zip(test, predict(model, [docs[i] for i in test])):
            out[i] = p
    return out


if __name__ == "__main__":
    main()
