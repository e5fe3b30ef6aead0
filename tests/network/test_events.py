"""The event table: one row per statement with codes, places and coordinates, spreadsheet-safe
CSV and JSON lines; GeoSPARQL points in the RDF; GEXF dates for Gephi's timeline."""
import csv
import io
import json

import pytest

from kg.api import KnowledgeGraph
from kg.config import Settings
from kg.graph import Store
from kg.network import EVENT_COLUMNS

TEXT = ("GOMA, Jan 27 (Reuters) - M23 rebels fought the Congolese army on Monday, residents said.\n"
        "=Rwanda denied supporting the M23.\n"
        "The RSF attacked El Fasher in North Darfur on Sunday.\n"
        "Ukrainian drones attacked Dzhankoi overnight.\n")


@pytest.fixture(scope="module")
def graph(tmp_path_factory, extractor):
    folder = tmp_path_factory.mktemp("events")
    (folder / "goma.txt").write_text("date 27 January 2025\ntitle Fighting near Goma\n" + TEXT)
    with KnowledgeGraph(Store.open(None), Settings()) as g:
        assert g.build([folder], extractor=extractor).errors == []
        yield g


def _rows(graph):
    return list(csv.DictReader(io.StringIO(graph.export(None, "events").decode("utf-8"))))


def test_one_row_per_statement_in_the_documented_columns(graph):
    rows = _rows(graph)
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert len(rows) == graph.stats()["statements"]
    fight = next(r for r in rows if r["relation"] == "fights")
    assert (fight["actor1_country"], fight["cameo"], fight["plover"]) == \
        ("Democratic Republic of the Congo", "19", "ASSAULT")
    assert (fight["location"], fight["country"]) == ("Goma", "Democratic Republic of the Congo")
    assert (float(fight["latitude"]), float(fight["longitude"])) == (-1.67409, 29.22845)
    assert (fight["modality"], fight["source"]) == ("Claimed", "Residents")
    assert (fight["doc_id"], fight["title"], fight["event_date"]) == ("goma", "Fighting near Goma", "2025-01-27")


def test_a_place_has_its_admin1_region_and_country_as_far_as_the_gazetteer_knows(graph):
    attacks = {r["location"]: r for r in _rows(graph) if r["relation"] == "attacks"}
    assert (attacks["Dzhankoi"]["admin1"], attacks["Dzhankoi"]["country"]) == ("Crimea", "Ukraine")
    assert (attacks["El Fasher"]["admin1"], attacks["El Fasher"]["country"]) == ("", "Sudan")


def test_a_cell_a_spreadsheet_would_run_is_escaped_in_csv_but_not_in_json_lines(graph):
    denial = next(r for r in _rows(graph) if r["modality"] == "Negated")
    assert denial["evidence"] == "'=Rwanda denied supporting the M23."
    lines = graph.export(None, "events-jsonl").decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert any(r["evidence"] == "=Rwanda denied supporting the M23." for r in records)
    assert all(list(r) == list(EVENT_COLUMNS) for r in records)


def test_locations_are_geosparql_points_that_rdflib_reads(graph):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(data=graph.export(None, "trig"), format="trig")
    rows = list(ds.query("""PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?name ?wkt WHERE { ?st prov:atLocation ?p . ?p rdfs:label ?name ;
            geo:hasGeometry/geo:asWKT ?wkt }"""))
    assert {(str(n), str(w)) for n, w in rows} >= {("Goma", "POINT(29.22845 -1.67409)")}
    assert all(str(w.datatype) == "http://www.opengis.net/ont/geosparql#wktLiteral" for _, w in rows)


def test_gexf_edges_and_nodes_carry_start_and_end_dates_for_the_timeline(graph):
    import networkx as nx

    g = nx.read_gexf(io.BytesIO(graph.export(None, "gexf")))
    assert g.graph["mode"] == "dynamic"
    assert all(d["start"] == d["first_date"] and d["end"] == d["last_date"] for _, _, d in g.edges(data=True))
    assert {d["start"] for _, _, d in g.edges(data=True)} == {"2025-01-26", "2025-01-27"}  # Sunday, Monday
    for node, data in g.nodes(data=True):
        assert data["start"] == min(d["start"] for *_, d in g.edges(node, data=True)) \
            if g.out_degree(node) and not g.in_degree(node) else "start" in data
