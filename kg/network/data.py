"""The actor network as plain data: nodes, edges (all statements of one source, relation and
target) and their evidence. Render, analysis and the network files work on this view rather than
on RDF, so that they need no SPARQL (`kg.network.load` reads it from a store).

>>> net = Network()
>>> net.add_node(Node("urn:a", "A", "ArmedGroup"))
>>> net.add_node(Node("urn:b", "B", "Country"))
>>> net.edges.append(Edge("urn:a", "urn:b", "fights", "hostile", []))
>>> sorted(net.to_networkx().edges(keys=True))
[('urn:a', 'urn:b', 'fights')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from ..vocab import MODALITIES

__all__ = ["Edge", "Evidence", "Geography", "Network", "Node"]


@dataclass(frozen=True)
class Evidence:
    """One statement behind an edge: the sentence and where it comes from."""

    sentence: str
    doc_id: str
    doc_title: str | None = None
    doc_url: str | None = None
    date: str | None = None  # ISO date of the event, else of the document
    modality: str = MODALITIES[0]  # one of MODALITIES: Asserted, Claimed, Conditional, Negated
    confidence: float = 1.0
    trigger: str = ""
    statement: str = ""  # IRI of the rdf:Statement
    location: str | None = None  # IRI of the place it happened in (prov:atLocation)
    source: str | None = None  # IRI of the actor the text says it from (akg:attributedTo)
    event: str | None = None  # IRI of the akg:Event it reports, once reports are grouped


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
    family: str  # one of kg.vocab.FAMILIES
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
class Geography:
    """What the event table needs beyond the network: names and types of every actor and place
    (locations and countries too, which may not be nodes), what each place is part of, each
    actor's country and each place's point (latitude, longitude)."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    country: dict[str, str] = field(default_factory=dict)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class Network:
    """Nodes by IRI and the edges between them."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    # where things are, when read (`kg.network.load.from_store(..., geography=True)`)
    geography: Geography | None = None

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

        out = Network(geography=self.geography)
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
        """A MultiDiGraph keyed by relation with what the page shows. Nodes: label, type,
        alt_labels. Edges: relation, family, count (statements), modalities, first_date and
        last_date, max_confidence, and evidence, a list of dicts (sentence, doc_id, title,
        url, date, modality, confidence, trigger, statement), best dated first.

        >>> net = Network()
        >>> for n in "AB": net.add_node(Node(n, n, "Country"))
        >>> net.edges.append(Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1", date="2024-01-05")]))
        >>> g = net.to_networkx()
        >>> g.edges["A", "B", "fights"]["first_date"], g.edges["A", "B", "fights"]["evidence"][0]["sentence"]
        ('2024-01-05', 'A fought B.')
        """
        g = nx.MultiDiGraph()
        for n in self.nodes.values():
            g.add_node(n.id, label=n.label, type=n.type, alt_labels=list(n.alt_labels))
        for e in self.edges:
            first, last = e.dates
            g.add_edge(e.source, e.target, key=e.relation, relation=e.relation, family=e.family,
                       count=e.count, modalities=sorted(e.modalities), first_date=first, last_date=last,
                       max_confidence=max((ev.confidence for ev in e.evidence), default=None),
                       evidence=[{"sentence": ev.sentence, "doc_id": ev.doc_id, "title": ev.doc_title,
                                  "url": ev.doc_url, "date": ev.date, "modality": ev.modality,
                                  "confidence": ev.confidence, "trigger": ev.trigger,
                                  "statement": ev.statement} for ev in e.evidence])
        return g
