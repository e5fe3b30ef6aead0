"""Each repair of the small model's slips on a parse built by hand (spaCy's `Doc(vocab, words,
heads, deps ...)`), so that a failure says the repair is wrong, not the model's parse."""
import pytest
import spacy
from spacy.tokens import Doc

from kg.extract import repairs
from kg.extract.actors import Actor, DocActors
from kg.extract.lexicon import Lexicon


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parse(vocab, rows, **extra):
    """A Doc from rows of (word, pos, tag, head index, dep)."""
    words, pos, tags, heads, deps = zip(*rows)
    return Doc(vocab, words=list(words), pos=list(pos), tags=list(tags), heads=list(heads),
               deps=list(deps), **extra)


def test_paragraph_breaks_start_a_sentence_after_a_line_break(vocab):
    doc = Doc(vocab, words=["Talks", "resume", "\n", "Envoys", "met"],
              spaces=[True, False, False, True, False])
    repairs.paragraph_breaks(doc)
    assert doc[3].is_sent_start


def test_entity_bounds_drop_a_leading_article_and_a_trailing_possessive(vocab):
    doc = Doc(vocab, words=["the", "Northern", "Front", "'s", "men"],
              tags=["DT", "NNP", "NNP", "POS", "NNS"], ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    assert repairs.entity_bounds(doc.ents[0]) == (1, 3)


@pytest.mark.parametrize("words, pos, fragment", [
    (["al"], ["PROPN"], True), (["Supreme"], ["ADJ"], True), (["raiders"], ["NOUN"], True),
    (["Tarkin"], ["PROPN"], False), (["Tarkin", "Front"], ["PROPN", "PROPN"], False)])
def test_is_fragment_refuses_bits_of_names(vocab, words, pos, fragment):
    assert repairs.is_fragment(Doc(vocab, words=words, pos=pos), 0, len(words)) is fragment


def test_place_by_context_takes_the_type_of_the_place_noun_before_of(vocab):
    doc = parse(vocab, [("the", "DET", "DT", 1, "det"), ("town", "NOUN", "NN", 1, "ROOT"),
                        ("of", "ADP", "IN", 1, "prep"), ("Tarkin", "PROPN", "NNP", 2, "pobj")],
                lemmas=["the", "town", "of", "Tarkin"])
    assert repairs.place_by_context(doc[3:4], Lexicon.load()) == "Settlement"
    assert repairs.place_by_context(doc[1:2], Lexicon.load()) is None


def test_proper_plural_lemma_gives_the_singular_of_a_capitalised_plural(vocab):
    doc = Doc(vocab, words=["Raiders", "came"], tags=["NNPS", "VBD"], lemmas=["raiders", "come"])
    assert repairs.proper_plural_lemma(doc[0]) == "raider"
    assert repairs.proper_plural_lemma(doc[1]) is None


def test_acts_as_verb_takes_a_headline_verb_tagged_as_a_noun(vocab):
    doc = parse(vocab, [("Troops", "NOUN", "NNS", 1, "nsubj"), ("arrive", "NOUN", "NN", 1, "ROOT"),
                        ("in", "ADP", "IN", 1, "prep"), ("Tarkin", "PROPN", "NNP", 2, "pobj")])
    assert repairs.acts_as_verb(doc[1])
    assert not repairs.acts_as_verb(doc[0])


def test_a_verb_read_as_a_compound_of_its_object(vocab):
    # "help the council fight raiders": "fight" parsed as a compound of "raiders"
    doc = parse(vocab, [("help", "VERB", "VB", 0, "ROOT"), ("the", "DET", "DT", 2, "det"),
                        ("council", "NOUN", "NN", 3, "nsubj"), ("fight", "NOUN", "NN", 4, "compound"),
                        ("raiders", "NOUN", "NNS", 0, "dobj")], lemmas=["help", "the", "council", "fight", "raider"])
    assert repairs.has_own_subject(doc[3]) and not repairs.has_own_subject(doc[4])
    assert repairs.verb_read_as_compound(doc[3], titles=frozenset())
    assert not repairs.verb_read_as_compound(doc[3], titles=frozenset({"fight"}))
    assert repairs.objects_of_misread_verbs([doc[4]]) == {doc[4]: doc[2]}


def test_noun_of_adjective_is_the_noun_just_before_a_post_nominal_adjective(vocab):
    doc = parse(vocab, [("troops", "NOUN", "NNS", 0, "ROOT"), ("loyal", "ADJ", "JJ", 3, "amod"),
                        ("to", "ADP", "IN", 1, "prep"), ("Doe", "PROPN", "NNP", 2, "pobj")])
    assert repairs.noun_of_adjective(doc[1]) == doc[0]


def test_nearest_people_is_the_actor_before_who_that_is_no_place(vocab):
    doc = Doc(vocab, words=["Raiders", "from", "Tarkin", ",", "who", "fled"],
              sent_starts=[True, False, False, False, False, False])
    actors = DocActors({"a/r": Actor("a/r", "Raiders", "ArmedGroup"), "p/t": Actor("p/t", "Tarkin", "Settlement")},
                       {0: "a/r", 2: "p/t"})
    assert [a.name for a, _ in repairs.nearest_people(doc[4], actors)] == ["Raiders"]
