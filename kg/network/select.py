"""Cutting a big network down to a readable one: the best-connected actors (`top_actors`), the ego
network of one actor (`around`), and evidence filters, all at once with `select`.

>>> net = Network()
>>> for n in "ABC": net.add_node(Node(n, n, "Country"))
>>> net.edges += [Edge("A", "B", "fights", "hostile", [Evidence("s", "d")]),
...               Edge("B", "C", "fights", "hostile", [Evidence("s", "d")])]
>>> sorted(select(net, around="A").nodes), sorted(select(net, top=2).nodes)
(['A', 'B'], ['A', 'B'])
"""
from __future__ import annotations

import datetime as dt
import re
from collections import deque
from typing import Iterable

from ..errors import ConfigError, KgError
from ..names import matching_keys, name_key, nearest_names
from .data import Edge, Evidence, Network, Node  # noqa: F401  (Evidence, Node: in the examples)

__all__ = ["around", "degree", "is_date_prefix", "resolve", "select", "top_actors"]


def degree(net: Network) -> dict[str, int]:
    """Degree centrality as a count: how many distinct other nodes each node has a relation with.

    Direction does not matter and several relations with the same node count once, so a busy pair
    does not outweigh an actor that deals with many others. Render sizes nodes by it and
    `top_actors` ranks by it.

    >>> net = Network()
    >>> for n in "ABC": net.add_node(Node(n, n, "Country"))
    >>> net.edges += [Edge("A", "B", "fights", "hostile"), Edge("B", "A", "attacks", "hostile"),
    ...               Edge("A", "C", "supports", "cooperative")]
    >>> degree(net)
    {'A': 2, 'B': 1, 'C': 1}
    """
    neighbours: dict[str, set[str]] = {nid: set() for nid in net.nodes}
    for e in net.edges:
        if e.source != e.target and e.source in neighbours and e.target in neighbours:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    return {nid: len(ns) for nid, ns in neighbours.items()}


def top_actors(net: Network, n: int, keep: Iterable[str] = ()) -> Network:
    """The `n` nodes (actors and places) of highest `degree`, with the edges among them.

    Ties go to the node with more statements, then to the label in alphabetical order, so the
    cut is the same on every run. Node IRIs in `keep` are always kept and count towards `n`. No
    other node is drawn without an edge: one whose relations all lead outside the cut gives way
    to the next best node related to those kept, so there may be fewer than `n`.

    >>> net = Network()
    >>> for n in "ABCD": net.add_node(Node(n, n, "Country"))
    >>> net.edges += [Edge("A", x, "fights", "hostile", [Evidence("s", "d")]) for x in "BCD"]
    >>> sorted(top_actors(net, 2).nodes)
    ['A', 'B']
    """
    if n < 0:
        raise ConfigError(f"top: the number of actors must be 0 or more, not {n}")
    deg = degree(net)
    statements = dict.fromkeys(net.nodes, 0)
    for e in net.edges:
        for end in {e.source, e.target} & statements.keys():
            statements[end] += e.count
    kept = [nid for nid in keep if nid in net.nodes][:n]
    ranked = [x.id for x in sorted(net.nodes.values(),
                                   key=lambda x: (-deg[x.id], -statements[x.id], x.label.casefold(), x.id))]
    chosen = set(kept) | set([nid for nid in ranked if nid not in kept][:n - len(kept)])
    # A node whose relations all lead outside the cut would be drawn alone: it gives way to
    # the next best nodes related to those kept.
    neighbours: dict[str, set[str]] = {nid: set() for nid in net.nodes}
    for e in net.edges:
        if e.source != e.target:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    chosen = {nid for nid in chosen if nid in kept or neighbours[nid] & chosen}
    for nid in ranked:
        if len(chosen) >= n:
            break
        if nid not in chosen and neighbours[nid] & chosen:
            chosen.add(nid)
    return _subnetwork(net, chosen)


def resolve(net: Network, name: str) -> list[str]:
    """The IRIs of the nodes `name` stands for: an IRI, else a label, else an alternative label,
    else a surname, an acronym or another spelling of one (`kg.names.matching_keys`: "Kagame",
    "SAF", "al-Shabab").

    Labels compare by their lookup key, as the named queries do (`kg.names.name_key`: case,
    accents, a leading "the" ignored); a name several nodes share (a country and a region both
    called "Georgia") gives them all, an IRI exactly one. An unknown name raises `KgError`
    naming it, with close matches when there are any.

    >>> net = Network()
    >>> net.add_node(Node("urn:nrf", "National Resistance Front", "ArmedGroup", ["Northern Alliance"]))
    >>> resolve(net, "northern alliance"), resolve(net, "the National Resistance Front"), resolve(net, "NRF")
    (['urn:nrf'], ['urn:nrf'], ['urn:nrf'])
    """
    if not name.strip():
        raise ConfigError("around: the actor name is empty")
    if name in net.nodes:
        return [name]
    key = name_key(name)
    for matches in ([n.id for n in net.nodes.values() if name_key(n.label) == key],
                    [n.id for n in net.nodes.values()
                     if any(name_key(a) == key for a in n.alt_labels)]):
        if matches:
            return matches
    ids: dict[str, list[str]] = {}
    for n in net.nodes.values():
        for form in (n.label, *n.alt_labels):
            ids.setdefault(name_key(form), []).append(n.id)
    found = list(dict.fromkeys(i for k in matching_keys(name, ids) for i in ids[k]))
    if found:
        return found
    raise KgError(_not_found(net, name))


def _not_found(net: Network, name: str) -> str:
    """One line: the unknown name and up to five labels that look like it."""
    labels: dict[str, str] = {}  # key of a name -> the canonical label it leads to
    for n in net.nodes.values():
        for form in (n.label, *n.alt_labels):
            labels.setdefault(name_key(form), n.label)
    suggestions = nearest_names(name, labels)
    hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
    return f"actor {name!r} is not in the network{hint}"


def around(net: Network, actor: str, hops: int = 1) -> Network:
    """The ego network of `actor` (an IRI, label or alternative label, see `resolve`).

    Keeps every node within `hops` relations of it, whatever their direction, and every edge
    among those nodes.

    >>> net = Network()
    >>> for n in "ABCD": net.add_node(Node(n, n.lower(), "Country"))
    >>> net.edges += [Edge(a, b, "fights", "hostile", [Evidence("s", "d")]) for a, b in ["AB", "CB", "CD"]]
    >>> sorted(around(net, "B").nodes), sorted(around(net, "b", hops=2).nodes)
    (['A', 'B', 'C'], ['A', 'B', 'C', 'D'])
    """
    return _ego(net, resolve(net, actor), hops)


def _ego(net: Network, centres: list[str], hops: int) -> Network:
    if hops < 0:
        raise ConfigError(f"hops must be 0 or more, not {hops}")
    adjacent: dict[str, set[str]] = {nid: set() for nid in net.nodes}
    for e in net.edges:
        adjacent[e.source].add(e.target)
        adjacent[e.target].add(e.source)
    distance = {c: 0 for c in centres}
    queue = deque(centres)
    while queue:
        nid = queue.popleft()
        if distance[nid] == hops:
            continue
        for other in adjacent[nid]:
            if other not in distance:
                distance[other] = distance[nid] + 1
                queue.append(other)
    return _subnetwork(net, set(distance))


def _subnetwork(net: Network, keep: set[str]) -> Network:
    """The nodes in `keep` (in `net`'s order, which seeds the layout) and the edges among them."""
    out = Network()
    for nid, node in net.nodes.items():
        if nid in keep:
            out.add_node(node)
    out.edges = [Edge(e.source, e.target, e.relation, e.family, list(e.evidence))
                 for e in net.edges if e.source in keep and e.target in keep]
    return out


_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_date_prefix(text: str) -> bool:
    """A real date or a prefix of one, as YYYY, YYYY-MM or YYYY-MM-DD: what date filters take.

    >>> is_date_prefix("2021"), is_date_prefix("2021-02"), is_date_prefix("2021-02-31")
    (True, True, False)
    """
    if not _PREFIX.match(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


def select(net: Network, *, top: int | None = None, around: str | None = None, hops: int = 1,
           since: str | None = None, until: str | None = None, min_count: int = 1,
           min_confidence: float = 0.0, modalities: Iterable[str] | None = None,
           relations: Iterable[str] | None = None,
           families: Iterable[str] | None = None) -> Network:
    """Cut `net` down for drawing: evidence filters (`Network.filter`), then the ego network
    `around` an actor, then the `top` actors by `degree` (the actor `around` names stays).

    The actor is looked up before filtering, so a known actor whose relations all fall outside
    the filters is drawn alone rather than reported missing. With nothing asked, `net` itself
    comes back.

    Example: ``render_html(select(net, around="Taliban", hops=2, since="2021-08"), "t.html")``
    """
    for name, value in (("since", since), ("until", until)):
        if value and not is_date_prefix(value):
            raise ConfigError(f"{name}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    centres = resolve(net, around) if around is not None else None
    out = net
    if (since or until or min_confidence > 0 or min_count > 1 or modalities is not None
            or relations is not None or families is not None):
        out = net.filter(since=since, until=until, min_confidence=min_confidence,
                         modalities=modalities, relations=relations, families=families,
                         min_count=min_count)
    if centres is not None:
        if out is not net:  # filtering may have dropped the actor itself
            for c in centres:
                out.add_node(net.nodes[c])
        out = _ego(out, centres, hops)
    if top is not None:
        out = top_actors(out, top, keep=centres or ())
    return out
