"""Plain text files: one article per file. Optional header lines at the top, `date`, `title` and
`url`, say what the text does not; the date may be ISO or written out ("28 August 2021"), and
may share its line with the text. Without a `title` header, a first line that reads as a
headline (short, no final full stop, on a line of its own) is the title and stays in the text.

>>> docs = list(read_text("seed.txt", "date 2021-08-28 The Taliban besiege Panjshir."))
>>> docs[0].date, docs[0].text
('2021-08-28', 'The Taliban besiege Panjshir.')
>>> doc = next(read_text("a.txt", "date 28 August 2021\\nTaliban close in on Panjshir\\nThe Taliban..."))
>>> doc.date, doc.title
('2021-08-28', 'Taliban close in on Panjshir')
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .document import MAX_CHARS, Document, parse_date, too_long_error

__all__ = ["TEXT_SUFFIXES", "headline", "read_text"]

TEXT_SUFFIXES = {".txt", ".text"}
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
# the date forms parse_date reads: ISO (a timestamp too), RFC 2822, a day and month written out
_DATE_VALUE = (r"\d{4}-\d{2}-\d{2}(?:T\S*)?"
               rf"|(?:[a-z]{{3}},\s+)?\d{{1,2}}\s+{_MONTH}\s+\d{{4}}(?:\s+\d\d:\d\d(?::\d\d)?(?:\s+\S+)?)?"
               rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}")
_DATE_HEADER = re.compile(rf"^\s*date\s*:?\s+({_DATE_VALUE})(?![\w-])[ \t]*(?:\r?\n)?\s*", re.IGNORECASE)
_LINE_HEADER = re.compile(r"^\s*(title|url)\s*:?[ \t]+([^\r\n]*\S)[ \t]*(?:\r?\n|$)\s*", re.IGNORECASE)
_HEADLINE_CHARS = 160


def headline(text: str) -> str | None:
    """The first line of `text` when it reads as a headline: a line of its own, followed by more
    text, at most 160 characters and not ending a sentence with a full stop.

    >>> headline("Taliban close in on Panjshir\\nThe Taliban..."), headline("One sentence. And more.")
    ('Taliban close in on Panjshir', None)
    """
    first, sep, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > _HEADLINE_CHARS:
        return None
    return None if first.endswith((".", ",", ";")) else first


def read_text(source: str, text: str, doc_id: str | None = None,
              max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """One document from the text of a .txt file, with its header lines removed."""
    found: dict[str, str] = {}
    while True:
        m = _DATE_HEADER.match(text)
        if m and "date" not in found:
            found["date"] = m.group(1)
        else:
            m = _LINE_HEADER.match(text)
            if not m or m.group(1).lower() in found:
                break
            found[m.group(1).lower()] = m.group(2)
        text = text[m.end():]
    try:
        date = parse_date(found.get("date"), source)
    except InputError as e:
        yield e
        return
    if not text.strip():
        yield InputError(source, "the document has no text")
        return
    too_long = too_long_error(source, text, max_chars)
    if too_long:
        yield too_long
        return
    yield Document(id=doc_id or Path(source).stem, text=text, date=date,
                   title=found.get("title") or headline(text), url=found.get("url"), source=source)
