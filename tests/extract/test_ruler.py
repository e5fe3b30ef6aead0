"""The dictionary's entity ruler: its names win over the NER's, except a place's name inside a
longer name, which the NER reads whole. Texts written for these tests."""
import pytest

from kg.extract.lexicon import Lexicon
from kg.extract.ruler import place_name_words
from kg.ingest import Document


@pytest.fixture(scope="module")
def names(frames_extractor):
    def run(text: str) -> dict[str, str]:
        doc = frames_extractor.nlp(frames_extractor.make_doc(Document("t", text, None)))
        assert "akg_places_in_names" not in doc.user_data  # nothing is left waiting after the NER
        return {a.name: a.type for a in doc._.akg_actors.actors.values()}
    return run


@pytest.mark.parametrize("text, person, place", [
    ("Police said Kevin London, 34, was arrested in Texas.", "Kevin London", "London"),
    ("Jordan Bardella criticised the government in a speech.", "Jordan Bardella", "Jordan"),
    ("Sudesh Amman, 20, was shot dead by police on Sunday.", "Sudesh Amman", "Amman")])
def test_a_persons_name_holding_a_places_name_is_one_person(names, text, person, place):
    found = names(text)
    assert found.get(person) == "Person"
    assert place not in found


def test_a_newspaper_named_after_a_city_is_no_city(names):
    found = names("The Tehran Times reported that Kabul Bank collapsed.")
    assert found.get("Tehran Times") == "MediaOrganization"
    assert "Tehran" not in found and "Kabul" not in found


@pytest.mark.parametrize("text, place", [
    ("Troops entered Kabul Province on Monday.", "Kabul Province"),  # a word of a place's name
    ("Kano Governor Abba Yusuf visited the market.", "Kano"),  # a title beside it
    ("The Nigeria Police Force arrested five men in Lagos.", "Nigeria Police Force"),
    ("Rebels Seize Tarkin Airport As Kyiv Burns", "Kyiv")])  # a headline's capitals
def test_a_place_beside_a_word_of_its_own_kind_keeps_the_dictionarys_reading(names, text, place):
    assert place in names(text)


def test_a_place_comes_back_where_the_ner_reads_no_longer_name(names):
    # the parse has the place modify the day after it, where the NER reads a date
    found = names("Fighting resumed near Aleppo Thursday, residents said.")
    assert found.get("Aleppo") == "Settlement"
    assert names("The Kabul Serena hotel was attacked.").get("Kabul") == "Settlement"


def test_words_that_continue_a_places_name_come_from_the_lexicon():
    words = place_name_words(Lexicon.load())
    assert {"province", "airport", "governor", "police", "times"} - words == {"times"}
