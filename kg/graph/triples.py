"""Document + actors + relations -> RDF quads in the document's own named graph.

Follows the data model (README, "The vocabulary"): one reified `rdf:Statement` per relation mention with
its evidence, offsets, trigger, confidence, modality, attribution, date and place; the "truthy"
triple for asserted and claimed statements; actors with type, label, every surface form seen and
country; places with their point as GeoSPARQL (`geo:hasGeometry/geo:asWKT`).
IRIs come from stable keys (`Minter`), so a re-run mints the same ones. Run records are written
by `kg.graph.runs`.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox

from ..names import name_key
from ..vocab import AKG, DCTERMS, GEO, PROV, RDF, RDFS, SDO, SKOS, TRUTHY_MODALITIES, XSD

if TYPE_CHECKING:
    from ..extract import Actor, Relation
    from ..ingest import Document

_WIKIDATA = "http://www.wikidata.org/entity/"
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")



@lru_cache(maxsize=1024)
def named(term) -> ox.NamedNode:
    """A vocabulary term as a pyoxigraph node; made once per term, as every document uses them."""
    return ox.NamedNode(str(term))


class Minter:
    """Stable IRIs below a base: actors and places by key, documents and graphs by input id."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def key(self, key: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + key)

    def local(self, key: str, doc_id: str) -> ox.NamedNode:
        """An unnamed group of one document: the "civilians" of one story are not those of
        another, so they do not join stories into one hub."""
        return ox.NamedNode(self.base + key + "/in/" + quote(doc_id, safe="-._~"))

    def doc(self, doc_id: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "doc/" + quote(doc_id, safe="-._~"))

    def graph(self, doc_id: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "graph/doc/" + quote(doc_id, safe="-._~"))

    def statement(self, doc_id: str, r: Relation) -> ox.NamedNode:
        h = hashlib.sha256("\x00".join(
            [doc_id, r.subject, r.predicate, r.object, str(r.start), str(r.end)]).encode()).hexdigest()
        return ox.NamedNode(self.base + "statement/" + h[:20])

    def ontology_graph(self) -> ox.NamedNode:
        return ox.NamedNode(self.base + "graph/ontology")

    def run(self, run_id: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "run/" + quote(run_id, safe="-._~"))

    def run_graph(self, run_id: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "graph/run/" + quote(run_id, safe="-._~"))

    def is_run_graph(self, graph: str) -> bool:
        return graph.startswith(self.base + "graph/run/")

    def software(self, name: str, version: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "software/" + quote(f"{name}-{version}", safe="-._~"))

    def model(self, name: str, version: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "model/" + quote(f"{name}-{version}", safe="-._~"))


def literal(value, datatype=None) -> ox.Literal:
    return ox.Literal(str(value), datatype=named(datatype)) if datatype else ox.Literal(str(value))


class _Terms:
    """The vocabulary's nodes that every document uses, made once (`terms()`)."""

    def __init__(self):
        n = lambda term: ox.NamedNode(str(term))  # noqa: E731
        self.type, self.label, self.alt, self.name_key = n(RDF.type), n(RDFS.label), n(SKOS.altLabel), n(AKG.nameKey)
        self.fingerprint, self.document = n(AKG.extractorFingerprint), n(AKG.Document)
        self.identifier, self.content_hash = n(DCTERMS.identifier), n(AKG.contentHash)
        self.date, self.title, self.source = n(DCTERMS.date), n(DCTERMS.title), n(DCTERMS.source)
        self.exact, self.part_of, self.country = n(SKOS.exactMatch), n(AKG.partOf), n(AKG.country)
        self.has_geometry, self.geometry, self.wkt = n(GEO.hasGeometry), n(GEO.Geometry), n(GEO.asWKT)
        self.mentions, self.statement = n(SDO.mentions), n(RDF.Statement)
        self.subject, self.predicate, self.object = n(RDF.subject), n(RDF.predicate), n(RDF.object)
        self.derived, self.evidence = n(PROV.wasDerivedFrom), n(AKG.evidence)
        self.start, self.end, self.trigger = n(AKG.charStart), n(AKG.charEnd), n(AKG.trigger)
        self.confidence, self.modality = n(AKG.confidence), n(AKG.modality)
        self.attributed, self.at = n(AKG.attributedTo), n(PROV.atLocation)
        self.xsd_date, self.xsd_integer, self.xsd_decimal = n(XSD.date), n(XSD.integer), n(XSD.decimal)


@lru_cache(maxsize=1)
def _terms() -> _Terms:
    return _Terms()


@lru_cache(maxsize=256)
def _akg(name: str) -> ox.NamedNode:
    """The ontology's term `name` (a class, relation or modality) as a node."""
    return ox.NamedNode(str(getattr(AKG, name)))


def document_quads(doc: Document, actors: dict[str, Actor], relations: list[Relation],
                   minter: Minter, places: dict[str, Actor] | None = None,
                   fingerprint: str | None = None) -> list[ox.Quad]:
    """All quads of one document, in its named graph.

    `places` holds enclosing places (from the gazetteer) that the document does not name but
    that its places are part of. `fingerprint` names the extractor that read it (stated on the
    graph itself), so that a changed extractor is seen to re-read the document.
    """
    T, Quad, Literal = _terms(), ox.Quad, ox.Literal
    g = minter.graph(doc.id)
    d = minter.doc(doc.id)
    quads: list[ox.Quad] = []
    append = quads.append
    if fingerprint:
        append(Quad(g, T.fingerprint, Literal(fingerprint), g))
    append(Quad(d, T.type, T.document, g))
    append(Quad(d, T.identifier, Literal(doc.id), g))
    append(Quad(d, T.content_hash, Literal(doc.content_hash), g))
    if doc.date:
        append(Quad(d, T.date, Literal(doc.date, datatype=T.xsd_date), g))
    if doc.title:
        append(Quad(d, T.title, Literal(doc.title), g))
    if doc.url and _URL.match(doc.url):
        append(Quad(d, T.source, ox.NamedNode(doc.url), g))

    involved = {k for r in relations for k in (r.subject, r.object, r.attributed_to, r.location) if k}
    actors = {k: a for k, a in actors.items() if not a.generic or k in involved}
    described = dict(actors)
    for p in (places or {}).values():
        described.setdefault(p.key, p)
    nodes: dict[str, ox.NamedNode] = {}

    def iri(key: str) -> ox.NamedNode:
        node = nodes.get(key)
        if node is None:
            a = described.get(key)
            node = nodes[key] = minter.local(key, doc.id) if a is not None and a.generic else minter.key(key)
        return node

    for a in described.values():
        node = iri(a.key)
        append(Quad(node, T.type, _akg(a.type), g))
        append(Quad(node, T.label, Literal(a.name), g))
        for form in sorted(a.surface_forms - {a.name}):
            append(Quad(node, T.alt, Literal(form), g))
        for key in sorted({name_key(n) for n in a.surface_forms | {a.name}} - {""}):
            append(Quad(node, T.name_key, Literal(key), g))
        if a.wikidata:
            append(Quad(node, T.exact, ox.NamedNode(_WIKIDATA + a.wikidata), g))
        if a.part_of and a.part_of in described:
            append(Quad(node, T.part_of, iri(a.part_of), g))
        if a.country and a.country != a.key and a.country in described:
            append(Quad(node, T.country, iri(a.country), g))
        if a.point is not None:
            geometry = ox.NamedNode(node.value + "/geometry")
            append(Quad(node, T.has_geometry, geometry, g))
            append(Quad(geometry, T.type, T.geometry, g))
            append(Quad(geometry, T.wkt, wkt_point(*a.point), g))
        if a.key in actors:
            append(Quad(d, T.mentions, node, g))

    for r in relations:
        st = minter.statement(doc.id, r)
        s, p, o = iri(r.subject), _akg(r.predicate), iri(r.object)
        append(Quad(st, T.type, T.statement, g))
        append(Quad(st, T.subject, s, g))
        append(Quad(st, T.predicate, p, g))
        append(Quad(st, T.object, o, g))
        append(Quad(st, T.derived, d, g))
        append(Quad(st, T.evidence, Literal(r.sentence), g))
        append(Quad(st, T.start, Literal(str(r.start), datatype=T.xsd_integer), g))
        append(Quad(st, T.end, Literal(str(r.end), datatype=T.xsd_integer), g))
        append(Quad(st, T.trigger, Literal(r.trigger), g))
        append(Quad(st, T.confidence, Literal(str(Decimal(str(r.confidence))), datatype=T.xsd_decimal), g))
        append(Quad(st, T.modality, _akg(r.modality), g))
        if r.attributed_to and r.attributed_to in actors:
            append(Quad(st, T.attributed, iri(r.attributed_to), g))
        if r.location and r.location in described:
            append(Quad(st, T.at, iri(r.location), g))
        date = r.date or doc.date
        if date:
            append(Quad(st, T.date, Literal(date, datatype=T.xsd_date), g))
        if r.modality in TRUTHY_MODALITIES:
            append(Quad(s, p, o, g))
    # the same triple may come from several statements
    return list(dict.fromkeys(quads))


def wkt_point(latitude: float, longitude: float) -> ox.Literal:
    """A point as GeoSPARQL's WKT literal: longitude first, in WGS 84 (its default CRS).

    >>> wkt_point(-1.67409, 29.22845).value
    'POINT(29.22845 -1.67409)'
    """
    return ox.Literal(f"POINT({round(longitude, 6)!r} {round(latitude, 6)!r})", datatype=named(GEO.wktLiteral))


def ontology_quads(minter: Minter, ontology_file) -> list[ox.Quad]:
    """The ontology's triples, in a graph of their own."""
    g = minter.ontology_graph()
    with open(ontology_file, "rb") as f:
        return [ox.Quad(t.subject, t.predicate, t.object, g)
                for t in ox.parse(f, format=ox.RdfFormat.TURTLE)]


__all__ = ["Minter", "document_quads", "ontology_quads", "wkt_point"]
