"""Measure the extractor against gold annotations (the format of the development gold, see
`kg eval --help`): precision, recall and F1, strict and lenient, with misses and false positives.

Scoring follows the annotation guidelines: a system actor matches the gold actor one of whose
names equals one of its labels (case, a leading article, a trailing possessive and punctuation
ignored); symmetric relations match in either direction; "lenient" also accepts `also_ok`.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .vocab import symmetric_relations

_STATEMENTS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?doc ?s ?p ?o WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?d .
  ?d dcterms:identifier ?doc .
}"""
_LABELS = """SELECT DISTINCT ?a ?l WHERE {
  { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }
  UNION { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?l } }"""


def norm(name: str) -> str:
    s = name.strip().lower()
    s = re.sub(r"[\u2019`]", "'", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"[^\w\s-]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    core_tp: int = 0
    core_n: int = 0
    missed: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    right: set = field(default_factory=set)  # (doc, s, p, o) of system triples that found gold

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        for k in ("tp", "fp", "fn", "core_tp", "core_n"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.missed += other.missed
        self.false_positives += other.false_positives
        self.right |= other.right

    def summary(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "core": f"{self.core_tp}/{self.core_n}"}


def load_gold(path: str | Path) -> list[dict]:
    """Gold documents from a JSON file: {"documents": [...]} or a single document."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(str(path), e.strerror or str(e)) from None
    except json.JSONDecodeError as e:
        raise InputError(str(path), f"not valid JSON ({e.msg} at line {e.lineno})") from None
    docs = data.get("documents", [data]) if isinstance(data, dict) else None
    if not docs or not all(isinstance(d, dict) and "actors" in d and "relations" in d for d in docs):
        raise InputError(str(path), "expected {'documents': [{'doc_id', 'actors', 'relations'}, ...]}")
    for n, d in enumerate(docs, start=1):
        where = f"document {n} ({d.get('doc_id', 'no doc_id')})"
        for a in d["actors"]:
            if not isinstance(a, dict) or "id" not in a or not isinstance(a.get("names"), list):
                raise InputError(str(path), f"{where}: every actor needs 'id' and a list of 'names'")
        for r in d["relations"]:
            if not isinstance(r, dict) or not all(k in r for k in ("s", "p", "o")):
                raise InputError(str(path), f"{where}: every relation needs 's', 'p' and 'o'")
    return docs


def score_document(gold: dict, system: set, labels: dict, mode: str) -> Score:
    """Score one gold document against system triples (subject, relation, object) whose actors
    have `labels`; `mode` is "strict" or "lenient". `Score.right` names the system triples
    that found a gold relation."""
    symmetric = symmetric_relations()
    index = {norm(n): a["id"] for a in gold["actors"] for n in a["names"]}

    def to_gold(iri):
        for lab in sorted(labels.get(iri, ()), key=len, reverse=True):
            if norm(lab) in index:
                return index[norm(lab)]
        return None

    mapped, unmapped, to_mapped = set(), [], {}
    for s, p, o in system:
        gs, go = to_gold(s), to_gold(o)
        if gs is None or go is None or gs == go:
            unmapped.append((min(labels.get(s, {s})), p, min(labels.get(o, {o}))))
        else:
            mapped.add((gs, p, go))
            to_mapped[(s, p, o)] = (gs, p, go)
    used, hits = set(), {}
    passes = [lambda g: {g["p"]}] + ([lambda g: set(g.get("also_ok", []))] if mode == "lenient" else [])
    for names in passes:
        for i, g in enumerate(gold["relations"]):
            if i in hits:
                continue
            for (s, p, o) in sorted(mapped):
                if p in names(g) and (s, p, o) not in used and (
                        (s, o) == (g["s"], g["o"]) or (p in symmetric and (o, s) == (g["s"], g["o"]))):
                    hits[i] = (s, p, o)
                    used.add((s, p, o))
                    break
    core = [i for i, g in enumerate(gold["relations"]) if g.get("core")]
    doc = gold.get("doc_id", "")
    return Score(tp=len(hits), fn=len(gold["relations"]) - len(hits),
                 fp=len(mapped - used) + len(unmapped),
                 core_tp=sum(i in hits for i in core), core_n=len(core),
                 missed=[(doc, g["s"], g["p"], g["o"]) for i, g in enumerate(gold["relations"])
                         if i not in hits],
                 false_positives=[(doc, *t) for t in sorted(mapped - used)] +
                 [(doc, *t) for t in unmapped],
                 right={(doc, *t) for t, m in to_mapped.items() if m in used})


def evaluate(store, gold_docs: list[dict]) -> dict[str, Score]:
    """Strict and lenient scores of the statements in `store` against `gold_docs`."""
    labels: dict = defaultdict(set)
    for row in store.query(_LABELS, source="eval"):
        labels[row["a"].value].add(row["l"].value)
    by_doc: dict = defaultdict(set)
    for row in store.query(_STATEMENTS, source="eval"):
        by_doc[row["doc"].value].add((row["s"].value, row["p"].value.rsplit("#", 1)[-1], row["o"].value))
    out = {}
    for mode in ("strict", "lenient"):
        total = Score()
        for g in gold_docs:
            total.add(score_document(g, by_doc.get(g.get("doc_id"), set()), labels, mode))
        out[mode] = total
    return out
