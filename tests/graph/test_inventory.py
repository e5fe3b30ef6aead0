"""What a store holds: its documents and its recorded runs, as `kg documents` and `kg runs` list them."""
import json

import pytest

from kg.graph import Store, build, documents, runs

FIGHT = "Hamas fought Israel in Gaza on Monday."


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def test_an_empty_store_has_no_documents_and_no_runs(store):
    assert documents(store) == [] and runs(store) == []


def test_documents_lists_id_title_date_statements_and_whether_current(tmp_path, store, extractor):
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "x", "title": "Clashes", "date": "2024-05-06", "text": FIGHT}) + "\n"
                    + json.dumps({"id": "y", "text": "Nothing happened today."}) + "\n")
    build([feed], store, extractor=extractor)
    docs = documents(store, extractor)
    assert [(d.id, d.title, d.date, d.current) for d in docs] == [
        ("x", "Clashes", "2024-05-06", True), ("y", None, None, True)]
    assert docs[0].statements >= 1 and docs[1].statements == 0
