"""The relation rules of `kg/data/relations.toml`, checked against their schema
(`kg.extract.schema.RELATIONS`) and loaded into lookup tables by trigger word.

>>> rules = Rules.load()
>>> [r.name for r in rules.verbs["capture"]]
['seizes', 'detains']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..vocab import symmetric_relations
from .schema import RELATIONS, load_toml

__all__ = ["ModalityRules", "RelationRule", "Rules"]


@dataclass(frozen=True)
class RelationRule:
    """Triggers of one relation and where its object is found."""

    name: str
    verbs: frozenset[str] = frozenset()
    verb_objects: tuple[str, ...] = ("dobj",)
    inverse_verbs: frozenset[str] = frozenset()
    place_verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    noun_objects: tuple[str, ...] = ()
    participles: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    # titles that, with no actor named beside them, are of the person's own state ("President Jo Doe")
    state_titles: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    adjective_direction: str = "head"  # "complement": the actor after to/with is the subject
    recipient_verbs: frozenset[str] = frozenset()  # "Y received aid from X": Y is the object
    recipient_preps: frozenset[str] = frozenset()  # "Y advanced with the support of X": Y is the object
    host_verbs: frozenset[str] = frozenset()  # "X hosted talks": X arranges them, takes no part
    # the relation a host has with each side ("X brokered a truce between Y and Z": negotiatesWith)
    host_relation: str = ""
    # words that hint at the relation to the learned model only: they fire no rule frame
    cues: frozenset[str] = frozenset()
    excluded_pairs: frozenset[tuple[str, str]] = frozenset()  # (subject type, object type)
    object: str = "actor"
    confidence: float = 0.7
    symmetric: bool = False


@dataclass(frozen=True)
class ModalityRules:
    claimed_words: frozenset[str]
    claim_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    halting_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    conditional_phrases: tuple[str, ...]
    conditional_auxes: frozenset[str]
    conditional_heads: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """All relation rules, indexed by trigger word."""

    relations: dict[str, RelationRule]
    modality: ModalityRules
    verbs: dict[str, list[RelationRule]] = field(default_factory=dict)
    nouns: dict[str, list[RelationRule]] = field(default_factory=dict)
    participles: dict[str, RelationRule] = field(default_factory=dict)
    prefixes: dict[str, RelationRule] = field(default_factory=dict)
    titles: dict[str, RelationRule] = field(default_factory=dict)
    state_titles: dict[str, RelationRule] = field(default_factory=dict)
    adjectives: dict[str, RelationRule] = field(default_factory=dict)
    transparent_nouns: frozenset[str] = frozenset()
    sending_verbs: frozenset[str] = frozenset()  # "X sent Y to fight Z": Y fights
    device_nouns: frozenset[str] = frozenset()  # "a patrol hit a mine laid by X": X attacked it
    doing_verbs: frozenset[str] = frozenset()  # "an attack carried out by X": X attacked
    onlooker_verbs: frozenset[str] = frozenset()  # "X condemned the attack": X did not attack
    stand_in_nouns: frozenset[str] = frozenset()  # "met his counterpart Jo Doe": met Jo Doe

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Rules":
        """Rules from a TOML file (default: the bundled `kg/data/relations.toml`); an unknown
        relation, key or slot is a ConfigError naming the file and the key."""
        src = Path(path) if path else resources.files("kg").joinpath("data", "relations.toml")
        data = load_toml(src, RELATIONS, "relation rules")
        symmetric = symmetric_relations()
        mod = data.pop("modality")
        phrases = data.pop("phrases", {})
        relations: dict[str, RelationRule] = {}
        for name, spec in data.items():
            obj = spec.get("object", "actor")
            lower = lambda key: frozenset(w.lower() for w in spec.get(key, []))  # noqa: E731
            relations[name] = RelationRule(
                name=name, verbs=lower("verbs"), verb_objects=tuple(spec.get("verb_objects", ["dobj"])),
                inverse_verbs=lower("inverse_verbs"), place_verbs=lower("place_verbs"),
                nouns=lower("nouns"),
                noun_objects=tuple(spec.get("noun_objects", [])), participles=lower("participles"),
                prefixes=lower("prefixes"), titles=lower("titles"),
                state_titles=lower("state_titles"), adjectives=lower("adjectives"),
                adjective_direction=spec.get("adjective_direction", "head"), object=obj,
                recipient_verbs=lower("recipient_verbs"),
                recipient_preps=lower("recipient_preps"), host_verbs=lower("host_verbs"),
                host_relation=spec.get("host_relation", ""),
                cues=lower("cues"),
                excluded_pairs=frozenset(tuple(p) for p in spec.get("excluded_pairs", [])),
                confidence=float(spec.get("confidence", 0.7)), symmetric=name in symmetric)
        modality = ModalityRules(**{k: (tuple(v) if k == "conditional_phrases" else frozenset(v))
                                    for k, v in mod.items()})
        # each [phrases] list (the schema knows its names), lower-cased, under its own name
        rules = cls(relations=relations, modality=modality,
                    **{key: frozenset(w.lower() for w in words) for key, words in phrases.items()})
        for r in relations.values():
            for v in r.verbs | r.inverse_verbs | r.place_verbs:
                rules.verbs.setdefault(v, []).append(r)
            for n in r.nouns:
                rules.nouns.setdefault(n, []).append(r)
            for p in r.participles:
                rules.participles[p] = r
            for p in r.prefixes:
                rules.prefixes[p] = r
            for t in r.titles:
                rules.titles[t] = r
            for t in r.state_titles:
                rules.state_titles[t] = r
            for a in r.adjectives:
                rules.adjectives[a] = r
        return rules
