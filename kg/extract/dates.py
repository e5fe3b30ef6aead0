"""When an event happened: dates in a sentence ("on Friday", "yesterday", "last week",
"on July 2", "2 July 2025") resolved against the document's date; `with_dates` dates each
relation of a document by its trigger's sentence, else by the document.

News uses the past: a bare weekday or month-day is the latest one on or before the document date.

>>> resolve_date("yesterday", "2025-03-07")
'2025-03-06'
>>> resolve_date("on Friday", "2025-03-05")   # a Wednesday: the Friday before
'2025-02-28'
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .frames import Relation
from .sentences import Sentences

__all__ = ["resolve_date", "sentence_date", "with_dates"]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTH_RE = "|".join(_MONTHS + [m[:3] for m in _MONTHS] + ["sept"])
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RELATIVE = {"today": 0, "tonight": 0, "yesterday": -1, "last night": -1, "overnight": 0,
             "last week": -7, "the day before": -1, "two days ago": -2, "three days ago": -3}


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    if name == "sept":
        return 9
    for i, m in enumerate(_MONTHS, start=1):
        if m == name or m[:3] == name:
            return i
    raise ValueError(name)


def _before(year: int, month: int, day: int, ref: dt.date) -> dt.date | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    if d > ref:  # "July 2" written in January is last year's
        try:
            d = dt.date(year - 1, month, day)
        except ValueError:
            return None
    return d


def resolve_date(text: str, doc_date: str | None) -> str | None:
    """The ISO date a date expression stands for, or None when it cannot be pinned to a day
    (nor when the day would come before 1 January of year 1: "yesterday" on that date)."""
    try:
        return _resolve(text, doc_date)
    except OverflowError:
        return None


def _resolve(text: str, doc_date: str | None) -> str | None:
    low = text.lower()
    m = _ISO.search(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    ref = dt.date.fromisoformat(doc_date) if doc_date else None
    for rx, order in ((_MDY, "md"), (_DMY, "dm")):
        m = rx.search(text)
        if m:
            mon, day = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            year = m.group(3)
            try:
                month = _month(mon)
            except ValueError:
                continue
            if year:
                try:
                    return dt.date(int(year), month, int(day)).isoformat()
                except ValueError:
                    return None
            if ref is None:
                return None
            d = _before(ref.year, month, int(day), ref)
            return d.isoformat() if d else None
    if ref is None:
        return None
    for phrase, delta in _RELATIVE.items():
        if re.search(rf"\b{phrase}\b", low):
            return (ref + dt.timedelta(days=delta)).isoformat()
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            back = (ref.weekday() - i) % 7
            return (ref - dt.timedelta(days=back)).isoformat()
    return None


def sentence_date(sent, doc_date: str | None, ents=None) -> str | None:
    """The first DATE or TIME entity of a spaCy sentence (or of `ents`, its entities when they
    are known) that resolves to a day."""
    for ent in sent.ents if ents is None else ents:
        if ent.label_ in ("DATE", "TIME"):
            d = resolve_date(ent.text, doc_date)
            if d:
                return d
    return None


def with_dates(doc, relations: list[Relation], doc_date: str | None) -> list[Relation]:
    """Each relation dated by the first date its trigger's sentence names, else by `doc_date`.
    A relation that does not know its trigger token is left as it is."""
    by_sentence: dict[int, str | None] = {}
    sentences = Sentences(doc) if any(r.trigger_i >= 0 for r in relations) else None
    out = []
    for r in relations:
        if r.trigger_i < 0:
            out.append(r)
            continue
        sent = sentences.of(r.trigger_i)
        if sent.start not in by_sentence:
            by_sentence[sent.start] = sentence_date(sent, doc_date, sentences.ents(r.trigger_i)) or doc_date
        out.append(replace(r, date=by_sentence[sent.start]))
    return out
