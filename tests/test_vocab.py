"""The AKG vocabulary and the relation helpers agree with the ontology file, term for term."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import vocab
from kg.vocab import (
    AKG,
    AKGR_BASE,
    ontology_path,
    relation_family,
    relation_names,
    shapes_path,
    symmetric_relations,
)

# The relation lists of design/data-model.md, by family.
HOSTILE = {"fights", "attacks", "kills", "besieges", "invades", "seizes", "detains", "abducts",
           "threatens", "accuses", "sanctions", "opposes"}
COOPERATIVE = {"negotiatesWith", "meetsWith", "agreesWith", "alliedWith", "supports", "trains",
               "releases"}
OTHER = {"recruitsFrom", "leads", "memberOf", "locatedIn", "partOf"}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def akg_terms() -> set[str]:
    return set(AKG.__annotations__)


def declared_terms(g: Graph) -> set[str]:
    """Local names of akg IRIs the ontology gives a type to."""
    ns = str(AKG)
    return {str(s)[len(ns):] for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(ns)}


def test_every_akg_attribute_is_declared_in_the_ontology(onto):
    missing = akg_terms() - declared_terms(onto)
    assert not missing, f"AKG has terms the ontology does not declare: {sorted(missing)}"


def test_every_ontology_term_is_an_akg_attribute(onto):
    missing = declared_terms(onto) - akg_terms()
    assert not missing, f"the ontology declares terms AKG lacks: {sorted(missing)}"


def test_akg_is_closed_so_a_typo_fails():
    assert AKG.fights == URIRef("https://w3id.org/actor-kg/ontology#fights")
    with pytest.raises(AttributeError):
        AKG.fight  # noqa: B018


def test_standard_namespaces_are_rdflibs():
    # read through the module: a module-level SDO in a test file makes pytest's collector warn
    assert vocab.SCHEMA.NewsArticle == URIRef("https://schema.org/NewsArticle")
    assert vocab.PROV.wasDerivedFrom == URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert vocab.DCTERMS.identifier == URIRef("http://purl.org/dc/terms/identifier")
    assert (vocab.RDF, vocab.RDFS, vocab.OWL, vocab.SKOS) == (RDF, RDFS, OWL, SKOS)
    assert vocab.XSD.decimal == URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def test_resource_base_is_the_documented_default():
    assert AKGR_BASE == "https://w3id.org/actor-kg/id/"


def test_ontology_files_ship_inside_the_package():
    for path in (ontology_path(), shapes_path()):
        assert path.is_file()
        assert path.parent.name == "ontology" and path.parent.parent.name == "kg"
        assert len(Graph().parse(path, format="turtle")) > 0


def test_relation_names_are_the_data_model_relations():
    names = relation_names()
    assert len(names) == len(set(names))
    assert set(names) == HOSTILE | COOPERATIVE | OTHER
    assert not {"hostileTo", "cooperatesWith", "relatedTo"} & set(names)
    assert all(name in AKG for name in names)


def test_relation_names_are_ordered_by_family_then_name():
    names = relation_names()
    families = [relation_family(n) for n in names]
    assert families == sorted(families, key=("hostile", "cooperative", "other").index)
    for fam in ("hostile", "cooperative", "other"):
        in_family = [n for n in names if relation_family(n) == fam]
        assert in_family == sorted(in_family)


def test_relation_names_returns_a_fresh_list():
    relation_names().clear()
    assert len(relation_names()) == 24


@pytest.mark.parametrize("name, family", [("fights", "hostile"), ("kills", "hostile"),
                                          ("opposes", "hostile"), ("supports", "cooperative"),
                                          ("releases", "cooperative"), ("leads", "other"),
                                          ("partOf", "other"), ("hostileTo", "hostile"),
                                          ("cooperatesWith", "cooperative")])
def test_named_relations_have_their_family(name, family):
    assert relation_family(name) == family


def test_every_relation_is_in_its_data_model_family():
    for expected, members in (("hostile", HOSTILE), ("cooperative", COOPERATIVE), ("other", OTHER)):
        assert {relation_family(n) for n in members} == {expected}


def test_unknown_relation_family_is_an_error():
    with pytest.raises(ValueError, match="unknown relation 'befriends'"):
        relation_family("befriends")


def test_symmetric_relations_are_the_five_of_the_data_model():
    assert symmetric_relations() == frozenset(
        {"fights", "negotiatesWith", "meetsWith", "agreesWith", "alliedWith"})


def test_actor_and_place_types_are_the_ontology_classes_below_actor_and_place(onto):
    below = lambda top: {str(c)[len(str(AKG)):] for c in onto.transitive_subjects(RDFS.subClassOf, top)}
    assert set(vocab.ACTOR_TYPES) == below(AKG.Actor) - {"Actor"}
    assert set(vocab.PLACE_TYPES) == below(AKG.Place) - below(AKG.Actor)
    assert "Country" in vocab.ACTOR_TYPES and "Country" not in vocab.PLACE_TYPES  # both, an actor first
    assert vocab.TYPES == vocab.ACTOR_TYPES + vocab.PLACE_TYPES


def test_modalities_are_the_ontology_modalities_firmest_first():
    assert vocab.MODALITIES == ("Asserted", "Claimed", "Conditional", "Negated")
    assert vocab.TRUTHY_MODALITIES == ("Asserted", "Claimed")


def test_local_name_refuses_a_term_of_another_vocabulary():
    assert vocab.local_name(AKG.recruitsFrom) == "recruitsFrom"
    with pytest.raises(ValueError, match="not a term"):
        vocab.local_name(RDFS.label)


def test_no_other_module_spells_a_modality_family_or_place_type_list():
    """Names of the vocabulary live in kg.vocab: a tuple of them spelt elsewhere is a copy that
    can drift from the ontology."""
    import re
    from pathlib import Path

    root = Path(vocab.__file__).parent
    lists = [r'"Asserted",\s*"Claimed"', r'"hostile",\s*"cooperative"', r'"Place",\s*"Region"',
             r'"negotiatesWith",\s*"']
    for path in root.rglob("*.py"):
        if path.name == "vocab.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in lists:
            assert not re.search(pattern, text), f"{path.relative_to(root)} spells {pattern}"
