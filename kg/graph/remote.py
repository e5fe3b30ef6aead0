"""Remote stores: a `GraphStore` over HTTP, so `kg build --store URL`,
`kg query --endpoint URL` and `kg push` work against a SPARQL server as they do on a directory.

Queries go out by the SPARQL 1.1 Protocol (a form POST, results read back with pyoxigraph's own
parsers into the same QuerySolutions / QueryBoolean / triples the local store returns); a
document is replaced by one Graph Store Protocol PUT of its graph in N-Triples, which the server
applies as a whole, and removed by one DELETE. Only the standard library speaks HTTP (`urllib`):
one request per call needs no pooling, and basic and digest authentication come with it.

A URL ending in `/query` is an Oxigraph server (its graph store is `/store` beside it); any
other URL takes both queries and graph store requests (QLever's root, a Fuseki dataset; Virtuoso
needs its graph store URL given). The server must read the union of the named graphs as the
default graph (`oxigraph serve --union-default-graph`); the first query checks that it does.

Values bound to a query go in as VALUES blocks (`kg.sparql.text.bind_values`). An answer is
read and parsed whole before it is returned, so a broken one fails here, naming the server.

>>> Endpoints.from_url("http://localhost:7878/query").graph_store
'http://localhost:7878/store'
"""
from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

import pyoxigraph as ox

from ..config import DEFAULT_BASE_IRI
from ..errors import ConfigError, QueryError, StoreError
from ..sparql.text import bind_values, term_text
from . import summary
from .embedded import Store
from .triples import Minter

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["Endpoints", "RemoteStore", "PushReport", "is_url", "push"]

# pyoxigraph parses every answer; JSON results are the one format every server writes the same way
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_FORM = "application/x-www-form-urlencoded"
_MAX_ROWS_HEADER = "X-SPARQL-MaxRows"  # Virtuoso's (and `kg serve`'s) mark of a cut result


def is_url(location) -> bool:
    """True for an http(s) URL, the spelling of a remote store.

    >>> is_url("http://localhost:7878/query"), is_url(".kg/store")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes SPARQL queries and Graph Store Protocol requests."""

    query: str
    graph_store: str

    def __post_init__(self):
        _check_url(self.query)
        _check_url(self.graph_store)

    @classmethod
    def from_url(cls, url: str) -> "Endpoints":
        """Oxigraph's layout for a URL ending in `/query` (`/store` beside it), else one URL for both."""
        _check_url(url)
        parts = urllib.parse.urlsplit(url)
        path = parts.path.rstrip("/")
        if path.endswith("/query"):
            return cls(url, urllib.parse.urlunsplit(parts._replace(path=path[:-len("query")] + "store")))
        return cls(url, url)


# -- URLs in requests and messages --------------------------------------------------------------

def _redacted(url) -> str:
    """Any text given as a URL, fit for a one-line message: cut at its query string (QLever's
    token travels there), without a user and password, control characters escaped."""
    base = re.split(r"[?#]", str(url), maxsplit=1)[0]
    base = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://).*@", r"\1", base)
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], base)


def _check_url(url) -> None:
    """ConfigError naming `url` unless it is an http(s) URL with a host and, if any, a valid port."""
    if not isinstance(url, str):
        raise ConfigError(f"{url!r}: not the URL of a SPARQL server")
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is no number or out of range
    except ValueError as e:
        raise ConfigError(f"{_redacted(url)}: not a valid URL ({e})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ConfigError(f"{_redacted(url)}: not an http(s) URL of a SPARQL server")
    if not parts.hostname:
        raise ConfigError(f"{_redacted(url)}: no host in the URL")
    if re.search(r"[\x00-\x20\x7f]", url):
        raise ConfigError(f"{_redacted(url)}: a URL cannot hold spaces or control characters")


def _safe(url: str) -> str:
    """A URL fit for a message: no user, password or query string (QLever's token travels there)."""
    try:
        p = urllib.parse.urlsplit(url)
        host, port = p.hostname or "", p.port
    except ValueError:
        return _redacted(url)
    host = f"[{host}]" if ":" in host else host
    netloc = f"{host}:{port}" if port else host
    return urllib.parse.urlunsplit((p.scheme, netloc, p.path, "", ""))


# -- the remote store ---------------------------------------------------------------------------

def _first_line(body: bytes) -> str:
    return (body.decode("utf-8", "replace").strip().splitlines() or [""])[0][:200]


def _one_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]


class _Dropped(Exception):
    """The server refused the connection or dropped it without an answer."""


def _http_error(url: str, status: int, body: bytes) -> StoreError:
    return StoreError(f"{_safe(url)}: HTTP {status}" + (f" ({_first_line(body)})" if body.strip() else ""))


def _opener(endpoints: Endpoints) -> tuple[urllib.request.OpenerDirector, Endpoints]:
    """An opener that answers basic and digest challenges with the URLs' user and password, and
    the URLs without them (urllib cannot send a URL that holds them)."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    bare = {}
    for field, url in vars(endpoints).items():
        p = urllib.parse.urlsplit(url)
        bare[field] = urllib.parse.urlunsplit(p._replace(netloc=p.netloc.rpartition("@")[2]))
        if p.username is not None:
            passwords.add_password(None, bare[field], urllib.parse.unquote(p.username),
                                   urllib.parse.unquote(p.password or ""))
    return (urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                        urllib.request.HTTPDigestAuthHandler(passwords)),
            Endpoints(**bare))


class RemoteStore:
    """A SPARQL 1.1 server as a `GraphStore`.

    `endpoints` (or a URL, see `Endpoints.from_url`) say where queries and graph store requests
    go; a user and password in the URL answer the server's basic or digest challenge.
    """

    path = None  # no directory: messages name `url`

    def __init__(self, endpoints: Endpoints | str, *, read_only: bool = False, timeout: float = 120.0,
                 headers: dict[str, str] | None = None, check_union: bool = True):
        if isinstance(endpoints, str):
            endpoints = Endpoints.from_url(endpoints)
        self._opener, self.endpoints = _opener(endpoints)
        self.url = _safe(self.endpoints.query)
        self.read_only, self.timeout = read_only, timeout
        self._headers = {"User-Agent": "actor-kg", **(headers or {})}
        self._union_checked = not check_union

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # -- HTTP ---------------------------------------------------------------------------------
    retries = (0.5, 1.0, 2.0)
    """Seconds to wait before each new try of a request the server refused or dropped the
    connection of (it may be restarting); a request that timed out is not sent again."""

    def _send(self, method: str, url: str, params: dict | None = None, body: bytes | None = None,
              headers: dict | None = None) -> tuple[int, object, bytes]:
        """One request: status, headers and body of whatever the server answers; StoreError
        when it does not answer, after `retries` when it could not be reached."""
        if params:
            url += ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(params)
        for wait in self.retries:
            try:
                return self._send_once(method, url, body, headers)
            except _Dropped:
                time.sleep(wait)
        try:
            return self._send_once(method, url, body, headers)
        except _Dropped as e:
            raise StoreError(f"{_safe(url)}: cannot connect ({e}; tried {len(self.retries) + 1} "
                             "times)") from None

    def _send_once(self, method: str, url: str, body: bytes | None, headers: dict | None):
        try:
            req = urllib.request.Request(url, body, {**self._headers, **(headers or {})}, method=method)
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    return resp.status, resp.headers, resp.read()
            except urllib.error.HTTPError as e:
                with e:
                    return e.code, e.headers, e.read()
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, ConnectionError):  # refused, reset or dropped: try again
                raise _Dropped(getattr(reason, "strerror", None) or type(reason).__name__) from None
            if isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError
                raise StoreError(f"{_safe(url)}: no answer within {self.timeout:g} s") from None
            why = getattr(reason, "strerror", None) or reason
            raise StoreError(f"{_safe(url)}: cannot connect ({why})") from None
        except http.client.HTTPException as e:  # a cut or garbled answer (IncompleteRead, bad status)
            raise StoreError(f"{_safe(url)}: broken answer ({_one_line(e)})") from None
        except ValueError as e:  # a URL urllib cannot send (a host name that IDNA cannot encode)
            raise StoreError(f"{_safe(url)}: cannot send the request ({_one_line(e)})") from None

    def _graph_request(self, method: str, graph: ox.NamedNode, triples=None) -> int:
        """A Graph Store Protocol request on `graph`; its status (only a 404 is not an error)."""
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only")
        url = self.endpoints.graph_store
        body = None if triples is None else (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        ctype = {"Content-Type": "application/n-triples"} if body is not None else {}
        status, _, answer = self._send(method, url, {"graph": graph.value}, body, ctype)
        if status >= 300 and status != 404:
            raise _http_error(url, status, answer)
        return status

    def _run(self, sparql: str, source: str):
        url = self.endpoints.query
        form = urllib.parse.urlencode({"query": sparql}).encode()
        status, headers, body = self._send("POST", url, None, form, {"Content-Type": _FORM, "Accept": _ACCEPT})
        if status == 400:
            raise QueryError(f"{source}: {_first_line(body) or 'rejected by ' + _safe(url)}")
        if status >= 300:
            raise _http_error(url, status, body)
        if headers.get(_MAX_ROWS_HEADER):
            raise StoreError(f"{_safe(url)}: the server cut the answer at {headers[_MAX_ROWS_HEADER]} "
                             f"rows ({source}); raise its result limit")
        media = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if media and (fmt := ox.QueryResultsFormat.from_media_type(media)):
                results = ox.parse_query_results(body, fmt)
                if isinstance(results, ox.QuerySolutions):
                    # pyoxigraph parses rows as they are read: read them all now, so a cut or
                    # broken answer fails here, then hand out a fresh reading of the same bytes
                    for _ in results:
                        pass
                    results = ox.parse_query_results(body, fmt)
                return results
            if media and (fmt := ox.RdfFormat.from_media_type(media)):
                return iter([q.triple for q in ox.parse(body, fmt)])
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"{_safe(url)}: unreadable answer as {media} ({_one_line(e)})") from None
        raise StoreError(f"{_safe(url)}: answer in an unexpected format {media or '(none)'!r}")

    def ping(self) -> None:
        """Fail now with a StoreError when the server cannot be reached or refuses queries."""
        self._run("ASK {}", "ping")

    def _check_union(self) -> None:
        if self._union_checked:
            return
        named = bool(self._run("ASK { GRAPH ?g { ?s ?p ?o } }", "union check"))
        if named and not self._run("ASK { ?s ?p ?o }", "union check"):
            raise StoreError(f"{self.url}: the server does not query the union of the named graphs (start "
                             "Oxigraph with --union-default-graph; see the README on remote stores)")
        self._union_checked = named

    # -- writing ------------------------------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Make `graph` hold exactly `quads`: one Graph Store Protocol PUT, which the server
        applies as a whole (a failed PUT leaves the old graph)."""
        quads = list(quads)
        for q in quads:
            if q.graph_name != graph:
                raise StoreError(f"{graph.value}: a quad of graph {q.graph_name} cannot be written here")
        if self._graph_request("PUT", graph, [q.triple for q in quads]) == 404:
            raise _http_error(self.endpoints.graph_store, 404, b"no graph store here")

    def replace_graphs(self, graphs: dict[ox.NamedNode, Iterable[ox.Quad]]) -> None:
        """Make each graph hold exactly its quads (none: the graph goes), one Graph Store Protocol
        PUT or DELETE each, in the order given: each is whole, but not the set (a run killed in
        between is repaired by the next, `kg.graph.summary.begin`)."""
        for graph, quads in graphs.items():
            quads = list(quads)
            if quads:
                self.replace_graph(graph, quads)
            else:
                self.remove_graph(graph)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add `quads`, one Graph Store Protocol POST per named graph."""
        by_graph: dict[ox.NamedNode, list[ox.Triple]] = {}
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise StoreError(f"{self.url}: only quads in named graphs can be sent")
            by_graph.setdefault(q.graph_name, []).append(q.triple)
        for graph, triples in by_graph.items():
            if self._graph_request("POST", graph, triples) == 404:
                raise _http_error(self.endpoints.graph_store, 404, b"no graph store here")

    def remove_graph(self, graph: ox.NamedNode) -> bool:
        """Delete `graph` (Graph Store Protocol DELETE); False when the server has no such graph."""
        return self._graph_request("DELETE", graph) != 404

    def flush(self) -> None:
        """Nothing to do: the server applied each request before answering it."""

    # -- reading ------------------------------------------------------------------------------
    def has_triple(self, s, p, o, graph: ox.NamedNode) -> bool:
        terms = " ".join(term_text("term", t, "has_triple") for t in (s, p, o))
        return bool(self._run(f"ASK {{ GRAPH {graph} {{ {terms} }} }}", "has_triple"))

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self._run(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", "has_graph"))

    def quads(self, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        """The quads of one named graph (None: of all named graphs)."""
        g = "?g" if graph is None else str(graph)
        rows = self._run(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", "quads")
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"] if graph is None else graph) for r in rows]

    def query(self, sparql: str, bindings: dict[str, object] | None = None, *, source: str = "query"):
        """Run SPARQL on the server over the union of its named graphs; `bindings` go in as
        VALUES blocks of pyoxigraph-written terms (`bind_values`), never as text."""
        text = bind_values(sparql, bindings or {}, source=source)
        self._check_union()
        return self._run(text, source)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Number of quads in the named graphs (actor-kg writes nothing to the default graph)."""
        g = "?g" if graph is None else str(graph)
        rows = self._run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", "count")
        return int(next(iter(rows))["n"].value)

    def named_graphs(self) -> list[str]:
        rows = self._run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named_graphs")
        return sorted(r["g"].value for r in rows)

    def dump(self, output, fmt: str = "trig") -> bytes | None:
        """Serialise every named graph as the local store would (same formats and prefixes)."""
        copy = Store.open(None)
        copy.add_quads(self.quads())
        return copy.dump(output, fmt)

    def close(self) -> None:
        """Nothing held open: each request had its own connection."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@dataclass
class PushReport:
    """What a push copied: named graphs, quads, and the time taken."""

    graphs: int = 0
    quads: int = 0
    seconds: float = 0.0
    url: str = ""  # the server, as fit for a message (no password, no query string)


def push(local: GraphStore, remote: RemoteStore | str,
         progress: Callable[[int, int], None] | None = None, *,
         graph_store: str | None = None, base: str = DEFAULT_BASE_IRI) -> PushReport:
    """Copy every named graph of `local` to `remote` (a server, or its URL; never a local store),
    one PUT per graph, so each replaces the server's copy whole; graphs only the server has are
    left alone, and the server's edge summary is then summed up again over both (`base`: the
    resources' IRIs). `graph_store` says where a server given by its URL takes graph writes,
    when not at that URL."""
    started = time.perf_counter()
    if isinstance(remote, str) and is_url(remote):
        endpoints = Endpoints.from_url(remote)
        remote = RemoteStore(Endpoints(endpoints.query, graph_store) if graph_store else endpoints)
        remote.ping()
    elif not isinstance(remote, RemoteStore):
        where = getattr(remote, "path", remote) or "an in-memory store"
        raise ConfigError(f"{where}: not the URL of a SPARQL server")
    report = PushReport(url=remote.url)
    graphs = local.named_graphs()
    for i, name in enumerate(graphs):
        graph = ox.NamedNode(name)
        quads = local.quads(graph)
        remote.replace_graph(graph, quads)
        report.graphs += 1
        report.quads += len(quads)
        if progress:
            progress(i + 1, len(graphs))
    summary.rebuild(remote, Minter(base))
    report.seconds = time.perf_counter() - started
    return report
