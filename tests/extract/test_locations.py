"""Where a relation happened: the sentence's place, else the dateline's, with the gazetteer's
coordinates and each actor's country."""
from kg.extract.locations import Gazetteer


def _located(extractor, text, date="2025-01-27"):
    from kg.ingest import Document

    actors, relations, places = extractor.analyse(Document("t", text, date))
    name = lambda k: (actors.get(k) or places.get(k)).name if k else None  # noqa: E731
    return {(name(r.subject), r.predicate, name(r.object)): name(r.location) for r in relations}, actors


def test_the_place_after_in_is_where_it_happened_and_the_parties_are_not(extractor):
    located, actors = _located(extractor, "Hamas fought Israel in Khan Younis on Sunday.")
    assert located[("Hamas", "fights", "Israel")] == "Khan Younis"


def test_a_place_that_is_attacked_is_its_own_location_with_coordinates(extractor):
    located, actors = _located(extractor, "The RSF attacked El Fasher in North Darfur on Sunday.")
    assert located[("Rapid Support Forces", "attacks", "El Fasher")] == "El Fasher"
    fasher = actors["place/el-fasher"]
    assert fasher.point == (13.62793, 25.34936) and fasher.country == "actor/sudan"
    assert actors["actor/rapid-support-forces"].country == "actor/sudan"


def test_a_capital_letters_dateline_places_every_sentence_that_names_no_place(extractor):
    text = ("GOMA, Jan 27 (Reuters) - M23 rebels fought the Congolese army on Monday.\n"
            "Rwanda denied supporting the M23.")
    located, actors = _located(extractor, text)
    assert set(located.values()) == {"Goma"}
    assert "place/goma" in actors and actors["place/goma"].point is not None


def test_no_place_in_sentence_or_dateline_leaves_the_location_empty(extractor):
    located, _ = _located(extractor, "Hamas fought Israel.")
    assert located == {("Hamas", "fights", "Israel"): None}


def test_the_gazetteer_prefers_the_city_of_the_country_given():
    gazetteer = Gazetteer()
    assert gazetteer.point("Goma", "CD") == (-1.67409, 29.22845)
    assert gazetteer.point("Goma", "FR") is None and gazetteer.point("Qwxyzville") is None


def test_a_datelines_country_is_where_the_story_was_filed_not_an_actor_in_it(extractor):
    located, actors = _located(extractor, "KASSALA, Sudan - Fighters of the Rapid Support Forces seized "
                                          "the border town of Hamrat al-Sheikh on Thursday.")
    subjects = {s for s, _, _ in located}
    assert subjects == {"Rapid Support Forces"}  # the fighters are the RSF's, not the dateline's
    assert located[("Rapid Support Forces", "seizes", "Hamrat al-Sheikh")] == "Hamrat al-Sheikh"


def test_a_dash_after_a_countrys_name_in_a_sentence_is_no_dateline(extractor):
    from kg.extract.locations import dateline_span
    from kg.ingest import Document

    doc = extractor.nlp(extractor.make_doc(Document("t", "Israel - which denies it - says Hamas fired.", None)))
    assert dateline_span(doc, doc._.akg_mentions) is None
    doc = extractor.nlp(extractor.make_doc(Document("t", "Kabul, Aug 28 (Reuters) - The Taliban said.", None)))
    assert dateline_span(doc, doc._.akg_mentions) == (0, 8)


def test_a_dateline_place_only_the_ner_knows_still_places_the_story(extractor):
    located, actors = _located(extractor, "Kitshanga, North Kivu - M23 rebels fought the Congolese "
                                          "army on Monday.")
    assert set(located.values()) == {"Kitshanga"}  # the town, before its province
    assert actors["place/kitshanga"].surface_forms == {"Kitshanga"}


def test_a_dateline_is_a_sentence_of_its_own_so_the_story_keeps_its_subject(extractor):
    # read as one sentence, the dateline's town was the subject and the M23 its apposition
    for text in ("Bunia, Congo - The M23 fought the Congolese army on Monday.",
                 "Mweso, Congo - M23 rebels fought the Congolese army on Monday."):
        located, _ = _located(extractor, text)
        assert {frozenset((s, o)) for s, _, o in located} == {frozenset(
            ("M23", "Armed Forces of the Democratic Republic of the Congo"))}, text


def test_the_words_before_a_datelines_dash_are_read_before_the_parser():
    from spacy.lang.en import English

    from kg.extract.locations import dateline_break, dateline_dash

    nlp = English()
    doc = dateline_break(nlp("TARKIN, Bel, Jan 27 (Reuters) - Rebels in Bel fought the army. It fled."))
    assert dateline_dash(doc, 0) == 9
    assert [t.i for t in doc if t.is_sent_start] == [0, 10]  # the parser finds "It fled." itself
    assert dateline_dash(nlp("Tarkinia - which denies it - says rebels fired."), 0) is None
    assert dateline_dash(nlp("Rebels fought - and lost."), 0) is None


def test_the_city_after_a_dateline_is_the_datelines_town(extractor):
    # the town in capitals is no mention of the story, and no place is named before "the city"
    located, actors = _located(extractor, "GOMA, Congo (Reuters) - M23 rebels seized the city on Monday.")
    assert located[("M23", "seizes", "Goma")] == "Goma"
    # "the town of Y" names its own town; a region's noun is no town's
    located, _ = _located(extractor, "GOMA, Congo - M23 rebels seized the town of Rutshuru and the province.")
    assert {o for _, p, o in located if p == "seizes"} == {"Rutshuru"}
