"""Real files for the readers: a PDF with a text layer, written here without a PDF library, and
one without (a page of drawing only, as a scan's image page has no text)."""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest


def write_pdf(path: Path, pages: list[list[str]], title: str | None = None,
              created: str | None = None) -> Path:
    """A PDF 1.4 file whose pages show `pages` (lines of text, Helvetica), with an Info dictionary
    giving `title` and `created` (D:YYYYMMDD...); a page with no lines has no text at all."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: pages, filled in below

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        if lines:
            ops = [b"BT /F1 11 Tf 14 TL 72 720 Td"]
            for line in lines:
                esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(b"(" + esc.encode("latin-1") + b") Tj T*")
            ops.append(b"ET")
        else:  # a filled rectangle: something drawn, no text
            ops = [b"0.5 g 72 72 400 600 re f"]
        data = zlib.compress(b"\n".join(ops))
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                      + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font)))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    info = []
    if title:
        info.append(b"/Title (" + title.encode("latin-1") + b")")
    if created:
        info.append(b"/CreationDate (" + created.encode("ascii") + b")")
    info_ref = add(b"<< " + b" ".join(info) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, info_ref, xref))
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def make_pdf():
    return write_pdf
