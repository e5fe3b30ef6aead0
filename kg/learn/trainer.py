"""Train the relation model: fit, cross-validate by document, choose the threshold, calibrate.

`train` is what `kg train` runs: examples from annotated documents (`kg.learn.examples`), a
grouped k-fold cross-validation (no document is ever in the fold that measures it) whose
held-out predictions choose the thresholds (for news summaries and full articles apart) and fit
the confidence model (a logistic score over each held-out statement's `statement_features`, then
an isotonic map from that score to the share of statements that were right, drawn three quarters
of the way toward the score: `SHRINK`), then one fit on every document.
Everything is deterministic: the same data and seed give the same model file.

>>> report = train(["gold.json"], ["texts.jsonl"], "my-model/")      # doctest: +SKIP
>>> report.scores["all"].f1                                          # doctest: +SKIP
0.45
"""
from __future__ import annotations

import hashlib
import random
from importlib import resources
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..evaluate import Score, score_document
from ..extract.model import (NONE, Evidence, RelationModel, evidence, is_full_article, stated,
                             statement_features)
from .examples import DocExamples

__all__ = ["FitOptions", "Prediction", "TrainReport", "cross_validate", "fit", "statements",
           "train", "choose_threshold", "choose_thresholds", "smoothed_f1", "calibrate", "score", "predict",
           "is_long"]

_TRAIN = Path(str(resources.files("kg").joinpath("data", "train")))
SHIPPED_GOLD = (_TRAIN / "wcep_train_gold.json", _TRAIN / "wikinews_train_gold.json")
SHIPPED_TEXTS = (_TRAIN / "wcep_train_texts.jsonl", _TRAIN / "wikinews_train_docs.jsonl")
"""The training data shipped with actor-kg (`kg/data/train`, see its README)."""

# 0.15, 0.16 .. 0.75: a fine grid, so the threshold chosen moves a little when the data do,
# not by a whole step when the F1 of one step crosses the tolerance
THRESHOLDS = tuple(round(0.15 + 0.01 * k, 2) for k in range(61))
# what the rule frames find is kept whatever the model says (the model adds to the frames, and
# their statements get its calibrated confidence); a user's model may choose otherwise
FRAME_THRESHOLDS = (0.0,)


@dataclass(frozen=True)
class FitOptions:
    """How the linear model is fitted (the defaults are those the shipped model uses)."""

    C: float = 1.0  # inverse regularisation strength
    none_weight: float = 0.3  # weight of the many pairs with no relation against the few with one
    min_count: int = 2  # a feature seen fewer times in training is left out of the model
    min_class: int = 3  # a relation+direction with fewer examples is not learnt
    max_iter: int = 3000
    family: str = "logistic"  # or "boosted" (gradient-boosted trees, for comparison in bench/)


def _rows(docs: list[DocExamples]):
    """Training rows: (features, label); a pair with two right answers gives a row for each, a
    pair whose relation is stated in another sentence gives none."""
    for d in docs:
        for e in d.examples:
            if e.elsewhere:
                continue
            for label in sorted(e.labels) or [NONE]:
                yield e.candidate.features, label


def fit(docs: list[DocExamples], options: FitOptions = FitOptions()):
    """A model fitted on the examples of `docs` (threshold and calibration left at defaults)."""
    rows = list(_rows(docs))
    counts = Counter(label for _, label in rows)
    classes = sorted(c for c, n in counts.items() if c != NONE and n >= options.min_class)
    if not classes:
        raise InputError("training data", "no relation has enough examples to learn "
                         f"(each needs {options.min_class})")
    known = set(classes) | {NONE}
    rows = [(f, y) for f, y in rows if y in known]
    feature_counts = Counter(x for f, _ in rows for x in set(f))
    names = sorted(x for x, n in feature_counts.items() if n >= options.min_count)
    index = {x: i for i, x in enumerate(names)}
    X = _matrix([f for f, _ in rows], index)
    labels = [NONE] + classes
    y = np.array([labels.index(label) for _, label in rows])
    weights = np.where(y == 0, options.none_weight, 1.0)
    if options.family == "boosted":
        return _fit_boosted(X, y, labels, index, options, weights)
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=options.C, max_iter=options.max_iter)
    lr.fit(X, y, sample_weight=weights)
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:  # a binary fit keeps one row: the softmax of (0, w.x + b) is the same
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    order = [list(lr.classes_).index(k) for k in range(len(labels))]
    W = coef[order].T.astype(np.float32)
    b = intercept[order].astype(np.float32)
    return RelationModel(classes, index, W, b)


class _Boosted(RelationModel):
    """Gradient-boosted trees behind the model's interface, for comparison in bench/ (not
    saved: the shipped model is the linear one)."""

    def probabilities(self, feature_lists):
        X = _matrix(feature_lists, self.features)
        return self.booster.predict_proba(X.astype(np.float32))


def _fit_boosted(X, y, labels, index, options, weights):
    import lightgbm as lgb

    booster = lgb.LGBMClassifier(objective="multiclass", n_estimators=300, learning_rate=0.05,
                                 num_leaves=15, min_child_samples=5, colsample_bytree=0.3,
                                 random_state=0, deterministic=True, n_jobs=1, verbose=-1)
    booster.fit(X.astype(np.float32), y, sample_weight=weights)
    model = _Boosted(labels[1:], index, np.zeros((len(index), len(labels)), np.float32),
                     np.zeros(len(labels), np.float32))
    model.booster = booster
    return model


def _matrix(feature_lists, index: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for feats in feature_lists:
        cols = sorted({index[x] for x in feats if x in index})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int32)),
                      shape=(len(feature_lists), len(index)))


@dataclass
class Prediction:
    """A model's probabilities for every candidate of one document."""

    doc: DocExamples
    model: RelationModel
    probs: np.ndarray  # (candidates, 1 + classes)


def predict(model: RelationModel, docs: list[DocExamples]) -> list[Prediction]:
    out = []
    for d in docs:
        feats = [e.candidate.features for e in d.examples]
        probs = model.probabilities(feats) if feats else np.zeros((0, len(model.classes) + 1))
        out.append(Prediction(d, model, probs))
    return out


def statements(pred: Prediction, threshold: float, frame_threshold: float,
               rules=None, long_threshold: float | None = None) -> dict[tuple, Evidence]:
    """(subject, relation, object) -> its `Evidence`, for the triples
    `kg.extract.model.apply_model` would state in the document at these thresholds
    (`long_threshold`, when given, in a text of `LONG_TEXT` characters or more)."""
    cands = [e.candidate for e in pred.doc.examples]
    if long_threshold is not None and is_long(pred):
        threshold = long_threshold
    return evidence(stated(cands, pred.probs, pred.model, pred.doc.actors, rules, threshold,
                           frame_threshold))


def is_long(pred: Prediction) -> bool:
    """Whether the document is a full article (`LONG_TEXT` characters or more)."""
    return is_full_article(len(pred.doc.gold.text))


def score(preds: list[Prediction], threshold: float, frame_threshold: float, rules=None,
          mode: str = "lenient", long_threshold: float | None = None):
    """Scores by gold file and for all documents, and (statement features, right) for each
    statement (`kg.extract.model.statement_features`)."""
    scores: dict[str, Score] = defaultdict(Score)
    judged = []
    for pr in preds:
        found = statements(pr, threshold, frame_threshold, rules, long_threshold)
        gold = {"doc_id": pr.doc.doc_id, "actors": pr.doc.gold.actors, "relations": pr.doc.gold.relations}
        sc = score_document(gold, set(found), pr.doc.labels, mode)
        scores[pr.doc.kind].add(sc)
        scores["all"].add(sc)
        length = len(pr.doc.gold.text)
        judged += [(statement_features(ev, length), (pr.doc.doc_id, *t) in sc.right)
                   for t, ev in found.items()]
    return dict(scores), judged


def cross_validate(docs: list[DocExamples], folds: int = 5, seed: int = 0,
                   options: FitOptions = FitOptions()) -> list[Prediction]:
    """Held-out predictions for every document: documents are dealt into `folds` groups (by a
    seeded shuffle), each group predicted by a model fitted on the others."""
    order = sorted(range(len(docs)), key=lambda i: docs[i].doc_id)
    random.Random(seed).shuffle(order)
    fold_of = {i: n % folds for n, i in enumerate(order)}
    out: list[Prediction | None] = [None] * len(docs)
    for k in range(folds):
        train_docs = [d for i, d in enumerate(docs) if fold_of[i] != k]
        model = fit(train_docs, options)
        test = [i for i in range(len(docs)) if fold_of[i] == k]
        for i, p in zip(test, predict(model, [docs[i] for i in test])):
            out[i] = p
    return out  # type: ignore[return-value]


# F1 over the shipped training data moves by less than this from a threshold of 0.3 to one of
# 0.5, while precision rises from 0.57 to 0.67; it is about one standard error of the F1 of one
# cross-validation fold against another (0.015-0.017), so thresholds within it are not told apart
TOLERANCE = 0.015


# F1 is read smoothed over the thresholds within this of each: held-out F1 wobbles by ±0.005
# from one threshold to the next, and the edge of the band within `TOLERANCE` of the best,
# where the choice falls, moved by 0.01-0.02 on every retraining (with the statements near it)
SMOOTHING = 0.05


def smoothed_f1(scored: dict, width: float = SMOOTHING) -> dict:
    """(threshold, frame threshold) -> the mean F1 of the pairs of the same frame threshold
    whose threshold is within `width` of it.

    >>> from kg.evaluate import Score
    >>> sc = {(0.1, 0.0): Score(tp=1, fp=1, fn=1), (0.2, 0.0): Score(tp=1, fp=0, fn=1)}
    >>> {k: round(v, 3) for k, v in smoothed_f1(sc, 0.1).items()}
    {(0.1, 0.0): 0.583, (0.2, 0.0): 0.583}
    """
    return {(t, ft): float(np.mean([s.f1 for (u, fu), s in scored.items()
                                    if fu == ft and abs(u - t) <= width + 1e-9]))
            for t, ft in scored}


def choose_threshold(preds: list[Prediction], rules=None, tolerance: float = TOLERANCE,
                     frame_thresholds=FRAME_THRESHOLDS):
    """The thresholds (model alone, model with the frames) of `THRESHOLDS` and
    `FRAME_THRESHOLDS` for the statements users get: of the pairs whose lenient F1 over all
    documents (`smoothed_f1`) is within `tolerance` of the best, the one with the best precision
    (F1 is flat near its top, and a wrong edge costs an analyst more than a missed one; the
    readers of our own texts and of the development stories state fewer relations than those of
    the training data, and both find the higher thresholds better). Returns the two thresholds
    and the scores of each pair."""
    scored = {(t, ft): score(preds, t, ft, rules)[0]["all"]
              for t in THRESHOLDS for ft in frame_thresholds if ft <= t}
    smooth = smoothed_f1(scored)
    best = max(smooth.values())
    near = [k for k, f in smooth.items() if f >= best - tolerance]
    t, ft = max(near, key=lambda k: (round(scored[k].precision, 4), k))
    return t, ft, scored


def choose_thresholds(preds: list[Prediction], rules=None):
    """(threshold, long threshold, frame threshold, scores by threshold pair): `choose_threshold`
    over the documents under `LONG_TEXT` characters, and over the longer ones apart (None when
    there are none, or none shorter: then one threshold serves all)."""
    short = [p for p in preds if not is_long(p)]
    long = [p for p in preds if is_long(p)]
    threshold, frame_threshold, scored = choose_threshold(short or preds, rules)
    long_threshold = choose_threshold(long, rules)[0] if long and short else None
    return threshold, long_threshold, frame_threshold, scored


# how far the calibration curve is drawn toward the logistic score (0: isotonic alone). Chosen on
# cross-fitted held-out statements over three deals of the folds: at 0.5 the statements given
# 0.2-0.3 were right 0.09-0.11 more often than that, at 0.75 0.08-0.09 (every other bin of 50 or
# more within 0.055 at both; AUC and calibration error the same within 0.003)
SHRINK = 0.75


def calibrate(judged: list[tuple[dict, bool]]) -> tuple[dict[str, float], tuple[list, list]]:
    """The confidence model of `judged` (statement features, right) held-out statements: the
    weights of a logistic score over their `statement_features` (so several sentences, the
    frames' agreement or an early mention weigh beside the raw probability), and an increasing
    map from that score to the share of statements that were right (isotonic regression, as
    the points of a piecewise linear function), which keeps the confidence calibrated. The
    curve is shrunk three quarters of the way toward the logistic score itself (`SHRINK`):
    where few statements lie, at its low end, an isotonic step fitted on them strays from the
    share right on statements it has not seen (cross-fitted, one seed put 64 statements 0.14
    below it; shrunk, 0.05), and the logistic score is calibrated on its own data. With under
    20 statements, or all of one verdict, the raw probability stands as it is."""
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    ys = np.array([float(r) for _, r in judged])
    if len(judged) < 20 or ys.min() == ys.max():
        return {"logit_p": 1.0}, ([0.0, 1.0], [0.0, 1.0])
    names = sorted({k for f, _ in judged for k in f})
    X = np.array([[f.get(k, 0.0) for k in names] for f, _ in judged])
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(X, ys)
    weights = {k: float(w) for k, w in zip(names, lr.coef_[0]) if w != 0.0}
    weights["bias"] = float(lr.intercept_[0])
    z = lr.predict_proba(X)[:, 1]
    iso = IsotonicRegression(y_min=0.01, y_max=0.99, out_of_bounds="clip").fit(z, ys)
    xs = np.union1d(np.linspace(0.0, 1.0, 51), iso.X_thresholds_)
    ys_curve = (1.0 - SHRINK) * iso.predict(xs) + SHRINK * xs
    return weights, ([round(float(v), 6) for v in xs], [round(float(v), 6) for v in ys_curve])


@dataclass
class TrainReport:
    """What training did and measured."""

    model: RelationModel
    alignment: dict = field(default_factory=dict)  # counts: documents, relations aligned, actors formed
    scores: dict = field(default_factory=dict)  # cross-validated Score by gold file and "all"
    by_threshold: dict = field(default_factory=dict)  # (threshold, frame threshold) -> Score of the shorter texts
    judged: list = field(default_factory=list)  # (statement features, right), held out
    predictions: list = field(default_factory=list)  # held-out Predictions
    folder: Path | None = None


def data_hash(docs: list[DocExamples]) -> str:
    """A hash of the training documents' texts and gold, in id order."""
    import json

    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.doc_id):
        h.update(d.doc_id.encode())
        h.update(d.gold.text.encode())
        h.update(json.dumps([d.gold.actors, d.gold.relations], sort_keys=True).encode())
    return h.hexdigest()


def train(gold_files=(), text_paths=(), output: str | Path | None = None, *, shipped: bool = True,
          extractor=None, folds: int = 5, seed: int = 0, options: FitOptions = FitOptions(),
          progress=None) -> TrainReport:
    """Train a relation model on gold files (the `kg eval` format) whose texts are in
    `text_paths` (anything `kg build` reads), and on the shipped training data unless `shipped`
    is False; write it to `output` when given."""
    from ..extract import Extractor
    from .examples import examples_for
    from .gold import load_documents

    say = progress or (lambda msg: None)
    gold_files, text_paths = [str(g) for g in gold_files], [str(t) for t in text_paths]
    if shipped:
        gold_files += [str(g) for g in SHIPPED_GOLD]
        text_paths += [str(t) for t in SHIPPED_TEXTS]
    if not gold_files:
        raise InputError("kg train", "no gold files to learn from")
    gold_docs = load_documents(gold_files, text_paths)
    ids = [d.id for d in gold_docs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})[0]
        raise InputError(", ".join(gold_files), f"document {dup!r} is annotated twice")
    if not gold_docs:
        raise InputError(", ".join(gold_files), "no annotated documents")
    from ..config import Settings

    # examples are read up to the frames: the relation model being trained is not needed
    extractor = extractor or Extractor.create(Settings(relation_model="none"))
    say(f"reading {len(gold_docs)} annotated documents")
    docs, alignment = examples_for(extractor, gold_docs)
    folds = max(2, min(folds, len(docs)))
    say(f"cross-validating on {folds} folds")
    preds = cross_validate(docs, folds, seed, options)
    threshold, long_threshold, frame_threshold, by_threshold = choose_thresholds(preds, extractor.rules)
    scores, judged = score(preds, threshold, frame_threshold, extractor.rules,
                           long_threshold=long_threshold)
    say("fitting the model on every document")
    model = fit(docs, options)
    model.threshold, model.frame_threshold = threshold, frame_threshold
    model.long_threshold = long_threshold
    model.confidence_weights, model.calibration = calibrate(judged)
    model.meta = {"trained_on": sorted({d.kind for d in docs}), "documents": len(docs),
                  "data_sha256": data_hash(docs), "seed": seed, "folds": folds,
                  "options": {k: getattr(options, k) for k in ("C", "none_weight", "min_count", "min_class")},
                  "cross_validation": {k: s.summary() for k, s in sorted(scores.items())}}
    report = TrainReport(model, dict(alignment), scores, by_threshold, judged, preds)
    if output is not None:
        report.folder = model.save(output)
    return report
