"""Extraction on a Dask cluster (`kg build --scheduler tcp://HOST:PORT`): the input is cut into
batches of documents, each batch is extracted on a worker of the cluster, and the results come
back to the one writer of `kg.graph.build` in input order, so the store is the one a local build
writes. Each worker makes its extractor (pipeline, dictionary, relation model) once, from the
build's `Settings`, and keeps it for every later batch.

Workers need actor-kg installed (`pip install 'actor-kg[cluster]'`), and any extra actor file or
relation model folder the settings name at the same path (a shared file system): before the
first batch every worker makes its extractor and reports its fingerprint, and a cluster whose
workers disagree (another version, other data files) is refused, naming them.

>>> engine = Cluster("tcp://10.0.0.5:8786", Settings())               # doctest: +SKIP
>>> engine.identity.fingerprint == Extractor.create(Settings()).fingerprint  # doctest: +SKIP
True
"""
from __future__ import annotations

from concurrent.futures import Future

from ..config import Settings
from ..errors import ConfigError
from ..ingest import Document
from .extraction import Extracted, Identity, worker_extract, worker_identity

__all__ = ["Cluster"]


class Cluster:
    """A Dask cluster as an extraction engine (`kg.graph.extraction.Engine`)."""

    def __init__(self, address: str, settings: Settings, *, timeout: float = 30.0):
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("building on a Dask cluster needs dask.distributed: "
                              "pip install 'actor-kg[cluster]'") from None
        self.settings = settings
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise ConfigError(f"{address}: no Dask scheduler answers there ({_first_line(e)})") from None
        try:
            workers = self.client.nthreads()
            if not workers:
                raise ConfigError(f"{address}: the Dask cluster has no workers")
            # one task pinned to each worker: each loads its pipeline now, as a task (a blocking
            # `Client.run` would stall the worker's event loop for the seconds it takes)
            futures = {w: self.client.submit(worker_identity, settings, workers=[w], pure=False,
                                             allow_other_workers=False) for w in workers}
            self.identity = self._agreed({w: f.result() for w, f in futures.items()})
        except BaseException:
            self.client.close()
            raise
        self.task_size = max(1, min(settings.batch_size, 16))
        self.ahead = 2 * sum(workers.values())

    @staticmethod
    def _agreed(identities: dict[str, Identity]) -> Identity:
        """The workers' one identity; ConfigError naming those that differ from the first."""
        (first, known), *rest = sorted(identities.items())
        other = [w for w, i in rest if i != known]
        if other:
            raise ConfigError(f"the cluster's workers extract differently ({first} and "
                              f"{', '.join(other)}: another actor-kg, spaCy model, data or relation "
                              f"model); give every worker the same installation")
        return known

    def submit(self, docs: list[Document]) -> Future:
        return self.client.submit(worker_extract, self.settings, docs, pure=False)

    def retry(self, doc: Document) -> Extracted:
        try:
            return self.client.submit(worker_extract, self.settings, [doc], pure=False).result()[0]
        except Exception as e:  # the scheduler gave up on it (KilledWorker): its workers died
            return Extracted(None, error=f"extraction failed on the cluster ({type(e).__name__}: "
                                         f"{_first_line(e)})")

    def close(self) -> None:
        self.client.close()


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
