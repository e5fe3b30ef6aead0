"""Extraction on a real Dask cluster (a LocalCluster of two worker processes): the graphs written
into a real Oxigraph server, or the embedded store, are those of a local build."""
import json

import pyoxigraph as ox
import pytest
from distributed import LocalCluster

from conftest import EXAMPLES, SEED
from oxigraph_server import free_port, running_oxigraph
from kg.cli import main
from kg.config import Settings
from kg.errors import ConfigError
from kg.graph import RemoteStore, Store, build, runs
from kg.graph.cluster import Cluster
from kg.graph.extraction import Identity

STORIES = EXAMPLES / "wcep-2025-2026" / "stories.jsonl"
DOCS = [{k: r[k] for k in ("id", "date", "title", "text")}
        for r in map(json.loads, STORIES.read_text(encoding="utf-8").splitlines()[200:203])] + [
    {"id": "empty", "text": ""}]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, worker_dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    feed = tmp_path_factory.mktemp("cluster") / "news.jsonl"
    feed.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    return [str(SEED), str(feed)]


@pytest.fixture(scope="module")
def local(inputs, extractor):
    store = Store.open(None)
    report = build(inputs, store, Settings(), extractor)
    assert report.built == 4 and len(report.errors) == 1
    return store, report


def _doc_graphs(store):
    return {g: sorted(str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads(ox.NamedNode(g)))
            for g in store.named_graphs() if "/graph/doc/" in g}


def test_a_build_on_the_cluster_into_an_oxigraph_server_equals_a_local_build(cluster, inputs, local,
                                                                               tmp_path):
    with running_oxigraph(tmp_path) as server:
        assert main(["build", *inputs, "--store", server.query_url, "--scheduler",
                     cluster.scheduler_address, "-q"]) == 2  # the empty document is an error
        remote = RemoteStore(server.query_url)
        assert _doc_graphs(remote) == _doc_graphs(local[0])
        [run] = runs(remote)
        assert (run.built, run.failed, run.statements) == (4, 1, local[1].statements)


def test_a_build_on_the_cluster_into_the_embedded_store_equals_a_local_build(cluster, inputs, local):
    store = Store.open(None)
    report = build(inputs, store, Settings(), scheduler=cluster.scheduler_address)
    assert (report.built, report.statements, report.errors) == \
        (4, local[1].statements, local[1].errors)
    assert _doc_graphs(store) == _doc_graphs(local[0])
    assert build(inputs, store, Settings(), scheduler=cluster.scheduler_address).unchanged == 4


def test_no_scheduler_at_the_address_is_one_config_error():
    with pytest.raises(ConfigError, match="no Dask scheduler answers"):
        Cluster(f"tcp://127.0.0.1:{free_port()}", Settings(), timeout=2)


def test_workers_that_extract_differently_are_refused_by_name():
    same, other = Identity("f1", ("en_core_web_sm", "3.8.0"), 1000), Identity("f2", ("x", "1"), 1000)
    assert Cluster._agreed({"tcp://a:1": same, "tcp://b:2": same}) == same
    with pytest.raises(ConfigError, match="tcp://a:1 and tcp://c:3"):
        Cluster._agreed({"tcp://a:1": same, "tcp://b:2": same, "tcp://c:3": other})
