"""The word lists of `kg/data/lexicon.toml`: group nouns, role nouns, anaphors, pronouns and the
other words that find actors which are not names (see that file for what each list is for).

>>> lexicon = Lexicon.load()
>>> lexicon.group_nouns["gunman"], lexicon.org_type("Northern Liberation Front")
('ArmedGroup', 'ArmedGroup')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..vocab import PLACE_TYPES
from .repairs import proper_plural_lemma
from .schema import LEXICON, load_toml

__all__ = ["Lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """Word lists from `kg/data/lexicon.toml` (see that file for what each list is for)."""

    group_nouns: dict[str, str] = field(default_factory=dict)  # lemma -> akg type
    role_nouns: frozenset[str] = frozenset()
    anaphors: dict[str, str] = field(default_factory=dict)  # lemma -> akg type
    person_pronouns: frozenset[str] = frozenset()
    collective_pronouns: frozenset[str] = frozenset()
    org_type_words: tuple[tuple[str, str], ...] = ()
    owning_verbs: frozenset[str] = frozenset()
    count_nouns: frozenset[str] = frozenset()  # "thousands of troops": what counts the noun after "of"
    place_nouns: frozenset[str] = frozenset()
    vague_nouns: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    stateless_nouns: frozenset[str] = frozenset()
    place_state_verbs: frozenset[str] = frozenset()
    machine_nouns: frozenset[str] = frozenset()
    facility_nouns: frozenset[str] = frozenset()  # lemmas, and "modifier lemma" pairs
    person_roles: frozenset[str] = frozenset()  # role nouns that name one person when singular
    portfolios: frozenset[str] = frozenset()  # "State" in "Secretary of State": part of a title
    body_nouns: frozenset[str] = frozenset()  # a state's bodies that act apart from it ("ministry")
    place_prepositions: frozenset[str] = frozenset()  # "in Tarkin, Bel Province": Tarkin is a town
    title_links: frozenset[str] = frozenset()  # "ambassador to Bel Jo Doe": between title and name
    body_name_words: frozenset[str] = frozenset()  # "the Tarkin Freedom Party": no person's name
    unit_nouns: frozenset[str] = frozenset()  # "12th Brigade": a numbered unit's last word
    place_name_ends: frozenset[str] = frozenset()  # "Jo Doe Avenue": a place's last word
    surname_nouns: frozenset[str] = frozenset()  # "Jo Temple": facility nouns that are surnames
    person_nouns: frozenset[str] = frozenset()  # "a gunman": group nouns naming one person when singular
    unowned_bodies: dict[str, str] = field(default_factory=dict)  # "a federal court": lemma -> akg type
    member_groups: frozenset[str] = frozenset()  # "killed 12 Tarkinian soldiers": a group, not the state
    place_name_starts: dict[str, str] = field(default_factory=dict)  # "Deir ...": lemma -> place type
    plural_anaphors: dict[str, str] = field(default_factory=dict)  # "the two countries": lemma -> akg type
    plural_sides: frozenset[str] = frozenset()  # "both sides": lemmas, of actors of any type

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Lexicon":
        """The lists of a lexicon file (default: the bundled one), checked against its schema."""
        src = path or resources.files("kg").joinpath("data", "lexicon.toml")
        data = load_toml(src, LEXICON, "lexicon")
        groups = {w: t for t, words in data["group_nouns"].items() for w in words}
        anaphors = {w: t for t, words in data["anaphors"].items() for w in words}
        org_words = tuple((w, t) for t, words in data["org_type_words"].items() for w in words)
        role_nouns = frozenset(data["role_nouns"])
        for word in data.get("member_groups", []):
            # a member group is made from a group noun its state owns (`bind_groups`)
            if groups.get(word) in (None, "Group") and word not in role_nouns:
                raise ConfigError(f"{src}: member_groups: {word!r} is no group noun a state owns "
                                  "(a force's group noun, or a role noun)")
        for word in (w for words in data.get("unowned_bodies", {}).values() for w in words):
            if word not in role_nouns:  # an unowned body is found among the role nouns
                raise ConfigError(f"{src}: unowned_bodies: {word!r} is not among role_nouns")
        return cls(group_nouns=groups, role_nouns=role_nouns, anaphors=anaphors,
                   person_pronouns=frozenset(data["pronouns"]["person"]),
                   collective_pronouns=frozenset(data["pronouns"]["collective"]),
                   org_type_words=org_words, owning_verbs=frozenset(data["owning_verbs"]),
                   count_nouns=frozenset(data.get("count_nouns", [])),
                   vague_nouns=frozenset(data["vague_nouns"]),
                   person_titles=frozenset(data["person_titles"]),
                   stateless_nouns=frozenset(data["stateless_nouns"]),
                   place_state_verbs=frozenset(data["place_state_verbs"]),
                   machine_nouns=frozenset(data.get("machine_nouns", [])),
                   facility_nouns=frozenset(data.get("facility_nouns", [])),
                   person_roles=frozenset(data.get("person_roles", [])),
                   portfolios=frozenset(data.get("portfolios", [])),
                   body_nouns=frozenset(data.get("body_nouns", [])),
                   place_prepositions=frozenset(data.get("place_prepositions", [])),
                   title_links=frozenset(data.get("title_links", [])),
                   body_name_words=frozenset(data.get("body_name_words", [])),
                   unit_nouns=frozenset(data.get("unit_nouns", [])),
                   place_name_ends=frozenset(data.get("place_name_ends", [])),
                   surname_nouns=frozenset(data.get("surname_nouns", [])),
                   person_nouns=frozenset(data.get("person_nouns", [])),
                   member_groups=frozenset(data.get("member_groups", [])),
                   place_name_starts={w: t for t, words in data.get("place_name_starts", {}).items()
                                      for w in words},
                   unowned_bodies={w: t for t, words in data.get("unowned_bodies", {}).items()
                                   for w in words},
                   plural_anaphors={w: t for t, words in data.get("plural_anaphors", {}).items()
                                    for w in words},
                   plural_sides=frozenset(data.get("plural_sides", [])),
                   place_nouns=frozenset(w for t, words in data["anaphors"].items()
                                         if t in PLACE_TYPES for w in words))

    @cached_property
    def name_titles(self) -> frozenset[str]:
        """Words that stand before a person's name as a title, never as part of it: the person
        titles and the person roles ("President", "commander")."""
        return self.person_titles | self.person_roles

    def group_type(self, tok) -> str | None:
        """The actor type a group noun token names, if it is one."""
        typ = self.group_nouns.get(tok.lemma_.lower())
        if typ is None and (singular := proper_plural_lemma(tok)):
            typ = self.group_nouns.get(singular)
        return typ

    def org_type(self, name: str) -> str:
        """A guess at an unknown organisation's type from the words in its name."""
        low = f" {name.lower()} "
        for word, typ in self.org_type_words:
            if f" {word} " in low:
                return typ
        return "Organization"
