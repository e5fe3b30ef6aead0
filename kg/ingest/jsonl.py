"""JSON lines: one article per line (`id, date, title, url, text`, or the names other news corpora
use: `FIELDS`), gzipped or not. A bad line is an InputError naming file and line; the others are
still read. Lines are decoded one at a time, and one over the limit is never held whole.

>>> [d.id for d in read_jsonl_lines("feed.jsonl", ['{"uuid": "a1", "maintext": "Hamas fought."}'])]
['a1']
"""
from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from .document import MAX_CHARS, SNIFF, Document, parse_date, too_long_error, wide_encoding

__all__ = ["FIELDS", "JSONL_SUFFIXES", "is_jsonl", "jsonl_lines", "open_jsonl", "read_jsonl_lines",
           "stream_lines"]

JSONL_SUFFIXES = {".jsonl", ".ndjson"}  # either may also be gzipped: .jsonl.gz

# JSONL fields by the names common news corpora give them, first found wins: our own, then
# news-please (maintext, date_publish) and other crawlers and feeds.
FIELDS = {
    "text": ("text", "maintext", "content", "body", "article"),
    "date": ("date", "date_publish", "published", "publish_date", "pubdate", "datetime"),
    "id": ("id", "doc_id", "uuid"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
}


def _field(obj: dict, name: str):
    return next((obj[k] for k in FIELDS[name] if obj.get(k) not in (None, "")), None)


def _unpaired_surrogate(*values: object) -> bool:
    """True when a string holds half of a surrogate pair: JSON may spell one (`"\\ud800"`), but
    it is not Unicode text and cannot be stored or hashed."""
    for v in values:
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def read_jsonl_lines(source: str, lines: Iterable[str | InputError],
                     max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Documents from JSON lines; each bad line becomes an InputError naming file and line."""
    stem = Path(source).stem
    for n, line in enumerate(lines, start=1):
        where = f"{source}:{n}"
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"not valid JSON ({e.msg})")
            continue
        except RecursionError:  # arrays or objects nested deeper than Python's stack goes
            yield InputError(where, "not valid JSON (nested too deeply)")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "a JSON object is expected on each line")
            continue
        text = _field(obj, "text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(where, f"no text field ({', '.join(FIELDS['text'])}) with text in it")
            continue
        too_long = too_long_error(where, text, max_chars)
        if too_long:
            yield too_long
            continue
        nested = next((k for k in ("date", "id", "title", "url")
                       if isinstance(_field(obj, k), (dict, list))), None)
        if nested:
            yield InputError(where, f"{nested} is not text")
            continue
        try:
            date = parse_date(_field(obj, "date"), where)
        except InputError as e:
            yield e
            continue
        doc_id = str(_field(obj, "id") or f"{stem}-{n}")
        title, url = _field(obj, "title"), _field(obj, "url")
        if _unpaired_surrogate(text, doc_id, title, url):
            yield InputError(where, "a string holds an unpaired surrogate escape (not Unicode text)")
            continue
        yield Document(id=doc_id, text=text, date=date,
                       title=str(title) if title else None,
                       url=str(url) if url else None, source=where)


def is_jsonl(path: Path) -> bool:
    """A JSONL file by its name: .jsonl or .ndjson, gzipped or not."""
    name = path.name.lower()
    return Path(name[:-3] if name.endswith(".gz") else name).suffix in JSONL_SUFFIXES


def open_jsonl(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


# what a damaged gzip stream raises, besides OSError (gzip.BadGzipFile is one)
READ_ERRORS = (OSError, EOFError, zlib.error)


def jsonl_lines(path: Path, source: str, limit: int) -> Iterator[str | InputError]:
    """Lines of a JSONL file, each decoded on its own: a bad byte costs one line, not the file,
    and U+2028 inside a JSON string does not split a line. A line over `limit` bytes is skipped
    in pieces, never held whole; a gzipped file is read as it is decompressed."""
    with open_jsonl(path) as f:
        head = f.read(SNIFF)
        if wide := wide_encoding(head):
            yield InputError(source, f"{wide.upper()} text: convert it to UTF-8 (JSON lines are UTF-8)")
            return
        if b"\x00" in head:
            yield InputError(source, "binary file, not text")
            return
        f.seek(0)
        yield from stream_lines(f, source, limit)


def stream_lines(f, source: str, limit: int) -> Iterator[str | InputError]:
    """The lines of an open binary stream, as `jsonl_lines` reads them (also standard input)."""
    n = 0
    while raw := f.readline(limit + 1):
        n += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield InputError(f"{source}:{n}", f"line too long (over {limit:,} bytes)")
            continue
        try:
            yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield InputError(f"{source}:{n}", f"not UTF-8 text (bad byte at column {e.start + 1})")
