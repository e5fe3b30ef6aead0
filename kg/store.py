"""Step 6: the store. An embedded Oxigraph store on disk (or in memory), one named graph per
document, each document written in one transaction so a crash never leaves half of one.

>>> s = Store.open(None)          # in memory
>>> s.count()
0
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .errors import QueryError, StoreError, StoreInUseError

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


class Store:
    """A thin layer over `pyoxigraph.Store` with the operations actor-kg needs."""

    def __init__(self, inner: ox.Store, path: Path | None, read_only: bool = False):
        self._s = inner
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path | None, read_only: bool = False) -> "Store":
        """Open (creating if needed) the store at `path`; None gives an in-memory store."""
        if path is None:
            return cls(ox.Store(), None)
        path = Path(path)
        try:
            if read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here (run `kg build` first)")
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
        """Make `graph` hold exactly `quads`, in one transaction."""
        quads = list(quads)
        try:
            if not self._s.contains_named_graph(graph):
                self._s.extend(quads)
                return
            body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            self._s.update(f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{ {body} }} }}")
        except OSError as e:
            raise StoreError(f"{self.path}: write failed ({e})") from None

    def remove_graph(self, graph: ox.NamedNode) -> bool:
        if not self._s.contains_named_graph(graph):
            return False
        self._s.remove_graph(graph)
        return True

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._s.flush()

    # -- reading --------------------------------------------------------------------------
    def has_triple(self, s, p, o, graph: ox.NamedNode) -> bool:
        return any(True for _ in self._s.quads_for_pattern(s, p, o, graph))

    def query(self, sparql: str, bindings: dict[str, object] | None = None, *, source: str = "query"):
        """Run SPARQL over the union of all graphs; `bindings` are substituted as values, never text."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._s.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(f"{source}: {str(e).splitlines()[0]}") from None
        except OSError as e:
            raise StoreError(f"{self.path}: query failed ({e})") from None

    def count(self) -> int:
        return len(self._s)

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
        self.close()


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
