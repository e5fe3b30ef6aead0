"""Readers: files, folders, text and JSON lines -> `Document`s, with an `InputError` in place of
each document that cannot be read.

>>> from kg.ingest import read_text
>>> [d.id for d in read_text("notes/a.txt", "Hamas fought Israel.")]
['a']
"""
from .document import MAX_CHARS, Document, max_bytes, parse_date
from .files import count_inputs, expand_paths, read_file, read_paths, shown
from .jsonl import FIELDS, JSONL_SUFFIXES, is_jsonl, read_jsonl_lines
from .text import TEXT_SUFFIXES, read_text

__all__ = ["FIELDS", "JSONL_SUFFIXES", "MAX_CHARS", "TEXT_SUFFIXES", "Document", "count_inputs",
           "expand_paths", "is_jsonl", "max_bytes", "parse_date", "read_file", "read_jsonl_lines",
           "read_paths", "read_text", "shown"]
