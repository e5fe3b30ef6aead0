"""Dependency paths between two mentions, on parses built by hand (so a failure is the rule's,
not the statistical parser's)."""
import spacy
from spacy.tokens import Doc

from kg.extract.paths import coordinated_head, dep_path, path_steps, slot

VOCAB = spacy.blank("en").vocab


def _doc(words, heads, deps, pos=None):
    return Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=[w.lower() for w in words],
               pos=pos or ["NOUN"] * len(words))


def test_the_path_folds_a_preposition_into_its_edge():
    doc = _doc(["strikes", "by", "Israel", "on", "Gaza"], [0, 0, 1, 0, 3],
               ["ROOT", "prep", "pobj", "prep", "pobj"])
    up_a, up_b, meet = dep_path(doc[2], doc[4])
    labels, nodes = path_steps(up_a, up_b)
    assert meet.text == "strikes" and labels == ["by^", "on_"] and nodes == []


def test_a_conjunct_takes_the_place_of_its_first_conjunct():
    doc = _doc(["Canada", "and", "Norway", "impose", "sanctions"], [3, 0, 0, 3, 3],
               ["nsubj", "cc", "conj", "ROOT", "dobj"])
    assert coordinated_head(doc[2]).text == "Canada"


def test_the_slot_of_a_mention_is_its_edge_at_the_meeting_word_with_its_preposition():
    doc = _doc(["strikes", "by", "Israel", "on", "Gaza"], [0, 0, 1, 0, 3],
               ["ROOT", "prep", "pobj", "prep", "pobj"])
    up_a, up_b, meet = dep_path(doc[2], doc[4])
    assert (slot(up_a), slot(up_b)) == ("prep:by", "prep:on")
    assert slot(dep_path(doc[0], doc[2])[0]) == "self"  # the mention is the meeting word
