"""The whole flow for a batch: documents -> mentions -> actors -> relations -> triples -> store.

Bad documents are reported and skipped; the rest are built. Each document is written in one
transaction, and an unchanged document (same content hash) is skipped.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .actors import Actor, resolve
from .config import Settings
from .dictionary import Dictionary
from .errors import InputError, KgError
from .ingest import Document, read_paths
from .mentions import Lexicon, find_mentions, load_pipeline
from .namespace import AKG, ontology_path
from .relations import Relation, extract
from .rules import Rules
from .store import Store
from .triples import Minter, document_quads, ontology_quads

import pyoxigraph as ox


@dataclass
class Extractor:
    """Everything extraction needs, built once and passed around: pipeline, dictionary, rules."""

    nlp: object
    dictionary: Dictionary
    lexicon: Lexicon
    rules: Rules

    @classmethod
    def create(cls, settings: Settings | None = None) -> "Extractor":
        settings = settings or Settings()
        dictionary = Dictionary.load(settings.actor_files)
        return cls(load_pipeline(dictionary, settings.model), dictionary, Lexicon.load(), Rules.load())

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
                out[key] = Actor(e.key, e.name, e.type, set(), e.wikidata, e.part_of, True)
                key = e.part_of
        return out


@dataclass
class BuildReport:
    """What a build did: counts, errors (one line each) and time taken."""

    documents: int = 0
    built: int = 0
    unchanged: int = 0
    statements: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def ensure_ontology(store: Store, minter: Minter) -> None:
    """Load the ontology into its own graph, replacing an older copy."""
    store.replace_graph(minter.ontology_graph(), ontology_quads(minter, ontology_path()))


def build(paths: Iterable[str], store: Store, settings: Settings | None = None,
          extractor: Extractor | None = None,
          progress: Callable[[int, int], None] | None = None, force: bool = False) -> BuildReport:
    """Build the graph from files and folders into `store`; returns a BuildReport.

    A document whose content hash is already stored is skipped unless `force`."""
    started = time.perf_counter()
    settings = settings or Settings()
    extractor = extractor or Extractor.create(settings)
    minter = Minter(settings.base_iri)
    ensure_ontology(store, minter)
    report = BuildReport()
    items: list[Document | InputError] = list(read_paths(paths))
    total = len(items)
    todo: list[Document] = []
    seen_ids: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            report.errors.append(str(item))
            continue
        report.documents += 1
        if item.id in seen_ids:
            report.errors.append(f"{item.source}: duplicate document id {item.id!r}; skipped")
            continue
        seen_ids.add(item.id)
        if len(item.text) > extractor.nlp.max_length:
            report.errors.append(f"{item.source}: document too long ({len(item.text):,} characters; "
                                 f"the limit is {extractor.nlp.max_length:,})")
            continue
        if not force and store.has_triple(minter.doc(item.id), ox.NamedNode(str(AKG.contentHash)),
                            ox.Literal(item.content_hash), minter.graph(item.id)):
            report.unchanged += 1
            continue
        todo.append(item)
    done = total - len(todo)
    if progress:
        progress(done, total)
    texts = (d.text for d in todo)
    for doc, parsed in zip(todo, extractor.nlp.pipe(texts, batch_size=settings.batch_size)):
        try:
            actors, relations, places = extractor.analyse(doc, parsed)
            quads = document_quads(doc, actors, relations, minter, places)
            store.replace_graph(minter.graph(doc.id), quads)
            report.built += 1
            report.statements += len(relations)
        except KgError as e:
            report.errors.append(f"{doc.source}: {e}")
        except Exception as e:  # one bad document never aborts a batch
            report.errors.append(f"{doc.source}: extraction failed ({type(e).__name__}: {e})")
        done += 1
        if progress:
            progress(done, total)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report
