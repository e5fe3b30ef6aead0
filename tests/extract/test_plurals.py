"""Plural anaphors: "the two countries", "both sides" stand for the actors named together before
them, and every relation stated of them is stated of each."""
from conftest import triples


def test_the_two_countries_are_both_sides_of_the_truce_they_agree(analyse_frames):
    actors, rels = analyse_frames("Chad and Niger exchanged fire along the border. "
                                  "The two countries agreed to a ceasefire on Saturday.")
    assert ("Chad", "agreesWith", "Niger") in triples(rels, actors) or \
        ("Niger", "agreesWith", "Chad") in triples(rels, actors)


def test_both_sides_accuse_a_third_each(analyse_frames):
    actors, rels = analyse_frames("Armenia and Azerbaijan signed a peace deal. Both sides accused "
                                  "Russia of meddling.")
    found = triples(rels, actors)
    assert {("Armenia", "accuses", "Russia"), ("Azerbaijan", "accuses", "Russia")} <= found


def test_three_countries_listed_with_commas_are_all_sanctioned(analyse_frames):
    # the parser reads "Mali, Burkina Faso and Niger" with Burkina Faso in apposition to Mali
    actors, rels = analyse_frames("Mali, Burkina Faso and Niger quit the bloc. ECOWAS had imposed "
                                  "sanctions on the three countries after the coups.")
    sanctioned = {o for s, p, o in triples(rels, actors) if p == "sanctions"}
    assert sanctioned == {"Mali", "Burkina Faso", "Niger"}


def test_a_count_is_needed_and_must_match(frames_extractor):
    from kg.ingest import Document

    def also(text):
        doc = frames_extractor.nlp(frames_extractor.make_doc(Document("t", text, None)))
        return {doc[i].text: keys for i, keys in doc._.akg_actors.also.items()}

    # no count: "the countries" says neither how many nor which
    assert also("Chad and Niger met. The countries agreed to talk.") == {}
    # three named together, but "the two" counts two: no coordination of two before it
    assert also("Chad, Niger and Mali met. The two countries agreed to talk.") == {}
    # two actors of the sentence before, not coordinated, are "both sides"
    assert also("Chad accused Niger of shelling. Both sides denied it.") == {"sides": ("actor/niger",)} \
        or also("Chad accused Niger of shelling. Both sides denied it.") == {"sides": ("actor/chad",)}


def test_counted_plural_reads_the_count_and_the_article():
    import spacy
    from spacy.tokens import Doc

    from kg.extract.plurals import counted_plural

    vocab = spacy.blank("en").vocab
    both = Doc(vocab, words=["both", "sides", "agreed"], tags=["DT", "NNS", "VBD"], heads=[1, 2, 2],
               deps=["det", "nsubj", "ROOT"])
    bare = Doc(vocab, words=["two", "soldiers", "died"], tags=["CD", "NNS", "VBD"], heads=[1, 2, 2],
               deps=["nummod", "nsubj", "ROOT"])
    assert counted_plural(both[1]) == 2
    assert counted_plural(bare[1]) is None  # new people, not ones named before
