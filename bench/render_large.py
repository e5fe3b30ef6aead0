#!/usr/bin/env python3
"""How long a big network page takes to open and settle in headless Chromium.

Builds the network of the WCEP corpus (examples/wcep-2025-2026/stories.jsonl), copies it with
fresh IRIs until it is big enough (countries are shared between copies, so the copies stay one
connected network) and keeps the best-connected nodes of each requested size. Each size is
rendered with kg.network.render_html and loaded in Debian's Chromium with the network cut off;
per size it prints the page size, the time to first drawing and to the settled layout (the
page's `akgTimings`, from navigation), the layout steps run, the longest main-thread task (a
frozen tab shows as one long task) and the time of one in-page filter. The first size is the
baseline, measured in the same run; the last columns are ratios against it.

    python bench/render_large.py                          # builds the corpus first (~1-2 min)
    python bench/render_large.py --store .kg/store --sizes 500,1500,5000
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from kg.network import Edge, Network, Node, top_actors
from kg.network import render_html

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "examples" / "wcep-2025-2026" / "stories.jsonl"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STABLE = 'body[data-akg-stable="1"]'
# Registered before the page's scripts run: records every main-thread task over 50 ms.
LONG_TASKS = """window.__akgLongTasks = [];
new PerformanceObserver(l => l.getEntries().forEach(e => window.__akgLongTasks.push(e.duration)))
  .observe({type: "longtask", buffered: true});"""


def corpus_network(store: Path | None) -> Network:
    """The network of a built store, or of the WCEP stories built in memory."""
    import kg

    if store is not None:
        with kg.open_store(store, read_only=True) as graph:
            net = graph.network()
    else:
        print(f"building {STORIES.relative_to(ROOT)} in memory ...", file=sys.stderr, flush=True)
        graph = kg.build([STORIES], in_memory=True)
        try:
            if graph.report.errors:
                raise SystemExit(f"cannot build the corpus: {graph.report.errors[0]}")
            net = graph.network()
        finally:
            graph.close()
    if not net.nodes:
        raise SystemExit("the corpus network is empty: build examples/ into the store first")
    return net


def replicate(net: Network, nodes: int) -> Network:
    """`net` copied with fresh IRIs and labels until it has at least `nodes` nodes.

    Countries are not copied: every copy relates to the same countries, as more news would.
    """
    shared = {nid for nid, n in net.nodes.items() if n.type == "Country"}
    out = Network()
    copy = 0
    while len(out.nodes) < nodes:
        def iri(nid: str) -> str:
            return nid if nid in shared or copy == 0 else f"{nid}-copy{copy}"

        for nid, n in net.nodes.items():
            if copy == 0 or nid not in shared:
                label = n.label if copy == 0 or nid in shared else f"{n.label} ({copy + 1})"
                out.add_node(Node(iri(nid), label, n.type, list(n.alt_labels)))
        for e in net.edges:
            if copy == 0 or not (e.source in shared and e.target in shared):
                out.edges.append(Edge(iri(e.source), iri(e.target), e.relation, e.family,
                                      list(e.evidence)))
        copy += 1
    return out


def measure(browser, html: Path, net: Network, timeout_s: float) -> dict:
    """Open `html` offline, wait for the settled layout, and collect the page's figures."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page.add_init_script(LONG_TASKS)
    t0 = time.perf_counter()
    page.goto(html.resolve().as_uri())
    page.wait_for_selector(STABLE, state="attached", timeout=timeout_s * 1000)
    wall = time.perf_counter() - t0
    t = page.evaluate("window.akgTimings")
    figures = {
        "wall_s": wall, "first_draw_s": t["firstDraw"] / 1000, "stable_s": t["stable"] / 1000,
        "data_s": t["data"] / 1000,
        "iterations": page.evaluate("akgLayout.iterations"),
        "stopped": page.evaluate("akgLayout.stopped"),
        "longest_task_ms": max(page.evaluate("window.__akgLongTasks") or [0]),
        "drawn_nodes": page.evaluate("akgNetwork.body.nodeIndices.length"),
        "drawn_edges": page.evaluate("akgNetwork.body.edgeIndices.length"),
    }
    start = time.perf_counter()
    page.evaluate("akgFilter({minCount: 2})")
    page.evaluate("akgFilter()")
    figures["filter_ms"] = (time.perf_counter() - start) * 1000 / 2
    page.close()
    if errors:
        raise SystemExit(f"{html}: JavaScript errors: {errors[:3]}")
    if (figures["drawn_nodes"], figures["drawn_edges"]) != (len(net.nodes), len(net.edges)):
        raise SystemExit(f"{html}: drew {figures['drawn_nodes']} nodes and "
                         f"{figures['drawn_edges']} edges of {len(net.nodes)} and {len(net.edges)}")
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a store built from examples/ (default: build)")
    ap.add_argument("--sizes", default="500,5000",
                    help="node counts, comma-separated; the first is the baseline")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds to wait per page")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run scripts/ensure-chromium")
    from playwright.sync_api import sync_playwright

    corpus = corpus_network(args.store)
    print(f"corpus network: {len(corpus.nodes)} nodes, {len(corpus.edges)} edges", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for size in sizes:
                # Copies of the corpus as needed, cut to the best-connected `size` nodes.
                net = top_actors(replicate(corpus, size), size)
                start = time.perf_counter()
                html = render_html(net, Path(tmp) / f"net-{size}.html", title=f"{size} nodes")
                render_s = time.perf_counter() - start
                fig = measure(browser, html, net, args.timeout)
                rows.append({"nodes": len(net.nodes), "edges": len(net.edges),
                             "mb": html.stat().st_size / 1e6, "render_s": render_s, **fig})
                print(f"  {len(net.nodes)} nodes done in {fig['wall_s']:.1f} s", file=sys.stderr,
                      flush=True)
        finally:
            browser.close()

    base = rows[0]
    print(f"\n{'nodes':>6} {'edges':>6} {'MB':>5} {'py s':>5} {'draw s':>7} {'stable s':>8} "
          f"{'iters':>5} {'long ms':>7} {'filter ms':>9} {'x draw':>6} {'x stable':>8}")
    for r in rows:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['mb']:>5.1f} {r['render_s']:>5.2f} "
              f"{r['first_draw_s']:>7.2f} {r['stable_s']:>8.2f} "
              f"{str(r['iterations']) + ('*' if r['stopped'] else ''):>5} "
              f"{r['longest_task_ms']:>7.0f} {r['filter_ms']:>9.0f} "
              f"{r['first_draw_s'] / base['first_draw_s']:>6.1f} "
              f"{r['stable_s'] / base['stable_s']:>8.1f}")
    print(f"\nbaseline: the {base['nodes']}-node page of the same corpus in the same run; "
          "draw/stable: seconds from navigation to the first drawing and to the settled layout "
          "(vis-network draws nothing while it stabilises); iters: layout steps run, * when the "
          "time budget stopped it; long ms: the longest main-thread task")
    return 0


if __name__ == "__main__":
    sys.exit(main())
