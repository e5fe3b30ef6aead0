"""Builds over time: updates replace exactly one document, unchanged ones are skipped unless the
extractor changed, removal takes one document and nothing else, and every run is recorded."""
import json

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.errors import InputError
from kg.extract import Extractor
from kg.graph import Minter, Store, build, documents, remove, remove_documents, runs
from kg.network import from_store
from kg.sparql import run_query

M = Minter(Settings().base_iri)
FIGHT = "Hamas fought Israel in Gaza on Monday."
RELEASE = "Hamas released hostages to Israel. Egypt mediated talks between Hamas and Israel."


def _write(folder, **texts):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text)
    return folder


def _graph(store, doc_id):
    return sorted(str(q) for q in store.quads(M.graph(doc_id)))


def _edges(store):
    return {(e.source.rsplit("/", 1)[-1], e.relation, e.target.rsplit("/", 1)[-1], e.count)
            for e in from_store(store).edges}


@pytest.fixture()
def store():
    return Store.open(None)


def test_changed_document_replaces_exactly_its_graph(tmp_path, store, extractor):
    src = _write(tmp_path / "in", a=FIGHT, b=RELEASE)
    build([src], store, extractor=extractor)
    b_before = _graph(store, "b")
    (src / "a.txt").write_text("Russia attacked Ukraine near Kharkiv.")
    report = build([src], store, extractor=extractor)
    assert (report.built, report.unchanged, report.errors) == (1, 1, [])
    assert _graph(store, "b") == b_before
    a_text = " ".join(_graph(store, "a"))
    assert "Kharkiv" in a_text and "Hamas fought" not in a_text


def test_unchanged_documents_are_skipped_and_force_rebuilds_them(tmp_path, store, extractor):
    src = _write(tmp_path / "in", a=FIGHT, b=RELEASE)
    assert build([src], store, extractor=extractor).built == 2
    before = _graph(store, "a")
    assert (build([src], store, extractor=extractor).unchanged,
            build([src], store, extractor=extractor, force=True).built) == (2, 2)
    assert _graph(store, "a") == before


def test_changed_extractor_re_reads_documents_it_did_not_read(tmp_path, store, extractor):
    src = _write(tmp_path / "in", a=FIGHT)
    build([src], store, extractor=extractor)
    extra = tmp_path / "actors.csv"
    extra.write_text("name,type,aliases,weak_aliases,country,wikidata\nGaza Fighters,ArmedGroup,,,PS,\n")
    other = Extractor(extractor.nlp, extractor.dictionary, extractor.lexicon, extractor.rules, (extra,))
    assert other.fingerprint != extractor.fingerprint
    assert build([src], store, extractor=other).built == 1
    assert build([src], store, extractor=other).unchanged == 1
    assert build([src], store, extractor=extractor).built == 1  # and back again
    fp = ox.NamedNode("https://w3id.org/actor-kg/ontology#extractorFingerprint")
    assert [q.object.value for q in store.quads(M.graph("a")) if q.predicate == fp] == [extractor.fingerprint]


def test_document_stored_without_a_fingerprint_is_re_read(tmp_path, store, extractor):
    src = _write(tmp_path / "in", a=FIGHT)
    build([src], store, extractor=extractor)
    g = M.graph("a")
    store.replace_graph(g, [q for q in store.quads(g) if q.subject != g])  # as an older version wrote it
    assert build([src], store, extractor=extractor).built == 1


def test_same_id_twice_in_one_batch_is_an_error_naming_both_files(tmp_path, store, extractor):
    one = _write(tmp_path / "one", same=FIGHT)
    two = _write(tmp_path / "two", same=RELEASE)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": "j", "text": t}) + "\n" for t in (FIGHT, RELEASE)))
    report = build([one, two, feed], store, extractor=extractor)
    assert report.built == 2
    assert report.errors == [
        f"{two / 'same.txt'}: document id 'same' is already used by {one / 'same.txt'} in this build; "
        "skipped",
        f"{feed}:2: document id 'j' is already used by {feed}:1 in this build; skipped"]
    assert "Hamas fought" in " ".join(_graph(store, "same"))


def test_same_id_from_another_file_in_a_later_build_is_an_update(tmp_path, store, extractor):
    build([_write(tmp_path / "one", same=FIGHT)], store, extractor=extractor)
    report = build([_write(tmp_path / "two", same=RELEASE)], store, extractor=extractor)
    assert (report.built, report.errors) == (1, [])
    assert [(d.id, d.statements > 0) for d in documents(store)] == [("same", True)]
    assert "released" in " ".join(_graph(store, "same")) and "fought" not in " ".join(_graph(store, "same"))


def test_remove_takes_one_document_and_an_edge_goes_with_its_last_statement(tmp_path, store, extractor):
    src = _write(tmp_path / "in", a=FIGHT, b="Hamas fought Israel in Rafah on Tuesday.", c=RELEASE)
    build([src], store, extractor=extractor)
    c_before = _graph(store, "c")
    fights = {e for e in _edges(store) if e[1] == "fights"}
    assert fights == {("hamas", "fights", "israel", 2)}

    assert remove(store, "a") is True
    assert {e for e in _edges(store) if e[1] == "fights"} == {("hamas", "fights", "israel", 1)}
    assert remove(store, "b") is True
    assert not [e for e in _edges(store) if e[1] == "fights"]
    truthy = run_query(store, "ASK { ?s <https://w3id.org/actor-kg/ontology#fights> ?o }", sparql=True)
    assert truthy.rows == [[False]]
    assert not [g for g in store.named_graphs() if "/graph/doc/" in g and not g.endswith("/c")]
    assert _graph(store, "c") == c_before
    assert remove(store, "a") is False
    rafah = run_query(store, "SELECT ?a WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> \"Rafah\" }",
                      sparql=True)
    assert rafah.rows == []  # the place only document b named went with it


def test_removing_unknown_ids_is_an_error_that_removes_nothing(tmp_path, store, extractor):
    build([_write(tmp_path / "in", a=FIGHT)], store, extractor=extractor)
    count = store.count()
    with pytest.raises(InputError, match=r"^nope, never: no such document in the store"):
        remove_documents(store, ["a", "nope", "never"])
    assert store.count() == count and [d.id for d in documents(store)] == ["a"]


def test_every_build_and_removal_is_recorded_as_a_prov_activity(tmp_path, store, extractor):
    src = _write(tmp_path / "in", a=FIGHT, bad="")
    first = build([src], store, extractor=extractor)
    build([src], store, extractor=extractor)
    remove(store, "a")
    recorded = runs(store)
    assert [(r.action, r.built, r.unchanged, r.failed, r.removed) for r in recorded] == [
        ("build", 1, 0, 1, 0), ("build", 0, 1, 1, 0), ("remove", 0, 0, 0, 1)]
    assert recorded[0].id == first.run and recorded[0].statements == first.statements >= 1
    assert all(r.ended and r.ended >= r.started and r.version for r in recorded)

    g = M.run_graph(first.run)
    used = {q.object.value for q in store.quads(g) if q.predicate.value.endswith("#used")}
    assert M.doc("a").value in used and src.resolve().as_uri() in used
    assert any(u.startswith(M.base + "model/en_core_web_sm") for u in used)
    generated = [q.object for q in store.quads(g) if q.predicate.value.endswith("#generated")]
    assert generated == [M.graph("a")]
    removal = M.run_graph(recorded[2].id)
    invalidated = [q.object for q in store.quads(removal) if q.predicate.value.endswith("#invalidated")]
    assert invalidated == [M.graph("a")]


def test_run_graphs_leave_queries_stats_and_the_network_as_they_were(tmp_path, store, extractor):
    from kg.api import KnowledgeGraph

    build([_write(tmp_path / "in", a=FIGHT, b=RELEASE)], store, extractor=extractor)
    graph = KnowledgeGraph(store, Settings())
    with_runs = (from_store(store), graph.stats(), graph.query("who-fights-whom").rows,
                 graph.query("actor-relations", name="Hamas").rows)
    for g in store.named_graphs():
        if M.is_run_graph(g):
            store.remove_graph(ox.NamedNode(g))
    without = (from_store(store), graph.stats(), graph.query("who-fights-whom").rows,
               graph.query("actor-relations", name="Hamas").rows)
    assert with_runs[0] == without[0] and with_runs[2:] == without[2:]
    assert {k: v for k, v in with_runs[1].items() if k != "triples"} == \
           {k: v for k, v in without[1].items() if k != "triples"}


def test_built_store_with_run_records_passes_the_shacl_shapes(tmp_path, store, extractor):
    from rdflib import Dataset

    from kg.graph import validate

    src = _write(tmp_path / "in", a=FIGHT, b=RELEASE)
    build([src], store, extractor=extractor)
    remove(store, "b")
    ds = Dataset()
    ds.parse(data=store.dump(None, "trig"), format="trig")
    conforms, text = validate(ds)
    assert conforms, text[:2000]


def test_then_runs_once_every_document_and_edge_is_written_and_what_it_writes_stays(tmp_path, store,
                                                                                     extractor):
    from kg.graph import summary

    src = _write(tmp_path / "in", a=FIGHT, b=RELEASE)
    extra = ox.NamedNode("https://example.org/graph/after")
    seen = {}

    def then():
        seen["documents"] = sorted(d.id for d in documents(store))
        seen["edges"] = summary.read_rows(store) == summary.aggregate(store) != {}
        seen["ended"] = runs(store)[0].ended is not None
        store.replace_graph(extra, [ox.Quad(extra, extra, ox.Literal("x"), extra)])

    build([src], store, extractor=extractor, then=then)
    assert seen == {"documents": ["a", "b"], "edges": True, "ended": True}
    assert store.count(extra) == 1


def test_an_error_in_then_reaches_the_caller_and_the_documents_stay(tmp_path, extractor):
    path = tmp_path / "store"
    src = _write(tmp_path / "in", a=FIGHT, b=RELEASE)

    def then():
        raise RuntimeError("grouping failed")

    with Store.open(path) as store, pytest.raises(RuntimeError, match="grouping failed"):
        build([src], store, extractor=extractor, then=then)
    with Store.open(path, read_only=True) as store:
        assert sorted(d.id for d in documents(store)) == ["a", "b"]
        assert "Hamas" in " ".join(_graph(store, "a"))


def test_a_build_keeps_the_loaded_heap_out_of_collection_and_hands_it_back(tmp_path, store, extractor):
    import gc

    src = _write(tmp_path / "in", a=FIGHT, b=RELEASE)
    assert gc.get_freeze_count() == 0
    frozen_during = []
    report = build([src], store, extractor=extractor,
                   progress=lambda done, total: frozen_during.append(gc.get_freeze_count()))
    assert report.built == 2
    # the pipeline, dictionary and model loaded before the build sit out the collector's walks
    assert frozen_during and min(frozen_during) > 10_000
    # and are the collector's again once it ends, failed or not
    assert gc.get_freeze_count() == 0
    with pytest.raises(TypeError):
        build([src], store, extractor=extractor, progress=lambda done, total: 1 / None)
    assert gc.get_freeze_count() == 0
