"""Files, folders and standard input -> `Document`s: each file read by the reader its name asks
for (text, JSONL, HTML, PDF), folders searched for those, `-` for standard input.

Readers yield an `InputError` in place of a document they cannot read, so that one bad
document never aborts a batch. Reading is lazy and bounded: a file is sized before it is read,
a JSONL file is streamed line by line, and no line or file over the limit is held in memory.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import warnings
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import InputError
from .document import MAX_CHARS, SNIFF, Document, max_bytes, wide_encoding
from .html import HTML_SUFFIXES, read_html
from .jsonl import READ_ERRORS, is_jsonl, jsonl_lines, open_jsonl, read_jsonl_lines, stream_lines
from .pdf import PDF_SUFFIXES, read_pdf
from .text import TEXT_SUFFIXES, read_text

__all__ = ["STDIN", "count_inputs", "expand_paths", "read_file", "read_paths", "read_stream", "readable",
           "shown"]

STDIN = "-"
"""The path that stands for standard input: text, or JSON lines when its first character is `{`."""


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
        wide = wide_encoding(head)  # UTF-16 or UTF-32 text, NULs and all
        if b"\x00" in head and not wide:
            raise InputError(source, "binary file, not text")
        data = head + f.read(limit + 1 - len(head))  # the file may have grown since stat()
    if len(data) > limit:
        raise InputError(source, f"file too large (over {limit:,} bytes)")
    try:
        return data.decode(wide or "utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not {(wide or 'utf-8').upper()} text (bad byte at offset {e.start})") from None


def readable(path: Path) -> bool:
    """A file whose name says it is text, JSONL (gzipped or not), HTML or PDF."""
    suffix = path.suffix.lower()
    return suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES or suffix in PDF_SUFFIXES or is_jsonl(path)


def read_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Documents of one file, chosen by its name: .jsonl/.ndjson (gzipped or not) as JSONL,
    .html/.htm as a web page, .pdf as a PDF, anything else as text."""
    limit, source = max_bytes(max_chars), shown(path)
    suffix = path.suffix.lower()
    try:
        if is_jsonl(path):
            yield from read_jsonl_lines(source, jsonl_lines(path, source, limit), max_chars)
        elif suffix in PDF_SUFFIXES:
            _check_size(path, source, limit)
            yield from read_pdf(path, source, max_chars=max_chars)
        elif suffix in HTML_SUFFIXES:
            _check_size(path, source, limit)
            yield from read_html(source, path.read_bytes(), max_chars=max_chars)
        else:
            yield from read_text(source, _decode(path, source, limit), max_chars=max_chars)
    except InputError as e:
        yield e
    except READ_ERRORS as e:
        yield InputError(source, getattr(e, "strerror", None) or str(e) or type(e).__name__)


def _check_size(path: Path, source: str, limit: int) -> None:
    size = path.stat().st_size
    if size > limit:
        raise InputError(source, f"file too large ({size:,} bytes; the limit is {limit:,})")


def read_stream(stream: BinaryIO, source: str = "<stdin>",
                max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Documents from a binary stream such as standard input: JSON lines, read one at a time,
    when its first character is `{`, else one text document whose id is `stdin-` and a hash of
    its text.

    >>> import io
    >>> [d.id for d in read_stream(io.BufferedReader(io.BytesIO(b'{"id": "a1", "text": "Hamas fought."}')))]
    ['a1']
    """
    limit = max_bytes(max_chars)
    wide = wide_encoding(stream.peek(SNIFF))
    if not wide and stream.peek(SNIFF).lstrip()[:1] == b"{":
        yield from read_jsonl_lines(source, stream_lines(stream, source, limit), max_chars)
        return
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield InputError(source, f"input too large (over {limit:,} bytes)")
        return
    try:
        text = data.decode(wide or "utf-8-sig")
    except UnicodeDecodeError as e:
        yield InputError(source, f"not {(wide or 'utf-8').upper()} text (bad byte at offset {e.start})")
        return
    doc_id = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
    yield from read_text(source, text, doc_id=doc_id, max_chars=max_chars)


def _what_is(path: Path) -> str | InputError:
    """"dir" or "file" for what `path` names (through links), else an InputError saying what
    stands there instead: nothing, a FIFO or device, a broken link or a loop of links, or a
    path that cannot be reached."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        broken = path.is_symlink()
        return InputError(shown(path), "a link to nothing, skipped" if broken else "no such file or folder")
    except OSError as e:
        if e.errno == errno.ELOOP:
            return InputError(shown(path), "a loop of symbolic links, skipped")
        return InputError(shown(path), f"cannot reach this path ({e.strerror or e})")
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return InputError(shown(path), f"{kind}, not a file; skipped")


def _walk(folder: Path) -> list[Path | InputError]:
    """Everything in `folder` and below, hidden names left out, as `_what_is` finds it: files,
    and an InputError for each folder that cannot be read and each entry that is no file.
    Links to folders are not followed, as `Path.rglob` does not."""
    out: list[Path | InputError] = []

    def unreadable(e: OSError) -> None:
        out.append(InputError(shown(e.filename), f"cannot read this folder ({e.strerror or e})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                what = _what_is(Path(root, name))
                out.append(Path(root, name) if what == "file" else what)
    return sorted(out, key=lambda x: Path(x.source) if isinstance(x, InputError) else x)


def expand_paths(paths: Iterable[str | Path], warn: bool = True) -> list[Path | InputError]:
    """Files named and the files inside folders named that a reader reads (`readable`, sorted);
    an InputError in place of a path that does not exist, cannot be reached or is no file (a
    FIFO, a device, a broken link or a loop of links), of a folder that cannot be read and of
    a folder with nothing to read. A file reached twice (named and inside a folder named) is
    listed once. The other files of a folder (not hidden ones) are named in one warning per
    folder, unless not `warn`."""
    files: list[Path | InputError] = []
    seen: set[Path] = set()

    def add(f: Path) -> None:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            files.append(f)

    for p in map(Path, paths):
        what = "stdin" if str(p) == STDIN else _what_is(p)
        if what == "stdin":
            files.append(p)
        elif what == "dir":
            inside = _walk(p)
            found = [f for f in inside if isinstance(f, Path) and readable(f)]
            skipped = [shown(f.relative_to(p)) for f in inside if isinstance(f, Path) and not readable(f)]
            if skipped and warn:
                listed = ", ".join(skipped[:10]) + (f" and {len(skipped) - 10} more" if len(skipped) > 10 else "")
                warnings.warn(f"{shown(p)}: {len(skipped)} file(s) of a type not read "
                              f"(.txt, .jsonl, .html, .pdf are) left out: {listed}", stacklevel=2)
            if not found and not any(isinstance(f, InputError) for f in inside):
                files.append(InputError(shown(p), "no .txt, .jsonl, .html or .pdf files in this folder"))
            for f in inside:
                if isinstance(f, InputError):
                    files.append(f)
                elif readable(f):
                    add(f)
        elif what == "file":
            add(p)
        else:
            files.append(what)
    return files


def read_paths(paths: Iterable[str | Path], max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """All documents under `paths`, in order, with an InputError in place of each unreadable one.
    Lazy: one file (one JSONL line) at a time."""
    for f in expand_paths(paths):
        if isinstance(f, InputError):
            yield f
        elif str(f) == STDIN:
            yield from read_stream(sys.stdin.buffer, max_chars=max_chars)
        else:
            yield from read_file(f, max_chars)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many items `read_paths` will yield, about: one per text file or bad path, one per
    non-blank JSONL line. A cheap byte scan, for a progress bar."""
    n = 0
    for f in expand_paths(paths, warn=False):
        if isinstance(f, InputError) or str(f) == STDIN or not is_jsonl(f):
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
