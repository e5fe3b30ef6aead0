"""The relation model as data: its files, its probabilities, what it decides, and how it fails."""
import json

import numpy as np
import pytest

from kg.errors import ConfigError
from kg.extract.model import RelationModel, default_model_dir, label_parts

from conftest import SEED


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


def test_confidence_follows_the_calibration_of_its_kind():
    m = _model()
    m.calibration = ([0.0, 1.0], [0.0, 0.5])
    m.frame_calibration = ([0.0, 1.0], [0.5, 1.0])
    assert m.confidence(0.5) == pytest.approx(0.25)
    assert m.confidence(0.5, framed=True) == pytest.approx(0.75)


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
