"""The network in other tools' files: GraphML, GEXF or CSV (Gephi, Cytoscape, spreadsheets).

Network files carry one edge per (source, relation, target) with scalar attributes only, since
GraphML and GEXF have no lists or nulls: lists are joined with `SEP`, a missing date is "".

>>> from kg.network import Edge, Evidence, Network, Node
>>> net = Network()
>>> for n in "AB": net.add_node(Node(n, n, "Country"))
>>> net.edges.append(Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1")]))
>>> g = interchange_graph(net)
>>> g.edges["A", "B", "fights"]["weight"], g.edges["A", "B", "fights"]["modalities"]
(1, 'Asserted')
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from ..errors import ConfigError
from ..output import replacing
from ..textsafe import csv_row
from ..vocab import MODALITIES, symmetric_relations
from .data import Network

__all__ = [
    "EDGE_COLUMNS", "NETWORK_FORMATS", "NODE_COLUMNS", "SEP", "csv_paths", "interchange_graph",
    "write_csv", "write_gexf", "write_graphml", "write_network",
]

NETWORK_FORMATS = ("graphml", "gexf", "csv")
SEP = "|"
"""Joins list values (alternative labels, modalities, document ids) in one attribute or cell."""

NODE_COLUMNS = ("id", "label", "type", "alt_labels", "degree")
EDGE_COLUMNS = ("source", "source_label", "relation", "family", "target", "target_label", "count",
                "modalities", "first_date", "last_date", "max_confidence")

# Ties between modalities go to the firmer one.
_MODALITY_ORDER = MODALITIES
# Characters XML 1.0 cannot hold even escaped; a stray form feed in a sentence would make the
# whole GraphML/GEXF file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _dominant(modalities: list[str]) -> str:
    counts = Counter(modalities)
    return min(counts, key=lambda m: (-counts[m], _MODALITY_ORDER.index(m)
                                      if m in _MODALITY_ORDER else len(_MODALITY_ORDER), m))


def interchange_graph(net: Network) -> nx.MultiDiGraph:
    """The network as a MultiDiGraph keyed by relation, every attribute a str, int, float or bool.

    Nodes: label, type, alt_labels. Edges: id ("e0", "e1" ...), label and relation (the
    relation's name), family, symmetric, count and weight (both the number of statements),
    modalities, dominant_modality, first_date, last_date, max_confidence, and the first
    statement's evidence sentence, plus doc_ids (every document, in evidence order).
    """
    g = nx.MultiDiGraph()
    symmetric = symmetric_relations()
    for node in sorted(net.nodes.values(), key=lambda n: n.id):
        g.add_node(node.id, label=_xml(node.label), type=node.type,
                   alt_labels=_xml(SEP.join(node.alt_labels)))
    for i, e in enumerate(net.edges):
        mods = [ev.modality for ev in e.evidence]
        first, last = e.dates
        g.add_edge(e.source, e.target, key=e.relation, id=f"e{i}", label=e.relation,
                   relation=e.relation, family=e.family, symmetric=e.relation in symmetric,
                   count=e.count, weight=e.count,
                   modalities=SEP.join(m for m in _MODALITY_ORDER if m in mods),
                   dominant_modality=_dominant(mods) if mods else "",
                   first_date=first or "", last_date=last or "",
                   max_confidence=max((ev.confidence for ev in e.evidence), default=0.0),
                   evidence=_xml(e.evidence[0].sentence) if e.evidence else "",
                   doc_ids=_xml(SEP.join(dict.fromkeys(ev.doc_id for ev in e.evidence))))
    return g


def write_graphml(net: Network, output: str | Path | BinaryIO) -> None:
    """Write the network as GraphML (edge ids are the `id` attribute, unique in the file)."""
    nx.write_graphml(interchange_graph(net), output, edge_id_from_attribute="id")


def write_gexf(net: Network, output: str | Path | BinaryIO) -> None:
    """Write the network as GEXF 1.2: node `label`, edge `label` (the relation) and `weight`
    (count). Dated edges carry `start` and `end` (their first and last statement's date) and
    nodes the span of their edges, so Gephi's timeline shows the network as it grew; a node
    or edge without dates is there all the time."""
    g = interchange_graph(net)
    spans: dict[str, list[str]] = {}
    undated: set[str] = set()
    for s, t, data in g.edges(data=True):
        if data["first_date"]:
            data["start"], data["end"] = data["first_date"], data["last_date"]
            for n in (s, t):
                spans.setdefault(n, []).extend((data["first_date"], data["last_date"]))
        else:
            undated.update((s, t))
    for n, dates in spans.items():
        if n not in undated:
            g.nodes[n]["start"], g.nodes[n]["end"] = min(dates), max(dates)
    nx.write_gexf(g, output)


def csv_paths(output: str | Path) -> tuple[Path, Path]:
    """Where `write_csv` puts (nodes, edges) for `output`, a directory or a file-name prefix.

    An existing directory, or a path ending in "/", gets `nodes.csv` and `edges.csv`; anything
    else is a prefix, with a ".csv" ending dropped, followed by `-nodes.csv` and `-edges.csv`.

    >>> [str(p) for p in csv_paths("out/")]
    ['out/nodes.csv', 'out/edges.csv']
    >>> [str(p) for p in csv_paths("out/panjshir.csv")]
    ['out/panjshir-nodes.csv', 'out/panjshir-edges.csv']
    """
    text = str(output)
    path = Path(text)
    if text.endswith(("/", "\\")) or path.is_dir():
        return path / "nodes.csv", path / "edges.csv"
    stem = path.name[:-4] if path.name.lower().endswith(".csv") else path.name
    return path.with_name(f"{stem}-nodes.csv"), path.with_name(f"{stem}-edges.csv")


def write_csv(net: Network, output: str | Path) -> tuple[Path, Path]:
    """Write nodes.csv and edges.csv (named by `csv_paths`) and return their paths.

    UTF-8, a header row, RFC 4180 quoting, so labels and sentences with commas, quotes or
    newlines survive; a cell a spreadsheet would run as a formula is neutralised
    (`kg.textsafe.csv_cell`). A node's degree is the number of edges (source, relation, target) at it,
    in and out, as Gephi counts it on the GraphML or GEXF of the same network.
    """
    nodes_path, edges_path = csv_paths(output)
    g = interchange_graph(net)
    with replacing(nodes_path) as nodes_part, replacing(edges_path) as edges_part:
        _write_csv(g, nodes_part, edges_part)
    return nodes_path, edges_path


def _write_csv(g: nx.MultiDiGraph, nodes_path: Path, edges_path: Path) -> None:
    with open(nodes_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(csv_row(NODE_COLUMNS))
        for node, data in g.nodes(data=True):
            w.writerow(csv_row([node, data["label"], data["type"], data["alt_labels"], g.degree(node)]))
    with open(edges_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(csv_row(EDGE_COLUMNS))
        for s, t, data in g.edges(data=True):
            w.writerow(csv_row([s, g.nodes[s]["label"], data["relation"], data["family"], t,
                                g.nodes[t]["label"], data["count"], data["modalities"],
                                data["first_date"], data["last_date"], data["max_confidence"]]))


def write_network(net: Network, output: str | Path | BinaryIO, fmt: str) -> list[Path]:
    """Write `net` as "graphml", "gexf" or "csv"; returns the files written (none for a stream).

    CSV needs a path (a directory or a prefix, see `csv_paths`); GraphML and GEXF also take a
    binary stream such as `sys.stdout.buffer`.
    """
    if fmt == "csv":
        if not isinstance(output, (str, Path)):
            raise ConfigError("CSV export writes two files: give a directory or a file-name prefix")
        return list(write_csv(net, output))
    writers = {"graphml": write_graphml, "gexf": write_gexf}
    if fmt not in writers:
        raise ConfigError(f"unknown network format {fmt!r}; choose from {', '.join(NETWORK_FORMATS)}")
    if isinstance(output, (str, Path)):
        with replacing(output) as part:
            writers[fmt](net, part)
        return [Path(output)]
    writers[fmt](net, output)
    return []
