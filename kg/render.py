"""Render a `Network` as one self-contained HTML page that works offline (no remote URL at all).

pyvis's own template loads Bootstrap from CDNs and writes tooltips with innerHTML, so the page is
our own: vis-network's script is read from the pyvis package and inlined, the graph goes in as JSON
that cannot close its `<script>`, and every piece of article text is HTML-escaped.

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

from kg.network import Edge, Network, Node

__all__ = ["render_html", "TYPE_COLORS", "FAMILY_COLORS", "SYMMETRIC_RELATIONS"]

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
PLACE_TYPES = ("Place", "Region", "Settlement")
PLACE_COLOR = "#c8c8c8"
UNKNOWN_COLOR = "#9e9e9e"
FAMILY_COLORS = {"hostile": "#d62728", "cooperative": "#1f77b4", "other": "#8c8c8c"}
# Relations that read the same in both directions are drawn without arrows.
SYMMETRIC_RELATIONS = frozenset({"fights", "negotiatesWith", "meetsWith", "agreesWith", "alliedWith"})
SENTENCE_CHARS = 400  # longer evidence sentences are clipped in tooltips

# The page itself forbids every fetch: even a stray remote reference cannot reach the network.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src 'none'; connect-src 'none'; form-action 'none'")


def render_html(net: Network, path: str | Path, *, title: str = "actor-kg network",
                seed: int | None = 7, physics: bool = True, max_nodes_warning: int = 2000,
                sizes: dict[str, float] | None = None, max_evidence: int = 5,
                edge_labels: bool = False) -> Path:
    """Write `net` as one offline HTML file and return its path.

    Nodes are coloured by type and sized by degree (or by `sizes`, e.g. a centrality score);
    edges are coloured by family, as wide as their evidence count and dashed when no evidence is
    Asserted. `seed` makes the layout repeatable; with `physics` the browser lays the network out
    once and then stops, without it the layout is computed here (networkx spring layout). Above
    `max_nodes_warning` nodes the page shows a warning and turns off costly drawing features.

    Example: ``render_html(net, "network.html", title="Afghanistan 2021", sizes=pagerank)``
    """
    path = Path(path)
    large = len(net.nodes) > max_nodes_warning
    degree = {nid: 0 for nid in net.nodes}
    for e in net.edges:
        for end in (e.source, e.target):
            if end in degree:
                degree[end] += 1
    score = sizes if sizes is not None else degree

    nodes = [_node_data(n, degree[n.id], _finite(score.get(n.id, 0.0))) for n in net.nodes.values()]
    if not physics and nodes:
        for item, (x, y) in zip(nodes, _static_layout(net, seed)):
            item.update(x=x, y=y)
    edges = [_edge_data(i, e, net.nodes, max_evidence, edge_labels and not large)
             for i, e in enumerate(net.edges)]
    if not large:
        _curve_parallel(edges)

    data = {"nodes": nodes, "edges": edges, "physics": physics,
            "options": _options(len(nodes), seed, physics, large)}
    types_present = sorted({n.type for n in net.nodes.values()}, key=_type_order)
    warning = ""
    if large:
        warning = (f'<div id="akg-warning" role="alert">This network has {len(nodes)} nodes, more '
                   f'than {max_nodes_warning}: curved edges, hover highlighting and edge labels are '
                   'off to keep the tab responsive, and the layout may be rough. Filter the network '
                   'for a readable picture.</div>')
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
        warning,
        '<div id="akg-main"><div id="akg-network"></div>\n',
        f'<aside id="akg-legend">{_legend(types_present)}</aside>\n',
        '<aside id="akg-details" hidden><button id="akg-details-close" type="button" '
        'aria-label="Close details">\u00d7</button><div id="akg-details-body"></div></aside>\n',
        '<div id="akg-progress">Laying out\u2026</div></div>\n',
        f'<script id="akg-data" type="application/json">{_script_json(data)}</script>\n',
        f"<script>\n{_vis_js()}\n</script>\n<script>\n{_asset('page.js')}</script>\n",
        "</body>\n</html>\n",
    ])
    path.write_text(page, encoding="utf-8")
    return path


def _node_data(node: Node, degree: int, value: float) -> dict:
    """One vis node: colour and shape by type, size by `value`, escaped hover text in `tip`."""
    place = node.type in PLACE_TYPES
    color = PLACE_COLOR if place else TYPE_COLORS.get(node.type, UNKNOWN_COLOR)
    tip = [f'<div class="akg-tip-head">{_esc(node.label)}</div>',
           f'<div class="akg-tip-meta">{_esc(node.type)} \u00b7 {degree} '
           f'relation{"" if degree == 1 else "s"}</div>']
    if node.alt_labels:
        tip.append(f"<div>Also: {', '.join(_esc(a) for a in node.alt_labels)}</div>")
    return {"id": node.id, "label": node.label, "type": node.type, "alt": list(node.alt_labels),
            "value": value, "shape": "square" if place else "dot",
            "color": {"background": color, "border": _darker(color),
                      "highlight": {"background": color, "border": "#000000"},
                      "hover": {"background": color, "border": "#333333"}},
            "tip": "".join(tip)}


def _edge_data(i: int, edge: Edge, nodes: dict[str, Node], max_evidence: int,
               label: bool) -> dict:
    """One vis edge: colour by family, width by count, dashed unless some evidence is Asserted."""
    color = FAMILY_COLORS.get(edge.family, FAMILY_COLORS["other"])
    dashed = "Asserted" not in edge.modalities
    item = {"id": f"e{i}", "from": edge.source, "to": edge.target, "relation": edge.relation,
            "family": edge.family, "count": edge.count, "dashes": dashed,
            "arrows": {"to": {"enabled": edge.relation not in SYMMETRIC_RELATIONS,
                              "scaleFactor": 0.6}},
            "width": round(1.5 + 1.6 * math.log2(max(edge.count, 1)), 2),
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.85},
            "tip": _edge_tip(edge, nodes, max_evidence)}
    if label:
        item["label"] = edge.relation if edge.count <= 1 else f"{edge.relation} ({edge.count})"
    return item


def _edge_tip(edge: Edge, nodes: dict[str, Node], max_evidence: int) -> str:
    """Escaped tooltip: relation, count, dates, modalities, the first evidence with sources."""
    def name(nid: str) -> str:
        return _esc(nodes[nid].label if nid in nodes else nid)

    first, last = edge.dates
    dates = "no date" if first is None else first if first == last else f"{first} \u2013 {last}"
    mods = ", ".join(_esc(m) for m in sorted(edge.modalities)) or "no evidence"
    parts = [f'<div class="akg-tip-head">{name(edge.source)} {_esc(edge.relation)} '
             f'{name(edge.target)}</div>',
             f'<div class="akg-tip-meta">{_esc(edge.family)} \u00b7 {edge.count} '
             f'statement{"" if edge.count == 1 else "s"} \u00b7 {_esc(dates)} \u00b7 {mods}</div>']
    # Asserted and confident evidence first, then the most recent.
    ranked = sorted(edge.evidence, key=lambda ev: ev.date or "", reverse=True)
    ranked.sort(key=lambda ev: (ev.modality != "Asserted", -ev.confidence))
    shown = ranked[:max(max_evidence, 0)]
    if shown:
        items = []
        for ev in shown:
            sentence = ev.sentence if len(ev.sentence) <= SENTENCE_CHARS \
                else ev.sentence[:SENTENCE_CHARS - 1] + "\u2026"
            source = _esc(ev.doc_title or ev.doc_id)
            url = _safe_url(ev.doc_url)
            if url:
                source = f'<a href="{html.escape(url, quote=True)}">{source}</a>'
            extra = ", ".join(_esc(x) for x in (ev.date, ev.modality) if x)
            items.append(f'<li><q>{_esc(sentence)}</q> <span class="akg-tip-src">\u2014 {source}'
                         f'{" (" + extra + ")" if extra else ""}</span></li>')
        parts.append(f"<ol>{''.join(items)}</ol>")
    if len(ranked) > len(shown):
        parts.append(f'<div class="akg-tip-meta">\u2026 and {len(ranked) - len(shown)} more</div>')
    return "".join(parts)


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
    layout: dict = {"improvedLayout": n <= 300}
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
    if physics:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "centralGravity": 0.012,
                                 "springLength": 130, "springConstant": 0.06,
                                 "damping": 0.5, "avoidOverlap": 0.4},
            "maxVelocity": 60, "minVelocity": 1.0, "timestep": 0.5,
            "stabilization": {"enabled": True, "fit": True, "updateInterval": 25,
                              "iterations": 1000 if n <= 300 else 400 if not large else 150},
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
    rows = ["<h2>Actors</h2>"]
    for t in types:
        place = t in PLACE_TYPES
        color = PLACE_COLOR if place else TYPE_COLORS.get(t, UNKNOWN_COLOR)
        rows.append(f'<div><span class="akg-sw{" akg-place" if place else ""}" '
                    f'style="background:{color}"></span>{_esc(t)}</div>')
    rows.append("<h2>Relations</h2>")
    for fam, color in FAMILY_COLORS.items():
        rows.append(f'<div><span class="akg-line" style="border-top-color:{color}"></span>'
                    f"{fam}</div>")
    rows.append('<div><span class="akg-line akg-dashed"></span>claimed, conditional or '
                "negated only</div>")
    rows.append("<div>arrow: directed relation</div><div>width: number of statements</div>")
    return "".join(rows)


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
    text = resources.files("kg").joinpath("render_assets", name).read_text(encoding="utf-8")
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
