"""Trying to break the build: bad and huge input, thousands of files, a build killed by SIGKILL,
a second writer, hostile names and parameters, and random text and documents (hypothesis)."""
import json
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from faults import kg
from kg.config import Settings
from kg.errors import QueryError, StoreInUseError
from kg.extract import Extractor
from kg.graph import Minter, Store, build, build_documents, documents, remove, remove_documents, runs
from kg.ingest import MAX_CHARS, Document
from kg.sparql import run_query

M = Minter(Settings().base_iri)
STORIES = EXAMPLES / "wcep-2025-2026" / "stories.jsonl"
EVIDENCE = """PREFIX akg: <https://w3id.org/actor-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id ?ev ?start ?end WHERE {
  ?st akg:evidence ?ev ; akg:charStart ?start ; akg:charEnd ?end ; prov:wasDerivedFrom ?d .
  ?d dcterms:identifier ?id }"""


def _stories(n):
    with STORIES.open(encoding="utf-8") as f:
        return [json.loads(next(f)) for _ in range(n)]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps({k: r[k] for k in ("id", "date", "title", "text")}) + "\n"
                            for r in rows))
    return path


def _quads_by_doc(store):
    out = {}
    for g in store.named_graphs():
        if "/graph/doc/" in g:
            out[g] = sorted(str(q) for q in store.quads(ox.NamedNode(g)))
    return out


def _assert_evidence_at_offsets(store, texts):
    for row in store.query(EVIDENCE):
        text = texts[row["id"].value]
        start, end = int(row["start"].value), int(row["end"].value)
        assert 0 <= start < end <= len(text)
        assert text[start:end] == row["ev"].value


# -- bad input ----------------------------------------------------------------------------------

def test_each_bad_input_is_one_line_naming_its_file_and_the_rest_is_built(tmp_path, extractor):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Hamas fought Israel in Gaza.")
    (src / "kept.txt").write_text("Russia attacked Ukraine.")
    store = Store.open(None)
    build([src], store, extractor=extractor)
    kept_before = sorted(map(str, store.quads(M.graph("kept"))))

    (src / "kept.txt").write_bytes(b"Russia \xff attacked")  # now invalid UTF-8
    (src / "binary.txt").write_bytes(b"\x7fELF\x00\x00\x01")
    (src / "empty.txt").write_text(" \n\t")
    (src / "baddate.txt").write_text("date 2024-02-30\nHamas fought Israel.")
    with (src / "huge.txt").open("wb") as f:
        f.truncate(200 * 1024 * 1024)
    (src / "feed.jsonl").write_text("\n".join([
        '{"id": "j1", "text": "Egypt mediated talks between Hamas and Israel."}',
        "{not json", '{"id": "j3", "title": "no text"}', '{"id": "j4", "date": "soon", "text": "x"}',
        '["a list"]']) + "\n")
    report = build([src, tmp_path / "missing"], store, extractor=extractor)

    assert report.built == 1 and report.unchanged == 1  # j1 new, good.txt unchanged
    assert all("\n" not in e for e in report.errors)
    expected = [f"{src / 'baddate.txt'}: date", f"{src / 'binary.txt'}: binary file",
                f"{src / 'empty.txt'}: the document has no text", f"{src / 'feed.jsonl'}:2: not valid JSON",
                f"{src / 'feed.jsonl'}:3: no text field", f"{src / 'feed.jsonl'}:4: date 'soon'",
                f"{src / 'feed.jsonl'}:5: a JSON object", f"{src / 'huge.txt'}: file too large",
                f"{src / 'kept.txt'}: not UTF-8", f"{tmp_path / 'missing'}: no such file"]
    assert len(report.errors) == len(expected)
    for line, start in zip(report.errors, expected):
        assert line.startswith(start), line
    assert sorted(map(str, store.quads(M.graph("kept")))) == kept_before
    assert [d.id for d in documents(store)] == ["good", "j1", "kept"]


def test_a_jsonl_line_nested_1000_deep_is_one_error_and_the_batch_and_its_record_go_on(tmp_path, capsys):
    from kg.cli import main

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(['{"id": "a", "text": "Hamas fought Israel."}',
                               '{"text": ' + "[" * 1000 + "]" * 1000 + "}",
                               '{"id": "c", "text": "Russia attacked Ukraine."}']) + "\n")
    store = tmp_path / "s"
    assert main(["build", str(feed), "--store", str(store), "-q", "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert f"error: {feed}:2: not valid JSON (nested too deeply)" in err and "Traceback" not in err
    assert "built 2 document(s)" in err
    with Store.open(store, read_only=True) as s:
        (run,) = runs(s)
        assert run.ended is not None and run.failed == 1


def test_a_folder_of_thousands_of_files_is_built_with_its_bad_ones_reported(tmp_path, extractor):
    src = tmp_path / "many"
    src.mkdir()
    texts = ["Hamas fought Israel.", "Russia attacked Ukraine.", "The Taliban besieged Panjshir.",
             "Egypt supports Sudan.", "Nothing happened."]
    for i in range(1500):
        (src / f"{i:04d}.txt").write_text(f"{texts[i % 5]} Report {i}.")
    (src / "9999-bad.txt").write_bytes(b"\xc3\x28")
    store = Store.open(None)
    seen = []
    report = build([src], store, extractor=extractor, progress=lambda done, total: seen.append((done, total)))
    assert (report.built, len(report.errors)) == (1500, 1)
    assert report.errors[0].startswith(f"{src / '9999-bad.txt'}: not UTF-8")
    assert seen[-1] == (1501, 1501) and len(documents(store)) == 1500


# -- faults --------------------------------------------------------------------------------------

_CHILD = """
import sys
from kg.config import Settings
from kg.extract import Extractor
from kg.graph import build
from kg.graph import Store
store = Store.open(sys.argv[2])
extractor = Extractor.create(Settings())
print("ready", flush=True)
build([sys.argv[1]], store, extractor=extractor, progress=lambda done, total: print(done, flush=True))
print("finished", flush=True)
"""


def test_build_killed_mid_way_leaves_whole_documents_and_a_second_writer_is_refused(tmp_path, extractor):
    rows = _stories(80)
    old = [dict(r, text=r["text"] + " Hamas fought Israel.") for r in rows[:30]]
    path = tmp_path / "store"
    with Store.open(path) as store:
        build([_jsonl(tmp_path / "old.jsonl", old)], store, extractor=extractor)
    new_feed = _jsonl(tmp_path / "new.jsonl", rows)

    expected_old, expected_new = Store.open(None), Store.open(None)
    build([tmp_path / "old.jsonl"], expected_old, extractor=extractor)
    build([new_feed], expected_new, extractor=extractor)
    old_graphs, new_graphs = _quads_by_doc(expected_old), _quads_by_doc(expected_new)

    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(new_feed), str(path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(StoreInUseError, match="store is in use"):
            Store.open(path)
        for line in child.stdout:
            if line.strip().isdigit() and int(line) >= 15:
                break
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    with Store.open(path) as store:  # the lock went with the killed writer
        stored = _quads_by_doc(store)
        recorded = runs(store)
    rebuilt = [g for g, quads in stored.items() if quads == new_graphs[g]]
    assert 15 <= len(rebuilt) < 80, "the kill came too late to test anything"
    for g, quads in stored.items():
        assert quads == new_graphs[g] or quads == old_graphs.get(g), f"{g} is half-written"
    assert set(old_graphs) <= set(stored)  # nothing stored before was lost
    assert recorded[-1].action == "build" and recorded[-1].ended is None  # interrupted, and says so


_REMOVE_CHILD = """
import sys
from kg.graph import Store, remove_documents, summary
write = summary.write_document
def said(*args, **kwargs):  # the removal as it is, telling each document it took and
    done = write(*args, **kwargs)  # waiting for the test's word before the next one
    print("removed", flush=True)
    sys.stdin.readline()
    return done
summary.write_document = said
with Store.open(sys.argv[1]) as store:
    remove_documents(store, sys.argv[2:])
"""


def test_remove_killed_mid_way_has_a_true_record_and_running_it_again_removes_the_rest(tmp_path, extractor):
    rows = _stories(40)
    path = tmp_path / "store"
    with Store.open(path) as store:
        build([_jsonl(tmp_path / "feed.jsonl", rows)], store, extractor=extractor)
    ids = [r["id"] for r in rows]
    child = subprocess.Popen([sys.executable, "-c", _REMOVE_CHILD, str(path), *ids], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        for n, _ in enumerate(child.stdout, start=1):
            if n >= 10:  # ten removed, and the child waits: killed between two documents' writes
                break
            child.stdin.write("go\n")
            child.stdin.flush()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    with Store.open(path) as store:
        left = [i for i in ids if store.has_graph(M.graph(i))]
        (killed,) = [r for r in runs(store) if r.action == "remove"]
        assert killed.ended is None and 10 <= killed.removed < 40, "the kill came too late to test anything"
        assert killed.removed == len(ids) - len(left)  # the record says what was removed
        assert remove_documents(store, ids) == left  # the rest, the others already removed
        assert not any(store.has_graph(M.graph(i)) for i in ids)


# -- injection -----------------------------------------------------------------------------------

HOSTILE_ACTORS = ['Brigade "Quoted" {Brace}', "Legion } ; DROP ALL ; #", "O'Hara <Front> \\u0022 Guard"]


@pytest.fixture(scope="module")
def hostile_extractor(tmp_path_factory):
    csv = tmp_path_factory.mktemp("actors") / "hostile.csv"
    csv.write_text("name,type,aliases,weak_aliases,country,wikidata\n" +
                   "".join('"' + n.replace('"', '""') + '",ArmedGroup,,,,\n' for n in HOSTILE_ACTORS))
    return Extractor.create(Settings(actor_files=(csv,)))


def test_hostile_actor_names_get_valid_iris_and_reach_sparql_only_as_values(tmp_path, hostile_extractor):
    a, b, c = HOSTILE_ACTORS
    f = tmp_path / "h.txt"
    f.write_text(f"The {a} attacked the {b} on Monday.")
    store = Store.open(None)
    build([f], store, extractor=hostile_extractor)
    f.write_text(f"The {a} attacked the {b} on Monday. {c} attacked the {b} in Goma.")
    assert build([f], store, extractor=hostile_extractor).built == 1  # a replacement: the update path
    count = store.count()

    for name in HOSTILE_ACTORS:
        rows = run_query(store, "actor-relations", {"name": name}).as_dicts()
        assert {r["relation"] for r in rows} == {"attacks"}, name
        assert name in {r["subject"] for r in rows} | {r["object"] for r in rows}
    evidence = run_query(store, "evidence", {"subject": c, "object": b}).as_dicts()
    assert [r["evidence"] for r in evidence] == [f"{c} attacked the {b} in Goma."]
    with pytest.raises(QueryError, match="no actor goes by"):
        run_query(store, "timeline", {"name": '"} ; DROP ALL ; #'})
    assert store.count() == count

    actors = {r["a"].value for r in store.query(
        "SELECT DISTINCT ?a WHERE { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>|"
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?a }")}
    # the three actors, and the place they are said to attack in ("in Goma")
    assert len([a for a in actors if "/actor/" in a]) == 3
    assert all(re.fullmatch(r"https://w3id\.org/actor-kg/id/(actor|place)/[a-z0-9-]+", a) for a in actors)
    _assert_evidence_at_offsets(store, {"h": f.read_text()})


def test_hostile_document_ids_titles_and_texts_are_stored_verbatim_and_removable(tmp_path, extractor):
    ids = ['a"b} ; DROP ALL <x> #', "../../etc/passwd", "space and\ttab", "\u05e9\u05dc\u05d5\u05dd",
           "%41?#frag"]
    feed = tmp_path / "h.jsonl"

    def write(suffix):
        rows = [{"id": i, "title": i + " } ; DROP ALL", "text": f"Hamas fought Israel. {i} {suffix}"}
                for i in ids]
        feed.write_text("".join(json.dumps(r) + "\n" for r in rows))

    store = Store.open(None)
    write("first")
    build([feed], store, extractor=extractor)
    write("} ; DROP ALL ; INSERT DATA { <https://evil.example/a> <https://evil.example/b> 1 } second")
    report = build([feed], store, extractor=extractor)
    assert (report.built, report.errors) == (len(ids), [])
    listed = {d.id: d for d in documents(store)}
    assert set(listed) == set(ids)
    assert all(listed[i].title == i + " } ; DROP ALL" and listed[i].statements >= 1 for i in ids)
    assert remove(store, ids[0]) and set(d.id for d in documents(store)) == set(ids[1:])
    assert not run_query(store, "ASK { <https://evil.example/a> ?p ?o }", sparql=True).rows[0][0]


# -- random text and documents -------------------------------------------------------------------

WORDS = ["Hamas", "Israel", "the Taliban", "Taliban", "Russia", "Ukraine", "Kyiv", "Gaza", "Panjshir",
         "Northern Alliance", "Massoud's Army", "the resistance", "he", "they", "it", "attacked", "fought",
         "will", "not", "said", "denied", "besieged", "recruited", "from", "talks", "between", "and",
         "with", "in", "on", "if", "the", "an", "attack", "by", "backed", "anti-", "commander",
         ".", ",", ";", "\u201c", "\u201d", '"', "'s", "\n", "\n\n", "date 2024-01-01", "2024-13-45",
         "(", ")", "-", "\u2028", "\t", "  "]
_TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(st.characters(exclude_categories=("Cs",)),
                                                           max_size=6)),
                 min_size=1, max_size=40).map(" ".join)
_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(text=_TEXT)
def test_random_text_builds_and_every_statement_quotes_its_document_at_its_offsets(extractor, text):
    store = Store.open(None)
    report = build_documents([Document("r", text, "2024-01-01", source="random")], store, extractor=extractor)
    if text.strip():
        assert (report.built, report.errors) == (1, [])
    _assert_evidence_at_offsets(store, {"r": text})


_ID = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
_DOC = st.builds(Document, id=_ID, text=_TEXT.filter(str.strip),
                 date=st.one_of(st.none(), st.dates().map(str)),
                 title=st.one_of(st.none(), st.text(st.characters(exclude_categories=("Cs",)), max_size=12)),
                 url=st.one_of(st.none(), st.sampled_from(["https://e.org/a b", "https://e.org/ok",
                                                           "javascript:alert(1)", "not a url"])),
                 source=st.just("random"))


@_SETTINGS
@given(docs=st.lists(_DOC, min_size=1, max_size=4, unique_by=lambda d: d.id))
def test_random_documents_build_with_valid_iris_and_evidence_inside_their_text(extractor, docs):
    store = Store.open(None)
    report = build_documents(docs, store, extractor=extractor)
    assert (report.built, report.errors) == (len(docs), [])
    assert sorted(d.id for d in documents(store)) == sorted(d.id for d in docs)
    _assert_evidence_at_offsets(store, {d.id: d.text for d in docs})
    for d in docs:
        assert store.has_graph(M.graph(d.id)) and remove(store, d.id)
    assert documents(store) == []


# -- the document limit, as a promise ---------------------------------------------------------

def test_a_document_at_the_length_limit_builds_within_the_cpu_and_memory_the_readme_states(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    chars, minutes, gigabytes = (int(n.replace(",", "")) for n in re.search(
        r"holds a ([\d,]+)-character document to within (\d+) minutes of CPU and (\d+) GB", readme).groups())
    assert chars == MAX_CHARS
    stories = [json.loads(line)["text"] for line in STORIES.read_text(encoding="utf-8").splitlines()]
    text = ""
    while len(text) < chars:
        text += "\n\n".join(stories) + "\n\n"
    text = text[:chars]
    doc = tmp_path / "long.txt"
    doc.write_text(text[: text.rfind(". ") + 1], encoding="utf-8")

    run = kg(["build", str(doc), "--store", str(tmp_path / "s"), "-q", "--jobs", "1"],
             limits={resource.RLIMIT_CPU: minutes * 60, resource.RLIMIT_DATA: gigabytes << 30})
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])  # SIGXCPU or a failed allocation
    assert b"built 1 document(s)" in run.stderr
