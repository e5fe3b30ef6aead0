"""The signed actor network: hostile -1, cooperative +1; structural balance, rivalries,
alliances, and how pairs changed between two date windows.

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> for n in "AB": net.add_node(Node(n, n, "ArmedGroup"))
>>> net.edges.append(Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1")]))
>>> [(r["actor_a"], r["actor_b"], r["hostile"]) for r in rivalries(net)]
[('A', 'B', 1)]
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from ..errors import ConfigError
from ..vocab import COOPERATIVE, FAMILIES, HOSTILE, TRUTHY_MODALITIES
from ..vocab import PLACE_TYPES as _PLACE_TYPES
from .data import Network
from .select import is_date_prefix

__all__ = ["COUNTED", "PLACE_TYPES", "Balance", "Window", "alliances", "balance", "changes", "counted",
           "rivalries", "signed_graph"]

COUNTED = tuple(sorted(TRUTHY_MODALITIES))
"""Modalities whose statements count as evidence that a relation holds (as for the plain triple)."""

PLACE_TYPES = frozenset(_PLACE_TYPES)
"""Node types that are only places; a country is also an actor and stays."""

SIGNS = {HOSTILE: -1, COOPERATIVE: 1}


def counted(net: Network, family: str | None, modalities: Iterable[str] | None,
          skip_types: Iterable[str]) -> Network:
    """The network with only counted statements of `family`, without nodes of `skip_types`."""
    if family is not None and family not in FAMILIES:
        raise ConfigError(f"unknown relation family {family!r}; choose from {', '.join(FAMILIES)}")
    view = net.filter(modalities=modalities, families=[family] if family else None)
    skip = set(skip_types)
    if skip:
        view.edges = [e for e in view.edges
                      if view.nodes[e.source].type not in skip and view.nodes[e.target].type not in skip]
        keep = {n for e in view.edges for n in (e.source, e.target)}
        view.nodes = {k: v for k, v in view.nodes.items() if k in keep}
    return view


# --- the signed graph -------------------------------------------------------------------------

@dataclass
class _Pair:
    """Statements between two actors, either direction, by family."""

    count: Counter = field(default_factory=Counter)  # family -> statements
    relations: dict = field(default_factory=dict)  # family -> Counter(relation -> statements)
    sent: dict = field(default_factory=dict)  # family -> Counter(source IRI -> statements)
    dates: dict = field(default_factory=dict)  # family -> dates of its statements

    @property
    def sign(self) -> int:
        """Majority of statements; a tie is 0 (ambivalent): the evidence does not choose a side."""
        diff = self.count["cooperative"] - self.count["hostile"]
        return (diff > 0) - (diff < 0)


def _pairs(net: Network, modalities, skip_types) -> dict[tuple[str, str], _Pair]:
    pairs: dict[tuple[str, str], _Pair] = {}
    for e in counted(net, None, modalities, skip_types).edges:
        if e.family not in SIGNS or e.source == e.target:
            continue
        p = pairs.setdefault(tuple(sorted((e.source, e.target))), _Pair())
        p.count[e.family] += e.count
        p.relations.setdefault(e.family, Counter())[e.relation] += e.count
        p.sent.setdefault(e.family, Counter())[e.source] += e.count
        p.dates.setdefault(e.family, []).extend(ev.date for ev in e.evidence if ev.date)
    return pairs


def _mix(counter: Counter | None) -> str:
    """'attacks 5, kills 2': relations by statements."""
    return ", ".join(f"{r} {n}" for r, n in sorted((counter or {}).items(), key=lambda x: (-x[1], x[0])))


def signed_graph(net: Network, *, modalities: Iterable[str] | None = COUNTED,
                 skip_types: Iterable[str] = PLACE_TYPES) -> nx.Graph:
    """Actors joined by sign +1 (mostly cooperative) or -1 (mostly hostile); ties are left out.

    Only the hostile and cooperative families are signed (leads, memberOf ... are not), and
    places are skipped by default: a place is attacked, it is no one's enemy.
    """
    g = nx.Graph()
    for (a, b), p in sorted(_pairs(net, modalities, skip_types).items()):
        if p.sign:
            for n in (a, b):
                g.add_node(n, label=net.nodes[n].label, type=net.nodes[n].type)
            g.add_edge(a, b, sign=p.sign, hostile=p.count["hostile"], cooperative=p.count["cooperative"])
    return g


@dataclass
class Balance:
    """Structural balance of the signed graph: triangle counts and the unbalanced triangles."""

    triangles: int
    balanced: int
    unbalanced: list[dict]
    weak: bool = False

    @property
    def ratio(self) -> float | None:
        return round(self.balanced / self.triangles, 4) if self.triangles else None

    def summary(self) -> str:
        if not self.triangles:
            return ("no triangles: no three actors are each related to the other two, so the "
                    "signed graph has no balance to measure")
        kind = "weak (all-hostile triangles balanced)" if self.weak else "strict"
        return (f"{self.balanced} of {self.triangles} triangles balanced, ratio {self.ratio}; "
                f"{kind} balance")


def _triangles(g: nx.Graph):
    """Each triangle once, as (u, v, w) with u < v < w."""
    for u in sorted(g):
        for v in sorted(x for x in g[u] if x > u):
            yield from ((u, v, w) for w in sorted(x for x in set(g[u]) & set(g[v]) if x > v))


def balance(net: Network, *, weak: bool = False, modalities: Iterable[str] | None = COUNTED,
            skip_types: Iterable[str] = PLACE_TYPES) -> Balance:
    """Triangles of the signed graph; one is balanced when the product of its signs is positive.

    Unbalanced: two friends of one actor are hostile to each other (+ + -), or three actors are
    all hostile (- - -, "the enemy of my enemy is my friend" fails). With `weak` (Davis), the
    all-hostile triangle counts as balanced. In each row actor_a and actor_b are the odd pair.
    """
    g = signed_graph(net, modalities=modalities, skip_types=skip_types)
    label = {n: g.nodes[n]["label"] for n in g}
    mark = {1: "+", -1: "-"}
    total = good = 0
    bad = []
    for u, v, w in _triangles(g):
        total += 1
        negative = [(x, y) for x, y in ((u, v), (u, w), (v, w)) if g[x][y]["sign"] < 0]
        if len(negative) % 2 == 0 or (weak and len(negative) == 3):
            good += 1
            continue
        a, b = negative[0] if len(negative) == 1 else sorted((u, v, w), key=label.get)[:2]
        c = ({u, v, w} - {a, b}).pop()
        bad.append({"actor_a": label[a], "actor_b": label[b], "actor_c": label[c],
                    "a_b": mark[g[a][b]["sign"]], "a_c": mark[g[a][c]["sign"]], "b_c": mark[g[b][c]["sign"]],
                    "statements": sum(g[x][y]["hostile"] + g[x][y]["cooperative"]
                                      for x, y in ((a, b), (a, c), (b, c))),
                    "reading": "a and b hostile, both friends of c" if len(negative) == 1
                    else "all three hostile: the enemy of an enemy is no friend"})
    bad.sort(key=lambda r: (-r["statements"], r["actor_a"], r["actor_b"], r["actor_c"]))
    return Balance(total, good, bad, weak)


def _ranked(net: Network, family: str, modalities, skip_types, min_statements: int) -> list[dict]:
    other = "cooperative" if family == "hostile" else "hostile"
    rows = []
    for (a, b), p in _pairs(net, modalities, skip_types).items():
        n = p.count[family]
        if n < max(1, min_statements):
            continue
        sent = p.sent[family]
        # the side that sends more of these statements comes first: the attacker, the backer
        a, b = sorted((a, b), key=lambda x: (-sent[x], net.nodes[x].label))
        dates = sorted(p.dates.get(family, [])) or [None]
        rows.append({"actor_a": net.nodes[a].label, "actor_b": net.nodes[b].label, family: n,
                     "a_to_b": sent[a], "b_to_a": sent[b], other: p.count[other],
                     "sign": p.sign, "relations": _mix(p.relations[family]),
                     "first": dates[0], "last": dates[-1]})
    return sorted(rows, key=lambda r: (-r[family], r["actor_a"], r["actor_b"]))


def rivalries(net: Network, *, min_statements: int = 1, modalities: Iterable[str] | None = COUNTED,
              skip_types: Iterable[str] = PLACE_TYPES) -> list[dict]:
    """Pairs with hostile statements, most first: counts each way, relation mix, date range.

    `sign` is the pair's overall sign, so a rivalry that also negotiates shows it.
    """
    return _ranked(net, "hostile", modalities, skip_types, min_statements)


def alliances(net: Network, *, min_statements: int = 1, modalities: Iterable[str] | None = COUNTED,
              skip_types: Iterable[str] = PLACE_TYPES) -> list[dict]:
    """Pairs with cooperative statements, most first; the columns of `rivalries`."""
    return _ranked(net, "cooperative", modalities, skip_types, min_statements)


# --- change over time -------------------------------------------------------------------------



@dataclass(frozen=True)
class Window:
    """A date window, bounds inclusive ISO prefixes: `Window.parse("2024-01")` is January 2024.

    >>> Window.parse("2024-01"), Window.parse("2024-01..2024-03").until, Window.parse("..2024").since
    (Window(since='2024-01', until='2024-01'), '2024-03', None)
    """

    since: str | None = None
    until: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Window":
        """YYYY[-MM[-DD]] for one period, SINCE..UNTIL for a range (either end may be left open)."""
        since, sep, until = text.strip().partition("..")
        window = cls(since or None, until or None) if sep else cls(since, since)
        for bound in filter(None, (window.since, window.until)):
            if not is_date_prefix(bound):
                raise ConfigError(f"date window {text!r}: expected YYYY[-MM[-DD]] or SINCE..UNTIL")
        if not (sep or since):
            raise ConfigError("date window '': expected YYYY[-MM[-DD]] or SINCE..UNTIL")
        if window.since and window.until and window.since[:len(window.until)] > window.until:
            raise ConfigError(f"date window {text!r}: it ends before it starts")
        return window

    def __str__(self) -> str:
        if self.since and self.since == self.until:
            return self.since
        return f"{self.since or ''}..{self.until or ''}"


def changes(net: Network, before: Window | str, after: Window | str, *, unchanged: bool = False,
            modalities: Iterable[str] | None = COUNTED,
            skip_types: Iterable[str] = PLACE_TYPES) -> list[dict]:
    """How signed pairs changed from the `before` window to the `after` one.

    change: "new" (no hostile or cooperative statement before), "gone" (none after), "flipped"
    (the sign changed, ambivalent 0 included), "grew" / "shrank" (same sign, more or fewer
    statements); "same" rows only with `unchanged`. Biggest moves first within each kind.
    """
    windows = [w if isinstance(w, Window) else Window.parse(w) for w in (before, after)]
    old, new = (_pairs(net.filter(since=w.since, until=w.until), modalities, skip_types) for w in windows)
    order = {"flipped": 0, "new": 1, "gone": 2, "grew": 3, "shrank": 4, "same": 5}
    rows = []
    for key in set(old) | set(new):
        p, q = old.get(key, _Pair()), new.get(key, _Pair())
        n0, n1 = sum(p.count.values()), sum(q.count.values())
        change = ("new" if not n0 else "gone" if not n1 else "flipped" if p.sign != q.sign
                  else "grew" if n1 > n0 else "shrank" if n1 < n0 else "same")
        if change == "same" and not unchanged:
            continue
        a, b = sorted(key, key=lambda x: net.nodes[x].label)
        rows.append({"actor_a": net.nodes[a].label, "actor_b": net.nodes[b].label, "change": change,
                     "sign_before": p.sign if n0 else None, "sign_after": q.sign if n1 else None,
                     "hostile_before": p.count["hostile"], "hostile_after": q.count["hostile"],
                     "cooperative_before": p.count["cooperative"],
                     "cooperative_after": q.count["cooperative"],
                     "relations_before": _mix(sum(p.relations.values(), Counter())),
                     "relations_after": _mix(sum(q.relations.values(), Counter()))})
    moved = (lambda r: abs(r["hostile_after"] + r["cooperative_after"]
                           - r["hostile_before"] - r["cooperative_before"]))
    return sorted(rows, key=lambda r: (order[r["change"]], -moved(r), r["actor_a"], r["actor_b"]))


