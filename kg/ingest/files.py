"""Files and folders -> `Document`s: each file read by the reader its name asks for, folders
searched for text and JSONL files.

Readers yield an `InputError` in place of a document they cannot read, so that one bad
document never aborts a batch. Reading is lazy and bounded: a file is sized before it is read,
a JSONL file is streamed line by line, and no line or file over the limit is held in memory.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from .document import MAX_CHARS, SNIFF, Document, max_bytes
from .jsonl import READ_ERRORS, is_jsonl, jsonl_lines, open_jsonl, read_jsonl_lines
from .text import TEXT_SUFFIXES, read_text

__all__ = ["count_inputs", "expand_paths", "read_file", "read_paths", "shown"]


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
        head = f.read(SNIFF)
        if b"\x00" in head:
            raise InputError(source, "binary file, not text")
        data = head + f.read(limit + 1 - len(head))  # the file may have grown since stat()
    if len(data) > limit:
        raise InputError(source, f"file too large (over {limit:,} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not UTF-8 text (bad byte at offset {e.start})") from None


def read_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Documents of one file, chosen by its name (.jsonl/.ndjson, gzipped or not, as JSONL,
    anything else as text)."""
    limit, source = max_bytes(max_chars), shown(path)
    if is_jsonl(path):
        try:
            yield from read_jsonl_lines(source, jsonl_lines(path, source, limit), max_chars)
        except READ_ERRORS as e:
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
            with open_jsonl(f) as fh:
                blank = True
                while piece := fh.readline(1 << 20):
                    blank = blank and not piece.strip()
                    if piece.endswith(b"\n"):
                        n += not blank
                        blank = True
                n += not blank
        except READ_ERRORS:
            n += 1
    return n
