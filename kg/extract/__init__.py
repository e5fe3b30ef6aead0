"""Extraction: a parsed document -> mentions -> actors -> relations, each step a spaCy component
registered by name that leaves its result on `Doc._` (see `kg.extract.components`).

The names below load on first use, so that importing a light module of this package (the
dictionary, the rules) does not load spaCy.

>>> from kg.extract import Rules
>>> [r.name for r in Rules.load().verbs["besiege"]]
['besieges']
"""
from importlib import import_module

__all__ = ["COMPONENTS", "PASSES", "Actor", "DocActors", "Dictionary", "Extractor", "Lexicon",
           "Mention", "Relation", "Rules", "build_nlp", "find_mentions", "find_relations",
           "load_model", "modality_of", "resolve"]

_HOME = {"COMPONENTS": "pipeline", "Extractor": "pipeline", "build_nlp": "pipeline",
         "load_model": "pipeline", "PASSES": "resolve", "resolve": "resolve", "Actor": "actors",
         "DocActors": "actors", "Dictionary": "dictionary", "Lexicon": "lexicon",
         "Mention": "mentions", "find_mentions": "mentions", "Relation": "frames",
         "find_relations": "frames", "Rules": "rules", "modality_of": "modality"}


def __getattr__(name):
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")
