"""The actors of one document as plain data (`Actor`, `DocActors`), and the lookups over them
that resolution and the relation frames share: who owns a group or role noun, the nearest fitting
actor before a word, the antecedent of a pronoun.

>>> actors = DocActors()
>>> actors.actors["actor/hamas"] = Actor("actor/hamas", "Hamas", "ArmedGroup")
>>> actors.token_actor[0] = "actor/hamas"
>>> actors.actor_at(0).name, actors.actor_at(1)
('Hamas', None)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import PLACE_TYPES
from .mentions import Mention

__all__ = ["Actor", "DocActors", "enclosing_places", "from_entry", "nearest_before", "owner_of",
           "pronoun_antecedent"]

_OWNER_DEPS = {"compound", "amod", "poss", "nmod"}


@dataclass
class Actor:
    """A resolved actor or place of one document, keyed by its IRI path ("actor/taliban")."""

    key: str
    name: str
    type: str
    surface_forms: set[str] = field(default_factory=set)
    wikidata: str | None = None
    part_of: str | None = None  # key of the enclosing place
    from_dictionary: bool = False
    generic: bool = False  # an unnamed group ("gunmen"): kept only where it takes part in a relation
    country: str | None = None  # key of the country it belongs to, when the dictionary says
    point: tuple[float, float] | None = None  # (latitude, longitude) of a place, from the gazetteer

    @property
    def is_place(self) -> bool:
        """A place only (Region, Settlement, Place); a country counts as an actor."""
        return self.type in PLACE_TYPES


@dataclass
class DocActors:
    """Actors of one document and which token stands for which actor."""

    actors: dict[str, Actor] = field(default_factory=dict)
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor key
    mentions: list[Mention] = field(default_factory=list)

    def actor_at(self, i: int) -> Actor | None:
        key = self.token_actor.get(i)
        return self.actors.get(key) if key else None


def from_entry(e) -> Actor:
    """The document actor for a dictionary entry: its key, name, type and Wikidata id."""
    return Actor(e.key, e.name, e.type, set(), e.wikidata, e.part_of, True)


def enclosing_places(actors: dict[str, Actor], dictionary) -> dict[str, Actor]:
    """The places that the document's places are part of, as far up as the dictionary knows,
    and the countries its actors belong to, that the document does not name itself (a town's
    province and country, an army's country)."""
    out: dict[str, Actor] = {}
    for a in list(actors.values()):
        for key in (a.part_of, a.country):
            while key and key not in actors and key not in out and key in dictionary.entries:
                e = dictionary.entries[key]
                out[key] = from_entry(e)
                key = e.part_of
    return out


def owner_of(tok, out: DocActors) -> Actor | None:
    """The actor a group or role noun belongs to: "Russian troops", "Hamas's fighters",
    "commanders of the Iraqi Army". Troops loyal to X are a group of their own, led by X."""
    for child in tok.children:
        if child.dep_ in _OWNER_DEPS:
            a = out.actor_at(child.i)
            if a is not None and not a.is_place:
                return a
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    a = out.actor_at(pobj.i)
                    if a is not None and not a.is_place:
                        return a
                    if a is None:
                        inner = owner_of(pobj, out)
                        if inner is not None:
                            return inner
        if child.dep_ == "acl" and child.lemma_.lower() in ("suspect", "believe", "think", "say", "report"):
            # "gunmen believed to be from the Lakurawa group"
            for x in child.children:
                if x.dep_ == "xcomp":
                    for prep in x.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "with"):
                            for pobj in prep.children:
                                a = out.actor_at(pobj.i)
                                if a is not None and not a.is_place:
                                    return a
    return None


def nearest_before(i: int, out: DocActors, types: set[str], window: int = 400,
                   head_word: str | None = None) -> Actor | None:
    """Nearest fitting actor before token i; one named with `head_word` ("Swat Valley" for
    "the valley") wins over a nearer one that is not."""
    nearest = None
    for j in range(i - 1, max(-1, i - window), -1):
        a = out.actor_at(j)
        if a is None or a.type not in types:
            continue
        if head_word is None or any(head_word in f.lower().split() for f in a.surface_forms):
            return a
        nearest = nearest or a
    return nearest


def pronoun_antecedent(tok, out: DocActors, person: bool) -> Actor | None:
    """The actor a pronoun stands for: a person for "he" and "she", else a group or state."""
    sent = tok.sent
    root = sent.root
    # a pronoun in a clause fronted before the main subject refers to that subject:
    # "To protect its borders, the army is deploying troops"
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and tok.i < subj.i:
        a = out.actor_at(subj.i)
        if a is not None and (a.type == "Person") == person and not a.is_place:
            return a
    for j in range(tok.i - 1, max(-1, sent.start - 60), -1):
        a = out.actor_at(j)
        if a is None or a.is_place:
            continue
        if (a.type == "Person") == person:
            return a
    return None
