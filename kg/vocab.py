"""The vocabulary: the namespaces actor-kg writes and reads, and what the ontology says about its
terms. The one module that reads `ontology/actor-kg.ttl`; nothing else spells a relation, a
family, a symmetric flag, a place type or a modality.

`AKG` is a closed vocabulary, so a misspelt term fails at once instead of minting a stray IRI;
relation families and symmetric flags come from `rdfs:subPropertyOf` and `owl:SymmetricProperty`,
actor and place types from `rdfs:subClassOf`, modalities from the `owl:oneOf` of `akg:Modality`.

>>> AKG.fights
rdflib.term.URIRef('https://w3id.org/actor-kg/ontology#fights')
>>> relation_family("fights"), relation_family("supports"), relation_family("leads")
('hostile', 'cooperative', 'other')
>>> "negotiatesWith" in symmetric_relations()
True
>>> PLACE_TYPES, MODALITIES[:2], local_name(AKG.kills)
(('Place', 'Region', 'Settlement'), ('Asserted', 'Claimed'), 'kills')
"""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import (
    DCTERMS,
    GEO,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

from kg.errors import ConfigError

__all__ = [
    "AKG",
    "AKGR_BASE",
    "DCTERMS",
    "GEO",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SDO",
    "SKOS",
    "XSD",
    "ACTOR_TYPES",
    "GRAPH_FORMAT",
    "COOPERATIVE",
    "FAMILIES",
    "HOSTILE",
    "MODALITIES",
    "OTHER",
    "PLACE_TYPES",
    "TRUTHY_MODALITIES",
    "TYPES",
    "local_name",
    "ontology_path",
    "shapes_path",
    "event_codes",
    "relation_names",
    "relation_family",
    "symmetric_relations",
]

GRAPH_FORMAT = 3
"""The version of what a document graph holds, part of the extractor fingerprint: raised when
it changes, so that the next build re-reads stored documents (2: akg:nameKey on actors and
places; 3: statements' prov:atLocation, places' GeoSPARQL points, actors' akg:country)."""

AKGR_BASE = "https://w3id.org/actor-kg/id/"
"""Default base of resource IRIs (actors, places, documents, statements, graphs)."""

SCHEMA = SDO
"""schema.org (`https://schema.org/`), under the prefix data-model.md uses."""


class AKG(DefinedNamespace):
    """The actor-kg ontology: classes, relations, statement properties and modalities."""

    _NS = Namespace("https://w3id.org/actor-kg/ontology#")
    _fail = True

    # Classes
    Actor: URIRef  # Anyone who can act or be acted on; subclass of prov:Agent.
    Person: URIRef
    Organization: URIRef
    ArmedGroup: URIRef  # Non-state armed group.
    StateForce: URIRef  # Army, police and other state security bodies.
    Government: URIRef
    MediaOrganization: URIRef
    Country: URIRef  # Both an actor and a place.
    Group: URIRef  # People by nationality, ethnicity, religion, role.
    Place: URIRef
    Region: URIRef
    Settlement: URIRef
    Document: URIRef  # A news text; subclass of prov:Entity and schema:NewsArticle.
    Event: URIRef  # What one or more statements report: grouped by kg.network.grouping.
    Review: URIRef  # An analyst's judgement of a statement (a prov:Activity).
    Verdict: URIRef
    Modality: URIRef

    # Relations: top and family parents
    relatedTo: URIRef
    hostileTo: URIRef
    cooperatesWith: URIRef

    # Hostile relations
    fights: URIRef  # symmetric
    attacks: URIRef
    kills: URIRef
    besieges: URIRef
    invades: URIRef
    seizes: URIRef
    detains: URIRef
    abducts: URIRef
    threatens: URIRef
    accuses: URIRef
    sanctions: URIRef
    opposes: URIRef

    # Cooperative relations
    negotiatesWith: URIRef  # symmetric
    meetsWith: URIRef  # symmetric
    agreesWith: URIRef  # symmetric
    alliedWith: URIRef  # symmetric
    supports: URIRef
    trains: URIRef
    releases: URIRef

    # Other relations
    recruitsFrom: URIRef
    leads: URIRef
    memberOf: URIRef
    locatedIn: URIRef
    partOf: URIRef  # transitive

    # Statement and document properties
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    trigger: URIRef
    confidence: URIRef
    modality: URIRef
    attributedTo: URIRef
    contentHash: URIRef
    nameKey: URIRef  # lookup form of a label or alias (kg.names.name_key)
    country: URIRef  # the country an actor belongs to, as the dictionary knows it
    reportedBy: URIRef  # an event -> each statement that reports it
    reportCount: URIRef  # how many statements report an event
    verdict: URIRef  # a review -> akg:Confirmed or akg:Rejected
    reviewStatus: URIRef  # a statement -> its latest review's verdict

    # Run records (PROV-O activities of builds and removals)
    extractorFingerprint: URIRef
    documentsBuilt: URIRef
    documentsUnchanged: URIRef
    documentsFailed: URIRef
    documentsRemoved: URIRef
    statementCount: URIRef

    # The edge summary (kg.graph.summary)
    Edge: URIRef  # the statements of one subject, relation, object and modality, summed up
    EdgeSummary: URIRef  # the state of a store's edges
    edgeSubject: URIRef
    edgeRelation: URIRef
    edgeObject: URIRef
    edgeModality: URIRef
    edgeCount: URIRef
    firstDate: URIRef
    lastDate: URIRef
    subjectLabel: URIRef
    objectLabel: URIRef
    pendingRun: URIRef

    # Modality individuals
    Asserted: URIRef
    Claimed: URIRef
    Conditional: URIRef
    Negated: URIRef

    # Verdict individuals
    Confirmed: URIRef
    Rejected: URIRef


HOSTILE, COOPERATIVE, OTHER = FAMILIES = ("hostile", "cooperative", "other")
"""Relation families: below `akg:hostileTo`, below `akg:cooperatesWith`, and the rest."""

_FAMILY_PARENTS = {AKG.hostileTo: HOSTILE, AKG.cooperatesWith: COOPERATIVE}


def local_name(term: URIRef) -> str:
    """The local name of an `AKG` term, as statements and rules spell it.

    >>> local_name(AKG.negotiatesWith)
    'negotiatesWith'
    """
    ns = str(AKG)
    if not str(term).startswith(ns):
        raise ValueError(f"{term} is not a term of the actor-kg ontology")
    return str(term)[len(ns):]


def _resource(name: str) -> Path:
    res = files("kg").joinpath("ontology", name)
    if not isinstance(res, Path) or not res.is_file():
        raise ConfigError(f"ontology file {name} is missing from the kg package (expected at {res})")
    return res


def ontology_path() -> Path:
    """Path of the OWL ontology, `ontology/actor-kg.ttl`, as shipped inside the package."""
    return _resource("actor-kg.ttl")


def shapes_path() -> Path:
    """Path of the SHACL shapes, `ontology/shapes.ttl`, as shipped inside the package."""
    return _resource("shapes.ttl")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    """The ontology, parsed once."""
    return Graph().parse(ontology_path(), format="turtle")


@lru_cache(maxsize=1)
def _relation_table() -> tuple[tuple[str, str, bool], ...]:
    """(name, family, symmetric) for every relation, ordered by family then name.

    Parsed once; a tuple so that the cached value cannot be changed by a caller.
    """
    g = _ontology()
    top = AKG.relatedTo
    rows = []
    for prop in g.transitive_subjects(RDFS.subPropertyOf, top):
        if prop == top or prop in _FAMILY_PARENTS:
            continue
        ancestors = set(g.transitive_objects(prop, RDFS.subPropertyOf))
        family = next((f for p, f in _FAMILY_PARENTS.items() if p in ancestors), OTHER)
        symmetric = (prop, RDF.type, OWL.SymmetricProperty) in g
        rows.append((local_name(prop), family, symmetric))
    rows.sort(key=lambda r: (FAMILIES.index(r[1]), r[0]))
    return tuple(rows)


def relation_names() -> list[str]:
    """Local names of all relations, hostile first, then cooperative, then other.

    The family parents (`hostileTo`, `cooperatesWith`) and the top `relatedTo` are not
    relations a statement may use, so they are left out.

    >>> relation_names()[:3]
    ['abducts', 'accuses', 'attacks']
    """
    return [name for name, _, _ in _relation_table()]


@lru_cache(maxsize=1)
def _event_codes() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name in relation_names():
        codes = out.setdefault(name, {"cameo": "", "plover": ""})
        for match in (SKOS.closeMatch, SKOS.broadMatch):
            for code in sorted(map(str, _ontology().objects(AKG[name], match))):
                scheme = "cameo" if "cameo#" in code else "plover" if "PLOVER#" in code else None
                if scheme and not codes[scheme]:
                    codes[scheme] = code.rsplit("#", 1)[-1]
    return out


def event_codes(name: str) -> dict[str, str]:
    """The CAMEO root and PLOVER category of a relation, from its `skos:closeMatch` (else
    `skos:broadMatch`) in the ontology; "" where it has none.

    >>> event_codes("fights")
    {'cameo': '19', 'plover': 'ASSAULT'}
    """
    return dict(_event_codes().get(name, {"cameo": "", "plover": ""}))


def relation_family(name: str) -> str:
    """Family of a relation: "hostile", "cooperative" or "other", read from rdfs:subPropertyOf.

    The family parents belong to their own family. Raises ValueError for a name that is not
    a relation of the ontology.

    >>> relation_family("kills")
    'hostile'
    """
    family = _families().get(name)
    if family is None:
        raise ValueError(f"unknown relation {name!r}; known: {', '.join(relation_names())}")
    return family


@lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    """Relation (and family parent) -> its family: one lookup per call, which the extractor's
    type checks and the network make for every statement."""
    out = {local_name(p): f for p, f in _FAMILY_PARENTS.items()}
    for rel, family, _ in _relation_table():
        out.setdefault(rel, family)
    return out


def symmetric_relations() -> frozenset[str]:
    """Local names of the relations declared owl:SymmetricProperty.

    >>> sorted(symmetric_relations())
    ['agreesWith', 'alliedWith', 'fights', 'meetsWith', 'negotiatesWith']
    """
    return frozenset(name for name, _, symmetric in _relation_table() if symmetric)


def _classes_below(top: URIRef) -> set[str]:
    """Local names of the akg classes that are `top` or below it."""
    return {local_name(c) for c in _ontology().transitive_subjects(RDFS.subClassOf, top)
            if str(c).startswith(str(AKG))}


def _types() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(actor types, place types) in the order `AKG` declares its classes: a country is both
    an actor and a place, and counts among the actor types only."""
    declared = list(AKG.__annotations__)
    actors = _classes_below(AKG.Actor) - {"Actor"}
    places = _classes_below(AKG.Place) - actors
    return (tuple(t for t in declared if t in actors), tuple(t for t in declared if t in places))


ACTOR_TYPES, PLACE_TYPES = _types()
"""Classes of actors (a country among them) and of places that are only places."""

TYPES = ACTOR_TYPES + PLACE_TYPES
"""Every type an actor or place node may have."""

MODALITIES = tuple(local_name(m) for m in Collection(_ontology(), _ontology().value(
    AKG.Modality, OWL.oneOf)))
"""How a text presents a relation, firmest first: the `owl:oneOf` of `akg:Modality`."""

TRUTHY_MODALITIES = (local_name(AKG.Asserted), local_name(AKG.Claimed))
"""Modalities whose statements also state the plain triple, and count as evidence that a
relation holds (the data model's "truthy" statements)."""
