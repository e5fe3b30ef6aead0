"""Step 5: document + actors + relations -> RDF quads in the document's own named graph.

Follows the data model (README, "The vocabulary"): one reified `rdf:Statement` per relation mention with
its evidence, offsets, trigger, confidence, modality, attribution and date; the "truthy" triple
for asserted and claimed statements; actors with type, label and every surface form seen.
IRIs come from stable keys, so a re-run mints the same ones.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph as ox

from .actors import Actor
from .ingest import Document
from .namespace import AKG, DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD
from .relations import Relation

_WIKIDATA = "http://www.wikidata.org/entity/"
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
TRUTHY_MODALITIES = {"Asserted", "Claimed"}


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


class Minter:
    """Stable IRIs below a base: actors and places by key, documents and graphs by input id."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def key(self, key: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + key)

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


def _lit(value, datatype=None) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


def document_quads(doc: Document, actors: dict[str, Actor], relations: list[Relation],
                   minter: Minter, places: dict[str, Actor] | None = None) -> list[ox.Quad]:
    """All quads of one document, in its named graph.

    `places` holds enclosing places (from the gazetteer) that the document does not name but
    that its places are part of.
    """
    g = minter.graph(doc.id)
    d = minter.doc(doc.id)
    quads: list[ox.Quad] = []
    add = lambda s, p, o: quads.append(ox.Quad(s, p, o, g))  # noqa: E731
    add(d, _n(RDF.type), _n(AKG.Document))
    add(d, _n(DCTERMS.identifier), _lit(doc.id))
    add(d, _n(AKG.contentHash), _lit(doc.content_hash))
    if doc.date:
        add(d, _n(DCTERMS.date), _lit(doc.date, XSD.date))
    if doc.title:
        add(d, _n(DCTERMS.title), _lit(doc.title))
    if doc.url and _URL.match(doc.url):
        add(d, _n(DCTERMS.source), ox.NamedNode(doc.url))

    involved = {k for r in relations for k in (r.subject, r.object, r.attributed_to) if k}
    actors = {k: a for k, a in actors.items() if not a.generic or k in involved}
    described = dict(actors)
    for p in (places or {}).values():
        described.setdefault(p.key, p)
    for a in described.values():
        node = minter.key(a.key)
        add(node, _n(RDF.type), _n(getattr(AKG, a.type)))
        add(node, _n(RDFS.label), _lit(a.name))
        for form in sorted(a.surface_forms - {a.name}):
            add(node, _n(SKOS.altLabel), _lit(form))
        if a.wikidata:
            add(node, _n(SKOS.exactMatch), ox.NamedNode(_WIKIDATA + a.wikidata))
        if a.part_of and a.part_of in described:
            add(node, _n(AKG.partOf), minter.key(a.part_of))
        if a.key in actors:
            add(d, _n(SDO.mentions), node)

    for r in relations:
        st = minter.statement(doc.id, r)
        s, p, o = minter.key(r.subject), _n(getattr(AKG, r.predicate)), minter.key(r.object)
        add(st, _n(RDF.type), _n(RDF.Statement))
        add(st, _n(RDF.subject), s)
        add(st, _n(RDF.predicate), p)
        add(st, _n(RDF.object), o)
        add(st, _n(PROV.wasDerivedFrom), d)
        add(st, _n(AKG.evidence), _lit(r.sentence))
        add(st, _n(AKG.charStart), _lit(r.start, XSD.integer))
        add(st, _n(AKG.charEnd), _lit(r.end, XSD.integer))
        add(st, _n(AKG.trigger), _lit(r.trigger))
        add(st, _n(AKG.confidence), _lit(Decimal(str(r.confidence)), XSD.decimal))
        add(st, _n(AKG.modality), _n(getattr(AKG, r.modality)))
        if r.attributed_to and r.attributed_to in actors:
            add(st, _n(AKG.attributedTo), minter.key(r.attributed_to))
        date = r.date or doc.date
        if date:
            add(st, _n(DCTERMS.date), _lit(date, XSD.date))
        if r.modality in TRUTHY_MODALITIES:
            add(s, p, o)
    # the same triple may come from several statements
    return list(dict.fromkeys(quads))


def ontology_quads(minter: Minter, ontology_file) -> list[ox.Quad]:
    """The ontology's triples, in a graph of their own."""
    g = minter.ontology_graph()
    with open(ontology_file, "rb") as f:
        return [ox.Quad(t.subject, t.predicate, t.object, g)
                for t in ox.parse(f, format=ox.RdfFormat.TURTLE)]


__all__ = ["Minter", "document_quads", "ontology_quads"]
