"""What a store holds: its documents (`kg documents`) and its recorded runs (`kg runs`).

Both are read with SPARQL over the union of graphs, so they work on a remote store as well.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..vocab import AKG, DCTERMS, PROV, RDF, SDO

if TYPE_CHECKING:
    from ..extract import Extractor
    from .store import GraphStore

__all__ = ["DocumentInfo", "RunInfo", "documents", "runs"]


@dataclass(frozen=True)
class DocumentInfo:
    """One stored document, for `kg documents`."""

    id: str
    title: str | None
    date: str | None
    statements: int
    current: bool  # read by the extractor given to `documents` (None given: True)


@dataclass(frozen=True)
class RunInfo:
    """One recorded build or removal, for `kg runs`."""

    id: str
    action: str
    started: str
    ended: str | None  # None: the run was interrupted
    version: str | None
    built: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    statements: int = 0


_PREFIXES = (f"PREFIX akg: <{AKG._NS}>\nPREFIX prov: <{PROV}>\nPREFIX dcterms: <{DCTERMS}>\n"
             f"PREFIX schema: <{SDO}>\nPREFIX rdf: <{RDF}>\n")

_DOCUMENTS = _PREFIXES + f"""
SELECT ?id ?title ?date ?fp (COUNT(DISTINCT ?st) AS ?statements) WHERE {{
  GRAPH ?g {{
    ?d a akg:Document ; dcterms:identifier ?id .
    OPTIONAL {{ ?d dcterms:title ?title }}
    OPTIONAL {{ ?d dcterms:date ?date }}
    OPTIONAL {{ ?g <{AKG.extractorFingerprint}> ?fp }}
    OPTIONAL {{ ?st a rdf:Statement ; prov:wasDerivedFrom ?d }}
  }}
}} GROUP BY ?id ?title ?date ?fp ORDER BY ?id"""

_RUNS = _PREFIXES + f"""
SELECT ?run ?action ?started ?ended ?version ?built ?unchanged ?failed ?removed ?statements WHERE {{
  GRAPH ?g {{
    ?run a prov:Activity ; schema:name ?action ; prov:startedAtTime ?started .
    OPTIONAL {{ ?run prov:endedAtTime ?ended }}
    OPTIONAL {{ ?run prov:wasAssociatedWith/schema:softwareVersion ?version }}
    OPTIONAL {{ ?run <{AKG.documentsBuilt}> ?built }}
    OPTIONAL {{ ?run <{AKG.documentsUnchanged}> ?unchanged }}
    OPTIONAL {{ ?run <{AKG.documentsFailed}> ?failed }}
    OPTIONAL {{ ?run <{AKG.documentsRemoved}> ?removed }}
    OPTIONAL {{ ?run <{AKG.statementCount}> ?statements }}
  }}
}} ORDER BY ?started"""


def _v(term, kind=str):
    return None if term is None else kind(term.value)


def documents(store: GraphStore, extractor: Extractor | None = None) -> list[DocumentInfo]:
    """Every stored document with its title, date and number of statements, by id."""
    fp = extractor.fingerprint if extractor is not None else None
    return [DocumentInfo(r["id"].value, _v(r["title"]), _v(r["date"]), int(r["statements"].value),
                         fp is None or _v(r["fp"]) == fp)
            for r in store.query(_DOCUMENTS, source="documents")]


def runs(store: GraphStore) -> list[RunInfo]:
    """Every recorded run, oldest first."""
    out = []
    for r in store.query(_RUNS, source="runs"):
        counts = {k: _v(r[k], int) or 0 for k in ("built", "unchanged", "failed", "removed", "statements")}
        out.append(RunInfo(r["run"].value.rsplit("/", 1)[-1], r["action"].value, r["started"].value,
                           _v(r["ended"]), _v(r["version"]), **counts))
    return out
