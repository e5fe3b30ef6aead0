"""Extraction in worker processes (`kg build --jobs N`): the store, the run record and every IRI
are those of a one-process build, errors and progress come in input order, a worker that dies
has its documents extracted again, and workers leave with a build killed by SIGKILL."""
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from conftest import EXAMPLES
from kg.config import Settings
from kg.errors import ConfigError
from kg.graph import Minter, Store, build, runs
from kg.graph.build import make_engine
from kg.graph.extraction import Local, extract, in_order
from kg.ingest import Document

M = Minter(Settings().base_iri)
STORIES = EXAMPLES / "wcep-2025-2026" / "stories.jsonl"


def _stories(n, skip=0):
    with STORIES.open(encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(skip + n), f)][skip:]
    return [{k: r[k] for k in ("id", "date", "title", "text")} for r in rows]


def _feed(path, rows, extra_lines=()):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "".join(extra_lines), encoding="utf-8")
    return path


def _graphs(store):
    """Every graph but the run records, quad for quad (the ontology's blank nodes, which each
    load names afresh, as one)."""
    def text(q):
        return " ".join("_:b" if isinstance(t, ox.BlankNode) else str(t) for t in q)

    return {g: sorted(map(text, store.quads(ox.NamedNode(g)))) for g in store.named_graphs()
            if not M.is_run_graph(g)}


def _run_record(store, run_id):
    """A run's quads with its id and times taken out: what must be equal between two builds."""
    g = M.run_graph(run_id)
    out = []
    for q in store.quads(g):
        if q.predicate.value.endswith(("startedAtTime", "endedAtTime")):
            continue
        out.append(str(ox.Triple(q.subject, q.predicate, q.object)).replace(run_id, "RUN"))
    return sorted(out)


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    """Forty stories with, among them, a line that is not JSON, a repeated id and an empty text."""
    rows = _stories(40)
    lines = ["not json\n", json.dumps(rows[3]) + "\n", json.dumps({"id": "empty", "text": ""}) + "\n"]
    return _feed(tmp_path_factory.mktemp("feed") / "feed.jsonl", rows[:20], lines[:2]), \
        _feed(tmp_path_factory.mktemp("feed") / "more.jsonl", rows[20:], lines[2:])


def test_two_worker_processes_build_the_store_of_one_process_quad_for_quad(feed, extractor):
    one, two = Store.open(None), Store.open(None)
    seen_one, seen_two = [], []
    first = build(feed, one, Settings(), extractor, progress=lambda d, t: seen_one.append((d, t)))
    second = build(feed, two, Settings(), progress=lambda d, t: seen_two.append((d, t)), jobs=2)
    assert (second.built, second.unchanged, second.statements, second.errors) == \
        (first.built, first.unchanged, first.statements, first.errors)
    assert first.built == 40 and len(first.errors) == 3
    assert "not valid JSON" in first.errors[0] and "already used" in first.errors[1]
    assert seen_two == seen_one and seen_two[-1] == (43, 43)
    assert _graphs(two) == _graphs(one)
    assert _run_record(two, second.run) == _run_record(one, first.run)

    # a second build: the workers' fingerprint is the one stored, so nothing is read again
    again = build(feed, two, Settings(), jobs=2)
    assert (again.built, again.unchanged) == (0, 40)
    assert [r.unchanged for r in runs(two)] == [0, 40]


def test_a_worker_killed_mid_build_has_its_documents_extracted_again(tmp_path, extractor):
    src = _feed(tmp_path / "feed.jsonl", _stories(48, skip=40))
    expected = Store.open(None)
    build([src], expected, Settings(), extractor)
    killed = []

    def kill_a_worker(done, total):
        if done == 4 and not killed:
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    store = Store.open(None)
    report = build([src], store, Settings(), progress=kill_a_worker, jobs=2)
    assert killed and (report.built, report.errors) == (48, [])
    assert _graphs(store) == _graphs(expected)


def test_in_order_keeps_the_input_order_of_work_and_of_items_passed_through(extractor):
    docs = [Document(f"d{i}", f"Hamas fought Israel on day {i}.") for i in range(7)]
    items = [docs[0], "skip-1", docs[1], docs[2], "skip-2", "skip-3"] + docs[3:]
    out = list(in_order(items, lambda i: i if isinstance(i, Document) else None,
                        Local(extractor, Settings()), task_size=2))
    assert [i if isinstance(i, str) else i.id for i, _ in out] == \
        ["d0", "skip-1", "d1", "d2", "skip-2", "skip-3", "d3", "d4", "d5", "d6"]
    assert [r for i, r in out if isinstance(i, str)] == [None, None, None]
    graphs = [{q.graph_name for q in r.graph_quads()} for i, r in out if isinstance(i, Document)]
    assert graphs == [{M.graph(d.id)} for d in docs]


def test_extraction_in_this_process_runs_beside_the_caller_and_its_thread_leaves_on_close(extractor):
    import threading

    docs = [Document(f"d{i}", f"Hamas fought Israel on day {i}.") for i in range(3)]
    engine = Local(extractor, Settings())
    futures = [engine.submit(docs[:2]), engine.submit(docs[2:])]  # both queued, neither awaited
    assert [r.statements for f in futures for r in f.result()] == \
        [r.statements for r in extract(extractor, M, docs)]
    assert any(t.name.startswith("kg-extract") for t in threading.enumerate())
    engine.close()
    assert not any(t.name.startswith("kg-extract") for t in threading.enumerate())


def test_an_extractor_cannot_go_to_worker_processes(extractor):
    with pytest.raises(ConfigError, match="give settings, not an extractor"):
        make_engine(Settings(), extractor, jobs=2)
    with pytest.raises(ConfigError, match="1 or more"):
        make_engine(Settings(), jobs=0)


_CHILD = """
import multiprocessing, sys
from kg.config import Settings
from kg.graph import Store, build
store = Store.open(sys.argv[2])
def progress(done, total):
    if done == 1:
        print("workers", *[p.pid for p in multiprocessing.active_children()], flush=True)
    print(done, flush=True)
build([sys.argv[1]], store, Settings(), progress=progress, jobs=2)
print("finished", flush=True)
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return any(line.startswith("State:") and "Z" in line.split()[1] for line in f)
    except FileNotFoundError:
        return True


def test_a_build_killed_by_sigkill_leaves_whole_documents_and_its_workers_leave(tmp_path, extractor):
    src = _feed(tmp_path / "feed.jsonl", _stories(60, skip=100))
    expected = Store.open(None)
    build([src], expected, Settings(), extractor)
    path = tmp_path / "store"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(path)],
                             stdout=subprocess.PIPE, text=True)
    workers = []
    try:
        for line in child.stdout:
            if line.startswith("workers"):
                workers = [int(p) for p in line.split()[1:]]
            elif line.strip().isdigit() and int(line) >= 12:
                break
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL and len(workers) == 2
    deadline = time.monotonic() + 20
    while not all(_gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(_gone(p) for p in workers), "worker processes outlived the build"

    wanted = _graphs(expected)
    with Store.open(path) as store:  # the lock went with the killed writer
        stored = {g: q for g, q in _graphs(store).items() if "/graph/doc/" in g}
        assert runs(store)[-1].ended is None
    assert 12 <= len(stored) < 60
    assert all(quads == wanted[g] for g, quads in stored.items()), "a document is half-written"


_NO_GUARD = """
import sys
import kg
graph = kg.build([sys.argv[1]], in_memory=True, jobs=2)
print("built", graph.report.built)
"""


def test_worker_processes_do_not_run_the_callers_script_or_the_cli_again(tmp_path):
    src = _feed(tmp_path / "feed.jsonl", _stories(3))
    script = tmp_path / "no_guard.py"  # no `if __name__ == "__main__":`, as scripts often are
    script.write_text(_NO_GUARD)
    ran = subprocess.run([sys.executable, str(script), str(src)], capture_output=True, text=True,
                         timeout=300)
    assert ran.stdout.split() == ["built", "3"], ran.stderr[-2000:]
    cli = subprocess.run([sys.executable, "-m", "kg", "build", str(src), "--store", str(tmp_path / "s"),
                          "--jobs", "2", "-q"], capture_output=True, text=True, timeout=300)
    assert cli.returncode == 0 and cli.stderr.startswith("built 3 document(s)"), cli.stderr[-2000:]


def test_workers_make_their_extractor_from_the_builds_settings(tmp_path):
    extra = tmp_path / "actors.csv"  # an actor only this dictionary knows
    extra.write_text("name,type,aliases,weak_aliases,country,wikidata\nGaza Fighters,ArmedGroup,,,PS,\n")
    src = _feed(tmp_path / "feed.jsonl", [{"id": f"g{i}", "date": "2025-01-02", "title": "t",
                                            "text": f"Gaza Fighters attacked Israel near Rafah, day {i}."}
                                           for i in range(3)])
    settings = Settings(actor_files=(extra,))
    local, workers = Store.open(None), Store.open(None)
    build([src], local, settings, jobs=1)
    build([src], workers, settings, jobs=2)
    assert _graphs(workers) == _graphs(local)
    assert "Gaza Fighters" in " ".join(q for quads in _graphs(workers).values() for q in quads)


def test_every_worker_loads_the_relation_model_the_settings_name(tmp_path, tiny_report, extractor):
    src = _feed(tmp_path / "feed.jsonl", _stories(20, skip=300))
    settings = Settings(relation_model=tiny_report.folder)
    local, workers = Store.open(None), Store.open(None)
    one = build([src], local, settings, jobs=1)
    two = build([src], workers, settings, jobs=2)
    assert _graphs(workers) == _graphs(local) and two.statements == one.statements
    stored = {q.object.value for g in workers.named_graphs() if "/graph/doc/" in g
              for q in workers.quads(ox.NamedNode(g)) if q.predicate.value.endswith("extractorFingerprint")}
    assert len(stored) == 1 and stored != {extractor.fingerprint}  # the tiny model's, not the shipped one's
