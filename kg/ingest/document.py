"""A document as every reader gives it, and the limits and dates all readers share.

>>> Document("d1", "Hamas fought Israel.", "2024-01-02").content_hash[:12]
'fdf34d51ca8a'
"""
from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
from dataclasses import dataclass

from ..errors import InputError

__all__ = ["MAX_CHARS", "Document", "max_bytes", "parse_date", "wide_encoding"]

MAX_CHARS = 1_000_000
"""Longest document text accepted by default (spaCy's own default `max_length`)."""
SNIFF = 8192  # bytes looked at for a NUL, the mark of a binary file


def wide_encoding(head: bytes) -> str | None:
    """"utf-32" or "utf-16" when `head`, the start of a file, has that byte order mark (text
    that is full of NULs, and still text), else None.

    >>> wide_encoding("Kabul".encode("utf-16")), wide_encoding(b"Kabul")
    ('utf-16', None)
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


@dataclass(frozen=True)
class Document:
    """One news article: its stable id, text and what is known about it."""

    id: str
    text: str
    date: str | None = None  # ISO yyyy-mm-dd
    title: str | None = None
    url: str | None = None
    source: str = ""  # file (and line) it came from

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.id, self.date or "", self.title or "", self.url or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


def parse_date(value: object, source: str) -> str | None:
    """The ISO date (yyyy-mm-dd) of a date as feeds write them, or an InputError.

    ISO dates and timestamps (cut to their date), RFC 2822 dates as RSS writes them, and a
    written-out day, month and year are read:

    >>> [parse_date(v, "f") for v in ("2021-08-28T09:30:00Z", "Sat, 28 Aug 2021 09:30:00 GMT",
    ...                               "August 28, 2021", "28 Aug 2021")]
    ['2021-08-28', '2021-08-28', '2021-08-28', '2021-08-28']
    """
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _WRITTEN_DATES:
        try:
            return dt.datetime.strptime(text.replace(",", ""), fmt).date().isoformat()
        except ValueError:
            pass
    raise InputError(source, f"date {text!r} is not a date (YYYY-MM-DD, an RFC 2822 date or "
                             f"'28 August 2021')")


_WRITTEN_DATES = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def max_bytes(max_chars: int) -> int:
    """Largest file (or JSONL line) worth reading for a document of at most `max_chars`
    characters: UTF-8 takes up to 4 bytes a character, a JSON escape 6.

    >>> max_bytes(1000)
    71536
    """
    return 6 * max_chars + 65536


def too_long_error(source: str, text: str, max_chars: int) -> InputError | None:
    if len(text) > max_chars:
        return InputError(source, f"document too long ({len(text):,} characters; "
                                  f"the limit is {max_chars:,})")
    return None
