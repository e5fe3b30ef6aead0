"""Interchange: the network as GraphML, GEXF and CSV; TriG / N-Quads read back into a store."""
import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.api import build
from kg.errors import InputError
from kg.graph import import_rdf
from kg.interchange import EDGE_COLUMNS, NODE_COLUMNS, csv_paths, write_csv, write_gexf, write_graphml, write_network
from kg.network import Edge, Evidence, Network, Node
from kg.graph import Store

GEXF = "{http://www.gexf.net/1.2draft}"
AKGR = "https://w3id.org/actor-kg/id/"
HOSTILE = ['He said "stop" } ; DROP ALL', "two\nlines\r\nand a tab\t", "{ braces } and \\ backslash",
           "'single' \"\"\"triple\"\"\" quotes", "<http://x/> . _:b0 GRAPH <g> { }", "مرحبا 🙂"]


def small_network() -> Network:
    """Two actors with labels that break naive CSV/XML, two relations between them."""
    net = Network()
    net.add_node(Node("urn:a", 'Front, "the" resistance\nof Panjshir', "ArmedGroup",
                      ["Massoud's Army", "NRF"]))
    net.add_node(Node("urn:b", "Taliban\x0c", "ArmedGroup"))
    net.edges.append(Edge("urn:b", "urn:a", "attacks", "hostile", [
        Evidence("The Taliban attacked, again.", "d1", date="2021-08-28", confidence=0.7),
        Evidence("An attack was reported.", "d2", date="2021-09-02", modality="Claimed",
                 confidence=0.9),
        Evidence("They attacked.", "d3", modality="Claimed", confidence=0.6)]))
    net.edges.append(Edge("urn:a", "urn:b", "fights", "hostile", [Evidence("They fought.", "d1")]))
    net.edges.append(Edge("urn:b", "urn:a", "threatens", "hostile",
                          [Evidence("If they come, we strike.", "d4", modality="Conditional")]))
    return net


@pytest.fixture(scope="module")
def built(extractor, tmp_path_factory):
    """A small in-memory graph built from two JSONL articles, one with a hostile title."""
    src = tmp_path_factory.mktemp("docs") / "docs.jsonl"
    docs = [
        {"id": "a1", "date": "2021-08-28", "title": HOSTILE[0] + "\n" + HOSTILE[2],
         "text": "Taliban fighters attacked the National Resistance Front in Panjshir. "
                 "The Afghan Army fought the Taliban in Kabul."},
        {"id": "b 2", "date": "2024-03-01",
         "text": "Hamas says it will attack Israel if the blockade continues. "
                 "Qatar and Egypt negotiated with Hamas in Doha."},
    ]
    src.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    graph = build([src], in_memory=True, extractor=extractor)
    assert graph.report.errors == [] and graph.report.statements >= 4
    yield graph
    graph.close()


def quads(store: Store) -> set[ox.Quad]:
    return set(ox.parse(store.dump(None, "nquads"), format=ox.RdfFormat.N_QUADS))


def _graphs(store: Store) -> dict[str, Graph]:
    """Each named graph of `store` as an rdflib Graph."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads(store):
        by_graph.setdefault(q.graph_name.value, []).append(q.triple)
    return {g: Graph().parse(data=ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES), format="nt")
            for g, ts in by_graph.items()}


def assert_same_dataset(a: Store, b: Store) -> None:
    """Quad for quad where no blank node occurs; each graph isomorphic to its twin otherwise."""
    def plain(store):
        return {q for q in quads(store)
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}

    assert plain(a) == plain(b)
    ga, gb = _graphs(a), _graphs(b)
    assert set(ga) == set(gb)
    for name in ga:
        assert len(ga[name]) == len(gb[name]) and isomorphic(ga[name], gb[name]), name


# -- network files ----------------------------------------------------------------------------

def test_graphml_loads_back_in_networkx_with_one_edge_per_relation(tmp_path):
    path = tmp_path / "net.graphml"
    write_graphml(small_network(), path)
    g = nx.read_graphml(path, force_multigraph=True)
    edges = {(u, d["relation"], v): d for u, v, d in g.edges(data=True)}
    assert set(edges) == {("urn:b", "attacks", "urn:a"), ("urn:a", "fights", "urn:b"),
                          ("urn:b", "threatens", "urn:a")}
    attacks = edges["urn:b", "attacks", "urn:a"]
    assert attacks["count"] == 3 and attacks["weight"] == 3
    assert attacks["modalities"] == "Asserted|Claimed" and attacks["dominant_modality"] == "Claimed"
    assert (attacks["first_date"], attacks["last_date"]) == ("2021-08-28", "2021-09-02")
    assert attacks["max_confidence"] == pytest.approx(0.9)
    assert attacks["doc_ids"] == "d1|d2|d3" and attacks["family"] == "hostile"
    assert edges["urn:a", "fights", "urn:b"]["symmetric"] is True
    assert edges["urn:b", "threatens", "urn:a"]["first_date"] == ""
    assert g.nodes["urn:a"]["label"] == 'Front, "the" resistance\nof Panjshir'
    assert g.nodes["urn:a"]["alt_labels"] == "Massoud's Army|NRF"


def test_graphml_edge_ids_are_unique(tmp_path):
    path = tmp_path / "net.graphml"
    write_graphml(small_network(), path)
    ids = [e.get("id") for e in ET.parse(path).iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_gexf_gives_gephi_node_labels_and_edge_weights(tmp_path):
    path = tmp_path / "net.gexf"
    write_gexf(small_network(), path)
    root = ET.parse(path).getroot()
    labels = {n.get("id"): n.get("label") for n in root.iter(GEXF + "node")}
    assert labels == {"urn:a": 'Front, "the" resistance\nof Panjshir', "urn:b": "Taliban "}
    weights = {(e.get("source"), e.get("label"), e.get("target")): e.get("weight")
               for e in root.iter(GEXF + "edge")}
    assert weights[("urn:b", "attacks", "urn:a")] == "3"
    assert weights[("urn:a", "fights", "urn:b")] == "1"
    g = nx.read_gexf(path)
    assert g.number_of_edges() == 3 and g.nodes["urn:b"]["label"] == "Taliban "


def test_xml_exports_replace_characters_xml_cannot_hold(tmp_path):
    """A form feed in a label would make the whole file unreadable to every XML parser."""
    for fmt in ("graphml", "gexf"):
        path = tmp_path / f"net.{fmt}"
        write_network(small_network(), path, fmt)
        assert "\x0c" not in path.read_text(encoding="utf-8")
        ET.parse(path)


def test_csv_files_keep_labels_with_commas_quotes_and_newlines(tmp_path):
    nodes_path, edges_path = write_csv(small_network(), tmp_path / "out" / "net.csv")
    assert (nodes_path.name, edges_path.name) == ("net-nodes.csv", "net-edges.csv")
    with open(nodes_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == NODE_COLUMNS
    a = next(r for r in rows if r["id"] == "urn:a")
    assert a["label"] == 'Front, "the" resistance\nof Panjshir'
    assert a["alt_labels"] == "Massoud's Army|NRF" and a["degree"] == "3"
    with open(edges_path, newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert tuple(edges[0]) == EDGE_COLUMNS and len(edges) == 3
    attacks = next(r for r in edges if r["relation"] == "attacks")
    assert attacks["source_label"].startswith("Taliban") and attacks["target_label"] == a["label"]
    assert (attacks["count"], attacks["modalities"], attacks["max_confidence"]) == (
        "3", "Asserted|Claimed", "0.9")


def test_csv_output_is_a_directory_or_a_prefix(tmp_path):
    (tmp_path / "dir").mkdir()
    assert csv_paths(tmp_path / "dir") == (tmp_path / "dir" / "nodes.csv", tmp_path / "dir" / "edges.csv")
    assert csv_paths(f"{tmp_path}/new/") == (tmp_path / "new" / "nodes.csv", tmp_path / "new" / "edges.csv")
    assert csv_paths(tmp_path / "graph") == (tmp_path / "graph-nodes.csv", tmp_path / "graph-edges.csv")
    written = write_network(small_network(), f"{tmp_path}/new/", "csv")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv"] and all(p.exists() for p in written)


def test_built_network_exports_every_edge_and_statement(built, tmp_path):
    net = built.network()
    write_network(net, tmp_path / "g.graphml", "graphml")
    write_network(net, tmp_path / "g.gexf", "gexf")
    for g in (nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True),
              nx.read_gexf(tmp_path / "g.gexf")):
        assert g.number_of_edges() == len(net.edges)
        assert sum(int(d["weight"]) for _, _, d in g.edges(data=True)) == sum(e.count for e in net.edges)
        assert {d["relation"] for _, _, d in g.edges(data=True)} >= {"attacks", "negotiatesWith"}


# -- RDF import -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,ext", [("trig", "trig"), ("nquads", "nq")])
def test_export_then_import_loses_nothing(built, tmp_path, fmt, ext):
    path = tmp_path / f"graph.{ext}"
    built.export(path, fmt)
    fresh = Store.open(None)
    report = import_rdf(fresh, path)
    assert report.graphs == len(built.store.named_graphs()) and report.default_graph is None
    assert report.quads == built.store.count() == fresh.count()
    assert_same_dataset(built.store, fresh)


def test_reimporting_the_same_export_changes_nothing(built, tmp_path):
    path = tmp_path / "graph.trig"
    built.export(path, "trig")
    fresh = Store.open(None)
    import_rdf(fresh, path)
    import_rdf(fresh, path)  # graphs now exist: the replace path
    assert_same_dataset(built.store, fresh)


def test_an_export_without_name_keys_gains_them_on_import(built, tmp_path):
    key = b" <https://w3id.org/actor-kg/ontology#nameKey> "  # as a predicate
    path = tmp_path / "old.nq"
    built.export(path, "nquads")
    lines = path.read_bytes().splitlines(keepends=True)
    old = [ln for ln in lines if key not in ln]  # as an older version wrote it
    assert len(lines) - len(old) > 5
    path.write_bytes(b"".join(old))
    fresh = Store.open(None)
    import_rdf(fresh, path)
    assert_same_dataset(built.store, fresh)


def test_import_replaces_only_the_graphs_in_the_file(tmp_path):
    store = Store.open(None)
    (tmp_path / "v1.trig").write_text(
        "<urn:g1> { <urn:s> <urn:p> \"old\" . <urn:s> <urn:p> \"gone\" . }\n"
        "<urn:g2> { <urn:s> <urn:p> \"kept\" . }\n")
    (tmp_path / "v2.trig").write_text("<urn:g1> { <urn:s> <urn:p> \"new\" . }\n")
    import_rdf(store, tmp_path / "v1.trig")
    assert import_rdf(store, tmp_path / "v2.trig").graphs == 1
    assert {(q.graph_name.value, q.object.value) for q in quads(store)} == {("urn:g1", "new"),
                                                                          ("urn:g2", "kept")}


def test_blank_nodes_survive_up_to_renaming(tmp_path):
    src = tmp_path / "b.trig"
    src.write_text("<urn:g> { <urn:s> <urn:p> _:x . _:x <urn:q> \"1\" . _:x <urn:r> _:y . }\n")
    first = Store.open(None)
    import_rdf(first, src)
    out = tmp_path / "b.nq"
    first.dump(str(out), "nquads")
    second = Store.open(None)
    import_rdf(second, out)
    import_rdf(second, out)
    assert second.count() == 3
    assert_same_dataset(first, second)


@pytest.mark.parametrize("fmt,ext", [("trig", "trig"), ("nquads", "nq")])
def test_hostile_literals_survive_exactly(tmp_path, fmt, ext):
    g = ox.NamedNode(AKGR + "graph/doc/hostile")
    data = [ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(v), g)
            for i, v in enumerate(HOSTILE)]
    data.append(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"),
                        ox.Literal(HOSTILE[0], language="en"), g))
    path = tmp_path / f"hostile.{ext}"
    ox.serialize(data, str(path), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    store = Store.open(None)
    for _ in range(2):  # once into a new graph, once replacing it (a SPARQL update)
        import_rdf(store, path)
        assert quads(store) == set(data)


def test_hand_written_trig_with_long_literals_keeps_every_character(tmp_path):
    path = tmp_path / "long.trig"
    path.write_text('<urn:g> { <urn:s> <urn:p> """line one\n} ; DROP ALL ; { "quoted" }\nend""" . }\n',
                    encoding="utf-8")
    store = Store.open(None)
    import_rdf(store, path)
    import_rdf(store, path)
    [q] = quads(store)
    assert q.object.value == 'line one\n} ; DROP ALL ; { "quoted" }\nend'


def test_syntax_error_names_file_and_line_and_leaves_store_unchanged(tmp_path):
    store = Store.open(None)
    good = tmp_path / "good.nq"
    good.write_text("<urn:s> <urn:p> \"keep\" <urn:g1> .\n")
    import_rdf(store, good)
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:s> <urn:p> \"replaced?\" <urn:g1> .\n<urn:s> <urn:p> \"b\" <urn:g2> .\n"
                   "<urn:s> <urn:p> \"unclosed <urn:g3> .\n")
    with pytest.raises(InputError) as err:
        import_rdf(store, bad)
    assert f"{bad}:3" in str(err.value) and "\n" not in str(err.value)
    assert {q.object.value for q in quads(store)} == {"keep"}


def test_turtle_triples_go_to_a_graph_named_after_the_file(tmp_path):
    path = tmp_path / "extra actors.ttl"
    path.write_text("@prefix ex: <urn:ex:> .\nex:a ex:p \"x\" , \"y\" .\n")
    store = Store.open(None)
    report = import_rdf(store, path)
    import_rdf(store, path)
    assert report.default_graph == AKGR + "graph/import/extra%20actors.ttl"
    assert (report.graphs, report.quads, store.count()) == (1, 2, 2)
    assert store.named_graphs() == [report.default_graph]


def test_trig_default_graph_triples_are_kept_beside_the_named_graphs(tmp_path):
    path = tmp_path / "mixed.trig"
    path.write_text("<urn:s> <urn:p> \"default\" .\n<urn:g> { <urn:s> <urn:p> \"named\" . }\n")
    store = Store.open(None)
    report = import_rdf(store, path)
    assert report.graphs == 2
    assert {(q.graph_name.value, q.object.value) for q in quads(store)} == {
        ("urn:g", "named"), (report.default_graph, "default")}


@pytest.mark.parametrize("name,content,problem", [
    ("graph.xyz", "", "cannot tell the RDF format"),
    ("missing.trig", None, "No such file"),
    ("blank.trig", "_:g { <urn:s> <urn:p> <urn:o> . }\n", "blank node"),
    ("latin1.nq", b"<urn:s> <urn:p> \"caf\xe9\" .\n", "not valid nquads"),
])
def test_unreadable_files_are_one_line_input_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    store = Store.open(None)
    with pytest.raises(InputError) as err:
        import_rdf(store, path)
    assert str(err.value).startswith(str(path)) and problem in str(err.value)
    assert store.count() == 0
