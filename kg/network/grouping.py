"""One event, many reports: statements that describe the same event (the same two actors, a
relation of the same family, dates within a few days, the same place when both say where) are
grouped as one `akg:Event`, so that counts can be of events rather than of reports.

A story retold by ten outlets is ten statements but one clash; counting statements inflates
what was reported most, as event data built without this step (GDELT's) is known to. Grouping
goes by family, not relation ("attacked" in one report, "fought" in another), by the pair in
either direction, and keeps firm reports (asserted, claimed) apart from conditional or negated
ones. A statement without a date is an event of its own.

The groups are stored as `akg:Event`s in a graph of their own (`akgr:graph/events`), remade
after each build or removal (`event_quads`), and read back with the network (`Evidence.event`).

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> for n in "AB": net.add_node(Node(n, n, "ArmedGroup"))
>>> net.edges += [Edge("A", "B", "attacks", "hostile", [Evidence("A hit B.", "d1", date="2025-01-05", statement="s1")]),
...               Edge("B", "A", "fights", "hostile", [Evidence("B and A clashed.", "d2", date="2025-01-06", statement="s2"),
...                                                    Evidence("They fought again.", "d3", date="2025-02-20", statement="s3")])]
>>> groups = group_events(net)
>>> [sorted(ev.statement for ev in g.reports) for g in groups]
[['s1', 's2'], ['s3']]
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..vocab import AKG, DCTERMS, MODALITIES, PROV, RDF, TRUTHY_MODALITIES, XSD
from .data import Edge, Evidence, Network

if TYPE_CHECKING:
    from ..graph import GraphStore

__all__ = ["COUNTS", "EVENT_WINDOW_DAYS", "EventGroup", "by_events", "event_quads", "events_graph",
           "group_events", "refresh_events"]

EVENT_WINDOW_DAYS = 3
"""Reports whose dates lie within this many days of an event's first report can be of it."""

COUNTS = ("reports", "events")
"""What a count counts: every statement (report), or every event once however often reported."""


@dataclass
class EventGroup:
    """One event: its first date, its place when a report says, and the statements reporting it."""

    pair: tuple[str, str]
    family: str
    date: str | None
    location: str | None = None
    reports: list[Evidence] = field(default_factory=list)

    def iri(self, base: str) -> str:
        first = min(ev.statement for ev in self.reports)
        return base + "event/" + hashlib.sha256(first.encode()).hexdigest()[:20]


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days


def group_events(net: Network, window_days: int = EVENT_WINDOW_DAYS) -> list[EventGroup]:
    """The events `net`'s statements report, each with its reports, in order of first date.

    Reports are taken in date order; each joins the first open event of its pair, family and
    firmness whose first date is at most `window_days` before it and whose place, when both
    know one, is its place; else it opens an event.
    """
    candidates: dict[tuple, list[tuple[Evidence, Edge]]] = {}
    for e in net.edges:
        for ev in e.evidence:
            key = (tuple(sorted((e.source, e.target))), e.family, ev.modality in TRUTHY_MODALITIES)
            candidates.setdefault(key, []).append((ev, e))
    groups: list[EventGroup] = []
    for (pair, family, _), reports in candidates.items():
        open_: list[EventGroup] = []
        for ev, _edge in sorted(reports, key=lambda r: (r[0].date or "", r[0].statement)):
            home = None
            if ev.date:
                for g in open_:
                    if g.date and _days(g.date, ev.date) <= window_days and (
                            not g.location or not ev.location or g.location == ev.location):
                        home = g
                        break
            if home is None:
                home = EventGroup(pair, family, ev.date)
                open_.append(home)
                groups.append(home)
            home.location = home.location or ev.location
            home.reports.append(ev)
    groups.sort(key=lambda g: (g.date or "", min(ev.statement for ev in g.reports)))
    return groups


def by_events(net: Network) -> Network:
    """`net` with one statement per event (its firmest, most confident report, on that report's
    edge), so that every count made on it counts events; statements of no stored event stay,
    each its own. An edge left without statements goes.

    >>> net = Network()
    >>> net.edges += [Edge("A", "B", "attacks", "hostile", [Evidence("s", "d1", event="e1", confidence=0.9),
    ...                                                     Evidence("s", "d2", event="e2")]),
    ...               Edge("B", "A", "fights", "hostile", [Evidence("s", "d3", event="e1", confidence=0.5)])]
    >>> [(e.relation, e.count) for e in by_events(net).edges]
    [('attacks', 2)]
    """
    def rank(ev: Evidence) -> tuple:
        return (MODALITIES.index(ev.modality) if ev.modality in MODALITIES else len(MODALITIES),
                -ev.confidence, ev.date or "", ev.statement)

    best: dict[str, Evidence] = {}
    for e in net.edges:
        for ev in e.evidence:
            if ev.event and (ev.event not in best or rank(ev) < rank(best[ev.event])):
                best[ev.event] = ev
    keep = {id(ev) for ev in best.values()}
    out = Network(dict(net.nodes), [], net.geography)
    for e in net.edges:
        evidence = [ev for ev in e.evidence if not ev.event or id(ev) in keep]
        if evidence:
            out.edges.append(Edge(e.source, e.target, e.relation, e.family, evidence))
    return out


def events_graph(base: str) -> ox.NamedNode:
    """The named graph that holds the events of a store."""
    return ox.NamedNode(base + "graph/events")


def event_quads(groups: list[EventGroup], base: str) -> list[ox.Quad]:
    """The events as RDF: `akg:Event` with `akg:reportedBy` each statement, `dcterms:date` (its
    first report's), `prov:atLocation` (where known) and `akg:reportCount`."""
    g = events_graph(base)
    kind, event, count, date, at, reported_by, integer, day = (
        ox.NamedNode(str(t)) for t in (RDF.type, AKG.Event, AKG.reportCount, DCTERMS.date,
                                       PROV.atLocation, AKG.reportedBy, XSD.integer, XSD.date))
    quads: list[ox.Quad] = []
    add = quads.append
    for group in groups:
        ev = ox.NamedNode(group.iri(base))
        add(ox.Quad(ev, kind, event, g))
        add(ox.Quad(ev, count, ox.Literal(str(len(group.reports)), datatype=integer), g))
        if group.date:
            add(ox.Quad(ev, date, ox.Literal(group.date, datatype=day), g))
        if group.location:
            add(ox.Quad(ev, at, ox.NamedNode(group.location), g))
        for report in group.reports:
            add(ox.Quad(ev, reported_by, ox.NamedNode(report.statement), g))
    return quads


def refresh_events(store: GraphStore, base: str, net: Network | None = None) -> int:
    """Group the statements of `store` (or of `net`, read from it) into events and replace its
    events graph with them; returns the number of events."""
    from .load import reports

    net = net if net is not None else reports(store)
    groups = group_events(net)
    store.replace_graph(events_graph(base), event_quads(groups, base))
    return len(groups)

