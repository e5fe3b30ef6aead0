"""The rendered HTML as text: offline, complete, escaped, and styled by family and modality."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from kg.network import Edge, Evidence, Network, Node
from kg.network.page import (FAMILY_COLORS, LARGE_EDGES, LARGE_NODES, PLACE_COLORS, SENTENCE_CHARS,
                       TYPE_COLORS, _vis_js, render_html, size_warning)

EVIL = 'He said <script>alert(1)</script> then </script><img src=x onerror="alert(2)"> & left'
SAFE_URL = "https://example.org/news/1?a=1&b=2"
BAD_URL = "javascript:alert(3)"


def sample_network() -> Network:
    """Six actors and places; hostile, cooperative, other and claimed-only edges."""
    net = Network()
    for nid, label, typ, alt in [
        ("urn:t", "Taliban", "ArmedGroup", ["Islamic Emirate"]),
        ("urn:a", "Afghan National Army", "StateForce", []),
        ("urn:p", "Government of Pakistan", "Government", []),
        ("urn:q", "Qatar", "Country", []),
        ("urn:k", "Kabul", "Settlement", []),
        ("urn:h", "Helmand", "Region", []),
    ]:
        net.add_node(Node(nid, label, typ, alt))
    net.edges += [
        Edge("urn:t", "urn:a", "fights", "hostile",
             [Evidence(EVIL, "d1", "Evil <b>title</b>", SAFE_URL, "2021-08-01", "Asserted"),
              Evidence("Fighting went on.", "d2", None, BAD_URL, "2021-08-09", "Asserted")]),
        Edge("urn:t", "urn:k", "attacks", "hostile",
             [Evidence("The Taliban attacked Kabul.", "d3", "Kabul falls", None, "2021-08-15")]),
        Edge("urn:t", "urn:q", "negotiatesWith", "cooperative",
             [Evidence("Talks in Doha.", "d4", "Doha talks", None, "2021-07-01")]),
        Edge("urn:p", "urn:t", "supports", "cooperative",
             [Evidence("Kabul says Pakistan backs the Taliban.", "d5", "Claims", None,
                       "2021-07-20", "Claimed")]),
        Edge("urn:k", "urn:h", "locatedNear", "other", []),
    ]
    return net


def page_data(text: str) -> dict:
    m = re.search(r'<script id="akg-data" type="application/json">(.*?)</script>', text, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


class Tags(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(fragment: str) -> list[tuple[str, dict]]:
    p = Tags()
    p.feed(fragment)
    return p.tags


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[str, dict]:
    out = render_html(sample_network(), tmp_path_factory.mktemp("r") / "net.html", title="Test <net>")
    text = out.read_text(encoding="utf-8")
    return text, page_data(text)


def test_no_remote_resource(rendered):
    text, _ = rendered
    for tag, attrs in tags_of(text):
        for key in ("src", "href", "srcset", "data", "poster", "action"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, attrs)
        if tag == "script":
            assert "src" not in attrs, attrs
    assert "<link" not in text.lower()
    assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    # Outside vis-network's own licence comments the only URL is the evidence link (whose "&" is
    # written as \u0026 in the JSON, where the match stops).
    rest = text.replace(_vis_js(), "")
    assert set(re.findall(r"https?://[^\s\"'<>\\]+", rest)) == {SAFE_URL.split("&")[0]}


def test_vis_network_is_inlined(rendered):
    text, _ = rendered
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert any("@version 9." in s and "Network" in s and len(s) > 100_000 for s in scripts)
    assert "sourceMappingURL" not in text


def test_every_node_and_edge_is_in_the_data(rendered):
    _, data = rendered
    net = sample_network()
    assert {n["id"] for n in data["nodes"]} == set(net.nodes)
    assert {n["label"] for n in data["nodes"]} == {n.label for n in net.nodes.values()}
    assert [(e["from"], e["relation"], e["to"]) for e in data["edges"]] == \
        [(e.source, e.relation, e.target) for e in net.edges]
    assert len({e["id"] for e in data["edges"]}) == len(net.edges)


def test_hostile_text_never_appears_raw(rendered):
    text, data = rendered
    assert "<script>alert(1)</script>" not in text
    assert "alert(1)</script>" not in text
    assert "<img src=x" not in text
    assert "<b>title</b>" not in text
    # Only our three script elements close.
    assert text.lower().count("</script") == 3
    # The data keeps the text exactly; the page puts it into text nodes, never into markup.
    fights = next(e for e in data["edges"] if e["relation"] == "fights")
    assert fights["ev"][1][3] == EVIL
    assert ["Evil <b>title</b>", SAFE_URL] in data["docs"]


def edge_docs(data: dict, relation: str) -> list[list]:
    edge = next(e for e in data["edges"] if e["relation"] == relation)
    return [data["docs"][x[4]] for x in edge["ev"]]


def test_links_only_for_http_urls(rendered):
    text, data = rendered
    # The javascript: URL of d2 is dropped; the document keeps its id as its name.
    assert edge_docs(data, "fights") == [["d2", None], ["Evil <b>title</b>", SAFE_URL]]
    assert "javascript:" not in text.replace(_vis_js(), "")


def test_statements_are_embedded_for_the_page_filters(rendered):
    _, data = rendered
    assert data["modalities"] == ["Asserted", "Claimed", "Conditional", "Negated"]
    supports = next(e for e in data["edges"] if e["relation"] == "supports")
    assert supports["ev"] == [["2021-07-20", 1, 1.0, "Kabul says Pakistan backs the Taliban.", 4]]
    assert data["docs"][4] == ["Claims", None]
    # Relations present, in the ontology's order (hostile, cooperative, other; unknown last).
    assert data["relations"] == [["attacks", "hostile"], ["fights", "hostile"],
                                 ["negotiatesWith", "cooperative"], ["supports", "cooperative"],
                                 ["locatedNear", "other"]]
    assert data["families"] == ["hostile", "cooperative", "other"]
    assert data["width"] == [1.5, 1.6] and data["maxEvidence"] == 5


def test_family_colours_and_dashes(rendered):
    _, data = rendered
    assert len(set(FAMILY_COLORS.values())) == 3
    by_rel = {e["relation"]: e for e in data["edges"]}
    for e in data["edges"]:
        assert e["color"]["color"] == FAMILY_COLORS[e["family"]]
    assert by_rel["fights"]["color"]["color"] != by_rel["negotiatesWith"]["color"]["color"]
    assert by_rel["supports"]["dashes"] is True  # Claimed only
    assert by_rel["fights"]["dashes"] is False
    assert by_rel["attacks"]["dashes"] is False
    assert by_rel["fights"]["width"] > by_rel["attacks"]["width"]  # two statements vs one


def test_arrows_only_for_directed_relations(rendered):
    _, data = rendered
    arrows = {e["relation"]: e["arrows"]["to"]["enabled"] for e in data["edges"]}
    assert arrows == {"fights": False, "negotiatesWith": False, "attacks": True,
                      "supports": True, "locatedNear": True}


def test_node_colours_by_type_and_each_kind_of_place_its_own(rendered):
    _, data = rendered
    colour = {n["id"]: n["color"]["background"] for n in data["nodes"]}
    assert colour["urn:t"] == TYPE_COLORS["ArmedGroup"]
    assert (colour["urn:k"], colour["urn:h"]) == (PLACE_COLORS["Settlement"], PLACE_COLORS["Region"])
    assert len(set(PLACE_COLORS.values())) == 3
    assert not set(PLACE_COLORS.values()) & set(TYPE_COLORS.values())
    assert len({colour[i] for i in ("urn:t", "urn:a", "urn:p", "urn:q")}) == 4
    node_t = next(n for n in data["nodes"] if n["id"] == "urn:t")
    assert node_t["alt"] == ["Islamic Emirate"] and node_t["type"] == "ArmedGroup"
    assert node_t["value"] == 4  # degree


def test_legend_title_and_options(rendered):
    text, data = rendered
    legend = re.search(r'<details id="akg-legend" open><summary>Legend</summary>(.*?)</details>', text, re.S).group(1)
    for word in ("ArmedGroup", "Settlement", "hostile", "cooperative", "other", "claimed"):
        assert word in legend
    assert "<title>Test &lt;net&gt;</title>" in text
    assert '<details id="akg-filters">' in text
    opts = data["options"]
    assert opts["layout"]["randomSeed"] == 7 and opts["layout"]["improvedLayout"] is True
    assert opts["physics"]["enabled"] and opts["physics"]["stabilization"]["fit"]
    assert opts["physics"]["stabilization"]["iterations"] == 1000
    assert data["large"] is False and data["layoutSeconds"] == 60
    assert 'id="akg-warning"' not in text


def test_sizes_seed_and_static_layout(tmp_path):
    net = sample_network()
    text = render_html(net, tmp_path / "s.html", seed=None, physics=False,
                       sizes={"urn:q": 9.5}).read_text()
    data = page_data(text)
    assert "randomSeed" not in data["options"]["layout"]
    assert data["options"]["physics"] == {"enabled": False}
    values = {n["id"]: n["value"] for n in data["nodes"]}
    assert values["urn:q"] == 9.5 and values["urn:t"] == 0.0
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_static_layout_is_deterministic(tmp_path):
    a = page_data(render_html(sample_network(), tmp_path / "a.html", physics=False).read_text())
    b = page_data(render_html(sample_network(), tmp_path / "b.html", physics=False).read_text())
    assert [(n["x"], n["y"]) for n in a["nodes"]] == [(n["x"], n["y"]) for n in b["nodes"]]


def test_large_network_warns_and_simplifies(tmp_path):
    text = render_html(sample_network(), tmp_path / "l.html", large_nodes=3,
                       edge_labels=True).read_text()
    data = page_data(text)
    assert 'id="akg-warning"' in text and "more than 3 nodes" in text
    assert data["large"] is True and data["layoutSeconds"] == 20
    assert data["options"]["edges"]["smooth"] is False
    assert all("smooth" not in e and "label" not in e for e in data["edges"])
    assert data["options"]["interaction"]["hover"] is False
    assert data["options"]["interaction"]["hideEdgesOnDrag"] is True
    stabilization = data["options"]["physics"]["stabilization"]
    assert stabilization["iterations"] == 200
    assert data["options"]["physics"]["forceAtlas2Based"]["avoidOverlap"] == 0
    assert data["options"]["layout"]["improvedLayout"] is False


def test_too_many_edges_is_large_too(tmp_path):
    text = render_html(sample_network(), tmp_path / "l.html", large_edges=4).read_text()
    assert 'id="akg-warning"' in text and "5 edges" in text


def test_size_warning_at_the_limits():
    net = Network()
    for i in range(LARGE_NODES):
        net.add_node(Node(f"n{i}", f"N{i}", "Group"))
    assert size_warning(net) is None
    net.add_node(Node("one-more", "One more", "Group"))
    warning = size_warning(net)
    assert warning.startswith(f"the network has {LARGE_NODES + 1:,} nodes and 0 edges")
    assert "\n" not in warning
    net = sample_network()
    net.edges *= LARGE_EDGES // len(net.edges) + 1
    assert "edges" in size_warning(net)


def test_parallel_edges_are_curved_apart(tmp_path):
    net = sample_network()
    net.edges.append(Edge("urn:a", "urn:t", "attacks", "hostile", [Evidence("x", "d9")]))
    data = page_data(render_html(net, tmp_path / "p.html", edge_labels=True).read_text())
    first, second = [e for e in data["edges"] if {e["from"], e["to"]} == {"urn:t", "urn:a"}]
    assert "smooth" not in first and second["smooth"]["enabled"]
    assert second["label"] == "attacks"


def test_evidence_is_ranked_and_clipped(tmp_path):
    net = sample_network()
    long = "word " * 200
    net.edges.append(Edge("urn:q", "urn:p", "meetsWith", "cooperative",
                          [Evidence(f"Meeting {i}.", f"m{i}", date=f"2021-01-{i + 1:02d}",
                                    confidence=0.8)
                           for i in range(8)]
                          + [Evidence("They may meet.", "c", date="2021-02-01", modality="Claimed"),
                             Evidence(long, "l", date="2020-01-01", confidence=0.99)]))
    data = page_data(render_html(net, tmp_path / "c.html").read_text())
    ev = next(e for e in data["edges"] if e["relation"] == "meetsWith")["ev"]
    assert len(ev) == 10  # all statements, so that the page can filter them
    # Asserted first, most confident first, then newest first; Claimed last.
    assert ev[0][3].startswith("word") and len(ev[0][3]) == SENTENCE_CHARS
    assert ev[0][3].endswith("\u2026")
    assert [x[3] for x in ev[1:3]] == ["Meeting 7.", "Meeting 6."]
    assert ev[-1][3] == "They may meet."


def test_empty_network(tmp_path):
    data = page_data(render_html(Network(), tmp_path / "e.html").read_text())
    assert data["nodes"] == [] and data["edges"] == []


def test_big_network_labels_grow_with_the_node(tmp_path):
    net = Network()
    for i in range(301):
        net.add_node(Node(f"urn:{i}", f"Actor {i}", "Group"))
    options = page_data(render_html(net, tmp_path / "b.html").read_text())["options"]
    assert options["nodes"]["scaling"]["label"]["enabled"] is True
    assert options["physics"]["forceAtlas2Based"]["theta"] == 1.0
    small = page_data(render_html(sample_network(), tmp_path / "s.html").read_text())["options"]
    assert "label" not in small["nodes"]["scaling"]
    assert small["physics"]["forceAtlas2Based"]["theta"] == 0.5
