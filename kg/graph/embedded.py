"""The embedded store: Oxigraph on disk (or in memory), one named graph per document, each
document written in one transaction so a crash never leaves half of one. One of the two stores
behind `kg.graph.store.GraphStore`.

>>> s = Store.open(None)          # in memory
>>> s.count()
0
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ..errors import QueryError, StoreError, StoreInUseError

__all__ = ["FORMATS", "Store", "syntax_error"]

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# Formats without named graphs get the union of all graphs.
_GRAPHLESS = {"turtle", "ntriples", "rdfxml"}


_AT = re.compile(r"^error at (\d+):(\d+)")


def syntax_error(sparql: str, message: str) -> str:
    """Oxigraph's SPARQL syntax error as one readable line: where, the text there and the text
    before it (instead of its list of every token it would have taken there).

    >>> syntax_error("SELECT * WHERE { ?s ?p ?o } LIMIT x", "error at 1:35: expected one of HAVING")
    "SPARQL syntax error at line 1, column 35: at 'x', after '{ ?s ?p ?o } LIMIT '"
    >>> syntax_error("SELECT ?x WHERE { ?x ?y }", "error at 1:26: expected one of LATERAL, SERVICE")
    "SPARQL syntax error at line 1, column 26: at the end of the line, after '?x WHERE { ?x ?y }'"
    """
    m = _AT.match(message)
    if not m:
        return "SPARQL syntax error: " + message.splitlines()[0]
    line, column = int(m.group(1)), int(m.group(2))
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    before, here = text[:max(column - 1, 0)], text[max(column - 1, 0):].rstrip()[:20]
    if len(before) > 20:  # the last few words before it
        before = before[-20:].split(" ", 1)[-1]
    where = f"at {here!r}" if here else "at the end of the line"
    return f"SPARQL syntax error at line {line}, column {column}: {where}" + (
        f", after {before!r}" if before.strip() else "")


class Store:
    """A thin layer over `pyoxigraph.Store` with the operations of a `GraphStore`."""

    def __init__(self, inner: ox.Store, path: Path | None, read_only: bool = False):
        self._s = inner
        self.path = path
        self.read_only = read_only

    @property
    def oxigraph(self) -> ox.Store:
        """The `pyoxigraph.Store` itself, for tools that speak to it directly (oxrdflib)."""
        return self._s

    @classmethod
    def open(cls, path: str | Path | None, read_only: bool = False, create: bool = True) -> "Store":
        """Open the store at `path`, creating it unless `read_only` or not `create`; None gives an
        in-memory store. A store held by another writer raises StoreInUseError."""
        if path is None:
            return cls(ox.Store(), None)
        path = Path(path)
        try:
            if read_only or not create:
                if not (path / "CURRENT").exists():  # the file every Oxigraph (RocksDB) store has
                    raise StoreError(f"{path}: no store here (run `kg build` first)")
                if read_only:
                    return cls(ox.Store.read_only(str(path)), path, True)
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path)
        except OSError as e:
            msg = str(e)
            if "lock" in msg.lower() or "temporarily unavailable" in msg.lower():
                raise StoreInUseError(f"{path}: store is in use by another process") from None
            raise StoreError(f"{path}: cannot open store ({msg.splitlines()[0]})") from None

    # -- writing --------------------------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Make `graph` hold exactly `quads` (all in `graph`), in one transaction: a reader or a
        crash sees the old graph or the new one, never a mix (`replace_graphs`)."""
        self.replace_graphs({graph: quads})

    def replace_graphs(self, graphs: dict[ox.NamedNode, Iterable[ox.Quad]]) -> None:
        """Make each graph hold exactly its quads (none: the graph goes), all in one transaction:
        a document and the edges of its statements change together or not at all.

        New graphs alone are one `extend`. Changing a graph takes a SPARQL update, the only call
        of pyoxigraph that removes and adds in one transaction: it deletes the quads that go and
        inserts those that come, leaving those that stay (a graph of blank nodes, whose labels
        the store does not keep, is dropped and inserted whole). Its text holds only terms that
        pyoxigraph itself wrote in N-Triples syntax (IRIs it validated, literals it escaped),
        which its SPARQL parser reads back verbatim, so no value can end a DATA block.
        """
        graphs = {g: list(quads) for g, quads in graphs.items()}
        for g, quads in graphs.items():
            for q in quads:
                if q.graph_name != g:
                    raise StoreError(f"{g.value}: a quad of graph {q.graph_name} cannot be written here")
        try:
            existing = [g for g in graphs if self._s.contains_named_graph(g)]
            if not existing:
                self._s.extend([q for quads in graphs.values() for q in quads])
                return
            parts, gone, come = [], [], []
            for g, quads in graphs.items():
                if g not in existing:
                    come += quads
                    continue
                old, new = set(self._s.quads_for_pattern(None, None, None, g)), set(quads)
                if not new or _blank(old ^ new):
                    parts.append(f"DROP SILENT GRAPH {_term(g)}")
                    if new:
                        parts.append(f"INSERT DATA {{ {_data(new)} }}")
                else:
                    gone += old - new
                    come += new - old
            if gone:
                parts.append(f"DELETE DATA {{ {_data(gone)} }}")
            if come:
                parts.append(f"INSERT DATA {{ {_data(come)} }}")
            if parts:
                self._s.update(" ; ".join(parts))
        except OSError as e:
            raise StoreError(f"{self.path}: write failed ({_first_line(e)})") from None

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add `quads` in one transaction."""
        try:
            self._s.extend(list(quads))
        except OSError as e:
            raise StoreError(f"{self.path}: write failed ({_first_line(e)})") from None

    def remove_graph(self, graph: ox.NamedNode) -> bool:
        """Delete `graph` and everything in it, in one transaction; False when there is no such graph."""
        try:
            if not self._s.contains_named_graph(graph):
                return False
            self._s.remove_graph(graph)
        except OSError as e:
            raise StoreError(f"{self.path}: write failed ({_first_line(e)})") from None
        return True

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            try:
                self._s.flush()
            except OSError as e:
                raise StoreError(f"{self.path}: write failed ({_first_line(e)})") from None

    # -- reading --------------------------------------------------------------------------
    def has_triple(self, s, p, o, graph: ox.NamedNode) -> bool:
        return any(True for _ in self._s.quads_for_pattern(s, p, o, graph))

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return self._s.contains_named_graph(graph)

    def quads(self, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        """The quads of one graph (None: of all graphs)."""
        return list(self._s.quads_for_pattern(None, None, None, graph))

    def query(self, sparql: str, bindings: dict[str, object] | None = None, *, source: str = "query"):
        """Run SPARQL over the union of all graphs; `bindings` are substituted as values, never text."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._s.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(f"{source}: {syntax_error(sparql, str(e))}") from None
        except RuntimeError as e:  # a bound variable it cannot use
            raise QueryError(f"{source}: {str(e).splitlines()[0]}") from None
        except OSError as e:
            raise StoreError(f"{self.path}: query failed ({e})") from None

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Number of quads, in all graphs or in one."""
        if graph is None:
            return len(self._s)
        return sum(1 for _ in self._s.quads_for_pattern(None, None, None, graph))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._s.named_graphs())

    def dump(self, output, fmt: str = "trig") -> bytes | None:
        """Serialise everything (`output` a path or binary file, None returns bytes)."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        prefixes = _PREFIXES if fmt in ("trig", "turtle") else None
        if fmt in _GRAPHLESS:
            triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in self._s)
            return ox.serialize(triples, output, format=FORMATS[fmt], prefixes=prefixes)
        return self._s.dump(output, format=FORMATS[fmt], prefixes=prefixes)

    def close(self) -> None:
        self.flush()
        self._s = None  # releases the lock once garbage collected

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.close()
        except StoreError:
            if exc[0] is None:  # else the error that ended the block is the one to tell
                raise


def _term(term) -> str:
    """A term in the N-Triples syntax pyoxigraph writes for it; only terms a store holds."""
    if not isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        raise StoreError(f"cannot write {type(term).__name__} {term!r} into a graph")
    return str(term)


def _data(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of INSERT DATA or DELETE DATA."""
    return " ".join(f"GRAPH {_term(q.graph_name)} {{ {_term(q.subject)} {_term(q.predicate)} "
                    f"{_term(q.object)} }}" for q in quads)


def _blank(quads: Iterable[ox.Quad]) -> bool:
    return any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


_PREFIXES = {
    "akg": "https://w3id.org/actor-kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
