"""Answering SPARQL Protocol queries for `kg serve`: one query job to an HTTP answer (status,
content type, headers, body), in worker processes that can be killed at a time limit.

A pyoxigraph query cannot be interrupted from another thread, so each runs in a worker process
over the store opened read-only; `Pool.run` gives up on one still working at the timeout, kills
it and starts another. Each worker is confined before it opens the store
(`kg.sparql.sandbox.confine`): it cannot open a socket, so no SERVICE clause reaches a host even
when it gets past `uses_service`, and its heap is bounded, so a query that needs more ends the
worker and is answered 503, with one line in the log.

>>> preferred("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
'application/sparql-results+xml'
"""
from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from ..errors import StoreError
from ..textsafe import terminal_text
from .sandbox import NETWORK_ERRNO, confine
from .text import uses_service

__all__ = ["GRAPH_TYPES", "NO_SERVICE", "Pool", "RESULT_TYPES", "answer", "first_line", "preferred",
           "text_answer", "work"]

RESULT_TYPES = {  # answers to SELECT and ASK; the first is the default
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

GRAPH_TYPES = {  # answers to CONSTRUCT and DESCRIBE; the first is the default
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

NO_SERVICE = "SERVICE is refused: this endpoint does not send queries to other servers"
# what Oxigraph says when a confined worker's SERVICE call finds no network
_NO_NETWORK = (f"(os error {NETWORK_ERRNO})", "failed to lookup address information")


def preferred(accept: str | None, types: dict) -> str | None:
    """The media type of `types` that an Accept header likes best (the default for none or `*/*`);
    None when it accepts none of them."""
    if not accept or not accept.strip():
        return next(iter(types))
    ranked = []
    for i, part in enumerate(accept.lower().split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        q = float(q) if re.fullmatch(r"[01](\.\d{0,3})?", q) else 0.0
        if media and q > 0:
            ranked.append((-q, i, media))
    for _, _, media in sorted(ranked):
        prefix = media[:-1] if media.endswith("/*") else None  # "text/" of text/*, "*/" of */*
        match = next((t for t in types if t == media or prefix == "*/" or
                      (prefix and t.startswith(prefix))), None)
        if match:
            return match
    return None


def text_answer(status: int, message: str, headers: dict | None = None) -> tuple[int, str, dict, bytes]:
    return status, "text/plain; charset=utf-8", headers or {}, (message + "\n").encode()


def first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def too_big(max_memory: int | None) -> str:
    limit = f" of {max_memory} MB" if max_memory else ""
    return f"query stopped at the memory limit{limit}; narrow it or add a LIMIT"


def _solutions(variables, rows, fmt) -> bytes:
    """Rows serialised by pyoxigraph: written as TSV (its cells are N-Triples terms, exact for
    every value) and read back as QuerySolutions, the only kind pyoxigraph serialises."""
    names = [v.value for v in variables]
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if r[n] is None else str(r[n]) for n in names) for r in rows]
    table = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    return table.serialize(format=fmt)


def answer(store: ox.Store, job: dict) -> tuple[int, str, dict, bytes]:
    """The HTTP answer (status, content type, headers, body) to one query `job`: its `query`,
    `accept` header, `default_graphs`, `named_graphs` and `max_rows` (0: no limit)."""
    limit, headers, graphs = job.get("max_rows") or 0, {}, {}
    try:
        for arg, key, param in (("default_graph", "default_graphs", "default-graph-uri"),
                                ("named_graphs", "named_graphs", "named-graph-uri")):
            for iri in job.get(key) or ():
                try:
                    graphs.setdefault(arg, []).append(ox.NamedNode(iri))
                except ValueError as e:
                    return text_answer(400, f"bad {param} {iri!r}: {first_line(e)}")
        if uses_service(job["query"]):
            return text_answer(400, NO_SERVICE)
        union = "default_graph" not in graphs  # the named graphs' union, as `kg query` reads
        result = store.query(job["query"], use_default_graph_as_union=union, **graphs)
        types = RESULT_TYPES if isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)) else GRAPH_TYPES
        media = preferred(job.get("accept"), types)
        if media is None:
            return text_answer(406, f"no acceptable format; this answer comes as {', '.join(types)}")
        if isinstance(result, ox.QueryBoolean) or (isinstance(result, ox.QuerySolutions) and not limit):
            body = result.serialize(format=types[media])
        else:
            items = list(islice(result, limit + 1) if limit else result)
            if limit and len(items) > limit:
                items, headers = items[:limit], {"X-SPARQL-MaxRows": str(limit)}
            body = (_solutions(result.variables, items, types[media]) if types is RESULT_TYPES
                    else ox.serialize(items, format=types[media]))
    except (SyntaxError, ValueError) as e:
        return text_answer(400, f"bad query: {first_line(e)}")
    except MemoryError:
        return text_answer(503, too_big(job.get("max_memory")))
    except Exception as e:  # noqa: BLE001 -- an OSError, or anything: the worker answers on
        if isinstance(e, OSError) and any(s in str(e) for s in _NO_NETWORK):
            return text_answer(400, NO_SERVICE)  # the engine tried: a SERVICE the reading missed
        return text_answer(500, f"query failed: {first_line(e)}")
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    return 200, media + charset, headers, body or b""


# -- worker processes ---------------------------------------------------------------------------

def _shown(query: str, width: int = 120) -> str:
    """A query on one short line, for the log: its own text, never a terminal's escape."""
    one = " ".join(terminal_text(query).split())
    return one if len(one) <= width else one[:width - 3] + "..."


def _signature(path: str) -> int:
    """Changes whenever a writer commits to the store (its files are written, added or removed)."""
    total = 0
    for entry in os.scandir(path):
        try:
            total += hash((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size))
        except FileNotFoundError:  # compaction removed it meanwhile
            pass
    return total


def work(read_fd: str, write_fd: str, path: str, max_memory: str = "0") -> None:
    """A worker process: answer jobs read from one pipe on another, over the store at `path`,
    reopened after a writer changed it (a read-only store sees the state it was opened in).
    It is confined first: no network, at most `max_memory` MB of heap (0: no bound)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    jobs, answers = Connection(int(read_fd), writable=False), Connection(int(write_fd), readable=False)
    missing = confine(int(max_memory))
    try:
        store, seen = ox.Store.read_only(path), _signature(path)
    except (OSError, MemoryError) as e:
        return answers.send(("error", f"{path}: cannot open store ({first_line(e)})"))
    answers.send(("ready", missing))
    try:
        while (job := jobs.recv()) is not None:
            if (now := _signature(path)) != seen:
                try:
                    store, seen = ox.Store.read_only(path), now
                except OSError:
                    pass  # mid-write: answer from the state already open, try again next time
            answers.send(answer(store, job))
    except EOFError:  # the server is gone
        pass


class _Worker:
    """A worker process started afresh (`python -c`), not by multiprocessing: spawning would
    re-run the caller's main script in every worker, forking would copy a threaded server. What
    it writes on stderr (a failed allocation's message) goes to a file, read when it dies."""

    def __init__(self, path: str, max_memory: int = 0):
        (job_r, job_w), (ans_r, ans_w) = os.pipe(), os.pipe()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from kg.sparql.workers import work; work(*sys.argv[1:])",
             str(job_r), str(ans_w), path, str(max_memory)], pass_fds=(job_r, ans_w), env=env,
            stdin=subprocess.DEVNULL, stderr=self.stderr)
        for fd in (job_r, ans_w):  # the worker's ends
            os.close(fd)
        self.jobs, self.answers = Connection(job_w, readable=False), Connection(ans_r, writable=False)
        self.ready, self.missing, self.out_of_memory = False, [], False

    def wait_ready(self, limit: float = 120.0) -> None:
        if self.ready:
            return
        if not self.answers.poll(limit):
            raise StoreError("a query worker did not start")
        kind, detail = self.answers.recv()
        if kind != "ready":
            raise StoreError(detail)
        self.ready, self.missing = True, detail or []

    def _died_of_memory(self) -> bool:
        """Whether the ended worker died for want of memory: an allocation failed."""
        self.stderr.seek(0)
        said = self.stderr.read()[-4096:]
        return b"memory allocation of" in said or b"MemoryError" in said or \
            self.proc.returncode == -signal.SIGABRT

    def ask(self, job: dict, timeout: float):
        """The worker's answer to `job`, or None when it is still working at `timeout`."""
        self.jobs.send(job)
        return self.answers.recv() if self.answers.poll(timeout) else None

    def stop(self, *, kill: bool = False) -> None:
        """End the worker: asked to (it finishes its job first) or killed at once; then
        `out_of_memory` says whether it had died for want of memory."""
        try:
            if not kill:
                self.jobs.send(None)
                self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.proc.kill()
        self.proc.wait()
        self.out_of_memory = self._died_of_memory()
        self.jobs.close()
        self.answers.close()
        self.stderr.close()


class Pool:
    """Worker processes, each taken by one request at a time, each with at most `max_memory` MB
    of heap (0: no bound); `log(line)` is told of every query stopped and of confinement that
    this platform does not allow."""

    def __init__(self, path: str, size: int, timeout: float, max_memory: int = 0,
                 log: Callable[[str], None] | None = None):
        self.path, self.timeout, self.max_memory = path, timeout, max_memory
        self.log = log or (lambda line: None)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all, self._lock, self.closed = set(), threading.Lock(), False
        try:
            for w in [self._new() for _ in range(size)]:  # started together, awaited in turn
                w.wait_ready()
                self._idle.put(w)
        except BaseException:
            self.close()
            raise
        for line in w.missing:
            self.log(f"warning: {line}")

    def _new(self) -> _Worker:
        w = _Worker(self.path, self.max_memory)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        w.stop(kill=True)
        with self._lock:
            self._all.discard(w)
            closed = self.closed
        if not closed:
            self._idle.put(self._new())

    def run(self, job: dict) -> tuple[int, str, dict, bytes]:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return text_answer(503, f"busy: no worker free within {self.timeout:g} s", {"Retry-After": "5"})
        job = {**job, "max_memory": self.max_memory}
        try:
            w.wait_ready()
            result = w.ask(job, self.timeout)
            if result is None:
                self._replace(w)
                return self._stopped(f"query stopped at the time limit of {self.timeout:g} s; "
                                     "narrow it or add a LIMIT", job)
        except (EOFError, OSError, StoreError) as e:
            self._replace(w)
            if w.out_of_memory:
                return self._stopped(too_big(self.max_memory), job)
            return self._stopped(f"the query worker failed ({first_line(e) or 'it died'})", job, 500)
        self._idle.put(w)
        if result[0] == 503:  # a MemoryError the worker survived
            self.log(f"{result[3].decode().strip()}: {_shown(job['query'])}")
        return result

    def _stopped(self, message: str, job: dict, status: int = 503) -> tuple[int, str, dict, bytes]:
        self.log(f"{message}: {_shown(job['query'])}")
        return text_answer(status, message)

    def close(self) -> None:
        with self._lock:
            workers, self._all, self.closed = list(self._all), set(), True
        for w in workers:
            w.stop()
