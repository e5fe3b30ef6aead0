"""RDF files in and out: the formats a store is exported in (`export_rdf`), and datasets written
by another instance (TriG, N-Quads, Turtle ...) read back in, graph by graph (`import_rdf`).

>>> rdf_format("export.nq"), FORMAT_NAMES["ttl"]
('nquads', 'turtle')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox

from ..config import DEFAULT_BASE_IRI
from ..errors import ConfigError, InputError, KgError
from ..names import name_key
from ..output import replacing
from ..vocab import AKG, RDF, RDFS, SKOS
from . import summary
from .embedded import FORMATS
from .triples import Minter

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["FORMAT_NAMES", "FORMATS", "RDF_EXTENSIONS", "ImportReport", "ParsedImport", "export_rdf",
           "import_graph_name", "import_rdf", "rdf_format", "read_import", "read_quads",
           "write_import"]

FORMAT_NAMES = {"trig": "trig", "nquads": "nquads", "nq": "nquads", "turtle": "turtle",
                "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples", "jsonld": "jsonld",
                "json-ld": "jsonld", "rdfxml": "rdfxml", "xml": "rdfxml"}
"""Every spelling of an RDF format the CLI takes, to its name in `FORMATS`."""


def export_rdf(store: GraphStore, output=None, format: str = "trig") -> bytes | None:
    """Serialise the store (TriG, N-Quads, Turtle, JSON-LD ...) to `output`, a path (its folder
    made; written whole or not at all, `kg.output.replacing`) or a binary file; bytes when it
    is None."""
    if format not in FORMATS:
        raise KgError(f"unknown export format {format!r}; choose from {', '.join(FORMATS)}")
    if isinstance(output, (str, Path)):
        try:
            with replacing(output) as part:
                store.dump(str(part), format)
        except OSError as e:
            raise KgError(f"{output}: cannot write ({e.strerror or e})") from None
        return None
    return store.dump(output, format)


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
    """The `FORMATS` name for `path`: `format` when given (in any spelling of `FORMAT_NAMES`),
    else from the extension.

    >>> rdf_format("export.nq"), rdf_format("a.ttl"), rdf_format("x.data", "nq")
    ('nquads', 'turtle', 'nquads')
    """
    if format is not None:
        format = FORMAT_NAMES.get(format, format)
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


def import_rdf(store: GraphStore, path: str | Path, format: str | None = None, *,
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
    base: str = DEFAULT_BASE_IRI  # of the store's resources, whose edge summary follows the import


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
    return ParsedImport(str(path), graphs, default.value if has_default else None, base)


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


def write_import(store: GraphStore, parsed: ParsedImport) -> ImportReport:
    """Write a parsed file into `store`, one transaction per graph, then sum its edges up again
    (`kg.graph.summary`): the statements came without them, or with another store's."""
    for g, gquads in parsed.graphs.items():
        store.replace_graph(g, gquads)
    summary.rebuild(store, Minter(parsed.base))
    store.flush()
    return ImportReport(parsed.source, len(parsed.graphs), sum(map(len, parsed.graphs.values())),
                        parsed.default_graph)
