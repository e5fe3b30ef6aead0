"""The Python objects people already know: an rdflib Dataset over the same store, a networkx
MultiDiGraph with the page's attributes, a pyvis Network whose page loads nothing remote."""
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef

from kg.errors import KgError

AKG = Namespace("https://w3id.org/actor-kg/ontology#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def test_rdflib_dataset_reads_the_same_store_with_rdflibs_own_api(two_articles):
    ds = two_articles.rdflib()
    sparql = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?who WHERE { ?st a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?a . ?a rdfs:label ?who }"""
    answer = {str(r.who) for r in ds.query(sparql)}
    assert "Taliban" in answer and answer == {r[0] for r in two_articles.query(sparql, sparql=True).rows}
    taliban = next(ds.subjects(RDFS_LABEL, Literal("Taliban")))
    assert (taliban, AKG.nameKey, Literal("taliban")) in ds
    assert len({str(g.identifier) for g in ds.graphs()} & set(two_articles.store.named_graphs())) >= 3


def test_the_rdflib_view_is_read_only_unless_asked(two_articles):
    triple = (URIRef("urn:x"), RDFS_LABEL, Literal("x"))
    with pytest.raises(KgError, match="read-only"):
        two_articles.rdflib().add(triple)
    before = two_articles.store.count()
    graph = two_articles.rdflib(writable=True).graph(URIRef("urn:notes"))
    graph.add(triple)
    assert two_articles.store.count() == before + 1
    graph.remove(triple)
    assert two_articles.store.count() == before


def test_to_networkx_carries_what_the_page_shows(two_articles):
    g = two_articles.to_networkx()
    assert g.number_of_edges() == len(two_articles.network().edges)
    (s, t, data), = [(s, t, d) for s, t, k, d in g.edges(keys=True, data=True)
                     if k == "attacks" and g.nodes[s]["label"] == "Taliban"]
    assert g.nodes[s]["label"] == "Taliban" and g.nodes[s]["type"] == "ArmedGroup"
    assert data["family"] == "hostile" and data["count"] == len(data["evidence"]) >= 1
    assert data["first_date"] == "2021-08-28" and data["evidence"][0]["sentence"].startswith("Taliban fighters")
    assert set(two_articles.to_networkx(around="Qatar").nodes) < set(g.nodes)


def test_to_pyvis_is_a_configured_network_whose_page_loads_nothing_remote(two_articles, tmp_path):
    from pyvis.network import Network

    net = two_articles.to_pyvis(notebook=False)
    assert isinstance(net, Network) and len(net.nodes) == len(two_articles.network().nodes)
    edge = next(e for e in net.edges if e["relation"] == "attacks")
    assert edge["color"] == "#d62728" and edge["arrows"] == {"to": {"enabled": True}}
    net.toggle_physics(False)  # pyvis's own API to restyle
    page = tmp_path / "pyvis.html"
    net.write_html(str(page))
    text = page.read_text()
    assert "https://cdn" not in text and "vis-network" in text.lower()
    title = next(n["title"] for n in net.nodes if n["label"] == "Taliban")
    assert "<" not in title  # pyvis shows titles as HTML: article text is escaped

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("/usr/bin/chromium is missing: run scripts/ensure-chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        tab = browser.new_page()
        remote: list[str] = []
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                  else (remote.append(r.request.url), r.abort()))
        tab.goto(page.resolve().as_uri())
        tab.wait_for_function("() => typeof network !== 'undefined' && network.body.nodeIndices.length > 0")
        drawn = tab.evaluate("network.body.nodeIndices.length")
        browser.close()
    assert remote == [] and drawn == len(net.nodes)
