"""The ontology says what data-model.md says, and the SHACL shapes accept a correct export and
reject each kind of broken one with a message that names the problem."""
from __future__ import annotations

import sys

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

# XSD and schema.org are used as kgns.XSD and kgns.SCHEMA: bound as globals of a test module,
# these open rdflib namespaces make pytest's collector warn.
from kg import vocab as kgns
from kg.errors import ConfigError
from kg.vocab import AKG, ontology_path, relation_names, shapes_path
from kg.graph import validate

SH = URIRef("http://www.w3.org/ns/shacl#")
CAMEO = "http://eventdata.parusanalytics.com/cameo#"
PLOVER = "https://github.com/openeventdata/PLOVER#"
ACTOR_CLASSES = ["Person", "Organization", "ArmedGroup", "StateForce", "Government",
                 "MediaOrganization", "Country", "Group"]
PLACE_OBJECT_RELATIONS = {"attacks", "besieges", "invades", "seizes", "locatedIn", "recruitsFrom",
                          "partOf"}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def union_members(g: Graph, node) -> set:
    """The classes a domain or range allows: the class itself, or the members of its owl:unionOf."""
    members = g.value(node, OWL.unionOf)
    return set(Collection(g, members)) if members is not None else {node}


# ---------------------------------------------------------------------------------------------
# The ontology

def test_ontology_header(onto):
    (ont,) = onto.subjects(RDF.type, OWL.Ontology)
    assert ont == URIRef("https://w3id.org/actor-kg/ontology")
    for prop in (RDFS.label, RDFS.comment, OWL.versionInfo):
        assert onto.value(ont, prop) is not None, prop
    assert onto.value(ont, DCTERMS.license) == Literal("Apache-2.0")


def test_class_hierarchy(onto):
    def sub(c, parent):
        return (c, RDFS.subClassOf, parent) in onto

    assert sub(AKG.Actor, PROV.Agent)
    for name in ACTOR_CLASSES:
        assert sub(AKG[name], AKG.Actor), name
    assert sub(AKG.Country, AKG.Place)
    assert sub(AKG.Region, AKG.Place) and sub(AKG.Settlement, AKG.Place)
    assert sub(AKG.Document, PROV.Entity) and sub(AKG.Document, kgns.SCHEMA.NewsArticle)
    for c in onto.subjects(RDF.type, OWL.Class):
        if isinstance(c, URIRef):
            assert onto.value(c, RDFS.label) and onto.value(c, SKOS.definition), c


@pytest.mark.parametrize("name", relation_names() + ["hostileTo", "cooperatesWith", "relatedTo"])
def test_every_relation_has_label_definition_domain_range(onto, name):
    prop = AKG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(prop, RDFS.label) is not None
    assert onto.value(prop, SKOS.definition) is not None
    assert onto.value(prop, RDFS.domain) is not None
    assert onto.value(prop, RDFS.range) is not None


def test_relations_take_actors_and_places_as_data_model_says(onto):
    for name in relation_names():
        domain = union_members(onto, onto.value(AKG[name], RDFS.domain))
        range_ = union_members(onto, onto.value(AKG[name], RDFS.range))
        if name == "partOf":
            assert domain == range_ == {AKG.Place}
            continue
        assert domain == {AKG.Actor}, name
        if name == "recruitsFrom":
            assert range_ == {AKG.Place, AKG.Group}
        elif name in PLACE_OBJECT_RELATIONS:
            assert range_ == {AKG.Actor, AKG.Place}, name
        else:
            assert range_ == {AKG.Actor}, name


def test_part_of_is_transitive_and_the_only_transitive_relation(onto):
    transitive = {p for p in onto.subjects(RDF.type, OWL.TransitiveProperty)}
    assert transitive == {AKG.partOf}


def test_mappings_point_to_labelled_cameo_or_plover_concepts(onto):
    mapped = set()
    for prop in (SKOS.closeMatch, SKOS.broadMatch):
        for s, o in onto.subject_objects(prop):
            mapped.add(s)
            assert str(o).startswith((CAMEO, PLOVER)), o
            assert onto.value(o, SKOS.prefLabel) is not None, o
    assert {AKG.fights, AKG.attacks, AKG.threatens, AKG.supports} <= mapped
    # no event category corresponds to a standing structural relation
    assert not {AKG.leads, AKG.memberOf, AKG.locatedIn, AKG.partOf} & mapped
    assert (AKG.fights, SKOS.closeMatch, URIRef(CAMEO + "19")) in onto
    assert (AKG.threatens, SKOS.closeMatch, URIRef(PLOVER + "THREATEN")) in onto


def test_statement_properties_have_the_documented_ranges(onto):
    expected = {
        "evidence": kgns.XSD.string, "charStart": kgns.XSD.integer, "charEnd": kgns.XSD.integer,
        "trigger": kgns.XSD.string, "confidence": kgns.XSD.decimal, "contentHash": kgns.XSD.string,
        "modality": AKG.Modality, "attributedTo": AKG.Actor,
    }
    for name, range_ in expected.items():
        prop = AKG[name]
        assert onto.value(prop, RDFS.range) == range_, name
        assert onto.value(prop, RDFS.label) and onto.value(prop, SKOS.definition), name
    assert onto.value(AKG.contentHash, RDFS.domain) == AKG.Document


def test_modality_has_exactly_four_named_individuals(onto):
    individuals = set(onto.subjects(RDF.type, AKG.Modality))
    assert individuals == {AKG.Asserted, AKG.Claimed, AKG.Conditional, AKG.Negated}
    for ind in individuals:
        assert (ind, RDF.type, OWL.NamedIndividual) in onto
        assert onto.value(ind, RDFS.label) and onto.value(ind, SKOS.definition)


def test_shapes_allow_exactly_the_ontology_relations_as_predicates():
    shapes = Graph().parse(shapes_path(), format="turtle")
    statement_shape = URIRef("https://w3id.org/actor-kg/shapes#StatementShape")
    lists = [Collection(shapes, shapes.value(prop, SH + "in"))
             for prop in shapes.objects(statement_shape, SH + "property")
             if shapes.value(prop, SH + "path") == RDF.predicate
             and shapes.value(prop, SH + "in") is not None]
    assert len(lists) == 1
    assert sorted(str(p)[len(str(AKG)):] for p in lists[0]) == sorted(relation_names())


# ---------------------------------------------------------------------------------------------
# SHACL: one document, two actors, one statement, as data-model.md's example writes them

VALID_TRIG = """
@prefix akg: <https://w3id.org/actor-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/actor-kg/id/graph/doc/3b1e> {
    <https://w3id.org/actor-kg/id/doc/3b1e> a akg:Document ;
        dcterms:identifier "panjshir-2021-08-28.txt" ;
        dcterms:date "2021-08-28"^^xsd:date ;
        dcterms:title "Resistance recruits in Kapisa" ;
        dcterms:source <https://example.org/news/panjshir> ;
        akg:contentHash "3b1e9a0c" .

    <https://w3id.org/actor-kg/id/actor/national-resistance-front> a akg:ArmedGroup ;
        rdfs:label "National Resistance Front" ;
        skos:altLabel "NRF" .

    <https://w3id.org/actor-kg/id/actor/taliban> a akg:ArmedGroup ;
        rdfs:label "Taliban" ;
        owl:sameAs <http://www.wikidata.org/entity/Q42418> .

    <https://w3id.org/actor-kg/id/actor/national-resistance-front>
        akg:fights <https://w3id.org/actor-kg/id/actor/taliban> .

    <https://w3id.org/actor-kg/id/statement/9f2c> a rdf:Statement ;
        rdf:subject <https://w3id.org/actor-kg/id/actor/national-resistance-front> ;
        rdf:predicate akg:fights ;
        rdf:object <https://w3id.org/actor-kg/id/actor/taliban> ;
        prov:wasDerivedFrom <https://w3id.org/actor-kg/id/doc/3b1e> ;
        akg:evidence "The NRF said its fighters clashed with the Taliban in Kapisa." ;
        akg:charStart 812 ;
        akg:charEnd 873 ;
        akg:trigger "clashed with" ;
        akg:confidence "0.85"^^xsd:decimal ;
        akg:modality akg:Claimed ;
        akg:attributedTo <https://w3id.org/actor-kg/id/actor/national-resistance-front> ;
        dcterms:date "2021-08-28"^^xsd:date .
}
"""

NRF = URIRef("https://w3id.org/actor-kg/id/actor/national-resistance-front")
TALIBAN = URIRef("https://w3id.org/actor-kg/id/actor/taliban")
STATEMENT = URIRef("https://w3id.org/actor-kg/id/statement/9f2c")
DOC_GRAPH = URIRef("https://w3id.org/actor-kg/id/graph/doc/3b1e")


def sample(old: str | None = None, new: str = "") -> Dataset:
    """The valid sample, optionally with one exact piece of its text replaced."""
    text = VALID_TRIG
    if old is not None:
        assert text.count(old) == 1, f"sample does not contain {old!r} exactly once"
        text = text.replace(old, new)
    ds = Dataset()
    ds.parse(data=text, format="trig")
    return ds


def assert_rejected(graph: Graph, message: str) -> None:
    conforms, report = validate(graph)
    assert not conforms, "the broken graph was accepted"
    assert message in report, f"expected {message!r} in the report:\n{report}"


def test_valid_sample_conforms():
    conforms, report = validate(sample())
    assert conforms, report


def test_validation_does_not_change_the_graph():
    ds = sample()
    before = set(ds.quads((None, None, None, None)))
    validate(ds)
    assert set(ds.quads((None, None, None, None))) == before


def test_actors_in_another_named_graph_still_count():
    # The actor dictionary lives in a graph of its own; validation sees the union.
    ds = sample()
    doc_graph = ds.graph(DOC_GRAPH)
    dictionary = ds.graph(URIRef("https://w3id.org/actor-kg/id/graph/dictionary"))
    for actor in (NRF, TALIBAN):
        for p, o in list(doc_graph.predicate_objects(actor)):
            if p != AKG.fights:
                doc_graph.remove((actor, p, o))
                dictionary.add((actor, p, o))
    conforms, report = validate(ds)
    assert conforms, report


def test_statement_without_evidence_is_rejected():
    ds = sample('akg:evidence "The NRF said its fighters clashed with the Taliban in Kapisa." ;', "")
    assert_rejected(ds, "exactly one akg:evidence")


def test_empty_evidence_is_rejected():
    ds = sample('"The NRF said its fighters clashed with the Taliban in Kapisa."', '""')
    assert_rejected(ds, "akg:evidence must be a non-empty xsd:string")


def test_confidence_above_one_is_rejected():
    ds = sample('"0.85"^^xsd:decimal', '"1.5"^^xsd:decimal')
    assert_rejected(ds, "akg:confidence must be an xsd:decimal from 0 to 1")


def test_confidence_written_as_double_is_rejected():
    ds = sample('"0.85"^^xsd:decimal', "8.5e-1")
    assert_rejected(ds, "akg:confidence must be an xsd:decimal")


def test_modality_outside_the_four_is_rejected():
    ds = sample("akg:modality akg:Claimed", "akg:modality akg:Probable")
    assert_rejected(ds, "akg:modality must be one of akg:Asserted, akg:Claimed")


def test_char_start_after_char_end_is_rejected():
    ds = sample("akg:charStart 812", "akg:charStart 900")
    assert_rejected(ds, "akg:charStart must be less than akg:charEnd")


def test_empty_char_range_is_rejected():
    ds = sample("akg:charStart 812", "akg:charStart 873")
    assert_rejected(ds, "akg:charStart must be less than akg:charEnd")


def test_negative_offset_is_rejected():
    ds = sample("akg:charStart 812", "akg:charStart -1")
    assert_rejected(ds, "akg:charStart must be an xsd:integer of 0 or more")


def test_predicate_that_is_not_a_relation_is_rejected():
    ds = sample("rdf:predicate akg:fights", "rdf:predicate akg:hostileTo")
    assert_rejected(ds, "rdf:predicate must be one of the akg relations")


def test_document_without_content_hash_is_rejected():
    ds = sample('akg:contentHash "3b1e9a0c" .', ".")
    assert_rejected(ds, "A document needs exactly one akg:contentHash")


def test_document_source_as_string_is_rejected():
    ds = sample("dcterms:source <https://example.org/news/panjshir>",
                'dcterms:source "https://example.org/news/panjshir"')
    assert_rejected(ds, "dcterms:source must be an IRI")


def test_actor_with_two_labels_is_rejected():
    ds = sample('rdfs:label "Taliban" ;', 'rdfs:label "Taliban" , "Taleban" ;')
    assert_rejected(ds, "An actor needs exactly one rdfs:label")


def test_actor_label_with_language_tag_is_rejected():
    ds = sample('rdfs:label "Taliban" ;', 'rdfs:label "Taliban"@en ;')
    assert_rejected(ds, "rdfs:label must be a non-blank xsd:string")


def test_untyped_subject_is_rejected():
    # Without inference nothing makes the NRF an actor but its own rdf:type.
    ds = sample("""<https://w3id.org/actor-kg/id/actor/national-resistance-front> a akg:ArmedGroup ;
        rdfs:label""", """<https://w3id.org/actor-kg/id/actor/national-resistance-front>
        rdfs:label""")
    assert_rejected(ds, "rdf:subject must be an IRI typed with an akg:Actor class")


def test_statement_from_an_untyped_document_is_rejected():
    ds = sample("<https://w3id.org/actor-kg/id/doc/3b1e> a akg:Document ;",
                "<https://w3id.org/actor-kg/id/doc/3b1e>")
    assert_rejected(ds, "prov:wasDerivedFrom must point to a node typed akg:Document")


def test_place_as_object_of_kills_is_rejected():
    ds = sample()
    kapisa = URIRef("https://w3id.org/actor-kg/id/place/kapisa")
    g = ds.graph(DOC_GRAPH)
    g.add((kapisa, RDF.type, AKG.Region))
    g.add((kapisa, RDFS.label, Literal("Kapisa")))
    g.set((STATEMENT, RDF.predicate, AKG.kills))
    g.set((STATEMENT, RDF.object, kapisa))
    g.add((NRF, AKG.kills, kapisa))
    assert_rejected(ds, "The rdf:object does not fit the relation")


def test_place_as_object_of_attacks_conforms():
    ds = sample()
    kapisa = URIRef("https://w3id.org/actor-kg/id/place/kapisa")
    g = ds.graph(DOC_GRAPH)
    g.add((kapisa, RDF.type, AKG.Region))
    g.add((kapisa, RDFS.label, Literal("Kapisa")))
    g.set((STATEMENT, RDF.predicate, AKG.attacks))
    g.set((STATEMENT, RDF.object, kapisa))
    g.add((NRF, AKG.attacks, kapisa))
    conforms, report = validate(ds)
    assert conforms, report


def test_part_of_statement_between_places_conforms():
    ds = sample()
    g = ds.graph(DOC_GRAPH)
    kapisa = URIRef("https://w3id.org/actor-kg/id/place/kapisa")
    afghanistan = URIRef("https://w3id.org/actor-kg/id/actor/afghanistan")
    g.add((kapisa, RDF.type, AKG.Region))
    g.add((kapisa, RDFS.label, Literal("Kapisa")))
    g.add((afghanistan, RDF.type, AKG.Country))
    g.add((afghanistan, RDFS.label, Literal("Afghanistan")))
    g.add((kapisa, AKG.partOf, afghanistan))
    st = URIRef("https://w3id.org/actor-kg/id/statement/77aa")
    for p, o in list(g.predicate_objects(STATEMENT)):
        g.add((st, p, o))
    g.remove((st, AKG.attributedTo, None))
    g.set((st, RDF.subject, kapisa))
    g.set((st, RDF.predicate, AKG.partOf))
    g.set((st, RDF.object, afghanistan))
    g.set((st, AKG.modality, AKG.Asserted))
    conforms, report = validate(ds)
    assert conforms, report


def test_asserted_statement_without_its_plain_triple_is_rejected():
    ds = sample("""<https://w3id.org/actor-kg/id/actor/national-resistance-front>
        akg:fights <https://w3id.org/actor-kg/id/actor/taliban> .""", "")
    assert_rejected(ds, "needs its plain triple")


def test_negated_statement_without_a_plain_triple_conforms():
    ds = sample("""<https://w3id.org/actor-kg/id/actor/national-resistance-front>
        akg:fights <https://w3id.org/actor-kg/id/actor/taliban> .""", "")
    g = ds.graph(DOC_GRAPH)
    g.set((STATEMENT, AKG.modality, AKG.Negated))
    conforms, report = validate(ds)
    assert conforms, report


def test_two_statement_dates_are_rejected():
    ds = sample()
    g = ds.graph(DOC_GRAPH)
    g.add((STATEMENT, DCTERMS.date, Literal("2021-08-29", datatype=kgns.XSD.date)))
    assert_rejected(ds, "A statement has at most one dcterms:date")


def test_blank_node_statement_parts_are_rejected():
    ds = sample()
    g = ds.graph(DOC_GRAPH)
    anon = BNode()
    g.add((anon, RDF.type, AKG.ArmedGroup))
    g.add((anon, RDFS.label, Literal("gunmen")))
    g.set((STATEMENT, RDF.object, anon))
    assert_rejected(ds, "rdf:object must be an IRI")


def test_statement_types_are_checked_as_the_ontology_says_for_every_relation(onto):
    """The shapes' predicate groups agree with each relation's rdfs:domain and rdfs:range."""
    from pyshacl import validate as shacl_validate

    def fits(cls, allowed) -> bool:
        return bool(set(onto.transitive_objects(cls, RDFS.subClassOf)) & allowed)

    base = "https://w3id.org/actor-kg/id/"
    g = Graph()
    doc = URIRef(base + "doc/d")
    g.add((doc, RDF.type, AKG.Document))
    g.add((doc, DCTERMS.identifier, Literal("d")))
    g.add((doc, AKG.contentHash, Literal("h")))
    kinds = {"armed": AKG.ArmedGroup, "group": AKG.Group, "region": AKG.Region}
    for kind, cls in kinds.items():
        g.add((URIRef(base + kind), RDF.type, cls))
        g.add((URIRef(base + kind), RDFS.label, Literal(kind)))

    expected_bad = set()
    for name in relation_names():
        domain = union_members(onto, onto.value(AKG[name], RDFS.domain))
        range_ = union_members(onto, onto.value(AKG[name], RDFS.range))
        for s_kind in ("armed", "region"):
            for o_kind in kinds:
                st = URIRef(f"{base}statement/{name}-{s_kind}-{o_kind}")
                subj, obj = URIRef(base + s_kind), URIRef(base + o_kind)
                g.add((subj, AKG[name], obj))
                for p, o in [(RDF.type, RDF.Statement), (RDF.subject, subj),
                             (RDF.predicate, AKG[name]), (RDF.object, obj),
                             (PROV.wasDerivedFrom, doc), (AKG.evidence, Literal("e")),
                             (AKG.charStart, Literal(0)), (AKG.charEnd, Literal(1)),
                             (AKG.trigger, Literal("e")),
                             (AKG.confidence, Literal("0.5", datatype=kgns.XSD.decimal)),
                             (AKG.modality, AKG.Asserted)]:
                    g.add((st, p, o))
                if not (fits(kinds[s_kind], domain) and fits(kinds[o_kind], range_)):
                    expected_bad.add(st)
    g += Graph().parse(ontology_path(), format="turtle")

    conforms, results, _ = shacl_validate(g, shacl_graph=Graph().parse(shapes_path()),
                                          inference="none", advanced=True)
    # (the plain "region partOf armed" triple also fails the place shape; only statements count)
    bad = {n for n in results.objects(None, SH + "focusNode") if (n, RDF.type, RDF.Statement) in g}
    assert bad == expected_bad
    assert URIRef(f"{base}statement/attacks-armed-region") not in bad
    assert URIRef(f"{base}statement/kills-armed-region") in bad


def test_missing_pyshacl_is_a_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyshacl", None)  # makes `import pyshacl` raise ImportError
    with pytest.raises(ConfigError, match="pyshacl is not installed: pip install pyshacl"):
        validate(Graph())
