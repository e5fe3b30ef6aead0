"""The learned relation model: candidate pairs -> relations with a calibrated confidence.

A linear model (multinomial logistic regression) over the features of `kg.extract.candidates`
gives each pair of actors in a sentence a probability for every relation and direction
("attacks>": the first actor attacks the second, "attacks<": the other way, "fights=": either)
and for none. Each relation whose probability reaches the model's threshold becomes a statement,
its confidence the probability calibrated on held-out folds: of the statements given 0.8, about
eight in ten were right in cross-validation.

The model is data: a folder with `model.json` (classes, threshold, calibration, what it was
trained on) and `weights.npz` (feature names and weights), made by `kg train` (`kg.learn`) and
read with plain numpy, so prediction needs no training library.

>>> model = RelationModel.load()                                        # doctest: +SKIP
>>> model.classes[:3]                                                  # doctest: +SKIP
['abducts<', 'abducts>', 'accuses<']
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .candidates import Candidate, Cues, candidates, frame_labels
from .frames import Relation
from .roles import placeish

__all__ = ["NONE", "RelationModel", "apply_model", "default_model_dir", "label_parts"]

NONE = "none"
FORMAT = 1  # of the model folder; a model of another format is refused with a clear error
MAX_PER_PAIR = 2  # relations one pair may get in one sentence ("kills" and "attacks")


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
    calibration: tuple[list[float], list[float]] = ((0.0, 1.0), (0.0, 1.0))  # raw p -> P(right)
    frame_calibration: tuple[list[float], list[float]] = ((0.0, 1.0), (0.0, 1.0))  # same, frames too
    meta: dict = field(default_factory=dict)

    # -- prediction -------------------------------------------------------------------------
    def probabilities(self, feature_lists: list[list[str]]) -> np.ndarray:
        """Softmax probabilities, one row per candidate: column 0 none, then `classes`."""
        scores = np.tile(self.bias.astype(np.float64), (len(feature_lists), 1))
        for n, feats in enumerate(feature_lists):
            rows = [self.features[f] for f in feats if f in self.features]
            if rows:
                scores[n] += self.weights[rows].sum(axis=0, dtype=np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def confidence(self, p: float, framed: bool = False) -> float:
        """The calibrated probability that a statement given raw probability `p` is right
        (`framed`: the rule frames found it too)."""
        xs, ys = self.frame_calibration if framed else self.calibration
        return float(np.interp(p, xs, ys))

    def decide(self, probs: np.ndarray, frames=(), threshold: float | None = None,
               frame_threshold: float | None = None) -> list[tuple[str, float, bool]]:
        """The relations one candidate states: (label, raw probability, found by the frames
        too). The model's best `MAX_PER_PAIR` at or above the threshold, and what the frames
        found for the pair at or above the (lower) frame threshold."""
        t = self.threshold if threshold is None else threshold
        ft = self.frame_threshold if frame_threshold is None else frame_threshold
        col = {c: j + 1 for j, c in enumerate(self.classes)}
        out = {}
        for j in np.argsort(-probs[1:], kind="stable")[:MAX_PER_PAIR]:
            if probs[j + 1] >= t:
                out[self.classes[j]] = (float(probs[j + 1]), self.classes[j] in frames)
        for label in frames:
            # a relation the model never learnt (too few examples): its belief that the pair
            # is related at all stands in for it
            p = float(probs[col[label]]) if label in col else float(1.0 - probs[0])
            if label not in out and p >= ft:
                out[label] = (p, True)
        return [(label, p, framed) for label, (p, framed) in out.items()]

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
                "calibration": curve(self.calibration), "frame_calibration": curve(self.frame_calibration),
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
        if info.get("format") != FORMAT:
            raise ConfigError(f"{folder}: relation model format {info.get('format')!r}, "
                              f"this actor-kg reads format {FORMAT}")
        classes = info["classes"]
        if weights.shape != (len(names), len(classes) + 1) or bias.shape != (len(classes) + 1,):
            raise ConfigError(f"{folder}: relation model weights do not match its classes")
        own = ("format", "classes", "threshold", "frame_threshold", "calibration", "frame_calibration")
        meta = {k: v for k, v in info.items() if k not in own}
        try:
            curves = [(list(info[k][0]), list(info[k][1])) for k in ("calibration", "frame_calibration")]
            return cls(classes, {n: i for i, n in enumerate(names)}, weights, bias,
                       float(info["threshold"]), float(info["frame_threshold"]), *curves, meta)
        except (KeyError, TypeError, IndexError, ValueError) as e:
            raise ConfigError(f"{folder}: model.json lacks or garbles {e}") from None

    def fingerprint(self) -> str:
        """A hash of the weights, classes, threshold and calibration: what decides its output."""
        h = hashlib.sha256()
        h.update(json.dumps([self.classes, self.threshold, self.frame_threshold, self.calibration,
                             self.frame_calibration], default=list).encode())
        h.update(np.ascontiguousarray(self.weights, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(self.bias, dtype=np.float32).tobytes())
        h.update("\n".join(sorted(self.features)).encode())
        return h.hexdigest()


def _allowed(rel: str, subject, obj, rules) -> bool:
    """What the ontology's rules allow: places do not act, a relation's object kind
    (`object = "actor" | "place" | ...` in relations.toml), and excluded type pairs."""
    if subject.is_place:
        return False
    rule = rules.relations.get(rel)
    if rule is None:
        return True
    if (subject.type, obj.type) in rule.excluded_pairs:
        return False
    if rule.object == "actor":
        return not obj.is_place
    if rule.object == "place":
        return placeish(obj)
    if rule.object == "place_or_group":
        return placeish(obj) or obj.type == "Group"
    return True


def _trigger(doc, cand: Candidate, rel: str, cues: Cues):
    """The word that says it: a trigger word of the relation on the path, else the meeting word
    when it is neither actor's own word, else the first word between them."""
    ends = set(cand.heads)
    path = list(doc[cand.lca].subtree) if cand.lca not in ends else []
    for t in [doc[cand.lca], *path, *doc[cand.heads[0] + 1:cand.heads[1]]]:
        if t.i not in ends and rel in cues.triggers.get(t.lemma_.lower(), ()):
            return t
    if cand.lca not in ends:
        return doc[cand.lca]
    between = [t for t in doc[cand.heads[0] + 1:cand.heads[1]] if not t.is_punct and not t.is_space]
    return between[0] if between else doc[cand.heads[0]]


def apply_model(doc, actors, frames: list[Relation], rules, model: RelationModel,
                cues: Cues | None = None) -> list[Relation]:
    """The relations the model states in a parsed document, given its actors and what the rule
    frames found (a feature of each pair); undated and asserted, as the frames leave theirs."""
    from ..vocab import symmetric_relations

    cues = cues or Cues.from_rules(rules)
    cands = candidates(doc, actors.token_actor, actors.actors, cues,
                       frame_labels(frames, symmetric_relations()))
    if not cands:
        return []
    probs = model.probabilities([c.features for c in cands])
    text = doc.text  # once per document (Doc.text joins every token)
    found: dict[tuple, Relation] = {}
    for cand, row in zip(cands, probs):
        for label, p, framed in model.decide(row, cand.frames):
            rel, direction = label_parts(label)
            s, o = (cand.second, cand.first) if direction == "<" else (cand.first, cand.second)
            subject, obj = actors.actors[s], actors.actors[o]
            if not _allowed(rel, subject, obj, rules):
                continue
            if direction == "=" and o < s:  # symmetric relations are stored one way round
                s, o = o, s
            at, words = cand.frames.get(label, (-1, "")) if framed else (-1, "")
            trig = doc[at] if at >= 0 else _trigger(doc, cand, rel, cues)
            sentence = text[cand.sent_start:cand.sent_end].strip()
            key = (s, rel, o, cand.sent_start)
            conf = round(model.confidence(p, framed), 3)
            if key in found and found[key].confidence >= conf:
                continue
            found[key] = Relation(subject=s, predicate=rel, object=o, sentence=sentence,
                                  start=cand.sent_start, end=cand.sent_start + len(sentence),
                                  trigger=words or trig.text, confidence=conf, trigger_i=trig.i,
                                  agent=subject.key)
    return list(found.values())
