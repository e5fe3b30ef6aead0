"""Remote stores against a real Oxigraph server: builds, named queries, push, replacement,
values bound safely, and errors that name the URL."""
import json
import re
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from conftest import EXAMPLES, SEED
from faults import kg_process
from oxigraph_server import free_port, running_oxigraph
from kg.api import KnowledgeGraph
from kg.config import Settings
from kg.errors import ConfigError, QueryError, StoreError
from kg.graph import Endpoints, RemoteStore, Store, build, open_store_at, push
from kg.network import from_store
from kg.sparql import bind_values, named_queries, run_query

DOCS = [
    {"id": "sudan", "date": "2025-06-10", "text": "The Rapid Support Forces shelled a displacement camp "
     "near El Fasher on Sunday, killing at least 14 civilians, according to local activists."},
    {"id": "drc", "date": "2025-06-11", "text": "M23 rebels captured the town of Walikale after heavy "
     "fighting with the Congolese army. Rwanda denies supporting the rebels."},
    {"id": "yemen", "date": "2025-06-13", "text": "The Houthis launched a missile attack on Eilat. "
     "Israel responded with airstrikes on the port of Hodeidah."},
]
PARAMS = {"actor-relations": {"name": "Taliban"}, "timeline": {"name": "massoud's army"},
          "evidence": {"subject": "Afghan Army", "object": "Northern Alliance"}}
G = ox.NamedNode("https://example.org/graph/1")
S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as s:
        yield s


def _clear(server) -> None:
    with urllib.request.urlopen(urllib.request.Request(f"{server.base}/store", method="DELETE")) as r:
        assert r.status == 204


@pytest.fixture()
def remote(server):
    _clear(server)
    return RemoteStore(server.query_url)


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    d = tmp_path_factory.mktemp("texts")
    (d / "news.jsonl").write_text("".join(json.dumps(doc) + "\n" for doc in DOCS), encoding="utf-8")
    return [str(SEED), str(d / "news.jsonl")]


@pytest.fixture(scope="module")
def local_build(texts, extractor):
    store = Store.open(None)
    report = build(texts, store, Settings(), extractor)
    assert report.errors == [] and report.built == 4
    return store


def _rows(result):
    return sorted(map(repr, result.rows)), result.columns


def test_build_into_the_server_answers_named_queries_like_a_local_build(server, remote, texts,
                                                                        extractor, local_build):
    report = build(texts, remote, Settings(), extractor)
    assert report.errors == [] and report.built == 4
    for name in named_queries():
        local = run_query(local_build, name, PARAMS.get(name))
        answered = run_query(remote, name, PARAMS.get(name))
        assert local.rows, name
        assert _rows(answered) == _rows(local), name
    assert remote.count() == local_build.count()
    net, local_net = from_store(remote), from_store(local_build)
    assert set(net.nodes) == set(local_net.nodes)
    assert [(e.source, e.relation, e.target, e.count) for e in net.edges] == \
           [(e.source, e.relation, e.target, e.count) for e in local_net.edges]
    # a second build finds every document unchanged on the server
    assert build(texts, remote, Settings(), extractor).unchanged == 4


def test_rebuilding_a_changed_document_drops_its_old_statements(remote, tmp_path, extractor):
    doc = tmp_path / "clash.txt"
    doc.write_text("date 2025-01-01\nHamas fighters attacked Israeli troops in Gaza.\n", encoding="utf-8")
    build([str(doc)], remote, Settings(), extractor)
    before = run_query(remote, "actor-relations", {"name": "Hamas"}).as_dicts()
    assert any(r["relation"] == "attacks" for r in before)
    doc.write_text("date 2025-01-02\nHamas negotiated with Egypt in Cairo.\n", encoding="utf-8")
    assert build([str(doc)], remote, Settings(), extractor).built == 1
    after = run_query(remote, "actor-relations", {"name": "Hamas"}).as_dicts()
    relations = {r["relation"] for r in after}
    assert "negotiatesWith" in relations and "attacks" not in relations
    assert not remote.query("ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'Israeli troops')) }")


def test_push_copies_every_graph_and_repeating_it_changes_nothing(remote, local_build):
    report = push(local_build, remote)
    assert report.graphs == len(local_build.named_graphs()) and report.quads == local_build.count()
    assert remote.named_graphs() == local_build.named_graphs()
    assert remote.count() == local_build.count()
    push(local_build, remote)
    assert remote.count() == local_build.count()
    assert _rows(run_query(remote, "who-fights-whom")) == _rows(run_query(local_build, "who-fights-whom"))


def test_replace_and_remove_a_graph(remote):
    remote.replace_graph(G, [ox.Quad(S, P, ox.Literal(str(i)), G) for i in range(3)])
    remote.replace_graph(G, [ox.Quad(S, P, ox.Literal("new"), G)])
    assert [q.object.value for q in remote.quads(G)] == ["new"]
    assert remote.has_triple(S, P, ox.Literal("new"), G) and not remote.has_triple(S, P, ox.Literal("0"), G)
    assert remote.remove_graph(G) is True
    assert remote.remove_graph(G) is False and remote.count() == 0


def _canonical(nquads: bytes) -> ox.Dataset:
    # the server names the ontology's blank nodes anew: compare up to their names
    ds = ox.Dataset(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return ds


def test_dump_of_the_server_holds_the_same_quads_as_the_local_store(remote, local_build):
    push(local_build, remote)
    assert _canonical(remote.dump(None, "nquads")) == _canonical(local_build.dump(None, "nquads"))
    assert len(remote.dump(None, "turtle")) > 1000


@pytest.mark.parametrize("hostile", ['x"} ; DROP ALL ; #', "Taliban' } UNION { ?s ?p ?o",
                                     '{}}{\\', 'a"""b\'\'\'c\n} INSERT DATA { <a:b> <a:b> <a:b> }'])
def test_hostile_values_are_bound_as_values_and_run_nothing(remote, hostile):
    remote.replace_graph(G, [ox.Quad(S, P, ox.Literal("kept"), G)])
    rows = list(remote.query("SELECT ?v WHERE { }", {"v": ox.Literal(hostile)}))
    assert [r["v"].value for r in rows] == [hostile]
    with pytest.raises(QueryError, match="no actor goes by"):  # looked up as a value, found nowhere
        run_query(remote, "actor-relations", {"name": hostile})
    assert remote.count() == 1 and remote.has_triple(S, P, ox.Literal("kept"), G)


def test_values_reach_subqueries_but_not_data_blocks_templates_or_strings():
    q = ('PREFIX ex: <http://e.org/#> CONSTRUCT { ?s ex:name ?n } WHERE { VALUES ?k { 1 2 } '
         '{ SELECT ?s ?n WHERE { ?s ex:label ?l FILTER(?l = ?n) } } FILTER(?x != "{ ?n }") # { ?n\n}')
    out = bind_values(q, {"n": ox.Literal("A")})
    assert out.count('VALUES ?n { "A" }') == 2
    assert 'VALUES ?k { 1 2 }' in out and 'CONSTRUCT { ?s ex:name ?n }' in out
    assert 'WHERE { VALUES ?n { "A" } ?s ex:label' in out and '"{ ?n }"' in out
    with pytest.raises(QueryError, match="CONSTRUCT"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?n }", {"n": ox.Literal("A")})
    with pytest.raises(QueryError, match="IRI or a literal"):
        bind_values("SELECT * WHERE { ?s ?p ?n }", {"n": "raw text"})


def test_urls_map_to_the_layout_of_their_server():
    assert Endpoints.from_url("http://localhost:7878/query").graph_store == "http://localhost:7878/store"
    single = Endpoints.from_url("http://qlever.example:7001/?access-token=t")
    assert single.query == single.graph_store


def test_errors_name_the_url_and_status_and_never_the_password(server, remote):
    closed = RemoteStore(f"http://user:secret@127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="cannot connect") as err:
        closed.count()
    assert "secret" not in str(err.value) and "127.0.0.1" in str(err.value)
    wrong = open_store_at(server.query_url, graph_store=server.base + "/nowhere")
    with pytest.raises(StoreError, match=r"/nowhere: HTTP 404"):
        wrong.replace_graph(G, [ox.Quad(S, P, ox.Literal("x"), G)])
    with pytest.raises(QueryError, match="^broken: "):
        remote.query("SELECT WHERE {", source="broken")
    with pytest.raises(StoreError, match="read-only"):
        RemoteStore(server.query_url, read_only=True).remove_graph(G)


def test_a_server_without_the_union_default_graph_is_reported(tmp_path):
    with running_oxigraph(tmp_path, union_default_graph=False) as bare:
        store = RemoteStore(bare.query_url)
        store.replace_graph(G, [ox.Quad(S, P, ox.Literal("x"), G)])
        with pytest.raises(StoreError, match="--union-default-graph"):
            store.query("SELECT * WHERE { ?s ?p ?o }")


def test_open_store_at_gives_a_local_store_for_a_path_and_a_remote_one_for_a_url(server, tmp_path):
    assert isinstance(open_store_at(tmp_path / "s"), Store)
    assert isinstance(open_store_at(server.query_url, read_only=True), RemoteStore)
    with pytest.raises(StoreError, match="cannot connect"):
        open_store_at(f"http://127.0.0.1:{free_port()}/query")


def test_knowledge_graph_stats_over_a_remote_store(remote, local_build):
    push(local_build, remote)
    settings = Settings()
    assert KnowledgeGraph(remote, settings).stats() == KnowledgeGraph(local_build, settings).stats()


# -- malformed URLs, broken answers, the push destination ----------------------------------------

@pytest.mark.parametrize("url", ["http://127.0.0.1:notaport/query", "http://[::1",
                                 "http://127.0.0.1:99999/query", "http:///query", "http://exa mple/query"])
def test_a_malformed_url_is_a_config_error_naming_it(url):
    named = "^" + re.escape(url.split(" ")[0])
    with pytest.raises(ConfigError, match=named):
        open_store_at(url)
    with pytest.raises(ConfigError, match=named):
        RemoteStore(url)
    with pytest.raises(ConfigError, match="^ftp://127.0.0.1/query: not an http"):
        Endpoints("ftp://127.0.0.1/query", "http://127.0.0.1/store")


def test_a_malformed_graph_store_url_is_a_config_error_and_messages_keep_passwords_out(server):
    with pytest.raises(ConfigError, match="^notaurl: not an http"):
        open_store_at(server.query_url, graph_store="notaurl")
    with pytest.raises(ConfigError) as err:
        open_store_at("http://user:secret@127.0.0.1:notaport/query?access-token=hidden")
    assert "secret" not in str(err.value) and "hidden" not in str(err.value)
    assert str(err.value).startswith("http://127.0.0.1:notaport/query: ")


def test_a_url_urllib_cannot_send_is_a_store_error():
    # a host name whose label IDNA cannot encode passes as a URL; urllib refuses it with a ValueError
    store = RemoteStore("http://" + "a\u00e4" * 40 + ".example/query")
    with pytest.raises(StoreError, match=r"\.example/query: cannot send the request"):
        store.ping()


BROKEN = {  # path: (content type, body, Content-Length given)
    "/html": ("application/sparql-results+json", b"<html><body>502 Bad Gateway</body></html>", None),
    "/truncated": ("application/sparql-results+json",
                   b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://a/"}},'
                   b'{"s":{"type":"uri","val', None),
    "/short": ("application/sparql-results+json", b'{"head":{"vars":["s"]},"results":', 4000),
    "/triples": ("application/n-triples", b"<http://a/> <http://b/> this is not a term .\n", None),
    "/boolean": ("application/sparql-results+xml", b"<?xml version='1.0'?><sparql><boolean>", None),
}


@contextmanager
def serving(handler):
    """A local HTTP server answering with `handler` (a BaseHTTPRequestHandler), stopped after."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


class _Broken(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ctype, body, length = BROKEN[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length or len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("path", list(BROKEN))
def test_an_answer_that_does_not_parse_is_a_store_error_naming_the_url(path):
    with serving(_Broken) as base:
        store = RemoteStore(base + path, check_union=False)
        query = "CONSTRUCT WHERE { ?s ?p ?o }" if path == "/triples" else "SELECT ?s WHERE { ?s ?p ?o }"
        # raised by query() itself: nothing broken is handed out to fail later
        with pytest.raises(StoreError, match="^" + re.escape(base + path) + ": "):
            store.query(query)
        with pytest.raises(StoreError, match="^" + re.escape(base + path) + ": "):
            open_store_at(base + path)


def test_push_sends_only_to_a_server(local_build, tmp_path):
    with pytest.raises(ConfigError, match="^an in-memory store: not the URL of a SPARQL server"):
        push(local_build, Store.open(None))
    with pytest.raises(ConfigError, match="not the URL of a SPARQL server"):
        push(local_build, Store.open(tmp_path / "other"))
    with pytest.raises(ConfigError, match="^some/dir: not the URL of a SPARQL server"):
        push(local_build, "some/dir")
    assert Store.open(tmp_path / "other").count() == 0


# -- values in sub-SELECTs: where pyoxigraph's substitution binds them ---------------------------

LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
A, B = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
SUBSELECTS = {  # query, the value of ?name, rows of a local store (pyoxigraph's substitution)
    # used only in the HAVING of a sub-SELECT that does not project it: hidden there, no row
    "having, not projected": ("SELECT ?name ?a ?n WHERE { { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?o } "
                              "GROUP BY ?a HAVING (?a = ?name) } }", A, 0),
    # projected, and used only in GROUP BY and HAVING: bound inside, one row
    "having, projected": ("SELECT ?name ?a ?n WHERE { { SELECT ?a ?name (COUNT(*) AS ?n) WHERE { ?a ?p ?o } "
                          "GROUP BY ?a ?name HAVING (?a = ?name) } }", A, 1),
    "select clause only": ("SELECT ?name ?m WHERE { { SELECT ?name (SAMPLE(?name) AS ?m) WHERE { ?a ?p ?o } "
                           "GROUP BY ?name } }", A, 1),
    "filter, not projected": ("SELECT ?name ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o FILTER(?a = ?name) } } }",
                              A, 0),
    "two levels": ("SELECT ?name ?a WHERE { { SELECT ?a ?name WHERE { { SELECT ?a ?name WHERE { ?a ?p ?o } "
                   "GROUP BY ?a ?name HAVING(?a = ?name) } } } }", A, 1),
    "middle level hides it": ("SELECT ?name ?a WHERE { { SELECT ?a WHERE { { SELECT ?a ?name WHERE { ?a ?p ?o } "
                              "GROUP BY ?a ?name HAVING(?a = ?name) } } } }", A, 0),
    "named-query shape": ("SELECT ?name ?actor WHERE { { SELECT DISTINCT ?actor ?name WHERE { "
                          "{ SELECT ?l ?name WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                          "GROUP BY ?l ?name HAVING(LCASE(STR(?l)) = LCASE(STR(?name))) } "
                          "?actor <http://www.w3.org/2000/01/rdf-schema#label> ?l } } }", ox.Literal("alpha"), 1),
}


@pytest.mark.parametrize("case", list(SUBSELECTS))
def test_values_bound_in_subselects_give_the_rows_of_a_local_store(remote, case):
    sparql, name, expected = SUBSELECTS[case]
    quads = [ox.Quad(A, LABEL, ox.Literal("Alpha"), G), ox.Quad(B, LABEL, ox.Literal("Beta"), G)]
    local = Store.open(None)
    local.add_quads(quads)
    remote.add_quads(quads)
    rows = {}
    for where, store in (("local", local), ("remote", remote)):
        result = store.query(sparql, {"name": name})
        rows[where] = sorted(tuple(str(r[v]) for v in result.variables) for r in result)
    assert len(rows["local"]) == expected, rows["local"]
    assert rows["remote"] == rows["local"]


def test_values_go_inside_a_subselect_that_projects_the_variable_only():
    bound = {"name": ox.Literal("A")}
    out = bind_values("SELECT ?name WHERE { { SELECT ?l ?name WHERE { ?x ?p ?l } GROUP BY ?l ?name "
                      "HAVING(?l = ?name) } }", bound)
    assert out.count('VALUES ?name { "A" }') == 2 and 'WHERE { VALUES ?name { "A" } ?x ?p ?l }' in out
    out = bind_values("SELECT ?name WHERE { { SELECT ?l WHERE { ?x ?p ?l FILTER(?l = ?name) } } }", bound)
    assert out.count('VALUES ?name { "A" }') == 1 and out.startswith('SELECT ?name WHERE { VALUES')


# -- a server that dies during a build --------------------------------------------------------

STORIES = EXAMPLES / "wcep-2025-2026" / "stories.jsonl"
DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/actor-kg/ontology#Document> }"


def _documents(url: str) -> int:
    try:
        return int(next(iter(RemoteStore(url, read_only=True).query(DOCUMENTS)))["n"].value)
    except StoreError:
        return 0


@pytest.fixture()
def stories(tmp_path):
    """The first 80 example stories, in a file of their own."""
    path = tmp_path / "stories.jsonl"
    with STORIES.open(encoding="utf-8") as f:
        path.write_text("".join(next(f) for _ in range(80)), encoding="utf-8")
    return path


def _build_until(stories, url: str, documents: int):
    """A `kg build` of `stories` into `url`, returned once `documents` reached it."""
    build = kg_process(["build", str(stories), "--store", url, "-q", "--jobs", "1"])
    while _documents(url) < documents:
        assert build.poll() is None, build.stderr.read().decode()
        time.sleep(0.05)
    return build


def test_a_build_cut_off_by_a_dead_server_says_how_many_documents_reached_it(tmp_path, stories):
    with running_oxigraph(tmp_path) as server:
        build = _build_until(stories, server.query_url, 3)
        server.process.kill()
        server.process.wait()
        _, err = build.communicate(timeout=120)
    line = err.decode().strip()
    assert build.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, line
    assert "tried 4 times" in line
    written = int(re.search(r"; (\d+) document\(s\) of this build were written before it", line).group(1))
    with running_oxigraph(tmp_path) as again:  # the same data, served again
        stored = _documents(again.query_url)
    assert written >= 3 and stored - written in (0, 1)  # a last request may land unanswered


def test_a_server_back_within_the_retries_loses_no_document(tmp_path, stories):
    with running_oxigraph(tmp_path) as server:
        build = _build_until(stories, server.query_url, 3)
        server.process.kill()
        server.process.wait()
        with running_oxigraph(tmp_path, port=int(server.base.rsplit(":", 1)[1])) as again:
            _, err = build.communicate(timeout=600)
            assert build.returncode == 0, err.decode()
            built = int(re.search(r"built (\d+) document", err.decode()).group(1))
            assert _documents(again.query_url) == built == 80
def test_a_server_cuts_pages_and_counts_rows_as_the_embedded_store_does(server, remote, texts, extractor,
                                                                         local_build):
    build(texts, remote, Settings(), extractor)
    for name, params in PARAMS.items():
        local = run_query(local_build, name, params, limit=None)
        every = run_query(remote, name, params, limit=None)
        page = run_query(remote, name, params, limit=2, offset=1)
        assert every.total == local.total == len(local.rows) >= 1, name
        assert sorted(map(repr, every.rows)) == sorted(map(repr, local.rows)), name
        assert (page.total, len(page.rows)) == (local.total, len(local.rows[1:3])), name
        assert all(row in every.rows for row in page.rows), name
