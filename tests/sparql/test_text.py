"""SPARQL read as text: `uses_service` finds every SERVICE clause that Oxigraph would run, however
the text around it is escaped, and takes none inside a string, an IRI or a comment. Oxigraph
itself is the judge: a query sent to a listener on this machine shows whether it ran one."""
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.sparql.text import bind_values, tokens, uses_service
from listener import listener  # noqa: F401 -- a fixture

PREFIX = "PREFIX ex: <urn:x/> "
# terms whose escapes a naive reader takes for the end of an IRI or name and a comment after it
ESCAPED = [r"<urn:\u0061#>", r"<urn:\U00000061#>", r"ex:a\#b", r"ex:\#b", r"ex:a\~b\#", "ex:a%23b",
           r'"a\u0022#"', r"'\u0027 #'", r'"\"#"', "'''#'''", '"""#"""', "<urn:a#b>", "_:b0", '"x"@en-gb',
           '"1"^^ex:t', "ex:", "1.5", "true", "?v", "$v"]


def _ran_service(listener, query: str) -> bool:
    """Whether Oxigraph, running `query`, sent a request to the listener."""
    before = len(listener.requests)
    try:
        ox.Store().query(query)
    except (SyntaxError, ValueError, OSError):
        pass
    return len(listener.requests) > before


@pytest.mark.parametrize("term", ESCAPED)
def test_a_service_after_an_escaped_term_is_found(listener, term):
    query = f"{PREFIX}SELECT * WHERE {{ VALUES ?z {{ {term} }} SERVICE {listener.iri} {{ ?s ?p ?o }} }}"
    assert uses_service(query), query
    if term in ESCAPED[:5]:  # terms that hid the clause from the reader, and Oxigraph runs it
        assert _ran_service(listener, query)


@given(terms=st.lists(st.sampled_from(ESCAPED + ["# note\n", "\n", "\t"]), max_size=6),
       keyword=st.sampled_from(["SERVICE", "service", "Service", "SERVICE SILENT"]),
       where=st.sampled_from(["{t} {s}", "{s} {t}", "OPTIONAL {{ {t} }} {s}"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_oxigraph_never_runs_a_service_clause_that_is_not_found(listener, terms, keyword, where):
    values = f"VALUES ?z {{ {' '.join(terms)} }}" if terms else ""
    service = f"{keyword} {listener.iri} {{ ?s ?p ?o }}"
    query = PREFIX + "SELECT * WHERE { " + where.format(t=values, s=service) + " }"
    if _ran_service(listener, query):
        assert uses_service(query), query


@given(st.text())
@settings(max_examples=150, deadline=None)
def test_service_inside_a_string_is_text(text):
    literal = ox.Literal("SERVICE <http://x.example/> { } " + text)
    query = f"SELECT * WHERE {{ BIND({literal} AS ?z) }}"
    assert not uses_service(query)
    assert [t[1] for t in tokens(query) if t[0] == "keyword"] == ["SELECT", "WHERE", "BIND", "AS"]


@pytest.mark.parametrize("term", [t for t in ESCAPED if t not in ("_:b0", "?v", "$v")])  # data terms
def test_values_are_bound_after_any_escaped_term(term):
    query = f"{PREFIX}SELECT ?x WHERE {{ VALUES ?z {{ {term} }} ?x ?p ?z }}"
    bound = bind_values(query, {"x": ox.NamedNode("urn:y")})
    assert bound.count("VALUES ?x { <urn:y> }") == 1
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:y"), ox.NamedNode("urn:p"), ox.Literal("v")))
    list(store.query(bound))  # still a query Oxigraph reads
