"""A graph store: what the build, the queries, the network and validation need of a store, as a
`GraphStore` protocol with two stores behind it, the embedded Oxigraph store on disk or in memory
(`kg.graph.embedded.Store`) and a SPARQL server (`kg.graph.remote.RemoteStore`), and
`open_store_at`, which picks one by where the store is.

>>> store = open_store_at(None)                  # a new store in memory
>>> isinstance(store, GraphStore), store.count()
(True, 0)
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Protocol, runtime_checkable

import pyoxigraph as ox

from .embedded import Store
from .remote import Endpoints, RemoteStore, is_url

__all__ = ["GraphStore", "open_store_at"]


@runtime_checkable
class GraphStore(Protocol):
    """A store of named graphs, one per document (and per run record, and the ontology), read
    with SPARQL over the union of its graphs.

    Writing replaces or removes a whole graph at a time, so that a reader never sees half of a
    document. `path` is the store's directory (None in memory or on a server); a store opened
    `read_only` refuses writes."""

    path: Path | None
    read_only: bool

    # -- writing ------------------------------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Make `graph` hold exactly `quads` (all in `graph`), as one whole."""

    def replace_graphs(self, graphs: dict[ox.NamedNode, Iterable[ox.Quad]]) -> None:
        """Make each graph hold exactly its quads (none: the graph goes), as one whole where the
        store can (the embedded store: one transaction)."""

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add `quads` to the graphs they name."""

    def remove_graph(self, graph: ox.NamedNode) -> bool:
        """Delete `graph` and everything in it; False when there is no such graph."""

    def flush(self) -> None:
        """Make what was written durable."""

    # -- reading ------------------------------------------------------------------------------
    def has_triple(self, s, p, o, graph: ox.NamedNode) -> bool:
        """Whether `graph` holds the triple."""

    def has_graph(self, graph: ox.NamedNode) -> bool:
        """Whether the store has `graph`."""

    def quads(self, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        """The quads of one graph (None: of all named graphs)."""

    def query(self, sparql: str, bindings: dict[str, object] | None = None, *, source: str = "query"):
        """Run SPARQL over the union of the graphs, `bindings` as values, never as text; a bad
        query is a QueryError naming `source`."""

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Number of quads, in all graphs or in one."""

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""

    def dump(self, output, fmt: str = "trig") -> bytes | None:
        """Serialise everything (`output` a path or binary file; None returns bytes)."""

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> "GraphStore":
        ...

    def __exit__(self, *exc) -> None:
        ...


def open_store_at(location: str | Path | None, *, read_only: bool = False, create: bool = True,
                  graph_store: str | None = None) -> GraphStore:
    """The store at a directory (`Store`, created there unless `read_only` or not `create`), or
    the server at an http(s) URL (`RemoteStore`, checked to answer; `graph_store` overrides where
    its graphs are written); None is a new in-memory store. A malformed URL is a ConfigError
    naming it, a directory that holds no store (where one must exist) a StoreError."""
    if is_url(location):
        endpoints = Endpoints.from_url(str(location))
        if graph_store:
            endpoints = Endpoints(endpoints.query, graph_store)
        store = RemoteStore(endpoints, read_only=read_only)
        store.ping()
        return store
    return Store.open(location, read_only=read_only, create=create)
