"""Network analysis on small graphs built by hand, with every expected answer worked out in a comment."""
from __future__ import annotations

import csv
import io
import json
import math

import pytest

from kg.errors import ConfigError
from kg.network import (ANALYSES, Edge, Evidence, Network, Node, Window, actor_graph, alliances, analysis,
                        balance, centrality, changes, communities, hostile_pairs, rivalries, signed_graph,
                        to_csv, to_json)
from kg.network.centrality import _eigenvector
from kg.vocab import relation_family


def network(*edges, types: dict[str, str] | None = None) -> Network:
    """edges: (source, relation, target, dates) with one statement per date; or a list of
    (date, modality) pairs for statements of other modalities. Nodes are named by their ids."""
    net = Network()
    for source, relation, target, dates in edges:
        for n in (source, target):
            net.add_node(Node(n, n, (types or {}).get(n, "ArmedGroup")))
        evidence = [Evidence(f"{source} {relation} {target}.", f"d{i}", date=d, modality=m)
                    for i, (d, m) in enumerate((d, "Asserted") if isinstance(d, str) else d for d in dates)]
        net.edges.append(Edge(source, target, relation, relation_family(relation), evidence))
    return net


JAN = ["2024-01-10"]


def by_actor(rows: list[dict]) -> dict[str, dict]:
    return {r["actor"]: r for r in rows}


# --- centrality ---------------------------------------------------------------------------------

def star() -> Network:
    """H at the centre of A, B, C, D; H-A has three statements, the others one."""
    return network(("H", "attacks", "A", JAN * 3), ("H", "supports", "B", JAN),
                   ("C", "fights", "H", JAN), ("H", "leads", "D", JAN))


def test_star_centre_has_full_degree_and_betweenness_and_the_largest_eigenvector():
    rows = by_actor(centrality(star()))
    # n = 5: degree centrality = degree / 4. Every one of the 6 leaf pairs has its only shortest
    # path through H, so H's normalised betweenness is 6 / 6 = 1 and a leaf's is 0.
    # Adjacency eigenvalue 2 = sqrt(4); x_H = 2 x_leaf and x_H^2 + 4 x_leaf^2 = 1, so
    # x_H = 1/sqrt(2) = 0.7071 and x_leaf = 1/(2 sqrt(2)) = 0.3536.
    assert rows["H"] == {"actor": "H", "type": "ArmedGroup", "degree": 4, "statements": 6,
                         "degree_centrality": 1.0, "betweenness": 1.0, "eigenvector": 0.7071}
    for leaf in "ABCD":
        assert (rows[leaf]["degree"], rows[leaf]["degree_centrality"], rows[leaf]["betweenness"],
                rows[leaf]["eigenvector"]) == (1, 0.25, 0.0, 0.3536)
    assert rows["A"]["statements"] == 3
    assert centrality(star())[0]["actor"] == "H"


def test_eigenvector_on_a_disconnected_graph_scales_each_component_by_its_leading_eigenvalue():
    net = star()
    net.edges += network(("E", "fights", "F", JAN)).edges
    for n in "EF":
        net.add_node(Node(n, n, "ArmedGroup"))
    rows = by_actor(centrality(net))
    # n = 7: H's degree centrality 4/6, betweenness 6 leaf pairs / (6*5/2 = 15 pairs) = 0.4.
    assert (rows["H"]["degree_centrality"], rows["H"]["betweenness"]) == (0.6667, 0.4)
    # the star keeps its values; the pair E-F has eigenvalue 1, vector (1/sqrt2, 1/sqrt2),
    # scaled by 1/2 (its eigenvalue over the star's): 0.3536, below the star's centre
    assert rows["H"]["eigenvector"] == 0.7071
    assert rows["E"]["eigenvector"] == rows["F"]["eigenvector"] == 0.3536


def test_eigenvector_solved_exactly_when_power_iteration_stops_early_gives_the_same_values():
    g = actor_graph(star())
    fast, exact = _eigenvector(g), _eigenvector(g, max_iter=1)
    assert all(math.isclose(fast[n], exact[n], abs_tol=1e-9) for n in g)
    assert math.isclose(exact["H"], 2 ** -0.5)


def test_centrality_of_one_family_uses_only_its_edges():
    rows = by_actor(centrality(star(), family="hostile"))
    # hostile edges: H-A, C-H; B (supports) and D (leads) drop out
    assert set(rows) == {"H", "A", "C"}
    assert rows["H"]["degree"] == 2 and rows["H"]["betweenness"] == 1.0


def test_actors_placed_alike_are_ordered_by_how_much_the_documents_say_of_them():
    # two separate pairs, A-B said three times and C-D once: every actor has degree 1 and
    # betweenness 0, so the statements decide, then the name
    net = network(("C", "attacks", "D", ["2024-01-01"]),
                  ("A", "attacks", "B", ["2024-01-01", "2024-01-02", "2024-01-03"]))
    assert [r["actor"] for r in centrality(net)] == ["A", "B", "C", "D"]
    net = network(("Zeta", "attacks", "D", ["2024-01-01", "2024-01-02"]), ("A", "attacks", "B", ["2024-01-01"]))
    assert [r["actor"] for r in centrality(net)][:2] == ["D", "Zeta"]


def test_negated_and_conditional_statements_do_not_count_unless_asked():
    net = network(("A", "attacks", "B", [("2024-01-01", "Negated")]),
                  ("A", "fights", "C", [("2024-01-01", "Claimed"), ("2024-01-02", "Conditional")]))
    assert {r["actor"]: r["statements"] for r in centrality(net)} == {"A": 1, "C": 1}
    assert by_actor(centrality(net, modalities=None))["A"]["statements"] == 3


def test_empty_network_gives_no_rows_and_no_balance_ratio():
    net = Network()
    assert centrality(net) == [] and communities(net) == [] and rivalries(net) == []
    assert balance(net).ratio is None and balance(net).triangles == 0


def test_hostile_pairs_stay_directed():
    rows = hostile_pairs(network(("A", "attacks", "B", JAN * 2), ("B", "attacks", "A", JAN),
                                 ("A", "supports", "C", JAN)))
    assert [(r["actor"], r["target"], r["statements"], r["relations"]) for r in rows] == [
        ("A", "B", 2, "attacks"), ("B", "A", 1, "attacks")]


# --- communities ---------------------------------------------------------------------------------

def two_cliques() -> Network:
    """Cliques {A1..A4} and {B1..B4}, joined by the one bridge A1-B1."""
    edges = [(f"{s}{i}", "fights", f"{s}{j}", JAN)
             for s in "AB" for i in range(1, 5) for j in range(i + 1, 5)]
    return network(*edges, ("A1", "supports", "B1", JAN))


def test_louvain_splits_two_cliques_at_their_bridge():
    rows = communities(two_cliques())
    # m = 13 edges. The split has modularity 2 * (6/13 - (13/26)^2) = 0.42 > 0 for one block.
    # Within a clique A1 (degree 4 with the bridge) comes first, the rest by label.
    assert rows == [{"community": 1, "size": 4, "statements": 6, "members": "A1, A2, A3, A4"},
                    {"community": 2, "size": 4, "statements": 6, "members": "B1, B2, B3, B4"}]


def test_louvain_is_the_same_on_every_run_and_lists_at_most_max_members():
    net = two_cliques()
    assert communities(net) == communities(net)
    assert communities(net, max_members=2)[0]["members"] == "A1, A2 ... +2 more"


# --- the signed graph and structural balance -------------------------------------------------------

def test_a_pair_takes_the_sign_of_most_statements_and_a_tie_is_left_out():
    net = network(("A", "attacks", "B", JAN * 3), ("B", "negotiatesWith", "A", JAN),  # 3 - 1: hostile
                  ("A", "supports", "C", JAN * 2), ("C", "accuses", "A", JAN * 2),      # 2 - 2: a tie
                  ("D", "leads", "A", JAN))                                             # not signed
    g = signed_graph(net)
    assert [(u, v, d["sign"]) for u, v, d in g.edges(data=True)] == [("A", "B", -1)]


def test_enemy_of_my_enemy_as_friend_is_balanced():
    # A-B hostile, B-C hostile, A+C: product (-)(-)(+) = + -> balanced
    b = balance(network(("A", "fights", "B", JAN), ("B", "fights", "C", JAN), ("A", "alliedWith", "C", JAN)))
    assert (b.triangles, b.balanced, b.unbalanced, b.ratio) == (1, 1, [], 1.0)


def test_three_mutual_enemies_are_unbalanced_unless_balance_is_weak():
    # A-B, B-C, A-C all hostile: product (-)(-)(-) = - -> unbalanced (Heider); balanced (Davis)
    net = network(("A", "fights", "B", JAN), ("B", "fights", "C", JAN), ("A", "attacks", "C", JAN))
    strict = balance(net)
    assert (strict.triangles, strict.balanced, strict.ratio) == (1, 0, 0.0)
    row = strict.unbalanced[0]
    assert (row["actor_a"], row["actor_b"], row["actor_c"], row["a_b"], row["a_c"], row["b_c"]) == (
        "A", "B", "C", "-", "-", "-")
    assert "all three hostile" in row["reading"]
    assert balance(net, weak=True).ratio == 1.0


def test_two_friends_of_one_actor_hostile_to_each_other_are_unbalanced():
    # A+B, B+C, A-C: product (+)(+)(-) = - ; the odd pair A-C comes first, B is their friend
    b = balance(network(("A", "supports", "B", JAN), ("C", "meetsWith", "B", JAN),
                        ("A", "kills", "C", JAN * 2)))
    assert b.unbalanced == [{"actor_a": "A", "actor_b": "C", "actor_c": "B", "a_b": "-", "a_c": "+",
                             "b_c": "+", "statements": 4, "reading": "a and b hostile, both friends of c"}]


def test_balance_ratio_counts_every_triangle_of_a_four_actor_graph():
    camps = [("D", "supports", "A", JAN), ("D", "supports", "C", JAN),
             ("A", "fights", "B", JAN), ("B", "fights", "C", JAN), ("B", "fights", "D", JAN)]
    # camps {A, C, D} against {B}; with A+C all four triangles are balanced
    assert balance(network(*camps, ("A", "alliedWith", "C", JAN))).ratio == 1.0
    # with A-C: ABC is - - - and ACD is + + -, both unbalanced; ABD and BCD stay balanced: 2/4
    b = balance(network(*camps, ("A", "fights", "C", JAN)))
    assert (b.triangles, b.balanced, b.ratio, len(b.unbalanced)) == (4, 2, 0.5, 2)
    assert balance(network(*camps, ("A", "fights", "C", JAN)), weak=True).ratio == 0.75


def test_places_are_no_one_s_enemy_unless_kept():
    net = network(("A", "attacks", "X", JAN), ("A", "attacks", "B", JAN), types={"X": "Settlement"})
    assert [(r["actor_a"], r["actor_b"]) for r in rivalries(net)] == [("A", "B")]
    assert {r["actor_b"] for r in rivalries(net, skip_types=())} == {"B", "X"}


# --- rivalries and alliances -------------------------------------------------------------------------

def test_rivalries_rank_pairs_with_counts_each_way_relation_mix_and_dates():
    net = network(("A", "attacks", "B", ["2024-01-03", "2024-02-10"]), ("B", "fights", "A", ["2024-01-20"]),
                  ("C", "kills", "A", ["2024-03-01"]), ("A", "negotiatesWith", "B", ["2024-02-01"]))
    assert rivalries(net) == [
        # A-B: 3 hostile (A sent 2, B 1) against 1 cooperative -> sign -1
        {"actor_a": "A", "actor_b": "B", "hostile": 3, "a_to_b": 2, "b_to_a": 1, "cooperative": 1,
         "sign": -1, "relations": "attacks 2, fights 1", "first": "2024-01-03", "last": "2024-02-10"},
        # the side that sends the statements comes first: C kills A
        {"actor_a": "C", "actor_b": "A", "hostile": 1, "a_to_b": 1, "b_to_a": 0, "cooperative": 0,
         "sign": -1, "relations": "kills 1", "first": "2024-03-01", "last": "2024-03-01"}]
    assert [r["actor_b"] for r in rivalries(net, min_statements=2)] == ["B"]


def test_alliances_rank_cooperative_pairs_and_show_their_hostility_too():
    net = network(("A", "supports", "B", JAN * 3), ("B", "trains", "A", JAN), ("C", "meetsWith", "A", JAN),
                  ("A", "attacks", "B", JAN))
    rows = alliances(net)
    assert [(r["actor_a"], r["actor_b"], r["cooperative"], r["a_to_b"], r["b_to_a"], r["hostile"], r["sign"],
             r["relations"]) for r in rows] == [("A", "B", 4, 3, 1, 1, 1, "supports 3, trains 1"),
                                                ("C", "A", 1, 1, 0, 0, 1, "meetsWith 1")]


# --- change between two windows -----------------------------------------------------------------------

def two_months() -> Network:
    return network(
        ("A", "attacks", "B", ["2024-01-05"]),                          # January only: gone
        ("A", "attacks", "C", ["2024-01-07"]),                          # hostile in January ...
        ("A", "agreesWith", "C", ["2024-02-02", "2024-02-03"]),         # ... cooperative in February: flipped
        ("A", "supports", "D", ["2024-02-20"]),                         # February only: new
        ("B", "fights", "C", ["2024-01-09", "2024-02-01", "2024-02-11", "2024-02-28"]),  # 1 -> 3: grew
        ("C", "kills", "D", ["2024-01-02", "2024-02-02"]),              # 1 -> 1: same
        ("D", "attacks", "B", ["2024-03-01"]))                          # outside both windows


def test_changes_between_two_months_are_new_gone_flipped_and_grown():
    rows = changes(two_months(), "2024-01", "2024-02")
    assert [(r["actor_a"], r["actor_b"], r["change"], r["sign_before"], r["sign_after"]) for r in rows] == [
        ("A", "C", "flipped", -1, 1), ("A", "D", "new", None, 1), ("A", "B", "gone", -1, None),
        ("B", "C", "grew", -1, -1)]
    flipped = rows[0]
    assert (flipped["hostile_before"], flipped["cooperative_after"], flipped["relations_after"]) == (
        1, 2, "agreesWith 2")


def test_changes_list_unchanged_pairs_only_when_asked_and_take_ranges():
    same = [r for r in changes(two_months(), "2024-01", "2024-02", unchanged=True) if r["change"] == "same"]
    assert [(r["actor_a"], r["actor_b"]) for r in same] == [("C", "D")]
    # January against February and March: D-B appears, B-C grows from 1 to 3
    rows = {(r["actor_a"], r["actor_b"]): r["change"]
            for r in changes(two_months(), "2024-01", "2024-02..2024-03")}
    assert rows[("B", "D")] == "new" and rows[("B", "C")] == "grew"


@pytest.mark.parametrize("text, since, until", [
    ("2024-01", "2024-01", "2024-01"), ("2024", "2024", "2024"),
    ("2024-01..2024-03-15", "2024-01", "2024-03-15"),
    ("..2024-06", None, "2024-06"), ("2024-06..", "2024-06", None)])
def test_window_parses_one_period_or_a_range(text, since, until):
    assert Window.parse(text) == Window(since, until)


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "Jan 2024", "", "2024-03..2024-01", "24-01"])
def test_a_bad_window_is_one_line_naming_it(text):
    with pytest.raises(ConfigError, match="date window") as err:
        Window.parse(text)
    assert "\n" not in str(err.value)


# --- output and the CLI entry ----------------------------------------------------------------------------

def test_rows_serialise_to_csv_and_json():
    rows = changes(two_months(), "2024-01", "2024-02")
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert parsed[1]["actor_b"] == "D" and parsed[1]["sign_before"] == "" and parsed[1]["sign_after"] == "1"
    assert json.loads(to_json(rows)) == rows
    assert to_csv([]) == ""


@pytest.mark.parametrize("kind", ANALYSES)
def test_every_analysis_runs_with_cli_options_and_serialises(kind):
    table = analysis(two_months(), kind, top=2, before="2024-01", after="2024-02")
    data = json.loads(table.to_json())
    assert data["analysis"] == kind and data["rows"] == table.rows
    assert data["rows_total"] >= 1 and len(table.rows) == min(2, data["rows_total"])
    assert table.to_csv().splitlines()[0] == ",".join(table.columns)


def test_balance_analysis_reports_its_ratio_and_changes_its_windows():
    table = analysis(network(("A", "fights", "B", JAN), ("B", "fights", "C", JAN), ("A", "fights", "C", JAN)),
                     "balance")
    assert (table.meta["triangles"], table.meta["ratio"]) == (1, 0.0)
    assert table.summary.startswith("0 of 1 triangles balanced")
    changed = analysis(two_months(), "changes", before="2024-01", after="2024-02")
    assert (changed.meta["before"], changed.meta["after"]) == ("2024-01", "2024-02")
    assert changed.meta["rows_total"] == 4


def test_analysis_options_are_checked():
    with pytest.raises(ConfigError, match="give both windows"):
        analysis(two_months(), "changes", before="2024-01")
    with pytest.raises(ConfigError, match="unknown analysis 'pagerank'"):
        analysis(two_months(), "pagerank")


def test_an_unknown_family_is_an_error_not_an_empty_answer():
    with pytest.raises(ConfigError, match="unknown relation family 'hostle'"):
        centrality(star(), family="hostle")


def test_top_keeps_the_first_rows_and_zero_keeps_all():
    net = two_months()
    every = analysis(net, "rivalries").rows
    assert analysis(net, "rivalries", top=1).rows == every[:1]
    assert analysis(net, "rivalries", top=0).rows == every == analysis(net, "rivalries", top=-3).rows


def test_csv_cells_that_start_a_formula_are_neutralised_and_numbers_kept():
    rows = [{"actor": "=HYPERLINK(\"http://x.example\")", "score": -0.5, "note": "+cmd|' /c calc'!A0"}]
    (row,) = csv.DictReader(io.StringIO(to_csv(rows)))
    assert row == {"actor": "'=HYPERLINK(\"http://x.example\")", "score": "-0.5", "note": "'+cmd|' /c calc'!A0"}
