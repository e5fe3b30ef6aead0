"""The network in other tools' files: GraphML, GEXF and CSV that load back with every edge, and
labels and sentences that would break naive CSV or XML."""
import csv
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.network import (EDGE_COLUMNS, NODE_COLUMNS, Edge, Evidence, Network, Node, csv_paths,
                        interchange_graph, write_csv, write_gexf, write_graphml, write_network)
from kg.textsafe import FORMULA_STARTS, csv_cell

GEXF = "{http://www.gexf.net/1.2draft}"


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


def test_built_network_exports_every_edge_and_statement(two_articles, tmp_path):
    net = two_articles.network()
    write_network(net, tmp_path / "g.graphml", "graphml")
    write_network(net, tmp_path / "g.gexf", "gexf")
    for g in (nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True),
              nx.read_gexf(tmp_path / "g.gexf")):
        assert g.number_of_edges() == len(net.edges)
        assert sum(int(d["weight"]) for _, _, d in g.edges(data=True)) == sum(e.count for e in net.edges)
        assert {d["relation"] for _, _, d in g.edges(data=True)} >= {"attacks", "negotiatesWith"}




def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path):
    net = Network()
    net.add_node(Node("urn:a", '=HYPERLINK("http://x.example","click")', "ArmedGroup", ["@SUM(1+1)"]))
    net.add_node(Node("urn:b", "-2+3+cmd|' /c calc'!A0", "ArmedGroup"))
    net.edges.append(Edge("urn:a", "urn:b", "attacks", "hostile", [Evidence("A attacked B.", "d1")]))
    nodes, edges = write_csv(net, tmp_path / "x")
    rows = {r["id"]: r for r in csv.DictReader(nodes.open(encoding="utf-8"))}
    assert rows["urn:a"]["label"] == '\'=HYPERLINK("http://x.example","click")'
    assert rows["urn:a"]["alt_labels"] == "'@SUM(1+1)"
    (edge,) = csv.DictReader(edges.open(encoding="utf-8"))
    assert edge["target_label"] == "'-2+3+cmd|' /c calc'!A0" and edge["count"] == "1"


@given(labels=st.lists(st.text(min_size=1), min_size=2, max_size=4, unique=True))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(labels=["0", "-0"])  # once found at random: a plain number stays a number
def test_any_labels_read_back_from_the_csv_as_written_and_never_as_a_formula(tmp_path, labels):
    net = Network()
    for i, label in enumerate(labels):
        net.add_node(Node(f"urn:{i}", label, "ArmedGroup"))
    net.edges.append(Edge("urn:0", "urn:1", "attacks", "hostile", [Evidence("A attacked B.", "d1")]))
    nodes, _ = write_csv(net, tmp_path / "fuzz")
    rows = {r["id"]: r["label"] for r in csv.DictReader(nodes.open(encoding="utf-8", newline=""))}
    shown = interchange_graph(net).nodes  # labels as every network file has them (XML-safe)
    assert rows == {f"urn:{i}": csv_cell(shown[f"urn:{i}"]["label"]) for i in range(len(labels))}
    # a plain number such as "-0" is a number to a spreadsheet, no formula, and stays as it is
    assert not [label for label in rows.values()
                if label.startswith(FORMULA_STARTS) and not _plain_number(label)]


def _plain_number(text: str) -> bool:
    """Whether a spreadsheet reads `text` as a number: digits, a sign, a point, an exponent."""
    if not text or set(text) - set("0123456789.+-eE"):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_a_plain_number_is_no_formula_and_stays_as_written(tmp_path):
    net = Network()
    for i, label in enumerate(["0", "-0", "+12.5", "-3e2"]):
        net.add_node(Node(f"urn:{i}", label, "ArmedGroup"))
    net.edges.append(Edge("urn:0", "urn:1", "attacks", "hostile", [Evidence("A attacked B.", "d1")]))
    nodes, _ = write_csv(net, tmp_path / "numbers")
    rows = [r["label"] for r in csv.DictReader(nodes.open(encoding="utf-8", newline=""))]
    assert sorted(rows) == sorted(["0", "-0", "+12.5", "-3e2"])
