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
- SERVICE is refused (400): pyoxigraph would send its request to any host a client names. The
  query is read for it first, and the worker processes cannot open a socket at all
  (`kg.sparql.sandbox`), so a query that fools the reading still reaches no host;
- each worker's heap is bounded (`max_memory` MB): a query that needs more ends its worker,
  is answered 503 and logged in one line, and another worker takes its place;
- a connection must send its whole request within `read_timeout` seconds, and at most
  `max_connections` are open at once (one more is answered 503 and closed), so idle or slow
  clients cannot hold the server;
- a browser cannot be made to ask: a `Host` that is not an IP address or `localhost` (a DNS
  rebinding) is refused, and so is a request whose `Origin` is another site, unless
  `allow_origins` names it (it then gets the CORS headers it needs). Every answer says
  `X-Content-Type-Options: nosniff`.

Queries read the union of the named graphs unless `default-graph-uri` names graphs.

This module is the HTTP side; `kg.sparql.workers` answers each query in a worker process.
"""
from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import ConfigError, StoreError
from ..textsafe import terminal_text
from .workers import GRAPH_TYPES, RESULT_TYPES, Pool, answer, preferred, text_answer

__all__ = ["Endpoint", "RESULT_TYPES", "GRAPH_TYPES", "answer", "preferred"]

PATHS = ("/sparql", "/query", "/")
MAX_REQUEST = 1 << 20  # bytes of a POSTed query
READ_ONLY = "this endpoint is read-only: SPARQL Update and graph store writes are refused"
BUSY = "too many open connections; try again shortly"


def _host_name(value: str) -> str:
    """The host of a `Host` header or an origin's netloc, without its port or IPv6 brackets."""
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def is_local_name(host: str) -> bool:
    """An IP address or `localhost`: a name no one else's DNS can point at this server.

    >>> [is_local_name(h) for h in ("127.0.0.1:7878", "[::1]:7878", "localhost", "evil.example:7878")]
    [True, True, True, False]
    """
    name = _host_name(host).lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


# -- HTTP ---------------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server_version = "actor-kg"
    protocol_version = "HTTP/1.1"

    def setup(self):
        self.timeout = self.server.endpoint.read_timeout  # each read and write on the socket
        super().setup()

    def handle_one_request(self):
        """One request, which must arrive whole within the read timeout: a client sending a
        byte now and then is cut off as surely as one sending nothing."""
        self._deadline = threading.Timer(self.server.endpoint.read_timeout, self._cut)
        self._deadline.daemon = True
        self._deadline.start()
        try:
            super().handle_one_request()
        finally:
            self._deadline.cancel()

    def _cut(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _reply(self, status: int, ctype: str, headers: dict, body: bytes) -> None:
        self.send_response(status)
        for k, v in {"Content-Type": ctype, "Content-Length": str(len(body)), **headers,
                     **self._cors()}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _plain(self, status: int, message: str, headers: dict | None = None) -> None:
        self._reply(*text_answer(status, message, headers))

    def _cors(self) -> dict:
        origin = self.headers.get("Origin")
        if origin and self.server.endpoint.allows(origin):
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {}

    def _foreign(self) -> str | None:
        """Why this request is refused as coming from elsewhere: a Host that is not an address
        (DNS rebinding), or an Origin that is neither this endpoint nor one allowed."""
        endpoint: Endpoint = self.server.endpoint
        host = self.headers.get("Host")
        if host is not None and not is_local_name(host):
            return f"Host {host!r} is not this endpoint's address; use {endpoint.url}"
        origin = self.headers.get("Origin")
        if origin is None or endpoint.allows(origin):
            return None
        parts = urllib.parse.urlsplit(origin)
        try:
            port = parts.port or 80
        except ValueError:
            port = None
        if parts.scheme == "http" and is_local_name(parts.netloc) and port == endpoint.port:
            return None  # a page this endpoint served itself
        return f"requests from {origin!r} are refused (kg serve --allow-origin lets a site in)"

    def _params(self) -> dict[str, list[str]] | None:
        if (why := self._foreign()) is not None:
            self.close_connection = True  # a POSTed body stays unread
            return self._plain(403, why)
        path, _, qs = self.path.partition("?")
        if path not in PATHS:
            self.close_connection = True  # a POSTed body stays unread
            return self._plain(404, f"{path}: not here; the endpoint is {PATHS[0]}")
        return urllib.parse.parse_qs(qs, keep_blank_values=True)

    def do_OPTIONS(self):
        """A browser's preflight: the methods and headers a cross-origin client may use."""
        if (why := self._foreign()) is not None or not self._cors():
            return self._plain(403, why or "only an allowed origin may ask (kg serve --allow-origin)")
        self._reply(204, "text/plain", {"Access-Control-Allow-Methods": "GET, POST",
                                        "Access-Control-Allow-Headers": "Content-Type, Accept",
                                        "Access-Control-Max-Age": "600"}, b"")

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
        self._deadline.cancel()  # the request is read; the query has a time limit of its own
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


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most `slots` of them; one more is answered 503 and closed."""

    def __init__(self, address, slots: int):
        self.slots = threading.BoundedSemaphore(slots)
        super().__init__(address, _Handler)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            return self._turn_away(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def _turn_away(self, request) -> None:
        status, ctype, _, body = text_answer(503, BUSY)
        head = (f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\nRetry-After: 5\r\nConnection: close\r\n"
                "X-Content-Type-Options: nosniff\r\n\r\n")
        try:
            request.settimeout(1)
            request.sendall(head.encode() + body)
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request, client_address):
        """A connection that failed (reset, broken pipe): one line, never a traceback."""
        if self.endpoint.log:
            self.endpoint.note(f"{client_address[0]}: connection failed ({sys.exc_info()[1]!r})")


class Endpoint:
    """A running `kg serve` over the store at `store`; `port=0` picks a free port:
    `with Endpoint(".kg/store", port=0).start() as ep:` answers at `ep.url` until the block ends."""

    def __init__(self, store: str | Path, host: str = "127.0.0.1", port: int = 7878, *,
                 timeout: float = 30.0, max_rows: int = 10_000, workers: int = 2, log: bool = False,
                 max_memory: int = 2048, max_connections: int = 64, read_timeout: float = 10.0,
                 allow_origins: tuple[str, ...] = ()):
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ConfigError(f"port {port!r}: a port is a number from 0 (any free port) to 65535")
        if timeout <= 0 or max_rows < 0 or workers < 1:
            raise ConfigError(f"timeout {timeout}, max rows {max_rows}, workers {workers}: "
                              "the timeout and workers must be positive, max rows 0 (no limit) or more")
        if max_memory < 0 or max_connections < 1 or read_timeout <= 0:
            raise ConfigError(f"max memory {max_memory} MB, max connections {max_connections}, read "
                              f"timeout {read_timeout}: memory 0 (no limit) or more, the others positive")
        self.store = Path(store)
        if not self.store.is_dir():
            raise StoreError(f"{self.store}: no store here (run `kg build` first)")
        self.max_rows, self.log, self.read_timeout = max_rows, log, read_timeout
        self.allow_origins = frozenset(o.rstrip("/") for o in allow_origins)
        try:
            self._httpd = _Server((host, port), max_connections)
        except OSError as e:
            raise ConfigError(f"{host}:{port}: cannot listen ({e.strerror or e})") from None
        self._httpd.endpoint = self
        self.host, self.port = self._httpd.server_address[:2]
        try:
            self.pool = Pool(str(self.store), workers, timeout, max_memory, self.note)
        except BaseException:
            self._httpd.server_close()
            raise
        self._thread: threading.Thread | None = None

    def allows(self, origin: str) -> bool:
        """Whether pages of `origin` may ask (`allow_origins`, where "*" lets every site in)."""
        return origin in self.allow_origins or "*" in self.allow_origins

    def note(self, line: str) -> None:
        """One line in the log (stderr) when logging, as itself: no escape sequence gets out."""
        if self.log:
            sys.stderr.write(f"kg serve: {terminal_text(line)}\n")
            sys.stderr.flush()

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
