"""Event dates from relative and absolute expressions against the document date."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dates import resolve_date


@pytest.mark.parametrize("text, doc_date, expected", [
    ("yesterday", "2025-03-07", "2025-03-06"),
    ("on Friday", "2025-03-05", "2025-02-28"),     # a Wednesday: the Friday before
    ("on Wednesday", "2025-03-05", "2025-03-05"),  # the same weekday is that day
    ("last week", "2025-03-07", "2025-02-28"),
    ("on July 2", "2026-07-27", "2026-07-02"),
    ("July 30", "2026-01-10", "2025-07-30"),        # a later month-day is last year's
    ("2 July 2025", None, "2025-07-02"),
    ("March 3rd, 2024", "2026-01-01", "2024-03-03"),
    ("2024-02-29", None, "2024-02-29"),
    ("last month", "2025-03-07", None),
    ("on Friday", None, None),
    ("February 30", "2025-03-07", None),
])
def test_resolve_date(text, doc_date, expected):
    assert resolve_date(text, doc_date) == expected


def test_statement_takes_the_date_of_its_sentence(analyse):
    _, rels = analyse("Hamas attacked Israel on Friday. Israel struck Gaza.", date="2025-03-05")
    dates = {r.predicate + ":" + r.object: r.date for r in rels}
    assert dates["attacks:actor/israel"] == "2025-02-28"
    assert dates["attacks:place/gaza-strip"] == "2025-03-05"


@pytest.mark.parametrize("text, doc_date", [("yesterday", "0001-01-01"), ("last week", "0001-01-03"),
                                            ("on Sunday", "0001-01-01"), ("July 30", "0001-01-10")])
def test_a_date_before_the_first_day_python_knows_is_no_date(text, doc_date):
    assert resolve_date(text, doc_date) is None


def test_a_document_dated_in_year_one_is_built_with_its_statements(analyse):
    _, rels = analyse("Yesterday Hamas attacked Israel.", date="0001-01-01")
    assert rels and all(r.date == "0001-01-01" for r in rels)


_EXPRESSION = st.sampled_from(["yesterday", "today", "last week", "two days ago", "on Sunday", "July 30",
                               "30 July", "Feb 29", "March 3rd, 2024", "2024-02-30", "9999-12-31"])


@given(text=st.one_of(st.text(max_size=40), _EXPRESSION), doc_date=st.none() | st.dates().map(str))
@settings(max_examples=300, deadline=None)
def test_any_expression_on_any_day_is_a_date_or_none_and_never_raises(text, doc_date):
    resolved = resolve_date(text, doc_date)
    assert resolved is None or dt.date.fromisoformat(resolved).isoformat() == resolved
