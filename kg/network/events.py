"""The event table: one row per statement in the columns ACLED and GDELT users work with (who,
did what, to whom, where, when, says who, on what evidence), as CSV for spreadsheets or JSON lines
for scripts.

Relations carry their CAMEO root and PLOVER category from the ontology's mappings
(`kg.vocab.event_codes`); locations their admin-1 region and country (up `akg:partOf`) and
coordinates (GeoSPARQL points from the gazetteer); actors their type and country. Every CSV
cell goes through `kg.textsafe.csv_cell`, so a sentence starting with `=` opens as text.

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> net.add_node(Node("urn:rsf", "RSF", "ArmedGroup"))
>>> net.add_node(Node("urn:saf", "SAF", "StateForce"))
>>> net.edges.append(Edge("urn:rsf", "urn:saf", "fights", "hostile",
...                       [Evidence("The RSF fought the SAF.", "d1", date="2025-01-05")]))
>>> row = event_rows(net)[0]
>>> row["actor1"], row["relation"], row["cameo"], row["plover"], row["actor2"]
('RSF', 'fights', '19', 'ASSAULT', 'SAF')
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import BinaryIO

from ..output import replacing
from ..textsafe import csv_row
from ..vocab import event_codes
from .data import Geography, Network

__all__ = ["EVENT_COLUMNS", "EVENT_FORMATS", "event_rows", "write_events"]

EVENT_COLUMNS = (
    "statement_id", "event_id", "event_date",
    "actor1", "actor1_type", "actor1_country",
    "relation", "family", "cameo", "plover",
    "actor2", "actor2_type", "actor2_country",
    "location", "location_type", "admin1", "country", "latitude", "longitude",
    "modality", "source", "doc_id", "title", "url", "evidence", "trigger", "confidence",
)
"""The event table's columns, in order."""

EVENT_FORMATS = {"events": "csv", "events-jsonl": "jsonl"}
"""`kg export` format names of the event table, and what each writes."""


def _up(geo: Geography, place: str, kinds: set[str]) -> str | None:
    """The first place of a type in `kinds`, from `place` up its `partOf` chain."""
    seen: set[str] = set()
    node: str | None = place
    while node and node not in seen:
        if geo.types.get(node) in kinds:
            return node
        seen.add(node)
        node = geo.part_of.get(node)
    return None


def event_rows(net: Network) -> list[dict]:
    """One dict per statement of `net`, keyed by `EVENT_COLUMNS`, ordered by date then document.

    `event_id` names the event a statement reports when events were grouped
    (`kg.network.group_events`), else it is empty. Without `net.geography` (a network read
    without it), locations and countries are empty.
    """
    geo = net.geography or Geography()
    label = lambda iri: (geo.labels.get(iri) or (net.nodes[iri].label if iri in net.nodes else None)
                         if iri else None)  # noqa: E731

    def country_of(iri: str | None) -> str | None:
        if not iri:
            return None
        if geo.types.get(iri) == "Country" or (iri in net.nodes and net.nodes[iri].type == "Country"):
            return label(iri)
        return label(geo.country.get(iri) or _up(geo, iri, {"Country"}))

    rows = []
    for e in net.edges:
        codes = event_codes(e.relation)
        a1, a2 = net.nodes.get(e.source), net.nodes.get(e.target)
        for ev in e.evidence:
            where = ev.location
            point = geo.points.get(where) if where else None
            rows.append({
                "statement_id": ev.statement, "event_id": ev.event or "", "event_date": ev.date,
                "actor1": a1.label if a1 else e.source, "actor1_type": a1.type if a1 else None,
                "actor1_country": country_of(e.source),
                "relation": e.relation, "family": e.family, "cameo": codes["cameo"],
                "plover": codes["plover"],
                "actor2": a2.label if a2 else e.target, "actor2_type": a2.type if a2 else None,
                "actor2_country": country_of(e.target),
                "location": label(where), "location_type": geo.types.get(where) if where else None,
                "admin1": label(_up(geo, where, {"Region"})) if where else None,
                "country": country_of(where),
                "latitude": point[0] if point else None, "longitude": point[1] if point else None,
                "modality": ev.modality, "source": label(ev.source), "doc_id": ev.doc_id,
                "title": ev.doc_title, "url": ev.doc_url, "evidence": ev.sentence,
                "trigger": ev.trigger, "confidence": ev.confidence,
            })
    rows.sort(key=lambda r: (r["event_date"] or "", r["doc_id"], r["statement_id"]))
    return rows


def write_events(net: Network, output: str | Path | BinaryIO, fmt: str = "csv") -> list[Path]:
    """Write the event table of `net` as "csv" (a header row, RFC 4180 quoting, spreadsheet-safe
    cells) or "jsonl" (one JSON object a line, null for a missing value) to a path or a binary
    stream; returns the files written (none for a stream)."""
    rows = event_rows(net)
    text = io.StringIO()
    if fmt == "jsonl":
        for r in rows:
            text.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        w = csv.writer(text, lineterminator="\r\n")
        w.writerow(EVENT_COLUMNS)
        for r in rows:
            w.writerow(csv_row(r[c] for c in EVENT_COLUMNS))
    data = text.getvalue().encode("utf-8")
    if isinstance(output, (str, Path)):
        with replacing(output) as part:  # whole or not at all
            part.write_bytes(data)
        return [Path(output)]
    output.write(data)
    return []
