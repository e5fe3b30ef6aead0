"""Check a graph, a store or an RDF file against the actor-kg SHACL shapes, so that a writer
bug or a bad import shows up as plain lines: focus node, path, message.

>>> from rdflib import Graph
>>> validate(Graph())[0]
True
>>> validate_graph(Graph()).count
0
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from ..errors import ConfigError, InputError
from ..vocab import AKG, AKGR_BASE, DCTERMS, PROV, RDF, RDFS, SKOS, XSD, ontology_path, shapes_path
from .rdf_io import read_quads

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["ValidationReport", "Violation", "validate", "validate_file", "validate_graph",
           "validate_store"]

_PREFIXES = {"akg": str(AKG), "akgr": AKGR_BASE, "rdf": str(RDF), "rdfs": str(RDFS),
             "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS), "xsd": str(XSD)}
# Longest namespace first, so a base IRI below another namespace still gets its own prefix.
_BY_LENGTH = sorted(_PREFIXES.items(), key=lambda kv: -len(kv[1]))


@dataclass(frozen=True)
class Violation:
    """One SHACL result, its nodes written compactly (`akg:fights`, `akgr:actor/taliban`)."""

    focus: str
    path: str | None
    message: str
    value: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" [value {self.value}]" if self.value is not None and self.value != self.focus else ""
        return f"{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of one validation: does the data conform, and every violation found."""

    source: str
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0  # data triples checked, the ontology not counted
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.violations)

    @property
    def lines(self) -> list[str]:
        """One readable line per violation, sorted by focus node."""
        return [str(v) for v in self.violations]


def _compact(term) -> str:
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in _BY_LENGTH:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        text = text if len(text) <= 80 else text[:77] + "..."
        quoted = json.dumps(text, ensure_ascii=False)
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^{_compact(term.datatype)}" if term.datatype else quoted
    return str(term)


def _violations(results: Graph) -> list[Violation]:
    out = []
    for r in set(results.subjects(RDF.type, SH.ValidationResult)):
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        severity = results.value(r, SH.resultSeverity)
        messages = sorted({str(m) for m in results.objects(r, SH.resultMessage)})
        out.append(Violation(
            focus=_compact(results.value(r, SH.focusNode)),
            path=_compact(path) if path is not None else None,
            message="; ".join(messages) or f"fails {_compact(results.value(r, SH.sourceShape))}",
            value=_compact(value) if value is not None else None,
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"))
    return sorted(set(out), key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))


def _shacl(data: Graph) -> tuple[bool, Graph, str]:
    """Run the shapes over `data` (a plain Graph of our own: the ontology is added to it).

    No inference: SHACL's sh:class already follows rdfs:subClassOf in the data, and RDFS
    inference would type untyped actors from the relations' domains and hide the writer's
    mistake. SHACL-AF is on for the shapes' one SPARQL target.
    """
    try:
        from pyshacl import validate as shacl_validate
    except ImportError as exc:
        raise ConfigError("pyshacl is not installed: pip install pyshacl") from exc
    data.parse(ontology_path(), format="turtle")
    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, results, text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True,
        inplace=True,  # `data` is our own copy
        allow_warnings=False)
    return bool(conforms), results, str(text)


def _flatten(graph: Graph) -> Graph:
    """One plain Graph holding every triple of `graph`, of all its named graphs if it has them."""
    flat = Graph()
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            flat.add((s, p, o))
    else:
        for triple in graph:
            flat.add(triple)
    return flat


def _from_oxigraph(triples: Iterable, source: str) -> Graph:
    """A plain rdflib Graph of pyoxigraph triples or quads (graph names dropped)."""
    cache: dict = {}

    def term(t):
        r = cache.get(t)
        if r is None:
            if isinstance(t, ox.NamedNode):
                r = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                r = BNode(t.value)
            elif isinstance(t, ox.Literal):
                if t.language:
                    r = Literal(t.value, lang=t.language)
                elif t.datatype.value == str(XSD.string):
                    r = Literal(t.value)  # as rdflib's own parsers read a plain literal
                else:
                    r = Literal(t.value, datatype=URIRef(t.datatype.value))
            else:
                raise InputError(source, "holds an RDF-star triple term, which SHACL validation "
                                         "does not support")
            cache[t] = r
        return r

    g = Graph()
    for t in triples:
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


def validate(graph: Graph) -> tuple[bool, str]:
    """Validate `graph` with `ontology/shapes.ttl`; return (conforms, pyshacl's report text).

    A Dataset's named graphs are merged first, because shapes follow links across documents
    and the actor dictionary; the ontology is merged in too. `graph` itself is not changed.
    Raises ConfigError when pyshacl is not installed.
    """
    conforms, _, text = _shacl(_flatten(graph))
    return conforms, text


def _report(data: Graph, source: str, started: float) -> ValidationReport:
    triples = len(data)
    conforms, results, _ = _shacl(data)
    return ValidationReport(source, conforms, _violations(results), triples,
                            time.perf_counter() - started)


def validate_graph(graph: Graph, source: str = "graph") -> ValidationReport:
    """Validate an rdflib Graph or Dataset (named graphs merged); `graph` is not changed."""
    started = time.perf_counter()
    return _report(_flatten(graph), source, started)


def validate_store(store: GraphStore) -> ValidationReport:
    """Validate everything in `store`, embedded or remote, the union of its graphs.

    The union is read with one CONSTRUCT, so a triple held by many document graphs is checked
    once. Most of the time goes to pyshacl, roughly in proportion to the statements.
    """
    started = time.perf_counter()
    source = str(store.path) if store.path is not None else getattr(store, "url", None) or "store"
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", source="validate")
    return _report(_from_oxigraph(triples, source), source, started)


def validate_file(path: str | Path, format: str | None = None) -> ValidationReport:
    """Validate an RDF file (TriG, N-Quads, Turtle, N-Triples ...; format from the extension
    unless given), all its graphs merged. Raises InputError on a file that does not parse."""
    started = time.perf_counter()
    return _report(_from_oxigraph(read_quads(path, format), str(path)), str(path), started)
