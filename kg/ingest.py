"""Step 1: input files -> `Document`s. Plain text (optional leading `date YYYY-MM-DD` header),
JSONL (`id, date, title, url, text`, or the names other news corpora use: `FIELDS`; gzipped
too) and folders of either.

Readers yield an `InputError` in place of a document they cannot read, so that one bad
document never aborts a batch. Reading is lazy and bounded: a file is sized before it is read,
a JSONL file is streamed line by line, and no line or file over the limit is held in memory.

>>> docs = list(read_text("seed.txt", "date 2021-08-28 The Taliban besiege Panjshir."))
>>> docs[0].date, docs[0].text
('2021-08-28', 'The Taliban besiege Panjshir.')
"""
from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}  # either may also be gzipped: .jsonl.gz
MAX_CHARS = 1_000_000
"""Longest document text accepted by default (spaCy's own default `max_length`)."""
_SNIFF = 8192  # bytes looked at for a NUL, the mark of a binary file
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


def max_bytes(max_chars: int) -> int:
    """Largest file (or JSONL line) worth reading for a document of at most `max_chars`
    characters: UTF-8 takes up to 4 bytes a character, a JSON escape 6.

    >>> max_bytes(1000)
    71536
    """
    return 6 * max_chars + 65536


def _too_long(source: str, text: str, max_chars: int) -> InputError | None:
    if len(text) > max_chars:
        return InputError(source, f"document too long ({len(text):,} characters; "
                                  f"the limit is {max_chars:,})")
    return None


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
    too_long = _too_long(source, text, max_chars)
    if too_long:
        yield too_long
        return
    yield Document(id=doc_id or Path(source).stem, text=text, date=date, source=source)


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
        if not isinstance(obj, dict):
            yield InputError(where, "a JSON object is expected on each line")
            continue
        text = _field(obj, "text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(where, f"no text field ({', '.join(FIELDS['text'])}) with text in it")
            continue
        too_long = _too_long(where, text, max_chars)
        if too_long:
            yield too_long
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


def shown(path: str | Path) -> str:
    """A path as text that can always be printed, hashed and stored: the bytes of a file name
    that is not UTF-8 are kept as backslash escapes instead of failing later."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _decode(path: Path, source: str, limit: int) -> str:
    """The text of a file, sized first so that a huge file is refused unread, and sniffed for
    a NUL before the rest is read."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(source, f"file too large ({size:,} bytes; the limit is {limit:,})")
    with path.open("rb") as f:
        head = f.read(_SNIFF)
        if b"\x00" in head:
            raise InputError(source, "binary file, not text")
        data = head + f.read(limit + 1 - len(head))  # the file may have grown since stat()
    if len(data) > limit:
        raise InputError(source, f"file too large (over {limit:,} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not UTF-8 text (bad byte at offset {e.start})") from None


def is_jsonl(path: Path) -> bool:
    """A JSONL file by its name: .jsonl or .ndjson, gzipped or not."""
    name = path.name.lower()
    return Path(name[:-3] if name.endswith(".gz") else name).suffix in JSONL_SUFFIXES


def _open_jsonl(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


# what a damaged gzip stream raises, besides OSError (gzip.BadGzipFile is one)
_READ_ERRORS = (OSError, EOFError, zlib.error)


def _jsonl_lines(path: Path, source: str, limit: int) -> Iterator[str | InputError]:
    """Lines of a JSONL file, each decoded on its own: a bad byte costs one line, not the file,
    and U+2028 inside a JSON string does not split a line. A line over `limit` bytes is skipped
    in pieces, never held whole; a gzipped file is read as it is decompressed."""
    with _open_jsonl(path) as f:
        if b"\x00" in f.read(_SNIFF):
            yield InputError(source, "binary file, not text")
            return
        f.seek(0)
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


def read_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Documents of one file, chosen by its name (.jsonl/.ndjson, gzipped or not, as JSONL,
    anything else as text)."""
    limit, source = max_bytes(max_chars), shown(path)
    if is_jsonl(path):
        try:
            yield from read_jsonl_lines(source, _jsonl_lines(path, source, limit), max_chars)
        except _READ_ERRORS as e:
            yield InputError(source, getattr(e, "strerror", None) or str(e) or type(e).__name__)
        return
    try:
        text = _decode(path, source, limit)
    except InputError as e:
        yield e
        return
    except OSError as e:
        yield InputError(source, e.strerror or str(e))
        return
    yield from read_text(source, text, max_chars=max_chars)


def expand_paths(paths: Iterable[str | Path]) -> list[Path | InputError]:
    """Files named and the .txt/.jsonl files inside folders named (sorted); an InputError in place
    of a path that does not exist or a folder with nothing to read. A file reached twice (named
    and inside a folder named) is listed once."""
    files: list[Path | InputError] = []
    seen: set[Path] = set()

    def add(f: Path) -> None:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            files.append(f)

    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*")
                           if f.is_file() and (f.suffix.lower() in TEXT_SUFFIXES or is_jsonl(f)))
            if not found:
                files.append(InputError(shown(p), "no .txt or .jsonl files in this folder"))
            for f in found:
                add(f)
        elif p.is_file():
            add(p)
        else:
            files.append(InputError(shown(p), "no such file or folder"))
    return files


def read_paths(paths: Iterable[str | Path], max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """All documents under `paths`, in order, with an InputError in place of each unreadable one.
    Lazy: one file (one JSONL line) at a time."""
    for f in expand_paths(paths):
        if isinstance(f, InputError):
            yield f
        else:
            yield from read_file(f, max_chars)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many items `read_paths` will yield, about: one per text file or bad path, one per
    non-blank JSONL line. A cheap byte scan, for a progress bar."""
    n = 0
    for f in expand_paths(paths):
        if isinstance(f, InputError) or not is_jsonl(f):
            n += 1
            continue
        try:
            with _open_jsonl(f) as fh:
                blank = True
                while piece := fh.readline(1 << 20):
                    blank = blank and not piece.strip()
                    if piece.endswith(b"\n"):
                        n += not blank
                        blank = True
                n += not blank
        except _READ_ERRORS:
            n += 1
    return n
