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

This module is the HTTP side; `kg.sparql.workers` answers each query in a worker process.
"""
from __future__ import annotations

import signal
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import ConfigError, StoreError
from .workers import GRAPH_TYPES, RESULT_TYPES, Pool, answer, preferred, text_answer

__all__ = ["Endpoint", "RESULT_TYPES", "GRAPH_TYPES", "answer", "preferred"]

PATHS = ("/sparql", "/query", "/")
MAX_REQUEST = 1 << 20  # bytes of a POSTed query
READ_ONLY = "this endpoint is read-only: SPARQL Update and graph store writes are refused"


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
        self._reply(*text_answer(status, message, headers))

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
            self.pool = Pool(str(self.store), workers, timeout)
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
