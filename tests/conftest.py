"""Shared fixtures: the extractor (spaCy + dictionary, loaded once) and a store built from the
bundled example corpus (built once per test session)."""
from __future__ import annotations

import json
import zlib
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
def frames_extractor() -> Extractor:
    """The extractor with the rule frames alone (no relation model): what the frames find, and
    how training reads documents."""
    return Extractor.create(Settings(relation_model="none"))


def _analyser(extractor: Extractor):
    """run(text, date) -> (actors by key, relations) that `extractor` finds in a short text."""
    from kg.ingest import Document

    def run(text: str, date: str | None = "2025-01-01"):
        actors, relations, _ = extractor.analyse(Document("t", text, date))
        return actors, relations

    return run


@pytest.fixture(scope="session")
def analyse_frames(frames_extractor):
    """analyse_frames(text) -> (actors by key, relations) of the rule frames alone."""
    return _analyser(frames_extractor)


@pytest.fixture(scope="session")
def tiny_report(frames_extractor, tmp_path_factory):
    """A relation model trained once on the tiny gold of texts written for the tests."""
    from kg.learn import train

    out = tmp_path_factory.mktemp("model") / "tiny"
    data = ROOT / "tests" / "data"
    return train([data / "train_tiny_gold.json"], [data / "train_tiny.jsonl"], out, shipped=False,
                 extractor=frames_extractor, folds=3)


@pytest.fixture(scope="session")
def analyse(extractor):
    """analyse(text) -> (actors by key, relations) for a short text of a test's own."""
    return _analyser(extractor)


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


# A PDF with a text layer, written without a PDF library, or one without (a page of drawing
# only, as a scan's image page has no text), for the readers' tests.
def write_pdf(path: Path, pages: list[list[str]], title: str | None = None,
              created: str | None = None) -> Path:
    """A PDF 1.4 file whose pages show `pages` (lines of text, Helvetica), with an Info dictionary
    giving `title` and `created` (D:YYYYMMDD...); a page with no lines has no text at all."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: pages, filled in below

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        if lines:
            ops = [b"BT /F1 11 Tf 14 TL 72 720 Td"]
            for line in lines:
                esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(b"(" + esc.encode("latin-1") + b") Tj T*")
            ops.append(b"ET")
        else:  # a filled rectangle: something drawn, no text
            ops = [b"0.5 g 72 72 400 600 re f"]
        data = zlib.compress(b"\n".join(ops))
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                      + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font)))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    info = []
    if title:
        info.append(b"/Title (" + title.encode("latin-1") + b")")
    if created:
        info.append(b"/CreationDate (" + created.encode("ascii") + b")")
    info_ref = add(b"<< " + b" ".join(info) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, info_ref, xref))
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def make_pdf():
    return write_pdf
