"""The dictionary's entity ruler: the names of `kg/data/actors.csv` and the other dictionary
files, matched before spaCy's statistical NER so that they win over the small model's guesses
(it tags unfamiliar places as people), and given their types back after it.

One kind of match waits for the NER instead: a place or country named by one or two proper
nouns that a capitalised proper noun joins into a longer name ("Kevin London", "Jordan
Bardella", "the Tarkin Times"). Matched first, such a place would cut a person's or a
newspaper's name in two and take its place. The NER reads the whole name; where it reads no
longer name there, the dictionary's place comes back (`DictionaryRuler.restore`). A word that
continues a place's own name ("Tarkin Province", "Tarkin Airport", "Tarkin Governor") keeps the
dictionary's reading, and so does a headline, whose every word is capitalised.
"""
from __future__ import annotations

from typing import Callable

from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

from ..vocab import PLACE_TYPES

__all__ = ["DictionaryRuler", "STAND_IN", "place_name_words"]

STAND_IN = "ORG"
"""The label the dictionary's names carry through the statistical NER (one it knows)."""

_WAITING = "akg_places_in_names"  # Doc.user_data key: the places held back for the NER
# the NER's labels for a name that may hold a place's name: a person, a body, a building
_LONGER_NAMES = frozenset({"PERSON", "ORG", "FAC", "GPE", "LOC", "NORP", "WORK_OF_ART",
                           "EVENT", "PRODUCT", "LAW"})
_PLACES = frozenset(PLACE_TYPES) | {"Country"}
# parts of speech whose words only a headline capitalises inside a sentence
_SMALL_WORDS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "AUX", "PRON"})


def place_name_words(lexicon) -> frozenset[str]:
    """Lower-case words that continue a place's name or stand beside it as a title or a group
    ("Province", "Airport", "Governor", "Police"), from the lexicon's lists: a place next to one
    keeps the dictionary's reading."""
    facility = {w for w in lexicon.facility_nouns if " " not in w}
    # (the anaphors hold the place nouns: "province", "valley")
    return frozenset(lexicon.place_name_ends | facility | lexicon.unit_nouns
                     | lexicon.body_name_words | lexicon.body_nouns | lexicon.name_titles
                     | lexicon.role_nouns | lexicon.portfolios | set(lexicon.group_nouns)
                     | set(lexicon.anaphors))


class DictionaryRuler(EntityRuler):
    """spaCy's entity ruler, less its count of every pattern on every document (to warn when
    there are none): the dictionary makes one label per entry, so that count cost 0.15 ms a
    document, about 2% of a build.

    The names it finds go through the NER labelled `STAND_IN`, and `restore` gives them their
    types back after it: the NER adds every label it meets on a document to its moves for good,
    and the dictionary's ten types made its every step weigh 114 moves instead of 74, a
    quarter more time, for names whose label the NER only copies.

    With `place_words` set (`place_name_words`), a place inside a longer name is held back for
    the NER (see the module's docstring); empty, every match stands."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.types: dict[str, str] = {}  # pattern id -> its label
        self.place_words: frozenset[str] = frozenset()

    def _require_patterns(self) -> None:
        if not self.token_patterns and not self.phrase_patterns:
            super()._require_patterns()

    def add_patterns(self, patterns) -> None:
        super().add_patterns(patterns)
        self.types.update((p["id"], p["label"]) for p in patterns if "id" in p)

    def set_annotations(self, doc, matches) -> None:
        super().set_annotations(doc, matches)
        waiting = [e for e in doc.ents if self._in_longer_name(e)] if self.place_words else []
        if waiting:
            doc.user_data[_WAITING] = [(e.start, e.end, doc[e.start].ent_id_) for e in waiting]
            doc.set_ents([e for e in doc.ents if e not in waiting], missing=waiting,
                         default="unmodified")
            for e in waiting:  # the NER's name over them is no dictionary entry's
                for t in e:
                    t.ent_id = 0
        self._relabel(doc, lambda ent_id: STAND_IN)

    def restore(self, doc: Doc) -> Doc:
        """The dictionary's names labelled with their types again (after the NER), and the
        places held back for the NER put back where it read no longer name."""
        back = [Span(doc, s, e, label=STAND_IN, span_id=ent_id)
                for s, e, ent_id in doc.user_data.pop(_WAITING, ()) if not _in_ner_name(doc, s, e)]
        if back:
            ents = [x for x in doc.ents if not any(x.start < b.end and x.end > b.start for b in back)]
            doc.set_ents(sorted(ents + back, key=lambda x: x.start), default="unmodified")
        self._relabel(doc, self.types.get)
        return doc

    def _relabel(self, doc: Doc, label: Callable) -> None:
        spans = []
        for e in doc.ents:
            first = doc[e.start]  # every token of an entity carries its id
            if first.ent_id_ in self.types:
                spans.append(Span(doc, e.start, e.end, label=label(first.ent_id_), span_id=first.ent_id))
        if spans:
            doc.set_ents(spans, default="unmodified")

    def _in_longer_name(self, ent) -> bool:
        """Whether a dictionary place is one or two proper nouns that a capitalised proper noun
        beside it, itself no dictionary name nor a word of `place_words`, joins into one name
        (the neighbour modifies it, or it modifies the neighbour), outside a headline."""
        if self.types.get(ent[0].ent_id_) not in _PLACES or len(ent) > 2 \
                or any(t.pos_ != "PROPN" for t in ent):
            return False
        doc = ent.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        joined = (before is not None and before.dep_ == "compound" and ent.start <= before.head.i < ent.end
                  and self._name_word(before)) \
            or (after is not None and doc[ent.end - 1].dep_ == "compound"
                and doc[ent.end - 1].head.i == after.i and self._name_word(after))
        return joined and not _headline(ent.sent)

    def _name_word(self, tok) -> bool:
        return tok.pos_ == "PROPN" and tok.is_alpha and tok.is_title and len(tok) > 1 \
            and not tok.ent_type_ and tok.lower_ not in self.place_words \
            and tok.lemma_.lower() not in self.place_words


def _in_ner_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the NER read tokens `start` to `end` as part of a longer name."""
    return any(x.label_ in _LONGER_NAMES and x.start <= start and x.end >= end
               and (x.start, x.end) != (start, end) for x in doc.ents)


def _headline(sent) -> bool:
    """Whether a sentence is a headline: it capitalises a small word inside it ("Talks On
    Ceasefire"), or it has no full stop and most of its longer words are capitalised
    ("Rebels Seize Tarkin Airport")."""
    if any(t.is_title and t.pos_ in _SMALL_WORDS and not t.ent_type_ for t in sent[1:]):
        return True
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    ends = sent[-1].text if sent[-1].is_punct else ""
    return not ends.endswith((".", "!", "?")) and len(words) >= 2 \
        and sum(t.is_title for t in words) > 0.6 * len(words)
