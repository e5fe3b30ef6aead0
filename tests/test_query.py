"""Named queries on the demo graph, parameters bound as values, and bad queries."""
import pytest

from kg.errors import QueryError
from kg.query import named_queries


def test_named_queries_are_shipped_with_descriptions():
    qs = named_queries()
    assert {"who-fights-whom", "recruitment", "actor-relations", "evidence", "timeline"} <= set(qs)
    assert all(q.description for q in qs.values())
    assert set(qs["evidence"].params) == {"subject", "object"}


def test_who_fights_whom_has_the_seed_and_wcep_conflicts(demo_graph):
    rows = demo_graph.query("who-fights-whom").as_dicts()
    assert {"subject", "relation", "object", "statements"} <= set(rows[0])
    pairs = {(r["subject"], r["relation"], r["object"]) for r in rows}
    assert ("Taliban", "besieges", "Panjshir") in pairs
    assert any(r["subject"] == "Israel" for r in rows)


def test_recruitment_lists_kapisa_and_parwan(demo_graph):
    rows = demo_graph.query("recruitment").as_dicts()
    assert {r["source"] for r in rows if r["actor"] == "National Resistance Front"} >= {"Kapisa", "Parwan"}


def test_actor_relations_by_alias_case_insensitive(demo_graph):
    rows = demo_graph.query("actor-relations", name="massoud's army").as_dicts()
    assert any(r["relation"] == "negotiatesWith" for r in rows)
    assert "name" not in rows[0]


def test_evidence_for_one_edge(demo_graph):
    rows = demo_graph.query("evidence", subject="Afghan Army", object="Northern Alliance").as_dicts()
    assert rows and rows[0]["relation"] == "trains"
    assert "trained" in rows[0]["evidence"] and rows[0]["document"] == "panjshir-2021-08-28"


def test_timeline_is_in_date_order(demo_graph):
    rows = demo_graph.query("timeline", name="Hamas").rows
    dates = [r[0] for r in rows]
    assert len(rows) > 3 and dates == sorted(dates)


@pytest.mark.parametrize("hostile", ['x"} ; DROP ALL ; #', "Taliban' } UNION { ?s ?p ?o", "{}}{\\"])
def test_parameters_cannot_inject_sparql(demo_graph, hostile):
    before = demo_graph.store.count()
    assert demo_graph.query("actor-relations", name=hostile).rows == []
    assert demo_graph.store.count() == before


def test_missing_and_unknown_parameters_are_errors(demo_graph):
    with pytest.raises(QueryError, match="missing parameter"):
        demo_graph.query("actor-relations")
    with pytest.raises(QueryError, match="unknown parameter"):
        demo_graph.query("who-fights-whom", actor="x")


def test_malformed_sparql_is_a_query_error(demo_graph):
    with pytest.raises(QueryError, match="sparql"):
        demo_graph.query("SELECT ?x WHERE { ?x ")


def test_unknown_query_name_is_an_error(demo_graph):
    with pytest.raises(QueryError, match="not a named query"):
        demo_graph.query("who-loves-whom")
