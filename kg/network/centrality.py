"""Who is central: degree, betweenness and eigenvector centrality, Louvain communities and the
hostile pairs, with networkx over the actor network.

Functions take a `Network` and return plain data (lists of dicts), so they compose, print as
tables and serialise (`kg.network.analysis.to_csv`, `to_json`). Only asserted and claimed
statements count by default (`COUNTED`): a negated or conditional statement does not say that
a relation holds.

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> for n in "ABC": net.add_node(Node(n, n, "ArmedGroup"))
>>> net.edges += [Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1", date="2024-01-02")]),
...               Edge("B", "C", "supports", "cooperative", [Evidence("B backs C.", "d2")])]
>>> [r["actor"] for r in centrality(net)][:1]
['B']
>>> [(r["actor"], r["target"], r["statements"]) for r in hostile_pairs(net)]
[('A', 'B', 1)]
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx
import numpy as np

from ..vocab import HOSTILE
from .data import Network
from .signed import COUNTED, counted

__all__ = ["actor_graph", "centrality", "communities", "hostile_pairs"]


def actor_graph(net: Network, family: str | None = None, *, modalities: Iterable[str] | None = COUNTED,
                skip_types: Iterable[str] = ()) -> nx.Graph:
    """An undirected simple graph of actors; edge weight = number of supporting statements.

    Nodes and edges go in sorted by IRI, so that seeded algorithms give the same answer each run.
    """
    view = counted(net, family, modalities, skip_types)
    g = nx.Graph()
    for n in sorted(view.nodes):
        g.add_node(n, label=view.nodes[n].label, type=view.nodes[n].type)
    for e in sorted(view.edges, key=lambda e: (e.source, e.target, e.relation)):
        if e.source == e.target:  # an actor's relation to itself says nothing about the network
            continue
        w = g.edges[e.source, e.target]["weight"] if g.has_edge(e.source, e.target) else 0
        g.add_edge(e.source, e.target, weight=w + e.count)
    return g


def _eigenvector(g: nx.Graph, max_iter: int = 5000, tol: float = 1e-12) -> dict[str, float]:
    """Eigenvector centrality per connected component, unweighted like degree and betweenness.

    A disconnected graph has no single leading eigenvector, so each component gets its own
    unit-length Perron vector, scaled by its leading eigenvalue over the largest one: the main
    component keeps the values networkx gives for it alone, and a small separate group cannot
    outrank it. Power iteration on A + I converges on every connected graph (bipartite ones
    too); a component that has not converged after `max_iter` steps is solved exactly (numpy eigh).
    """
    out = {n: 0.0 for n in g}
    parts = []
    for comp in nx.connected_components(g):
        if len(comp) < 2:
            continue
        nodes = sorted(comp)
        index = {n: i for i, n in enumerate(nodes)}
        ends = np.array([(index[u], index[v]) for u, v in g.subgraph(comp).edges]).T
        src, dst = np.concatenate([ends[0], ends[1]]), np.concatenate([ends[1], ends[0]])
        x = np.full(len(nodes), len(nodes) ** -0.5)
        for _ in range(max_iter):
            y = x + np.bincount(dst, weights=x[src], minlength=len(nodes))
            y /= np.linalg.norm(y)
            done, x = np.abs(y - x).max() < tol, y
            if done:
                break
        else:
            vecs = np.linalg.eigh(nx.to_numpy_array(g, nodelist=nodes, weight=None))[1]
            x = np.abs(vecs[:, -1])  # a connected graph's leading eigenvalue is simple
        lam = float(x @ np.bincount(dst, weights=x[src], minlength=len(nodes)))  # Rayleigh quotient
        parts.append((lam, nodes, x))
    top = max((lam for lam, _, _ in parts), default=0.0)
    for lam, nodes, vec in parts:
        out.update({n: float(v * lam / top) for n, v in zip(nodes, vec)})
    return out


def centrality(net: Network, family: str | None = None, *, modalities: Iterable[str] | None = COUNTED,
               skip_types: Iterable[str] = ()) -> list[dict]:
    """Degree, statements, betweenness and eigenvector centrality per actor, most central first
    (by betweenness, then degree, then statements: of two actors placed alike, the one the
    documents speak of more).

    Betweenness counts shortest paths by hops (statement counts are tie strength, not distance).
    """
    g = actor_graph(net, family, modalities=modalities, skip_types=skip_types)
    if g.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(g)
    between = nx.betweenness_centrality(g, normalized=True)
    eigen = _eigenvector(g)
    rows = [{"actor": g.nodes[n]["label"], "type": g.nodes[n]["type"], "degree": g.degree(n),
             "statements": g.degree(n, weight="weight"), "degree_centrality": round(degree[n], 4),
             "betweenness": round(between[n], 4), "eigenvector": round(eigen[n], 4)}
            for n in g.nodes]
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], -r["statements"], r["actor"]))


def communities(net: Network, family: str | None = None, *, modalities: Iterable[str] | None = COUNTED,
                skip_types: Iterable[str] = (), seed: int = 7, resolution: float = 1.0,
                max_members: int | None = 12) -> list[dict]:
    """Louvain communities of the weighted actor graph (fixed seed: the same answer each run).

    Over all families by default, a community is a theatre of interaction (foes included), not
    a camp. Largest community first; its first `max_members` members (None: all) by statements.
    """
    g = actor_graph(net, family, modalities=modalities, skip_types=skip_types)
    if g.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    strength = dict(g.degree(weight="weight"))
    rows = []
    for part in parts:
        members = sorted(part, key=lambda n: (-strength[n], g.nodes[n]["label"]))
        shown = ", ".join(g.nodes[n]["label"] for n in members[:max_members])
        more = len(members) - len(members[:max_members])
        rows.append({"size": len(part), "statements": int(g.subgraph(part).size(weight="weight")),
                     "members": shown + (f" ... +{more} more" if more else "")})
    rows.sort(key=lambda r: (-r["size"], -r["statements"], r["members"]))
    return [{"community": i, **r} for i, r in enumerate(rows, 1)]


def hostile_pairs(net: Network, *, modalities: Iterable[str] | None = COUNTED) -> list[dict]:
    """Who is hostile to whom (directed): actor pairs with their hostile relations and statement counts."""
    pairs: dict[tuple[str, str], dict] = {}
    for e in counted(net, HOSTILE, modalities, ()).edges:
        row = pairs.setdefault((e.source, e.target), {"actor": net.nodes[e.source].label,
                                                      "target": net.nodes[e.target].label,
                                                      "relations": set(), "statements": 0})
        row["relations"].add(e.relation)
        row["statements"] += e.count
    out = [{**r, "relations": ", ".join(sorted(r["relations"]))} for r in pairs.values()]
    return sorted(out, key=lambda r: (-r["statements"], r["actor"], r["target"]))
