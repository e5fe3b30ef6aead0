"""Reviewed statements as gold: the documents an analyst reviewed, in the format `kg eval`
scores against and `kg train` learns from (`../eval/guidelines.md`), so that every correction
can teach the extractor.

Each document with at least one judged statement gives its actors (every name the document
uses for them) and its relations: the confirmed ones (`"core": true`, `"review": "confirmed"`)
and those not judged yet (`"review": "unreviewed"`: the extractor's reading, unchecked). Rejected
statements are left out of `relations` and listed under `"rejected"`, with the reviewer's note,
for a trainer to learn from as negatives; `kg eval` ignores that key.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..vocab import PROV
from .review import judgements

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["gold_documents"]

_STATEMENTS = f"""PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?date ?st ?s ?p ?o ?m ?ev ?src ?status WHERE {{
  {{ SELECT DISTINCT ?d WHERE {{ ?judged akg:reviewStatus ?any ; <{PROV.wasDerivedFrom}> ?d }} }}
  GRAPH ?g {{ ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      akg:modality ?m ; akg:evidence ?ev ; <{PROV.wasDerivedFrom}> ?d . ?d dcterms:identifier ?doc
      OPTIONAL {{ ?d dcterms:date ?date }} OPTIONAL {{ ?st akg:attributedTo ?src }} }}
  OPTIONAL {{ ?st akg:reviewStatus ?status }}
}} ORDER BY ?doc ?st"""

_ACTORS = """PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?doc ?a ?type ?name WHERE {
  { SELECT DISTINCT ?d WHERE { ?judged akg:reviewStatus ?any ; prov:wasDerivedFrom ?d } }
  GRAPH ?g { ?d <http://purl.org/dc/terms/identifier> ?doc . ?a a ?type .
             { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?name }
             UNION { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?name } }
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/actor-kg/ontology#"))
}"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def gold_documents(store: GraphStore, base: str) -> list[dict]:
    """The reviewed documents as gold (see the module), in document order.

    >>> from kg.graph import open_store_at
    >>> with open_store_at(None) as store:
    ...     gold_documents(store, "https://w3id.org/actor-kg/id/")
    []
    """
    def actor_id(iri: str) -> str:
        return (iri[len(base):] if iri.startswith(base) else iri).replace("/", "-")

    notes = {j.statement: j.note for j in judgements(store)}  # the latest judgement's note
    docs: dict[str, dict] = {}
    used: dict[str, set[str]] = defaultdict(set)
    for r in store.query(_STATEMENTS, source="gold"):
        doc = r["doc"].value
        d = docs.setdefault(doc, {"doc_id": doc, "doc_date": r["date"].value if r["date"] is not None else None,
                                  "actors": [], "relations": [], "rejected": []})
        status = _local(r["status"].value) if r["status"] is not None else None
        rel = {"s": actor_id(r["s"].value), "p": _local(r["p"].value), "o": actor_id(r["o"].value),
               "modality": _local(r["m"].value).lower(), "evidence": r["ev"].value}
        if r["src"] is not None:
            rel["attributed_to"] = actor_id(r["src"].value)
            used[doc].add(r["src"].value)
        used[doc].update((r["s"].value, r["o"].value))
        if status == "Rejected":
            d["rejected"].append({**rel, "note": notes.get(r["st"].value, "")})
        else:
            d["relations"].append({**rel, "core": status == "Confirmed",
                                   "review": "confirmed" if status == "Confirmed" else "unreviewed"})
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    types: dict[tuple[str, str], str] = {}
    for r in store.query(_ACTORS, source="gold"):
        key = (r["doc"].value, r["a"].value)
        if r["a"].value in used.get(key[0], ()):
            names[key].add(r["name"].value)
            types[key] = _local(r["type"].value)
    for (doc, iri), forms in sorted(names.items()):
        kind = types[(doc, iri)]
        docs[doc]["actors"].append({"id": actor_id(iri), "type": "Place" if kind in (
            "Region", "Settlement") else kind, "names": sorted(forms)})
    return list(docs.values())

