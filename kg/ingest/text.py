"""Plain text files: one article per file, an optional first line `date YYYY-MM-DD` gives its date.

>>> docs = list(read_text("seed.txt", "date 2021-08-28 The Taliban besiege Panjshir."))
>>> docs[0].date, docs[0].text
('2021-08-28', 'The Taliban besiege Panjshir.')
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .document import MAX_CHARS, Document, parse_date, too_long_error

__all__ = ["TEXT_SUFFIXES", "read_text"]

TEXT_SUFFIXES = {".txt", ".text"}
_DATE_HEADER = re.compile(r"^\s*date\s*:?\s+(\S+)[ \t]*(?:\r?\n)?\s*", re.IGNORECASE)


def read_text(source: str, text: str, doc_id: str | None = None,
              max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """One document from the text of a .txt file, with its optional `date` header removed."""
    date = None
    m = _DATE_HEADER.match(text)
    if m and re.match(r"\d{4}-\d{2}-\d{2}", m.group(1)):
        try:
            date = parse_date(m.group(1), source)
        except InputError as e:
            yield e
            return
        text = text[m.end():]
    if not text.strip():
        yield InputError(source, "the document has no text")
        return
    too_long = too_long_error(source, text, max_chars)
    if too_long:
        yield too_long
        return
    yield Document(id=doc_id or Path(source).stem, text=text, date=date, source=source)
