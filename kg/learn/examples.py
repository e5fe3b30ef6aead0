"""Training examples: each candidate pair of an annotated document with the relations a reader
found for it.

The document is read by the extractor as it would be at build time, up to the rule frames; each
candidate pair (`kg.extract.candidates`) is labelled with the gold relations between the two
gold actors its actors map to, when the relation's evidence lies in the candidate's sentence. A
relation stated elsewhere in the document leaves the pair unlabelled there rather than wrong,
and the names a lenient reader accepts (`also_ok`) are neither right nor wrong for it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..extract.candidates import Candidate, Cues, candidates, frame_labels
from ..vocab import symmetric_relations
from .gold import Alignment, GoldDocument, align

__all__ = ["DocExamples", "Example", "examples_for", "label_for", "read_gold_documents"]

MODEL_STEPS = ("akg_relation_model", "akg_modality", "akg_dates", "akg_locations")  # not run to make examples


@dataclass
class Example:
    """One candidate and what the gold says of it."""

    candidate: Candidate
    labels: frozenset[str]  # "attacks>", "fights=" ...: right answers (none when empty)
    ignore: frozenset[str] = frozenset()  # also acceptable: not counted as wrong in training
    elsewhere: bool = False  # the pair's relation is stated in another sentence only


@dataclass
class DocExamples:
    """The examples of one document, with what scoring its predictions needs."""

    doc_id: str
    kind: str  # the gold file it came from: results are reported per file (short stories, long articles)
    examples: list[Example]
    gold: GoldDocument
    labels: dict[str, set[str]]  # actor key -> its labels (name and surface forms)
    actors: dict  # actor key -> Actor, for the rules' type checks
    frames: list = field(default_factory=list)  # the rule frames' relations
    alignment: Alignment | None = None


def label_for(rel: str, s: str, o: str, first: str, symmetric: frozenset[str]) -> str:
    """The class of relation `rel` from gold actor `s` to `o` for a pair whose first actor maps
    to `first`: "rel=" when symmetric, "rel>" when `s` is first, else "rel<"."""
    if rel in symmetric:
        return f"{rel}="
    return f"{rel}>" if s == first else f"{rel}<"


def examples_for(extractor, gold_docs: list[GoldDocument], batch_size: int = 32):
    """(DocExamples per document, counts of how the gold aligned) for gold documents."""
    from ..ingest import Document

    symmetric = frozenset(symmetric_relations())
    cues = Cues.from_rules(extractor.rules)
    stats: Counter = Counter()
    out = []
    docs = [Document(g.id, g.text, g.date) for g in gold_docs]
    disabled = [n for n in MODEL_STEPS if n in extractor.nlp.pipe_names]
    with extractor.nlp.select_pipes(disable=disabled):
        parsed_docs = list(extractor.nlp.pipe((extractor.make_doc(d) for d in docs), batch_size=batch_size))
    for g, parsed in zip(gold_docs, parsed_docs):
        acts = parsed._.akg_actors
        frames = parsed._.akg_relations or []
        al = align(g, acts.actors)
        cands = candidates(parsed, acts.token_actor, acts.actors, cues, frame_labels(frames, symmetric),
                           also=acts.also)
        examples = []
        covered: set[int] = set()
        for c in cands:
            gf, gs = al.actor_map.get(c.first), al.actor_map.get(c.second)
            pos, ign, elsewhere = set(), set(), False
            if gf and gs and gf != gs:
                for n, (r, spans) in enumerate(zip(g.relations, al.evidence)):
                    if {r["s"], r["o"]} != {gf, gs}:
                        continue
                    if spans and not any(x < c.sent_end and y > c.sent_start for x, y in spans):
                        elsewhere = True
                        continue
                    pos.add(label_for(r["p"], r["s"], r["o"], gf, symmetric))
                    ign |= {label_for(p, r["s"], r["o"], gf, symmetric) for p in r.get("also_ok", [])}
                    covered.add(n)
            examples.append(Example(c, frozenset(pos), frozenset(ign - pos), elsewhere and not pos))
        kind = g.source
        stats[f"{kind} documents"] += 1
        stats[f"{kind} relations"] += len(g.relations)
        stats[f"{kind} relations with evidence found"] += sum(1 for e in al.evidence if e)
        stats[f"{kind} relations whose actors are formed"] += sum(
            1 for r in g.relations if r["s"] in al.formed and r["o"] in al.formed)
        stats[f"{kind} relations aligned to a candidate"] += len(covered)
        involved = {r["s"] for r in g.relations} | {r["o"] for r in g.relations}
        stats[f"{kind} gold actors"] += len(involved)
        stats[f"{kind} gold actors formed"] += len(involved & al.formed)
        out.append(DocExamples(g.id, kind, examples, g,
                               {k: {a.name, *a.surface_forms} for k, a in acts.actors.items()},
                               acts.actors, list(frames), al))
    return out, stats


def read_gold_documents(gold_files, text_paths) -> list[GoldDocument]:
    """Gold documents with their texts, read from any input `kg build` reads."""
    from .gold import load_documents

    return load_documents(gold_files, text_paths)
