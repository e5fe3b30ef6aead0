"""Run records: one PROV-O `prov:Activity` per build or removal, in a graph of its own
(`akgr:graph/run/<id>`), with its times, the software and model, what it read, wrote and removed,
and its counts. Run graphs hold no `rdf:Statement`, actor or label, so queries and the network
never see them.

>>> import datetime as dt
>>> run = Run("r1", "remove", dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), removed=1)
>>> len(run_quads(run, Minter("https://example.org/"))) > 5
True
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..vocab import AKG, PROV, RDF, SDO, XSD
from .triples import Minter, literal, named

__all__ = ["Run", "run_quads"]


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
    add(a, named(RDF.type), named(PROV.Activity))
    add(a, named(SDO.name), literal(run.action))
    add(a, named(PROV.startedAtTime), literal(run.started.isoformat(), XSD.dateTime))
    if run.ended:
        add(a, named(PROV.endedAtTime), literal(run.ended.isoformat(), XSD.dateTime))
    software = minter.software(*run.software)
    add(a, named(PROV.wasAssociatedWith), software)
    add(software, named(RDF.type), named(PROV.SoftwareAgent))
    add(software, named(SDO.name), literal(run.software[0]))
    add(software, named(SDO.softwareVersion), literal(run.software[1]))
    if run.model:
        model = minter.model(*run.model)
        add(a, named(PROV.used), model)
        add(model, named(RDF.type), named(PROV.Entity))
        add(model, named(SDO.name), literal(run.model[0]))
        add(model, named(SDO.version), literal(run.model[1]))
    if run.fingerprint:
        add(a, named(AKG.extractorFingerprint), literal(run.fingerprint))
    for path in run.inputs:
        iri = _file_iri(path)
        if iri is not None:
            add(a, named(PROV.used), iri)
    for doc_id in run.used:
        add(a, named(PROV.used), minter.doc(doc_id))
    for doc_id in run.generated:
        add(a, named(PROV.generated), minter.graph(doc_id))
    for doc_id in run.invalidated:
        add(a, named(PROV.invalidated), minter.graph(doc_id))
    counts = {"build": [(AKG.documentsBuilt, run.built), (AKG.documentsUnchanged, run.unchanged),
                        (AKG.documentsFailed, run.failed), (AKG.statementCount, run.statements)],
              "remove": [(AKG.documentsRemoved, run.removed)]}.get(run.action, [])
    for prop, value in counts:
        add(a, named(prop), literal(value, XSD.integer))
    return list(dict.fromkeys(quads))
