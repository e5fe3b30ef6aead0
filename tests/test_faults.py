"""Fault injection at every write (`faults.kg`): whatever write fails in build, remove, import,
export or query output, the command says so in one line and exits 2, the store keeps every
document whole (as it was, or as the command made it), and a file written before is intact."""
import json
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import SEED
from faults import kg, one_error_line, sweep
from kg.graph import Store

DATA = Path(__file__).resolve().parent / "data"
FEED = DATA / "regression.jsonl"
SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
WRITTEN: dict[Path, int] = {}  # a store: the largest file its build wrote


def graphs(store: Path) -> dict[str, int]:
    """Every graph of the store but the records of runs (and the mark of one under way), with its
    number of quads."""
    with Store.open(store, read_only=True) as s:
        return {g: s.count(ox.NamedNode(g)) for g in s.named_graphs()
                if "/graph/run/" not in g and not g.endswith("/graph/edges")}


def written(store: Path, since: float) -> int:
    """The size of the largest file of `store` written since `since`: how far to sweep."""
    return max(p.stat().st_size for p in store.iterdir() if p.stat().st_mtime >= since)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("faults") / "seed"
    assert kg(["build", str(SEED), "--store", str(store), "-q"]).returncode == 0
    return store


@pytest.fixture(scope="module")
def full_store(seed_store) -> Path:
    """The seed store with the regression feed built too, and the size of that build's writes."""
    store = seed_store.with_name("full")
    shutil.copytree(seed_store, store)
    started = time.time() - 1
    assert kg(["build", str(FEED), "--store", str(store), "-q"]).returncode == 0
    WRITTEN[store] = written(store, started)
    return store


def _copy(store: Path, tmp_path: Path, n: int) -> Path:
    return Path(shutil.copytree(store, tmp_path / f"{store.name}-{n}"))


def _documents(state: dict) -> set[str]:
    return {g for g in state if "/graph/doc/" in g}


def _whole(now: dict, *states: dict) -> None:
    """Each graph of `now` is as one of `states` has it: never part of a document."""
    for g, count in now.items():
        assert any(state.get(g) == count for state in states), (g, count)


def test_a_write_failing_in_build_leaves_each_document_whole(seed_store, full_store, tmp_path):
    before, after = graphs(seed_store), graphs(full_store)
    failed = 0
    for n in sweep(WRITTEN[full_store], points=5):
        store = _copy(seed_store, tmp_path, n)
        run = kg(["build", str(FEED), "--store", str(store), "-q"], fail_after=n)
        if run.returncode:
            one_error_line(run)
            failed += 1
        now = graphs(store)
        _whole(now, before, after)
        assert {g: now[g] for g in before} == before  # nothing already stored is lost
    assert failed >= 3


def test_a_remove_cut_short_leaves_documents_whole_a_true_record_and_resumes(full_store, tmp_path):
    before, seed = graphs(full_store), graphs(full_store.with_name("seed"))
    ids = [g.rsplit("/", 1)[1] for g in _documents(before) - _documents(seed)]
    reference, started = _copy(full_store, tmp_path, -1), time.time() - 1
    assert kg(["remove", *ids, "--store", str(reference)]).returncode == 0
    failed = 0
    for n in sweep(written(reference, started), points=5):
        store = _copy(full_store, tmp_path, n)
        run = kg(["remove", *ids, "--store", str(store)], fail_after=n)
        if run.returncode:
            one_error_line(run)
            failed += 1
        now = graphs(store)
        _whole(now, before, seed)
        records = json.loads(kg(["runs", "--store", str(store), "--format", "json"]).stdout)
        removed = sum(r["removed"] or 0 for r in records if r["action"] == "remove")
        assert removed == len(_documents(before) - _documents(now))  # the record says what was done
        assert kg(["remove", *ids, "--store", str(store)]).returncode == 0  # the rest goes now
        assert graphs(store) == seed
    assert failed >= 2


def test_a_write_failing_in_import_leaves_each_graph_whole(seed_store, full_store, tmp_path):
    dump = tmp_path / "full.trig"
    assert kg(["export", "--store", str(full_store), "--output", str(dump)]).returncode == 0
    before, after = graphs(seed_store), graphs(full_store)
    failed = 0
    for n in sweep(WRITTEN[full_store], points=4):
        store = _copy(seed_store, tmp_path, n)
        run = kg(["import", str(dump), "--store", str(store)], fail_after=n)
        if run.returncode:
            one_error_line(run)
            failed += 1
        _whole(graphs(store), before, after)
    assert failed >= 2


@pytest.mark.parametrize("fmt", ["trig", "nquads", "graphml", "csv", "events"])
def test_a_failed_export_never_replaces_the_last_good_file(full_store, tmp_path, fmt):
    out = tmp_path / "out" / f"graph.{fmt}"
    assert kg(["export", "--store", str(full_store), "--format", fmt, "-o", str(out)]).returncode == 0
    files = sorted(out.parent.iterdir())
    good = {p: p.read_bytes() for p in files}
    for n in sweep(max(map(len, good.values())), points=5):
        run = kg(["export", "--store", str(full_store), "--format", fmt, "-o", str(out)], fail_after=n)
        assert str(out.parent) in one_error_line(run)
        assert sorted(out.parent.iterdir()) == files  # no part file left beside them
        assert {p: p.read_bytes() for p in files} == good


@pytest.mark.parametrize("args", [["export", "--format", "nquads"], ["query", "--sparql", SELECT],
                                  ["query", "--sparql", SELECT, "--format", "csv"],
                                  ["query", "--sparql", SELECT, "--format", "json"], ["documents"]])
def test_output_cut_by_a_full_disk_is_an_error_never_a_short_file(full_store, tmp_path, args):
    argv = args + ["--store", str(full_store)]
    whole = tmp_path / "whole"
    assert kg(argv, stdout=whole).returncode == 0
    expected = whole.read_bytes()
    for n in sweep(len(expected), points=5):
        out = tmp_path / f"cut-{n}"
        run = kg(argv, fail_after=n, stdout=out)
        if run.returncode == 0:
            assert out.read_bytes() == expected
        else:
            one_error_line(run)
    one_error_line(kg(argv, stdout="/dev/full"))
