"""The library API, mirroring the CLI: build a graph, query it, render it, export it.

>>> import kg                                                    # doctest: +SKIP
>>> graph = kg.build(["notes/"], store=".kg/store")              # doctest: +SKIP
>>> graph.query("recruitment").rows[0][:2]                       # doctest: +SKIP
['National Resistance Front', 'Kapisa']
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .config import Settings
from .network import Network, from_store
from .extract import Extractor
from .graph import BuildReport, GraphStore
from .graph import build as _build
from .sparql import QueryResult, run_query
from .vocab import PLACE_TYPES


class KnowledgeGraph:
    """An open store with the verbs of the CLI. Use as a context manager to release the store."""

    def __init__(self, store: GraphStore, settings: Settings):
        self.store = store
        self.settings = settings
        self.report: BuildReport | None = None

    def build(self, paths: Iterable[str | Path], extractor: Extractor | None = None,
              progress: Callable[[int, int], None] | None = None, force: bool = False) -> BuildReport:
        """Add documents; a changed document replaces its old statements, an unchanged one is skipped."""
        self.report = _build([str(p) for p in paths], self.store, self.settings, extractor,
                             progress, force=force)
        return self.report

    def query(self, query: str, sparql: bool = False, **params: str) -> QueryResult:
        """A named query ("who-fights-whom"), a .rq path or SPARQL (always SPARQL with
        `sparql=True`); params bound as literals."""
        return run_query(self.store, query, params, sparql=sparql)

    def network(self, min_confidence: float = 0.0) -> Network:
        return from_store(self.store, min_confidence)

    def render(self, path: str | Path, min_confidence: float = 0.0, *, top: int | None = None,
               around: str | None = None, hops: int = 1, since: str | None = None,
               until: str | None = None, min_count: int = 1, **options) -> Path:
        """Write the interactive network as one self-contained HTML file.

        `top`, `around`/`hops`, `min_count` and `since`/`until` choose what is drawn
        (`kg.network.select`); `options` go to `kg.network.render_html` (title, seed, ...).
        """
        from .network import select
        from .network import render_html

        net = select(self.network(min_confidence), top=top, around=around, hops=hops,
                     since=since, until=until, min_count=min_count)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return render_html(net, path, **options)

    def export(self, path: str | Path | None = None, format: str = "trig") -> bytes | None:
        """Serialise the store (TriG, N-Quads, Turtle, JSON-LD ...); bytes when no path is given."""
        from .graph import export_rdf

        return export_rdf(self.store, path, format)

    def remove(self, *doc_ids: str) -> list[str]:
        """Delete documents (their named graphs); an unknown id is an InputError and nothing goes."""
        from .graph import remove_documents

        return remove_documents(self.store, doc_ids, self.settings)

    def documents(self):
        """The stored documents: id, title, date and number of statements."""
        from .graph import documents

        return documents(self.store)

    def runs(self):
        """The recorded builds and removals (PROV-O activities), oldest first."""
        from .graph import runs

        return runs(self.store)

    def stats(self) -> dict[str, int]:
        """Counts of documents, actors, places, statements and edges."""
        q = """PREFIX akg: <https://w3id.org/actor-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT
          (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?st) AS ?statements)
        WHERE { { ?d a akg:Document } UNION { ?st a rdf:Statement } }"""
        row = self.query(q).as_dicts()[0]
        net = self.network()
        places = sum(1 for n in net.nodes.values() if n.type in PLACE_TYPES)
        return {"documents": row["documents"], "statements": row["statements"],
                "actors": len(net.nodes) - places, "places": places, "edges": len(net.edges),
                "triples": self.store.count()}

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(path: str | Path | None = None, *, read_only: bool = False,
               settings: Settings | None = None) -> KnowledgeGraph:
    """Open the store at `path` (default `.kg/store`, or `KG_STORE`), or at a SPARQL server's URL."""
    from .graph import open_store_at

    settings = settings or Settings.from_env(store=path)
    return KnowledgeGraph(open_store_at(settings.store, read_only=read_only), settings)


def build(paths: Iterable[str | Path], store: str | Path | None = None, *,
          actors: Iterable[str | Path] = (), settings: Settings | None = None,
          extractor: Extractor | None = None, in_memory: bool = False,
          force: bool = False) -> KnowledgeGraph:
    """Build a graph from text/JSONL files and folders; returns the open KnowledgeGraph
    (its `.report` says what was built and which documents failed)."""
    settings = settings or Settings.from_env(store=store, actor_files=tuple(actors) or None)
    from .graph import open_store_at

    kg = KnowledgeGraph(open_store_at(None if in_memory else settings.store), settings)
    kg.build(paths, extractor=extractor, force=force)
    return kg
