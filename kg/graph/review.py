"""Review: the analyst has the last word on a statement. A judgement (confirmed or rejected, by
whom, when, why) is a PROV-O activity in the store's review graph (`akgr:graph/review`), apart
from the document graphs, so it survives every rebuild: statement IRIs are minted from what a
statement says and where, so the same statement of the same document gets the same IRI again.

The review graph also holds each judged statement's current verdict (`akg:reviewStatus`, the
latest judgement's), which queries, the network and exports read to hide rejected statements.

>>> from kg.graph import open_store_at
>>> with open_store_at(None) as store:
...     statement_iri(store, "https://w3id.org/actor-kg/id/", "9f2c")
Traceback (most recent call last):
...
kg.errors.InputError: 9f2c: no such statement in the store (see kg review)
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import AKG, PROV, RDF, RDFS, SDO, XSD

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["VERDICTS", "Judgement", "judge", "judgements", "review_graph", "reviewer", "statement_iri",
           "to_check"]

VERDICTS = ("Confirmed", "Rejected")
"""What a judgement says of a statement (individuals of `akg:Verdict`)."""

_STATUS = str(AKG.reviewStatus)

@dataclass(frozen=True)
class Judgement:
    """One judgement of one statement: its verdict, who gave it, when, and why."""

    statement: str  # IRI
    verdict: str  # one of VERDICTS
    by: str
    at: str  # ISO timestamp, UTC
    note: str = ""


def review_graph(base: str) -> ox.NamedNode:
    """The named graph of a store's judgements."""
    return ox.NamedNode(base + "graph/review")


def reviewer() -> str:
    """Who judges when no one is named: `$KG_REVIEWER`, else the user running `kg`."""
    try:
        return os.environ.get("KG_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def statement_iri(store: GraphStore, base: str, ident: str) -> str:
    """The IRI of the statement `ident` names: its IRI, or its id (the hex after `statement/`)
    or a prefix of it of 6 characters or more, as `kg review` shows it. An unknown or ambiguous
    id is an InputError."""
    ident = ident.strip()
    candidates = [ident] if "/" in ident else []
    if not candidates and len(ident) >= 6 and all(c in "0123456789abcdef" for c in ident.lower()):
        prefix = base + "statement/" + ident.lower()
        q = f"""SELECT DISTINCT ?st WHERE {{ ?st a <{RDF.Statement}>
            FILTER(STRSTARTS(STR(?st), "{prefix}")) }} LIMIT 3"""
        candidates = [row["st"].value for row in store.query(q, source="review")]
    if len(candidates) > 1:
        raise InputError(ident, "more than one statement has an id starting so: give more of it")
    if not candidates or not store.query(
            f"ASK {{ <{candidates[0]}> a <{RDF.Statement}> }}", source="review"):
        raise InputError(ident, "no such statement in the store (see kg review)")
    return candidates[0]


def judge(store: GraphStore, base: str, statement: str, verdict: str, *, by: str | None = None,
          note: str = "") -> Judgement:
    """Record a judgement of `statement` (an IRI, or an id as `statement_iri` takes) and make it
    the statement's verdict; returns it."""
    if verdict not in VERDICTS:
        raise InputError(verdict, f"not a verdict ({', '.join(VERDICTS)})")
    iri = statement_iri(store, base, statement)
    at = dt.datetime.now(dt.timezone.utc)
    j = Judgement(iri, verdict, by or reviewer(), at.isoformat(timespec="seconds"), note or "")
    g = review_graph(base)
    st = ox.NamedNode(iri)
    quads = [q for q in store.quads(g) if not (q.subject == st and q.predicate.value == _STATUS)]
    activity = ox.NamedNode(base + "review/" + at.strftime("%Y%m%dT%H%M%S%fZ-") + uuid.uuid4().hex[:8])
    agent = ox.NamedNode(base + "reviewer/" + _slug(j.by))
    term = lambda t: ox.NamedNode(str(t))  # noqa: E731
    quads += [
        ox.Quad(activity, term(RDF.type), term(PROV.Activity), g),
        ox.Quad(activity, term(RDF.type), term(AKG.Review), g),
        ox.Quad(activity, term(PROV.used), st, g),
        ox.Quad(activity, term(AKG.verdict), term(AKG[verdict]), g),
        ox.Quad(activity, term(PROV.wasAssociatedWith), agent, g),
        ox.Quad(activity, term(PROV.endedAtTime), ox.Literal(j.at, datatype=term(XSD.dateTime)), g),
        ox.Quad(agent, term(RDF.type), term(PROV.Agent), g),
        ox.Quad(agent, term(SDO.name), ox.Literal(j.by), g),
        ox.Quad(st, term(AKG.reviewStatus), term(AKG[verdict]), g),
    ]
    if j.note:
        quads.append(ox.Quad(activity, term(RDFS.comment), ox.Literal(j.note), g))
    store.replace_graph(g, quads)
    store.flush()
    return j


def _slug(name: str) -> str:
    from urllib.parse import quote

    return quote(name.strip() or "unknown", safe="-._~")


def judgements(store: GraphStore) -> list[Judgement]:
    """Every judgement recorded, oldest first (a statement's latest one is its verdict)."""
    q = f"""SELECT ?st ?v ?by ?at ?note WHERE {{
        ?r a <{AKG.Review}> ; <{PROV.used}> ?st ; <{AKG.verdict}> ?v ;
           <{PROV.wasAssociatedWith}> ?a ; <{PROV.endedAtTime}> ?at . ?a <{SDO.name}> ?by
        OPTIONAL {{ ?r <{RDFS.comment}> ?note }} }} ORDER BY ?at"""
    return [Judgement(r["st"].value, r["v"].value.rsplit("#", 1)[-1], r["by"].value, r["at"].value,
                      r["note"].value if r["note"] is not None else "")
            for r in store.query(q, source="review")]


def to_check(store: GraphStore, *, actor_key: str | None = None, reviewed: bool = False,
             limit: int | None = 50) -> tuple[list[str], list[list]]:
    """Statements to check, lowest confidence first: (columns, rows) with the statement's short
    id, confidence, subject, relation, object, modality, document, verdict and evidence. Only
    those not yet judged unless `reviewed`; only those of the actor with lookup key
    `actor_key` (`kg.names.name_key`) when given."""
    actor = (f"""{{ SELECT DISTINCT ?actor ?key WHERE {{ ?actor <{AKG.nameKey}> ?key }} }}
        {{ ?st <{RDF.subject}> ?actor }} UNION {{ ?st <{RDF.object}> ?actor }}""" if actor_key else "")
    q = f"""PREFIX akg: <https://w3id.org/actor-kg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT {"?key" if actor_key else ""} ?st ?confidence ?subject ?p ?object ?m ?document ?status ?evidence
    WHERE {{
      {actor}
      GRAPH ?g {{ ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
          akg:confidence ?confidence ; akg:modality ?m ; akg:evidence ?evidence ;
          <{PROV.wasDerivedFrom}> ?d . ?d <http://purl.org/dc/terms/identifier> ?document .
          ?s rdfs:label ?subject . ?o rdfs:label ?object }}
      OPTIONAL {{ ?st akg:reviewStatus ?status }}
      {"" if reviewed else "FILTER(!BOUND(?status))"}
    }} ORDER BY ?confidence ?document ?st {f"LIMIT {int(limit)}" if limit else ""}"""
    rows = []
    bindings = {"key": ox.Literal(actor_key)} if actor_key else None
    for r in store.query(q, bindings, source="review"):
        rows.append([r["st"].value.rsplit("/", 1)[-1], float(r["confidence"].value), r["subject"].value,
                     r["p"].value.rsplit("#", 1)[-1], r["object"].value, r["m"].value.rsplit("#", 1)[-1],
                     r["document"].value,
                     r["status"].value.rsplit("#", 1)[-1] if r["status"] is not None else "",
                     r["evidence"].value])
    return ["id", "confidence", "subject", "relation", "object", "modality", "document", "verdict",
            "evidence"], rows

