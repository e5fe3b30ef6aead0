"""The rendered page in real headless Chromium with the network cut off.

Checks what text tests cannot: nothing remote is even requested, the data is drawn, search
works, a hostile evidence sentence shows up in the tooltip as text without running, and the
page's filters draw exactly what `Network.filter` keeps.
Needs Debian's Chromium (`scripts/ensure-chromium`); a missing browser is a failure, not a skip.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.network import Edge, Evidence, Network, Node
from kg.network.page import render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STABLE = 'body[data-akg-stable="1"]'  # set by the page once its layout has settled
ROOT = Path(__file__).resolve().parents[2]
PWN = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
EVIL = f"Officials said {PWN} after the clashes."


def sample_network() -> Network:
    net = Network()
    for nid, label, typ, alt in [
        ("urn:t", "Taliban", "ArmedGroup", ["Islamic Emirate of Afghanistan"]),
        ("urn:a", "Afghan National Army", "StateForce", []),
        ("urn:p", "Government of Pakistan", "Government", []),
        ("urn:q", "Qatar", "Country", []),
        ("urn:k", "Kabul", "Settlement", []),
    ]:
        net.add_node(Node(nid, label, typ, alt))
    net.edges += [
        Edge("urn:t", "urn:a", "fights", "hostile",
             [Evidence(EVIL, "d1", "Clashes <i>report</i>", "https://example.org/clashes",
                       "2021-08-01", "Asserted")]),
        Edge("urn:t", "urn:q", "negotiatesWith", "cooperative",
             [Evidence("Talks were held in Doha.", "d2", "Doha talks", None, "2021-07-01")]),
        Edge("urn:p", "urn:t", "supports", "cooperative",
             [Evidence("Kabul says Pakistan backs the Taliban.", "d3", "Claims", None,
                       "2021-07-20", "Claimed")]),
        Edge("urn:t", "urn:k", "attacks", "hostile",
             [Evidence("The Taliban entered Kabul.", "d4", "Kabul", None, "2021-08-15")]),
    ]
    return net


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, or None when it is not installed (the tests then fail)."""
    if not Path(CHROMIUM).exists():
        yield None
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def require(browser) -> None:
    """Fail (in the test itself, not as a setup error) when Chromium is missing."""
    if browser is None:
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium", pytrace=False)


@pytest.fixture(scope="module")
def html_file(tmp_path_factory) -> Path:
    return render_html(sample_network(), tmp_path_factory.mktemp("b") / "net.html")


class Opened:
    """A page loaded offline, with every request, page error and console error recorded."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}")
                     if m.type == "error" else None)
        self.page.route("**/*", self._route)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector(STABLE, state="attached", timeout=30_000)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)


@pytest.fixture
def open_page(browser):
    """Opens rendered files offline inside the test; closes their pages afterwards."""
    pages: list[Opened] = []

    def _open(path: Path) -> Opened:
        require(browser)
        pages.append(Opened(browser, path))
        return pages[-1]

    yield _open
    for o in pages:
        o.page.close()


def test_offline_and_drawn(open_page, html_file):
    opened = open_page(html_file)
    net = sample_network()
    assert opened.errors == []
    assert opened.blocked == []
    assert opened.requests == [opened.url]
    assert opened.js("window.akgNodes.length") == len(net.nodes)
    assert opened.js("window.akgEdges.length") == len(net.edges)
    assert opened.js("Object.keys(akgNetwork.getPositions()).length") == len(net.nodes)
    assert opened.js("akgNetwork.body.nodeIndices.length") == len(net.nodes)
    assert opened.js("akgNetwork.body.edgeIndices.length") == len(net.edges)
    # Physics is off once the layout has settled, so the page goes idle.
    assert opened.js("akgNetwork.physics.options.enabled") is False
    assert opened.page.is_visible("#akg-legend")
    assert not opened.page.is_visible("#akg-warning")


def test_search(open_page, html_file):
    opened = open_page(html_file)
    assert opened.js("akgSearch('tali')") == 1
    assert opened.js("akgNetwork.getSelectedNodes()") == ["urn:t"]
    assert "1 match" in opened.page.inner_text("#akg-search-status")
    assert opened.js("akgSearch('islamic emirate')") == 1  # alternative label
    assert opened.js("akgSearch('an')") > 1
    assert opened.js("akgSearch('no such actor')") == 0
    assert opened.js("akgNetwork.getSelectedNodes()") == []
    opened.page.fill("#akg-search", "KABUL")
    opened.page.press("#akg-search", "Enter")
    assert opened.js("akgNetwork.getSelectedNodes()") == ["urn:k"]
    assert opened.errors == []


def node_point(opened: Opened, node_id: str) -> dict:
    """Page coordinates of the centre of a node."""
    return opened.js("""(id) => {
        const p = akgNetwork.canvasToDOM(akgNetwork.getPositions([id])[id]);
        const r = document.getElementById('akg-network').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top};
    }""", node_id)


def edge_point(opened: Opened, relation: str) -> dict:
    """Page coordinates of the middle of the first visible edge of `relation`."""
    edge_id = opened.js("(r) => akgEdges.get({filter: e => e.relation === r && !e.hidden})[0].id",
                        relation)
    return opened.js("""(id) => {
        const e = akgNetwork.body.edges[id];
        const p = akgNetwork.getPositions([e.fromId, e.toId]);
        const a = p[e.fromId], b = p[e.toId];
        const m = akgNetwork.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        const r = document.getElementById('akg-network').getBoundingClientRect();
        return {x: m.x + r.left, y: m.y + r.top};
    }""", edge_id)


def hover_edge(opened: Opened, relation: str):
    """The tooltip of the first visible edge of `relation`, once the mouse rests on it."""
    point = edge_point(opened, relation)
    opened.page.mouse.move(point["x"] - 3, point["y"] - 1)
    opened.page.mouse.move(point["x"], point["y"])
    return opened.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)


def test_edge_tooltip_shows_escaped_text(open_page, html_file):
    opened = open_page(html_file)
    tip = hover_edge(opened, "fights")
    text = tip.inner_text()
    assert PWN in text  # the markup is shown literally, as text
    assert "Clashes <i>report</i>" in text
    assert "fights" in text and "2021-08-01" in text and "Asserted" in text
    assert tip.query_selector("script, img, i") is None
    assert tip.eval_on_selector("a", "a => a.href") == "https://example.org/clashes"
    assert opened.js("window.__pwned") is None
    assert opened.errors == [] and opened.blocked == []


def test_node_tooltip_and_details_panel(open_page, html_file):
    opened = open_page(html_file)
    pos = node_point(opened, "urn:t")
    opened.page.mouse.move(pos["x"] - 2, pos["y"])
    opened.page.mouse.move(pos["x"], pos["y"])
    tip = opened.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
    assert "Taliban" in tip.inner_text() and "ArmedGroup" in tip.inner_text()
    opened.page.mouse.click(pos["x"], pos["y"])
    assert "Islamic Emirate of Afghanistan" in opened.page.inner_text("#akg-details")


def test_large_network_banner(open_page, tmp_path):
    o = open_page(render_html(sample_network(), tmp_path / "large.html", large_nodes=2))
    assert o.page.is_visible("#akg-warning")
    assert "more than 2 nodes" in o.page.inner_text("#akg-warning")
    assert o.js("akgNetwork.body.nodeIndices.length") == 5
    assert o.js("akgNetwork.physics.options.enabled") is False
    assert o.errors == [] and o.blocked == []


def test_static_layout_page(open_page, tmp_path):
    o = open_page(render_html(sample_network(), tmp_path / "static.html", physics=False))
    assert o.js("Object.keys(akgNetwork.getPositions()).length") == 5
    assert o.errors == [] and o.blocked == []


def test_screenshot_script(browser, html_file, tmp_path):
    require(browser)
    png = tmp_path / "shot.png"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(html_file),
                    str(png)], check=True, timeout=120, capture_output=True)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_seeded_layout_repeats(open_page, html_file):
    def positions():
        o = open_page(html_file)
        return {k: (round(v["x"]), round(v["y"])) for k, v in o.js("akgNetwork.getPositions()").items()}

    assert positions() == positions()


def filter_network() -> Network:
    """Edges whose statements differ in relation, family, modality, date and confidence."""
    net = Network()
    for nid, label, typ in [("urn:t", "Taliban", "ArmedGroup"), ("urn:n", "NRF", "ArmedGroup"),
                            ("urn:p", "Pakistan", "Country"), ("urn:q", "Qatar", "Country"),
                            ("urn:u", "United States", "Country"), ("urn:j", "Panjshir", "Region"),
                            ("urn:k", "Kabul", "Settlement")]:
        net.add_node(Node(nid, label, typ))

    def ev(sentence, date, modality="Asserted", confidence=0.9):
        return Evidence(sentence, f"doc-{sentence[:6]}", sentence[:12], None, date, modality, confidence)

    net.edges += [
        Edge("urn:t", "urn:n", "fights", "hostile",
             [ev("They fought in August.", "2021-08-25"),
              ev("Both sides claim to fight on.", "2021-09-06", "Claimed", 0.6)]),
        Edge("urn:t", "urn:k", "seizes", "hostile", [ev("Kabul fell.", "2021-08-15", confidence=0.95)]),
        Edge("urn:p", "urn:t", "supports", "cooperative",
             [ev("Pakistan is said to back them.", "2021-08-20", "Claimed", 0.5)]),
        Edge("urn:t", "urn:q", "negotiatesWith", "cooperative",
             [ev("Talks opened.", "2021-06-01"), ev("Talks went on.", "2021-06-02", confidence=0.7),
              ev("No talks were held.", None, "Negated", 0.6)]),
        Edge("urn:u", "urn:t", "negotiatesWith", "cooperative",
             [ev("If they agree, talks follow.", "2021-10-01", "Conditional", 0.4)]),
        Edge("urn:n", "urn:j", "locatedIn", "other", [ev("The NRF holds Panjshir.", None)]),
    ]
    return net


FILTERS = {
    "relation": {"relations": ["fights", "seizes"]},
    "family": {"families": ["cooperative"]},
    "modality": {"modalities": ["Asserted"]},
    "since": {"since": "2021-08"},
    "date range": {"since": "2021-06-02", "until": "2021-08-20"},
    "min confidence": {"minConfidence": 0.75},
    "min count": {"minCount": 2},
    "combined": {"families": ["hostile", "other"], "modalities": ["Asserted", "Claimed"],
                 "minConfidence": 0.55, "until": "2021-09"},
}
PYTHON_NAMES = {"relations": "relations", "families": "families", "modalities": "modalities",
                "since": "since", "until": "until", "minConfidence": "min_confidence",
                "minCount": "min_count"}


@pytest.fixture(scope="module")
def filter_file(tmp_path_factory) -> Path:
    return render_html(filter_network(), tmp_path_factory.mktemp("f") / "filters.html")


def drawn(opened: Opened) -> tuple[int, int]:
    return (opened.js("akgNetwork.body.nodeIndices.length"),
            opened.js("akgNetwork.body.edgeIndices.length"))


@pytest.mark.parametrize("spec", FILTERS.values(), ids=FILTERS.keys())
def test_each_filter_draws_what_network_filter_keeps(open_page, filter_file, spec):
    o = open_page(filter_file)
    expected = filter_network().filter(**{PYTHON_NAMES[k]: v for k, v in spec.items()})
    assert 0 < len(expected.edges) < len(filter_network().edges)  # the filter does something
    shown = o.js("(spec) => akgFilter(spec)", spec)
    assert shown == {"nodes": len(expected.nodes), "edges": len(expected.edges)}
    assert drawn(o) == (len(expected.nodes), len(expected.edges))
    visible = o.js("akgEdges.get({filter: e => !e.hidden}).map(e => [e.from, e.relation, e.to])")
    assert visible == [[e.source, e.relation, e.target] for e in expected.edges]
    counts = o.page.inner_text("#akg-counts")
    assert f"{len(expected.nodes)} of 7 actors and places" in counts
    assert f"{len(expected.edges)} of 6 relations" in counts
    assert o.js("akgFilter()") == {"nodes": 7, "edges": 6}
    assert drawn(o) == (7, 6) and o.page.inner_text("#akg-counts") == "7 actors and places, 6 relations"
    assert o.errors == []


def test_filter_panel_controls_apply_each_filter_and_reset(open_page, filter_file):
    o = open_page(filter_file)
    page = o.page
    page.click("#akg-filters summary")
    full = filter_network()
    page.uncheck('input[name="families"][value="hostile"]')
    assert drawn(o) == (6, 4)  # three cooperative edges and locatedIn
    page.check('input[name="families"][value="hostile"]')
    page.uncheck('input[name="relations"][value="negotiatesWith"]')
    assert drawn(o)[1] == 4
    page.check('input[name="relations"][value="negotiatesWith"]')
    page.uncheck('input[name="modalities"][value="Asserted"]')
    expected = full.filter(modalities=["Claimed", "Conditional", "Negated"])
    assert drawn(o) == (len(expected.nodes), len(expected.edges))
    page.check('input[name="modalities"][value="Asserted"]')
    page.fill('input[name="since"]', "2021-08-01")
    page.fill('input[name="until"]', "2021-08-31")
    expected = full.filter(since="2021-08-01", until="2021-08-31")
    assert drawn(o) == (len(expected.nodes), len(expected.edges))
    page.click("#akg-filter-reset")
    assert drawn(o) == (7, 6)
    page.eval_on_selector('input[name="minConfidence"]',
                          "el => { el.value = '0.8'; el.dispatchEvent(new Event('change', {bubbles: true})); }")
    expected = full.filter(min_confidence=0.8)
    assert drawn(o) == (len(expected.nodes), len(expected.edges))
    assert page.inner_text('#akg-filters output') == "0.80"
    page.click("#akg-filter-reset")
    page.fill('input[name="minCount"]', "2")
    page.press('input[name="minCount"]', "Enter")
    assert drawn(o) == (3, 2)  # the fighting with the NRF and the talks with Qatar
    assert o.errors == []


def test_filtered_edge_shows_only_the_statements_that_pass(open_page, filter_file):
    o = open_page(filter_file)
    o.js("akgFilter({modalities: ['Asserted']})")
    point = edge_point(o, "fights")
    o.page.mouse.click(point["x"], point["y"])
    details = o.page.inner_text("#akg-details")
    assert "Taliban fights NRF" in details
    assert "1 of 2 statements" in details and "2021-08-25" in details
    assert "They fought in August." in details
    assert "claim to fight on" not in details
    # A node's profile follows the filters too.
    o.js("akgFilter({families: ['hostile']})")
    assert o.js("akgSearch('taliban')") == 1
    assert "with 2 others" in o.page.inner_text("#akg-details")
    assert {r["family"] for r in o.js("akgProfile('urn:t')")["relations"]} == {"hostile"}


def test_search_skips_actors_hidden_by_filters(open_page, filter_file):
    o = open_page(filter_file)
    o.js("akgFilter({families: ['hostile']})")
    assert o.js("akgSearch('qatar')") == 0
    assert "0 matches (1 hidden by filters)" in o.page.inner_text("#akg-search-status")
    assert o.js("akgSearch('kabul')") == 1


def test_layout_stops_at_its_time_budget(open_page, tmp_path):
    net = Network()
    for i in range(300):
        net.add_node(Node(f"urn:{i}", f"Actor {i}", "Group"))
        if i:
            net.edges.append(Edge(f"urn:{i - 1}", f"urn:{i}", "supports", "cooperative",
                                  [Evidence("s", "d")]))
    o = open_page(render_html(net, tmp_path / "budget.html", layout_seconds=0))
    assert o.js("akgLayout.stopped") is True
    assert o.js("akgLayout.iterations") < o.js("akgLayout.total") == 1000
    assert o.js("akgNetwork.physics.options.enabled") is False
    assert drawn(o) == (300, 299)
    assert o.page.is_hidden("#akg-progress")
    assert o.errors == []


def test_built_graph_is_drawn_whole_and_searchable(open_page, extractor, tmp_path):
    """The whole way: the seed article and a hostile article, built, rendered and opened."""
    evil = tmp_path / "evil.jsonl"
    evil.write_text(json.dumps({
        "id": "evil", "date": "2021-08-16", "url": "https://example.org/kabul",
        "title": '<script>window.__pwned=1</script>Kabul <img src=x onerror="window.__pwned=2">',
        "text": "The Taliban attacked Kabul, an official said in a post titled "
                "<script>window.__pwned=3</script>."}) + "\n", encoding="utf-8")
    graph = kg.build([ROOT / "examples" / "seed", evil], in_memory=True, extractor=extractor)
    net = graph.network()
    graph.close()
    assert len(net.nodes) >= 6 and any(e.relation == "attacks" for e in net.edges)
    o = open_page(render_html(net, tmp_path / "built.html", title="Panjshir"))
    assert drawn(o) == (len(net.nodes), len(net.edges))
    assert o.js("akgFilter({relations: ['attacks'], since: '2021-08-16', until: '2021-08-16'})") \
        == {"nodes": 2, "edges": 1}
    point = edge_point(o, "attacks")
    o.page.mouse.move(point["x"] - 3, point["y"] - 1)
    o.page.mouse.move(point["x"], point["y"])
    tip = o.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
    text = tip.inner_text()
    assert "<script>window.__pwned=3</script>" in text  # the sentence, shown as text
    assert '<script>window.__pwned=1</script>Kabul <img src=x onerror="window.__pwned=2">' in text
    assert tip.query_selector("script, img") is None
    assert tip.eval_on_selector("a", "a => a.href") == "https://example.org/kabul"
    assert o.js("window.__pwned") is None
    assert o.js("akgFilter()") == {"nodes": len(net.nodes), "edges": len(net.edges)}
    assert o.js("akgSearch('taliban')") == 1
    assert o.js("akgSearch('northern alliance')") == 1  # an alternative label of the NRF
    assert "National Resistance Front" in o.page.inner_text("#akg-details")
    assert o.errors == [] and o.blocked == []


def test_clicking_an_actor_opens_its_profile_with_relations_by_type_and_a_timeline(open_page, html_file):
    opened = open_page(html_file)
    pos = node_point(opened, "urn:t")
    opened.page.mouse.click(pos["x"], pos["y"])
    panel = opened.page.inner_text("#akg-details")
    assert "Relations" in opened.js("document.getElementById('akg-details').textContent")
    assert "Timeline" in opened.js("document.getElementById('akg-details').textContent")
    assert "fights (1)" in panel and "\u2192 Afghan National Army \u00b7 1 \u00b7 2021-08-01" in panel
    assert "supports (1)" in panel and "\u2190 Government of Pakistan" in panel
    profile = opened.js("akgProfile('urn:t')")
    assert profile["statements"] == 4 and profile["actors"] == 4
    assert [t["month"] for t in profile["timeline"]] == ["2021-07", "2021-08"]
    assert [t["count"] for t in profile["timeline"]] == [2, 2]
    assert {r["relation"] for r in profile["relations"]} == {"fights", "negotiatesWith", "supports", "attacks"}
    # the profile follows the filters: a date filter leaves one month
    opened.js("akgFilter({since: '2021-08-01'})")
    assert [t["month"] for t in opened.js("akgProfile('urn:t')")["timeline"]] == ["2021-08"]
    assert opened.errors == []


def test_the_legend_folds_and_never_covers_the_drawing(open_page, html_file):
    opened = open_page(html_file)
    boxes = """() => [document.getElementById('akg-legend'), document.getElementById('akg-network')]
        .map(e => e.getBoundingClientRect()).map(r => ({top: r.top, bottom: r.bottom}))"""
    legend, drawing = opened.js(boxes)
    assert legend["top"] >= drawing["bottom"]  # below the drawing, not over it
    opened.page.click("#akg-legend summary")
    folded, grown = opened.js(boxes)
    assert folded["bottom"] - folded["top"] < legend["bottom"] - legend["top"]
    assert grown["bottom"] > drawing["bottom"] and folded["top"] >= grown["bottom"]
    assert opened.js("akgNetwork.canvas.frame.canvas.getBoundingClientRect().bottom") <= folded["top"] + 1


def test_an_edge_tooltip_links_its_document_by_title_and_shows_the_site(open_page, html_file):
    opened = open_page(html_file)
    tip = hover_edge(opened, "fights")
    assert tip.eval_on_selector("a", "a => a.textContent") == "Clashes <i>report</i>"
    assert "example.org" in tip.inner_text()


def test_screenshot_script_opens_a_profile(browser, html_file, tmp_path):
    require(browser)
    png = tmp_path / "profile.png"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(html_file), str(png),
                    "--profile", "Taliban"], check=True, timeout=120, capture_output=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(html_file),
                              str(tmp_path / "no.png"), "--profile", "Nobody"], timeout=120,
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "'Nobody' is not an actor" in missing.stderr

