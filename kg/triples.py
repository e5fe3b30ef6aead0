"""Step 5: document + actors + relations -> RDF quads in the document's own named graph.

Follows the data model (README, "The vocabulary"): one reified `rdf:Statement` per relation mention with
its evidence, offsets, trigger, confidence, modality, attribution and date; the "truthy" triple
for asserted and claimed statements; actors with type, label and every surface form seen.
IRIs come from stable keys, so a re-run mints the same ones.

Runs are recorded too: one `prov:Activity` per build or removal, in a graph of its own
(`akgr:graph/run/<id>`), with its times, the software and model, what it read, wrote and removed,
and its counts. Run graphs hold no `rdf:Statement`, actor or label, so queries and the network
never see them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox

from .ingest import Document
from .names import name_key
from .vocab import AKG, DCTERMS, PROV, RDF, RDFS, SDO, SKOS, TRUTHY_MODALITIES, XSD

if TYPE_CHECKING:
    from .extract import Actor, Relation

_WIKIDATA = "http://www.wikidata.org/entity/"
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")

# Run-record terms (ontology/actor-kg.ttl, "Runs")
EXTRACTOR_FINGERPRINT = AKG.extractorFingerprint
DOCUMENTS_BUILT = AKG.documentsBuilt
DOCUMENTS_UNCHANGED = AKG.documentsUnchanged
DOCUMENTS_FAILED = AKG.documentsFailed
DOCUMENTS_REMOVED = AKG.documentsRemoved
STATEMENT_COUNT = AKG.statementCount


@lru_cache(maxsize=1024)
def _n(term) -> ox.NamedNode:
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


def _lit(value, datatype=None) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


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
        add(g, _n(EXTRACTOR_FINGERPRINT), _lit(fingerprint))
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

    def iri(key: str) -> ox.NamedNode:
        a = described.get(key)
        return minter.local(key, doc.id) if a is not None and a.generic else minter.key(key)

    for a in described.values():
        node = iri(a.key)
        add(node, _n(RDF.type), _n(getattr(AKG, a.type)))
        add(node, _n(RDFS.label), _lit(a.name))
        for form in sorted(a.surface_forms - {a.name}):
            add(node, _n(SKOS.altLabel), _lit(form))
        for key in sorted({name_key(n) for n in a.surface_forms | {a.name}} - {""}):
            add(node, _n(AKG.nameKey), _lit(key))
        if a.wikidata:
            add(node, _n(SKOS.exactMatch), ox.NamedNode(_WIKIDATA + a.wikidata))
        if a.part_of and a.part_of in described:
            add(node, _n(AKG.partOf), iri(a.part_of))
        if a.key in actors:
            add(d, _n(SDO.mentions), node)

    for r in relations:
        st = minter.statement(doc.id, r)
        s, p, o = iri(r.subject), _n(getattr(AKG, r.predicate)), iri(r.object)
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
            add(st, _n(AKG.attributedTo), iri(r.attributed_to))
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


@dataclass
class Run:
    """What one build or removal did, for its PROV-O record: ids of documents, not IRIs."""

    id: str
    action: str  # "build" | "remove"
    started: dt.datetime
    ended: dt.datetime | None = None  # None while running: a record without it was interrupted
    software: tuple[str, str] = ("actor-kg", "")  # name, version
    model: tuple[str, str] | None = None  # spaCy model name, version
    fingerprint: str | None = None  # of the extractor (model, data files, versions)
    inputs: list[str] = field(default_factory=list)  # files and folders named
    used: list[str] = field(default_factory=list)  # documents read
    generated: list[str] = field(default_factory=list)  # documents (re)written
    invalidated: list[str] = field(default_factory=list)  # documents removed
    built: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    statements: int = 0

    @staticmethod
    def new_id(now: dt.datetime) -> str:
        """Sortable by time, unique across processes: `20250101T120000123456Z-1f2e3d4c`."""
        import uuid

        return now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]


def _file_iri(path: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(Path(path).resolve().as_uri())
    except (ValueError, OSError):
        return None


def run_quads(run: Run, minter: Minter) -> list[ox.Quad]:
    """The PROV-O record of one run, in the run's own graph.

    The activity `prov:used` the model, the files named and the documents read,
    `prov:generated` the document graphs it wrote and `prov:invalidated` those it removed;
    it `prov:wasAssociatedWith` the software, whose version it names.
    """
    g = minter.run_graph(run.id)
    a = minter.run(run.id)
    quads: list[ox.Quad] = []
    add = lambda s, p, o: quads.append(ox.Quad(s, p, o, g))  # noqa: E731
    add(a, _n(RDF.type), _n(PROV.Activity))
    add(a, _n(SDO.name), _lit(run.action))
    add(a, _n(PROV.startedAtTime), _lit(run.started.isoformat(), XSD.dateTime))
    if run.ended:
        add(a, _n(PROV.endedAtTime), _lit(run.ended.isoformat(), XSD.dateTime))
    software = minter.software(*run.software)
    add(a, _n(PROV.wasAssociatedWith), software)
    add(software, _n(RDF.type), _n(PROV.SoftwareAgent))
    add(software, _n(SDO.name), _lit(run.software[0]))
    add(software, _n(SDO.softwareVersion), _lit(run.software[1]))
    if run.model:
        model = minter.model(*run.model)
        add(a, _n(PROV.used), model)
        add(model, _n(RDF.type), _n(PROV.Entity))
        add(model, _n(SDO.name), _lit(run.model[0]))
        add(model, _n(SDO.version), _lit(run.model[1]))
    if run.fingerprint:
        add(a, _n(EXTRACTOR_FINGERPRINT), _lit(run.fingerprint))
    for path in run.inputs:
        iri = _file_iri(path)
        if iri is not None:
            add(a, _n(PROV.used), iri)
    for doc_id in run.used:
        add(a, _n(PROV.used), minter.doc(doc_id))
    for doc_id in run.generated:
        add(a, _n(PROV.generated), minter.graph(doc_id))
    for doc_id in run.invalidated:
        add(a, _n(PROV.invalidated), minter.graph(doc_id))
    counts = {"build": [(DOCUMENTS_BUILT, run.built), (DOCUMENTS_UNCHANGED, run.unchanged),
                        (DOCUMENTS_FAILED, run.failed), (STATEMENT_COUNT, run.statements)],
              "remove": [(DOCUMENTS_REMOVED, run.removed)]}.get(run.action, [])
    for prop, value in counts:
        add(a, _n(prop), _lit(value, XSD.integer))
    return list(dict.fromkeys(quads))


__all__ = ["Minter", "Run", "document_quads", "ontology_quads", "run_quads"]
