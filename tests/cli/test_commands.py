"""The `kg` command in-process: the documented spellings, output formats and one-line errors."""
import json
import re

import pytest

from kg.cli import main
from conftest import SEED


@pytest.fixture()
def seed_store(tmp_path):
    store = tmp_path / "store"
    assert main(["build", str(SEED), "--store", str(store), "-q"]) == 0
    return store


def test_build_reports_what_it_did(tmp_path, capsys):
    assert main(["build", str(SEED), "--store", str(tmp_path / "s"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "built 1 document(s)" in err


def test_rebuild_skips_unchanged_documents(seed_store, capsys):
    assert main(["build", str(SEED), "--store", str(seed_store), "-q"]) == 0
    assert "1 unchanged" in capsys.readouterr().err


def test_query_named_as_csv_and_json(seed_store, capsys):
    assert main(["query", "recruitment", "--store", str(seed_store), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("actor,source")
    assert "Kapisa" in out
    assert main(["query", "actor-relations", "-p", "name=Taliban", "--store", str(seed_store),
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["relation"] == "besieges" for r in rows)


def test_query_table_and_sparql_option(seed_store, capsys):
    assert main(["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a "
                 "<https://w3id.org/actor-kg/ontology#Document> }", "--store", str(seed_store)]) == 0
    out = capsys.readouterr().out
    assert "1 row(s)" in out


def test_query_list_shows_parameters(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "evidence" in out and "--param subject=" in out


def test_export_to_stdout_and_file(seed_store, tmp_path, capfdbinary):
    out_file = tmp_path / "g.trig"
    assert main(["export", "--format", "trig", "--output", str(out_file), "--store", str(seed_store)]) == 0
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out_file, format="trig")
    assert len(ds) > 50
    for fmt in ("nquads", "turtle", "jsonld"):
        assert main(["export", "--format", fmt, "--store", str(seed_store)]) == 0
        assert len(capfdbinary.readouterr().out) > 1000


def test_render_writes_html(seed_store, tmp_path, capsys):
    out = tmp_path / "n.html"
    assert main(["render", "--output", str(out), "--store", str(seed_store)]) == 0
    html = out.read_text()
    assert "Taliban" in html and "<script" in html


def test_stats(seed_store, capsys):
    assert main(["stats", "--store", str(seed_store)]) == 0
    out = capsys.readouterr().out
    assert "documents" in out and "statements" in out


def _one_line_error(capsys):
    err = capsys.readouterr().err.strip().splitlines()
    assert err and err[-1].startswith("error: ")
    assert "Traceback" not in "\n".join(err)
    return err[-1]


def test_missing_path_is_reported_and_the_rest_built(tmp_path, capsys):
    assert main(["build", str(tmp_path / "none.txt"), str(SEED), "--store", str(tmp_path / "s"),
                 "-q"]) == 2
    err = capsys.readouterr().err
    assert "error: " + str(tmp_path / "none.txt") + ": no such file" in err
    assert "built 1 document(s)" in err and "Traceback" not in err


def test_too_long_document_is_reported_and_the_rest_built(tmp_path, capsys):
    (tmp_path / "long.txt").write_text("Hamas fights Israel. " * 60000)
    (tmp_path / "short.txt").write_text("Hamas fights Israel.")
    assert main(["build", str(tmp_path), "--store", str(tmp_path / "s"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "long.txt: document too long" in err and "built 1 document(s)" in err


def test_bad_documents_are_reported_and_the_rest_built(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("The Houthis attacked Israel.")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 \xff bad bytes")  # (FF FE first would be UTF-16)
    (tmp_path / "x.jsonl").write_text('{"id": "j1", "text": "Hamas fights Israel."}\n{oops\n')
    store = tmp_path / "s"
    assert main(["build", str(tmp_path), "--store", str(store), "-q"]) == 2
    err = capsys.readouterr().err
    assert "bad.txt: not UTF-8" in err and "x.jsonl:2: not valid JSON" in err
    assert "built 2 document(s)" in err


def test_bad_input_does_not_lose_what_is_stored(seed_store, tmp_path, capsys):
    import pyoxigraph as ox
    from kg.graph import Store

    def documents(s):  # every graph but the run records, which each build adds
        return {g: s.count(ox.NamedNode(g)) for g in s.named_graphs() if "/graph/run/" not in g}

    with Store.open(seed_store, read_only=True) as s:
        before = documents(s)
    (tmp_path / "empty.txt").write_text("")
    assert main(["build", str(tmp_path / "empty.txt"), "--store", str(seed_store), "-q"]) == 2
    with Store.open(seed_store, read_only=True) as s:
        assert documents(s) == before


def test_bad_sparql_is_one_line_exit_2(seed_store, capsys):
    assert main(["query", "--sparql", "SELECT ?x WHERE {", "--store", str(seed_store)]) == 2
    assert _one_line_error(capsys).startswith("error: sparql:")


def test_store_in_use_is_one_line_exit_2(seed_store, capsys):
    from kg.graph import Store

    with Store.open(seed_store):
        # the same process cannot take the lock twice either
        assert main(["build", str(SEED), "--store", str(seed_store), "-q"]) == 2
    assert "in use" in _one_line_error(capsys)


def test_every_command_has_help(capsys):
    for cmd in ("build", "query", "render", "export", "stats", "analyze", "eval"):
        assert main([cmd, "--help"]) == 0
        assert "Usage: kg " + cmd in capsys.readouterr().out


def test_unwritable_output_is_one_line_exit_2(seed_store, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["render", "--store", str(seed_store), "--output", str(blocker / "n.html")]) == 2
    assert "file" in _one_line_error(capsys)


def test_sparql_option_is_never_taken_for_a_query_name(seed_store, capsys):
    assert main(["query", "--sparql", "who-fights-whom", "--store", str(seed_store)]) == 2
    assert _one_line_error(capsys).startswith("error: sparql:")


def test_unwritable_export_names_the_file(seed_store, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "--store", str(seed_store), "--output", str(blocker / "g.trig")]) == 2
    assert str(blocker / "g.trig") in _one_line_error(capsys)


def test_analyze_rivalries_as_json_and_table(seed_store, capsys):
    assert main(["analyze", "rivalries", "--store", str(seed_store), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pairs = {frozenset((r["actor_a"], r["actor_b"])) for r in data["rows"]}
    assert frozenset(("National Resistance Front", "Taliban")) in pairs
    assert main(["analyze", "centrality", "--store", str(seed_store), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "National Resistance Front" in out and "showing 3 of" in out  # the story's pivot first
    assert main(["analyze", "centrality", "--store", str(seed_store), "--top", "0"]) == 0
    assert "Taliban" in capsys.readouterr().out


def test_analyze_changes_needs_two_windows(seed_store, capsys):
    assert main(["analyze", "changes", "--store", str(seed_store), "--before", "2021-08"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1


def test_export_network_formats_and_csv_needs_an_output(seed_store, tmp_path, capsys):
    import networkx as nx

    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"net.{fmt}"
        assert main(["export", "--store", str(seed_store), "--format", fmt, "-o", str(out)]) == 0
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
        assert g.number_of_edges() > 0
    assert main(["export", "--store", str(seed_store), "--format", "csv", "-o", str(tmp_path) + "/"]) == 0
    assert (tmp_path / "nodes.csv").exists() and (tmp_path / "edges.csv").exists()
    capsys.readouterr()
    assert main(["export", "--store", str(seed_store), "--format", "csv"]) == 2


def test_import_reads_back_an_export_and_validate_checks_it(seed_store, tmp_path, capsys):
    dump = tmp_path / "g.nq"
    assert main(["export", "--store", str(seed_store), "--format", "nquads", "-o", str(dump)]) == 0
    other = tmp_path / "other"
    assert main(["import", str(dump), "--store", str(other)]) == 0
    assert "imported" in capsys.readouterr().err
    assert main(["stats", "--store", str(other)]) == 0
    assert main(["validate", "--store", str(other)]) == 0
    assert "conforms" in capsys.readouterr().err
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> .\n")
    assert main(["import", str(bad), "--store", str(other)]) == 2
    err = capsys.readouterr().err
    assert "bad.nq" in err and err.count("\n") == 1


def test_build_push_and_query_against_a_real_sparql_server(seed_store, tmp_path, capsys):
    from oxigraph_server import running_oxigraph

    (tmp_path / "ox").mkdir()
    with running_oxigraph(tmp_path / "ox") as server:
        url = server.query_url
        assert main(["push", "--endpoint", url, "--store", str(seed_store), "-q"]) == 0
        assert "pushed" in capsys.readouterr().err
        assert main(["query", "recruitment", "--endpoint", url, "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert any("Kapisa" in json.dumps(r) for r in rows)
        # the same commands with the server as the store
        assert main(["build", str(SEED), "--store", url, "-q"]) == 0
        assert "1 unchanged" in capsys.readouterr().err
        assert main(["stats", "--store", url]) == 0


def test_documents_remove_and_runs(seed_store, capsys):
    assert main(["documents", "--store", str(seed_store), "--format", "json"]) == 0
    (doc,) = json.loads(capsys.readouterr().out)
    assert doc["id"] == "panjshir-2021-08-28" and doc["statements"] > 0
    assert main(["remove", "no-such-doc", "--store", str(seed_store)]) == 2
    assert "no-such-doc" in capsys.readouterr().err
    assert main(["remove", doc["id"], "--store", str(seed_store)]) == 0
    assert main(["documents", "--store", str(seed_store), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["query", "who-fights-whom", "--store", str(seed_store), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["runs", "--store", str(seed_store), "--format", "json"]) == 0
    actions = [r["action"] for r in json.loads(capsys.readouterr().out)]
    assert actions == ["build", "remove"]


def test_render_selects_around_an_actor_and_top_n(seed_store, tmp_path, capsys):
    out = tmp_path / "n.html"
    assert main(["render", "--store", str(seed_store), "-o", str(out), "--around", "Taliban",
                 "--hops", "1"]) == 0
    around = capsys.readouterr().err
    assert main(["render", "--store", str(seed_store), "-o", str(out), "--top", "3"]) == 0
    assert "(3 nodes" in capsys.readouterr().err
    assert "nodes" in around
    assert main(["render", "--store", str(seed_store), "-o", str(out), "--around", "Nobody Atall"]) == 2
    err = capsys.readouterr().err
    assert "Nobody Atall" in err and len(err.strip().splitlines()) == 1


def test_push_to_something_that_is_not_a_url_is_refused_and_creates_nothing(seed_store, tmp_path,
                                                                             capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["push", "--endpoint", "notaurl", "--store", str(seed_store)]) == 2
    assert "not the URL" in capsys.readouterr().err
    assert not (tmp_path / "notaurl").exists()


def test_validate_goes_on_after_an_unreadable_file(seed_store, tmp_path, capsys):
    good = tmp_path / "good.nq"
    assert main(["export", "--store", str(seed_store), "--format", "nquads", "-o", str(good)]) == 0
    bad = tmp_path / "bad.nq"
    bad.write_text("not rdf at all\n")
    capsys.readouterr()
    assert main(["validate", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    assert "bad.nq" in captured.err and "good.nq: conforms" in captured.err


def test_usage_errors_and_out_of_range_options_are_one_line(seed_store, capsys):
    for argv in (["render", "--store", str(seed_store), "--min-confidence", "5"],
                 ["analyze", "rivalries", "--store", str(seed_store), "--top", "-5"],
                 ["export", "--store", str(seed_store), "--format", "csv"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error:") and len(err.strip().splitlines()) == 1, err


def test_a_bad_import_or_a_directory_that_is_no_store_is_left_untouched(tmp_path, capsys):
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> .\n")
    assert main(["import", str(bad), "--store", str(tmp_path / "typo")]) == 2
    assert not (tmp_path / "typo").exists()
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "notes.txt").write_text("not a store")
    assert main(["remove", "x", "--store", str(plain)]) == 2
    assert "no store here" in capsys.readouterr().err
    assert sorted(p.name for p in plain.iterdir()) == ["notes.txt"]


def test_build_dash_reads_an_article_from_standard_input(tmp_path, monkeypatch, capsys):
    import io
    import sys

    text = b"date 28 August 2021\nTaliban besiege Panjshir\nThe Taliban besieged the Panjshir valley.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(text))))
    store = str(tmp_path / "s")
    assert main(["build", "-", "--store", store, "-q"]) == 0
    assert "built 1 document(s)" in capsys.readouterr().err
    assert main(["documents", "--store", store, "--format", "json"]) == 0
    (doc,) = json.loads(capsys.readouterr().out)
    assert doc["id"].startswith("stdin-") and doc["title"] == "Taliban besiege Panjshir"
    assert doc["date"] == "2021-08-28"


def test_review_reject_confirm_and_gold_from_the_command_line(seed_store, tmp_path, capsys):
    store = str(seed_store)
    assert main(["review", "--store", store, "--format", "json", "--limit", "2"]) == 0
    first, second = json.loads(capsys.readouterr().out)
    assert first["confidence"] <= second["confidence"]
    assert main(["reject", first["id"], "--note", "=not what it says", "--by", "me", "--store", store]) == 0
    assert capsys.readouterr().err.startswith("rejected https://w3id.org/actor-kg/id/statement/")
    assert main(["confirm", second["id"], "--store", store]) == 0
    assert main(["review", "--store", store, "--format", "json", "--all", "--limit", "0"]) == 0
    verdicts = {r["id"]: r["verdict"] for r in json.loads(capsys.readouterr().out)}
    assert (verdicts[first["id"]], verdicts[second["id"]]) == ("Rejected", "Confirmed")
    gold = tmp_path / "gold.json"
    assert main(["export", "--format", "gold", "--output", str(gold), "--store", store]) == 0
    assert main(["eval", str(gold), "--store", store]) == 0
    assert "strict: precision" in capsys.readouterr().out
    assert main(["reject", "nonsense", "--store", store]) == 2
    assert capsys.readouterr().err == "error: nonsense: no such statement in the store (see kg review)\n"


def test_an_actor_found_by_surname_or_acronym_and_a_hint_when_none(seed_store, tmp_path, capsys):
    store = str(seed_store)
    assert main(["query", "timeline", "-p", "name=NRF", "--store", store, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["render", "--around", "Talibn", "--output", str(tmp_path / "t.html"), "--store", store]) == 0
    capsys.readouterr()
    assert main(["query", "timeline", "-p", "name=Hekmatyar", "--store", store]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no actor goes by 'Hekmatyar'") and err.count("\n") == 1
    assert main(["render", "--around", "Zzyzx", "--store", store]) == 2
    assert capsys.readouterr().err == "error: actor 'Zzyzx' is not in the network\n"


def test_the_readme_sparql_examples_run_as_written_and_answer(seed_store, capsys):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2 and any("akg:hostileTo" in b for b in blocks)
    for block in blocks:
        assert main(["query", "--sparql", block, "--store", str(seed_store), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out), block  # rows on the seed article


def test_small_things_are_said_plainly(seed_store, capsys):
    store = str(seed_store)
    assert main(["query", "who-fights-whom", "--limit", "-3", "--store", store]) == 2
    assert "-3 is not in the range" in capsys.readouterr().err
    assert main(["analyze", "rivalries", "--skip-type", "Grup", "--store", store]) == 2
    assert "'Grup' is not one of" in capsys.readouterr().err
    assert main(["query", "--sparql", "SELECT ?x WHERE { ?x ?y }", "--store", store]) == 2
    assert capsys.readouterr().err == ("error: sparql: SPARQL syntax error at line 1, column 26: "
                                       "at the end of the line, after '?x WHERE { ?x ?y }'\n")
    assert main(["analyze", "centrality", "--store", store]) == 0
    assert "sorted by betweenness" in capsys.readouterr().out
    assert main(["build", str(SEED), "--store", store]) == 0  # a progress bar, but not in a pipe
    assert "\n\n" not in "\n" + capsys.readouterr().err


def test_balance_without_triangles_says_so():
    from kg.network import Edge, Evidence, Network, Node, analysis

    net = Network()
    for n in "AB":
        net.add_node(Node(n, n, "ArmedGroup"))
    net.edges.append(Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1")]))
    assert analysis(net, "balance").summary.startswith("no triangles")
def test_query_pages_say_how_many_rows_there_are_and_how_to_go_on(demo_store, capsys):
    assert main(["query", "timeline", "-p", "name=Israel", "--store", str(demo_store)]) == 0
    out = capsys.readouterr().out
    total = int(re.search(r"rows 1-100 of ([\d,]+) \(next: --offset 100, or --all\)", out)[1].replace(",", ""))
    assert main(["query", "timeline", "-p", "name=Israel", "--all", "--format", "csv",
                 "--store", str(demo_store)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == total + 1 and captured.err == ""
    assert main(["query", "timeline", "-p", "name=Israel", "--limit", "3", "--offset", "3",
                 "--format", "csv", "--store", str(demo_store)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 4 and f"rows 4-6 of {total:,}" in captured.err
    assert main(["query", "timeline", "-p", "name=Israel", "--all", "--limit", "3",
                 "--store", str(demo_store)]) == 2
