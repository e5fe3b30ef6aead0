"""Annotated documents for training: gold relations aligned to sentences and to the actors the
extractor forms.

A gold file (the `kg eval` format) names actors by every surface form the text uses and quotes
each relation's evidence verbatim. Aligning means: find the evidence in the text (its sentence),
and map each actor the extractor formed to the gold actor one of whose names equals one of its
labels, as the scorer does. What does not align is counted, not guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..evaluate import load_gold, norm


@dataclass
class GoldDocument:
    """One annotated document: its text and what a reader found in it."""

    id: str
    text: str
    date: str | None
    actors: list[dict]
    relations: list[dict]
    source: str = ""  # which gold file it came from

    @property
    def name_index(self) -> dict[str, str]:
        """Normalised surface form -> gold actor id (the first actor to claim a form keeps it)."""
        idx: dict[str, str] = {}
        for a in self.actors:
            for n in a["names"]:
                idx.setdefault(norm(n), a["id"])
        return idx


def read_texts(paths) -> dict[str, "Document"]:
    """Documents by id from any input `kg build` reads (text files, JSONL, folders); a document
    that cannot be read is an InputError, since its gold would be scored against nothing."""
    from ..ingest import read_paths

    out = {}
    for d in read_paths(paths):
        if isinstance(d, Exception):
            raise d
        out[d.id] = d
    return out


def load_documents(gold_files, text_paths) -> list[GoldDocument]:
    """Gold documents with their texts; a gold document whose text is missing is an InputError
    naming the gold file and the document."""
    texts = read_texts(text_paths)
    docs = []
    for g in gold_files:
        for d in load_gold(g):
            t = texts.get(d["doc_id"])
            if t is None:
                raise InputError(str(g), f"no text for document {d['doc_id']!r} in the inputs given")
            docs.append(GoldDocument(d["doc_id"], t.text, d.get("doc_date") or t.date,
                                     d["actors"], d["relations"], Path(g).name))
    return docs


_WS = re.compile(r"\s+")


def find_evidence(text: str, evidence: str) -> list[tuple[int, int]]:
    """Character spans of an evidence quote in the text; a quote that joins two spans with '; '
    or ' ... ' gives both. Whitespace differences are forgiven; a span not found is left out."""
    spans = []
    for part in re.split(r"\s*(?:;|\.\.\.|…)\s+", evidence.strip()):
        part = part.strip(" .;")
        if len(part) < 3:
            continue
        i = text.find(part)
        if i < 0:
            pattern = r"\s+".join(re.escape(w) for w in _WS.split(part) if w)
            m = re.search(pattern, text)
            if m is None:
                continue
            spans.append((m.start(), m.end()))
        else:
            spans.append((i, i + len(part)))
    return spans


@dataclass
class Alignment:
    """How one document's gold meets the extractor's actors and sentences."""

    actor_map: dict[str, str]  # system actor key -> gold actor id
    evidence: list[list[tuple[int, int]]]  # per gold relation: its character spans
    formed: set[str] = field(default_factory=set)  # gold actor ids some system actor maps to


def actor_labels(actor) -> set[str]:
    """The labels the store gives an actor: its name and every surface form."""
    return {actor.name, *actor.surface_forms}


def align(gold: GoldDocument, actors: dict) -> Alignment:
    """Map system actors (key -> Actor) to gold actor ids; find each relation's evidence."""
    idx = gold.name_index
    amap: dict[str, str] = {}
    for key, a in actors.items():
        # the name first, then the longest other label: the scorer's order
        for lab in [a.name, *sorted(a.surface_forms - {a.name}, key=lambda s: (-len(s), s))]:
            g = idx.get(norm(lab))
            if g is not None:
                amap[key] = g
                break
    return Alignment(amap, [find_evidence(gold.text, r.get("evidence", "")) for r in gold.relations],
                     set(amap.values()))
