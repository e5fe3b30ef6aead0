"""SPARQL over the store. Named queries ship as `.rq` files in `kg/sparql/queries/`;
their parameters are declared in the header and bound as values, never spliced into text.

A parameter is declared `# param: NAME KIND HELP` with KIND `iri`, `literal` or `name`. A `name`
is bound as the literal given and, as `?NAMEKey`, to its lookup key (`kg.names.name_key`),
which `akg:nameKey` holds for every label and alias: the query finds actors by an index lookup
however the name is cased or spelt ("the taliban", "Al Shabaab").

>>> sorted(named_queries())[:2]
['actor-relations', 'evidence']
"""
from __future__ import annotations

import csv
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryError
from ..names import matching_keys, name_key, nearest_names
from ..textsafe import csv_row
from ..vocab import AKG, RDFS

if TYPE_CHECKING:
    from ..graph import GraphStore

__all__ = ["HIDES_REJECTED", "PAGE", "with_rejected", "find_name", "NamedQuery", "QueryResult", "bind_parameters",
           "named_queries", "resolve_query", "run_query"]

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(iri|literal|name)\s+(.*)$", re.MULTILINE)
# the rows of a page when none is asked for (a header line), and the line where a query cuts
# its own answer, rewritten for each page asked for
_PAGE_SIZE = re.compile(r"^#\s*page:\s*(\d+)\s*$", re.MULTILINE)
_CUT = re.compile(r"^([ \t]*)(?:LIMIT[ \t]+\d+[ \t]+)?OFFSET[ \t]+\d+[ \t]*#[ \t]*page[ \t]*$",
                  re.MULTILINE | re.IGNORECASE)
PAGE = "page"
"""`limit=PAGE`: the query's own page (its `# page: N` header line), else every row."""
_STRING = "http://www.w3.org/2001/XMLSchema#string"
_INT_TYPES = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#int",
              "http://www.w3.org/2001/XMLSchema#long"}
_FLOAT_TYPES = {"http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#double",
                "http://www.w3.org/2001/XMLSchema#float"}


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query: its name, text, first comment line and declared parameters."""

    name: str
    text: str
    description: str
    params: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (kind, help)
    page: int | None = None  # rows of a page when none is asked for (None: every row)

    @classmethod
    def parse(cls, name: str, text: str) -> "NamedQuery":
        lines = []
        for ln in text.splitlines():
            if not ln.startswith("#") or _PARAM.match(ln) or _PAGE_SIZE.match(ln):
                break
            lines.append(ln.lstrip("# ").strip())
        params = {m.group(1): (m.group(2), m.group(3).strip()) for m in _PARAM.finditer(text)}
        reserved = {"limit", "offset"} & set(params)
        if reserved:
            raise QueryError(f"{name}: {', '.join(sorted(reserved))} cannot be a parameter's name "
                             f"(every query takes --limit and --offset)")
        page = _PAGE_SIZE.search(text)
        return cls(name, text, " ".join(lines), params, int(page.group(1)) if page else None)

    @property
    def cuts_pages(self) -> bool:
        """Whether the query cuts its own pages (a `LIMIT N OFFSET M  # page` line): the store
        then reads only the page's rows, and the query says how many in all (`?total`)."""
        return _CUT.search(self.text) is not None

    def paged(self, limit: int | None, offset: int, text: str | None = None) -> str:
        """The text (the query's, or `text`) asking for one page: the `# page` line rewritten
        (None: every row from `offset` on). Only integers go into the text."""
        cut = (f"LIMIT {int(limit)} " if limit is not None else "") + f"OFFSET {int(offset)}  # page"
        return _CUT.sub(lambda m: m.group(1) + cut, self.text if text is None else text, count=1)


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in `kg/sparql/queries/`, by file stem."""
    out = {}
    for f in resources.files("kg").joinpath("sparql", "queries").iterdir():
        if f.name.endswith(".rq"):
            name = f.name[:-3]
            out[name] = NamedQuery.parse(name, f.read_text(encoding="utf-8"))
    return dict(sorted(out.items()))


def resolve_query(spec: str, *, sparql: bool = False) -> NamedQuery:
    """A named query, a path to a .rq file, or SPARQL text itself (always, with `sparql=True`)."""
    if sparql:
        return NamedQuery.parse("sparql", spec)
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    if spec.endswith(".rq") or (len(spec) < 300 and "\n" not in spec and Path(spec).is_file()):
        p = Path(spec)
        try:
            return NamedQuery.parse(p.stem, p.read_text(encoding="utf-8"))
        except OSError as e:
            raise QueryError(f"{spec}: cannot read query file ({e.strerror or e})") from None
    if re.search(r"\b(select|construct|ask|describe)\b", spec, re.IGNORECASE):
        return NamedQuery.parse("sparql", spec)
    raise QueryError(f"{spec}: not a named query ({', '.join(queries)}), a .rq file or SPARQL")


@dataclass
class QueryResult:
    """Rows of plain Python values (str, int, float, bool) under named columns."""

    columns: list[str]
    rows: list[list]
    total: int | None = None  # rows in all, of which `rows` is the page from `offset`
    offset: int = 0

    @property
    def more(self) -> bool:
        """Whether rows follow this page."""
        return self.total is not None and self.offset + len(self.rows) < self.total

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, r)) for r in self.rows]

    def to_csv(self) -> str:
        """The rows as CSV with a header; None is empty, and a cell a spreadsheet would run as
        a formula is neutralised (`kg.textsafe.csv_cell`)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180: a CR in a cell gets it quoted
        w.writerow(csv_row(self.columns))
        w.writerows(map(csv_row, self.rows))
        return buf.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.as_dicts(), ensure_ascii=False, indent=2)

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


def _value(term):
    """A term as a plain Python value: typed numbers and booleans as such, else its text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt == _STRING:  # most values: no further checks
            return term.value
        try:
            if dt in _INT_TYPES:
                return int(term.value)
            if dt in _FLOAT_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return getattr(term, "value", str(term))


def bind_parameters(q: NamedQuery, params: dict[str, str]) -> dict[str, object]:
    """The values of `q`'s variables for these parameters, as pyoxigraph terms; a `name`
    parameter also gives its key (`?nameKey`). Unknown, missing or malformed ones are a QueryError.

    >>> q = NamedQuery("q", "SELECT ?name ?nameKey {}", "", {"name": ("name", "an actor")})
    >>> {k: v.value for k, v in bind_parameters(q, {"name": "The Taliban"}).items()}
    {'name': 'The Taliban', 'nameKey': 'taliban'}
    """
    unknown = set(params) - set(q.params)
    if unknown:
        raise QueryError(f"{q.name}: unknown parameter(s) {', '.join(sorted(unknown))}"
                         + (f"; it takes {', '.join(q.params)}" if q.params else "; it takes none"))
    missing = set(q.params) - set(params)
    if missing:
        raise QueryError(f"{q.name}: missing parameter(s) {', '.join(sorted(missing))} "
                         f"(--param NAME=VALUE)")
    out = {}
    for k, v in params.items():
        kind = q.params[k][0]
        if kind == "iri":
            try:
                out[k] = ox.NamedNode(v)
            except ValueError:
                raise QueryError(f"{q.name}: parameter {k}={v!r} is not a valid IRI") from None
        else:
            out[k] = ox.Literal(v)
            if kind == "name":
                out[k + "Key"] = ox.Literal(name_key(v))
    return out


_HAS_LABELS = f"ASK {{ ?x <{RDFS.label}> ?l }}"
_HAS_KEYS = f"ASK {{ ?x <{AKG.nameKey}> ?k }}"


def _lacks_name_keys(store: GraphStore) -> bool:
    """Labelled resources but no akg:nameKey: a store written before name keys existed."""
    return bool(store.query(_HAS_LABELS, source="labels")) \
        and not bool(store.query(_HAS_KEYS, source="name keys"))


HIDES_REJECTED = "# hides rejected statements"
"""The comment that ends a query line hiding rejected statements (the network's query and the
named queries have one), so that one query serves with and without them (`with_rejected`)."""


def with_rejected(sparql: str) -> str:
    """`sparql` without its lines that hide rejected statements (see `HIDES_REJECTED`).

    >>> lines = ["SELECT ?st {", "  ?st a ?t", "  FILTER NOT EXISTS { ... }  # hides rejected statements", "}"]
    >>> with_rejected("\\n".join(lines)).splitlines()
    ['SELECT ?st {', '  ?st a ?t', '}']
    """
    return "\n".join(line for line in sparql.splitlines() if not line.rstrip().endswith(HIDES_REJECTED))


_ALL_NAMES = f"""SELECT DISTINCT ?key ?label WHERE {{ ?a <{AKG.nameKey}> ?key ; <{RDFS.label}> ?label }}"""


def find_name(store: GraphStore, name: str) -> str:
    """The name key an actor's name stands for in `store`: its own key when an actor goes by it,
    else the one key a surname, an acronym or another spelling of it matches
    (`kg.names.matching_keys`: "Kagame", "SAF", "al-Shabab"). No match, or several actors,
    is a QueryError of one line with the nearest names, never an empty answer in silence."""
    key = name_key(name)
    if store.query(f"ASK {{ ?a <{AKG.nameKey}> ?key }}", {"key": ox.Literal(key)}, source="names"):
        return key
    if _lacks_name_keys(store):  # an older store: run_query warns
        return key
    labels: dict[str, set[str]] = {}
    for row in store.query(_ALL_NAMES, source="names"):
        labels.setdefault(row["key"].value, set()).add(row["label"].value)
    found = matching_keys(name, labels)
    actors = sorted({label for k in found for label in labels[k]})
    if len(actors) == 1:
        return found[0]
    if actors:
        raise QueryError(f"{name!r} could be {', '.join(actors[:5])}: give more of the name")
    hint = nearest_names(name, {k: min(v) for k, v in labels.items()})
    raise QueryError(f"no actor goes by {name!r}" + (f"; nearest: {', '.join(hint)}" if hint else ""))


def run_query(store: GraphStore, spec: str, params: dict[str, str] | None = None, *,
              sparql: bool = False, include_rejected: bool = False, limit: int | None | str = PAGE,
              offset: int = 0) -> QueryResult:
    """Run a named query, .rq file or SPARQL text; SELECT and ASK give rows, CONSTRUCT triples.
    The named queries leave out statements a reviewer rejected, unless `include_rejected`.

    `limit` rows from `offset` on: `PAGE` (the default) is the query's own page (`# page: 100`
    in its header: the first 100 rows of each per-actor query) or every row, None every row.
    `QueryResult.total` says how many rows there are in all. A query that cuts its own pages
    (`NamedQuery.cuts_pages`) is cut by the store and counts them in a `?total` column (read
    into `total`, not a column); any other is cut here, after it ran whole."""
    q = resolve_query(spec, sparql=sparql)
    limit = q.page if limit == PAGE else limit
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise QueryError(f"{q.name}: {name} must be a whole number of rows, 0 or more (not {value!r})")
    bindings = bind_parameters(q, params or {})
    for name, (kind, _) in q.params.items():
        if kind == "name":
            bindings[name + "Key"] = ox.Literal(find_name(store, params[name]))
    text = with_rejected(q.text) if include_rejected else q.text
    if not q.cuts_pages:
        result = _run(store, q, text, bindings)
        result.total, result.offset = len(result.rows), offset
        result.rows = result.rows[offset:None if limit is None else offset + limit]
        return result
    result = _run(store, q, q.paged(limit, offset, text), bindings)
    if "total" in result.columns:
        at = result.columns.index("total")
        result.total = result.rows[0][at] if result.rows else None
        result.columns = result.columns[:at] + result.columns[at + 1:]
        result.rows = [row[:at] + row[at + 1:] for row in result.rows]
        if result.total is None:  # no row to carry it: past the end, or none at all
            first = _run(store, q, q.paged(1, 0, text), bindings)
            result.total = first.rows[0][first.columns.index("total")] if first.rows else 0
    result.offset = offset
    return result


def _run(store: GraphStore, q: NamedQuery, text: str, bindings: dict[str, object]) -> QueryResult:
    res = store.query(text, bindings, source=q.name)
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(["result"], [[bool(res)]])
    if isinstance(res, ox.QuerySolutions):
        # bound parameters are projected only so that the store substitutes them; solutions
        # are read by position, which costs a fraction of a lookup by name
        keep = [(i, v.value) for i, v in enumerate(res.variables) if v.value not in bindings]
        result = QueryResult([name for _, name in keep],
                             [[_value(sol[i]) for i, _ in keep] for sol in res])
        if not result.rows and "name" in {kind for kind, _ in q.params.values()} \
                and _lacks_name_keys(store):
            warnings.warn(f"{q.name}: this store has no name keys (akg:nameKey), so no name is "
                          f"found; an older version built it: run kg build on its inputs again")
        return result
    return QueryResult(["subject", "predicate", "object"],
                       [[_value(t.subject), _value(t.predicate), _value(t.object)] for t in res])
