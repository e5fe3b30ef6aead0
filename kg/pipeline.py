"""The whole flow for a batch: documents -> mentions -> actors -> relations -> triples -> store.

Bad documents are reported and skipped; the rest are built. Each document is written in one
transaction, so a crash leaves it as it was or as it is now, never half of each. A document
whose content hash and extractor fingerprint are already stored is skipped. Every build and
removal is recorded as a PROV-O activity in a graph of its own.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata, resources
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from .actors import Actor, from_entry, resolve
from .config import Settings
from .dictionary import Dictionary
from .errors import InputError, KgError
from .ingest import Document, count_inputs, read_paths
from .mentions import Lexicon, find_mentions, load_pipeline
from .vocab import AKG, ontology_path
from .relations import Relation, extract
from .rules import Rules
from .store import Store
from .triples import (EXTRACTOR_FINGERPRINT, GRAPH_FORMAT, Minter, Run, document_quads,
                      ontology_quads, run_quads)

_CHUNK = 128  # documents read ahead of the parser: bounds memory on any size of input


def software_version() -> str:
    """The installed version of actor-kg (the package's own when it is not installed)."""
    try:
        return metadata.version("actor-kg")
    except metadata.PackageNotFoundError:
        from . import __version__

        return __version__


def extractor_fingerprint(model_meta: dict, actor_files: Iterable[Path] = ()) -> str:
    """A hash of everything that decides what a document's graph holds: actor-kg and its graph
    format, spaCy and pycountry versions, the model's name and version, the bundled data files
    and extra actor files."""
    import spacy

    parts = [f"actor-kg {software_version()}", f"graph format {GRAPH_FORMAT}",
             f"spacy {spacy.__version__}",
             f"model {model_meta.get('lang')}_{model_meta.get('name')} {model_meta.get('version')}"]
    try:
        parts.append(f"pycountry {metadata.version('pycountry')}")
    except metadata.PackageNotFoundError:
        pass
    data = resources.files("kg").joinpath("data")
    for f in sorted(data.iterdir(), key=lambda f: f.name):
        if f.is_file() and not f.name.endswith(".md"):
            parts.append(f"{f.name} {hashlib.sha256(f.read_bytes()).hexdigest()}")
    for f in actor_files:
        parts.append(f"actors {hashlib.sha256(Path(f).read_bytes()).hexdigest()}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Extractor:
    """Everything extraction needs, built once and passed around: pipeline, dictionary, rules."""

    nlp: object
    dictionary: Dictionary
    lexicon: Lexicon
    rules: Rules
    actor_files: tuple[Path, ...] = ()

    @classmethod
    def create(cls, settings: Settings | None = None) -> "Extractor":
        settings = settings or Settings()
        dictionary = Dictionary.load(settings.actor_files)
        return cls(load_pipeline(dictionary, settings.model), dictionary, Lexicon.load(), Rules.load(),
                   tuple(settings.actor_files))

    @property
    def model(self) -> tuple[str, str]:
        """(name, version) of the spaCy model, as it reports them."""
        meta = self.nlp.meta
        return f"{meta.get('lang')}_{meta.get('name')}", str(meta.get("version"))

    @cached_property
    def fingerprint(self) -> str:
        return extractor_fingerprint(self.nlp.meta, self.actor_files)

    def analyse(self, doc: Document, parsed=None) -> tuple[dict[str, Actor], list[Relation], dict[str, Actor]]:
        """Actors, relations and enclosing places of one document."""
        parsed = parsed if parsed is not None else self.nlp(doc.text)
        mentions = find_mentions(parsed, self.lexicon, self.dictionary)
        actors = resolve(parsed, mentions, self.dictionary, self.lexicon)
        relations = extract(parsed, actors, self.rules, doc.date)
        return actors.actors, relations, self._enclosing(actors.actors)

    def _enclosing(self, actors: dict[str, Actor]) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for a in list(actors.values()):
            key = a.part_of
            while key and key not in actors and key not in out and key in self.dictionary.entries:
                e = self.dictionary.entries[key]
                out[key] = from_entry(e)
                key = e.part_of
        return out


@dataclass
class BuildReport:
    """What a build did: counts, errors (one line each), time taken and the id of its run record."""

    documents: int = 0
    built: int = 0
    unchanged: int = 0
    statements: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run: str = ""


def ensure_ontology(store: Store, minter: Minter) -> None:
    """Load the ontology into its own graph, replacing an older copy."""
    store.replace_graph(minter.ontology_graph(), ontology_quads(minter, ontology_path()))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _start_run(store: Store, minter: Minter, action: str, **known) -> Run:
    """A run recorded as started, so that one killed before its end still shows (without an end)."""
    started = _now()
    run = Run(Run.new_id(started), action, started, software=("actor-kg", software_version()), **known)
    store.replace_graph(minter.run_graph(run.id), run_quads(run, minter))
    return run


def _end_run(store: Store, minter: Minter, run: Run) -> None:
    run.ended = _now()
    store.replace_graph(minter.run_graph(run.id), run_quads(run, minter))


def _one_line(text) -> str:
    """An error as one line, whatever line breaks a file name or an exception message holds."""
    return " ".join(str(text).splitlines())


def _parse(nlp, docs: list[Document], batch_size: int) -> Iterator[tuple[Document, object]]:
    """(document, spaCy Doc or the exception that parsing raised), in order: a document spaCy
    fails on does not stop the others."""
    i = 0
    try:
        for parsed in nlp.pipe((d.text for d in docs), batch_size=batch_size):
            yield docs[i], parsed
            i += 1
    except Exception:  # which document of the batch failed is unknown: parse the rest one by one
        for d in docs[i:]:
            try:
                yield d, nlp(d.text)
            except Exception as e:
                yield d, e


def build(paths: Iterable[str], store: Store, settings: Settings | None = None,
          extractor: Extractor | None = None,
          progress: Callable[[int, int], None] | None = None, force: bool = False) -> BuildReport:
    """Build the graph from files and folders into `store`; returns a BuildReport.

    A document whose content hash and extractor are already stored is skipped unless `force`;
    a changed one replaces its named graph. Input is streamed, so memory does not grow with it."""
    paths = [str(p) for p in paths]
    settings = settings or Settings()
    extractor = extractor or Extractor.create(settings)
    items = read_paths(paths, max_chars=extractor.nlp.max_length)
    return build_documents(items, store, settings, extractor, progress, force,
                           inputs=paths, total=count_inputs(paths))


def build_documents(items: Iterable[Document | InputError], store: Store,
                    settings: Settings | None = None, extractor: Extractor | None = None,
                    progress: Callable[[int, int], None] | None = None, force: bool = False,
                    *, inputs: Iterable[str] = (), total: int | None = None) -> BuildReport:
    """Build documents (and report the InputErrors among them) into `store`.

    A document id seen twice in one batch is an error for the second, naming both sources;
    the same id in a later build is an update of the stored document.
    """
    started = time.perf_counter()
    settings = settings or Settings()
    extractor = extractor or Extractor.create(settings)
    minter = Minter(settings.base_iri)
    fingerprint = extractor.fingerprint
    run = _start_run(store, minter, "build", model=extractor.model, fingerprint=fingerprint,
                     inputs=list(inputs))
    ensure_ontology(store, minter)
    report = BuildReport(run=run.id)
    first_source: dict[str, str] = {}
    max_length = extractor.nlp.max_length
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, max(total or 0, done))

    if progress:
        progress(0, total or 0)
    items = iter(items)
    while chunk := list(islice(items, _CHUNK)):
        todo: list[Document] = []
        for item in chunk:
            if isinstance(item, InputError):
                report.errors.append(_one_line(item))
                tick()
                continue
            report.documents += 1
            if item.id in first_source:
                report.errors.append(_one_line(
                    f"{item.source}: document id {item.id!r} is already used by "
                    f"{first_source[item.id]} in this build; skipped"))
                tick()
                continue
            first_source[item.id] = item.source
            if len(item.text) > max_length:
                report.errors.append(f"{_one_line(item.source)}: document too long "
                                     f"({len(item.text):,} characters; the limit is {max_length:,})")
                tick()
                continue
            if not force and _is_current(store, minter, item, fingerprint):
                report.unchanged += 1
                run.used.append(item.id)
                tick()
                continue
            todo.append(item)
        for doc, parsed in _parse(extractor.nlp, todo, settings.batch_size):
            try:
                if isinstance(parsed, Exception):
                    raise parsed
                actors, relations, places = extractor.analyse(doc, parsed)
                quads = document_quads(doc, actors, relations, minter, places, fingerprint)
            except KgError as e:
                report.errors.append(_one_line(f"{doc.source}: {e}"))
            except Exception as e:  # one bad document never aborts a batch
                report.errors.append(_one_line(
                    f"{doc.source}: extraction failed ({type(e).__name__}: {e})"))
            else:
                # a store that cannot be written fails every document alike: StoreError ends the
                # build, and its run record, left without an end, says it was interrupted
                store.replace_graph(minter.graph(doc.id), quads)
                report.built += 1
                report.statements += len(relations)
                run.used.append(doc.id)
                run.generated.append(doc.id)
            tick()
    run.built, run.unchanged, run.statements = report.built, report.unchanged, report.statements
    run.failed = len(report.errors)
    _end_run(store, minter, run)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _is_current(store: Store, minter: Minter, doc: Document, fingerprint: str) -> bool:
    """Stored with the same content and read by the same extractor."""
    g = minter.graph(doc.id)
    return (store.has_triple(minter.doc(doc.id), ox.NamedNode(str(AKG.contentHash)),
                             ox.Literal(doc.content_hash), g)
            and store.has_triple(g, ox.NamedNode(str(EXTRACTOR_FINGERPRINT)), ox.Literal(fingerprint), g))


# -- removing and listing ---------------------------------------------------------------------

def remove_documents(store: Store, doc_ids: Iterable[str], settings: Settings | None = None) -> list[str]:
    """Delete the statements, actors and truthy triples of these documents (their named graphs)
    and nothing else, recording one run; returns the ids removed.

    An id not in the store is an InputError raised before anything is removed. What other
    documents say stays: an edge or actor goes only with the last document stating it.
    """
    settings = settings or Settings()
    minter = Minter(settings.base_iri)
    ids = list(dict.fromkeys(doc_ids))
    unknown = [i for i in ids if not store.has_graph(minter.graph(i))]
    if unknown:
        raise InputError(", ".join(unknown), "no such document in the store (see `kg documents`)")
    if not ids:
        return []
    run = _start_run(store, minter, "remove")
    for doc_id in ids:
        if store.remove_graph(minter.graph(doc_id)):
            run.invalidated.append(doc_id)
    run.removed = len(run.invalidated)
    _end_run(store, minter, run)
    store.flush()
    return run.invalidated


def remove(store: Store, doc_id: str, settings: Settings | None = None) -> bool:
    """Delete one document's statements (its named graph); False when no such document is stored.

    >>> s = Store.open(None)
    >>> remove(s, "never-built")
    False
    """
    try:
        return bool(remove_documents(store, [doc_id], settings))
    except InputError:
        return False
