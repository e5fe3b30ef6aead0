"""Output written whole or not at all.

A full disk shows itself in odd ways: Python's buffered files report a write cut short by the
end of the disk as done (the rest of the buffer is dropped), and a file written in place is
cut where the space ran out, after the last good copy was emptied. So:

- `replacing(path)` gives a temporary path beside `path` to write; when the block ends
  without an error it is flushed to disk and renamed over `path`, else removed. A failed
  export leaves the last good file where it was, and never a part file beside it.
- `WholeWrites` is a binary stream over a file descriptor whose every write is whole or
  raises, and `checked_text(stream)` a text stream over it in place of `sys.stdout`, so that a
  command whose output was cut fails instead of exiting 0.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "graph.trig"
>>> with replacing(target) as part:
...     _ = part.write_text("first")
>>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
('first', ['graph.trig'])
"""
from __future__ import annotations

import errno
import io
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import KgError

__all__ = ["WholeWrites", "checked_text", "replacing"]


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path` that replaces it when the block succeeds (a rename, so a
    reader sees the old file or the new one); removed when the block fails. Its folder is
    made; an OSError (a full disk) is a KgError naming `path`."""
    path = Path(path)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield part
        fd = os.open(part, os.O_RDONLY)
        try:
            os.fsync(fd)  # on disk before it takes the name: a crash leaves old or new
        finally:
            os.close(fd)
        os.replace(part, path)
    except BaseException as e:
        part.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise KgError(f"{path}: cannot write ({e.strerror or e})") from None
        raise


class WholeWrites(io.RawIOBase):
    """Writes to file descriptor `fd` that are whole or raise OSError: a short write is
    continued, and one that writes nothing is ENOSPC. After a failure further writes are
    dropped, so that the interpreter's last flush at exit does not report it a second time."""

    def __init__(self, fd: int):
        super().__init__()
        self.fd, self.failed = fd, False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        size = len(view)
        if self.failed:
            return size
        try:
            while view:
                n = os.write(self.fd, view)
                if n == 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                view = view[n:]
        except OSError:
            self.failed = True
            raise
        return size


def checked_text(stream) -> io.TextIOWrapper:
    """A text stream over the file descriptor of `stream` (standard output), with its encoding
    and line buffering, whose writes are whole or raise (`WholeWrites`)."""
    raw = WholeWrites(stream.fileno())
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
                            line_buffering=stream.line_buffering)
