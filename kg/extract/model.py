"""The learned relation model: candidate pairs -> relations with a calibrated confidence.

A linear model (multinomial logistic regression) over the features of `kg.extract.candidates`
gives each pair of actors in a sentence a probability for every relation and direction
("attacks>": the first actor attacks the second, "attacks<": the other way, "fights=": either)
and for none. Each relation whose probability reaches the model's threshold becomes a statement.
Its confidence says how sure it is that the document states that triple, read from all the
document's `Evidence` for it (`statement_features`: the best probability, the frames' agreement,
in how many sentences it is stated, how early, through a pronoun or not): a small logistic model
over those, its score mapped through an increasing curve, both fitted on the held-out statements
of cross-validation. So a triple that two sentences state is surer than the same evidence once,
and of the statements given 0.8, about eight in ten were right in cross-validation. The
threshold acts on the raw probability only: the confidence never changes what is stated.

The model is data: a folder with `model.json` (format, classes, thresholds, confidence weights
and calibration curve, what it was trained on) and `weights.npz` (feature names and weights),
made by `kg train` (`kg.learn`) and read with plain numpy, so prediction needs no training
library.

>>> model = RelationModel.load()                                        # doctest: +SKIP
>>> model.classes[:3]                                                  # doctest: +SKIP
['abducts<', 'abducts>', 'accuses<']
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..vocab import HOSTILE, relation_family
from .candidates import LONG_TEXT, Candidate, Cues, candidates, frame_labels, is_full_article
from .frames import Relation
from .roles import placeish, own_forces, takes_actor

__all__ = ["LONG_TEXT", "NONE", "Evidence", "RelationModel", "apply_model", "default_model_dir",
           "evidence", "is_full_article", "label_parts", "stated", "statement_features"]

NONE = "none"
FORMAT = 2  # of the model folder (2: stacked confidence); another format is refused with a clear error
MAX_PER_PAIR = 2  # relations one pair may get in one sentence ("kills" and "attacks")


def _reversed(label: str) -> str:
    """The same relation the other way: "attacks<" for "attacks>" ("fights=" stays)."""
    return label[:-1] + {">": "<", "<": ">"}.get(label[-1], label[-1])


def default_model_dir() -> Path:
    """The model shipped with actor-kg (`kg/data/model`, rebuilt by `make model`)."""
    return Path(str(resources.files("kg").joinpath("data", "model")))


def label_parts(label: str) -> tuple[str, str]:
    """("attacks", ">") for "attacks>": the relation and its direction (> first acts on second,
    < second on first, = either way)."""
    return label[:-1], label[-1]


@dataclass
class RelationModel:
    """Weights of a linear model over candidate features, its threshold and its calibration."""

    classes: list[str]  # column 0 of `weights` is NONE; these are columns 1..
    features: dict[str, int]  # feature name -> row of `weights`
    weights: np.ndarray  # (n features, 1 + n classes)
    bias: np.ndarray  # (1 + n classes,)
    threshold: float = 0.5  # a relation is stated when its probability reaches this
    frame_threshold: float = 0.1  # ... or this, when the rule frames found it too
    # the threshold in texts of `LONG_TEXT` characters or more (None: `threshold`): an article
    # relates its actors in longer sentences than a news summary, so the pairs a reader relates
    # there get lower probabilities, and cross-validation chooses a threshold of their own
    long_threshold: float | None = None
    # how sure a statement is: a logistic score over `statement_features` (these weights; the
    # default reads the raw probability alone), mapped through an increasing curve to the share
    # of such statements that were right on held-out folds
    confidence_weights: dict[str, float] = field(default_factory=lambda: {"logit_p": 1.0})
    calibration: tuple[list[float], list[float]] = ((0.0, 1.0), (0.0, 1.0))
    meta: dict = field(default_factory=dict)

    # -- prediction -------------------------------------------------------------------------
    def threshold_for(self, text_length: int) -> float:
        """The threshold for a text of `text_length` characters.

        >>> m = RelationModel(["attacks>"], {}, np.zeros((0, 2)), np.zeros(2), 0.5, long_threshold=0.3)
        >>> m.threshold_for(400), m.threshold_for(6000)
        (0.5, 0.3)
        """
        if self.long_threshold is not None and is_full_article(text_length):
            return self.long_threshold
        return self.threshold

    def probabilities(self, feature_lists: list[list[str]]) -> np.ndarray:
        """Softmax probabilities, one row per candidate: column 0 none, then `classes`.

        The weights of every candidate's known features are read in one take and summed
        candidate by candidate, in their order (`np.add.reduceat`, as a sum down the rows
        would), so each score is the same number whatever the other candidates."""
        scores = np.tile(self.bias.astype(np.float64), (len(feature_lists), 1))
        index = self.features.get
        rows: list[int] = []
        starts, scored = [], []
        for n, feats in enumerate(feature_lists):
            known = [r for r in map(index, feats) if r is not None]
            if known:
                scored.append(n)
                starts.append(len(rows))
                rows += known
        if rows:
            scores[scored] += np.add.reduceat(self.weights[rows].astype(np.float64), starts, axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def confidence(self, features: dict[str, float]) -> float:
        """The calibrated probability that a statement with these `statement_features` is right:
        the logistic score of `confidence_weights` (a feature without a weight counts 0) mapped
        through the `calibration` curve.

        >>> m = RelationModel(["attacks>"], {}, np.zeros((0, 2)), np.zeros(2),
        ...                   confidence_weights={"bias": -1.0, "support": 2.0})
        >>> round(m.confidence({"support": 0.0}), 3), round(m.confidence({"support": 1.0}), 3)
        (0.269, 0.731)
        >>> RelationModel(["attacks>"], {}, np.zeros((0, 2)), np.zeros(2)).confidence({"logit_p": 0.0})
        0.5
        """
        w = self.confidence_weights
        z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in features.items())
        xs, ys = self.calibration
        return float(np.interp(1.0 / (1.0 + np.exp(-z)), xs, ys))

    def decide(self, probs: np.ndarray, frames=(), threshold: float | None = None,
               frame_threshold: float | None = None) -> list[tuple[str, float, bool]]:
        """The relations one candidate states: (label, raw probability, found by the frames
        too). The model's best `MAX_PER_PAIR` at or above the threshold (not a relation the
        frames found the other way round only), and what the frames found for the pair at or
        above the (lower) frame threshold.

        >>> m = RelationModel(["attacks<", "attacks>"], {}, np.zeros((0, 3)), np.zeros(3), 0.3)
        >>> [label for label, _, _ in m.decide(np.array([0.2, 0.4, 0.4]), {"attacks<": (2, "hit")})]
        ['attacks<']
        """
        t = self.threshold if threshold is None else threshold
        ft = self.frame_threshold if frame_threshold is None else frame_threshold
        col = self._columns
        out = {}
        for j in np.argsort(-probs[1:], kind="stable")[:MAX_PER_PAIR]:
            label = self.classes[j]
            # the frames read who did it to whom: when they found one direction only, the
            # other is no statement of the model's ("X's patrol hit a bomb planted by Y")
            if probs[j + 1] >= t and (label in frames or _reversed(label) not in frames):
                out[label] = (float(probs[j + 1]), label in frames)
        for label in frames:
            # a relation the model never learnt (too few examples): its belief that the pair
            # is related at all stands in for it
            p = float(probs[col[label]]) if label in col else float(1.0 - probs[0])
            if label not in out and p >= ft:
                out[label] = (p, True)
        return [(label, p, framed) for label, (p, framed) in out.items()]

    @cached_property
    def _columns(self) -> dict[str, int]:
        """Class -> its column in a row of `probabilities`."""
        return {c: j + 1 for j, c in enumerate(self.classes)}

    # -- files ------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        """Write `model.json` and `weights.npz` into `folder` (created if needed)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.features, key=self.features.get)
        np.savez_compressed(folder / "weights.npz", names=np.array(names, dtype=np.str_),
                            weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32))
        curve = lambda c: [[round(x, 6) for x in c[0]], [round(y, 6) for y in c[1]]]  # noqa: E731
        info = {"format": FORMAT, "classes": self.classes, "threshold": round(self.threshold, 4),
                "frame_threshold": round(self.frame_threshold, 4),
                "long_threshold": None if self.long_threshold is None else round(self.long_threshold, 4),
                "confidence_weights": {k: round(v, 6) for k, v in sorted(self.confidence_weights.items())},
                "calibration": curve(self.calibration),
                **self.meta}
        (folder / "model.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")
        return folder

    @classmethod
    def load(cls, folder: str | Path | None = None) -> "RelationModel":
        """The model in `folder` (default: the shipped one); a missing or damaged model is a
        ConfigError naming the folder."""
        folder = Path(folder) if folder is not None else default_model_dir()
        try:
            info = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            with np.load(folder / "weights.npz", allow_pickle=False) as z:
                names, weights, bias = list(z["names"]), z["weights"], z["bias"]
        except FileNotFoundError as e:
            raise ConfigError(f"{folder}: no relation model there ({Path(e.filename).name} missing; "
                              "make one with kg train)") from None
        except (OSError, ValueError, KeyError) as e:
            raise ConfigError(f"{folder}: cannot read the relation model ({e})") from None
        found = info.get("format") if isinstance(info, dict) else None
        if found != FORMAT:
            raise ConfigError(f"{folder}: relation model format {found!r}, this actor-kg reads "
                              f"format {FORMAT} (train a new one with kg train)")
        classes = info["classes"]
        if weights.shape != (len(names), len(classes) + 1) or bias.shape != (len(classes) + 1,):
            raise ConfigError(f"{folder}: relation model weights do not match its classes")
        own = ("format", "classes", "threshold", "frame_threshold", "long_threshold",
               "confidence_weights", "calibration")
        meta = {k: v for k, v in info.items() if k not in own}
        try:
            curve = (list(info["calibration"][0]), list(info["calibration"][1]))
            return cls(classes, {n: i for i, n in enumerate(names)}, weights, bias,
                       float(info["threshold"]), float(info["frame_threshold"]),
                       None if info.get("long_threshold") is None else float(info["long_threshold"]),
                       {str(k): float(v) for k, v in info["confidence_weights"].items()}, curve, meta)
        except (KeyError, TypeError, IndexError, ValueError) as e:
            raise ConfigError(f"{folder}: model.json lacks or garbles {e}") from None

    def fingerprint(self) -> str:
        """A hash of the weights, classes, threshold and calibration: what decides its output."""
        h = hashlib.sha256()
        h.update(json.dumps([self.classes, self.threshold, self.frame_threshold, self.long_threshold,
                             self.calibration,
                             sorted(self.confidence_weights.items())], default=list).encode())
        h.update(np.ascontiguousarray(self.weights, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(self.bias, dtype=np.float32).tobytes())
        h.update("\n".join(sorted(self.features)).encode())
        return h.hexdigest()


def _logit(p: float) -> float:
    q = min(max(p, 1e-4), 1 - 1e-4)
    return float(np.log(q / (1 - q)))


@dataclass
class Evidence:
    """All a document gives for one triple the model states there: what its confidence is read
    from, gathered the same way in use (`apply_model`) and in training
    (`kg.learn.trainer.statements`)."""

    p: float = 0.0  # the best raw probability of the pairs that state it
    p_none: float = 1.0  # the lowest probability of no relation among them
    framed: bool = False  # the rule frames found it too, in one of its sentences
    pronoun: bool = False  # an actor is a pronoun in one of its pairs ("they attacked ...")
    sentences: set[int] = field(default_factory=set)  # start offsets of the sentences stating it

    def add(self, cand: Candidate, p: float, p_none: float, framed: bool) -> None:
        """One more pair stating the triple."""
        self.p, self.p_none = max(self.p, p), min(self.p_none, p_none)
        self.framed = self.framed or framed
        self.pronoun = self.pronoun or "a_pron" in cand.features or "b_pron" in cand.features
        self.sentences.add(cand.sent_start)


def statement_features(ev: Evidence, text_length: int) -> dict[str, float]:
    """What the confidence of a statement is read from: the best probability (as a logit, with
    a slope of its own when the rule frames found it too, since theirs are kept at any
    probability), the frames' agreement, how sure the model was that the pair is related at all
    (logit of the lowest probability of none), in how many sentences the document states it,
    whether it is stated in the opening sentence and how far into the text (of `text_length`
    characters) first, and whether an actor was a pronoun.

    >>> ev = Evidence(p=0.5, p_none=0.3, sentences={0, 120})
    >>> f = statement_features(ev, 400)
    >>> f["logit_p"], f["opening"], round(f["support"], 3)
    (0.0, 1.0, 1.099)
    """
    logit = _logit(ev.p)
    first = min(ev.sentences, default=0)
    return {"logit_p": logit, "framed": float(ev.framed), "framed_logit": logit * ev.framed,
            "logit_none": _logit(ev.p_none), "support": float(np.log1p(len(ev.sentences))),
            "opening": float(first == 0), "position": first / max(1, text_length),
            "pronoun": float(ev.pronoun)}


def _allowed(rel: str, subject, obj, rules) -> bool:
    """What the ontology's rules allow: places do not act, no hostile relation joins a country to
    its own armed forces (`roles.own_forces`: a reader never states that a country attacks its
    own army, whatever the parse of "the Tarkinian Navy struck ... in Tarkinia" suggests), a
    relation's object kind (`object = "actor" | "place" | ...` in relations.toml), and excluded
    type pairs."""
    if subject.is_place:
        return False
    if relation_family(rel) == HOSTILE and own_forces(subject, obj):
        return False
    rule = rules.relations.get(rel)
    if rule is None:
        return True
    if (subject.type, obj.type) in rule.excluded_pairs:
        return False
    if rule.object in ("actor", "people"):
        return takes_actor(rule.object, obj)
    if rule.object == "place":
        return placeish(obj)
    if rule.object == "place_or_group":
        return placeish(obj) or obj.type == "Group"
    return True


def _trigger(doc, cand: Candidate, rel: str, cues: Cues):
    """The word that says it: a trigger word of the relation on the path or between the actors,
    else one of its cue words there ("missile"), else the meeting word when it is neither
    actor's own word, else the first word between them."""
    ends = set(cand.heads)
    path = list(doc[cand.lca].subtree) if cand.lca not in ends else []
    words = [t for t in [doc[cand.lca], *path, *doc[cand.heads[0] + 1:cand.heads[1]]] if t.i not in ends]
    for lexicon in (cues.rule_triggers, cues.triggers):
        for t in words:
            if rel in lexicon.get(t.lemma_.lower(), ()):
                return t
    if cand.lca not in ends:
        return doc[cand.lca]
    between = [t for t in doc[cand.heads[0] + 1:cand.heads[1]] if not t.is_punct and not t.is_space]
    return between[0] if between else doc[cand.heads[0]]


def stated(cands: list[Candidate], probs: np.ndarray, model: RelationModel, actors: dict,
           rules=None, threshold: float | None = None, frame_threshold: float | None = None):
    """What the model states of each candidate pair, as (candidate, label, relation, subject,
    object, acting actor, raw probability, probability of none, found by the frames too): the
    labels `RelationModel.decide` gives, turned the way their direction says, those the
    ontology's `rules` forbid left out (none when `rules` is None)."""
    t = model.threshold if threshold is None else threshold
    best = probs[:, 1:].max(axis=1) if len(probs) else ()
    for cand, row, top in zip(cands, probs, best):
        if top < t and not cand.frames:  # what decide says of a pair no relation reaches
            continue
        for label, p, framed in model.decide(row, cand.frames, threshold, frame_threshold):
            rel, direction = label_parts(label)
            s, o = (cand.second, cand.first) if direction == "<" else (cand.first, cand.second)
            if rules is not None and not _allowed(rel, actors[s], actors[o], rules):
                continue
            if f"chain{'a' if o == cand.first else 'b'}=mid" in cand.features:
                # "a strike in Tarkin, Bel Province, Tarkinia": the town and the country, never
                # the province between them, as readers annotate nested places
                continue
            agent = s
            if direction == "=" and o < s:  # symmetric relations are stored one way round
                s, o = o, s
            yield cand, label, rel, s, o, agent, p, float(row[0]), framed


def evidence(statements) -> dict[tuple, Evidence]:
    """(subject, relation, object) -> its `Evidence`, from what `stated` yields."""
    out: dict[tuple, Evidence] = {}
    for cand, _, rel, s, o, _, p, p_none, framed in statements:
        out.setdefault((s, rel, o), Evidence()).add(cand, p, p_none, framed)
    return out


def apply_model(doc, actors, frames: list[Relation], rules, model: RelationModel,
                cues: Cues | None = None) -> list[Relation]:
    """The relations the model states in a parsed document, given its actors and what the rule
    frames found (a feature of each pair); undated and asserted, as the frames leave theirs.

    Two passes: first what each candidate pair states (by raw probability), then each triple's
    confidence from all the document's `Evidence` for it, which every sentence stating the
    triple carries (one statement per sentence: its likeliest pair gives the trigger)."""
    from ..vocab import symmetric_relations

    cues = cues or Cues.from_rules(rules)
    cands = candidates(doc, actors.token_actor, actors.actors, cues,
                       frame_labels(frames, symmetric_relations()), also=actors.also)
    if not cands:
        return []
    probs = model.probabilities([c.features for c in cands])
    text = doc.text  # once per document (Doc.text joins every token)
    said = list(stated(cands, probs, model, actors.actors, rules, model.threshold_for(len(text))))
    confidence = {t: round(model.confidence(statement_features(ev, len(text))), 3)
                  for t, ev in evidence(said).items()}
    best: dict[tuple, tuple] = {}  # one statement per sentence: its likeliest pair gives the trigger
    for cand, label, rel, s, o, agent, p, _, framed in said:
        key = (s, rel, o, cand.sent_start)
        if key not in best or (p, framed) > best[key][:2]:
            best[key] = (p, framed, cand, label, agent)
    out = []
    for (s, rel, o, _), (p, framed, cand, label, agent) in best.items():
        at, words = cand.frames.get(label, (-1, "")) if framed else (-1, "")
        trig = doc[at] if at >= 0 else _trigger(doc, cand, rel, cues)
        sentence = text[cand.sent_start:cand.sent_end].strip()
        out.append(Relation(subject=s, predicate=rel, object=o, sentence=sentence,
                            start=cand.sent_start, end=cand.sent_start + len(sentence),
                            trigger=words or trig.text, confidence=confidence[(s, rel, o)],
                            trigger_i=trig.i, agent=agent))
    return out
