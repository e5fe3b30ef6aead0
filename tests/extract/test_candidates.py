"""Candidate pairs and their features, on parses built by hand (so a failure is the rule's, not
the statistical parser's) and on short texts of our own."""
import spacy
from spacy.tokens import Doc

from kg.extract.candidates import coordinated_head, dep_path, path_steps

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


def test_candidates_pair_the_actors_of_a_sentence_with_the_trigger_between_them(extractor):
    from kg.extract.candidates import Cues, candidates
    from kg.ingest import Document

    parsed = extractor.nlp(extractor.make_doc(Document("c", "Hezbollah attacked Israel. Egypt mediated.")))
    acts = parsed._.akg_actors
    cands = candidates(parsed, acts.token_actor, acts.actors, Cues.from_rules(extractor.rules))
    assert [(c.first, c.second) for c in cands] == [("actor/hezbollah", "actor/israel")]
    feats = set(cands[0].features)
    assert {"lcatrig=attacks", "slots=nsubj|dobj", "path=nsubj^ * dobj_"} <= feats


def test_a_person_and_the_country_a_title_gives_them_are_a_pair_though_it_is_not_named_there(extractor):
    from kg.extract.candidates import Cues, candidates, frame_labels
    from kg.ingest import Document
    from kg.vocab import symmetric_relations

    parsed = extractor.nlp(extractor.make_doc(Document("c", "Russia protested. President Vladimir "
                                                            "Putin spoke.")))
    acts = parsed._.akg_actors
    frames = frame_labels(parsed._.akg_relations, frozenset(symmetric_relations()))
    cands = candidates(parsed, acts.token_actor, acts.actors, Cues.from_rules(extractor.rules), frames)
    (pair,) = [c for c in cands if "unnamed_b" in c.features]
    assert (pair.first, pair.second) == ("actor/vladimir-putin", "actor/russia")
    assert "frame=leads>" in pair.features and pair.sent_start == len("Russia protested. ")
    # without the frames' reading there is no such pair
    assert not [c for c in candidates(parsed, acts.token_actor, acts.actors,
                                      Cues.from_rules(extractor.rules)) if "unnamed_b" in c.features]
