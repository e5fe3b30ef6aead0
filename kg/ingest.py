"""Step 1: input files -> `Document`s. Plain text (optional leading `date YYYY-MM-DD` header),
JSONL (`id, date, title, url, text`) and folders of either.

Readers yield an `InputError` in place of a document they cannot read, so that one bad
document never aborts a batch.

>>> docs = list(read_text("seed.txt", "date 2021-08-28 The Taliban besiege Panjshir."))
>>> docs[0].date, docs[0].text
('2021-08-28', 'The Taliban besiege Panjshir.')
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_DATE_HEADER = re.compile(r"^\s*date\s*:?\s+(\S+)[ \t]*(?:\r?\n)?\s*", re.IGNORECASE)


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
    """An ISO date string (yyyy-mm-dd, a longer ISO timestamp is cut to its date) or an InputError."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise InputError(source, f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def read_text(source: str, text: str, doc_id: str | None = None) -> Iterator[Document | InputError]:
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
    yield Document(id=doc_id or Path(source).stem, text=text, date=date, source=source)


def read_jsonl_lines(source: str, lines: Iterable[str | InputError]) -> Iterator[Document | InputError]:
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
        if not isinstance(obj, dict):
            yield InputError(where, "a JSON object is expected on each line")
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(where, "no 'text' field with text in it")
            continue
        try:
            date = parse_date(obj.get("date"), where)
        except InputError as e:
            yield e
            continue
        doc_id = str(obj.get("id") or f"{stem}-{n}")
        title = obj.get("title")
        url = obj.get("url")
        yield Document(id=doc_id, text=text, date=date,
                       title=str(title) if title else None,
                       url=str(url) if url else None, source=where)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(str(path), f"not UTF-8 text (bad byte at offset {e.start})") from None


def _jsonl_lines(path: Path) -> Iterator[str | InputError]:
    """Lines of a JSONL file, each decoded on its own: a bad byte costs one line, not the file,
    and U+2028 inside a JSON string does not split a line."""
    with path.open("rb") as f:
        for n, raw in enumerate(f, start=1):
            try:
                yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield InputError(f"{path}:{n}", f"not UTF-8 text (bad byte at column {e.start + 1})")


def read_file(path: Path) -> Iterator[Document | InputError]:
    """Documents of one file, chosen by its suffix (.jsonl/.ndjson as JSONL, anything else as text)."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            yield from read_jsonl_lines(str(path), _jsonl_lines(path))
        except OSError as e:
            yield InputError(str(path), e.strerror or str(e))
        return
    try:
        text = _decode(path)
    except InputError as e:
        yield e
        return
    except OSError as e:
        yield InputError(str(path), e.strerror or str(e))
        return
    yield from read_text(str(path), text)


def expand_paths(paths: Iterable[str | Path]) -> list[Path | InputError]:
    """Files named and the .txt/.jsonl files inside folders named (sorted); an InputError in place
    of a path that does not exist or a folder with nothing to read."""
    files: list[Path | InputError] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*")
                           if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES)
            files.extend(found or [InputError(str(p), "no .txt or .jsonl files in this folder")])
        elif p.is_file():
            files.append(p)
        else:
            files.append(InputError(str(p), "no such file or folder"))
    return files


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """All documents under `paths`, in order, with an InputError in place of each unreadable one."""
    for f in expand_paths(paths):
        if isinstance(f, InputError):
            yield f
        else:
            yield from read_file(f)
