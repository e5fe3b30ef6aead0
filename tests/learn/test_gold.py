"""Aligning gold to text and to the extractor's actors."""
from kg.extract.actors import Actor
from kg.learn.examples import label_for
from kg.learn.gold import GoldDocument, align, find_evidence


def test_evidence_is_found_verbatim_and_across_a_changed_spacing():
    text = "Rebels shelled the town.\nThe army  responded with airstrikes."
    assert find_evidence(text, "shelled the town") == [(7, 23)]
    ((a, b),) = find_evidence(text, "The army responded")
    assert text[a:b] == "The army  responded"


def test_evidence_joined_by_a_semicolon_or_ellipsis_gives_each_part():
    text = "Hamas fired rockets. Later, Israel struck back at dawn."
    spans = find_evidence(text, "Hamas fired rockets ... Israel struck back")
    assert [text[a:b] for a, b in spans] == ["Hamas fired rockets", "Israel struck back"]


def test_evidence_not_in_the_text_aligns_to_nothing():
    assert find_evidence("Hamas fired rockets.", "nothing like this") == []


def test_actors_map_to_gold_by_any_surface_form_ignoring_case_and_article():
    gold = GoldDocument("d", "The Taliban took Kabul.", None,
                        [{"id": "tb", "names": ["Taliban"]}, {"id": "kb", "names": ["Kabul"]}],
                        [{"s": "tb", "p": "seizes", "o": "kb", "evidence": "took Kabul"}])
    actors = {"actor/taliban": Actor("actor/taliban", "Taliban movement", "ArmedGroup", {"the Taliban"}),
              "place/kabul": Actor("place/kabul", "Kabul", "Settlement", {"Kabul"}),
              "actor/other": Actor("actor/other", "Someone", "Person", {"Someone"})}
    al = align(gold, actors)
    assert al.actor_map == {"actor/taliban": "tb", "place/kabul": "kb"}
    assert al.formed == {"tb", "kb"}
    assert al.evidence == [[(12, 22)]]


def test_a_class_names_the_relation_and_its_direction_for_the_pair():
    sym = frozenset({"fights"})
    assert label_for("attacks", "a", "b", "a", sym) == "attacks>"
    assert label_for("attacks", "a", "b", "b", sym) == "attacks<"
    assert label_for("fights", "a", "b", "b", sym) == "fights="
