"""`kg validate`: the SHACL shapes on a store, a file or an rdflib graph, violations as lines."""
import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.api import build
from kg.errors import InputError
from kg.graph import Store, Violation, import_rdf, validate, validate_file, validate_graph, validate_store

AKG = "https://w3id.org/actor-kg/ontology#"
AKGR = "https://w3id.org/actor-kg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def built(extractor, tmp_path_factory):
    src = tmp_path_factory.mktemp("docs") / "clash.txt"
    src.write_text("date 2021-08-28\nTaliban fighters attacked the National Resistance Front in "
                   "Panjshir. The Afghan Army fought the Taliban in Kabul.\n", encoding="utf-8")
    graph = build([src], in_memory=True, extractor=extractor)
    assert graph.report.statements >= 2
    yield graph
    graph.close()


def all_quads(store: Store) -> list[ox.Quad]:
    return list(ox.parse(store.dump(None, "nquads"), format=ox.RdfFormat.N_QUADS))


def statement_of(quads: list[ox.Quad], relation: str) -> ox.NamedNode:
    return next(q.subject for q in quads if q.predicate.value.endswith("#predicate")
                and q.object.value == AKG + relation)


def write_nq(path, quads) -> str:
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)
    return str(path)


def test_a_built_store_conforms(built):
    report = validate_store(built.store)
    assert report.conforms, report.lines[:5]
    assert report.count == 0 and report.lines == []
    assert report.triples > 100 and report.source == "store"


def test_an_exported_file_conforms(built, tmp_path):
    path = tmp_path / "graph.trig"
    built.export(path, "trig")
    report = validate_file(path)
    assert report.conforms and report.source == str(path)
    assert report.triples == validate_store(built.store).triples


def test_a_statement_without_evidence_is_reported_with_its_focus_node(built, tmp_path):
    quads = all_quads(built.store)
    st = statement_of(quads, "fights")
    broken = [q for q in quads if not (q.subject == st and q.predicate.value == AKG + "evidence")]
    report = validate_file(write_nq(tmp_path / "broken.nq", broken))
    assert not report.conforms and report.count == 1
    [v] = report.violations
    assert v.focus == "akgr:" + st.value[len(AKGR):] and v.path == "akg:evidence"
    assert "needs exactly one akg:evidence" in v.message
    assert report.lines == [f"{v.focus} akg:evidence: {v.message}"]


def test_violations_in_a_store_are_found_after_import(built, tmp_path):
    """A bad export from elsewhere: an untyped actor and a label with a language tag."""
    quads = all_quads(built.store)
    st = statement_of(quads, "attacks")
    subject = next(q.object for q in quads if q.subject == st and q.predicate.value.endswith("#subject"))
    broken = [q for q in quads if not (q.subject == subject and q.predicate == RDF_TYPE)]
    broken = [ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value, language="en"), q.graph_name)
              if q.subject == subject and q.predicate == RDFS_LABEL else q for q in broken]
    store = Store.open(None)
    import_rdf(store, write_nq(tmp_path / "bad.nq", broken))
    report = validate_store(store)
    assert not report.conforms
    focus = {(v.focus, v.path) for v in report.violations}
    assert ("akgr:" + st.value[len(AKGR):], "rdf:subject") in focus  # no longer typed as an actor
    label = next(v for v in report.violations if v.path == "rdfs:label")
    assert label.focus == "akgr:" + subject.value[len(AKGR):] and label.value.endswith("@en")
    assert "no language tag" in label.message


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG parser
def test_validate_graph_agrees_with_validate_on_an_rdflib_dataset(built):
    ds = Dataset()
    ds.parse(data=built.store.dump(None, "trig"), format="trig")
    report = validate_graph(ds)
    assert report.conforms is validate(ds)[0] is True


def test_a_file_that_does_not_parse_is_an_input_error_with_its_line(tmp_path):
    path = tmp_path / "bad.trig"
    path.write_text("<urn:g> {\n <urn:s> <urn:p> \"x\" .\n <urn:s> <urn:p> .\n}\n")
    with pytest.raises(InputError, match=r"bad\.trig:3"):
        validate_file(path)


def test_violation_line_names_focus_path_message_and_value():
    v = Violation("akgr:statement/1", "akg:confidence", "akg:confidence must be an xsd:decimal.",
                  '"0.5"^^xsd:double')
    assert str(v) == ('akgr:statement/1 akg:confidence: akg:confidence must be an xsd:decimal. '
                      '[value "0.5"^^xsd:double]')
    whole_node = Violation("akgr:statement/1", None, "The rdf:subject does not fit the relation.",
                           "akgr:statement/1")
    assert str(whole_node) == "akgr:statement/1: The rdf:subject does not fit the relation."
