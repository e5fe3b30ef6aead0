"""One analysis by name, as `kg analyze` runs it: rows under columns, and facts about the whole
(the balance ratio, the windows compared), printable as a table, CSV or JSON.

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> for n in "AB": net.add_node(Node(n, n, "ArmedGroup"))
>>> net.edges.append(Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1")]))
>>> analysis(net, "rivalries").rows[0]["hostile"]
1
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import ConfigError
from ..textsafe import csv_row
from .centrality import centrality, communities
from .data import Network
from .signed import COUNTED, PLACE_TYPES, Window, alliances, balance, changes, rivalries

__all__ = ["ANALYSES", "Table", "analysis", "to_csv", "to_json"]

ANALYSES = ("centrality", "communities", "balance", "rivalries", "alliances", "changes")


def to_csv(rows: list[dict]) -> str:
    """Rows as CSV with a header (the first row's keys); None is empty, and a cell a
    spreadsheet would run as a formula is neutralised (`kg.textsafe.csv_cell`)."""
    if not rows:
        return ""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180: a CR in a cell gets it quoted
    w.writerow(csv_row(rows[0]))
    w.writerows(csv_row(r.get(k) for k in rows[0]) for r in rows)
    return buf.getvalue()


def to_json(rows) -> str:
    """Rows (or any plain data) as indented JSON, non-ASCII kept."""
    return json.dumps(rows, ensure_ascii=False, indent=2)


@dataclass
class Table:
    """One analysis for the CLI: rows under columns, and facts about the whole (balance ratio)."""

    kind: str
    rows: list[dict]
    meta: dict = field(default_factory=dict)
    summary: str = ""

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []

    def to_csv(self) -> str:
        return to_csv(self.rows)

    def to_json(self) -> str:
        return to_json({"analysis": self.kind, **self.meta, "rows": self.rows})


def analysis(net: Network, kind: str, *, top: int | None = None, family: str | None = None,
             before: str | None = None, after: str | None = None, weak: bool = False,
             min_statements: int = 1, modalities: Iterable[str] | None = COUNTED,
             places: bool = False, skip_types: Iterable[str] = ()) -> Table:
    """Run one of `ANALYSES` with the CLI's options; `top` keeps the first rows (0 or None: all).

    Centrality and communities keep places; the signed analyses drop them unless `places`.
    `skip_types` drops nodes of those types from every analysis.
    """
    skip = set(skip_types)
    signed = {"modalities": modalities, "skip_types": skip if places else skip | PLACE_TYPES}
    meta: dict = {}
    summary = ""
    if kind in ("centrality", "communities"):
        rows = (centrality if kind == "centrality" else communities)(
            net, family, modalities=modalities, skip_types=skip)
        summary = ("sorted by betweenness (who sits between the others), then degree, then statements"
                   if kind == "centrality" else "sorted by size, then statements")
    elif kind == "balance":
        b = balance(net, weak=weak, **signed)
        rows, summary = b.unbalanced, b.summary()
        meta = {"triangles": b.triangles, "balanced": b.balanced, "ratio": b.ratio, "weak": weak}
    elif kind in ("rivalries", "alliances"):
        rows = (rivalries if kind == "rivalries" else alliances)(net, min_statements=min_statements, **signed)
    elif kind == "changes":
        if not before or not after:
            raise ConfigError("changes: give both windows, e.g. --before 2024-01 --after 2024-02")
        windows = Window.parse(before), Window.parse(after)
        rows = changes(net, *windows, **signed)
        meta = {"before": str(windows[0]), "after": str(windows[1])}
        kinds = Counter(r["change"] for r in rows)
        summary = (f"{len(rows)} changed pair(s) from {windows[0]} to {windows[1]}: "
                   + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    else:
        raise ConfigError(f"unknown analysis {kind!r}; choose from {', '.join(ANALYSES)}")
    meta["rows_total"] = len(rows)
    return Table(kind, rows[:top] if top and top > 0 else rows, meta, summary)
