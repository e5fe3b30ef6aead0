"""Interchange with other tools: the network as GraphML, GEXF or CSV (Gephi, Cytoscape,
spreadsheets), and RDF datasets (TriG, N-Quads ...) written by another instance read back in.

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
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox

from .config import DEFAULT_BASE_IRI
from .errors import ConfigError, InputError
from .names import name_key
from .network import Network
from .vocab import AKG, MODALITIES, RDF, RDFS, SKOS, symmetric_relations
from .store import FORMATS, Store

__all__ = [
    "EDGE_COLUMNS", "NETWORK_FORMATS", "NODE_COLUMNS", "RDF_EXTENSIONS", "SEP", "ImportReport",
    "csv_paths", "import_graph_name", "import_rdf", "interchange_graph", "rdf_format",
    "read_quads", "write_csv", "write_gexf", "write_graphml", "write_network",
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
    """Write the network as GEXF 1.2: node `label`, edge `label` (the relation) and `weight` (count)."""
    nx.write_gexf(interchange_graph(net), output)


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
    newlines survive. A node's degree is the number of edges (source, relation, target) at it,
    in and out, as Gephi counts it on the GraphML or GEXF of the same network.
    """
    nodes_path, edges_path = csv_paths(output)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    g = interchange_graph(net)
    with open(nodes_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(NODE_COLUMNS)
        for node, data in g.nodes(data=True):
            w.writerow([node, data["label"], data["type"], data["alt_labels"], g.degree(node)])
    with open(edges_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(EDGE_COLUMNS)
        for s, t, data in g.edges(data=True):
            w.writerow([s, g.nodes[s]["label"], data["relation"], data["family"], t,
                        g.nodes[t]["label"], data["count"], data["modalities"], data["first_date"],
                        data["last_date"], data["max_confidence"]])
    return nodes_path, edges_path


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
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        writers[fmt](net, Path(output))
        return [Path(output)]
    writers[fmt](net, output)
    return []


# -- RDF import -------------------------------------------------------------------------------

RDF_EXTENSIONS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle",
                  ".turtle": "turtle", ".nt": "ntriples", ".ntriples": "ntriples",
                  ".jsonld": "jsonld", ".rdf": "rdfxml", ".owl": "rdfxml"}


@dataclass(frozen=True)
class ImportReport:
    """What one import wrote: named graphs replaced, quads written, and where default-graph
    triples went (None when the file had none)."""

    source: str
    graphs: int
    quads: int
    default_graph: str | None = None


def rdf_format(path: str | Path, format: str | None = None) -> str:
    """The `kg.store.FORMATS` name for `path`: `format` when given, else from the extension.

    >>> rdf_format("export.nq"), rdf_format("a.ttl"), rdf_format("x.data", "trig")
    ('nquads', 'turtle', 'trig')
    """
    if format is not None:
        if format not in FORMATS:
            raise ConfigError(f"unknown RDF format {format!r}; choose from {', '.join(FORMATS)}")
        return format
    fmt = RDF_EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(str(path), "cannot tell the RDF format from the file extension "
                                    f"(known: {' '.join(RDF_EXTENSIONS)}); name the format")
    return fmt


def read_quads(path: str | Path, format: str | None = None) -> list[ox.Quad]:
    """Every quad of an RDF file, parsed in full before anything uses it.

    Blank nodes get fresh identifiers, so two files that both say `_:b0` do not merge.
    Raises InputError naming the file, and the line on a syntax error.
    """
    fmt = rdf_format(path, format)
    try:
        return list(ox.parse(path=str(path), format=FORMATS[fmt], rename_blank_nodes=True))
    except SyntaxError as e:
        reason = str(e).split(": ", 1)[-1]
        where = f"{path}:{e.lineno}" if e.lineno else str(path)
        column = f" (column {e.offset})" if e.offset else ""
        raise InputError(where, f"not valid {fmt}{column}: {reason}") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not an RDF file") from None
    except OSError as e:
        reason = re.sub(r" \(os error \d+\)$", "", e.strerror or str(e))
        raise InputError(str(path), reason) from None


def import_graph_name(path: str | Path, base: str = DEFAULT_BASE_IRI) -> ox.NamedNode:
    """The named graph that receives a file's default-graph triples: `<base>graph/import/<file name>`.

    Named after the file name alone, so importing the same file again, from any folder,
    replaces the same graph.

    >>> import_graph_name("out/extra actors.ttl").value
    'https://w3id.org/actor-kg/id/graph/import/extra%20actors.ttl'
    """
    base = base if base.endswith(("/", "#")) else base + "/"
    return ox.NamedNode(base + "graph/import/" + quote(Path(path).name, safe="-._~"))


def import_rdf(store: Store, path: str | Path, format: str | None = None, *,
               base: str = DEFAULT_BASE_IRI) -> ImportReport:
    """Read a TriG / N-Quads (or Turtle, N-Triples ...) file into `store`, graph by graph.

    The whole file is parsed first (`read_import`), so a syntax error leaves the store
    unchanged. Each named graph in the file then replaces the store's graph of that name
    (`Store.replace_graph`, one transaction per graph), so importing the same export again
    changes nothing and re-imported documents replace their old statements; graphs the file
    does not name are left alone. Triples in the file's default graph (all of a Turtle or
    N-Triples file) go to the named graph `import_graph_name(path, base)`, not to the store's
    default graph, so that they too are replaced, not doubled, on re-import.

    A blank node shared by two graphs of one file stays one node on a first import; replacing
    an existing graph mints its blank nodes afresh, so on re-import each graph keeps its own.
    """
    return write_import(store, read_import(path, format, base=base))


@dataclass
class ParsedImport:
    """A file parsed for import: its quads by graph, before anything is written."""

    source: str
    graphs: dict
    default_graph: str | None = None


def read_import(path: str | Path, format: str | None = None, *,
                base: str = DEFAULT_BASE_IRI) -> ParsedImport:
    """Parse a file for `import_rdf`, its default-graph triples moved to their import graph."""
    default = import_graph_name(path, base)
    graphs: dict[ox.NamedNode, dict[ox.Quad, None]] = {}
    has_default = False
    for q in read_quads(path, format):
        g = q.graph_name
        if isinstance(g, ox.DefaultGraph):
            has_default = True
            g = default
            q = ox.Quad(q.subject, q.predicate, q.object, g)
        elif isinstance(g, ox.BlankNode):
            raise InputError(str(path), "a graph named by a blank node cannot be replaced on "
                                        "re-import; name every graph with an IRI")
        graphs.setdefault(g, {})[q] = None
    for quads in graphs.values():
        _add_name_keys(quads)
    return ParsedImport(str(path), graphs, default.value if has_default else None)


_TYPE, _LABEL, _ALT = (ox.NamedNode(str(t)) for t in (RDF.type, RDFS.label, SKOS.altLabel))
_NAME_KEY, _DOCUMENT = ox.NamedNode(str(AKG.nameKey)), ox.NamedNode(str(AKG.Document))


def _add_name_keys(quads: dict[ox.Quad, None]) -> None:
    """Give every name of an actor or place in one graph its `akg:nameKey`, as a build writes
    it: a graph written by an older version, without keys, is then found by the named queries."""
    typed = {q.subject for q in quads if q.predicate == _TYPE and q.object != _DOCUMENT
             and q.object.value.startswith(str(AKG))}
    # names as the data model writes them: plain strings (the ontology's own labels carry @en)
    for q in [q for q in quads if q.predicate in (_LABEL, _ALT) and q.subject in typed
              and isinstance(q.object, ox.Literal) and q.object.language is None]:
        key = name_key(q.object.value)
        if key:
            quads[ox.Quad(q.subject, _NAME_KEY, ox.Literal(key), q.graph_name)] = None


def write_import(store: Store, parsed: ParsedImport) -> ImportReport:
    """Write a parsed file into `store`, one transaction per graph."""
    for g, gquads in parsed.graphs.items():
        store.replace_graph(g, gquads)
    store.flush()
    return ImportReport(parsed.source, len(parsed.graphs), sum(map(len, parsed.graphs.values())),
                        parsed.default_graph)
