"""Step 7c: network analysis with networkx over the actor network.

Functions take a `Network` and return plain data (lists of dicts), so they compose and print.

>>> from kg.network import Network, Node, Edge
>>> net = Network()
>>> for n in "ABC": net.add_node(Node(n, n, "ArmedGroup"))
>>> net.edges += [Edge("A", "B", "fights", "hostile", []), Edge("B", "C", "supports", "cooperative", [])]
>>> [r["actor"] for r in centrality(net)][:1]
['B']
"""
from __future__ import annotations

import networkx as nx

from .network import Network


def actor_graph(net: Network, family: str | None = None) -> nx.Graph:
    """An undirected simple graph of actors; edge weight = number of supporting statements."""
    g = nx.Graph()
    for n in net.nodes.values():
        g.add_node(n.id, label=n.label, type=n.type)
    for e in net.edges:
        if family and e.family != family:
            continue
        w = g.edges[e.source, e.target]["weight"] if g.has_edge(e.source, e.target) else 0
        g.add_edge(e.source, e.target, weight=w + max(1, e.count))
    return g


def centrality(net: Network, family: str | None = None) -> list[dict]:
    """Degree and betweenness centrality per actor, most central first."""
    g = actor_graph(net, family)
    if g.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(g)
    between = nx.betweenness_centrality(g, normalized=True)
    rows = [{"actor": g.nodes[n]["label"], "type": g.nodes[n]["type"], "degree": g.degree(n),
             "degree_centrality": round(degree[n], 4), "betweenness": round(between[n], 4)}
            for n in g.nodes]
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["actor"]))


def hostile_pairs(net: Network) -> list[dict]:
    """Who is hostile to whom: actor pairs with their hostile relations and statement counts."""
    pairs: dict[tuple[str, str], dict] = {}
    for e in net.edges:
        if e.family != "hostile":
            continue
        key = (e.source, e.target)
        row = pairs.setdefault(key, {"actor": net.nodes[e.source].label,
                                     "target": net.nodes[e.target].label,
                                     "relations": set(), "statements": 0})
        row["relations"].add(e.relation)
        row["statements"] += e.count
    out = [{**r, "relations": ", ".join(sorted(r["relations"]))} for r in pairs.values()]
    return sorted(out, key=lambda r: (-r["statements"], r["actor"], r["target"]))
