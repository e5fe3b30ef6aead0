"""Candidate pairs and their features, on short texts of our own (the paths they read:
test_paths.py)."""
from kg.extract.candidates import LONG_TEXT, Cues, candidates
from kg.ingest import Document


def _pairs(extractor, text: str):
    parsed = extractor.nlp(extractor.make_doc(Document("c", text)))
    acts = parsed._.akg_actors
    return candidates(parsed, acts.token_actor, acts.actors, Cues.from_rules(extractor.rules))


def test_candidates_pair_the_actors_of_a_sentence_with_the_trigger_between_them(extractor):
    cands = _pairs(extractor, "Hezbollah attacked Israel. Egypt mediated.")
    assert [(c.first, c.second) for c in cands] == [("actor/hezbollah", "actor/israel")]
    feats = set(cands[0].features)
    assert {"lcatrig=attacks", "slots=nsubj|dobj", "path=nsubj^ * dobj_"} <= feats


def test_a_person_and_the_country_a_title_gives_them_are_a_pair_though_it_is_not_named_there(extractor):
    from kg.extract.candidates import frame_labels
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


def test_a_full_article_reads_each_pairs_path_apart_from_a_summarys(extractor):
    story = "Hezbollah attacked Israel near the border on Monday."
    (short,) = _pairs(extractor, story)
    assert "article" not in short.features and not any(f.endswith("|article") for f in short.features)
    # the same sentence in a text of full-article length: the same features, and the path, the
    # meeting word and the slots once more as an article's
    article = " ".join([story] + ["Officials in Tarkin met the press and spoke of the weather."]
                       * (LONG_TEXT // 50))
    first = _pairs(extractor, article)[0]
    assert set(short.features) <= set(first.features)
    assert {"article", "path=nsubj^ * dobj_|article", "lca=attack|article",
            "slots=nsubj|dobj|article"} <= set(first.features)


def test_a_cue_word_is_read_as_its_relations_trigger_though_it_fires_no_frame(extractor):
    # "decry" is among the cues of opposes, not among its verbs: the frames find nothing
    assert "decry" in extractor.rules.relations["opposes"].cues
    assert "decry" not in extractor.rules.verbs
    (pair,) = _pairs(extractor, "Tarkin decried Bel.")
    assert {"lcatrig=opposes", "path=nsubj^ * dobj_"} <= set(pair.features)
    assert not [f for f in pair.features if f.startswith("frame")]


def test_a_pair_knows_how_far_into_the_text_it_is_and_how_often_its_actors_are_named(extractor):
    cands = _pairs(extractor, "Hezbollah attacked Israel. Israel struck Hezbollah in Lebanon.")
    first, *later = cands
    assert {"sentpos=0", "freqa=2", "freqb=2"} <= set(first.features)
    hit = [c for c in later if {c.first, c.second} == {"actor/hezbollah", "actor/lebanon"}]
    assert hit and {"sentpos=1", "freqb=1"} <= set(hit[0].features)


def test_a_place_knows_where_it_stands_in_a_list_of_nested_places(extractor):
    # a reader relates an attack to the most specific place and to the country, not to the
    # region between them ("in a town, a province, a country")
    cands = _pairs(extractor, "Russian drones struck a depot in Kupiansk, Kharkiv Oblast, Ukraine.")
    chain = {c.second: {f for f in c.features if f.startswith("chainb=") and "|" not in f}
             for c in cands if c.first == "actor/russia"}
    assert chain["place/kupiansk"] == {"chainb=first"}
    assert chain["place/kharkiv-oblast"] == {"chainb=mid"}
    assert chain["actor/ukraine"] == {"chainb=last"}
    (alone,) = _pairs(extractor, "Russian drones struck Kupiansk on Monday.")
    assert "chainb=alone" in alone.features
    # places side by side are no nesting: "Kupiansk, Izium and Balakliia" are three towns
    side = _pairs(extractor, "Russian drones struck Kupiansk, Izium and Balakliia on Monday.")
    assert not [f for c in side for f in c.features if f.startswith(("chainb=first", "chainb=mid"))]


def test_a_trigger_phrase_is_read_with_the_word_that_completes_it(extractor):
    # "shoot" alone is an attack; "shoot dead" a killing, where the parse gives "dead" a slot of
    # its own rather than the object's
    text = "Police shot dead a gunman in the square."
    (pair,) = [c for c in _pairs(extractor, text) if {c.first, c.second} == {"actor/police", "actor/gunman"}]
    parsed = extractor.nlp(extractor.make_doc(Document("c", text)))
    assert [t.dep_ for t in parsed if t.text == "dead"] not in (["dobj"], ["prt"])
    assert {"slots=nsubj|dobj", "lcatrig=attacks", "lcatrig=kills"} <= set(pair.features)


def test_every_pair_of_a_sentence_knows_the_events_its_words_tell(extractor):
    # the path from the country to the town meets at "kill"; the sentence tells an airstrike
    cands = _pairs(extractor, "Turkish airstrikes killed nine people in Mosul.")
    (pair,) = [c for c in cands if (c.first, c.second) == ("actor/turkey", "place/mosul")]
    assert "senttrig=attacks|Country|Settlement" in pair.features
    assert "senttrig=kills|Country|Settlement" in pair.features
    # a sentence with no trigger word gives no such feature
    calm = _pairs(extractor, "Hezbollah and Israel were in Geneva.")
    assert calm and not [f for c in calm for f in c.features if f.startswith("senttrig=")]
