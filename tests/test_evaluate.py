"""Scoring against gold: the matching rules on a graph built for the test, the CLI, and the
regression gold of texts written for these tests."""
import json
from pathlib import Path

import pytest

from kg.api import build
from kg.cli import main
from kg.errors import InputError
from kg.evaluate import evaluate, load_gold, norm

DATA = Path(__file__).resolve().parent / "data"


def test_norm_ignores_case_articles_possessives_and_punctuation():
    assert norm("The Taliban's") == norm("taliban") == "taliban"
    assert norm("  Al-Shabaab ") == "al-shabaab"


@pytest.fixture(scope="module")
def small_graph(extractor, tmp_path_factory):
    f = tmp_path_factory.mktemp("eval") / "d.jsonl"
    f.write_text(json.dumps({"id": "d1", "date": "2025-01-01",
                             "text": "Hamas fought Israel in Rafah. Israel arrested two journalists."}) + "\n")
    return build([f], in_memory=True, extractor=extractor)


def _gold(relations):
    return [{"doc_id": "d1", "actors": [
        {"id": "hamas", "names": ["Hamas"]}, {"id": "israel", "names": ["Israel"]},
        {"id": "press", "names": ["journalists"]}], "relations": relations}]


def test_symmetric_relation_matches_in_either_direction(small_graph):
    scores = evaluate(small_graph.store, _gold([{"s": "israel", "p": "fights", "o": "hamas", "core": True}]))
    s = scores["strict"]
    assert (s.tp, s.fn, s.core_tp, s.core_n) == (1, 0, 1, 1)


def test_lenient_accepts_also_ok_and_strict_does_not(small_graph):
    gold = _gold([{"s": "israel", "p": "abducts", "o": "press", "also_ok": ["detains"]}])
    scores = evaluate(small_graph.store, gold)
    assert scores["strict"].tp == 0 and scores["strict"].missed == [("d1", "israel", "abducts", "press")]
    assert scores["lenient"].tp == 1


def test_unmatched_system_relations_are_false_positives(small_graph):
    scores = evaluate(small_graph.store, _gold([]))
    assert scores["strict"].fp >= 2 and scores["strict"].precision == 0.0


def test_bad_gold_file_is_an_input_error(tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text('{"documents": [{"doc_id": "x"}]}')
    with pytest.raises(InputError, match="g.json"):
        load_gold(bad)


@pytest.mark.parametrize("which, f1, precision", [("extractor", 0.8, 0.75), ("frames_extractor", 0.9, 0.95)])
def test_regression_gold_of_our_own_texts(which, f1, precision, request):
    """Texts written for these tests across conflicts; floors, not targets. The rule frames
    were written against these texts; the relation model (the default) finds as much, and
    more relations the gold does not list, so its precision floor is lower."""
    graph = build([DATA / "regression.jsonl"], in_memory=True, extractor=request.getfixturevalue(which))
    scores = evaluate(graph.store, load_gold(DATA / "regression_gold.json"))
    assert scores["lenient"].f1 >= f1, scores["lenient"].missed
    assert scores["strict"].precision >= precision, scores["strict"].false_positives


@pytest.mark.parametrize("which, f1, precision", [("extractor", 0.78, 0.8), ("frames_extractor", 0.82, 0.95)])
def test_heldout_gold_scores_stay_above_their_floor(which, f1, precision, request):
    """Texts annotated before the first run (lenient F1 0.774 then); floors, not targets. The
    frames' F1 floor was 0.85 until ho-009's gold was amended with the hosts' four relations of
    the guidelines' convention for mediators, which no frame states (0.879 -> 0.829 for the
    same 29 statements)."""
    graph = build([DATA / "heldout.jsonl"], in_memory=True, extractor=request.getfixturevalue(which))
    scores = evaluate(graph.store, load_gold(DATA / "heldout_gold.json"))
    assert scores["lenient"].f1 >= f1, scores["lenient"].missed
    assert scores["lenient"].precision >= precision, scores["lenient"].false_positives


def test_eval_command_prints_scores_and_misses(tmp_path, capsys):
    store = tmp_path / "s"
    assert main(["build", str(DATA / "regression.jsonl"), "--store", str(store), "-q"]) == 0
    capsys.readouterr()
    assert main(["eval", str(DATA / "regression_gold.json"), "--store", str(store), "-v"]) == 0
    out = capsys.readouterr().out
    assert "lenient: precision" in out and "strict: precision" in out
    assert main(["eval", str(DATA / "regression_gold.json"), "--store", str(store), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"strict", "lenient"}


def test_gold_actor_without_names_is_an_input_error(tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text('{"documents": [{"doc_id": "x", "actors": [{"id": "a"}], "relations": []}]}')
    with pytest.raises(InputError, match="names"):
        load_gold(bad)
