"""Render a `Network` as one self-contained HTML page that works offline (no remote URL at all).

pyvis's own template loads Bootstrap from CDNs and writes tooltips with innerHTML, so the page is
our own: vis-network's script is read from the pyvis package and inlined, and the graph goes in
as JSON that cannot close its `<script>`. Article text reaches the page only as JSON strings that
the page's script puts into text nodes, so it is shown, never parsed as markup. Every statement
behind an edge is embedded (date, modality, confidence, sentence, source), so the page's own
filters can hide evidence and edges without a server.

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> net.add_node(Node("urn:t", "Taliban", "ArmedGroup"))
>>> net.add_node(Node("urn:k", "Kabul", "Settlement"))
>>> net.edges.append(Edge("urn:t", "urn:k", "attacks", "hostile", [Evidence("They hit Kabul.", "d1")]))
>>> import tempfile, pathlib
>>> out = render_html(net, pathlib.Path(tempfile.mkdtemp()) / "net.html")
>>> "<script src" in out.read_text()
False
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..output import replacing
from ..vocab import (COOPERATIVE, FAMILIES, HOSTILE, MODALITIES, OTHER, PLACE_TYPES, relation_names,
                     symmetric_relations)
from .data import Edge, Evidence, Network, Node
from .select import degree

__all__ = ["render_html", "size_warning", "TYPE_COLORS", "FAMILY_COLORS", "PLACE_COLOR", "PLACE_COLORS",
           "LARGE_NODES", "LARGE_EDGES"]

# Fixed palette so that a type has the same colour in every rendering; places stay neutral so
# that actors stand out.
TYPE_COLORS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "ArmedGroup": "#b07aa1",
    "StateForce": "#9c755f",
    "Government": "#59a14f",
    "MediaOrganization": "#ff9da7",
    "Country": "#edc948",
    "Group": "#76b7b2",
}
PLACE_COLOR = "#c8c8c8"
# Places are squares in muted colours of their own: a settlement, a region and a place of no
# known kind are told apart, and none looks like an actor.
PLACE_COLORS = {"Settlement": "#b2df8a", "Region": "#a6cee3", "Place": PLACE_COLOR}
UNKNOWN_COLOR = "#9e9e9e"
FAMILY_COLORS = {HOSTILE: "#d62728", COOPERATIVE: "#1f77b4", OTHER: "#8c8c8c"}
SENTENCE_CHARS = 400  # longer evidence sentences are clipped in tooltips
# Edge width grows with the logarithm of the statement count; page.js uses the same two numbers.
WIDTH_BASE, WIDTH_PER_DOUBLING = 1.5, 1.6

# Above either limit the page warns and bounds its layout. The full 400-step layout settled in
# headless Chromium on two shared cores in 3.7 s at 1,500 nodes, 5.5 s at 2,000 and 10.2 s at
# 3,000 (a step costs about n log n), so 2,500 nodes keeps it under 10 s; the example corpus
# (about 2,300 nodes, each story's unnamed groups its own, and 2,600 edges) stays under both
# limits. bench/render_large.py measures it.
LARGE_NODES = 2500
LARGE_EDGES = 4000
# Wall-clock budget of the in-browser layout; past it the layout stops where it is.
LAYOUT_SECONDS = 60
LAYOUT_SECONDS_LARGE = 20

# The page itself forbids every fetch: even a stray remote reference cannot reach the network.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src 'none'; connect-src 'none'; form-action 'none'")


def size_warning(net: Network, large_nodes: int = LARGE_NODES,
                 large_edges: int = LARGE_EDGES) -> str | None:
    """A one-line warning when `net` is past the size limits of a readable page, else None.

    >>> size_warning(Network()) is None
    True
    """
    n, m = len(net.nodes), len(net.edges)
    if n <= large_nodes and m <= large_edges:
        return None
    return (f"the network has {n:,} nodes and {m:,} edges, more than {large_nodes:,} nodes or "
            f"{large_edges:,} edges: its layout is rough and its drawing plain; select fewer "
            "actors (top actors, an ego network, a minimum count, a date range) to read it")


def render_html(net: Network, path: str | Path, *, title: str = "actor-kg network",
                seed: int | None = 7, physics: bool = True, sizes: dict[str, float] | None = None,
                max_evidence: int = 5, edge_labels: bool = False,
                large_nodes: int = LARGE_NODES, large_edges: int = LARGE_EDGES,
                layout_seconds: float | None = None) -> Path:
    """Write `net` as one offline HTML file and return its path.

    Nodes are coloured by type and sized by `degree` (or by `sizes`, e.g. a centrality score);
    edges are coloured by family, as wide as their statement count and dashed when no statement
    is Asserted. Tooltips and the details panel show up to `max_evidence` sentences with their
    sources. `seed` makes the layout repeatable; with `physics` the browser lays the network out
    once and then stops, without it the layout is computed here (networkx spring layout). Past
    `large_nodes` nodes or `large_edges` edges the page shows a warning, bounds the layout and
    turns off costly drawing features (`size_warning` gives the same warning in Python). The
    in-browser layout stops after `layout_seconds` (default 60, or 20 when large) wherever it is.

    Select first for big graphs: ``render_html(select(net, top=300), "network.html")``.
    """
    path = Path(path)
    warning = size_warning(net, large_nodes, large_edges)
    large = warning is not None
    score = sizes if sizes is not None else degree(net)

    nodes = [_node_data(n, _finite(score.get(n.id, 0.0))) for n in net.nodes.values()]
    if not physics and nodes:
        for item, (x, y) in zip(nodes, _static_layout(net, seed)):
            item.update(x=x, y=y)
    docs: dict[tuple[str, str | None], int] = {}
    symmetric = symmetric_relations()
    edges = [_edge_data(i, e, docs, symmetric, edge_labels and not large)
             for i, e in enumerate(net.edges)]
    if not large:
        _curve_parallel(edges)

    known = relation_names()
    present = sorted({(e.relation, e.family) for e in net.edges},
                     key=lambda r: (known.index(r[0]) if r[0] in known else len(known), r[0]))
    data = {"nodes": nodes, "edges": edges, "docs": [list(d) for d in docs],
            "modalities": list(MODALITIES), "relations": [list(r) for r in present],
            "families": [f for f in FAMILIES if any(r[1] == f for r in present)],
            "familyColors": FAMILY_COLORS, "width": [WIDTH_BASE, WIDTH_PER_DOUBLING],
            "maxEvidence": max(max_evidence, 0), "physics": physics, "large": large,
            "layoutSeconds": layout_seconds if layout_seconds is not None
            else LAYOUT_SECONDS_LARGE if large else LAYOUT_SECONDS,
            "options": _options(len(nodes), seed, physics, large)}
    types_present = sorted({n.type for n in net.nodes.values()}, key=_type_order)
    banner = (f'<div id="akg-warning" role="alert">Large network: {_esc(warning)}.</div>'
              if warning else "")
    esc_title = html.escape(title)
    page = "".join([
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc_title}</title>\n<style>\n{_asset('page.css')}</style>\n</head>\n<body>\n",
        f'<header id="akg-bar"><h1>{esc_title}</h1>',
        f'<span id="akg-counts">{len(nodes)} actors and places, {len(edges)} relations</span>',
        '<input id="akg-search" type="search" placeholder="Find an actor\u2026" '
        'aria-label="Find an actor by name" autocomplete="off">',
        '<span id="akg-search-status" aria-live="polite"></span></header>\n',
        banner,
        '<div id="akg-main"><div id="akg-network"></div>\n',
        '<details id="akg-filters"><summary>Filters</summary><form id="akg-filter-form">'
        '</form></details>\n',
        '<aside id="akg-details" hidden><button id="akg-details-close" type="button" '
        'aria-label="Close details">\u00d7</button><div id="akg-details-body"></div></aside>\n',
        '<div id="akg-progress"><span id="akg-progress-text">Laying out\u2026</span> '
        '<button id="akg-stop" type="button">Stop</button></div></div>\n',
        # below the drawing, never over it: it folds to one line
        f'<details id="akg-legend" open>{_legend(types_present)}</details>\n',
        f'<script id="akg-data" type="application/json">{_script_json(data)}</script>\n',
        f"<script>\n{_vis_js()}\n</script>\n",
        f"<script>\n{_asset('filters.js')}{_asset('profile.js')}{_asset('page.js')}</script>\n",
        "</body>\n</html>\n",
    ])
    with replacing(path) as part:  # a failed write leaves the last page as it was
        part.write_text(page, encoding="utf-8")
    return path


def _node_data(node: Node, value: float) -> dict:
    """One vis node: colour and shape by type, size by `value`."""
    place = node.type in PLACE_TYPES
    color = _color(node.type)
    return {"id": node.id, "label": node.label, "type": node.type, "alt": list(node.alt_labels),
            "value": value, "shape": "square" if place else "dot",
            "color": {"background": color, "border": _darker(color),
                      "highlight": {"background": color, "border": "#000000"},
                      "hover": {"background": color, "border": "#333333"}}}


def _edge_data(i: int, edge: Edge, docs: dict[tuple[str, str | None], int],
               symmetric: frozenset[str], label: bool) -> dict:
    """One vis edge: colour by family, width by count, dashed unless some evidence is Asserted.

    `ev` holds every statement as [date, modality index, confidence, sentence, document index],
    best first (Asserted, then confident, then recent), so the page shows the first few that
    pass its filters; `docs` collects (title, safe URL) once per document.
    """
    color = FAMILY_COLORS.get(edge.family, FAMILY_COLORS[OTHER])
    ranked = sorted(edge.evidence, key=lambda ev: ev.date or "", reverse=True)
    ranked.sort(key=lambda ev: (ev.modality != "Asserted", -ev.confidence))
    item = {"id": f"e{i}", "from": edge.source, "to": edge.target, "relation": edge.relation,
            "family": edge.family, "count": edge.count,
            "dashes": "Asserted" not in edge.modalities,
            "arrows": {"to": {"enabled": edge.relation not in symmetric, "scaleFactor": 0.6}},
            "width": _width(edge.count),
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.85},
            "ev": [_evidence_data(ev, docs) for ev in ranked]}
    if label:
        item["label"] = edge.relation if edge.count <= 1 else f"{edge.relation} ({edge.count})"
    return item


def _evidence_data(ev: Evidence, docs: dict[tuple[str, str | None], int]) -> list:
    sentence = ev.sentence if len(ev.sentence) <= SENTENCE_CHARS \
        else ev.sentence[:SENTENCE_CHARS - 1] + "\u2026"
    doc = docs.setdefault((ev.doc_title or ev.doc_id, _safe_url(ev.doc_url)), len(docs))
    modality = MODALITIES.index(ev.modality) if ev.modality in MODALITIES else 0
    return [ev.date, modality, round(_finite(ev.confidence), 3), sentence, doc]


def _width(count: int) -> float:
    return round(WIDTH_BASE + WIDTH_PER_DOUBLING * math.log2(max(count, 1)), 2)


def _curve_parallel(edges: list[dict]) -> None:
    """Bend edges that share a pair of nodes apart; a lone edge stays a straight line."""
    seen: dict[tuple[str, str], int] = {}
    for e in edges:
        pair = tuple(sorted((e["from"], e["to"])))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        if k == 0:
            continue
        clockwise = (k % 2 == 1) == (e["from"] <= e["to"])  # same side whatever the direction
        e["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                       "roundness": 0.2 * ((k + 1) // 2)}


def _options(n: int, seed: int | None, physics: bool, large: bool) -> dict:
    """vis-network options: a seeded layout, physics that settles, lighter drawing when large."""
    # vis-network's improved layout (Kamada-Kawai on clusters) freezes the tab on big networks.
    layout: dict = {"improvedLayout": n <= 300 and not large}
    if seed is not None:
        layout["randomSeed"] = seed
    options = {
        "layout": layout,
        "nodes": {"scaling": {"min": 10, "max": 36},
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#222222",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "borderWidthSelected": 3},
        "edges": {"smooth": False, "arrowStrikethrough": False, "selectionWidth": 2,
                  "hoverWidth": 1, "font": {"size": 11, "align": "middle", "strokeWidth": 3,
                                            "color": "#444444"}},
        "interaction": {"hover": not large, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "multiselect": True, "keyboard": False,
                        "navigationButtons": False},
        "physics": {"enabled": False},
    }
    if n > 300:
        # Zoomed out to fit, a big network's labels are too small to draw; labels that grow
        # with the node keep the hubs named. (A small network fits with every label readable.)
        options["nodes"]["scaling"]["label"] = {"enabled": True, "min": 14, "max": 150,
                                                "maxVisible": 26, "drawThreshold": 7}
    if physics:
        # Past a few hundred nodes a coarser Barnes-Hut approximation (theta 1) makes each step
        # about 2.5 times cheaper, and overlap avoidance is dropped when large; batches shrink
        # with size so that one batch stays under ~100 ms of a busy tab and the page responds
        # (Stop, scrolling) while it lays out. Figures: bench/render_large.py.
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"theta": 0.5 if n <= 300 else 1.0,
                                 "gravitationalConstant": -80, "centralGravity": 0.012,
                                 "springLength": 130, "springConstant": 0.06,
                                 "damping": 0.5, "avoidOverlap": 0.0 if large else 0.4},
            "maxVelocity": 60, "minVelocity": 1.0, "timestep": 0.5,
            "stabilization": {"enabled": True, "fit": True,
                              "updateInterval": max(1, min(25, 5000 // max(n, 1))),
                              "iterations": 200 if large else 1000 if n <= 300 else 400},
        }
    return options


def _static_layout(net: Network, seed: int | None) -> list[tuple[float, float]]:
    """Positions computed here when the browser runs no physics, in `net.nodes` order."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(net.nodes)
    g.add_edges_from((e.source, e.target) for e in net.edges
                     if e.source in net.nodes and e.target in net.nodes)
    try:
        pos = nx.spring_layout(g, seed=seed)
    except ImportError:  # networkx needs scipy for large graphs; a circle still shows everything
        pos = nx.circular_layout(g)
    scale = 120.0 * math.sqrt(len(g))
    return [(round(float(pos[nid][0]) * scale, 1), round(float(pos[nid][1]) * scale, 1))
            for nid in net.nodes]


def _legend(types: list[str]) -> str:
    """Legend of the node types present and of the edge families and line styles."""
    rows = ["<summary>Legend</summary><div><h2>Actors and places</h2>"]
    for t in types:
        place = t in PLACE_TYPES
        color = _color(t)
        rows.append(f'<div><span class="akg-sw{" akg-place" if place else ""}" '
                    f'style="background:{color}"></span>{_esc(t)}</div>')
    rows.append("</div><div><h2>Relations</h2>")
    for fam, color in FAMILY_COLORS.items():
        rows.append(f'<div><span class="akg-line" style="border-top-color:{color}"></span>'
                    f"{fam}</div>")
    rows.append('<div><span class="akg-line akg-dashed"></span>claimed, conditional or '
                "negated only</div>")
    rows.append("<div>arrow: directed relation</div><div>width: number of statements</div></div>")
    return "".join(rows)


def _color(node_type: str) -> str:
    if node_type in PLACE_TYPES:
        return PLACE_COLORS.get(node_type, PLACE_COLOR)
    return TYPE_COLORS.get(node_type, UNKNOWN_COLOR)


def _type_order(t: str) -> tuple[int, str]:
    order = list(TYPE_COLORS) + list(PLACE_TYPES)
    return (order.index(t) if t in order else len(order), t)


def _finite(value: object) -> float:
    v = float(value)  # type: ignore[arg-type]
    return v if math.isfinite(v) else 0.0


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _safe_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL, else None (no javascript:, data: or relative)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _darker(hex_color: str, factor: float = 0.7) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _script_json(obj: object) -> str:
    """JSON safe inside `<script>`: no `<`, `>` or `&` survive, so `</script>` cannot occur."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _asset(name: str) -> str:
    text = resources.files("kg").joinpath("network", "assets", name).read_text(encoding="utf-8")
    return _check_inline(text, name)


@functools.lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network's standalone script as shipped in the pyvis package (newest version there)."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    versions = [d for d in lib.iterdir() if re.fullmatch(r"vis-[\d.]+", d.name)]
    if not versions:
        raise RuntimeError("vis-network not found in the pyvis package (templates/lib/vis-*)")
    newest = max(versions, key=lambda d: tuple(int(x) for x in d.name[4:].split(".") if x))
    text = newest.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    # The source-map comment would make developer tools look for a file that is not there.
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    return _check_inline(text, "vis-network.min.js")


def _check_inline(text: str, name: str) -> str:
    if re.search(r"</script|<!--", text, re.I):
        raise RuntimeError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    return text
