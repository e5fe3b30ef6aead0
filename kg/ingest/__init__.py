"""Readers: files, folders, standard input, text, JSON lines, web pages and PDFs -> `Document`s, with an `InputError` in place of
each document that cannot be read.

>>> from kg.ingest import read_text
>>> [d.id for d in read_text("notes/a.txt", "Hamas fought Israel.")]
['a']
"""
from .document import MAX_CHARS, Document, max_bytes, parse_date
from .files import STDIN, count_inputs, expand_paths, read_file, read_paths, read_stream, readable, shown
from .html import HTML_SUFFIXES, read_html
from .jsonl import FIELDS, JSONL_SUFFIXES, is_jsonl, read_jsonl_lines
from .pdf import PDF_SUFFIXES, read_pdf
from .text import TEXT_SUFFIXES, headline, read_text

__all__ = ["FIELDS", "HTML_SUFFIXES", "JSONL_SUFFIXES", "MAX_CHARS", "PDF_SUFFIXES", "STDIN",
           "TEXT_SUFFIXES", "Document", "count_inputs", "expand_paths", "headline", "is_jsonl",
           "max_bytes", "parse_date", "read_file", "read_html", "read_jsonl_lines", "read_paths",
           "read_pdf", "read_stream", "read_text", "readable", "shown"]
