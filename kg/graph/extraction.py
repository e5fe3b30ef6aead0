"""Where the build extracts: in this process, beside the writer (`Local`), in worker processes
that each load the pipeline once (`Pool`, `kg build --jobs N`), or on a Dask cluster
(`kg.graph.cluster.Cluster`).

Every engine turns a batch of documents into the quads of their named graphs (or the error that
replaces them) with an extractor made from the same `Settings`, and `in_order` hands the results
back in input order, so that one writer commits them exactly as a one-process build would: the
same graphs, the same IRIs, the same run record. Only documents cross a process boundary, and
only N-Quads bytes come back (pickling pyoxigraph terms one by one costs eight times as much).

>>> engine = Pool(Settings(), jobs=2)                                    # doctest: +SKIP
>>> for doc, extracted in in_order(documents, lambda d: d, engine):     # doctest: +SKIP
...     store.replace_graph(minter.graph(doc.id), extracted.graph_quads())
"""
from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol, TypeVar

import pyoxigraph as ox

from ..config import Settings
from ..errors import KgError
from ..ingest import Document
from .triples import Minter, document_quads

if TYPE_CHECKING:
    from ..extract import Extractor

__all__ = ["Engine", "Extracted", "Identity", "Local", "Pool", "available_cores", "extract", "in_order"]

T = TypeVar("T")


@dataclass(frozen=True)
class Identity:
    """What the writer needs to know of the extractor: its fingerprint, spaCy model and the
    longest text it takes."""

    fingerprint: str
    model: tuple[str, str]
    max_length: int


@dataclass(frozen=True)
class Extracted:
    """One document extracted: the quads of its graph (a list, or N-Quads bytes from another
    process) and its number of statements, or the error that replaces them (without the source)."""

    quads: list[ox.Quad] | bytes | None
    statements: int = 0
    error: str | None = None

    def graph_quads(self) -> list[ox.Quad]:
        if isinstance(self.quads, bytes):
            return list(ox.parse(self.quads, format=ox.RdfFormat.N_QUADS))
        return list(self.quads or ())


def identity(extractor: Extractor) -> Identity:
    return Identity(extractor.fingerprint, extractor.model, extractor.nlp.max_length)


def extract(extractor: Extractor, minter: Minter, docs: list[Document], batch_size: int = 32,
            as_bytes: bool = False) -> list[Extracted]:
    """Each document's quads (N-Quads bytes with `as_bytes`), in order; one that fails is an
    Extracted with its error, and the others go on."""
    out = []
    fingerprint = extractor.fingerprint
    for doc, parsed in extractor.pipe(docs, batch_size):
        try:
            if isinstance(parsed, Exception):
                raise parsed
            actors, relations, places = extractor.analyse(doc, parsed)
            quads = document_quads(doc, actors, relations, minter, places, fingerprint)
        except KgError as e:
            out.append(Extracted(None, error=str(e)))
        except Exception as e:  # one bad document never aborts a batch
            out.append(Extracted(None, error=f"extraction failed ({type(e).__name__}: {e})"))
        else:
            data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if as_bytes else quads
            out.append(Extracted(data, len(relations)))
    return out


class Engine(Protocol):
    """Runs extraction somewhere: `submit` a batch, get a future of its `Extracted`, in order."""

    identity: Identity
    ahead: int  # batches in flight before the writer waits for the oldest
    task_size: int  # documents per batch

    def submit(self, docs: list[Document]) -> Future: ...

    def retry(self, doc: Document) -> Extracted:
        """The document alone, after its batch failed as a whole (a worker died)."""

    def close(self) -> None: ...


class Local:
    """Extraction in this process, on a thread of its own: while the writer commits one batch
    (Oxigraph writes with Python's lock released), the next is parsed, so that on two cores
    the writes cost the build little of its time. One thread, so the extractor is never used
    by two at once; `close` waits for the batch it is on."""

    ahead = 2

    def __init__(self, extractor: Extractor, settings: Settings):
        self.extractor, self.settings = extractor, settings
        self.minter = Minter(settings.base_iri)
        self.identity = identity(extractor)
        self.task_size = settings.batch_size
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="kg-extract")

    def submit(self, docs: list[Document]) -> Future:
        return self._executor.submit(extract, self.extractor, self.minter, docs, self.settings.batch_size)

    def retry(self, doc: Document) -> Extracted:
        return self.submit([doc]).result()[0]

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


# -- worker processes -----------------------------------------------------------------------------

_WORKER: dict[Settings, Extractor] = {}
_LOCK = threading.Lock()


def worker_extractor(settings: Settings) -> Extractor:
    """The extractor these settings describe, made once per process (a worker's pipeline and
    relation model load once, whatever number of batches it is given)."""
    with _LOCK:
        if settings not in _WORKER:
            from ..extract import Extractor

            _WORKER[settings] = Extractor.create(settings)
        return _WORKER[settings]


def worker_identity(settings: Settings) -> Identity:
    return identity(worker_extractor(settings))


def worker_extract(settings: Settings, docs: list[Document]) -> list[Extracted]:
    """A batch extracted in a worker: N-Quads bytes back, not pyoxigraph terms."""
    return extract(worker_extractor(settings), Minter(settings.base_iri), docs, settings.batch_size,
                   as_bytes=True)


def _start_worker(settings: Settings, parent: int) -> None:
    """A worker loads its pipeline before its first batch, and leaves when the build's process
    is gone (killed, even by SIGKILL), instead of parsing on for nobody."""

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    worker_extractor(settings)
    # the worker's pipeline lives as long as it does: out of the cyclic garbage collector's
    # walks (kg.graph.build.loaded_heap_frozen says why)
    gc.freeze()


@contextmanager
def _main_left_out():
    """Start processes that do not run the parent's `__main__` again. A spawned process imports
    it first, which runs a script without an `if __name__ == "__main__":` guard (or
    `python -m kg`) once more, top to bottom; workers need nothing from it, only `kg`."""
    main = sys.modules.get("__main__")
    saved = dict(vars(main)) if main is not None else {}
    try:
        if main is not None:
            main.__spec__ = None
            main.__dict__.pop("__file__", None)
        yield
    finally:
        if main is not None:
            main.__spec__ = saved.get("__spec__")
            if "__file__" in saved:
                main.__file__ = saved["__file__"]


class Pool:
    """`jobs` worker processes, each with its own pipeline made from `settings`."""

    def __init__(self, settings: Settings, jobs: int):
        self.settings, self.jobs = settings, jobs
        self.ahead = 2 * jobs
        self.task_size = self.batch(settings)
        self._executor, self.identity = self._start()

    @staticmethod
    def batch(settings: Settings) -> int:
        """Documents per batch sent to a worker: enough for spaCy's batching, few enough that
        both workers have work early and the writer is never far behind."""
        return max(1, min(settings.batch_size, 16))

    def _start(self) -> tuple[ProcessPoolExecutor, Identity]:
        """Every worker started at once (one task each, none idle yet), and their identity."""
        import multiprocessing

        # spawned, not forked: a worker shares nothing with the writer (its open store, threads)
        executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(self.settings, os.getpid()))
        with _main_left_out():
            futures = [executor.submit(worker_identity, self.settings) for _ in range(self.jobs)]
        identities = {f.result() for f in futures}
        if len(identities) > 1:  # the same settings on the same installation: never expected
            raise KgError("the worker processes made different extractors from the same settings")
        return executor, identities.pop()

    def submit(self, docs: list[Document]) -> Future:
        try:
            return self._executor.submit(worker_extract, self.settings, docs)
        except BrokenProcessPool:  # a worker died: the batches in flight fail, new ones get new workers
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor, _ = self._start()
            return self._executor.submit(worker_extract, self.settings, docs)

    def retry(self, doc: Document) -> Extracted:
        try:
            return self.submit([doc]).result()[0]
        except BrokenProcessPool:
            return Extracted(None, error="extraction failed (its worker process died)")

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- results in input order -----------------------------------------------------------------------

def in_order(items: Iterable[T], work: Callable[[T], Document | None], engine: Engine,
             task_size: int | None = None) -> Iterator[tuple[T, Extracted | None]]:
    """(item, its Extracted) for every item, in input order: `work(item)` is the document to
    extract for it, or None for an item that needs no extraction (its Extracted is None).

    Documents go to `engine` in batches of `task_size` (default: the engine's) while up to
    `engine.ahead` batches are in flight; the other items wait in place, so that at most a few
    batches of items are held however long the input. A batch that fails as a whole (a worker
    died) is extracted again document by document."""
    size = task_size or engine.task_size
    groups: deque = deque()  # (future or None, [(item, extracted?)], documents)
    slots: list[tuple[T, bool]] = []
    docs: list[Document] = []

    def close():
        nonlocal slots, docs
        groups.append((engine.submit(docs) if docs else None, slots, docs))
        slots, docs = [], []

    def oldest():
        future, group, batch = groups.popleft()
        try:
            results = iter(future.result() if future is not None else ())
        except Exception:  # the batch as a whole failed: each document alone
            results = iter([engine.retry(d) for d in batch])
        for item, needs in group:
            yield item, next(results) if needs else None

    for item in items:
        doc = work(item)
        slots.append((item, doc is not None))
        if doc is not None:
            docs.append(doc)
        if len(docs) >= size or len(slots) >= 4 * size:
            close()
            while len(groups) > engine.ahead:
                yield from oldest()
    if slots:
        close()
    while groups:
        yield from oldest()
