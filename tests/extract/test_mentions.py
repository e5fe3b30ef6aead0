"""Mentions: the names the dictionary, the NER and the group nouns give, with the slips of the
small model's NER mended. Texts written for these tests."""
import pytest

from kg.ingest import Document


@pytest.fixture(scope="module")
def mentions(frames_extractor):
    def run(text: str) -> dict[str, str]:
        doc = frames_extractor.nlp(frames_extractor.make_doc(Document("t", text, None)))
        return {m.text: m.type for m in doc._.akg_mentions}
    return run


def test_a_surname_that_is_also_a_place_stays_part_of_the_persons_name(mentions):
    found = mentions("British foreign minister William Hague met John Kerry in London.")
    assert found.get("William Hague") == "Person"
    assert "Hague" not in found and "William" not in found
    assert found.get("London") == "Settlement"  # a place after a person's name elsewhere stays a place


def test_given_names_the_ner_left_out_join_the_persons_name(mentions):
    found = mentions("Mayor of London Sadiq Khan praised the police officers.")
    assert found.get("Sadiq Khan") == "Person" and "Khan" not in found
    assert found.get("London") == "Settlement"


@pytest.mark.parametrize("text", ["Secretary of State John Kerry met Hassan Rouhani in Geneva.",
                                  "U.S. Secretary of State Marco Rubio announced sanctions on Venezuela."])
def test_the_portfolio_of_a_title_is_no_actor(mentions, text):
    found = mentions(text)
    assert "State" not in found
    assert any(t == "Person" and n.endswith(("Kerry", "Rubio")) for n, t in found.items())
