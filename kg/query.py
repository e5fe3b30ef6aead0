"""Step 7a: SPARQL over the store. Named queries ship as `.rq` files in `kg/queries/`;
their parameters are declared in the header and bound as values, never spliced into text.

>>> sorted(named_queries())[:2]
['actor-relations', 'evidence']
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .store import Store

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(iri|literal)\s+(.*)$", re.MULTILINE)
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

    @classmethod
    def parse(cls, name: str, text: str) -> "NamedQuery":
        lines = []
        for ln in text.splitlines():
            if not ln.startswith("#") or _PARAM.match(ln):
                break
            lines.append(ln.lstrip("# ").strip())
        params = {m.group(1): (m.group(2), m.group(3).strip()) for m in _PARAM.finditer(text)}
        return cls(name, text, " ".join(lines), params)


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in `kg/queries/`, by file stem."""
    out = {}
    for f in resources.files("kg").joinpath("queries").iterdir():
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

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, r)) for r in self.rows]

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        w.writerows([["" if v is None else v for v in r] for r in self.rows])
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


def _bind(q: NamedQuery, params: dict[str, str]) -> dict[str, object]:
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
    return out


def run_query(store: Store, spec: str, params: dict[str, str] | None = None, *,
              sparql: bool = False) -> QueryResult:
    """Run a named query, .rq file or SPARQL text; SELECT and ASK give rows, CONSTRUCT triples."""
    q = resolve_query(spec, sparql=sparql)
    bindings = _bind(q, params or {})
    res = store.query(q.text, bindings, source=q.name)
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(["result"], [[bool(res)]])
    if isinstance(res, ox.QuerySolutions):
        # bound parameters are projected only so that the store substitutes them; solutions
        # are read by position, which costs a fraction of a lookup by name
        keep = [(i, v.value) for i, v in enumerate(res.variables) if v.value not in bindings]
        return QueryResult([name for _, name in keep],
                           [[_value(sol[i]) for i, _ in keep] for sol in res])
    return QueryResult(["subject", "predicate", "object"],
                       [[_value(t.subject), _value(t.predicate), _value(t.object)] for t in res])
