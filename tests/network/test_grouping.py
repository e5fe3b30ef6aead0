"""One event, many reports: statements of the same pair, family, days and place are one
akg:Event, stored after each build, and counts can be of events."""
import csv
import io

import pytest

from kg.api import KnowledgeGraph
from kg.config import Settings
from kg.graph import Store
from kg.network import Edge, Evidence, Network, Node, group_events

# three outlets report one clash near Goma; a fourth, weeks later, another one
REPORTS = {
    "outlet-a.txt": "date 2025-01-27\nM23 rebels attacked the Congolese army in Goma on Monday.",
    "outlet-b.txt": "date 2025-01-28\nThe Congolese army fought M23 rebels in Goma, residents said.",
    "outlet-c.txt": "date 2025-01-28\nM23 fighters clashed with the Congolese army on Monday.",
    "outlet-d.txt": "date 2025-02-20\nM23 rebels attacked the Congolese army in Bukavu.",
}


def _net(*reports):
    net = Network()
    for n in "AB":
        net.add_node(Node(n, n, "ArmedGroup"))
    for i, (rel, date, where) in enumerate(reports):
        net.edges.append(Edge("A", "B", rel, "hostile" if rel != "supports" else "cooperative",
                              [Evidence(f"s{i}", f"d{i}", date=date, location=where, statement=f"st{i}")]))
    return net


def _grouped(net):
    return sorted(sorted(ev.statement for ev in g.reports) for g in group_events(net))


def test_reports_days_apart_and_in_another_family_or_place_are_other_events():
    net = _net(("attacks", "2025-01-27", "urn:goma"), ("fights", "2025-01-29", None),
               ("attacks", "2025-01-31", "urn:goma"), ("attacks", "2025-01-28", "urn:bukavu"),
               ("supports", "2025-01-27", None), ("attacks", None, None))
    assert _grouped(net) == [["st0", "st1"], ["st2"], ["st3"], ["st4"], ["st5"]]


def test_a_denial_is_not_grouped_with_the_reports_it_denies():
    net = _net(("attacks", "2025-01-27", None), ("attacks", "2025-01-27", None))
    net.edges[1].evidence[0] = Evidence("s1", "d1", date="2025-01-27", modality="Negated", statement="st1")
    assert _grouped(net) == [["st0"], ["st1"]]


@pytest.fixture(scope="module")
def graph(tmp_path_factory, frames_extractor):
    # the rule frames alone: what is grouped is under test here, not what is extracted
    extractor = frames_extractor
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text)
    with KnowledgeGraph(Store.open(None), Settings()) as g:
        assert g.build([folder], extractor=extractor).errors == []
        yield g


def test_a_build_stores_the_events_with_the_statements_reporting_them(graph):
    rows = graph.query("""PREFIX akg: <https://w3id.org/actor-kg/ontology#>
        SELECT ?e (COUNT(?st) AS ?n) WHERE { ?e a akg:Event ; akg:reportedBy ?st } GROUP BY ?e
        ORDER BY DESC(?n)""").rows
    # the clash (three reports), the attack in Bukavu, and each city attacked ("attacked ... in Goma")
    assert [n for _, n in rows] == [3, 1, 1, 1]
    stats = graph.stats()
    assert (stats["statements"], stats["events"]) == (6, 4)


def test_events_grouped_from_the_reports_alone_are_those_of_the_whole_network(graph):
    from kg.network import from_store
    from kg.network.load import reports

    def events(net):
        return [(g.pair, g.family, g.date, g.location, [ev.statement for ev in g.reports])
                for g in group_events(net)]

    assert events(reports(graph.store)) == events(from_store(graph.store))
    assert len(events(reports(graph.store))) == 4


def test_counting_events_counts_the_clash_once_in_analysis_network_and_event_table(graph):
    reports = graph.analyze("rivalries").rows[0]
    events = graph.analyze("rivalries", count="events").rows[0]
    assert (reports["hostile"], events["hostile"]) == (4, 2)
    assert sum(e.count for e in graph.network(count="events").edges) == 4
    table = list(csv.DictReader(io.StringIO(graph.export(None, "events", count="events").decode())))
    assert len(table) == 4 and len({r["event_id"] for r in table}) == 4


def test_removing_a_report_regroups_the_events(graph):
    graph.remove("outlet-d")
    assert graph.stats()["events"] == 2


def test_an_unknown_count_is_a_one_line_error(graph):
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="count: 'stories' is not one of reports, events"):
        graph.network(count="stories")
