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
