"""The relation model as data: its files, its probabilities, what it decides, and how it fails."""
import json

import numpy as np
import pytest

from kg.errors import ConfigError
from kg.extract.model import RelationModel, default_model_dir, label_parts

from conftest import SEED, triples


def _model(threshold=0.5):
    # two features, classes none / attacks> / fights=
    return RelationModel(["attacks>", "fights="], {"lca=attack": 0, "lca=clash": 1},
                         np.array([[0, 4, 0], [0, 0, 4]], np.float32), np.array([2, 0, 0], np.float32),
                         threshold, 0.1)


def test_probabilities_are_a_softmax_over_none_and_the_classes():
    p = _model().probabilities([["lca=attack"], ["lca=clash", "unknown feature"], []])
    assert np.allclose(p.sum(axis=1), 1.0)
    assert p[0].argmax() == 1 and p[1].argmax() == 2 and p[2].argmax() == 0


def test_a_relation_is_stated_at_the_threshold_or_at_the_lower_one_when_the_frames_agree():
    m = _model(threshold=0.6)
    row = np.array([0.5, 0.35, 0.15])
    assert m.decide(row) == []
    assert m.decide(row, frames=("attacks>",)) == [("attacks>", 0.35, True)]
    assert m.decide(np.array([0.2, 0.7, 0.1])) == [("attacks>", 0.7, False)]


def test_the_model_states_no_direction_the_frames_read_the_other_way_only():
    m = RelationModel(["attacks<", "attacks>"], {}, np.zeros((0, 3)), np.zeros(3), 0.3)
    row = np.array([0.1, 0.45, 0.45])
    assert {label for label, _, _ in m.decide(row)} == {"attacks<", "attacks>"}
    assert [label for label, _, _ in m.decide(row, frames=("attacks<",))] == ["attacks<"]
    # both ways when the frames read both ("X and Y attacked each other")
    assert len(m.decide(row, frames=("attacks<", "attacks>"))) == 2


def test_confidence_is_a_logistic_score_of_the_statement_mapped_through_its_calibration():
    m = _model()
    m.confidence_weights = {"bias": 0.0, "framed": 2.0}
    m.calibration = ([0.0, 1.0], [0.0, 0.5])
    assert m.confidence({"framed": 0.0}) == pytest.approx(0.25)  # sigmoid(0) = 0.5 -> 0.25
    assert m.confidence({"framed": 1.0}) > m.confidence({"framed": 0.0})


def test_evidence_gathers_every_pair_of_the_document_that_states_the_triple():
    from kg.extract.candidates import Candidate
    from kg.extract.model import Evidence, statement_features

    ev = Evidence()
    ev.add(Candidate("actor/a", "actor/b", 0, 30, (0, 2), 1, ["lca=attack"]), 0.6, 0.3, False)
    ev.add(Candidate("actor/a", "actor/b", 31, 60, (8, 10), 9, ["a_pron"]), 0.4, 0.5, True)
    assert (ev.p, ev.p_none, ev.framed, ev.pronoun, ev.sentences) == (0.6, 0.3, True, True, {0, 31})
    f = statement_features(ev, 120)
    assert f["support"] == pytest.approx(np.log(3)) and f["opening"] == 1.0 and f["position"] == 0.0
    assert f["framed"] == 1.0 and f["framed_logit"] == f["logit_p"] == pytest.approx(np.log(1.5))
    assert f["pronoun"] == 1.0 and f["logit_none"] == pytest.approx(np.log(0.3 / 0.7))


def test_a_place_between_a_town_and_its_country_is_no_objects_place():
    from kg.extract.actors import Actor
    from kg.extract.candidates import Candidate
    from kg.extract.model import stated

    actors = {"actor/a": Actor("actor/a", "Tarkinia", "Country"),
              "place/b": Actor("place/b", "Bel Province", "Region")}
    row = np.array([[0.1, 0.8, 0.1]])
    said = lambda feats: [x[1] for x in stated(  # noqa: E731
        [Candidate("actor/a", "place/b", 0, 40, (0, 5), 3, feats)], row, _model(), actors)]
    # "Tarkinian jets struck a school in Kesh, Bel Province, Ostia": the town and the country
    assert said(["lca=attack", "chainb=mid"]) == []
    assert said(["lca=attack", "chainb=first"]) == said(["lca=attack", "chainb=last"]) == ["attacks>"]


def test_a_saved_model_loads_as_it_was(tmp_path):
    m = _model()
    m.meta = {"documents": 3}
    m.save(tmp_path / "m")
    back = RelationModel.load(tmp_path / "m")
    assert back.classes == m.classes and back.features == m.features
    assert np.array_equal(back.weights, m.weights) and back.meta == {"documents": 3}
    assert back.fingerprint() == m.fingerprint()


def test_a_missing_or_foreign_model_is_one_config_error_naming_the_folder(tmp_path):
    with pytest.raises(ConfigError, match="no relation model there"):
        RelationModel.load(tmp_path)
    _model().save(tmp_path / "m")
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    info["format"] = 99
    (tmp_path / "m" / "model.json").write_text(json.dumps(info))
    with pytest.raises(ConfigError, match="format 99"):
        RelationModel.load(tmp_path / "m")


def test_a_model_of_the_earlier_format_is_a_one_line_error_asking_for_a_new_one(tmp_path):
    # the first format kept one calibration curve per kind of statement and no confidence weights
    _model().save(tmp_path / "m")
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    del info["confidence_weights"]
    info.update(format=1, frame_calibration=[[0.0, 1.0], [0.0, 1.0]])
    (tmp_path / "m" / "model.json").write_text(json.dumps(info))
    with pytest.raises(ConfigError) as e:
        RelationModel.load(tmp_path / "m")
    assert "\n" not in str(e.value)
    assert str(e.value).startswith(f"{tmp_path / 'm'}: relation model format 1, this actor-kg reads format 2")
    assert "kg train" in str(e.value)


def test_a_triple_two_sentences_state_is_surer_than_the_same_sentence_alone(analyse):
    once = "Russia attacked Ukraine on Monday."
    twice = once + " Russia attacked Ukraine again on Tuesday."

    def confidence(text):  # (the confidence every statement of the triple carries, statements)
        actors, relations = analyse(text)
        named = lambda r: (actors[r.subject].name, r.predicate, actors[r.object].name)  # noqa: E731
        said = [r for r in relations if named(r) == ("Russia", "attacks", "Ukraine")]
        (c,) = {r.confidence for r in said}
        return c, len(said)

    (alone, n1), (again, n2) = confidence(once), confidence(twice)
    # the calibration curve is a staircase (isotonic), so two scores may share one step
    assert (n1, n2) == (1, 2) and again >= alone
    from dataclasses import replace

    from kg.extract.model import Evidence, statement_features
    model = replace(RelationModel.load(), calibration=([0.0, 1.0], [0.0, 1.0]))  # the score itself
    one, two = Evidence(p=0.7, p_none=0.2, sentences={0}), Evidence(p=0.7, p_none=0.2, sentences={0, 40})
    assert model.confidence(statement_features(two, 80)) > model.confidence(statement_features(one, 80))


def test_the_shipped_model_loads_and_knows_the_common_relations():
    m = RelationModel.load(default_model_dir())
    assert {"attacks>", "kills>", "leads<", "memberOf<", "negotiatesWith="} <= set(m.classes)
    assert m.meta["documents"] == 696


def test_a_label_names_relation_and_direction():
    assert label_parts("attacks<") == ("attacks", "<")


def test_the_seed_article_gives_its_six_core_relations_with_the_afghan_army_its_own_actor(extractor):
    from kg.ingest import read_paths

    (doc,) = list(read_paths([SEED]))
    actors, relations, _ = extractor.analyse(doc)
    name = {k: a.name for k, a in actors.items()}
    found = {(name[r.subject], r.predicate, name[r.object]) for r in relations}
    nrf = "National Resistance Front"
    assert {(nrf, "fights", "Taliban"), (nrf, "negotiatesWith", "Taliban"),
            (nrf, "recruitsFrom", "Kapisa"), (nrf, "recruitsFrom", "Parwan"),
            ("Afghan Army", "trains", nrf), ("Taliban", "besieges", "Panjshir")} <= found
    army = next(a for a in actors.values() if a.name == "Afghan Army")
    assert army.type == "StateForce"
    assert all(0.0 < r.confidence < 1.0 and r.trigger and r.trigger in r.sentence for r in relations)


def test_the_model_states_no_killing_of_a_country_whatever_its_probability(extractor):
    from kg.extract.actors import Actor
    from kg.extract.model import _allowed

    army = Actor("actor/army", "Army", "StateForce")
    rules = extractor.rules
    assert not _allowed("kills", army, Actor("actor/mali", "Mali", "Country"), rules)
    assert not _allowed("releases", army, Actor("actor/gov", "Government of Mali", "Government"), rules)
    assert _allowed("kills", army, Actor("actor/gunmen", "Gunmen", "ArmedGroup"), rules)
    assert _allowed("attacks", army, Actor("actor/mali", "Mali", "Country"), rules)  # attacks may
    # nobody is a member of a person: "Front leader Jo Doe and chief justice Ann Roe"
    person = Actor("actor/jo-doe", "Jo Doe", "Person")
    assert not _allowed("memberOf", Actor("actor/ann-roe", "Ann Roe", "Person"), person, rules)
    assert _allowed("memberOf", person, Actor("actor/front", "Front", "ArmedGroup"), rules)


def test_no_hostile_relation_joins_a_country_to_its_own_armed_forces(extractor):
    from kg.extract.actors import Actor
    from kg.extract.model import _allowed

    tarkinia = Actor("actor/tarkinia", "Tarkinia", "Country", country="actor/tarkinia")
    navy = Actor("actor/tarkinian-navy", "Tarkinian Navy", "StateForce", country="actor/tarkinia")
    rebels = Actor("actor/tarkin-front", "Tarkin Front", "ArmedGroup", country="actor/tarkinia")
    breakaway = Actor("actor/north-army", "North Army", "StateForce", country="actor/tarkinia")
    rules = extractor.rules
    assert not _allowed("attacks", navy, tarkinia, rules)
    assert not _allowed("sanctions", tarkinia, navy, rules)
    # its own rebels, a breakaway region's army and a foreign navy are fair game, and a state
    # may still lead its army
    assert _allowed("attacks", rebels, tarkinia, rules) and _allowed("attacks", tarkinia, rebels, rules)
    assert _allowed("fights", navy, breakaway, rules)
    assert _allowed("attacks", navy, Actor("actor/ostia", "Ostia", "Country", country="actor/ostia"), rules)
    assert _allowed("memberOf", navy, tarkinia, rules)


def test_a_named_army_is_stated_against_its_enemy_and_never_its_own_country(analyse):
    actors, relations = analyse("The Israel Defense Forces attacked Hamas positions in Gaza on "
                                "Monday, Israel said.\n")
    idf = next(a for a in actors.values() if a.name == "Israel Defense Forces")
    assert idf.country == "actor/israel"  # known from resolution on, before any relation
    found = triples(relations, actors)
    assert ("Israel Defense Forces", "attacks", "Hamas") in found
    assert not {t for t in found if {t[0], t[2]} == {"Israel Defense Forces", "Israel"}
                and t[1] in ("attacks", "kills", "fights", "opposes")}


def test_full_articles_have_their_own_threshold_and_summaries_keep_theirs(tmp_path):
    from kg.extract.model import LONG_TEXT

    model = _model()
    assert model.threshold_for(LONG_TEXT * 3) == model.threshold  # none of its own: the one threshold
    model.long_threshold = 0.3
    assert model.threshold_for(LONG_TEXT - 1) == 0.5 and model.threshold_for(LONG_TEXT) == 0.3
    again = RelationModel.load(model.save(tmp_path / "m"))
    assert again.long_threshold == 0.3 and again.fingerprint() == model.fingerprint()
    model.long_threshold = 0.35
    assert model.fingerprint() != again.fingerprint()
