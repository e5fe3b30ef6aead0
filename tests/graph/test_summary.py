"""The edge summary equals the aggregate of the statements after builds, rebuilds and removals
(and any sequence of them: hypothesis, written document by document or in batches), who fights
whom reads it with the answers the aggregate gave, a run killed between a document and its edges is repaired by the next, and an import or a
push sums the edges up again."""
import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import Settings
from kg.graph import Minter, Store, build, remove_documents
from kg.graph import summary
from kg.graph.extraction import Local
from kg.ingest import Document
from kg.sparql import run_query

M = Minter(Settings().base_iri)

# who-fights-whom as it was, aggregating every statement: the answer the summary must give
AGGREGATE = """PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?subject ?relation ?object (SUM(?n) AS ?statements) (MIN(?since) AS ?first) (MAX(?until) AS ?last)
WHERE {
  { SELECT ?s ?p ?o (COUNT(DISTINCT ?st) AS ?n) (MIN(?date) AS ?since) (MAX(?date) AS ?until) WHERE {
      VALUES ?p { akg:fights akg:attacks akg:kills akg:besieges akg:invades akg:seizes }
      VALUES ?m { akg:Asserted akg:Claimed }
      ?st rdf:predicate ?p ; akg:modality ?m ; rdf:subject ?s ; rdf:object ?o .
      OPTIONAL { ?st dcterms:date ?date }
    } GROUP BY ?s ?p ?o }
  { SELECT DISTINCT ?s ?subject WHERE { ?s rdfs:label ?subject } }
  { SELECT DISTINCT ?o ?object WHERE { ?o rdfs:label ?object } }
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
} GROUP BY ?subject ?relation ?object ORDER BY DESC(?statements) ?subject ?relation ?object"""

TEXTS = {
    "a": "Hamas fought Israel in Gaza. Israel attacked Hamas in Rafah.",
    "b": "Hamas attacked Israel near Khan Younis. Egypt mediated talks between Hamas and Israel.",
    "c": "Russia attacked Ukraine near Kharkiv. Ukraine fought Russia in Kursk.",
    "d": "The Taliban besieged Panjshir. Hamas fought Israel again.",
}


def _feed(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _agrees(store):
    rows = summary.read_rows(store)
    assert rows == summary.aggregate(store)
    assert sorted(map(repr, run_query(store, "who-fights-whom").rows)) == \
        sorted(map(repr, run_query(store, AGGREGATE, sparql=True).rows))
    return rows


def test_the_summary_equals_the_aggregate_after_builds_rebuilds_and_removals(tmp_path, extractor):
    store = Store.open(None)
    docs = [{"id": k, "date": f"2025-01-0{i + 1}", "text": t} for i, (k, t) in enumerate(TEXTS.items())]
    build([_feed(tmp_path / "1.jsonl", docs)], store, extractor=extractor)
    first = _agrees(store)
    hamas_fights = [r for k, r in first.items() if k[1].endswith("#fights") and "hamas" in k[0]]
    assert hamas_fights and hamas_fights[0].count >= 2

    # a rebuild that moves the first date, changes a text, and one forced over all
    docs[0] = dict(docs[0], date="2025-02-01")
    docs[2] = dict(docs[2], text="Ukraine attacked Russia in Belgorod.")
    build([_feed(tmp_path / "2.jsonl", docs)], store, extractor=extractor)
    _agrees(store)
    build([_feed(tmp_path / "2.jsonl", docs)], store, extractor=extractor, force=True)
    _agrees(store)

    remove_documents(store, ["a", "d"])
    _agrees(store)
    remove_documents(store, ["b", "c"])
    assert _agrees(store) == {}
    assert not [g for g in store.named_graphs() if "/graph/edge/" in g]


@pytest.fixture(scope="module")
def variants(extractor):
    """The quads of each document in two versions (other dates, other statements), extracted once."""
    engine = Local(extractor, Settings())
    docs = [Document(k, t, f"2025-03-1{i}") for i, (k, t) in enumerate(TEXTS.items())] + \
           [Document(k, t.replace("Israel", "Egypt"), f"2025-04-0{i}") for i, (k, t) in enumerate(TEXTS.items())]
    out = {}
    for doc, extracted in zip(docs, engine.submit(docs).result()):
        out.setdefault(doc.id, []).append(extracted.graph_quads())
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(TEXTS)), st.sampled_from([0, 1, None])),
                      min_size=1, max_size=12))
def test_any_sequence_of_writes_and_removals_keeps_the_summary_equal_to_the_aggregate(variants, steps):
    store = Store.open(None)
    for doc_id, version in steps:  # None: remove the document
        summary.write_document(store, M, doc_id, None if version is None else variants[doc_id][version])
    assert summary.read_rows(store) == summary.aggregate(store)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(TEXTS)), st.sampled_from([0, 1]), st.booleans()),
                      min_size=1, max_size=12), limit=st.integers(1, 6))
def test_a_build_writing_its_edges_in_batches_leaves_the_summary_equal_to_the_aggregate(variants, steps, limit):
    store = Store.open(None)
    summary.write_document(store, M, "a", variants["a"][0])  # an edge stored before the build
    edges = summary.Edges(store, M, limit=limit)
    for doc_id, version, flush in steps:
        edges.write_document(doc_id, variants[doc_id][version])
        if flush:
            edges.flush()
    edges.flush()
    assert summary.read_rows(store) == summary.aggregate(store)


def test_a_run_killed_between_a_document_and_its_edges_is_repaired_by_the_next(tmp_path, extractor):
    store = Store.open(None)
    docs = [{"id": k, "date": "2025-05-01", "text": t} for k, t in TEXTS.items()]
    build([_feed(tmp_path / "in.jsonl", docs[:2])], store, extractor=extractor)
    # what a run killed on a server leaves: its mark, and a document written without its edges
    summary.begin(store, M, "killed-run")
    [extracted] = Local(extractor, Settings()).submit([Document("c", TEXTS["c"], "2025-05-01")]).result()
    store.replace_graph(M.graph("c"), extracted.graph_quads())
    assert summary.read_rows(store) != summary.aggregate(store)
    report = build([_feed(tmp_path / "in.jsonl", docs[:2])], store, extractor=extractor)
    assert report.unchanged == 2
    _agrees(store)
    assert not [q for q in store.quads(ox.NamedNode(M.base + "graph/edges"))
                if q.predicate.value.endswith("pendingRun")]


def test_a_store_without_a_summary_gets_one_from_its_next_run(tmp_path, extractor):
    store = Store.open(None)
    build([_feed(tmp_path / "in.jsonl", [{"id": "a", "text": TEXTS["a"]}])], store, extractor=extractor)
    expected = run_query(store, "who-fights-whom").rows
    for g in store.named_graphs():  # as a version before the summary wrote it
        if "/graph/edge" in g:
            store.remove_graph(ox.NamedNode(g))
    assert run_query(store, "who-fights-whom").rows == []
    build([_feed(tmp_path / "in.jsonl", [{"id": "a", "text": TEXTS["a"]}])], store, extractor=extractor)
    assert run_query(store, "who-fights-whom").rows == expected


def test_an_import_sums_up_the_edges_of_what_it_brought(tmp_path, extractor):
    from kg.graph import import_rdf

    source = Store.open(None)
    build([_feed(tmp_path / "in.jsonl", [{"id": k, "text": t} for k, t in TEXTS.items()])], source,
          extractor=extractor)
    source.dump(str(tmp_path / "all.trig"), "trig")
    target = Store.open(None)
    build([_feed(tmp_path / "other.jsonl", [{"id": "other", "text": TEXTS["c"]}])], target,
          extractor=extractor)
    import_rdf(target, tmp_path / "all.trig")
    own = summary.read_rows(target)
    rows = _agrees(target)
    assert rows.keys() == summary.aggregate(source).keys() | own.keys() and own
