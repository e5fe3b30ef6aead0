"""The embedded store: persistence, one transaction per document, the lock, read-only opening."""
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.errors import StoreInUseError
from kg.store import Store

G = ox.NamedNode("https://example.org/graph/1")
S = ox.NamedNode("https://example.org/s")
P = ox.NamedNode("https://example.org/p")


def _quads(n):
    return [ox.Quad(S, P, ox.Literal(str(i)), G) for i in range(n)]


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
    s.replace_graph(ox.NamedNode("https://example.org/graph/2"), _quads(2))
    nt = s.dump(None, "ntriples").decode()
    assert len([ln for ln in nt.splitlines() if ln.strip()]) == 2
