"""The schemas of the rule and word-list files (`kg/data/relations.toml`, `lexicon.toml`,
`gazetteer.toml`), checked when a file is loaded, as spaCy checks its patterns: an unknown key,
relation, type or slot, or a value of the wrong kind, is a one-line `ConfigError` naming the file
and the key, so that a typo is never taken without a word.

>>> check({"attacks": {"verbs": ["attack"], "verb_object": ["dobj"]}}, RELATIONS)
Traceback (most recent call last):
...
kg.errors.ConfigError: [attacks] unknown key 'verb_object' (known: adjective_direction, ...)
>>> check({"attacks": {"verb_objects": ["dobj:nmaed"]}}, RELATIONS)
Traceback (most recent call last):
...
kg.errors.ConfigError: [attacks] verb_objects: unknown slot 'dobj:nmaed' (a preposition, ...)
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..vocab import TYPES, relation_names

__all__ = ["GAZETTEER", "LEXICON", "OBJECT_KINDS", "PREPOSITIONS", "RELATIONS", "Schema", "check",
           "load_toml"]

OBJECT_KINDS = ("actor", "people", "place", "place_or_group", "any")
"""What a relation's object must be (`object` in relations.toml)."""

PREPOSITIONS = frozenset("""
    aboard about above across after against along alongside amid amidst among amongst around as
    at atop before behind below beneath beside besides between beyond by despite down during
    except for from in inside into near of off on onto opposite out outside over past per since
    targeting through throughout to toward towards under underneath until up upon versus via with
    within without""".split())
"""Words a slot may name: the preposition whose object fills it ("clash with X")."""


@dataclass(frozen=True)
class Words:
    """A list of words or phrases."""

    def problem(self, value) -> str | None:
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            return "expected a list of words"
        return None


@dataclass(frozen=True)
class OneOf:
    """One of a few strings."""

    choices: tuple[str, ...]

    def problem(self, value) -> str | None:
        return None if value in self.choices else f"{value!r} is not one of {', '.join(self.choices)}"


@dataclass(frozen=True)
class Number:
    """A number in a closed range."""

    low: float
    high: float

    def problem(self, value) -> str | None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) \
            and self.low <= value <= self.high
        return None if ok else f"{value!r} is not a number from {self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class Slots:
    """Where an object is found: a preposition, optionally with a kind (`in:place`), or one of
    the named slots (`dobj`, `xcomp` ...)."""

    named: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("place",)

    def problem(self, value) -> str | None:
        if Words().problem(value):
            return "expected a list of slots"
        for slot in value:
            prep, colon, kind = slot.partition(":")
            if slot not in self.named and not (prep in PREPOSITIONS and (not colon or kind in self.kinds)):
                kinds = " or ".join(f":{k}" for k in self.kinds)
                named = f", or {', '.join(self.named)}" if self.named else ""
                return (f"unknown slot {slot!r} (a preposition, optionally followed by {kinds}"
                        f"{named})")
        return None


@dataclass(frozen=True)
class TypePairs:
    """A list of [subject type, object type] pairs of the ontology's types."""

    def problem(self, value) -> str | None:
        if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
            return "expected a list of [subject type, object type] pairs"
        unknown = [t for p in value for t in p if t not in TYPES]
        return f"unknown type {unknown[0]!r} (types: {', '.join(TYPES)})" if unknown else None


@dataclass(frozen=True)
class Schema:
    """A table: its known keys with their kinds, those that must be there, and, for a table whose
    keys are open (relation names, types), what any other key must be and name."""

    fields: dict = field(default_factory=dict)
    required: tuple[str, ...] = ()
    other: object = None  # the kind of any key not in `fields`
    other_keys: tuple[str, ...] = ()  # the keys allowed beside `fields`
    other_name: str = "key"  # what those keys are called in an error

    def check(self, data, where: str = "") -> None:
        at = f"[{where}] " if where else ""
        if not isinstance(data, dict):
            raise ConfigError(f"{at}expected a table")
        for key, value in data.items():
            kind = self.fields.get(key)
            if kind is None and key in self.other_keys:
                kind = self.other
            if kind is None and self.other_keys and not where:  # a table of the file itself
                raise ConfigError(f"[{key}] is not a {self.other_name}")
            if kind is None and self.other_keys:
                raise ConfigError(f"{at}unknown {self.other_name} {key!r} "
                                  f"({self.other_name}s: {', '.join(self.other_keys)})")
            if kind is None:
                raise ConfigError(f"{at}unknown key {key!r} (known: {', '.join(sorted(self.fields))})")
            if isinstance(kind, Schema):
                kind.check(value, f"{where}.{key}" if where else key)
            elif (problem := kind.problem(value)) is not None:
                raise ConfigError(f"{at}{key}: {problem}")
        for key in self.required:
            if key not in data:
                raise ConfigError(f"{at}missing key {key!r}")


def check(data: dict, schema: Schema) -> dict:
    """`data` if it fits `schema`, else a ConfigError naming the key (without the file)."""
    schema.check(data)
    return data


def load_toml(path, schema: Schema, what: str) -> dict:
    """A TOML file read and checked against `schema`; any problem is a ConfigError naming the file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8") if isinstance(path, (str, Path))
                             else path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read {what} ({e})") from None
    try:
        return check(data, schema)
    except ConfigError as e:
        raise ConfigError(f"{path}: {e}") from None


_WORDS = Words()

RELATION = Schema({
    "verbs": _WORDS, "verb_objects": Slots(("dobj", "dobj:named", "xcomp", "clause_subject"),
                                           ("place", "aimed")),
    "inverse_verbs": _WORDS, "place_verbs": _WORDS, "nouns": _WORDS,
    "noun_objects": Slots(kinds=("place", "in")),
    "participles": _WORDS, "prefixes": _WORDS, "titles": _WORDS, "state_titles": _WORDS,
    "adjectives": _WORDS, "adjective_direction": OneOf(("head", "complement")), "recipient_verbs": _WORDS,
    "recipient_preps": _WORDS,
    "host_verbs": _WORDS, "host_relation": OneOf(tuple(relation_names())), "cues": _WORDS,
    "excluded_pairs": TypePairs(), "object": OneOf(OBJECT_KINDS),
    "confidence": Number(0.0, 1.0)})
"""One relation's table in relations.toml: its triggers and where its object is found."""

MODALITY = Schema({k: _WORDS for k in (
    "claimed_words", "claim_verbs", "attribution_verbs", "denial_verbs", "halting_verbs",
    "conditional_marks", "conditional_phrases", "conditional_auxes", "conditional_heads")},
    required=("claimed_words", "claim_verbs", "attribution_verbs", "denial_verbs", "halting_verbs",
              "conditional_marks", "conditional_phrases", "conditional_auxes", "conditional_heads"))

PHRASES = Schema({"sending_verbs": _WORDS, "transparent_nouns": _WORDS, "device_nouns": _WORDS,
                   "doing_verbs": _WORDS, "onlooker_verbs": _WORDS, "stand_in_nouns": _WORDS})

RELATIONS = Schema({"modality": MODALITY, "phrases": PHRASES}, required=("modality",), other=RELATION,
                   other_keys=tuple(relation_names()), other_name="relation of the ontology")
"""relations.toml: a table per relation of the ontology, [modality] and [phrases]."""

_BY_TYPE = Schema(other=_WORDS, other_keys=TYPES, other_name="type")

LEXICON = Schema({
    "role_nouns": _WORDS, "stateless_nouns": _WORDS, "place_state_verbs": _WORDS,
    "person_titles": _WORDS, "owning_verbs": _WORDS, "count_nouns": _WORDS, "machine_nouns": _WORDS,
    "vague_nouns": _WORDS,
    "facility_nouns": _WORDS, "person_roles": _WORDS, "portfolios": _WORDS, "body_nouns": _WORDS,
    "place_prepositions": _WORDS, "title_links": _WORDS, "body_name_words": _WORDS, "unit_nouns": _WORDS,
    "place_name_ends": _WORDS, "surname_nouns": _WORDS, "person_nouns": _WORDS, "member_groups": _WORDS,
    "group_nouns": _BY_TYPE, "anaphors": _BY_TYPE, "org_type_words": _BY_TYPE,
    "unowned_bodies": _BY_TYPE, "place_name_starts": _BY_TYPE, "plural_anaphors": _BY_TYPE,
    "plural_sides": _WORDS,
    "pronouns": Schema({"person": _WORDS, "collective": _WORDS}, required=("person", "collective"))},
    required=("role_nouns", "stateless_nouns", "place_state_verbs", "person_titles", "owning_verbs",
              "vague_nouns", "group_nouns", "anaphors", "org_type_words", "pronouns"))
"""lexicon.toml: word lists, some of them by actor or place type."""

GAZETTEER = Schema({"bare_name_stoplist": _WORDS})
"""gazetteer.toml: settings of the gazetteer built from pycountry's subdivisions."""
