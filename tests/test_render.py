"""The rendered HTML as text: offline, complete, escaped, and styled by family and modality."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from kg.network import Edge, Evidence, Network, Node
from kg.render import FAMILY_COLORS, PLACE_COLOR, TYPE_COLORS, _vis_js, render_html

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
    tip = next(e["tip"] for e in data["edges"] if e["relation"] == "fights")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tip
    assert {t for t, _ in tags_of(tip)} <= {"div", "ol", "li", "q", "span", "a"}


def test_links_only_for_http_urls(rendered):
    _, data = rendered
    tip = next(e["tip"] for e in data["edges"] if e["relation"] == "fights")
    hrefs = [a["href"] for t, a in tags_of(tip) if t == "a"]
    assert hrefs == [SAFE_URL]  # the parser unescapes &amp;
    assert "javascript:" not in tip


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


def test_node_colours_by_type_and_places_neutral(rendered):
    _, data = rendered
    colour = {n["id"]: n["color"]["background"] for n in data["nodes"]}
    assert colour["urn:t"] == TYPE_COLORS["ArmedGroup"]
    assert colour["urn:k"] == colour["urn:h"] == PLACE_COLOR
    assert len({colour[i] for i in ("urn:t", "urn:a", "urn:p", "urn:q")}) == 4
    node_t = next(n for n in data["nodes"] if n["id"] == "urn:t")
    assert "Islamic Emirate" in node_t["tip"] and "ArmedGroup" in node_t["tip"]
    assert node_t["value"] == 4  # degree


def test_legend_title_and_options(rendered):
    text, data = rendered
    legend = re.search(r'<aside id="akg-legend">(.*?)</aside>', text, re.S).group(1)
    for word in ("ArmedGroup", "Settlement", "hostile", "cooperative", "other", "claimed"):
        assert word in legend
    assert "<title>Test &lt;net&gt;</title>" in text
    opts = data["options"]
    assert opts["layout"]["randomSeed"] == 7
    assert opts["physics"]["enabled"] and opts["physics"]["stabilization"]["fit"]
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
    text = render_html(sample_network(), tmp_path / "l.html", max_nodes_warning=3,
                       edge_labels=True).read_text()
    data = page_data(text)
    assert 'id="akg-warning"' in text and "more than 3" in text
    assert data["options"]["edges"]["smooth"] is False
    assert all("smooth" not in e and "label" not in e for e in data["edges"])
    assert data["options"]["interaction"]["hover"] is False
    assert data["options"]["interaction"]["hideEdgesOnDrag"] is True


def test_parallel_edges_are_curved_apart(tmp_path):
    net = sample_network()
    net.edges.append(Edge("urn:a", "urn:t", "attacks", "hostile", [Evidence("x", "d9")]))
    data = page_data(render_html(net, tmp_path / "p.html", edge_labels=True).read_text())
    first, second = [e for e in data["edges"] if {e["from"], e["to"]} == {"urn:t", "urn:a"}]
    assert "smooth" not in first and second["smooth"]["enabled"]
    assert second["label"] == "attacks"


def test_evidence_is_capped(tmp_path):
    net = sample_network()
    net.edges.append(Edge("urn:q", "urn:p", "meetsWith", "cooperative",
                          [Evidence(f"Meeting {i}.", f"m{i}", date=f"2021-01-{i + 1:02d}")
                           for i in range(8)]))
    data = page_data(render_html(net, tmp_path / "c.html").read_text())
    tip = next(e["tip"] for e in data["edges"] if e["relation"] == "meetsWith")
    assert tip.count("<li>") == 5 and "and 3 more" in tip
    assert "2021-01-01 \u2013 2021-01-08" in tip and "Meeting 7." in tip  # newest first


def test_empty_network(tmp_path):
    data = page_data(render_html(Network(), tmp_path / "e.html").read_text())
    assert data["nodes"] == [] and data["edges"] == []
