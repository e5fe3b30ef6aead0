"""RDF files in: TriG and N-Quads exported by one store read back into another graph by graph,
losing nothing, replacing on re-import, and refusing a bad file whole."""
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import HOSTILE
from kg.errors import InputError
from kg.graph import Store, import_rdf

AKGR = "https://w3id.org/actor-kg/id/"


def quads(store: Store) -> set[ox.Quad]:
    return set(ox.parse(store.dump(None, "nquads"), format=ox.RdfFormat.N_QUADS))


def _graphs(store: Store) -> dict[str, Graph]:
    """Each named graph of `store` as an rdflib Graph."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads(store):
        by_graph.setdefault(q.graph_name.value, []).append(q.triple)
    return {g: Graph().parse(data=ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES), format="nt")
            for g, ts in by_graph.items()}


def assert_same_dataset(a: Store, b: Store) -> None:
    """Quad for quad where no blank node occurs; each graph isomorphic to its twin otherwise."""
    def plain(store):
        return {q for q in quads(store)
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}

    assert plain(a) == plain(b)
    ga, gb = _graphs(a), _graphs(b)
    assert set(ga) == set(gb)
    for name in ga:
        assert len(ga[name]) == len(gb[name]) and isomorphic(ga[name], gb[name]), name


@pytest.mark.parametrize("fmt,ext", [("trig", "trig"), ("nquads", "nq")])
def test_export_then_import_loses_nothing(two_articles, tmp_path, fmt, ext):
    path = tmp_path / f"graph.{ext}"
    two_articles.export(path, fmt)
    fresh = Store.open(None)
    report = import_rdf(fresh, path)
    assert report.graphs == len(two_articles.store.named_graphs()) and report.default_graph is None
    assert report.quads == two_articles.store.count() == fresh.count()
    assert_same_dataset(two_articles.store, fresh)


def test_reimporting_the_same_export_changes_nothing(two_articles, tmp_path):
    path = tmp_path / "graph.trig"
    two_articles.export(path, "trig")
    fresh = Store.open(None)
    import_rdf(fresh, path)
    import_rdf(fresh, path)  # graphs now exist: the replace path
    assert_same_dataset(two_articles.store, fresh)


def test_an_export_without_name_keys_gains_them_on_import(two_articles, tmp_path):
    key = b" <https://w3id.org/actor-kg/ontology#nameKey> "  # as a predicate
    path = tmp_path / "old.nq"
    two_articles.export(path, "nquads")
    lines = path.read_bytes().splitlines(keepends=True)
    old = [ln for ln in lines if key not in ln]  # as an older version wrote it
    assert len(lines) - len(old) > 5
    path.write_bytes(b"".join(old))
    fresh = Store.open(None)
    import_rdf(fresh, path)
    assert_same_dataset(two_articles.store, fresh)


def test_import_replaces_only_the_graphs_in_the_file(tmp_path):
    store = Store.open(None)
    (tmp_path / "v1.trig").write_text(
        "<urn:g1> { <urn:s> <urn:p> \"old\" . <urn:s> <urn:p> \"gone\" . }\n"
        "<urn:g2> { <urn:s> <urn:p> \"kept\" . }\n")
    (tmp_path / "v2.trig").write_text("<urn:g1> { <urn:s> <urn:p> \"new\" . }\n")
    import_rdf(store, tmp_path / "v1.trig")
    assert import_rdf(store, tmp_path / "v2.trig").graphs == 1
    assert {(q.graph_name.value, q.object.value) for q in quads(store)} == {("urn:g1", "new"),
                                                                          ("urn:g2", "kept")}


def test_blank_nodes_survive_up_to_renaming(tmp_path):
    src = tmp_path / "b.trig"
    src.write_text("<urn:g> { <urn:s> <urn:p> _:x . _:x <urn:q> \"1\" . _:x <urn:r> _:y . }\n")
    first = Store.open(None)
    import_rdf(first, src)
    out = tmp_path / "b.nq"
    first.dump(str(out), "nquads")
    second = Store.open(None)
    import_rdf(second, out)
    import_rdf(second, out)
    assert second.count() == 3
    assert_same_dataset(first, second)


@pytest.mark.parametrize("fmt,ext", [("trig", "trig"), ("nquads", "nq")])
def test_hostile_literals_survive_exactly(tmp_path, fmt, ext):
    g = ox.NamedNode(AKGR + "graph/doc/hostile")
    data = [ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(v), g)
            for i, v in enumerate(HOSTILE)]
    data.append(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"),
                        ox.Literal(HOSTILE[0], language="en"), g))
    path = tmp_path / f"hostile.{ext}"
    ox.serialize(data, str(path), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    store = Store.open(None)
    for _ in range(2):  # once into a new graph, once replacing it (a SPARQL update)
        import_rdf(store, path)
        assert quads(store) == set(data)


def test_hand_written_trig_with_long_literals_keeps_every_character(tmp_path):
    path = tmp_path / "long.trig"
    path.write_text('<urn:g> { <urn:s> <urn:p> """line one\n} ; DROP ALL ; { "quoted" }\nend""" . }\n',
                    encoding="utf-8")
    store = Store.open(None)
    import_rdf(store, path)
    import_rdf(store, path)
    [q] = quads(store)
    assert q.object.value == 'line one\n} ; DROP ALL ; { "quoted" }\nend'


def test_syntax_error_names_file_and_line_and_leaves_store_unchanged(tmp_path):
    store = Store.open(None)
    good = tmp_path / "good.nq"
    good.write_text("<urn:s> <urn:p> \"keep\" <urn:g1> .\n")
    import_rdf(store, good)
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:s> <urn:p> \"replaced?\" <urn:g1> .\n<urn:s> <urn:p> \"b\" <urn:g2> .\n"
                   "<urn:s> <urn:p> \"unclosed <urn:g3> .\n")
    with pytest.raises(InputError) as err:
        import_rdf(store, bad)
    assert f"{bad}:3" in str(err.value) and "\n" not in str(err.value)
    assert {q.object.value for q in quads(store)} == {"keep"}


def test_turtle_triples_go_to_a_graph_named_after_the_file(tmp_path):
    path = tmp_path / "extra actors.ttl"
    path.write_text("@prefix ex: <urn:ex:> .\nex:a ex:p \"x\" , \"y\" .\n")
    store = Store.open(None)
    report = import_rdf(store, path)
    import_rdf(store, path)
    assert report.default_graph == AKGR + "graph/import/extra%20actors.ttl"
    assert (report.graphs, report.quads, store.count()) == (1, 2, 2)
    assert store.named_graphs() == [report.default_graph]


def test_trig_default_graph_triples_are_kept_beside_the_named_graphs(tmp_path):
    path = tmp_path / "mixed.trig"
    path.write_text("<urn:s> <urn:p> \"default\" .\n<urn:g> { <urn:s> <urn:p> \"named\" . }\n")
    store = Store.open(None)
    report = import_rdf(store, path)
    assert report.graphs == 2
    assert {(q.graph_name.value, q.object.value) for q in quads(store)} == {
        ("urn:g", "named"), (report.default_graph, "default")}


@pytest.mark.parametrize("name,content,problem", [
    ("graph.xyz", "", "cannot tell the RDF format"),
    ("missing.trig", None, "No such file"),
    ("blank.trig", "_:g { <urn:s> <urn:p> <urn:o> . }\n", "blank node"),
    ("latin1.nq", b"<urn:s> <urn:p> \"caf\xe9\" .\n", "not valid nquads"),
])
def test_unreadable_files_are_one_line_input_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    store = Store.open(None)
    with pytest.raises(InputError) as err:
        import_rdf(store, path)
    assert str(err.value).startswith(str(path)) and problem in str(err.value)
    assert store.count() == 0
