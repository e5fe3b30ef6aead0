"""The network of every statement in a store, read with SPARQL over the union of its graphs and
grouped into edges, so that it works on a remote store as well.
"""
from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

from ..sparql import with_rejected
from ..vocab import relation_family
from .data import Edge, Evidence, Geography, Network, Node

if TYPE_CHECKING:
    from ..graph import GraphStore

__all__ = ["from_store", "reports"]

_PREFIXES = """
PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_WHERE = """ WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; akg:evidence ?ev ;
      akg:modality ?m ; akg:confidence ?conf ; akg:trigger ?trig ; prov:wasDerivedFrom ?d .
  ?d dcterms:identifier ?docid .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:source ?url }
  OPTIONAL { ?st dcterms:date ?date }
  OPTIONAL { ?st prov:atLocation ?where }
  OPTIONAL { ?st akg:attributedTo ?source }
  OPTIONAL { ?event akg:reportedBy ?st }
  FILTER NOT EXISTS { ?st akg:reviewStatus akg:Rejected }  # hides rejected statements
}"""
_STATEMENTS = (_PREFIXES + "SELECT ?st ?s ?p ?o ?ev ?m ?conf ?trig ?date ?docid ?title ?url ?where "
               "?source ?event" + _WHERE)
_REPORTS = _PREFIXES + "SELECT ?st ?s ?p ?o ?m ?conf ?date ?where" + _WHERE  # the same, fewer columns

# Oxigraph's union default graph repeats a triple once per graph that holds it, and actors are
# described in every document that names them: DISTINCT, one pattern per query.
_LABELS = "SELECT DISTINCT ?a ?v WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?v }"
_ALTS = "SELECT DISTINCT ?a ?v WHERE { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?v }"
_TYPES = """SELECT DISTINCT ?a ?v WHERE { ?a a ?v
  FILTER(STRSTARTS(STR(?v), "https://w3id.org/actor-kg/ontology#")) }"""

_PART_OF = "SELECT DISTINCT ?a ?v WHERE { ?a <https://w3id.org/actor-kg/ontology#partOf> ?v }"
_COUNTRY = "SELECT DISTINCT ?a ?v WHERE { ?a <https://w3id.org/actor-kg/ontology#country> ?v }"
_POINTS = """SELECT DISTINCT ?a ?v WHERE { ?a <http://www.opengis.net/ont/geosparql#hasGeometry>
  / <http://www.opengis.net/ont/geosparql#asWKT> ?v }"""
_WKT_POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.I)

# When NER typed one actor differently in two documents, the more specific type wins.
_TYPE_RANK = {"Country": 0, "ArmedGroup": 1, "StateForce": 2, "Government": 3,
              "MediaOrganization": 4, "Person": 5, "Group": 6, "Organization": 7,
              "Settlement": 8, "Region": 9, "Place": 10}


def _pairs(store: GraphStore, query: str):
    for row in store.query(query, source="network"):
        yield row["a"].value, row["v"].value


def _names(store: GraphStore) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """Labels, types (the most specific when documents disagree) and other names of every node."""
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    alts: dict[str, set[str]] = {}
    for a, v in _pairs(store, _LABELS):
        labels.setdefault(a, v)
    for a, v in _pairs(store, _ALTS):
        alts.setdefault(a, set()).add(v)
    for a, v in _pairs(store, _TYPES):
        t = v.rsplit("#", 1)[-1]
        if a not in types or _TYPE_RANK.get(t, 99) < _TYPE_RANK.get(types[a], 99):
            types[a] = t
    return labels, types, alts


def _geography(store: GraphStore, labels: dict[str, str], types: dict[str, str]) -> Geography:
    geo = Geography(labels, types, dict(_pairs(store, _PART_OF)), dict(_pairs(store, _COUNTRY)))
    for a, wkt in _pairs(store, _POINTS):
        m = _WKT_POINT.match(wkt)
        if m:
            try:
                geo.points.setdefault(a, (float(m.group(2)), float(m.group(1))))
            except ValueError:
                pass
    return geo


def from_store(store: GraphStore, min_confidence: float = 0.0, *, geography: bool = False,
               include_rejected: bool = False) -> Network:
    """The network of every statement in `store`, grouped into edges, less those a reviewer
    rejected unless `include_rejected`; with `geography`, also what the event table needs
    (`Network.geography`)."""
    net = Network()
    labels, types, alts = _names(store)
    if geography:
        net.geography = _geography(store, labels, types)

    def evidence(row, conf):
        return Evidence(
            sentence=row["ev"].value, doc_id=row["docid"].value,
            doc_title=row["title"].value if row["title"] is not None else None,
            doc_url=row["url"].value if row["url"] is not None else None,
            date=row["date"].value if row["date"] is not None else None,
            modality=row["m"].value.rsplit("#", 1)[-1], confidence=conf,
            trigger=row["trig"].value, statement=row["st"].value,
            location=row["where"].value if row["where"] is not None else None,
            source=row["source"].value if row["source"] is not None else None,
            event=row["event"].value if row["event"] is not None else None)

    def node(n: str) -> None:
        if n not in net.nodes:
            net.add_node(Node(n, labels.get(n, n.rsplit("/", 1)[-1]), types.get(n, "Actor"),
                              sorted(alts.get(n, ()))))

    query = with_rejected(_STATEMENTS) if include_rejected else _STATEMENTS
    net.edges = _edges(store.query(query, source="network"), min_confidence, evidence, node)
    return net


def reports(store: GraphStore) -> Network:
    """The statements of `from_store` with only what grouping them into events needs (ends,
    relation, modality, date, place, confidence) and no names, sentences or documents: read
    after every build, reading those too would double its cost.

    >>> from kg.graph import Store
    >>> reports(Store.open(None)).edges
    []
    """
    def evidence(row, conf):
        return Evidence("", "", date=row["date"].value if row["date"] is not None else None,
                        modality=row["m"].value.rsplit("#", 1)[-1], confidence=conf,
                        statement=row["st"].value,
                        location=row["where"].value if row["where"] is not None else None)

    return Network(edges=_edges(store.query(_REPORTS, source="network"), 0.0, evidence))


def _edges(rows, min_confidence: float, evidence, node=None) -> list[Edge]:
    """The rows of a statements query as edges, sorted, each with its `evidence(row, confidence)`
    in order of date, document and sentence; `node(iri)` is called for both ends of each row
    taken, in the order of the rows."""
    edges: dict[tuple[str, str, str], Edge] = {}
    skipped: set[str] = set()
    for row in rows:
        conf = float(row["conf"].value)
        if conf < min_confidence:
            continue
        s, o = row["s"].value, row["o"].value
        rel = row["p"].value.rsplit("#", 1)[-1]
        edge = edges.get((s, rel, o))
        if edge is None:
            try:
                family = relation_family(rel)
            except ValueError:  # imported data with a predicate the ontology does not define
                skipped.add(row["p"].value)
                continue
            edge = edges[(s, rel, o)] = Edge(s, o, rel, family)
        edge.evidence.append(evidence(row, conf))
        if node is not None:
            node(s)
            node(o)
    if skipped:
        warnings.warn(f"statements with predicates that are not relations of the ontology were left "
                      f"out of the network: {', '.join(sorted(skipped))}", stacklevel=3)
    for e in edges.values():
        e.evidence.sort(key=lambda x: (x.date or "", x.doc_id, x.sentence))
    return sorted(edges.values(), key=lambda e: (e.source, e.relation, e.target))
