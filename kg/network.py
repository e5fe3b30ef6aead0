"""The actor network as plain data: nodes, edges and their evidence, read from a store.

Render and analysis work on this view rather than on RDF, so that they need no SPARQL. The
selection functions (`top_actors`, `around`, `select`) cut a big network down to a readable one.

>>> net = Network()
>>> net.add_node(Node("urn:a", "A", "ArmedGroup"))
>>> net.add_node(Node("urn:b", "B", "Country"))
>>> net.edges.append(Edge("urn:a", "urn:b", "fights", "hostile", []))
>>> sorted(net.to_networkx().edges(keys=True))
[('urn:a', 'urn:b', 'fights')]
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import warnings
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from .errors import ConfigError, KgError
from .names import name_key
from .vocab import FAMILIES, relation_family

__all__ = ["Evidence", "Node", "Edge", "Network", "FAMILIES", "from_store", "degree",
           "top_actors", "resolve", "around", "select", "is_date_prefix"]


@dataclass(frozen=True)
class Evidence:
    """One statement behind an edge: the sentence and where it comes from."""

    sentence: str
    doc_id: str
    doc_title: str | None = None
    doc_url: str | None = None
    date: str | None = None  # ISO date of the event, else of the document
    modality: str = "Asserted"  # Asserted | Claimed | Conditional | Negated
    confidence: float = 1.0
    trigger: str = ""
    statement: str = ""  # IRI of the rdf:Statement


@dataclass
class Node:
    """An actor or place: IRI, canonical label and type (local name of its akg: class)."""

    id: str
    label: str
    type: str
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Edge:
    """All statements with the same (source, relation, target)."""

    source: str
    target: str
    relation: str  # local name of the akg: property, e.g. "fights"
    family: str  # one of FAMILIES
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.evidence)

    @property
    def modalities(self) -> set[str]:
        return {e.modality for e in self.evidence}

    @property
    def dates(self) -> tuple[str | None, str | None]:
        ds = sorted(e.date for e in self.evidence if e.date)
        return (ds[0], ds[-1]) if ds else (None, None)


@dataclass
class Network:
    """Nodes by IRI and the edges between them."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def filter(self, *, since: str | None = None, until: str | None = None,
               min_confidence: float = 0.0, modalities: Iterable[str] | None = None,
               relations: Iterable[str] | None = None, families: Iterable[str] | None = None,
               min_count: int = 1) -> "Network":
        """A new network keeping only the evidence that passes every filter.

        Dates are ISO strings compared by prefix, so `since="2024-03"` keeps March 2024 on;
        evidence without a date is dropped once a date bound is given. An edge whose evidence
        all went is dropped, and so is a node left without edges.

        >>> net = Network()
        >>> for n in "AB": net.add_node(Node(n, n, "Country"))
        >>> net.edges.append(Edge("A", "B", "fights", "hostile",
        ...                       [Evidence("s1", "d1", date="2024-01-05"), Evidence("s2", "d2", date="2024-02-01")]))
        >>> [e.count for e in net.filter(since="2024-02").edges]
        [1]
        """
        mods = set(modalities) if modalities is not None else None
        rels = set(relations) if relations is not None else None
        fams = set(families) if families is not None else None

        def keep(ev: Evidence) -> bool:
            if ev.confidence < min_confidence or (mods is not None and ev.modality not in mods):
                return False
            if since or until:
                if not ev.date:
                    return False
                if since and ev.date[:len(since)] < since:
                    return False
                if until and ev.date[:len(until)] > until:
                    return False
            return True

        out = Network()
        for e in self.edges:
            if (rels is not None and e.relation not in rels) or (fams is not None and e.family not in fams):
                continue
            evidence = [ev for ev in e.evidence if keep(ev)]
            if len(evidence) < max(1, min_count):
                continue
            out.edges.append(Edge(e.source, e.target, e.relation, e.family, evidence))
            for n in (e.source, e.target):
                out.add_node(self.nodes[n])
        return out

    def to_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph keyed by relation name; node and edge attributes mirror the dataclasses."""
        g = nx.MultiDiGraph()
        for n in self.nodes.values():
            g.add_node(n.id, label=n.label, type=n.type)
        for e in self.edges:
            g.add_edge(e.source, e.target, key=e.relation, relation=e.relation, family=e.family,
                       count=e.count, modalities=sorted(e.modalities))
        return g


def degree(net: Network) -> dict[str, int]:
    """Degree centrality as a count: how many distinct other nodes each node has a relation with.

    Direction does not matter and several relations with the same node count once, so a busy pair
    does not outweigh an actor that deals with many others. Render sizes nodes by it and
    `top_actors` ranks by it.

    >>> net = Network()
    >>> for n in "ABC": net.add_node(Node(n, n, "Country"))
    >>> net.edges += [Edge("A", "B", "fights", "hostile"), Edge("B", "A", "attacks", "hostile"),
    ...               Edge("A", "C", "supports", "cooperative")]
    >>> degree(net)
    {'A': 2, 'B': 1, 'C': 1}
    """
    neighbours: dict[str, set[str]] = {nid: set() for nid in net.nodes}
    for e in net.edges:
        if e.source != e.target and e.source in neighbours and e.target in neighbours:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    return {nid: len(ns) for nid, ns in neighbours.items()}


def top_actors(net: Network, n: int, keep: Iterable[str] = ()) -> Network:
    """The `n` nodes (actors and places) of highest `degree`, with the edges among them.

    Ties go to the node with more statements, then to the label in alphabetical order, so the
    cut is the same on every run. Node IRIs in `keep` are always kept and count towards `n`.

    >>> net = Network()
    >>> for n in "ABCD": net.add_node(Node(n, n, "Country"))
    >>> net.edges += [Edge("A", x, "fights", "hostile", [Evidence("s", "d")]) for x in "BCD"]
    >>> sorted(top_actors(net, 2).nodes)
    ['A', 'B']
    """
    if n < 0:
        raise ConfigError(f"top: the number of actors must be 0 or more, not {n}")
    deg = degree(net)
    statements = dict.fromkeys(net.nodes, 0)
    for e in net.edges:
        for end in {e.source, e.target} & statements.keys():
            statements[end] += e.count
    chosen = [nid for nid in keep if nid in net.nodes][:n]
    ranked = sorted(net.nodes.values(),
                    key=lambda x: (-deg[x.id], -statements[x.id], x.label.casefold(), x.id))
    for node in ranked:
        if len(chosen) >= n:
            break
        if node.id not in chosen:
            chosen.append(node.id)
    return _subnetwork(net, set(chosen))


def resolve(net: Network, name: str) -> list[str]:
    """The IRIs of the nodes `name` stands for: an IRI, else a label, else an alternative label.

    Labels compare by their lookup key, as the named queries do (`kg.names.name_key`: case,
    accents, a leading "the" ignored); a name several nodes share (a country and a region both
    called "Georgia") gives them all, an IRI exactly one. An unknown name raises `KgError`
    naming it, with close matches when there are any.

    >>> net = Network()
    >>> net.add_node(Node("urn:nrf", "National Resistance Front", "ArmedGroup", ["Northern Alliance"]))
    >>> resolve(net, "northern alliance"), resolve(net, "the National Resistance Front")
    (['urn:nrf'], ['urn:nrf'])
    """
    if not name.strip():
        raise ConfigError("around: the actor name is empty")
    if name in net.nodes:
        return [name]
    key = name_key(name)
    for matches in ([n.id for n in net.nodes.values() if name_key(n.label) == key],
                    [n.id for n in net.nodes.values()
                     if any(name_key(a) == key for a in n.alt_labels)]):
        if matches:
            return matches
    raise KgError(_not_found(net, name))


def _not_found(net: Network, name: str) -> str:
    """One line: the unknown name and up to five labels that look like it."""
    labels: dict[str, str] = {}  # folded name -> the canonical label it leads to
    for n in net.nodes.values():
        labels.setdefault(n.label.casefold(), n.label)
        for a in n.alt_labels:
            labels.setdefault(a.casefold(), n.label)
    key = name.strip().casefold()
    close = difflib.get_close_matches(key, list(labels), n=5, cutoff=0.75)
    close += sorted((k for k in labels if key in k), key=len)
    suggestions = list(dict.fromkeys(labels[k] for k in close))[:5]
    hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
    return f"actor {name!r} is not in the network{hint}"


def around(net: Network, actor: str, hops: int = 1) -> Network:
    """The ego network of `actor` (an IRI, label or alternative label, see `resolve`).

    Keeps every node within `hops` relations of it, whatever their direction, and every edge
    among those nodes.

    >>> net = Network()
    >>> for n in "ABCD": net.add_node(Node(n, n.lower(), "Country"))
    >>> net.edges += [Edge(a, b, "fights", "hostile", [Evidence("s", "d")]) for a, b in ["AB", "CB", "CD"]]
    >>> sorted(around(net, "B").nodes), sorted(around(net, "b", hops=2).nodes)
    (['A', 'B', 'C'], ['A', 'B', 'C', 'D'])
    """
    return _ego(net, resolve(net, actor), hops)


def _ego(net: Network, centres: list[str], hops: int) -> Network:
    if hops < 0:
        raise ConfigError(f"hops must be 0 or more, not {hops}")
    adjacent: dict[str, set[str]] = {nid: set() for nid in net.nodes}
    for e in net.edges:
        adjacent[e.source].add(e.target)
        adjacent[e.target].add(e.source)
    distance = {c: 0 for c in centres}
    queue = deque(centres)
    while queue:
        nid = queue.popleft()
        if distance[nid] == hops:
            continue
        for other in adjacent[nid]:
            if other not in distance:
                distance[other] = distance[nid] + 1
                queue.append(other)
    return _subnetwork(net, set(distance))


def _subnetwork(net: Network, keep: set[str]) -> Network:
    """The nodes in `keep` (in `net`'s order, which seeds the layout) and the edges among them."""
    out = Network()
    for nid, node in net.nodes.items():
        if nid in keep:
            out.add_node(node)
    out.edges = [Edge(e.source, e.target, e.relation, e.family, list(e.evidence))
                 for e in net.edges if e.source in keep and e.target in keep]
    return out


_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_date_prefix(text: str) -> bool:
    """A real date or a prefix of one, as YYYY, YYYY-MM or YYYY-MM-DD: what date filters take.

    >>> is_date_prefix("2021"), is_date_prefix("2021-02"), is_date_prefix("2021-02-31")
    (True, True, False)
    """
    if not _PREFIX.match(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


def select(net: Network, *, top: int | None = None, around: str | None = None, hops: int = 1,
           since: str | None = None, until: str | None = None, min_count: int = 1,
           min_confidence: float = 0.0, modalities: Iterable[str] | None = None,
           relations: Iterable[str] | None = None,
           families: Iterable[str] | None = None) -> Network:
    """Cut `net` down for drawing: evidence filters (`Network.filter`), then the ego network
    `around` an actor, then the `top` actors by `degree` (the actor `around` names stays).

    The actor is looked up before filtering, so a known actor whose relations all fall outside
    the filters is drawn alone rather than reported missing. With nothing asked, `net` itself
    comes back.

    Example: ``render_html(select(net, around="Taliban", hops=2, since="2021-08"), "t.html")``
    """
    for name, value in (("since", since), ("until", until)):
        if value and not is_date_prefix(value):
            raise ConfigError(f"{name}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    centres = resolve(net, around) if around is not None else None
    out = net
    if (since or until or min_confidence > 0 or min_count > 1 or modalities is not None
            or relations is not None or families is not None):
        out = net.filter(since=since, until=until, min_confidence=min_confidence,
                         modalities=modalities, relations=relations, families=families,
                         min_count=min_count)
    if centres is not None:
        if out is not net:  # filtering may have dropped the actor itself
            for c in centres:
                out.add_node(net.nodes[c])
        out = _ego(out, centres, hops)
    if top is not None:
        out = top_actors(out, top, keep=centres or ())
    return out


_STATEMENTS = """
PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?st ?s ?p ?o ?ev ?m ?conf ?trig ?date ?docid ?title ?url WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; akg:evidence ?ev ;
      akg:modality ?m ; akg:confidence ?conf ; akg:trigger ?trig ; prov:wasDerivedFrom ?d .
  ?d dcterms:identifier ?docid .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:source ?url }
  OPTIONAL { ?st dcterms:date ?date }
}"""

# Oxigraph's union default graph repeats a triple once per graph that holds it, and actors are
# described in every document that names them: DISTINCT, one pattern per query.
_LABELS = "SELECT DISTINCT ?a ?v WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?v }"
_ALTS = "SELECT DISTINCT ?a ?v WHERE { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?v }"
_TYPES = """SELECT DISTINCT ?a ?v WHERE { ?a a ?v
  FILTER(STRSTARTS(STR(?v), "https://w3id.org/actor-kg/ontology#")) }"""

# When NER typed one actor differently in two documents, the more specific type wins.
_TYPE_RANK = {"Country": 0, "ArmedGroup": 1, "StateForce": 2, "Government": 3,
              "MediaOrganization": 4, "Person": 5, "Group": 6, "Organization": 7,
              "Settlement": 8, "Region": 9, "Place": 10}


def from_store(store, min_confidence: float = 0.0) -> Network:
    """The network of every statement in `store` (a `kg.graph.GraphStore`), grouped into edges."""
    net = Network()
    types: dict[str, str] = {}
    alts: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for row in store.query(_LABELS, source="network"):
        labels.setdefault(row["a"].value, row["v"].value)
    for row in store.query(_ALTS, source="network"):
        alts.setdefault(row["a"].value, set()).add(row["v"].value)
    for row in store.query(_TYPES, source="network"):
        a, t = row["a"].value, row["v"].value.rsplit("#", 1)[-1]
        if a not in types or _TYPE_RANK.get(t, 99) < _TYPE_RANK.get(types[a], 99):
            types[a] = t
    edges: dict[tuple[str, str, str], Edge] = {}
    skipped: set[str] = set()
    for row in store.query(_STATEMENTS, source="network"):
        conf = float(row["conf"].value)
        if conf < min_confidence:
            continue
        s, o = row["s"].value, row["o"].value
        rel = row["p"].value.rsplit("#", 1)[-1]
        ev = Evidence(
            sentence=row["ev"].value, doc_id=row["docid"].value,
            doc_title=row["title"].value if row["title"] is not None else None,
            doc_url=row["url"].value if row["url"] is not None else None,
            date=row["date"].value if row["date"] is not None else None,
            modality=row["m"].value.rsplit("#", 1)[-1], confidence=conf,
            trigger=row["trig"].value, statement=row["st"].value)
        edge = edges.get((s, rel, o))
        if edge is None:
            try:
                family = relation_family(rel)
            except ValueError:  # imported data with a predicate the ontology does not define
                skipped.add(row["p"].value)
                continue
            edge = edges[(s, rel, o)] = Edge(s, o, rel, family)
        edge.evidence.append(ev)
        for n in (s, o):
            net.add_node(Node(n, labels.get(n, n.rsplit("/", 1)[-1]), types.get(n, "Actor"),
                              sorted(alts.get(n, ()))))
    if skipped:
        warnings.warn(f"statements with predicates that are not relations of the ontology were left "
                      f"out of the network: {', '.join(sorted(skipped))}", stacklevel=2)
    for e in edges.values():
        e.evidence.sort(key=lambda x: (x.date or "", x.doc_id, x.sentence))
    net.edges = sorted(edges.values(), key=lambda e: (e.source, e.relation, e.target))
    return net
