"""The library API on its own: each verb the CLI stands on, called from Python on the seed article."""
import json
import os
import urllib.parse
import urllib.request

import pytest

import kg
from conftest import SEED
from kg.api import Written, import_files, open_store, serve, validate_files
from kg.errors import ConfigError, InputError, StoreError


@pytest.fixture(scope="module")
def seed(extractor, tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "store"
    kg.build([SEED], store=path, extractor=extractor).close()
    return path


@pytest.fixture()
def graph(seed):
    with open_store(seed, read_only=True) as g:
        yield g


def test_render_writes_the_page_and_says_what_it_drew(graph, tmp_path):
    page = graph.render(tmp_path / "n.html", top=3, title="Three")
    assert isinstance(page, Written) and os.fspath(page) == str(tmp_path / "n.html")
    assert (page.nodes, page.warning) == (3, None) and page.edges >= 1
    assert "<title>Three</title>" in (tmp_path / "n.html").read_text()


def test_export_writes_rdf_and_network_files_or_gives_bytes(graph, tmp_path):
    assert graph.export(None, "nq").startswith(b"<")  # a spelling of N-Quads
    assert graph.export(None, "graphml").lstrip().startswith(b"<?xml")
    written = graph.export(f"{tmp_path}/csv/", "csv")  # a folder: its name ends in /
    assert [p.name for p in written.paths] == ["nodes.csv", "edges.csv"] and written.nodes > 0
    assert graph.export(tmp_path / "g.trig", "trig").paths == [tmp_path / "g.trig"]
    with pytest.raises(ConfigError, match="two files"):
        graph.export(None, "csv")


def test_analyze_counts_asserted_and_claimed_unless_told_otherwise(graph):
    table = graph.analyze("rivalries", top=1)
    assert table.kind == "rivalries" and len(table.rows) == 1 and table.meta["rows_total"] >= 1
    assert graph.analyze("rivalries", all_modalities=True).meta["rows_total"] >= table.meta["rows_total"]


def test_evaluate_reads_gold_from_a_file_or_as_documents(graph, tmp_path):
    gold = [{"doc_id": "panjshir-2021-08-28", "actors": [
        {"id": "t", "names": ["Taliban"]}, {"id": "p", "names": ["Panjshir"]}],
        "relations": [{"s": "t", "p": "besieges", "o": "p"}]}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": gold}))
    assert graph.evaluate(gold)["strict"].tp == graph.evaluate(path)["strict"].tp == 1


def test_validate_checks_the_store_and_files_go_on_after_a_bad_one(graph, tmp_path):
    assert graph.validate().conforms
    good, bad = tmp_path / "good.nq", tmp_path / "bad.nq"
    graph.export(good, "nquads")
    bad.write_text("not rdf\n")
    result = validate_files([bad, good])
    assert [r.conforms for r in result.reports] == [True] and "bad.nq" in result.errors[0]


def test_import_files_opens_the_store_only_once_a_file_parsed(seed, tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> .\n")
    assert import_files([bad], tmp_path / "new").errors and not (tmp_path / "new").exists()
    with open_store(seed, read_only=True) as g:
        g.export(tmp_path / "all.trig", "trig")
    result = import_files([tmp_path / "all.trig", bad], tmp_path / "copy")
    assert len(result.reports) == 1 and len(result.errors) == 1
    with open_store(tmp_path / "copy") as copy, open_store(seed, read_only=True) as original:
        assert copy.stats()["statements"] == original.stats()["statements"]


def test_remove_documents_and_runs(extractor, tmp_path):
    graph = kg.build([SEED], store=tmp_path / "s", extractor=extractor)
    with pytest.raises(InputError):
        graph.remove("no-such-document")
    assert graph.remove("panjshir-2021-08-28") == ["panjshir-2021-08-28"]
    assert graph.documents() == [] and [r.action for r in graph.runs()] == ["build", "remove"]
    graph.close()
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "elsewhere", create=False)


def test_serve_answers_queries_over_the_store_directory(seed):
    with serve(seed, port=0, workers=1).start() as endpoint:
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(f"{endpoint.url}?{query}", timeout=30) as answer:
            assert json.loads(answer.read())["boolean"] is True
    with pytest.raises(ConfigError, match="store directory"):
        kg.build([], in_memory=True).serve()
