"""Selecting part of a network for drawing: degree, top actors, ego networks and `select`."""
from __future__ import annotations

import pytest

from kg.errors import ConfigError, KgError
from kg.network import Edge, Evidence, Network, Node, around, degree, resolve, select, top_actors


def ev(date: str | None = None, confidence: float = 0.9, modality: str = "Asserted") -> Evidence:
    return Evidence("A sentence.", "d1", date=date, confidence=confidence, modality=modality)


def chain_network() -> Network:
    """Taliban is the hub; NRF and Kabul hang off it; Panjshir is two hops from Taliban.

        Pakistan -> Taliban <-> NRF -> Panjshir
                    Taliban -> Kabul, Taliban - Qatar (two relations)
    """
    net = Network()
    for nid, label, typ, alt in [
        ("urn:t", "Taliban", "ArmedGroup", ["Islamic Emirate"]),
        ("urn:n", "National Resistance Front", "ArmedGroup", ["Northern Alliance"]),
        ("urn:p", "Pakistan", "Country", []),
        ("urn:q", "Qatar", "Country", []),
        ("urn:k", "Kabul", "Settlement", []),
        ("urn:j", "Panjshir", "Region", []),
    ]:
        net.add_node(Node(nid, label, typ, alt))
    net.edges += [
        Edge("urn:t", "urn:n", "fights", "hostile",
             [ev("2021-08-20"), ev("2021-09-01"), ev("2021-09-05", 0.5, "Claimed")]),
        Edge("urn:n", "urn:t", "attacks", "hostile", [ev("2021-09-02")]),
        Edge("urn:p", "urn:t", "supports", "cooperative", [ev("2021-07-01", 0.6, "Claimed")]),
        Edge("urn:t", "urn:q", "negotiatesWith", "cooperative", [ev("2021-06-01"), ev(None)]),
        Edge("urn:t", "urn:q", "meetsWith", "cooperative", [ev("2021-06-02")]),
        Edge("urn:t", "urn:k", "seizes", "hostile", [ev("2021-08-15")]),
        Edge("urn:n", "urn:j", "locatedIn", "other", [ev(None)]),
    ]
    return net


def test_degree_counts_distinct_neighbours_in_either_direction():
    d = degree(chain_network())
    # Taliban: NRF (three relations both ways count once), Pakistan, Qatar (two relations), Kabul.
    assert d == {"urn:t": 4, "urn:n": 2, "urn:p": 1, "urn:q": 1, "urn:k": 1, "urn:j": 1}


def test_degree_ignores_self_loops():
    net = Network()
    net.add_node(Node("a", "A", "Group"))
    net.edges.append(Edge("a", "a", "opposes", "hostile", [ev()]))
    assert degree(net) == {"a": 0}


def test_top_actors_keeps_the_best_connected_and_the_edges_among_them():
    out = top_actors(chain_network(), 2)
    assert list(out.nodes) == ["urn:t", "urn:n"]
    assert {(e.source, e.relation, e.target) for e in out.edges} == {
        ("urn:t", "fights", "urn:n"), ("urn:n", "attacks", "urn:t")}


def test_top_actors_breaks_ties_by_statements_then_label():
    # Pakistan, Qatar, Kabul and Panjshir all have degree 1; Qatar has three statements.
    out = top_actors(chain_network(), 4)
    assert set(out.nodes) == {"urn:t", "urn:n", "urn:q", "urn:k"}  # Kabul before Pakistan by label
    assert top_actors(chain_network(), 4).nodes.keys() == out.nodes.keys()  # repeatable


def test_top_actors_always_keeps_the_given_nodes():
    # Taliban ranks first but has no relation with Panjshir: NRF, related to it, is drawn instead
    out = top_actors(chain_network(), 2, keep=["urn:j"])
    assert set(out.nodes) == {"urn:j", "urn:n"}
    assert [(e.source, e.target) for e in out.edges] == [("urn:n", "urn:j")]


def test_top_actors_edge_cases():
    assert len(top_actors(chain_network(), 0).nodes) == 0
    assert len(top_actors(chain_network(), 100).nodes) == 6
    with pytest.raises(ConfigError, match="top"):
        top_actors(chain_network(), -1)


def test_selection_leaves_the_original_network_alone():
    net = chain_network()
    out = top_actors(net, 2)
    out.edges[0].evidence.clear()
    assert net.edges[0].count == 3 and len(net.nodes) == 6


@pytest.mark.parametrize("name", ["urn:n", "National Resistance Front", "national resistance FRONT",
                                  "  Northern Alliance ", "northern alliance"])
def test_resolve_by_iri_label_or_alternative_label_ignoring_case(name):
    assert resolve(chain_network(), name) == ["urn:n"]


def test_resolve_prefers_the_label_over_an_alternative_label():
    net = chain_network()
    net.add_node(Node("urn:x", "Kabul Province", "Region", ["Kabul"]))
    assert resolve(net, "kabul") == ["urn:k"]


def test_resolve_returns_every_node_sharing_a_label():
    net = Network()
    net.add_node(Node("urn:country", "Georgia", "Country"))
    net.add_node(Node("urn:state", "Georgia", "Region"))
    assert resolve(net, "georgia") == ["urn:country", "urn:state"]


def test_unknown_actor_names_it_and_suggests_close_matches():
    with pytest.raises(KgError, match=r"actor 'Tali' is not in the network; close matches: Taliban"):
        resolve(chain_network(), "Tali")
    # A part of a name that is no surname or acronym finds the whole as a hint.
    with pytest.raises(KgError, match="close matches: National Resistance Front"):
        resolve(chain_network(), "Resistance")
    with pytest.raises(KgError, match=r"^actor 'Zzyzx' is not in the network$"):
        resolve(chain_network(), "Zzyzx")
    with pytest.raises(ConfigError, match="empty"):
        resolve(chain_network(), "  ")


def test_around_follows_relations_in_both_directions_up_to_hops():
    net = chain_network()
    assert set(around(net, "Panjshir", 0).nodes) == {"urn:j"}
    assert set(around(net, "Panjshir", 1).nodes) == {"urn:j", "urn:n"}
    assert set(around(net, "Panjshir", 2).nodes) == {"urn:j", "urn:n", "urn:t"}
    assert set(around(net, "Panjshir", 3).nodes) == set(net.nodes)
    # Pakistan is only ever a source, Kabul only a target: both are one hop from Taliban.
    assert set(around(net, "Taliban").nodes) == {"urn:t", "urn:n", "urn:p", "urn:q", "urn:k"}


def test_around_keeps_every_edge_among_the_kept_nodes():
    out = around(chain_network(), "Kabul", hops=1)
    assert [(e.source, e.relation, e.target) for e in out.edges] == [("urn:t", "seizes", "urn:k")]
    out = around(chain_network(), "Qatar", hops=1)
    assert sorted(e.relation for e in out.edges) == ["meetsWith", "negotiatesWith"]


def test_around_rejects_negative_hops_and_unknown_actors():
    with pytest.raises(ConfigError, match="hops"):
        around(chain_network(), "Taliban", -1)
    with pytest.raises(KgError, match="'Hamas'"):
        around(chain_network(), "Hamas")


def test_select_with_nothing_asked_returns_the_network_itself():
    net = chain_network()
    assert select(net) is net


def test_select_min_count_since_and_until_use_network_filter():
    net = chain_network()
    assert [(e.relation, e.count) for e in select(net, min_count=2).edges] == \
        [("fights", 3), ("negotiatesWith", 2)]
    out = select(net, since="2021-08", until="2021-08")
    assert [(e.relation, e.count) for e in out.edges] == [("fights", 1), ("seizes", 1)]
    assert set(out.nodes) == {"urn:t", "urn:n", "urn:k"}
    assert select(net, min_confidence=0.7, modalities=["Asserted"]).edges[0].count == 2


def test_select_filters_before_the_ego_network():
    # The only relation of Panjshir is undated, so a date bound cuts it off the NRF.
    assert set(select(chain_network(), around="Northern Alliance").nodes) \
        == {"urn:n", "urn:t", "urn:j"}
    out = select(chain_network(), around="Northern Alliance", since="2021")
    assert set(out.nodes) == {"urn:n", "urn:t"}
    assert [(e.relation, e.count) for e in out.edges] == [("fights", 3), ("attacks", 1)]


def test_select_keeps_an_actor_whose_relations_were_all_filtered_out():
    out = select(chain_network(), around="Panjshir", since="2021-01")
    assert list(out.nodes) == ["urn:j"] and out.edges == []


def test_select_top_within_the_ego_network_keeps_the_centre():
    out = select(chain_network(), around="Panjshir", hops=3, top=2)
    assert set(out.nodes) == {"urn:j", "urn:n"}
    out = select(chain_network(), around="Qatar", top=3)
    assert "urn:q" in out.nodes and len(out.nodes) == 2  # Qatar's ego network has two nodes


@pytest.mark.parametrize("bad", ["21-08", "2021-13", "2021/08/01", "August 2021", "2021-08-32",
                                 "2021-02-31"])
def test_select_rejects_a_date_that_is_not_an_iso_prefix(bad):
    with pytest.raises(ConfigError, match=r"since: expected a date as YYYY, YYYY-MM or YYYY-MM-DD"):
        select(chain_network(), since=bad)
    with pytest.raises(ConfigError, match="until"):
        select(chain_network(), until=bad)


def test_from_store_leaves_out_predicates_the_ontology_does_not_define():
    import pyoxigraph as ox

    from kg.network import from_store
    from kg.graph import Store

    akg, rdf = "https://w3id.org/actor-kg/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    n = lambda x: ox.NamedNode(x)  # noqa: E731
    g, st, doc = n("urn:g"), n("urn:st"), n("urn:doc")
    triples = [(st, n(rdf + "type"), n(rdf + "Statement")), (st, n(rdf + "subject"), n("urn:a")),
               (st, n(rdf + "predicate"), n(akg + "bombs")), (st, n(rdf + "object"), n("urn:b")),
               (st, n(akg + "evidence"), ox.Literal("A bombs B.")),
               (st, n(akg + "modality"), n(akg + "Asserted")),
               (st, n(akg + "confidence"), ox.Literal("0.5", datatype=n("http://www.w3.org/2001/XMLSchema#decimal"))),
               (st, n(akg + "trigger"), ox.Literal("bombs")),
               (st, n("http://www.w3.org/ns/prov#wasDerivedFrom"), doc),
               (doc, n("http://purl.org/dc/terms/identifier"), ox.Literal("d"))]
    store = Store.open(None)
    store.replace_graph(g, [ox.Quad(s, p, o, g) for s, p, o in triples])
    with pytest.warns(UserWarning, match="bombs"):
        net = from_store(store)
    assert net.edges == []


def test_a_spelling_an_acronym_or_a_surname_finds_the_actor():
    net = chain_network()
    net.add_node(Node("urn:kagame", "Paul Kagame", "Person"))
    net.add_node(Node("urn:saf", "Sudanese Armed Forces", "StateForce"))
    net.add_node(Node("urn:shabaab", "al-Shabaab", "ArmedGroup"))
    assert resolve(net, "Northern Aliance") == ["urn:n"]  # an alternative label, misspelt
    assert resolve(net, "Talibn") == ["urn:t"]
    assert resolve(net, "Kagame") == ["urn:kagame"]
    assert resolve(net, "SAF") == ["urn:saf"]
    assert resolve(net, "al-Shabab") == resolve(net, "Al Shabab") == ["urn:shabaab"]



def test_top_never_keeps_a_node_whose_relations_all_lead_outside_the_cut():
    # A-B is a busy pair; C and D each have two neighbours, but only among E..H
    net = Network()
    for n in "ABCDEFGH":
        net.add_node(Node(n, n, "Country"))
    ev = [Evidence("s", "d")]
    net.edges += [Edge("A", "B", "fights", "hostile", ev * 5), Edge("C", "E", "fights", "hostile", ev),
                  Edge("C", "F", "fights", "hostile", ev), Edge("D", "G", "fights", "hostile", ev),
                  Edge("D", "H", "fights", "hostile", ev), Edge("A", "C", "fights", "hostile", ev)]
    for n in (2, 3, 4, 5):
        cut = top_actors(net, n)
        ends = {x for e in cut.edges for x in (e.source, e.target)}
        assert set(cut.nodes) == ends and len(cut.nodes) <= n, n
    assert sorted(top_actors(net, 3).nodes) == ["A", "B", "C"]
