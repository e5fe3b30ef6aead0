"""Review: judgements as PROV in a review graph that survives rebuilds; rejected statements
hidden by default; the reviewed documents as gold that kg eval reads."""
import json

import pytest

from kg.api import KnowledgeGraph
from kg.config import Settings
from kg.errors import InputError
from kg.evaluate import load_gold
from kg.graph import Store

TEXTS = {
    "goma.txt": "date 2025-01-27\nM23 rebels attacked the Congolese army in Goma. "
                "Rwanda denied supporting the M23.",
    "kabul.txt": "date 2021-08-28\nThe Taliban besieged the Panjshir valley. Pakistan supports the Taliban.",
}


@pytest.fixture()
def reviewed(tmp_path, extractor):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text)
    graph = KnowledgeGraph(Store.open(tmp_path / "store"), Settings(store=tmp_path / "store"))
    assert graph.build([folder], extractor=extractor).errors == []
    yield graph, folder
    graph.close()


def _ids(graph, **kw):
    return {r["id"]: r for r in graph.review(**kw).as_dicts()}


def test_review_lists_unjudged_statements_lowest_confidence_first_or_of_one_actor(reviewed):
    graph, _ = reviewed
    rows = graph.review().as_dicts()
    assert [r["confidence"] for r in rows] == sorted(r["confidence"] for r in rows)
    assert {r["document"] for r in rows} == {"goma", "kabul"}
    taliban = graph.review("the taliban").as_dicts()
    assert taliban and all("Taliban" in (r["subject"], r["object"]) for r in taliban)


def test_a_rejection_is_prov_with_who_when_why_and_hides_the_statement(reviewed):
    graph, _ = reviewed
    sid, row = next((i, r) for i, r in _ids(graph).items() if r["relation"] == "supports"
                    and r["subject"] == "Pakistan")
    before = graph.analyze("alliances").rows
    judgement = graph.reject(sid[:8], note="an opinion piece, not a report", by="analyst-1")
    assert (judgement.verdict, judgement.by, judgement.note) == ("Rejected", "analyst-1",
                                                                  "an opinion piece, not a report")
    prov = graph.query("""PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX akg: <https://w3id.org/actor-kg/ontology#>
        SELECT ?who ?when ?why WHERE { ?r a prov:Activity, akg:Review ; prov:used ?st ;
            akg:verdict akg:Rejected ; prov:wasAssociatedWith [ <https://schema.org/name> ?who ] ;
            prov:endedAtTime ?when ; <http://www.w3.org/2000/01/rdf-schema#comment> ?why }""").as_dicts()
    assert [(p["who"], p["why"]) for p in prov] == [("analyst-1", "an opinion piece, not a report")]
    assert sid not in _ids(graph) and _ids(graph, reviewed=True)[sid]["verdict"] == "Rejected"
    assert len(graph.analyze("alliances").rows) == len(before) - 1
    assert len(graph.analyze("alliances", include_rejected=True).rows) == len(before)
    pairs = lambda net: {(e.source, e.relation) for e in net.edges}  # noqa: E731
    assert pairs(graph.network()) < pairs(graph.network(include_rejected=True))
    hidden = graph.query("recruitment").rows == graph.query("recruitment", include_rejected=True).rows
    assert hidden  # no recruitment here: the flag changes nothing else
    assert graph.export(None, "events").count(b"Pakistan") == 0
    assert graph.export(None, "events", include_rejected=True).count(b"Pakistan") > 0


def test_judgements_survive_a_forced_rebuild_and_the_latest_one_counts(reviewed, extractor):
    graph, folder = reviewed
    sid = next(i for i, r in _ids(graph).items() if r["relation"] == "besieges")
    fights = lambda **kw: {r["relation"] for r in graph.query("who-fights-whom", **kw).as_dicts()}  # noqa: E731
    assert "besieges" in fights()
    graph.reject(sid)
    assert "besieges" not in fights() and "besieges" in fights(include_rejected=True)
    graph.build([folder], extractor=extractor, force=True)
    assert _ids(graph, reviewed=True)[sid]["verdict"] == "Rejected"
    assert "besieges" not in {e.relation for e in graph.network().edges} and "besieges" not in fights()
    assert graph.validate().conforms
    graph.confirm(sid, note="read it again: it is a siege")
    assert _ids(graph, reviewed=True)[sid]["verdict"] == "Confirmed"
    assert "besieges" in {e.relation for e in graph.network().edges}


def test_unknown_or_ambiguous_ids_are_one_line_errors(reviewed):
    graph, _ = reviewed
    with pytest.raises(InputError, match="no such statement"):
        graph.reject("0123456789abcdef0123")
    with pytest.raises(InputError, match="no such statement"):
        graph.confirm("9f")


def test_gold_export_is_read_by_kg_eval_and_scores_the_reviewed_statements(reviewed, tmp_path):
    graph, _ = reviewed
    rows = _ids(graph)
    kept = next(i for i, r in rows.items() if r["relation"] == "besieges")
    wrong = next(i for i, r in rows.items() if r["subject"] == "Pakistan")
    graph.confirm(kept)
    graph.reject(wrong, note="not in this text")
    path = tmp_path / "gold.json"
    graph.export(path, "gold")
    (doc,) = load_gold(path)
    assert doc["doc_id"] == "kabul"
    assert {(r["p"], r["review"]) for r in doc["relations"]} >= {("besieges", "confirmed")}
    assert [(r["p"], r["note"]) for r in doc["rejected"]] == [("supports", "not in this text")]
    names = {n for a in doc["actors"] for n in a["names"]}
    assert {"Taliban", "Panjshir", "Pakistan"} <= names
    scores = graph.evaluate(path)
    assert scores["strict"].recall == 1.0 and scores["strict"].tp == len(doc["relations"])
    assert json.loads(path.read_text())["documents"][0]["doc_date"] == "2021-08-28"


def test_reviewed_gold_teaches_the_learner_a_confirmed_pair_and_a_rejected_one(reviewed, tmp_path, extractor):
    from kg.learn import load_documents
    from kg.learn.examples import examples_for

    graph, folder = reviewed
    rows = _ids(graph)
    graph.confirm(next(i for i, r in rows.items() if r["relation"] == "besieges"))
    graph.reject(next(i for i, r in rows.items() if r["subject"] == "Pakistan"), note="not in this text")
    path = tmp_path / "gold.json"
    graph.export(path, "gold")
    docs, stats = examples_for(extractor, load_documents([path], [folder]))
    labels = {frozenset((e.candidate.first, e.candidate.second)): e.labels for d in docs for e in d.examples}
    besieged = next(v for k, v in labels.items() if any("taliban" in x for x in k)
                    and any("panjshir" in x for x in k))
    assert besieged & {"besieges>", "besieges<"}  # the confirmed statement is a positive example
    rejected = next(v for k, v in labels.items() if any("taliban" in x for x in k)
                    and any("pakistan" in x for x in k))
    assert not rejected  # the rejected one a pair a reader related by nothing
    assert stats["gold.json relations with evidence found"] == stats["gold.json relations"] > 0


def test_a_rejected_statement_leaves_the_pages_and_their_totals(reviewed):
    graph, _ = reviewed
    before = {name: graph.query(name, **params) for name, params in
              (("timeline", {"name": "Taliban"}), ("actor-relations", {"name": "Taliban"}),
               ("evidence", {"subject": "Taliban", "object": "Pakistan"}))}
    sid = next(i for i, r in _ids(graph).items() if r["relation"] == "supports" and r["subject"] == "Pakistan")
    graph.reject(sid)
    for name, params in (("timeline", {"name": "Taliban"}), ("actor-relations", {"name": "Taliban"}),
                         ("evidence", {"subject": "Taliban", "object": "Pakistan"})):
        after = graph.query(name, **params)
        assert after.total == before[name].total - 1 == len(after.rows), name
        shown = graph.query(name, include_rejected=True, **params)
        assert (shown.total, shown.rows) == (before[name].total, before[name].rows), name
