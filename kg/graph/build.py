"""Building and removing: documents -> extraction -> quads -> store, for a whole batch.

Bad documents are reported and skipped; the rest are built. Each document is written in one
transaction, so a crash leaves it as it was or as it is now, never half of each; the edge
summary follows in batches (`kg.graph.summary.Edges`). A document whose content hash and
extractor fingerprint are already stored is skipped. Every build and removal is recorded as a
PROV-O activity in a graph of its own.
"""
from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

import pyoxigraph as ox

from ..config import Settings, software_version
from ..errors import ConfigError, InputError, StoreError
from ..ingest import Document, count_inputs, read_paths
from ..vocab import AKG, PROV, ontology_path
from . import summary
from .cluster import Cluster
from .extraction import Engine, Local, Pool, available_cores, in_order
from .runs import Run, run_quads
from .triples import Minter, ontology_quads

if TYPE_CHECKING:
    from ..extract import Extractor
    from .store import GraphStore

__all__ = ["BuildReport", "build", "build_documents", "ensure_ontology", "make_engine", "remove",
           "remove_documents"]

@dataclass
class BuildReport:
    """What a build did: counts, errors (one line each), time taken and the id of its run record."""

    documents: int = 0
    built: int = 0
    unchanged: int = 0
    statements: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run: str = ""


def ensure_ontology(store: GraphStore, minter: Minter) -> None:
    """Load the ontology into its own graph, replacing an older copy."""
    store.replace_graph(minter.ontology_graph(), ontology_quads(minter, ontology_path()))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _start_run(store: GraphStore, minter: Minter, action: str, **known) -> Run:
    """A run recorded as started, so that one killed before its end still shows (without an end)."""
    started = _now()
    run = Run(Run.new_id(started), action, started, software=("actor-kg", software_version()), **known)
    store.replace_graph(minter.run_graph(run.id), run_quads(run, minter))
    return run


def _end_run(store: GraphStore, minter: Minter, run: Run) -> None:
    run.ended = _now()
    store.replace_graph(minter.run_graph(run.id), run_quads(run, minter))


def _one_line(text) -> str:
    """An error as one line, whatever line breaks a file name or an exception message holds."""
    return " ".join(str(text).splitlines())


def build(paths: Iterable[str], store: GraphStore, settings: Settings | None = None,
          extractor: Extractor | None = None,
          progress: Callable[[int, int], None] | None = None, force: bool = False, *,
          jobs: int | None = 1, scheduler: str | None = None,
          then: Callable[[], object] | None = None) -> BuildReport:
    """Build the graph from files and folders into `store`; returns a BuildReport.

    A document whose content hash and extractor are already stored is skipped unless `force`;
    a changed one replaces its named graph. Input is streamed, so memory does not grow with it.
    `jobs` worker processes or the Dask cluster at `scheduler` extract, each with an extractor
    made from `settings`; this process writes, in input order, so the store is the same
    whichever extracts (`kg.graph.extraction`). None for `jobs`: one per core, but no more than
    there are batches of input (and this process alone when an `extractor` is given).
    `then()` runs once every document and edge is written, while the store makes them durable
    (the API groups the statements into events there)."""
    paths = [str(p) for p in paths]
    settings = settings or Settings()
    total = count_inputs(paths)
    if jobs is None and extractor is None and not scheduler:
        jobs = max(1, min(available_cores(), -(-total // Pool.batch(settings))))
    engine = make_engine(settings, extractor, jobs, scheduler)
    try:
        items = read_paths(paths, max_chars=engine.identity.max_length)
        return build_documents(items, store, settings, progress=progress, force=force,
                               inputs=paths, total=total, engine=engine, then=then)
    finally:
        engine.close()


def build_documents(items: Iterable[Document | InputError], store: GraphStore,
                    settings: Settings | None = None, extractor: Extractor | None = None,
                    progress: Callable[[int, int], None] | None = None, force: bool = False,
                    *, inputs: Iterable[str] = (), total: int | None = None,
                    engine: Engine | None = None, then: Callable[[], object] | None = None) -> BuildReport:
    """Build documents (and report the InputErrors among them) into `store`, extracted by
    `engine` (default: `extractor` in this process); `then()` as in `build`.

    A document id seen twice in one batch is an error for the second, naming both sources;
    the same id in a later build is an update of the stored document.
    """
    started = time.perf_counter()
    settings = settings or Settings()
    own = engine is None
    engine = engine or make_engine(settings, extractor)
    try:
        with loaded_heap_frozen():
            return _build(items, store, settings, engine, progress, force, list(inputs), total, started,
                          then)
    finally:
        if own:
            engine.close()


_FROZEN = [0]  # builds running in this process with the heap frozen
_FROZEN_LOCK = threading.Lock()


@contextmanager
def loaded_heap_frozen():
    """Leave what is loaded now (the pipeline, the actor dictionary, the gazetteer, the model's
    features: some 370,000 objects that live as long as the process) out of Python's cyclic
    garbage collection while the block runs (`gc.freeze`): every full collection would walk them
    all again, for nothing, and a build makes enough objects to trigger a few (a quarter to half
    a second of a build of a few thousand stories). They are handed back to the collector at the
    end of the outermost block, so what was garbage before it is still collected after."""
    with _FROZEN_LOCK:
        _FROZEN[0] += 1
        if _FROZEN[0] == 1:
            gc.freeze()
    try:
        yield
    finally:
        with _FROZEN_LOCK:
            _FROZEN[0] -= 1
            if _FROZEN[0] == 0:
                gc.unfreeze()


def make_engine(settings: Settings, extractor: Extractor | None = None, jobs: int | None = 1,
                scheduler: str | None = None) -> Engine:
    """The engine for a build: a Dask cluster at `scheduler`, `jobs` worker processes, or this
    process (`jobs` 1, or an `extractor` given). None for `jobs`: one per core, or this process
    when an extractor is given. Worker processes make their extractors from `settings`, so an
    extractor object cannot go with them: giving both is a ConfigError."""
    if jobs is None:
        jobs = 1 if extractor is not None else available_cores()
    if jobs < 1:
        raise ConfigError(f"--jobs {jobs}: give 1 or more worker processes")
    if extractor is not None and (jobs > 1 or scheduler):
        raise ConfigError("workers make their own extractors from the settings: give settings, "
                          "not an extractor, to build with more than one process or a cluster")
    if scheduler:
        return Cluster(scheduler, settings)
    if jobs > 1:
        return Pool(settings, jobs)
    if extractor is None:
        from ..extract import Extractor

        extractor = Extractor.create(settings)
    return Local(extractor, settings)


def _build(items, store, settings, engine, progress, force, inputs, total, started, then) -> BuildReport:
    minter = Minter(settings.base_iri)
    fingerprint, max_length = engine.identity.fingerprint, engine.identity.max_length
    run = _start_run(store, minter, "build", model=engine.identity.model, fingerprint=fingerprint,
                     inputs=inputs)
    ensure_ontology(store, minter)
    summary.begin(store, minter, run.id)
    edges = summary.Edges(store, minter)
    report = BuildReport(run=run.id)
    first_source: dict[str, str] = {}
    done = 0

    def settle(item) -> str | None:
        """Why `item` is not extracted (an error line, or "unchanged"); None: it is."""
        if isinstance(item, InputError):
            return _one_line(item)
        report.documents += 1
        if item.id in first_source:
            return _one_line(f"{item.source}: document id {item.id!r} is already used by "
                             f"{first_source[item.id]} in this build; skipped")
        first_source[item.id] = item.source
        if len(item.text) > max_length:
            return (f"{_one_line(item.source)}: document too long "
                    f"({len(item.text):,} characters; the limit is {max_length:,})")
        if not force and _is_current(store, minter, item, fingerprint):
            return "unchanged"
        return None

    def classified():
        for item in items:
            yield item, settle(item)

    if progress:
        progress(0, total or 0)
    for (doc, why), extracted in in_order(classified(), lambda pair: pair[0] if pair[1] is None else None,
                                             engine):
        if why == "unchanged":
            report.unchanged += 1
            run.used.append(doc.id)
        elif why is not None:
            report.errors.append(why)
        elif extracted.error is not None:
            report.errors.append(_one_line(f"{doc.source}: {extracted.error}"))
        else:
            # a store that cannot be written fails every document alike: StoreError ends the
            # build, saying how far it got, and its run record, left without an end, says it
            # was interrupted
            try:
                edges.write_document(doc.id, extracted.graph_quads())
            except StoreError as e:
                raise StoreError(f"{e}; {report.built} document(s) of this build were written "
                                 "before it, and the next build skips them") from None
            report.built += 1
            report.statements += extracted.statements
            run.used.append(doc.id)
            run.generated.append(doc.id)
        done += 1
        if progress:
            progress(done, max(total or 0, done))
    edges.flush()
    run.built, run.unchanged, run.statements = report.built, report.unchanged, report.statements
    run.failed = len(report.errors)
    _end_run(store, minter, run)
    summary.end(store, minter)
    _flush_while(store, then)
    report.seconds = time.perf_counter() - started
    return report


def _flush_while(store: GraphStore, then: Callable[[], object] | None) -> None:
    """Make the store durable (`GraphStore.flush`) while `then()` runs in this thread: pyoxigraph
    lets go of Python's lock while it flushes, so the two take one's time on two cores. `then`
    may read and write the store meanwhile (what it writes, the next flush makes durable)."""
    if then is None:
        store.flush()
        return
    with ThreadPoolExecutor(1, thread_name_prefix="kg-flush") as pool:
        flushed = pool.submit(store.flush)
        try:
            then()
        finally:
            wait([flushed])
        flushed.result()


def _is_current(store: GraphStore, minter: Minter, doc: Document, fingerprint: str) -> bool:
    """Stored with the same content and read by the same extractor."""
    g = minter.graph(doc.id)
    return (store.has_triple(minter.doc(doc.id), ox.NamedNode(str(AKG.contentHash)),
                             ox.Literal(doc.content_hash), g)
            and store.has_triple(g, ox.NamedNode(str(AKG.extractorFingerprint)), ox.Literal(fingerprint), g))


# -- removing and listing ---------------------------------------------------------------------

def remove_documents(store: GraphStore, doc_ids: Iterable[str], settings: Settings | None = None) -> list[str]:
    """Delete the statements, actors and truthy triples of these documents (their named graphs)
    and nothing else, recording one run; returns the ids removed.

    Each document goes with the edges of its statements and the update of the run's record,
    in one transaction where the store allows (`GraphStore.replace_graphs`), so a removal killed
    halfway has a true record of what it did, and running it again removes the rest: an id
    that an earlier removal recorded is already removed, not an error. Another id not in the
    store is an InputError raised before anything is removed. What other documents say stays:
    an edge or actor goes only with the last document stating it.
    """
    settings = settings or Settings()
    minter = Minter(settings.base_iri)
    ids = list(dict.fromkeys(doc_ids))
    gone = {i for i in ids if not store.has_graph(minter.graph(i))}
    unknown = [i for i in ids if i in gone and i not in _removed_before(store, minter, gone)]
    if unknown:
        raise InputError(", ".join(unknown), "no such document in the store (see `kg documents`)")
    todo = [i for i in ids if i not in gone]
    if not todo:
        return []
    run = _start_run(store, minter, "remove")
    summary.begin(store, minter, run.id)
    for doc_id in todo:
        run.invalidated.append(doc_id)
        run.removed = len(run.invalidated)
        summary.write_document(store, minter, doc_id, None,  # with the edges of its statements
                               also={minter.run_graph(run.id): run_quads(run, minter)})
    _end_run(store, minter, run)
    summary.end(store, minter)
    store.flush()
    return run.invalidated


def _removed_before(store: GraphStore, minter: Minter, ids: set[str]) -> set[str]:
    """Those of `ids` whose graphs a recorded removal invalidated."""
    if not ids:
        return set()
    graphs = {minter.graph(i).value: i for i in ids}
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ ?run <{PROV.invalidated}> ?g }}", source="runs")
    return {graphs[row["g"].value] for row in rows if row["g"].value in graphs}


def remove(store: GraphStore, doc_id: str, settings: Settings | None = None) -> bool:
    """Delete one document's statements (its named graph); False when no such document is stored.

    >>> from kg.graph.embedded import Store
    >>> remove(Store.open(None), "never-built")
    False
    """
    try:
        return bool(remove_documents(store, [doc_id], settings))
    except InputError:
        return False
