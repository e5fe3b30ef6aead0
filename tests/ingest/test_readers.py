"""Reading documents: text with a date header, JSONL, folders, and every kind of bad input."""
import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


from kg.errors import InputError
from kg.ingest import Document, count_inputs, expand_paths, read_paths


def _docs(items):
    return [x for x in items if isinstance(x, Document)]


def _errors(items):
    return [str(x) for x in items if isinstance(x, InputError)]


def test_text_file_date_header_is_read_and_removed(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2021-08-28\nThe Taliban besiege Panjshir.\n")
    (doc,) = _docs(read_paths([f]))
    assert doc.id == "a" and doc.date == "2021-08-28"
    assert doc.text.startswith("The Taliban")


def test_inline_date_header_as_in_the_seed_article(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text(" date 2021-08-28 The Northern Alliance fights.")
    (doc,) = _docs(read_paths([f]))
    assert doc.date == "2021-08-28" and doc.text == "The Northern Alliance fights."


def test_text_without_header_has_no_date(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("Hamas releases hostages.")
    (doc,) = _docs(read_paths([f]))
    assert doc.date is None and doc.text == "Hamas releases hostages."


def test_impossible_date_is_an_error_naming_the_file(tmp_path):
    f = tmp_path / "d.txt"
    f.write_text("date 2021-13-45\nText.")
    items = list(read_paths([f]))
    assert _docs(items) == []
    assert "d.txt" in _errors(items)[0] and "2021-13-45" in _errors(items)[0]


def test_jsonl_fields_and_bad_lines_reported_with_line_numbers(tmp_path):
    f = tmp_path / "s.jsonl"
    lines = [json.dumps({"id": "x1", "date": "2025-01-02", "title": "T", "url": "https://e.org/1",
                         "text": "Israel strikes Gaza."}),
             "{not json",
             json.dumps({"id": "x3", "title": "no text"}),
             json.dumps({"id": "x4", "date": "yesterday", "text": "Hamas fights."}),
             json.dumps(["a list"]),
             "",
             json.dumps({"text": "No id given."})]
    f.write_text("\n".join(lines))
    items = list(read_paths([f]))
    docs = _docs(items)
    assert [d.id for d in docs] == ["x1", "s-7"]
    assert docs[0].title == "T" and docs[0].url == "https://e.org/1" and docs[0].date == "2025-01-02"
    errs = _errors(items)
    assert len(errs) == 4
    assert errs[0].startswith(f"{f}:2: not valid JSON")
    assert f"{f}:3:" in errs[1] and "text" in errs[1]
    assert f"{f}:4:" in errs[2] and "yesterday" in errs[2]


def test_jsonl_from_other_crawlers_is_read_by_their_field_names(tmp_path):
    f = tmp_path / "crawl.jsonl"
    f.write_text("\n".join([
        # news-please
        json.dumps({"maintext": "Hamas fought Israel.", "date_publish": "2023-10-09 14:02:00",
                    "title": "Clashes", "url": "https://e.org/a"}),
        # an RSS-fed scraper
        json.dumps({"uuid": "r1", "headline": "Talks", "link": "https://e.org/b",
                    "published": "Mon, 09 Oct 2023 08:00:00 +0000", "content": "Egypt met Hamas."}),
        # our own names win over the others; an empty field gives way to the next
        json.dumps({"id": "o1", "text": "Ours.", "body": "Theirs.", "date": "", "pubdate": "9 Oct 2023"}),
    ]))
    docs = _docs(list(read_paths([f])))
    assert [(d.id, d.text, d.date, d.title, d.url) for d in docs] == [
        ("crawl-1", "Hamas fought Israel.", "2023-10-09", "Clashes", "https://e.org/a"),
        ("r1", "Egypt met Hamas.", "2023-10-09", "Talks", "https://e.org/b"),
        ("o1", "Ours.", "2023-10-09", None, None)]


def test_gzipped_jsonl_is_read_as_it_is_decompressed_and_found_in_folders(tmp_path):
    lines = [json.dumps({"id": f"g{i}", "text": f"Hamas fought Israel, day {i}."}) for i in range(3)]
    with gzip.open(tmp_path / "feed.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"not a feed"))  # not JSONL: not walked
    with pytest.warns(UserWarning, match="notes.gz"):
        assert [d.id for d in _docs(list(read_paths([tmp_path])))] == ["g0", "g1", "g2"]
    assert count_inputs([tmp_path]) == 3


def test_a_truncated_gzip_keeps_what_was_read_and_names_the_file(tmp_path):
    data = gzip.compress("\n".join(json.dumps({"id": f"t{i}", "text": "Hamas fought Israel. " * 50})
                                   for i in range(200)).encode())
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    items = list(read_paths([f]))
    assert 0 < len(_docs(items)) < 200
    assert len(_errors(items)) == 1 and _errors(items)[0].startswith(f"{f}:")


def test_a_date_that_is_no_date_is_still_an_error_naming_the_line(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps({"text": "Hamas fought.", "published": "Octember 9, 2023"}))
    items = list(read_paths([f]))
    assert _docs(items) == [] and _errors(items)[0].startswith(f"{f}:1: date 'Octember 9, 2023'")


def test_non_utf8_empty_and_binary_files_are_errors(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 attack".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    errs = _errors(read_paths([tmp_path]))
    assert any("latin.txt" in e and "UTF-8" in e for e in errs)
    assert any("empty.txt" in e and "no text" in e for e in errs)
    assert any("bin.txt" in e and "binary" in e for e in errs)


def test_missing_path_and_empty_folder_are_errors_in_place(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "a.txt").write_text("One.")
    items = list(read_paths([tmp_path / "nope.txt", tmp_path / "empty", tmp_path / "a.txt"]))
    errs = _errors(items)
    assert "nope.txt: no such file" in errs[0] and "empty: no .txt, .jsonl, .html or .pdf files" in errs[1]
    assert [d.id for d in _docs(items)] == ["a"]


def test_jsonl_bad_byte_costs_one_line_and_u2028_stays_inside_its_line(tmp_path):
    f = tmp_path / "s.jsonl"
    good = json.dumps({"id": "a", "text": "Hamas fights.\u2028Israel strikes."}, ensure_ascii=False)
    f.write_bytes(good.encode() + b"\n" + b'{"id": "b", "text": "caf\xe9"}\n' +
                  json.dumps({"id": "c", "text": "Three."}).encode() + b"\n")
    items = list(read_paths([f]))
    assert [d.id for d in _docs(items)] == ["a", "c"]
    assert _errors(items) == [f"{f}:2: not UTF-8 text (bad byte at column 25)"]


def test_folder_is_walked_for_readable_files_and_the_others_are_named_in_one_warning(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("One.")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": "Two."}))
    (tmp_path / "c.html").write_text("<p>Three.</p>")
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / "sub" / "scan.docx").write_bytes(b"PK")
    (tmp_path / ".hidden.swp").write_text("editor state")
    with pytest.warns(UserWarning) as caught:
        found = expand_paths([tmp_path])
    assert sorted(p.name for p in found) == ["a.txt", "b.jsonl", "c.html"]
    (warning,) = caught
    assert "2 file(s) of a type not read" in str(warning.message)
    assert "notes.md" in str(warning.message) and "scan.docx" in str(warning.message)
    assert ".hidden" not in str(warning.message)


def test_text_headers_give_date_title_and_url_and_a_written_date_is_read(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("title Siege of Panjshir\ndate: 28 August 2021\nurl https://news.example.org/p\n"
                 "The Taliban besieged Panjshir.\n")
    (doc,) = _docs(read_paths([f]))
    assert (doc.title, doc.date, doc.url) == ("Siege of Panjshir", "2021-08-28", "https://news.example.org/p")
    assert doc.text == "The Taliban besieged Panjshir.\n"


@pytest.mark.parametrize("written", ["August 28, 2021", "28 Aug 2021", "Sat, 28 Aug 2021 09:30:00 GMT",
                                     "2021-08-28T09:30:00Z"])
def test_every_date_form_the_error_message_names_is_read_in_the_header(tmp_path, written):
    f = tmp_path / "a.txt"
    f.write_text(f"date {written} The Taliban besieged Panjshir.")
    (doc,) = _docs(read_paths([f]))
    assert doc.date == "2021-08-28" and doc.text == "The Taliban besieged Panjshir."


def test_a_headline_first_line_is_the_title_and_stays_in_the_text(tmp_path):
    (tmp_path / "h.txt").write_text("Taliban close in on Panjshir\nThe Taliban besieged the valley.")
    (tmp_path / "p.txt").write_text("The Taliban besieged the valley.\nThe resistance fought back.")
    head, prose = _docs(read_paths([tmp_path / "h.txt", tmp_path / "p.txt"]))
    assert head.title == "Taliban close in on Panjshir" and head.text.startswith("Taliban close in")
    assert prose.title is None


def test_standard_input_is_text_or_json_lines(monkeypatch):
    import io
    import sys

    from kg.ingest import read_stream

    text = b"Hamas released three hostages."
    (doc,) = read_stream(io.BufferedReader(io.BytesIO(text)))
    assert doc.id.startswith("stdin-") and doc.text == text.decode()
    feed = b'{"id": "a", "text": "One."}\n{oops\n{"id": "b", "text": "Two."}\n'
    items = list(read_stream(io.BufferedReader(io.BytesIO(feed))))
    assert [d.id for d in _docs(items)] == ["a", "b"] and _errors(items)[0].startswith("<stdin>:2:")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(feed))))
    assert [d.id for d in _docs(read_paths(["-"]))] == ["a", "b"]


def test_content_hash_changes_with_text():
    a = Document("x", "one")
    assert a.content_hash == Document("x", "one").content_hash
    assert a.content_hash != Document("x", "two").content_hash


def _peak_while(fn):
    """Peak Python memory (bytes) allocated while `fn` runs."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_huge_text_file_is_refused_by_its_size_before_it_is_read(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # 200 MB, sparse: no disk used
        fh.truncate(200 * 1024 * 1024)
    items, peak = _peak_while(lambda: list(read_paths([f])))
    assert _errors(items) == [f"{f}: file too large (209,715,200 bytes; the limit is 6,065,536)"]
    assert peak < 1024 * 1024


def test_text_longer_than_the_limit_is_an_error_naming_the_file(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("Hamas fights. " * 100)
    (err,) = _errors(read_paths([f], max_chars=1000))
    assert err == f"{f}: document too long (1,400 characters; the limit is 1,000)"


def test_jsonl_line_too_long_is_skipped_in_pieces_and_the_next_lines_are_read(tmp_path):
    f = tmp_path / "big.jsonl"
    with f.open("wb") as fh:
        fh.write(json.dumps({"id": "a", "text": "First."}).encode() + b"\n")
        fh.write(b'{"id": "huge", "text": "' + b"a" * 10000)
        fh.seek(50 * 1024 * 1024)  # a 50 MB line, sparse past its start
        fh.write(b'"}\n' + json.dumps({"id": "c", "text": "Third."}).encode() + b"\n")
    items, peak = _peak_while(lambda: list(read_paths([f], max_chars=10_000)))
    assert [d.id for d in _docs(items)] == ["a", "c"]
    assert _errors(items) == [f"{f}:2: line too long (over 125,536 bytes)"]
    assert peak < 4 * 1024 * 1024


def test_jsonl_is_streamed_one_line_at_a_time(tmp_path):
    f = tmp_path / "many.jsonl"
    line = json.dumps({"text": "Hamas fights Israel in Gaza. " * 10}) + "\n"
    f.write_text(line * 5000)  # about 1.5 MB
    n, peak = _peak_while(lambda: sum(1 for x in read_paths([f]) if isinstance(x, Document)))
    assert n == 5000
    assert peak < 512 * 1024


def test_binary_jsonl_is_one_error_not_one_per_line(tmp_path):
    f = tmp_path / "b.jsonl"
    f.write_bytes(b"\x00\x01\x02\n" * 1000)
    assert _errors(read_paths([f])) == [f"{f}: binary file, not text"]


def test_jsonl_unpaired_surrogate_escape_is_an_error_for_that_line(tmp_path):
    f = tmp_path / "s.jsonl"
    f.write_text('{"id": "a", "text": "bad \\ud800 half"}\n{"id": "b", "text": "Good."}\n')
    items = list(read_paths([f]))
    assert [d.id for d in _docs(items)] == ["b"]
    assert _errors(items) == [f"{f}:1: a string holds an unpaired surrogate escape (not Unicode text)"]


def test_file_name_that_is_not_utf8_gives_a_printable_id_and_source(tmp_path):
    import os

    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Hamas fights Israel.")
    (doc,) = _docs(read_paths([tmp_path]))
    assert doc.id == "caf\\udce9" and doc.source.endswith("caf\\udce9.txt")
    assert doc.content_hash  # hashable, so storable


def test_a_file_reached_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("One.")
    files = expand_paths([tmp_path, tmp_path / "a.txt", tmp_path / "." / "a.txt"])
    assert [p.name for p in files] == ["a.txt"]


def test_count_inputs_counts_what_read_paths_yields(tmp_path):
    from kg.ingest import count_inputs

    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    (tmp_path / "c.jsonl").write_text('{"text": "x"}\n\n  \n{oops\n{"text": "y"}')
    paths = [tmp_path, tmp_path / "missing.txt"]
    assert count_inputs(paths) == len(list(read_paths(paths))) == 6


def test_a_jsonl_line_nested_past_any_depth_is_an_error_for_that_line(tmp_path):
    f = tmp_path / "deep.jsonl"
    deep = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    title = json.dumps({"id": "t", "text": "Two.", "title": [[[["nested"]]]]})
    f.write_text("\n".join([json.dumps({"id": "a", "text": "One."}), deep, "[" * 100_000, title,
                            json.dumps({"id": "c", "text": "Three."})]) + "\n")
    items = list(read_paths([f]))
    assert [d.id for d in _docs(items)] == ["a", "c"]
    assert _errors(items) == [f"{f}:2: not valid JSON (nested too deeply)",
                              f"{f}:3: not valid JSON (nested too deeply)",
                              f"{f}:4: title is not text"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_text_file_in_utf16_or_utf32_with_its_byte_order_mark_is_read(tmp_path, encoding):
    f = tmp_path / "wide.txt"
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")
    f.write_bytes((bom + "date 2021-08-28\nThe Taliban besieged Panjshir. «Ça»").encode(encoding))
    (doc,) = read_paths([f])
    assert (doc.date, doc.text) == ("2021-08-28", "The Taliban besieged Panjshir. «Ça»")


def test_a_jsonl_file_in_utf16_is_one_error_saying_what_to_do(tmp_path):
    f = tmp_path / "wide.jsonl"
    f.write_bytes(json.dumps({"id": "a", "text": "One."}).encode("utf-16"))
    assert _errors(read_paths([f])) == [f"{f}: UTF-16 text: convert it to UTF-8 (JSON lines are UTF-8)"]


# -- fuzzing the readers ------------------------------------------------------------------------

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                     max_leaves=12)
_OBJECT = st.fixed_dictionaries({}, optional={k: _JSON | st.text() for k in
                                              ("id", "text", "date", "title", "url", "maintext", "uuid")})
_LINE = (st.builds(json.dumps, _OBJECT) | st.builds(json.dumps, _JSON) | st.text(max_size=60)
         | st.integers(1, 3000).map(lambda n: "[" * n + "]" * n)).filter(lambda s: "\n" not in s and "\r" not in s)


@given(st.lists(_LINE, max_size=8))
@settings(max_examples=200, deadline=None)
def test_any_json_lines_give_one_document_or_one_error_each_and_never_raise(lines):
    from kg.ingest.jsonl import read_jsonl_lines

    items = list(read_jsonl_lines("feed.jsonl", lines))
    numbered = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert len(items) == len(numbered)
    for n, item in zip(numbered, items):
        assert isinstance(item, (Document, InputError))
        if isinstance(item, InputError):
            assert item.source == f"feed.jsonl:{n}" and "\n" not in str(item)
        else:
            assert item.text.strip() and isinstance(item.id, str)
            assert item.date is None or len(item.date) == 10


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_any_text_file_gives_one_document_or_one_error_and_never_raises(text):
    from kg.ingest.text import read_text

    (item,) = read_text("a.txt", text)
    assert isinstance(item, (Document, InputError))
    if isinstance(item, Document):
        assert item.text.strip() and item.text in text


@given(st.one_of(st.text(), st.integers(), st.floats(), st.dates().map(str),
                 st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
                 st.dates().map(lambda d: d.strftime("%B %d, %Y"))))
@settings(max_examples=300, deadline=None)
def test_any_date_value_is_an_iso_date_or_an_input_error(value):
    import datetime as dt

    from kg.ingest.document import parse_date

    try:
        iso = parse_date(value, "f")
    except InputError as e:
        assert str(e).startswith("f: date ")
    else:
        assert iso is None or dt.date.fromisoformat(iso).isoformat() == iso
