"""The library API: every `kg` command is one call here, with the same verbs and options, so that
the CLI only parses options, calls, and prints.

=============  =============================  =============  ==============================
command        call                           command        call
=============  =============================  =============  ==============================
kg build       `KnowledgeGraph.build`         kg documents   `KnowledgeGraph.documents`
kg query       `KnowledgeGraph.query`         kg remove      `KnowledgeGraph.remove`
kg render      `KnowledgeGraph.render`        kg runs        `KnowledgeGraph.runs`
kg export      `KnowledgeGraph.export`        kg import      `import_files`
kg stats       `KnowledgeGraph.stats`         kg validate    `KnowledgeGraph.validate`,
kg analyze     `KnowledgeGraph.analyze`                      `validate_files`
kg eval        `KnowledgeGraph.evaluate`      kg push        `KnowledgeGraph.push`
kg review      `KnowledgeGraph.review`        kg serve       `serve`, `KnowledgeGraph.serve`
kg reject      `KnowledgeGraph.reject`        kg confirm     `KnowledgeGraph.confirm`
kg train       `train` (`kg.learn`)
=============  =============================  =============  ==============================
>>> import kg                                                    # doctest: +SKIP
>>> graph = kg.build(["notes/"], store=".kg/store")              # doctest: +SKIP
>>> graph.query("recruitment").rows[0][:2]                       # doctest: +SKIP
['National Resistance Front', 'Kapisa']
"""
from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable

from .config import Settings
from .errors import ConfigError, InputError, KgError
from .graph import (BuildReport, GraphStore, ImportReport, ParsedImport, PushReport, ValidationReport,
                    open_store_at, read_import, write_import)
from .graph import build as _build
from .learn import train  # `kg train`: a relation model from annotated news
from .network import COUNTED, EVENT_FORMATS, NETWORK_FORMATS, Network, Table, from_store
from .objects import PythonObjects
from .reviewing import Reviewing
from .sparql import PAGE, QueryResult, named_queries, run_query
from .vocab import PLACE_TYPES

if TYPE_CHECKING:
    from .evaluate import Score
    from .extract import Extractor
    from .graph import DocumentInfo, RunInfo
    from .sparql import Endpoint

__all__ = ["PAGE", "ImportResult", "KnowledgeGraph", "ValidationResult", "Written", "build", "import_files",
           "named_queries", "open_store", "serve", "train", "validate_files"]


@dataclass(frozen=True)
class Written:
    """What a command wrote: its files (none when it wrote to a stream) and, for the network, its
    size and the page's size warning. Usable as the path of its first file (`os.fspath`)."""

    paths: list[Path]
    nodes: int | None = None
    edges: int | None = None
    warning: str | None = None

    def __fspath__(self) -> str:
        return os.fspath(self.paths[0])

    def __str__(self) -> str:
        return ", ".join(map(str, self.paths))


@dataclass(frozen=True)
class ImportResult:
    """What `kg import` did: one report per file imported, and one line per file that was not."""

    reports: list[ImportReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ValidationResult:
    """What `kg validate FILE...` found: one report per file read, one line per file that was not."""

    reports: list[ValidationReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class KnowledgeGraph(Reviewing, PythonObjects):
    """An open store with the verbs of the CLI. Use as a context manager to release the store.
    The review verbs (review, judge, reject, confirm, gold) come from `kg.reviewing.Reviewing`,
    rdflib(), to_networkx() and to_pyvis() from `kg.objects.PythonObjects`."""

    def __init__(self, store: GraphStore, settings: Settings):
        self.store, self.settings = store, settings
        self.report: BuildReport | None = None

    def build(self, paths: Iterable[str | Path], extractor: Extractor | None = None,
              progress: Callable[[int, int], None] | None = None, force: bool = False, *,
              jobs: int | None = None, scheduler: str | None = None) -> BuildReport:
        """Add documents; a changed document replaces its old statements, an unchanged one is
        skipped unless `force`. Without an `extractor`, one is made from the settings (the spaCy
        model and actor files) in each of `jobs` worker processes (None: one per core) or on
        each worker of the Dask cluster at `scheduler` (`tcp://host:8786`); this process writes
        every document in input order, so the store is the same however it was extracted.
        `progress(done, total)` is first called once the extractors are ready."""
        self.report = _build([str(p) for p in paths], self.store, self.settings, extractor,
                             progress, force=force, jobs=jobs, scheduler=scheduler,
                             then=self.group_events)  # while the store flushes
        return self.report

    def query(self, query: str, sparql: bool = False, include_rejected: bool = False, *,
              limit: int | None | str = PAGE, offset: int = 0, **params: str) -> QueryResult:
        """A named query ("who-fights-whom"), a .rq path or SPARQL (always SPARQL with
        `sparql=True`); params bound as literals; rejected statements left out unless
        `include_rejected`. `limit` rows from `offset` on: by default the query's page (the first
        100 of a per-actor query) or every row, None every row; `.total`: how many in all."""
        return run_query(self.store, query, params, sparql=sparql, include_rejected=include_rejected,
                         limit=limit, offset=offset)

    def network(self, min_confidence: float = 0.0, *, count: str = "reports",
                include_rejected: bool = False, geography: bool = False) -> Network:
        """Every statement of the store at or above `min_confidence`, grouped into edges, less
        those a reviewer rejected unless `include_rejected`; with `count="events"` one statement
        per event however often reported (`kg.network.by_events`), so every count made on it
        counts events; with `geography`, what the event table needs."""
        from .network import by_events

        net = from_store(self.store, min_confidence, geography=geography, include_rejected=include_rejected)
        return by_events(net) if _counting(count) == "events" else net

    def group_events(self) -> int:
        """Group the statements that report one event into an `akg:Event` each, in the store's
        events graph (done after every build, removal and import); returns how many events."""
        from .network import refresh_events

        return refresh_events(self.store, self.settings.base_iri)

    def select(self, min_confidence: float = 0.0, *, top: int | None = None, around: str | None = None,
               hops: int = 1, since: str | None = None, until: str | None = None,
               min_count: int = 1, **view) -> Network:
        """The network cut down for drawing (`kg.network.select`); `view`: `network`'s options."""
        from .network import select

        return select(self.network(min_confidence, **view), top=top, around=around, hops=hops,
                      since=since, until=until, min_count=min_count)

    def render(self, path: str | Path, min_confidence: float = 0.0, *, top: int | None = None,
               around: str | None = None, hops: int = 1, since: str | None = None,
               until: str | None = None, min_count: int = 1, count: str = "reports",
               include_rejected: bool = False, **options) -> Written:
        """Write the interactive network as one self-contained HTML file.

        `top`, `around`/`hops`, `min_count` and `since`/`until` choose what is drawn
        (`select`); `options` go to `kg.network.render_html` (title, seed, ...). The result is the
        page's path (`os.fspath`), with the number of nodes and edges drawn and the warning a
        page too large to read carries.
        """
        from .network import render_html, size_warning

        net = self.select(min_confidence, top=top, around=around, hops=hops, since=since,
                          until=until, min_count=min_count, count=count,
                          include_rejected=include_rejected)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page = render_html(net, path, **options)
        return Written([page], len(net.nodes), len(net.edges), size_warning(net))

    def export(self, output: str | Path | BinaryIO | None = None, format: str = "trig", *,
               count: str = "reports", include_rejected: bool = False) -> bytes | Written:
        """Serialise the store (TriG, N-Quads, Turtle, JSON-LD ... in any spelling of
        `kg.graph.FORMAT_NAMES`), the network as GraphML, GEXF or CSV (`NETWORK_FORMATS`), or the
        event table, one row per statement, as CSV ("events") or JSON lines ("events-jsonl"), to
        a path or a binary stream; bytes when `output` is None (not for CSV, which is two files).
        With `count="events"` the network and the event table have one statement per event; a
        rejected statement is in none of them unless `include_rejected`. "gold": the reviewed
        documents in the format of `kg eval` and `kg train` (`kg.graph.gold_documents`)."""
        from .graph import FORMAT_NAMES, export_rdf
        from .network import write_events, write_network

        view = {"count": count, "include_rejected": include_rejected}
        if format == "gold":
            return _write(json.dumps({"documents": self.gold()}, ensure_ascii=False, indent=1).encode(), output)
        if format in EVENT_FORMATS:
            net = self.network(geography=True, **view)
            buffer = io.BytesIO() if output is None else output
            written = write_events(net, buffer, EVENT_FORMATS[format])
            return buffer.getvalue() if output is None else Written(written)
        if format in NETWORK_FORMATS:
            net = self.network(**view)
            if output is None:  # a stream to read back (write_network refuses one for CSV)
                buffer = io.BytesIO()
                write_network(net, buffer, format)
                return buffer.getvalue()
            return Written(write_network(net, output, format), len(net.nodes), len(net.edges))
        data = export_rdf(self.store, output, FORMAT_NAMES.get(format, format))
        return data if output is None else Written([Path(output)] if isinstance(output, (str, Path)) else [])

    def import_rdf(self, files: Iterable[str | Path], format: str | None = None) -> ImportResult:
        """Read TriG / N-Quads (or Turtle, N-Triples ...) files into the store, each named graph
        replacing the store's graph of that name; every file is parsed before anything is
        written, and one that does not parse is an error line while the others are imported."""
        parsed, errors = _read_imports(files, format, self.settings.base_iri)
        result = ImportResult([write_import(self.store, p) for p in parsed], errors)
        self.group_events()
        return result

    def remove(self, *doc_ids: str) -> list[str]:
        """Delete documents (their named graphs); an unknown id is an InputError and nothing goes."""
        from .graph import remove_documents

        removed = remove_documents(self.store, doc_ids, self.settings)
        self.group_events()
        return removed

    def documents(self) -> list[DocumentInfo]:
        """The stored documents: id, title, date and number of statements."""
        from .graph import documents

        return documents(self.store)

    def runs(self) -> list[RunInfo]:
        """The recorded builds and removals (PROV-O activities), oldest first."""
        from .graph import runs

        return runs(self.store)

    def stats(self) -> dict[str, int]:
        """Counts of documents, actors, places, statements, events and edges."""
        q = """PREFIX akg: <https://w3id.org/actor-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT
          (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?st) AS ?statements)
          (COUNT(DISTINCT ?e) AS ?events)
        WHERE { { ?d a akg:Document } UNION { ?st a rdf:Statement } UNION { ?e a akg:Event } }"""
        row = self.query(q).as_dicts()[0]
        net = self.network()
        places = sum(1 for n in net.nodes.values() if n.type in PLACE_TYPES)
        return {"documents": row["documents"], "statements": row["statements"], "events": row["events"],
                "actors": len(net.nodes) - places, "places": places, "edges": len(net.edges),
                "triples": self.store.count()}

    def analyze(self, kind: str, *, min_confidence: float = 0.0, all_modalities: bool = False,
                top: int | None = None, family: str | None = None, before: str | None = None,
                after: str | None = None, weak: bool = False, min_statements: int = 1,
                places: bool = False, skip_types: Iterable[str] = (), count: str = "reports",
                include_rejected: bool = False) -> Table:
        """One analysis of the network by name (`kg.network.ANALYSES`): centrality, communities,
        balance, rivalries, alliances or changes between two date windows. Asserted and claimed
        statements count unless `all_modalities`; with `count="events"` each event counts once
        however many statements report it; see `kg.network.analysis` for the options."""
        from .network import analysis

        return analysis(self.network(min_confidence, count=count, include_rejected=include_rejected), kind, top=top, family=family, before=before,
                        after=after, weak=weak, min_statements=min_statements,
                        modalities=None if all_modalities else COUNTED, places=places,
                        skip_types=skip_types)

    def evaluate(self, gold: str | Path | list[dict]) -> dict[str, Score]:
        """Strict and lenient scores of the store against gold annotations (a JSON file in the
        format of `kg eval`, or its documents)."""
        from .evaluate import evaluate, load_gold

        return evaluate(self.store, load_gold(gold) if isinstance(gold, (str, Path)) else gold)

    def validate(self) -> ValidationReport:
        """Check everything in the store against the SHACL shapes."""
        from .graph import validate_store

        return validate_store(self.store)

    def push(self, endpoint: str, graph_store: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> PushReport:
        """Copy every named graph of the store to the SPARQL server at `endpoint` (`graph_store`:
        where it takes graph writes, when not there), one Graph Store PUT each."""
        from .graph import push

        return push(self.store, endpoint, progress, graph_store=graph_store, base=self.settings.base_iri)

    def serve(self, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
              max_rows: int = 10_000, workers: int = 2, log: bool = False, **limits) -> Endpoint:
        """A read-only SPARQL endpoint over the store's directory, listening but not yet
        answering: `start()` answers from a thread, `serve_until_stopped()` from this one.
        `limits` are those of `kg.sparql.Endpoint` (max_memory, max_connections, ...)."""
        if self.store.path is None:
            raise ConfigError("only a store directory can be served (not a server or an in-memory store)")
        return serve(self.store.path, host, port, timeout=timeout, max_rows=max_rows, workers=workers,
                     log=log, **limits)

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.close()
        except KgError:
            if exc[0] is None:  # else the error that ended the block is the one to tell
                raise


def _write(data: bytes, output: str | Path | BinaryIO | None) -> bytes | Written:
    if output is None:
        return data
    if isinstance(output, (str, Path)):
        from .output import replacing

        with replacing(output) as part:  # whole or not at all
            part.write_bytes(data)
        return Written([Path(output)])
    output.write(data)
    return Written([])


def _counting(count: str) -> str:
    from .network import COUNTS

    if count not in COUNTS:
        raise ConfigError(f"count: {count!r} is not one of {', '.join(COUNTS)}")
    return count


def _read_imports(files: Iterable[str | Path], format: str | None,
                  base: str) -> tuple[list[ParsedImport], list[str]]:
    """Every file parsed for import, and one error line per file that does not parse."""
    parsed, errors = [], []
    for path in files:
        try:
            parsed.append(read_import(path, format, base=base))
        except InputError as e:
            errors.append(str(e))
    return parsed, errors


def open_store(path: str | Path | None = None, *, read_only: bool = False, create: bool = True,
               settings: Settings | None = None) -> KnowledgeGraph:
    """Open the store at `path` (else the settings' store: `.kg/store`, or `KG_STORE`), or at a
    SPARQL server's URL; with `create=False` a directory that holds no store is an error instead
    of a new store."""
    settings = settings or Settings.from_env(store=path)
    return KnowledgeGraph(open_store_at(path or settings.store, read_only=read_only, create=create),
                          settings)


def build(paths: Iterable[str | Path], store: str | Path | None = None, *,
          actors: Iterable[str | Path] = (), settings: Settings | None = None,
          extractor: Extractor | None = None, in_memory: bool = False,
          force: bool = False, jobs: int | None = None, scheduler: str | None = None) -> KnowledgeGraph:
    """Build a graph from text/JSONL files and folders; returns the open KnowledgeGraph
    (its `.report` says what was built and which documents failed). `jobs` and `scheduler`:
    where extraction runs (`KnowledgeGraph.build`)."""
    settings = settings or Settings.from_env(store=store, actor_files=tuple(actors) or None)
    kg = KnowledgeGraph(open_store_at(None if in_memory else settings.store), settings)
    kg.build(paths, extractor=extractor, force=force, jobs=jobs, scheduler=scheduler)
    return kg


def import_files(files: Iterable[str | Path], store: str | Path | None = None, *,
                 format: str | None = None, settings: Settings | None = None) -> ImportResult:
    """`KnowledgeGraph.import_rdf` on the store at `store`, opened (and created) only once a file
    parsed: a bad file creates and changes nothing."""
    settings = settings or Settings.from_env(store=store)
    parsed, errors = _read_imports(files, format, settings.base_iri)
    if not parsed:
        return ImportResult([], errors)
    with open_store(settings=settings) as graph:
        result = ImportResult([write_import(graph.store, p) for p in parsed], errors)
        graph.group_events()
        return result


def validate_files(files: Iterable[str | Path], format: str | None = None) -> ValidationResult:
    """Check each RDF file against the SHACL shapes; one that cannot be read is an error line
    and the others are still checked."""
    from .graph import validate_file

    reports, errors = [], []
    for path in files:
        try:
            reports.append(validate_file(path, format))
        except KgError as e:
            errors.append(str(e))
    return ValidationResult(reports, errors)


def serve(store: str | Path | None = None, host: str = "127.0.0.1", port: int = 7878, *,
          timeout: float = 30.0, max_rows: int = 10_000, workers: int = 2,
          log: bool = False, **limits) -> Endpoint:
    """A read-only SPARQL endpoint over the store directory `store` (default: the settings'),
    listening but not yet answering: `start()` answers from a thread, `serve_until_stopped()`
    from this one. Its worker processes open the store; this process holds nothing open.
    `limits`: `max_memory` (MB per worker), `max_connections`, `read_timeout` (seconds) and
    `allow_origins` (sites whose pages may ask), as `kg.sparql.Endpoint` takes them."""
    from .graph import is_url
    from .sparql import Endpoint

    location = Settings.from_env(store=store).store
    if is_url(location):
        raise ConfigError(f"{location}: only a store directory can be served, not a server")
    return Endpoint(location, host, port, timeout=timeout, max_rows=max_rows, workers=workers, log=log,
                    **limits)
