"""Saved web pages: the article's main text, title, date and URL through trafilatura, an extractor
made for news pages, so that menus, footers and markup never become evidence.

>>> page = ("<html><head><title>Hamas frees hostages</title></head><body><nav>Home | World</nav>"
...         "<article><p>Hamas released three hostages on Sunday, the Red Cross said.</p>"
...         "</article></body></html>")
>>> [(d.id, d.title, d.text) for d in read_html("pages/hostages.html", page)]
[('hostages', 'Hamas frees hostages', 'Hamas released three hostages on Sunday, the Red Cross said.')]
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .document import MAX_CHARS, Document, parse_date, too_long_error

__all__ = ["HTML_SUFFIXES", "read_html"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

# trafilatura's date finder would otherwise guess from any number on the page (a copyright year)
_DATES = {"extensive_search": False, "original_date": True}


def read_html(source: str, page: str | bytes, doc_id: str | None = None,
              max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """One document from a saved HTML page: its main text (paragraphs on lines of their own),
    with the title, publication date and URL the page states; an InputError when the page holds
    no article text (a menu, a login wall, an empty page)."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its notes on every page it reads
    # precision, and no fallback extractor: a page of menus gives no text rather than its links
    found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_precision=True, fast=True,
                                        date_extraction_params=_DATES)
    text = (found.text or "").strip() if found is not None else ""
    if not text:
        yield InputError(source, "no article text found in this HTML page")
        return
    too_long = too_long_error(source, text, max_chars)
    if too_long:
        yield too_long
        return
    try:
        date = parse_date(found.date, source)
    except InputError:  # a page's own date that does not parse is no reason to lose the article
        date = None
    yield Document(id=doc_id or Path(source).stem, text=text, date=date, title=found.title or None,
                   url=found.url or None, source=source)
