"""What pronouns and definite group nouns refer back to, on short texts of our own."""
import pytest

from kg.ingest import Document


@pytest.fixture(scope="module")
def bound(extractor):
    """bound(text) -> [(token text, actor name)] for the tokens bound to an actor."""
    def run(text):
        doc = extractor.nlp(extractor.make_doc(Document("t", text, "2025-01-01")))
        actors = doc._.akg_actors
        return [(doc[i].text, actors.actors[k].name) for i, k in sorted(actors.token_actor.items())]
    return run


def test_the_group_is_the_main_subject_before_an_actor_in_an_aside(bound):
    words = dict(bound("The M23, which the United Nations says is backed by Rwanda, captured Rubaya. "
                       "Rwanda denies supporting the group."))
    assert words["group"] == "M23"


def test_the_group_is_the_nearest_when_the_main_subject_does_not_fit(bound):
    words = dict(bound("Rwanda says the M23 captured Rubaya. Uganda denies supporting the group."))
    assert words["group"] == "M23"


def test_the_group_is_the_nearest_when_it_is_no_aside(bound):
    words = dict(bound("The Front routed the Taliban fighters near Bel. The members of the terrorist "
                       "group fled to Kesh."))
    assert words["group"] == "Taliban"


def test_an_owner_pronoun_in_what_a_speaker_says_is_the_speaker(bound):
    words = bound("Burundi, which backs the Congolese army, said two of its soldiers were killed.")
    assert ("its", "Burundi") in words


def test_an_object_pronoun_is_not_its_own_clauses_subject(bound):
    # the nearest fitting actor before "them" is the police, who cannot open fire on themselves
    words = bound("Protesters stormed a building in Nairobi, and police opened fire on them.")
    assert ("them", "Protesters") in words
