"""`kg serve` answered by a real HTTP client: the SPARQL 1.1 Protocol, content negotiation,
refused updates, the query timeout, the row limit, and named queries through a RemoteStore."""
import csv
import io
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from conftest import SEED
from kg.config import Settings
from kg.errors import ConfigError, StoreError
from kg.graph import RemoteStore, Store, build
from kg.sparql import run_query
from kg.sparql.endpoint import GRAPH_TYPES, RESULT_TYPES, Endpoint, preferred
from listener import listener  # noqa: F401 -- a fixture

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
G = ox.NamedNode("https://example.org/graph/1")


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, extractor):
    path = tmp_path_factory.mktemp("serve") / "store"
    with Store.open(path) as store:
        assert build([str(SEED)], store, Settings(store=path), extractor).built == 1
    return path


@pytest.fixture(scope="module")
def endpoint(seed_store):
    with Endpoint(seed_store, port=0, timeout=30, max_rows=100_000).start() as ep:
        yield ep


def http(url, *, data=None, method=None, headers=None, **params):
    """(status, headers, body) of one request; errors are answers too."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers, e.read()


def local_count(path) -> int:
    with Store.open(path, read_only=True) as s:
        return int(next(iter(s.query(COUNT)))["n"].value)


def test_select_answers_in_every_negotiated_format(endpoint, seed_store):
    n = local_count(seed_store)
    status, h, body = http(endpoint.url, query=COUNT)
    assert status == 200 and h.get_content_type() == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(n)
    _, h, body = http(endpoint.url, query=COUNT, headers={"Accept": "application/sparql-results+xml"})
    assert h.get_content_type() == "application/sparql-results+xml" and f">{n}<".encode() in body
    _, h, body = http(endpoint.url, query=COUNT, headers={"Accept": "text/csv"})
    assert h.get_content_type() == "text/csv" and list(csv.reader(io.StringIO(body.decode()))) == [["n"], [str(n)]]
    _, h, body = http(endpoint.url, query=COUNT, headers={"Accept": "text/tab-separated-values, */*;q=0.1"})
    assert h.get_content_type() == "text/tab-separated-values" and body.decode().splitlines()[0] == "?n"
    _, _, body = http(endpoint.url, query="ASK { ?s a <https://w3id.org/actor-kg/ontology#Document> }")
    assert json.loads(body)["boolean"] is True


def test_construct_answers_in_turtle_or_n_triples(endpoint):
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/actor-kg/ontology#Document> ; ?p ?o }"
    _, h, body = http(endpoint.url, query=q)
    assert h.get_content_type() == "text/turtle"
    turtle = list(ox.parse(body, ox.RdfFormat.TURTLE))
    _, h, body = http(endpoint.url, query=q, headers={"Accept": "application/n-triples"})
    assert h.get_content_type() == "application/n-triples"
    assert set(ox.parse(body, ox.RdfFormat.N_TRIPLES)) == set(turtle) and len(turtle) >= 4


def test_an_unservable_accept_header_is_406(endpoint):
    status, _, body = http(endpoint.url, query=COUNT, headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body


def test_get_post_form_and_post_query_give_the_same_answer(endpoint):
    get = http(endpoint.url, query=COUNT)[2]
    form = http(endpoint.url, data=urllib.parse.urlencode({"query": COUNT}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})[2]
    direct = http(endpoint.url, data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})[2]
    assert get == form == direct


def test_updates_and_graph_writes_are_refused_and_change_nothing(endpoint, seed_store):
    before = local_count(seed_store)
    drop = "DROP ALL"
    assert http(endpoint.url, data=drop.encode(), headers={"Content-Type": "application/sparql-update"})[0] == 403
    form = urllib.parse.urlencode({"update": drop}).encode()
    status, _, body = http(endpoint.url, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    assert http(endpoint.url, update=drop)[0] == 403
    assert http(endpoint.url, query=drop)[0] == 400  # an update is not a query
    status, h, _ = http(endpoint.url + "?graph=" + G.value, data=b"<a:a> <a:a> <a:a> .", method="PUT",
                        headers={"Content-Type": "application/n-triples"})
    assert status == 405 and h["Allow"] == "GET, POST"
    assert http(endpoint.url + "?graph=" + G.value, method="DELETE")[0] == 405
    assert local_count(seed_store) == before


def test_a_query_past_the_timeout_is_stopped_and_the_next_one_answered(seed_store):
    with Endpoint(seed_store, port=0, timeout=1, workers=1).start() as ep:
        status, _, body = http(ep.url, query=SLOW)
        assert status == 503 and b"time limit" in body
        status, _, body = http(ep.url, query=COUNT)
        assert status == 200 and json.loads(body)["results"]["bindings"]


def test_answers_longer_than_max_rows_are_cut_and_marked(seed_store):
    with Endpoint(seed_store, port=0, max_rows=5).start() as ep:
        _, h, body = http(ep.url, query="SELECT * WHERE { ?s ?p ?o }")
        assert len(json.loads(body)["results"]["bindings"]) == 5 and h["X-SPARQL-MaxRows"] == "5"
        _, h, body = http(ep.url, query="SELECT * WHERE { ?s ?p ?o } LIMIT 3")
        assert len(json.loads(body)["results"]["bindings"]) == 3 and h["X-SPARQL-MaxRows"] is None
        _, h, body = http(ep.url, query="CONSTRUCT WHERE { ?s ?p ?o }", headers={"Accept": "application/n-triples"})
        assert len(body.decode().strip().splitlines()) == 5 and h["X-SPARQL-MaxRows"] == "5"
        # kg's own client refuses a cut answer rather than using part of it
        with pytest.raises(StoreError, match="cut the answer at 5 rows"):
            RemoteStore(ep.url, read_only=True).query("SELECT * WHERE { ?s ?p ?o }")


def test_named_queries_through_a_remote_store_match_the_local_store(endpoint, seed_store):
    remote = RemoteStore(endpoint.url, read_only=True)
    with Store.open(seed_store, read_only=True) as local:
        for name, params in [("who-fights-whom", {}), ("actor-relations", {"name": "Taliban"})]:
            expected = run_query(local, name, params)
            assert expected.rows
            assert sorted(map(repr, run_query(remote, name, params).rows)) == sorted(map(repr, expected.rows))


def test_default_graph_uri_narrows_the_dataset(endpoint):
    onto = "https://w3id.org/actor-kg/id/graph/ontology"
    q = "ASK { ?s a <https://w3id.org/actor-kg/ontology#Document> }"
    assert json.loads(http(endpoint.url, query=q)[2])["boolean"] is True
    assert json.loads(http(endpoint.url, query=q, **{"default-graph-uri": onto})[2])["boolean"] is False


def test_a_running_endpoint_sees_what_a_writer_commits_later(tmp_path):
    path = tmp_path / "store"
    with Store.open(path) as s:
        s.replace_graph(G, [ox.Quad(G, G, ox.Literal("first"), G)])
    with Endpoint(path, port=0, workers=1).start() as ep:
        assert json.loads(http(ep.url, query=COUNT)[2])["results"]["bindings"][0]["n"]["value"] == "1"
        with Store.open(path) as writer:
            writer.replace_graph(G, [ox.Quad(G, G, ox.Literal(str(i)), G) for i in range(3)])
        assert json.loads(http(ep.url, query=COUNT)[2])["results"]["bindings"][0]["n"]["value"] == "3"


def test_bad_requests_and_starting_errors_are_one_line(endpoint, seed_store, tmp_path):
    status, _, body = http(endpoint.url, query="SELECT WHERE {")
    assert status == 400 and body.startswith(b"bad query: ")
    assert http(endpoint.url.replace("/sparql", "/elsewhere"), query=COUNT)[0] == 404
    assert endpoint.host == "127.0.0.1"
    with pytest.raises(StoreError, match="no store here"):
        Endpoint(tmp_path / "missing", port=0)
    with pytest.raises(ConfigError, match="cannot listen"):
        Endpoint(seed_store, port=endpoint.port)


def test_content_negotiation_follows_quality_and_wildcards():
    assert preferred(None, RESULT_TYPES) == "application/sparql-results+json"
    assert preferred("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES) == \
        "application/sparql-results+xml"
    assert preferred("text/*", GRAPH_TYPES) == "text/turtle"
    assert preferred("application/json;q=0, text/csv", RESULT_TYPES) == "text/csv"
    assert preferred("image/png", GRAPH_TYPES) is None


def test_service_queries_are_refused_and_send_no_request(endpoint, listener):
    target = f"<http://127.0.0.1:{listener.server_address[1]}/sparql>"
    for q in [f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
              f"select * where {{ ?a ?b ?c OPTIONAL {{ service silent {target} {{ ?s ?p ?o }} }} }}",
              f"ASK {{ VALUES ?x {{ {target} }} SERVICE ?x {{ ?s ?p ?o }} }}"]:
        status, _, body = http(endpoint.url, query=q)
        assert (status, body.decode().strip()) == (400, "SERVICE is refused: this endpoint does not "
                                                        "send queries to other servers"), q
    assert listener.requests == []
    # the word in a string, an IRI, a comment or a prefixed name is no SERVICE clause
    q = ('PREFIX ex: <http://example.org/SERVICE/> SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> {}" '
         'OPTIONAL { ?s ex:service ?o } } # SERVICE <http://x/> { }')
    status, _, body = http(endpoint.url, query=q)
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_a_bad_graph_uri_is_400_and_the_same_worker_answers_the_next_query(seed_store):
    with Endpoint(seed_store, port=0, workers=1).start() as ep:
        workers = {w.proc.pid for w in ep.pool._all}
        for param in ("default-graph-uri", "named-graph-uri"):
            status, _, body = http(ep.url, query=COUNT, **{param: "not an iri"})
            assert status == 400 and body.startswith(f"bad {param} 'not an iri': ".encode()), body
        status, _, body = http(ep.url, query=COUNT)
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] != "0"
        assert {w.proc.pid for w in ep.pool._all} == workers  # none died and was replaced


@pytest.mark.parametrize("port", [99999, -1, "7878"])
def test_a_port_out_of_range_is_a_config_error(seed_store, port):
    with pytest.raises(ConfigError, match=f"^port {port!r}: "):
        Endpoint(seed_store, port=port)


def test_a_service_hidden_by_an_escaped_iri_is_refused_and_sends_no_request(endpoint, listener):
    before = len(listener.requests)
    query = f"SELECT * WHERE {{ BIND(<urn:\\u0061#> AS ?z) SERVICE {listener.iri} {{ ?s ?p ?o }} }}"
    status, _, body = http(endpoint.url, query=query)
    assert (status, body.decode().strip()) == (400, "SERVICE is refused: this endpoint does not "
                                                    "send queries to other servers")
    assert len(listener.requests) == before


def test_every_query_worker_runs_under_a_seccomp_filter(endpoint):
    for w in endpoint.pool._all:
        status = open(f"/proc/{w.proc.pid}/status", encoding="ascii").read()
        assert "\nSeccomp:\t2\n" in status  # filter mode: its sockets are refused


CARTESIAN = ("SELECT ?a ?b ?c ?d WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w } "
             "ORDER BY ?a ?b ?c ?d LIMIT 1")


def test_a_query_past_the_memory_limit_is_503_and_one_log_line(seed_store, capfd):
    with Endpoint(seed_store, port=0, workers=1, max_memory=300, log=True).start() as ep:
        capfd.readouterr()
        status, _, body = http(ep.url, query=CARTESIAN)
        assert status == 503 and body.startswith(b"query stopped at the memory limit of 300 MB")
        status, _, body = http(ep.url, query=COUNT)
        assert status == 200 and json.loads(body)["results"]["bindings"]
        logged = [line for line in capfd.readouterr().err.splitlines() if line.startswith("kg serve:")]
        assert len(logged) == 1 and "memory limit of 300 MB" in logged[0] and "ORDER BY" in logged[0]


def _raw(ep, data: bytes = b"") -> socket.socket:
    conn = socket.create_connection((ep.host, ep.port), timeout=10)
    conn.sendall(data)
    return conn


def test_idle_and_slow_connections_are_closed_and_their_number_is_capped(seed_store):
    with Endpoint(seed_store, port=0, workers=1, max_connections=3, read_timeout=1).start() as ep:
        idle = [_raw(ep) for _ in range(3)]
        time.sleep(0.2)  # all three taken
        extra = _raw(ep)
        assert extra.recv(4096).startswith(b"HTTP/1.1 503 ")
        assert http(ep.url, query=COUNT)[0] == 503  # every slot is held ...
        for conn in idle:  # ... until the read timeout closes the idle ones
            assert conn.recv(4096) == b""
        slow = _raw(ep, b"GET /sparql?query=ASK")
        started = time.monotonic()
        while time.monotonic() - started < 5:
            try:
                slow.sendall(b"%20")  # a byte now and then never finishes the request
            except OSError:
                break
            time.sleep(0.1)
        assert time.monotonic() - started < 3
        assert http(ep.url, query=COUNT)[0] == 200


def test_dns_rebinding_and_cross_origin_requests_are_refused(seed_store):
    site = "https://yasgui.example"
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    with Endpoint(seed_store, port=0, workers=1, allow_origins=(site,)).start() as ep:
        own = f"http://localhost:{ep.port}"
        status, h, body = http(ep.url, query=COUNT, headers={"Host": f"attacker.example:{ep.port}"})
        assert status == 403 and b"not this endpoint's address" in body and h["X-Content-Type-Options"] == "nosniff"
        status, _, body = http(ep.url, data=form, headers={"Origin": "http://attacker.example",
                                                           "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 403 and b"--allow-origin" in body
        assert http(ep.url, query=COUNT, headers={"Origin": "null"})[0] == 403
        status, h, _ = http(ep.url, data=form, headers={"Origin": own,
                                                        "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and h["Access-Control-Allow-Origin"] is None
        status, h, _ = http(ep.url, query=COUNT, headers={"Origin": site})
        assert status == 200 and h["Access-Control-Allow-Origin"] == site
        assert h["X-Content-Type-Options"] == "nosniff"
        status, h, _ = http(ep.url, method="OPTIONS", headers={"Origin": site})
        assert status == 204 and "POST" in h["Access-Control-Allow-Methods"]
        assert http(ep.url, method="OPTIONS", headers={"Origin": "http://attacker.example"})[0] == 403
