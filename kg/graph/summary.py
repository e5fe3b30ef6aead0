"""The edge summary: for each subject, relation, object and modality of the store's statements,
how many there are, their first and last date and the names of both ends (an `akg:Edge`, in a
named graph of its own, `akgr:graph/edge/<hash>`), so that questions over the whole store (who
fights whom) read one node per edge instead of aggregating every statement. The writer keeps it
current: a removal changes the edges of a document's statements in the same call to the store
as the document (`write_document`; one transaction in the embedded store); a build keeps the
edges its documents change in memory and writes them in batches, by the thousand and at its
end (`Edges`), as an edge stated in many documents is then written once instead of once per
document.

A count is kept by arithmetic; a first or last date (or a label) that leaves with a document is
found again from the statements that stay, for that edge only. A graph per edge lets a SPARQL
server replace one with a Graph Store PUT. While a run writes, the summary's state
(`akgr:graph/edges`) names it (`akg:pendingRun`); a run that finds another's mark (one killed
before it wrote the edges of its documents) or no state at all (a store written before the
summary existed, or an import) sums the edges up again from the statements (`refresh`).

>>> from kg.graph.embedded import Store
>>> store, minter = Store.open(None), Minter("https://example.org/")
>>> refresh(store, minter), read_rows(store)
(0, {})
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox

from ..vocab import AKG, DCTERMS, RDF, RDFS, XSD
from .triples import Minter, named

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["EdgeRow", "Edges", "Key", "aggregate", "begin", "contributions", "edge_quads", "end",
           "read_rows", "rebuild", "refresh", "write_document"]

Key = tuple[str, str, str, str]
"""An edge: the IRIs of subject, relation, object and modality."""

_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_MODALITY, _DATE, _LABEL = str(AKG.modality), str(DCTERMS.date), str(RDFS.label)
_FIELDS = {_SUBJECT: 0, _PREDICATE: 1, _OBJECT: 2, _MODALITY: 3}
_COUNT, _FIRST, _LAST = str(AKG.edgeCount), str(AKG.firstDate), str(AKG.lastDate)
_SUBJECT_LABEL, _OBJECT_LABEL = str(AKG.subjectLabel), str(AKG.objectLabel)


def _least(a, b):
    return b if a is None else a if b is None else min(a, b)


def _most(a, b):
    return b if a is None else a if b is None else max(a, b)


@dataclass(frozen=True)
class EdgeRow:
    """What an edge sums up: its statements, their first and last date, the ends' labels."""

    count: int
    first: str | None = None
    last: str | None = None
    subject_label: str | None = None
    object_label: str | None = None

    def __add__(self, other: EdgeRow) -> EdgeRow:
        return EdgeRow(self.count + other.count, _least(self.first, other.first),
                       _most(self.last, other.last), _least(self.subject_label, other.subject_label),
                       _least(self.object_label, other.object_label))

    def loses_an_extreme(self, gone: EdgeRow, added: EdgeRow | None) -> bool:
        """Whether taking `gone` out (and putting `added` in) may change a date or label that
        arithmetic cannot find: `gone` held it and `added` does not hold it or beyond."""
        pairs = [(self.first, gone.first, added and added.first, _least),
                 (self.last, gone.last, added and added.last, _most),
                 (self.subject_label, gone.subject_label, added and added.subject_label, _least),
                 (self.object_label, gone.object_label, added and added.object_label, _least)]
        return any(old is not None and old == mine and _pick(new, mine) != new
                   for mine, old, new, _pick in pairs)


def _sum(rows: Iterable[tuple[Key, EdgeRow]]) -> dict[Key, EdgeRow]:
    out: dict[Key, EdgeRow] = {}
    for key, row in rows:
        out[key] = out[key] + row if key in out else row
    return out


def contributions(quads: Iterable[ox.Quad]) -> dict[Key, EdgeRow]:
    """The edges of one document graph's quads."""
    parts: dict[ox.NamedNode, list] = {}
    dates, labels = {}, {}
    for q in quads:
        p = q.predicate.value
        if p in _FIELDS:
            parts.setdefault(q.subject, [None] * 4)[_FIELDS[p]] = q.object.value
        elif p == _DATE:
            dates[q.subject] = q.object.value
        elif p == _LABEL:
            labels[q.subject.value] = q.object.value
    return _sum(((s, p, o, m), EdgeRow(1, dates.get(st), dates.get(st), labels.get(s), labels.get(o)))
                for st, (s, p, o, m) in parts.items() if None not in (s, p, o, m))


_PREFIXES = (f"PREFIX akg: <{AKG._NS}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
             f"PREFIX dcterms: <{DCTERMS}>\n")
_STATEMENTS = _PREFIXES + """SELECT ?st ?g ?s ?p ?o ?m ?d ?sl ?ol WHERE {
  GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; akg:modality ?m .
             OPTIONAL { ?st dcterms:date ?d } OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol } } }"""
_KEY_STATEMENTS = _PREFIXES + """SELECT ?st ?g ?d ?sl ?ol WHERE {
  GRAPH ?g { ?st rdf:subject %(s)s ; rdf:predicate %(p)s ; rdf:object %(o)s ; akg:modality %(m)s .
             OPTIONAL { ?st dcterms:date ?d } OPTIONAL { %(s)s rdfs:label ?sl }
             OPTIONAL { %(o)s rdfs:label ?ol } } }"""
_EDGES = _PREFIXES + """SELECT ?s ?p ?o ?m ?n ?first ?last ?sl ?ol WHERE {
  GRAPH ?g { ?e akg:edgeSubject ?s ; akg:edgeRelation ?p ; akg:edgeObject ?o ; akg:edgeModality ?m ;
                akg:edgeCount ?n .
             OPTIONAL { ?e akg:firstDate ?first } OPTIONAL { ?e akg:lastDate ?last }
             OPTIONAL { ?e akg:subjectLabel ?sl } OPTIONAL { ?e akg:objectLabel ?ol } } }"""


def _v(term):
    return None if term is None else term.value


def aggregate(store: GraphStore, keys: Iterable[Key] | None = None,
              without: ox.NamedNode | None = None) -> dict[Key, EdgeRow]:
    """The edges summed up from the statements themselves (of `keys` only, if given, each from
    the statements of its subject; leaving out the graph `without`): what the summary must equal."""
    seen = {}
    if keys is None:
        for r in store.query(_STATEMENTS, source="edge summary"):
            if r["g"] != without and r["st"] not in seen:
                seen[r["st"]] = ((r["s"].value, r["p"].value, r["o"].value, r["m"].value),
                                 EdgeRow(1, _v(r["d"]), _v(r["d"]), _v(r["sl"]), _v(r["ol"])))
    for key in keys or ():
        # the key's IRIs written into the text (the store gave them, pyoxigraph writes them): a
        # VALUES block would have Oxigraph scan every statement and join afterwards
        text = _KEY_STATEMENTS % dict(zip("spom", (str(ox.NamedNode(v)) for v in key)))
        for r in store.query(text, source="edge summary"):
            if r["g"] != without and r["st"] not in seen:
                seen[r["st"]] = (key, EdgeRow(1, _v(r["d"]), _v(r["d"]), _v(r["sl"]), _v(r["ol"])))
    return _sum(seen.values())


def read_rows(store: GraphStore, keys: Iterable[Key] | None = None,
              minter: Minter | None = None) -> dict[Key, EdgeRow]:
    """The summary as stored (of `keys` only, if given: each read from its own graph, which
    `minter` names, a lookup where a query joining the edges would scan them all)."""
    if keys is None:
        return {(r["s"].value, r["p"].value, r["o"].value, r["m"].value):
                EdgeRow(int(r["n"].value), _v(r["first"]), _v(r["last"]), _v(r["sl"]), _v(r["ol"]))
                for r in store.query(_EDGES, source="edge summary")}
    out = {}
    for key in keys:
        values = {q.predicate.value: q.object.value for q in store.quads(_edge_graph(minter, key))}
        if _COUNT in values:
            out[key] = EdgeRow(int(values[_COUNT]), values.get(_FIRST), values.get(_LAST),
                               values.get(_SUBJECT_LABEL), values.get(_OBJECT_LABEL))
    return out


def _edge_id(key: Key) -> str:
    return hashlib.sha256("\x00".join(key).encode()).hexdigest()[:24]


def _edge_graph(minter: Minter, key: Key, edge_id: str | None = None) -> ox.NamedNode:
    return ox.NamedNode(f"{minter.base}graph/edge/{edge_id or _edge_id(key)}")


@lru_cache(maxsize=1)
def _edge_terms() -> tuple[ox.NamedNode, ...]:
    """The vocabulary's nodes of every edge, made once (rdflib's namespaces are slow to ask)."""
    return tuple(named(t) for t in (RDF.type, AKG.Edge, AKG.edgeSubject, AKG.edgeRelation,
                                    AKG.edgeObject, AKG.edgeModality, AKG.edgeCount, XSD.integer,
                                    AKG.firstDate, AKG.lastDate, XSD.date, AKG.subjectLabel,
                                    AKG.objectLabel))


def edge_quads(minter: Minter, key: Key, row: EdgeRow | None) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """The graph of one edge and its quads (none: the edge has no statement left)."""
    edge_id = _edge_id(key)
    g = _edge_graph(minter, key, edge_id)
    if row is None:
        return g, []
    e = ox.NamedNode(f"{minter.base}edge/{edge_id}")
    (kind, edge, subject, relation, obj, modality, count, integer, first, last, day, subject_label,
     object_label) = _edge_terms()
    s, p, o, m = map(ox.NamedNode, key)
    Quad, Literal = ox.Quad, ox.Literal
    quads = [Quad(e, kind, edge, g), Quad(e, subject, s, g), Quad(e, relation, p, g), Quad(e, obj, o, g),
             Quad(e, modality, m, g), Quad(e, count, Literal(str(row.count), datatype=integer), g)]
    if row.first is not None:
        quads.append(Quad(e, first, Literal(row.first, datatype=day), g))
    if row.last is not None:
        quads.append(Quad(e, last, Literal(row.last, datatype=day), g))
    if row.subject_label is not None:
        quads.append(Quad(e, subject_label, Literal(row.subject_label), g))
    if row.object_label is not None:
        quads.append(Quad(e, object_label, Literal(row.object_label), g))
    return g, quads


_AGAIN = object()  # an edge whose row arithmetic cannot find: sum it up from the statements


def _step(mine: EdgeRow | None, gone: EdgeRow | None, added: EdgeRow | None):
    """An edge's row once a document's part `gone` leaves it and `added` comes (None: the edge
    has no statement left), or `_AGAIN` when a date or label may leave with `gone`."""
    if gone is None:
        return added if mine is None else mine + added
    if mine is None or mine.count < gone.count or mine.loses_an_extreme(gone, added):
        return _AGAIN
    rest = EdgeRow(mine.count - gone.count, mine.first, mine.last, mine.subject_label, mine.object_label)
    return (rest + added if added else rest) if rest.count or added else None


def _changes(store: GraphStore, minter: Minter, graph: ox.NamedNode, old: dict[Key, EdgeRow],
             new: dict[Key, EdgeRow]) -> dict[ox.NamedNode, list[ox.Quad]]:
    """The edge graphs to write as `graph` goes from the edges `old` to `new`."""
    keys = set(old) | set(new)
    if not keys:
        return {}
    current = read_rows(store, keys, minter)
    rows = {key: _step(current.get(key), old.get(key), new.get(key)) for key in keys}
    again = [key for key, row in rows.items() if row is _AGAIN]
    if again:
        found = aggregate(store, again, without=graph)
        for key in again:
            row, added = found.get(key), new.get(key)
            rows[key] = row + added if row and added else row or added
    return dict(edge_quads(minter, key, row) for key, row in rows.items())


def write_document(store: GraphStore, minter: Minter, doc_id: str,
                   quads: list[ox.Quad] | None, also: dict[ox.NamedNode, list[ox.Quad]] | None = None) -> bool:
    """Replace the graph of document `doc_id` by `quads` (None: remove it) and the edges of its
    statements with it, and the graphs of `also` (a run's record), in one call to the store;
    False when there was nothing to remove."""
    g = minter.graph(doc_id)
    existed = store.has_graph(g)
    if quads is None and not existed:
        return False
    old = contributions(store.quads(g)) if existed else {}
    changes = _changes(store, minter, g, old, contributions(quads or ()))
    store.replace_graphs({g: quads or [], **changes, **(also or {})})
    return True


class Edges:
    """The edges a build changes, kept in memory and written in batches: documents are written
    one by one (`write_document`), each whole in one transaction, and the edges of their
    statements follow every `limit` edges and at `flush`, each edge once however many
    documents state it between two flushes. A thousand: most of a build's edges are written
    while its next documents are parsed (`kg.graph.extraction.Local`) instead of all at its
    end, and few are written twice (an edge stated in many documents). The run's mark (`begin`) stays on the summary until the build's `end`,
    so a build killed before its edges were written has them summed up again by the next run.

    >>> from kg.graph.embedded import Store
    >>> store, minter = Store.open(None), Minter("https://example.org/")
    >>> edges = Edges(store, minter)
    >>> edges.write_document("d1", [])
    >>> edges.flush()
    0
    """

    def __init__(self, store: GraphStore, minter: Minter, limit: int = 1_000):
        self.store, self.minter, self.limit = store, minter, limit
        self._rows: dict[Key, EdgeRow | None] = {}  # as the build has made them
        self._stored: dict[Key, EdgeRow | None] = {}  # as the store holds them
        self._again: set[Key] = set()  # to sum up from the statements when written

    def write_document(self, doc_id: str, quads: list[ox.Quad]) -> None:
        """Replace the graph of document `doc_id` by `quads` (one transaction) and note the
        changes to the edges of its statements."""
        g = self.minter.graph(doc_id)
        old = contributions(self.store.quads(g)) if self.store.has_graph(g) else {}
        self.store.replace_graph(g, quads)
        new = contributions(quads)
        unknown = [key for key in old.keys() | new.keys() if key not in self._rows]
        if unknown:
            stored = read_rows(self.store, unknown, self.minter)
            for key in unknown:
                self._rows[key] = self._stored[key] = stored.get(key)
        for key in old.keys() | new.keys():
            if key not in self._again:
                row = _step(self._rows[key], old.get(key), new.get(key))
                if row is _AGAIN:
                    self._again.add(key)
                else:
                    self._rows[key] = row
        if len(self._rows) >= self.limit:
            self.flush()

    def flush(self) -> int:
        """Write the edges changed since the last flush, a thousand graphs per call to the store;
        returns how many edge graphs were written or removed. New edges go apart from changed
        ones: a call with new graphs alone is one quick `extend` of the embedded store, where
        one changed graph among them would send them all through a SPARQL update."""
        if self._again:
            found = aggregate(self.store, self._again)  # the documents are written: all is there
            self._rows.update((key, found.get(key)) for key in self._again)
        new = [edge_quads(self.minter, key, row) for key, row in self._rows.items()
               if self._stored[key] is None and row is not None]
        changed = [edge_quads(self.minter, key, row) for key, row in self._rows.items()
                   if self._stored[key] is not None and row != self._stored[key]]
        self._rows, self._stored, self._again = {}, {}, set()
        return _write_edges(self.store, new) + _write_edges(self.store, changed)


def _write_edges(store: GraphStore, changes: list[tuple[ox.NamedNode, list[ox.Quad]]]) -> int:
    """Write edge graphs, a thousand per call to the store (a bounded transaction)."""
    for i in range(0, len(changes), 1000):
        store.replace_graphs(dict(changes[i:i + 1000]))
    return len(changes)


# -- the summary's state ----------------------------------------------------------------------------

def _state(minter: Minter) -> tuple[ox.NamedNode, ox.NamedNode]:
    return ox.NamedNode(f"{minter.base}graph/edges"), ox.NamedNode(f"{minter.base}edges")


def _write_state(store: GraphStore, minter: Minter, pending: str | None) -> None:
    g, node = _state(minter)
    quads = [ox.Quad(node, named(RDF.type), named(AKG.EdgeSummary), g)]
    if pending:
        quads.append(ox.Quad(node, named(AKG.pendingRun), minter.run(pending), g))
    store.replace_graph(g, quads)


def refresh(store: GraphStore, minter: Minter) -> int:
    """Sum the edges up again from the statements, writing those that differ and removing those
    no statement holds any more; the number of edge graphs written or removed."""
    wanted, stored = aggregate(store), read_rows(store)
    changes = dict(edge_quads(minter, key, row) for key, row in wanted.items() if stored.get(key) != row)
    changes.update(edge_quads(minter, key, None) for key in stored.keys() - wanted.keys())
    return _write_edges(store, list(changes.items()))


def begin(store: GraphStore, minter: Minter, run_id: str) -> None:
    """Mark the summary as followed by run `run_id`, first summing the edges up again when the
    store has no summary or another run's mark (a run that was killed)."""
    g, _ = _state(minter)
    marked = {q.predicate.value: q.object for q in store.quads(g)} if store.has_graph(g) else None
    if marked is None or str(AKG.pendingRun) in marked:
        refresh(store, minter)
    _write_state(store, minter, run_id)


def rebuild(store: GraphStore, minter: Minter) -> int:
    """`refresh`, and the state of a summary no run is writing: after graphs were written
    wholesale (an import, a push), whatever edges and state came with them."""
    changed = refresh(store, minter)
    if changed or store.has_graph(_state(minter)[0]):  # a file of other RDF brings no summary
        _write_state(store, minter, None)
    return changed


def end(store: GraphStore, minter: Minter) -> None:
    """The run that marked the summary is done: its edges followed every document it wrote."""
    _write_state(store, minter, None)
