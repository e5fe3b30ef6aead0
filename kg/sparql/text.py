"""SPARQL read as text, for the two places that must look into a query without running it:
binding values for a SPARQL server (`bind_values`, used by `kg.graph.remote`) and refusing
federated queries (`uses_service`, used by `kg serve`).

pyoxigraph parses SPARQL but shows none of the parse, so both work on a tokenizer that knows
what a SPARQL lexer knows and no more: strings, IRIs, prefixed names, comments, variables,
keywords and braces. A word inside a string literal, an IRI or a comment is never taken for a
keyword, and `ex:service` is a name. Escapes are read where Oxigraph reads them, so none can
end a token early and turn what follows into a comment: `\\u0061` inside an IRI
(`<urn:\\u0061#>`), `\\#` inside a prefixed name (`ex:a\\#b`). (A `\\u` escape outside a
string or an IRI could hide a keyword, but Oxigraph's parser rejects those.) `kg serve` does not
rely on this reading alone: its workers cannot open a socket (`kg.sparql.sandbox`). Kept apart
from `kg.graph.remote` so that `kg serve` needs no HTTP client, and each module stays small.

>>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal('a "quoted" } value')})
'SELECT ?x WHERE { VALUES ?o { "a \\\\"quoted\\\\" } value" } ?x ?p ?o }'
>>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <http://x>" }')
False
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import QueryError

__all__ = ["bind_values", "term_text", "tokens", "uses_service"]

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
# a character of a prefixed name's local part: a name character, a colon, %HH or a \-escape
_LOCAL = r"[\w:\u00B7\u0300-\u036F\u203F\u2040-]|%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-]"
_TOKEN = re.compile(r"""
    (?P<skip>\s+|\#[^\n\r]*)
  | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|UCHAR)*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<pname>(?:[^\W\d_](?:[\w.-]*[\w-])?)?:(?:(?:LOCAL)(?:LOCAL|\.(?=LOCAL))*)?
              |_:[\w](?:[\w.-]*[\w-])?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<brace>[{}])
  | (?P<other>.)
""".replace("UCHAR", _UCHAR).replace("LOCAL", f"(?:{_LOCAL})"), re.VERBOSE | re.DOTALL)


def tokens(sparql: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) of each token; keywords upper-cased, comments and space dropped."""
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "skip":
            continue
        text = m.group()
        kind = "name" if kind in ("pname", "lang") else kind
        if kind == "word":
            # `ex:select`, `select:x` and the language tag of `"..."@service` are names, not keywords
            before = sparql[m.start() - 1:m.start()]
            after = sparql[m.end():m.end() + 1]
            kind = "name" if ":" in (before, after) or before == "@" else "keyword"
            text = text.upper() if kind == "keyword" else text
        out.append((kind, text, m.start(), m.end()))
    return out


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (a federated query: the engine would send a
    request to the host it names). An unterminated string counts as text, so errs towards True."""
    return any(kind == "keyword" and text == "SERVICE" for kind, text, _, _ in tokens(sparql))


def term_text(name: str, value, source: str) -> str:
    """An IRI or literal in the N-Triples syntax pyoxigraph writes: escaped, and valid SPARQL."""
    if not isinstance(value, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"{source}: parameter {name} must be an IRI or a literal, "
                         f"not {type(value).__name__}")
    return str(value)


@dataclass(eq=False)
class _Group:
    """A brace pair: `open` and `close` are token indexes, `parens` the parenthesis depth at `{`."""

    open: int
    close: int
    kind: str  # group, select (opens a sub-SELECT), data, template, short-construct
    parent: "_Group | None"
    parens: int
    where: "_Group | None" = None  # of a select: the group it selects from
    visible: set = field(default_factory=set)  # bound variables in scope here


def _groups(toks) -> tuple[list[_Group], list[int]]:
    """Every brace pair in opening order, and the parenthesis depth of each token."""
    groups: list[_Group] = []
    stack: list[_Group] = []
    depth, parens, after_values = [], 0, False
    for i, (kind, text, _, _) in enumerate(toks):
        if kind == "other" and text == ")":
            parens -= 1
        depth.append(parens)
        if kind == "other" and text == "(":
            parens += 1
        elif kind == "keyword" and text == "VALUES":
            after_values = True
        elif kind == "brace" and text == "{":
            parent = stack[-1] if stack else None
            prev = toks[i - 1][1] if i else ""
            prev2 = toks[i - 2][1] if i > 1 else ""
            nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
            if after_values or (parent and parent.kind in ("data", "template")):
                what = "data"
            elif prev == "CONSTRUCT":
                what = "template"
            elif prev == "WHERE" and prev2 == "CONSTRUCT":
                what = "short-construct"
            elif nxt == "SELECT":
                what = "select"
            else:
                what = "group"
            after_values = False
            g = _Group(i, len(toks), what, parent, parens)
            if (parent and parent.kind == "select" and parent.where is None and parens == parent.parens
                    and what in ("group", "select")):
                parent.where = g  # not a group inside an expression of the SELECT clause
            stack.append(g)
            groups.append(g)
        elif kind == "brace" and stack:
            stack.pop().close = i
    return groups, depth


def _projected(select: _Group, toks, depth, mentioned: set) -> set:
    """The variables a sub-SELECT projects: `?v` in its SELECT clause (not `(... AS ?v)`,
    which it computes), or for `SELECT *` those its WHERE group mentions."""
    end = select.where.open if select.where else select.close
    clause = [(t, depth[i]) for i, t in enumerate(toks[select.open + 1:end], select.open + 1)]
    if any(t[0] == "other" and t[1] == "*" and d == select.parens for t, d in clause):
        return mentioned
    return {t[1][1:] for t, d in clause if t[0] == "var" and d == select.parens}


def bind_values(sparql: str, bindings: dict[str, object], *, source: str = "query") -> str:
    """`sparql` with each bound variable fixed by a `VALUES` block, placed where pyoxigraph's
    substitution makes the variable bound: at the start of the outer WHERE, of every group that
    mentions it, and of the WHERE of every sub-SELECT that projects it, also when only its
    GROUP BY or HAVING uses it there. A sub-SELECT that does not project the variable hides it,
    as in pyoxigraph, so nothing is placed inside. Values are RDF terms written by pyoxigraph,
    never raw text.
    """
    if not bindings:
        return sparql
    values = {}
    for name, value in bindings.items():
        try:
            var = str(ox.Variable(name))
        except ValueError:
            raise QueryError(f"{source}: {name!r} is not a variable name") from None
        values[var[1:]] = f"VALUES {var} {{ {term_text(name, value, source)} }}"
    toks = tokens(sparql)
    groups, depth = _groups(toks)
    if any(g.kind == "short-construct" for g in groups):
        raise QueryError(f"{source}: to bind values, write CONSTRUCT {{ ... }} WHERE {{ ... }}")
    if not any(g.parent is None and g.kind in ("group", "select") for g in groups):
        raise QueryError(f"{source}: values can only be bound in a query with a WHERE clause")
    vars_at = [(i, text[1:]) for i, (kind, text, _, _) in enumerate(toks)
               if kind == "var" and text[1:] in values]

    def mentioned(g: _Group | None) -> set:
        return {v for i, v in vars_at if g.open < i < g.close} if g else set()

    inserts: dict[int, str] = {}
    for g in groups:  # parents come before their children
        g.visible = set(values) if g.parent is None else set(g.parent.visible)
        if g.kind == "select":
            g.visible &= _projected(g, toks, depth, mentioned(g.where))
        if g.kind != "group":
            continue
        whole = g.parent is None or (g.parent.kind == "select" and g.parent.where is g)
        names = g.visible if whole else g.visible & mentioned(g)
        if names:
            inserts[toks[g.open][3]] = " " + " ".join(values[v] for v in values if v in names)
    out, pos = [], 0
    for at in sorted(inserts):
        out += [sparql[pos:at], inserts[at]]
        pos = at
    out.append(sparql[pos:])
    return "".join(out)
