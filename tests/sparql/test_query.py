"""Named queries on the demo graph, parameters bound as values, and bad queries."""
import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.sparql import NamedQuery, named_queries


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


@pytest.mark.parametrize("written", ["the taliban", "TALIBAN", "Taliban's", "  Taliban "])
def test_a_name_finds_its_actor_however_it_is_written(demo_graph, written):
    rows = sorted(demo_graph.query("actor-relations", name=written).rows)
    assert rows and rows == sorted(demo_graph.query("actor-relations", name="Taliban").rows)


def test_a_name_finds_its_place_without_accents(demo_graph):
    rows = sorted(demo_graph.query("timeline", name="KĀPĪSĀ").rows)
    assert rows and rows == sorted(demo_graph.query("timeline", name="kapisa").rows)


def test_a_store_without_name_keys_says_to_rebuild(extractor, tmp_path):
    from kg.api import build

    f = tmp_path / "a.txt"
    f.write_text("date 2025-03-01\nHamas fighters attacked Israeli troops near Gaza City.")
    graph = build([f], in_memory=True, extractor=extractor)
    assert graph.query("timeline", name="Hamas").rows
    key = "https://w3id.org/actor-kg/ontology#nameKey"
    for g in graph.store.named_graphs():  # the graphs as an older version wrote them
        old = [q for q in graph.store.quads(ox.NamedNode(g)) if q.predicate.value != key]
        graph.store.replace_graph(ox.NamedNode(g), old)
    with pytest.warns(UserWarning, match="no name keys.*kg build"):
        assert graph.query("timeline", name="Hamas").rows == []


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
    with pytest.raises(QueryError, match="no actor goes by"):
        demo_graph.query("actor-relations", name=hostile)
    assert demo_graph.store.count() == before


def test_a_surname_an_acronym_or_a_spelling_finds_the_actor_and_nothing_is_a_hint(demo_graph):
    def subjects(name):
        return {(r["subject"], r["object"]) for r in demo_graph.query("actor-relations", name=name).as_dicts()}

    assert subjects("Zelensky") == subjects("Volodymyr Zelenskyy") != set()
    assert subjects("RSF") == subjects("Rapid Support Forces") != set()
    assert subjects("al-Shabab") == subjects("al-Shabaab") != set()
    with pytest.raises(QueryError, match=r"^no actor goes by 'Hamaz x'; nearest: .*Hamas"):
        demo_graph.query("timeline", name="Hamaz x")


def test_a_name_two_actors_share_is_a_hint_naming_both():
    from kg.graph import open_store_at
    from kg.sparql import find_name

    akg, label = "https://w3id.org/actor-kg/ontology#", "http://www.w3.org/2000/01/rdf-schema#label"
    with open_store_at(None) as store:
        g = ox.NamedNode("urn:g")
        for name, key in (("Bashar al-Assad", "bashar al assad"), ("Hafez al-Assad", "hafez al assad")):
            a = ox.NamedNode("urn:" + key.replace(" ", "-"))
            store.add_quads([ox.Quad(a, ox.NamedNode(label), ox.Literal(name), g),
                             ox.Quad(a, ox.NamedNode(akg + "nameKey"), ox.Literal(key), g)])
        assert find_name(store, "Bashar al-Assad") == "bashar al assad"
        with pytest.raises(QueryError, match=r"^'Assad' could be Bashar al-Assad, Hafez al-Assad: give more"):
            find_name(store, "Assad")


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


# The named queries are shaped for speed on large stores (scans joined by hash, lookups in the
# statement's own document graph, a planner hint); these plain formulations say what they mean.
# Both must give the same rows, in the same order up to ties of the ORDER BY keys.
_PREFIXES = """PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_ACTOR = """{ SELECT DISTINCT ?actor ?name WHERE { ?actor rdfs:label|skos:altLabel ?l .
                FILTER(LCASE(STR(?l)) = LCASE(STR(?name))) } }"""
_NAMES = """{ SELECT DISTINCT ?s ?subject WHERE { ?s rdfs:label ?subject } }
  { SELECT DISTINCT ?o ?object WHERE { ?o rdfs:label ?object } }"""
_PLAIN = {
    "who-fights-whom": (_PREFIXES + """
SELECT ?subject ?relation ?object (COUNT(DISTINCT ?st) AS ?statements)
       (MIN(?date) AS ?first) (MAX(?date) AS ?last)
WHERE {
  VALUES ?p { akg:fights akg:attacks akg:kills akg:besieges akg:invades akg:seizes }
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; akg:modality ?m .
  FILTER(?m IN (akg:Asserted, akg:Claimed))
  """ + _NAMES + """
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  OPTIONAL { ?st dcterms:date ?date }
} GROUP BY ?subject ?relation ?object
ORDER BY DESC(?statements) ?subject ?relation ?object""", [3, 0, 1, 2]),
    "recruitment": (_PREFIXES + """
SELECT ?actor ?source ?modality (COUNT(DISTINCT ?st) AS ?statements) (SAMPLE(?ev) AS ?evidence)
WHERE {
  ?st a rdf:Statement ; rdf:subject ?a ; rdf:predicate akg:recruitsFrom ; rdf:object ?o ;
      akg:modality ?m ; akg:evidence ?ev .
  { SELECT DISTINCT ?a ?actor WHERE { ?a rdfs:label ?actor } }
  { SELECT DISTINCT ?o ?source WHERE { ?o rdfs:label ?source } }
  BIND(STRAFTER(STR(?m), "#") AS ?modality)
} GROUP BY ?actor ?source ?modality
ORDER BY ?actor ?source""", [0, 1]),
    "actor-relations": ("# param: name literal  name\n" + _PREFIXES + """
SELECT ?name ?subject ?relation ?object ?modality (COUNT(DISTINCT ?st) AS ?statements)
WHERE {
  """ + _ACTOR + """
  { ?st rdf:subject ?actor } UNION { ?st rdf:object ?actor }
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; akg:modality ?m .
  """ + _NAMES + """
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  BIND(STRAFTER(STR(?m), "#") AS ?modality)
} GROUP BY ?name ?subject ?relation ?object ?modality
ORDER BY DESC(?statements) ?subject ?relation ?object""", [4, 0, 1, 2]),
    "timeline": ("# param: name literal  name\n" + _PREFIXES + """
SELECT ?name ?date ?subject ?relation ?object ?modality ?document ?evidence
WHERE {
  """ + _ACTOR + """
  { ?st rdf:subject ?actor } UNION { ?st rdf:object ?actor }
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; akg:modality ?m ;
      akg:evidence ?evidence ; prov:wasDerivedFrom ?d .
  ?d dcterms:identifier ?document .
  OPTIONAL { ?st dcterms:date ?date }
  """ + _NAMES + """
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  BIND(STRAFTER(STR(?m), "#") AS ?modality)
} ORDER BY ?date ?document ?subject""", [0, 5, 1]),
    "evidence": ("# param: subject literal  a\n# param: object literal  b\n" + _PREFIXES + """
SELECT ?subject ?object ?from ?relation ?to ?evidence ?trigger ?document ?date ?modality ?confidence
WHERE {
  { SELECT DISTINCT ?a ?subject WHERE { ?a rdfs:label|skos:altLabel ?l1 .
      FILTER(LCASE(STR(?l1)) = LCASE(STR(?subject))) } }
  { SELECT DISTINCT ?b ?object WHERE { ?b rdfs:label|skos:altLabel ?l2 .
      FILTER(LCASE(STR(?l2)) = LCASE(STR(?object))) } }
  { ?st rdf:subject ?a ; rdf:object ?b } UNION { ?st rdf:subject ?b ; rdf:object ?a }
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      akg:evidence ?evidence ; akg:trigger ?trigger ; akg:modality ?m ; akg:confidence ?confidence ;
      prov:wasDerivedFrom ?d .
  ?d dcterms:identifier ?document .
  OPTIONAL { ?st dcterms:date ?date }
  { SELECT DISTINCT ?s ?from WHERE { ?s rdfs:label ?from } }
  { SELECT DISTINCT ?o ?to WHERE { ?o rdfs:label ?to } }
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  BIND(STRAFTER(STR(?m), "#") AS ?modality)
} ORDER BY ?date ?document ?relation""", [6, 5, 1]),
}


@pytest.mark.parametrize("name, params", [
    ("who-fights-whom", {}),
    ("recruitment", {}),
    ("actor-relations", {"name": "Israel"}),
    ("actor-relations", {"name": "massoud's army"}),
    ("timeline", {"name": "Hamas"}),
    ("timeline", {"name": "northern alliance"}),
    ("evidence", {"subject": "Israel", "object": "Hamas"}),
    ("evidence", {"subject": "Afghan Army", "object": "Northern Alliance"}),
    # every statement between two actors that both go by this name links them both ways
    ("evidence", {"subject": "Kabul", "object": "Kabul"}),  # the city, and the state it speaks for
], ids=lambda v: v if isinstance(v, str) else "|".join(v.values()) or "-")
def test_named_query_gives_the_rows_of_its_plain_formulation(demo_graph, name, params):
    text, order_keys = _PLAIN[name]
    shipped = demo_graph.query(name, limit=None, **params)
    plain = demo_graph.query(text, sparql=True, **params)
    assert shipped.rows and shipped.columns == plain.columns and shipped.total == len(plain.rows)
    assert sorted(map(repr, shipped.rows)) == sorted(map(repr, plain.rows))
    assert [[r[i] for i in order_keys] for r in shipped.rows] == \
        [[r[i] for i in order_keys] for r in plain.rows]


def test_csv_cells_that_start_a_formula_are_neutralised():
    from kg.sparql import QueryResult

    result = QueryResult(["title", "n"], [["=1+2", -3], ["@SUM(A1)", None], ["plain", 4], ["a\r=1+1", 5]])
    assert result.to_csv() == "title,n\r\n'=1+2,-3\r\n'@SUM(A1),\r\nplain,4\r\n\"a\r=1+1\",5\r\n"


# -- pages ----------------------------------------------------------------------------------------

PER_ACTOR = [("timeline", {"name": "Israel"}), ("evidence", {"subject": "Israel", "object": "Hamas"}),
             ("actor-relations", {"name": "Israel"})]


@pytest.mark.parametrize("name, params", PER_ACTOR, ids=lambda v: v if isinstance(v, str) else "")
def test_per_actor_queries_give_a_first_page_and_say_how_many_rows_there_are(demo_graph, name, params):
    every = demo_graph.query(name, limit=None, **params)
    page = demo_graph.query(name, **params)
    assert named_queries()[name].page == 100
    assert page.total == every.total == len(every.rows) and page.columns == every.columns
    assert len(page.rows) == min(100, every.total) and page.more == (every.total > 100)
    assert every.total > (100 if name != "evidence" else 10)  # Israel is busy enough to page


@pytest.mark.parametrize("name, params", PER_ACTOR, ids=lambda v: v if isinstance(v, str) else "")
def test_pages_in_turn_give_every_row_once_in_the_querys_order(demo_graph, name, params):
    every = demo_graph.query(name, limit=None, **params)
    pages, offset = [], 0
    while offset < every.total:
        page = demo_graph.query(name, limit=37, offset=offset, **params)
        assert page.total == every.total and page.offset == offset
        pages += page.rows
        offset += 37
    assert sorted(map(repr, pages)) == sorted(map(repr, every.rows))
    if name == "actor-relations":  # the most stated first
        counts = [r[every.columns.index("statements")] for r in pages]
        assert counts == sorted(counts, reverse=True)
    else:  # in date order (undated first, as SPARQL orders them)
        dates = [r[every.columns.index("date")] or "" for r in pages]
        assert dates == sorted(dates)


def test_a_page_past_the_end_is_empty_and_still_says_how_many(demo_graph):
    every = demo_graph.query("timeline", limit=None, name="Hamas")
    past = demo_graph.query("timeline", offset=every.total + 5, name="Hamas")
    assert (past.rows, past.total, past.more) == ([], every.total, False)


def test_queries_over_the_whole_store_give_every_row_unless_a_page_is_asked_for(demo_graph):
    every = demo_graph.query("who-fights-whom")
    assert named_queries()["who-fights-whom"].page is None and every.total == len(every.rows) > 20
    page = demo_graph.query("who-fights-whom", limit=5, offset=10)
    assert page.rows == every.rows[10:15] and (page.total, page.more) == (every.total, True)
    sparql = demo_graph.query("SELECT ?s WHERE { ?s a <http://www.w3.org/ns/prov#Activity> }",
                              sparql=True, limit=1)
    assert len(sparql.rows) == 1 and sparql.total >= 1


@pytest.mark.parametrize("limit, offset", [(-1, 0), (5, -2), ("ten", 0), (2.5, 0)])
def test_limit_and_offset_are_whole_numbers(demo_graph, limit, offset):
    with pytest.raises(QueryError, match="whole number of rows"):
        demo_graph.query("timeline", limit=limit, offset=offset, name="Hamas")


def test_a_query_cannot_name_a_parameter_limit_or_offset():
    with pytest.raises(QueryError, match="limit cannot be a parameter's name"):
        NamedQuery.parse("q", "# param: limit literal  rows\nSELECT ?limit {}")


def test_a_page_is_cut_by_rewriting_only_the_page_line():
    q = NamedQuery.parse("q", "# page: 10\nSELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s\n"
                              "  LIMIT 10 OFFSET 0  # page\n} }")
    assert (q.page, q.cuts_pages) == (10, True)
    assert "  LIMIT 3 OFFSET 6  # page\n" in q.paged(3, 6) and "  OFFSET 6  # page\n" in q.paged(None, 6)
