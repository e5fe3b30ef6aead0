"""PDF reports: the text layer through pypdf, its lines joined back into paragraphs, with the
title and date the file's metadata gives. A PDF without a text layer (a scan) is an InputError,
not an empty document.

>>> unwrap("Rebels of the M23 seized\\nGoma on Monday, resi-\\ndents said.\\nThe army withdrew.")
'Rebels of the M23 seized Goma on Monday, residents said.\\nThe army withdrew.'
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .document import MAX_CHARS, Document, parse_date, too_long_error

__all__ = ["PDF_SUFFIXES", "read_pdf", "unwrap"]

PDF_SUFFIXES = {".pdf"}

_HYPHENATED = re.compile(r"(\w)-\n(\w)")
# a line break ends a paragraph when the line ends a sentence and the next one starts a new one
_PARAGRAPH = re.compile(r"(?<=[.!?:\"\u201d])[ \t]*\n(?=[ \t]*[\"\u201c(\[A-Z0-9])")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")


def unwrap(text: str) -> str:
    """Lines of a page joined into paragraphs: a word hyphenated at a line end is joined, a line
    break inside a sentence becomes a space, one after a sentence stays (a line break ends a
    sentence for the extractor)."""
    text = _HYPHENATED.sub(r"\1\2", text.replace("\r\n", "\n"))
    text = _PARAGRAPH.sub("\x00", text)
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    return re.sub(r"[ \t]+", " ", text.replace("\x00", "\n")).strip()


def read_pdf(path: Path, source: str, doc_id: str | None = None,
             max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """One document from a PDF file: every page's text, pages apart as paragraphs."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on damaged but readable files
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            yield InputError(source, "the PDF is encrypted with a password")
            return
        pages = [unwrap(page.extract_text() or "") for page in reader.pages]
        meta = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        yield InputError(source, f"not a readable PDF ({e})")
        return
    text = "\n".join(p for p in pages if p)
    if not text.strip():
        yield InputError(source, f"the PDF has no text layer ({len(pages)} page(s), scanned "
                                 "images?): run it through OCR first")
        return
    too_long = too_long_error(source, text, max_chars)
    if too_long:
        yield too_long
        return
    title = str(meta.get("/Title") or "").strip() or None
    yield Document(id=doc_id or Path(source).stem, text=text, date=_date(meta), title=title,
                   source=source)


def _date(meta) -> str | None:
    """The document's creation date from the PDF's metadata (`D:20210828093000Z`), if valid."""
    m = _PDF_DATE.match(str(meta.get("/CreationDate") or ""))
    if not m:
        return None
    try:
        return parse_date("-".join(m.groups()), "pdf")
    except InputError:
        return None
