"""The extraction steps as spaCy components, registered by name: each reads what the components
before it left on the `Doc` and leaves its own result there, on `Doc._`, as spaCy's own
components leave en tities and parses.

==================  ====================================================  =====================
component           what it does                                          leaves
==================  ====================================================  =====================
akg_paragraphs      a line break or a dateline ends a sentence (before    token.is_sent_start
                    the parser)
akg_lemmas          "retook" is "retake" (after the lemmatizer)           token.lemma
akg_dictionary      the dictionary's names, before the statistical NER    doc.ents
akg_labels          the dictionary's types back on its names, after it    doc.ents
akg_mentions        names, demonyms and group nouns (`find_mentions`)     doc._.akg_mentions
akg_actors          mentions -> actors, six passes (`resolve`)            doc._.akg_actors
akg_relations       the relation frames (`find_relations`)                doc._.akg_relations
akg_relation_model  the learned model over candidate pairs, the frames'  doc._.akg_relations
                    findings among its features (`apply_model`)
akg_modality        how sure each relation is said to be, and by whom     doc._.akg_relations
akg_dates           when each relation happened                           doc._.akg_relations
akg_locations       where: the sentence's place, else the dateline's      doc._.akg_relations
==================  ====================================================  =====================

The dictionary's ruler is made by the factory `akg_entity_ruler`, the others by factories of
their own names. `doc._.akg_date`, the document's own date, is set before the pipeline runs
(`Extractor.make_doc`). The steps' data (dictionary, lexicon, rules, the relation model and its
word lists) is handed to them once the pipeline is built (`Step.use`), as the entity ruler is given its patterns; `build_nlp` in
`kg.extract.pipeline` does both.
"""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError
from .dates import with_dates
from .frames import find_relations
from .locations import GAZETTEER, dateline_break, dateline_span, set_aside_dateline, with_locations
from .mentions import find_mentions
from .modality import with_modality
from .model import apply_model
from .repairs import paragraph_breaks, prefixed_lemmas
from .resolve import resolve
from .ruler import DictionaryRuler

__all__ = ["DOC_EXTENSIONS", "DictionaryRuler", "Step"]

DOC_EXTENSIONS = {
    "akg_date": "the document's date (YYYY-MM-DD) or None, set before the pipeline runs",
    "akg_mentions": "the Mentions of actors and places, in text order",
    "akg_actors": "the DocActors: actors by key, and the actor each token stands for",
    "akg_relations": "the Relations found, with their modality and date once those steps ran",
}
for _name in DOC_EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

@Language.component("akg_paragraphs", assigns=["token.is_sent_start"])
def sentence_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (`paragraph_breaks`), and so does a dateline's dash
    (`dateline_break`), before the parser reads the text."""
    return dateline_break(paragraph_breaks(doc))


@Language.factory("akg_lemmas", assigns=["token.lemma"], requires=["token.lemma"])
def make_lemmas(nlp, name: str) -> Callable:
    """`prefixed_lemmas` with the lemmatizer's own table of irregular verbs (none without one)."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    tables = lemmatizer.lookups if lemmatizer is not None else None
    irregular = dict(tables.get_table("lemma_exc")["verb"]) \
        if tables is not None and tables.has_table("lemma_exc") else {}
    return lambda doc: prefixed_lemmas(doc, irregular)


@Language.factory("akg_entity_ruler", default_config={"overwrite_ents": True, "validate": False},
                  assigns=["doc.ents", "token.ent_type", "token.ent_iob"])
def make_dictionary_ruler(nlp, name: str, overwrite_ents: bool, validate: bool) -> DictionaryRuler:
    return DictionaryRuler(nlp, name, overwrite_ents=overwrite_ents, validate=validate)


@Language.factory("akg_labels", assigns=["doc.ents", "token.ent_type"], requires=["doc.ents"])
def make_labels(nlp, name: str) -> Callable:
    """The dictionary ruler's `restore`, for after the NER (nothing to do without a ruler)."""
    ruler: list[DictionaryRuler | None] = []

    def restore(doc: Doc) -> Doc:
        if not ruler:
            ruler.append(next((p for _, p in nlp.pipeline if isinstance(p, DictionaryRuler)), None))
        return doc if ruler[0] is None else ruler[0].restore(doc)
    return restore


class Step:
    """A component that runs one extraction step with the data it `needs`, handed to it by
    `use` once the pipeline is built; run without it, it says so instead of guessing."""

    def __init__(self, name: str, run: Callable, needs: tuple[str, ...] = ()):
        self.name, self._run, self.needs = name, run, needs
        self.data: dict = {}

    def use(self, **data) -> "Step":
        """Take the data this step needs (dictionary, lexicon, rules, model, cues) from `data`."""
        self.data.update({k: v for k, v in data.items() if k in self.needs})
        return self

    def __call__(self, doc: Doc) -> Doc:
        missing = [k for k in self.needs if k not in self.data]
        if missing:
            raise ConfigError(f"{self.name}: no {', '.join(missing)} given "
                              "(build the pipeline with kg.extract.build_nlp)")
        self._run(doc, **self.data)
        return doc


def _mentions(doc, dictionary, lexicon) -> None:
    doc._.akg_mentions = find_mentions(doc, lexicon, dictionary)


def _actors(doc, dictionary, lexicon) -> None:
    # a dateline's words stand for no actor of the story (`dateline_span`)
    doc._.akg_actors = set_aside_dateline(doc, doc._.akg_mentions, dateline_span(doc, doc._.akg_mentions),
                                          lambda mentions: resolve(doc, mentions, dictionary, lexicon),
                                          dictionary, lexicon)


def _relations(doc, rules) -> None:
    doc._.akg_relations = find_relations(doc, doc._.akg_actors, rules)


def _relation_model(doc, rules, model, cues) -> None:
    if model is not None:  # no model: the frames' relations stand as they are
        doc._.akg_relations = apply_model(doc, doc._.akg_actors, doc._.akg_relations, rules, model, cues)


def _modality(doc, rules) -> None:
    doc._.akg_relations = with_modality(doc, doc._.akg_relations, doc._.akg_actors, rules.modality,
                                        rules.titles)


def _dates(doc) -> None:
    doc._.akg_relations = with_dates(doc, doc._.akg_relations, doc._.akg_date)


def _locations(doc, dictionary) -> None:
    doc._.akg_relations = with_locations(doc, doc._.akg_relations, doc._.akg_actors, dictionary)


@Language.factory("akg_mentions", assigns=["doc._.akg_mentions"],
                  requires=["doc.ents", "token.lemma", "token.dep", "token.tag"])
def make_mentions(nlp, name: str) -> Step:
    return Step(name, _mentions, ("dictionary", "lexicon"))


@Language.factory("akg_actors", assigns=["doc._.akg_actors"], requires=["doc._.akg_mentions"])
def make_actors(nlp, name: str) -> Step:
    return Step(name, _actors, ("dictionary", "lexicon"))


@Language.factory("akg_relations", assigns=["doc._.akg_relations"], requires=["doc._.akg_actors"])
def make_relations(nlp, name: str) -> Step:
    return Step(name, _relations, ("rules",))


@Language.factory("akg_relation_model", assigns=["doc._.akg_relations"],
                  requires=["doc._.akg_relations", "doc._.akg_actors"])
def make_relation_model(nlp, name: str) -> Step:
    return Step(name, _relation_model, ("rules", "model", "cues"))


@Language.factory("akg_modality", assigns=["doc._.akg_relations"],
                  requires=["doc._.akg_relations", "doc._.akg_actors"])
def make_modality(nlp, name: str) -> Step:
    return Step(name, _modality, ("rules",))


@Language.factory("akg_dates", assigns=["doc._.akg_relations"],
                  requires=["doc._.akg_relations", "doc.ents"])
def make_dates(nlp, name: str) -> Step:
    return Step(name, _dates)


@Language.factory("akg_locations", assigns=["doc._.akg_relations"],
                  requires=["doc._.akg_relations", "doc._.akg_actors"])
def make_locations(nlp, name: str) -> Step:
    GAZETTEER.load()  # with the pipeline, not at the first document naming a place
    return Step(name, _locations, ("dictionary",))
