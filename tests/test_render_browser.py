"""The rendered page in real headless Chromium with the network cut off.

Checks what text tests cannot: nothing remote is even requested, the data is drawn, search
works, and a hostile evidence sentence shows up in the tooltip as text without running.
Needs Debian's Chromium (`scripts/ensure-chromium`); a missing browser is a failure, not a skip.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.network import Edge, Evidence, Network, Node
from kg.render import render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STABLE = 'body[data-akg-stable="1"]'  # set by the page once its layout has settled
ROOT = Path(__file__).resolve().parents[1]
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


def test_edge_tooltip_shows_escaped_text(open_page, html_file):
    opened = open_page(html_file)
    edge_id = opened.js("akgEdges.get({filter: e => e.relation === 'fights'})[0].id")
    point = opened.js("""(id) => {
        const e = akgNetwork.body.edges[id];
        const p = akgNetwork.getPositions([e.fromId, e.toId]);
        const a = p[e.fromId], b = p[e.toId];
        const m = akgNetwork.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        const r = document.getElementById('akg-network').getBoundingClientRect();
        return {x: m.x + r.left, y: m.y + r.top};
    }""", edge_id)
    opened.page.mouse.move(point["x"] - 3, point["y"] - 1)
    opened.page.mouse.move(point["x"], point["y"])
    tip = opened.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
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
    pos = opened.js("""() => {
        const p = akgNetwork.canvasToDOM(akgNetwork.getPositions(['urn:t'])['urn:t']);
        const r = document.getElementById('akg-network').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top};
    }""")
    opened.page.mouse.move(pos["x"] - 2, pos["y"])
    opened.page.mouse.move(pos["x"], pos["y"])
    tip = opened.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
    assert "Taliban" in tip.inner_text() and "ArmedGroup" in tip.inner_text()
    opened.page.mouse.click(pos["x"], pos["y"])
    assert "Islamic Emirate of Afghanistan" in opened.page.inner_text("#akg-details")


def test_large_network_banner(open_page, tmp_path):
    o = open_page(render_html(sample_network(), tmp_path / "large.html", max_nodes_warning=2))
    assert o.page.is_visible("#akg-warning")
    assert o.js("akgNodes.length") == 5
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
