"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a store directory, on localhost.

A small app over pyoxigraph rather than `oxigraph serve-read-only` or rdflib-endpoint: the
Oxigraph binary (a ~20 MB runtime dependency) has a timeout but no result-size limit, and calls
its read-only mode undefined beside a writer; rdflib-endpoint would add FastAPI and uvicorn and
evaluate SPARQL with rdflib, 10-70x slower than Oxigraph. Here the standard library serves HTTP
and pyoxigraph answers, so nothing is added, and the limits are ours:

- a pyoxigraph query cannot be interrupted from another thread, so queries run in worker
  processes; one still running at the timeout is killed, replaced, and answered with 503;
- an answer longer than `max_rows` rows (or triples) is cut there and marked, as Virtuoso
  does, with the header `X-SPARQL-MaxRows`;
- SPARQL Update and Graph Store writes are refused (403, 405), and the store is opened
  read-only, so the endpoint runs beside a `kg build` and sees what it committed;
- SERVICE is refused (400): pyoxigraph would send its request to any host a client names.

Queries read the union of the named graphs unless `default-graph-uri` names graphs.

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
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from .errors import ConfigError, StoreError
from .sparql_text import uses_service

__all__ = ["Endpoint", "RESULT_TYPES", "GRAPH_TYPES", "answer", "preferred"]

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

PATHS = ("/sparql", "/query", "/")
MAX_REQUEST = 1 << 20  # bytes of a POSTed query
READ_ONLY = "this endpoint is read-only: SPARQL Update and graph store writes are refused"
NO_SERVICE = "SERVICE is refused: this endpoint does not send queries to other servers"


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


def _text(status: int, message: str, headers: dict | None = None) -> tuple[int, str, dict, bytes]:
    return status, "text/plain; charset=utf-8", headers or {}, (message + "\n").encode()


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


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
                    return _text(400, f"bad {param} {iri!r}: {_first_line(e)}")
        if uses_service(job["query"]):
            return _text(400, NO_SERVICE)
        union = "default_graph" not in graphs  # the named graphs' union, as `kg query` reads
        result = store.query(job["query"], use_default_graph_as_union=union, **graphs)
        types = RESULT_TYPES if isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)) else GRAPH_TYPES
        media = preferred(job.get("accept"), types)
        if media is None:
            return _text(406, f"no acceptable format; this answer comes as {', '.join(types)}")
        if isinstance(result, ox.QueryBoolean) or (isinstance(result, ox.QuerySolutions) and not limit):
            body = result.serialize(format=types[media])
        else:
            items = list(islice(result, limit + 1) if limit else result)
            if limit and len(items) > limit:
                items, headers = items[:limit], {"X-SPARQL-MaxRows": str(limit)}
            body = (_solutions(result.variables, items, types[media]) if types is RESULT_TYPES
                    else ox.serialize(items, format=types[media]))
    except (SyntaxError, ValueError) as e:
        return _text(400, f"bad query: {_first_line(e)}")
    except Exception as e:  # noqa: BLE001 -- an OSError, or anything: the worker answers on
        return _text(500, f"query failed: {_first_line(e)}")
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    return 200, media + charset, headers, body or b""


# -- worker processes ---------------------------------------------------------------------------

def _signature(path: str) -> int:
    """Changes whenever a writer commits to the store (its files are written, added or removed)."""
    total = 0
    for entry in os.scandir(path):
        try:
            total += hash((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size))
        except FileNotFoundError:  # compaction removed it meanwhile
            pass
    return total


def _work(read_fd: str, write_fd: str, path: str) -> None:
    """A worker process: answer jobs read from one pipe on another, over the store at `path`,
    reopened after a writer changed it (a read-only store sees the state it was opened in)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    jobs, answers = Connection(int(read_fd), writable=False), Connection(int(write_fd), readable=False)
    try:
        store, seen = ox.Store.read_only(path), _signature(path)
    except OSError as e:
        return answers.send(("error", f"{path}: cannot open store ({_first_line(e)})"))
    answers.send(("ready", None))
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
    re-run the caller's main script in every worker, forking would copy a threaded server."""

    def __init__(self, path: str):
        (job_r, job_w), (ans_r, ans_w) = os.pipe(), os.pipe()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from kg.serve import _work; _work(*sys.argv[1:])",
             str(job_r), str(ans_w), path], pass_fds=(job_r, ans_w), env=env, stdin=subprocess.DEVNULL)
        for fd in (job_r, ans_w):  # the worker's ends
            os.close(fd)
        self.jobs, self.answers = Connection(job_w, readable=False), Connection(ans_r, writable=False)
        self.ready = False

    def wait_ready(self, limit: float = 120.0) -> None:
        if self.ready:
            return
        if not self.answers.poll(limit):
            raise StoreError("a query worker did not start")
        kind, detail = self.answers.recv()
        if kind != "ready":
            raise StoreError(detail)
        self.ready = True

    def ask(self, job: dict, timeout: float):
        """The worker's answer to `job`, or None when it is still working at `timeout`."""
        self.jobs.send(job)
        return self.answers.recv() if self.answers.poll(timeout) else None

    def stop(self, *, kill: bool = False) -> None:
        """End the worker: asked to (it finishes its job first) or killed at once."""
        try:
            if not kill:
                self.jobs.send(None)
                self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.proc.kill()
        self.proc.wait()
        self.jobs.close()
        self.answers.close()


class _Pool:
    """Worker processes, each taken by one request at a time."""

    def __init__(self, path: str, size: int, timeout: float):
        self.path, self.timeout = path, timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all, self._lock, self.closed = set(), threading.Lock(), False
        try:
            for w in [self._new() for _ in range(size)]:  # started together, awaited in turn
                w.wait_ready()
                self._idle.put(w)
        except BaseException:
            self.close()
            raise

    def _new(self) -> _Worker:
        w = _Worker(self.path)
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
            return _text(503, f"busy: no worker free within {self.timeout:g} s", {"Retry-After": "5"})
        try:
            w.wait_ready()
            result = w.ask(job, self.timeout)
            if result is None:
                self._replace(w)
                return _text(503, f"query stopped at the time limit of {self.timeout:g} s; "
                                  "narrow it or add a LIMIT")
        except (EOFError, OSError, StoreError) as e:
            self._replace(w)
            return _text(500, f"the query worker failed ({_first_line(e) or 'it died'})")
        self._idle.put(w)
        return result

    def close(self) -> None:
        with self._lock:
            workers, self._all, self.closed = list(self._all), set(), True
        for w in workers:
            w.stop()


# -- HTTP ---------------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server_version = "actor-kg"
    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, ctype: str, headers: dict, body: bytes) -> None:
        self.send_response(status)
        for k, v in {"Content-Type": ctype, "Content-Length": str(len(body)), **headers}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _plain(self, status: int, message: str, headers: dict | None = None) -> None:
        self._reply(*_text(status, message, headers))

    def _params(self) -> dict[str, list[str]] | None:
        path, _, qs = self.path.partition("?")
        if path not in PATHS:
            self.close_connection = True  # a POSTed body stays unread
            return self._plain(404, f"{path}: not here; the endpoint is {PATHS[0]}")
        return urllib.parse.parse_qs(qs, keep_blank_values=True)

    def do_GET(self):
        if (params := self._params()) is not None:
            self._dispatch(params)

    def do_POST(self):
        params, length = self._params(), self.headers.get("Content-Length", "")
        if params is None:
            return
        if not length.isdigit() or int(length) > MAX_REQUEST:
            self.close_connection = True  # the body stays unread
            return self._plain(413 if length.isdigit() else 411,
                               f"a POST needs a Content-Length of at most {MAX_REQUEST} bytes")
        body = self.rfile.read(int(length)).decode("utf-8", "replace")
        ctype = self.headers.get_content_type()
        if ctype == "application/sparql-update":
            return self._plain(403, READ_ONLY)
        if ctype == "application/sparql-query":
            params.setdefault("query", []).append(body)
        elif ctype == "application/x-www-form-urlencoded":
            for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        else:
            return self._plain(415, f"{ctype}: send application/sparql-query or a form with query=")
        self._dispatch(params)

    def _refuse(self):
        self.close_connection = True  # the body stays unread
        self._plain(405, READ_ONLY, {"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        endpoint: Endpoint = self.server.endpoint
        if "update" in params:
            return self._plain(403, READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1:
            if not queries and self.command == "GET":
                return self._plain(200, f"actor-kg SPARQL endpoint, read-only: {PATHS[0]}?query=...")
            return self._plain(400, "give exactly one query parameter")
        job = {"query": queries[0], "accept": self.headers.get("Accept"),
               "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", []), "max_rows": endpoint.max_rows}
        self._reply(*endpoint.pool.run(job))

    def log_message(self, format, *args):
        if self.server.endpoint.log:
            super().log_message(format, *args)


class Endpoint:
    """A running `kg serve` over the store at `store`; `port=0` picks a free port:
    `with Endpoint(".kg/store", port=0).start() as ep:` answers at `ep.url` until the block ends."""

    def __init__(self, store: str | Path, host: str = "127.0.0.1", port: int = 7878, *,
                 timeout: float = 30.0, max_rows: int = 10_000, workers: int = 2, log: bool = False):
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ConfigError(f"port {port!r}: a port is a number from 0 (any free port) to 65535")
        if timeout <= 0 or max_rows < 0 or workers < 1:
            raise ConfigError(f"timeout {timeout}, max rows {max_rows}, workers {workers}: "
                              "the timeout and workers must be positive, max rows 0 (no limit) or more")
        self.store = Path(store)
        if not self.store.is_dir():
            raise StoreError(f"{self.store}: no store here (run `kg build` first)")
        self.max_rows, self.log = max_rows, log
        try:
            self._httpd = ThreadingHTTPServer((host, port), _Handler)
        except OSError as e:
            raise ConfigError(f"{host}:{port}: cannot listen ({e.strerror or e})") from None
        self._httpd.endpoint = self
        self.host, self.port = self._httpd.server_address[:2]
        try:
            self.pool = _Pool(str(self.store), workers, timeout)
        except BaseException:
            self._httpd.server_close()
            raise
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{PATHS[0]}"

    def serve_until_stopped(self) -> None:
        """Answer requests in this (main) thread until Ctrl-C or SIGTERM, then return."""
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # raises KeyboardInterrupt
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)

    def start(self) -> "Endpoint":
        """Answer requests from a background thread; returns self."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        self.pool.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
