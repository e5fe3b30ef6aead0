"""Shared fixtures: the extractor (spaCy + dictionary, loaded once) and a store built from the
bundled example corpus (built once per test session)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.api import build as kg_build
from kg.config import Settings
from kg.extract import Extractor
from kg.graph import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "seed" / "panjshir-2021-08-28.txt"
# text that breaks naive quoting in CSV, XML, SPARQL or N-Quads
HOSTILE = ['He said "stop" } ; DROP ALL', "two\nlines\r\nand a tab\t", "{ braces } and \\ backslash",
           "'single' \"\"\"triple\"\"\" quotes", "<http://x/> . _:b0 GRAPH <g> { }", "مرحبا 🙂"]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor.create(Settings())


@pytest.fixture(scope="session")
def analyse(extractor):
    """analyse(text) -> (actors by key, relations) for a short text of a test's own."""
    from kg.ingest import Document

    def run(text: str, date: str | None = "2025-01-01"):
        actors, relations, _ = extractor.analyse(Document("t", text, date))
        return actors, relations

    return run


def triples(relations, actors=None):
    """{(subject name or key, relation, object name or key)} for compact assertions."""
    name = (lambda k: actors[k].name if actors and k in actors else k)
    return {(name(r.subject), r.predicate, name(r.object)) for r in relations}


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory, extractor) -> Path:
    """A store built from the whole example corpus (seed article + WCEP stories)."""
    path = tmp_path_factory.mktemp("demo") / "store"
    settings = Settings(store=path)
    with KnowledgeGraph(Store.open(path), settings) as graph:
        report = graph.build([EXAMPLES], extractor=extractor)
    assert report.errors == []
    assert report.built > 2700
    return path


@pytest.fixture(scope="session")
def demo_graph(demo_store):
    graph = KnowledgeGraph(Store.open(demo_store, read_only=True), Settings(store=demo_store))
    yield graph
    graph.close()


@pytest.fixture(scope="session")
def demo_trig(demo_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "graph.trig"
    demo_graph.export(out, "trig")
    return out


@pytest.fixture(scope="module")
def two_articles(extractor, tmp_path_factory):
    """A small in-memory graph built from two JSONL articles, one with a hostile title."""
    src = tmp_path_factory.mktemp("docs") / "docs.jsonl"
    docs = [
        {"id": "a1", "date": "2021-08-28", "title": HOSTILE[0] + "\n" + HOSTILE[2],
         "text": "Taliban fighters attacked the National Resistance Front in Panjshir. "
                 "The Afghan Army fought the Taliban in Kabul."},
        {"id": "b 2", "date": "2024-03-01",
         "text": "Hamas says it will attack Israel if the blockade continues. "
                 "Qatar and Egypt negotiated with Hamas in Doha."},
    ]
    src.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    graph = kg_build([src], in_memory=True, extractor=extractor)
    assert graph.report.errors == [] and graph.report.statements >= 4
    yield graph
    graph.close()
