"""The output, reviewed: what the extractor states about a fixed slice of the example corpus, and
its scores on the development gold, are committed files. Any change of output shows as a diff of
`tests/snapshot/statements.tsv` or `tests/snapshot/dev_scores.json`, to be reviewed and committed
with its reason; a change that claims to leave output alone must leave both files as they are.

Refresh both after an intended change of output:

    KG_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest tests/test_snapshot.py

The slice is the seed article and every tenth story of the WCEP file (by line), plus the
development stories, so it covers short and long text without making the diff unreadable.
"""
from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from kg.evaluate import evaluate, load_gold

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "snapshot"
DEV_GOLD = HERE / "data" / "dev_gold.json"  # the development gold: measured, never trained on
STORIES = HERE.parent / "examples" / "wcep-2025-2026" / "stories.jsonl"
UPDATE = os.environ.get("KG_UPDATE_SNAPSHOT") == "1"

_STATEMENTS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX akg: <https://w3id.org/actor-kg/ontology#>
SELECT ?doc ?s ?p ?o ?m ?trigger WHERE {
  GRAPH ?g {
    ?st a rdf:Statement ; rdf:subject ?sa ; rdf:predicate ?p ; rdf:object ?oa ;
        akg:modality ?m ; akg:trigger ?trigger ; prov:wasDerivedFrom ?d .
    ?d dcterms:identifier ?doc .
    ?sa rdfs:label ?s . ?oa rdfs:label ?o .
  }
}"""


def slice_ids() -> set[str]:
    ids = {"panjshir-2021-08-28"}
    with STORIES.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n % 10 == 0:
                ids.add(json.loads(line)["id"])
    ids |= {d["doc_id"] for d in load_gold(DEV_GOLD)}
    return ids


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _clean(text: str) -> str:
    return " ".join(text.split()).replace("\t", " ")


def statements_tsv(store) -> str:
    ids = slice_ids()
    rows = set()
    for r in store.query(_STATEMENTS, source="snapshot"):
        doc = r["doc"].value
        if doc in ids:
            rows.add((_clean(r["s"].value), _local(r["p"].value), _clean(r["o"].value),
                      _local(r["m"].value), doc, _clean(r["trigger"].value)))
    header = "subject\trelation\tobject\tmodality\tdocument\ttrigger"
    return "\n".join([header, *("\t".join(row) for row in sorted(rows))]) + "\n"


def _check(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(path.relative_to(HERE.parent)), "now", n=0))
        pytest.fail(f"output changed; review the diff and refresh with KG_UPDATE_SNAPSHOT=1:\n"
                    f"{diff[:20000]}", pytrace=False)


def test_statements_of_the_corpus_slice_match_the_snapshot(demo_graph):
    _check(SNAPSHOT / "statements.tsv", statements_tsv(demo_graph.store))


def test_development_gold_scores_match_the_snapshot(demo_graph):
    scores = evaluate(demo_graph.store, load_gold(DEV_GOLD))
    summary = {mode: s.summary() for mode, s in scores.items()}
    _check(SNAPSHOT / "dev_scores.json", json.dumps(summary, indent=1, sort_keys=True) + "\n")
