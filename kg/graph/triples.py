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


def document_quads(doc: Document, actors: dict[str, Actor], relations: list[Relation],
                   minter: Minter, places: dict[str, Actor] | None = None,
                   fingerprint: str | None = None) -> list[ox.Quad]:
    """All quads of one document, in its named graph.

    `places` holds enclosing places (from the gazetteer) that the document does not name but
    that its places are part of. `fingerprint` names the extractor that read it (stated on the
    graph itself), so that a changed extractor is seen to re-read the document.
    """
    g = minter.graph(doc.id)
    d = minter.doc(doc.id)
    quads: list[ox.Quad] = []
    add = lambda s, p, o: quads.append(ox.Quad(s, p, o, g))  # noqa: E731
    if fingerprint:
        add(g, named(AKG.extractorFingerprint), literal(fingerprint))
    add(d, named(RDF.type), named(AKG.Document))
    add(d, named(DCTERMS.identifier), literal(doc.id))
    add(d, named(AKG.contentHash), literal(doc.content_hash))
    if doc.date:
        add(d, named(DCTERMS.date), literal(doc.date, XSD.date))
    if doc.title:
        add(d, named(DCTERMS.title), literal(doc.title))
    if doc.url and _URL.match(doc.url):
        add(d, named(DCTERMS.source), ox.NamedNode(doc.url))

    involved = {k for r in relations for k in (r.subject, r.object, r.attributed_to, r.location) if k}
    actors = {k: a for k, a in actors.items() if not a.generic or k in involved}
    described = dict(actors)
    for p in (places or {}).values():
        described.setdefault(p.key, p)

    def iri(key: str) -> ox.NamedNode:
        a = described.get(key)
        return minter.local(key, doc.id) if a is not None and a.generic else minter.key(key)

    for a in described.values():
        node = iri(a.key)
        add(node, named(RDF.type), named(getattr(AKG, a.type)))
        add(node, named(RDFS.label), literal(a.name))
        for form in sorted(a.surface_forms - {a.name}):
            add(node, named(SKOS.altLabel), literal(form))
        for key in sorted({name_key(n) for n in a.surface_forms | {a.name}} - {""}):
            add(node, named(AKG.nameKey), literal(key))
        if a.wikidata:
            add(node, named(SKOS.exactMatch), ox.NamedNode(_WIKIDATA + a.wikidata))
        if a.part_of and a.part_of in described:
            add(node, named(AKG.partOf), iri(a.part_of))
        if a.country and a.country != a.key and a.country in described:
            add(node, named(AKG.country), iri(a.country))
        if a.point is not None:
            geometry = ox.NamedNode(node.value + "/geometry")
            add(node, named(GEO.hasGeometry), geometry)
            add(geometry, named(RDF.type), named(GEO.Geometry))
            add(geometry, named(GEO.asWKT), wkt_point(*a.point))
        if a.key in actors:
            add(d, named(SDO.mentions), node)

    for r in relations:
        st = minter.statement(doc.id, r)
        s, p, o = iri(r.subject), named(getattr(AKG, r.predicate)), iri(r.object)
        add(st, named(RDF.type), named(RDF.Statement))
        add(st, named(RDF.subject), s)
        add(st, named(RDF.predicate), p)
        add(st, named(RDF.object), o)
        add(st, named(PROV.wasDerivedFrom), d)
        add(st, named(AKG.evidence), literal(r.sentence))
        add(st, named(AKG.charStart), literal(r.start, XSD.integer))
        add(st, named(AKG.charEnd), literal(r.end, XSD.integer))
        add(st, named(AKG.trigger), literal(r.trigger))
        add(st, named(AKG.confidence), literal(Decimal(str(r.confidence)), XSD.decimal))
        add(st, named(AKG.modality), named(getattr(AKG, r.modality)))
        if r.attributed_to and r.attributed_to in actors:
            add(st, named(AKG.attributedTo), iri(r.attributed_to))
        if r.location and r.location in described:
            add(st, named(PROV.atLocation), iri(r.location))
        date = r.date or doc.date
        if date:
            add(st, named(DCTERMS.date), literal(date, XSD.date))
        if r.modality in TRUTHY_MODALITIES:
            add(s, p, o)
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
