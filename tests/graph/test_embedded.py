"""The embedded store: persistence, one transaction per document, the lock, read-only opening,
and graph replacement that stores any literal verbatim."""
import subprocess
import sys

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import StoreInUseError
from kg.graph import Store

G = ox.NamedNode("https://example.org/graph/1")
S = ox.NamedNode("https://example.org/s")
P = ox.NamedNode("https://example.org/p")


def _quads(n, graph=G):
    return [ox.Quad(S, P, ox.Literal(str(i)), graph) for i in range(n)]


def test_replace_graph_keeps_exactly_the_new_quads(tmp_path):
    with Store.open(tmp_path / "s") as s:
        s.replace_graph(G, _quads(3))
        s.replace_graph(G, _quads(2))
        assert s.count() == 2


def test_store_persists_between_openings(tmp_path):
    with Store.open(tmp_path / "s") as s:
        s.replace_graph(G, _quads(4))
    with Store.open(tmp_path / "s", read_only=True) as s:
        assert s.count() == 4


def test_second_writer_gets_store_in_use(tmp_path):
    path = tmp_path / "s"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreInUseError, match="in use"):
            Store.open(path)
        # a reader may still open it beside the writer
        with Store.open(path, read_only=True) as reader:
            assert reader.count() == 0
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_read_only_open_of_missing_store_is_an_error(tmp_path):
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "missing", read_only=True)


def test_dump_graphless_format_merges_graphs(tmp_path):
    s = Store.open(None)
    s.replace_graph(G, _quads(2))
    g2 = ox.NamedNode("https://example.org/graph/2")
    s.replace_graph(g2, _quads(2, g2))
    nt = s.dump(None, "ntriples").decode()
    assert len([ln for ln in nt.splitlines() if ln.strip()]) == 2


HOSTILE = ['a"b', "} ; DROP ALL ; INSERT DATA { <x> <y> <z> }", "line\nbreak\r\n\ttab",
           '\\u0022 } ; DROP ALL #', '\\"', "\\", '"""', "'''", "\x00\x01\x7f", "\u2028\u2029\ufeff",
           "é😀", "\\U0001F600", "> } GRAPH <https://example.org/graph/other> { <a> <b> <c> } #"]


def test_replacing_a_graph_with_hostile_literals_stores_them_verbatim_and_touches_nothing_else():
    other = ox.NamedNode("https://example.org/graph/other")
    s = Store.open(None)
    s.replace_graph(other, [ox.Quad(S, P, ox.Literal("keep"), other)])
    s.replace_graph(G, _quads(1))  # the graph exists, so the next write replaces it by an update
    s.replace_graph(G, [ox.Quad(S, P, ox.Literal(h), G) for h in HOSTILE])
    assert sorted(q.object.value for q in s.quads(G)) == sorted(HOSTILE)
    assert [q.object.value for q in s.quads(other)] == ["keep"]
    assert s.count() == len(HOSTILE) + 1


def test_replace_graph_refuses_quads_of_another_graph():
    from kg.errors import StoreError

    s = Store.open(None)
    with pytest.raises(StoreError, match="cannot be written here"):
        s.replace_graph(G, _quads(1, ox.NamedNode("https://example.org/graph/2")))
    assert s.count() == 0


def test_remove_graph_removes_one_graph_and_says_whether_it_was_there():
    g2 = ox.NamedNode("https://example.org/graph/2")
    s = Store.open(None)
    s.replace_graph(G, _quads(3))
    s.replace_graph(g2, _quads(2, g2))
    assert s.remove_graph(G) is True
    assert s.remove_graph(G) is False
    assert not s.has_graph(G) and s.count() == 2 == s.count(g2)


def test_open_without_create_of_missing_store_is_an_error_and_creates_nothing(tmp_path):
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="no store here"):
        Store.open(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()


# any Unicode text but unpaired surrogates, which are not text and which pyoxigraph refuses
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(_TEXT, max_size=4), second=st.lists(_TEXT, min_size=1, max_size=6))
def test_any_literal_survives_a_graph_replacement(first, second):
    s = Store.open(None)
    s.replace_graph(G, [ox.Quad(S, P, ox.Literal(t), G) for t in first])
    s.replace_graph(G, [ox.Quad(S, P, ox.Literal(t), G) for t in second])
    assert sorted(q.object.value for q in s.quads(G)) == sorted(set(second))
    assert s.named_graphs() == [G.value]


def test_add_quads_adds_to_what_a_graph_holds():
    s = Store.open(None)
    s.replace_graph(G, _quads(2))
    s.add_quads([ox.Quad(S, P, ox.Literal("extra"), G)])
    assert s.count(G) == 3


def test_replacing_a_graph_keeps_what_stays_and_changes_only_what_differs():
    s = Store.open(None)
    other = ox.NamedNode("https://example.org/graph/2")
    s.replace_graphs({G: _quads(4), other: _quads(2, other)})
    s.replace_graphs({G: _quads(6)[2:], other: _quads(2, other)})  # two go, two come, one graph as it was
    assert sorted(q.object.value for q in s.quads(G)) == ["2", "3", "4", "5"]
    assert s.count(other) == 2
    s.replace_graphs({G: [], other: _quads(1, other)})  # none: the graph goes
    assert s.named_graphs() == [other.value] and s.count() == 1


def test_a_graph_of_blank_nodes_is_replaced_whole():
    s = Store.open(None)
    blank = [ox.Quad(ox.BlankNode(), P, ox.Literal("a"), G), ox.Quad(S, P, ox.BlankNode(), G)]
    s.replace_graph(G, blank)
    s.replace_graph(G, [ox.Quad(ox.BlankNode(), P, ox.Literal("b"), G), ox.Quad(S, P, ox.Literal("c"), G)])
    assert sorted(q.object.value for q in s.quads(G)) == ["b", "c"]
