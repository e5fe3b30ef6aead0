"""The rule and word-list files are checked against their schema when they load: a typo in a key,
a slot, a relation or a type is one line naming the file and the key, never taken in silence."""
import re
from importlib import resources

import pytest

from kg.errors import ConfigError, KgError
from kg.extract.dictionary import Dictionary
from kg.extract.lexicon import Lexicon
from kg.extract.rules import Rules
from kg.extract.schema import GAZETTEER, LEXICON, RELATIONS, load_toml

DATA = resources.files("kg").joinpath("data")
MODALITY = DATA.joinpath("relations.toml").read_text(encoding="utf-8").split("# How the words around")[1]


def _rules(tmp_path, relation_table: str):
    """A rules file with one relation table of a test's own and the bundled [modality]."""
    path = tmp_path / "relations.toml"
    path.write_text(relation_table + "\n# How the words around" + MODALITY, encoding="utf-8")
    return path


def _error(load, path) -> str:
    with pytest.raises(ConfigError) as err:
        load(path)
    message = str(err.value)
    assert isinstance(err.value, KgError) and "\n" not in message and message.startswith(str(path))
    return message


def test_the_bundled_files_fit_their_schemas():
    for name, schema in (("relations.toml", RELATIONS), ("lexicon.toml", LEXICON),
                         ("gazetteer.toml", GAZETTEER)):
        assert load_toml(DATA.joinpath(name), schema, name)


@pytest.mark.parametrize("table, named", [
    ('[negotiatesWith]\nverbs = ["negotiate"]\nhost_verb = ["host"]', "[negotiatesWith] unknown key 'host_verb'"),
    ('[recruitsFrom]\nverb_objects = ["dobj:nmaed"]', "[recruitsFrom] verb_objects: unknown slot 'dobj:nmaed'"),
    ('[fights]\nverb_objects = ["agianst"]', "[fights] verb_objects: unknown slot 'agianst'"),
    ('[fights]\nnoun_objects = ["toward:aimed"]', "[fights] noun_objects: unknown slot 'toward:aimed'"),
    ('[befriends]\nverbs = ["befriend"]', "[befriends] is not a relation of the ontology"),
    ('[fights]\nobject = "actors"', "[fights] object: 'actors' is not one of actor, people, place"),
    ('[fights]\nconfidence = 7', "[fights] confidence: 7 is not a number from 0 to 1"),
    ('[fights]\nexcluded_pairs = [["Country", "Contry"]]', "[fights] excluded_pairs: unknown type 'Contry'"),
    ('[fights]\nverbs = "fight"', "[fights] verbs: expected a list of words"),
    ('[fights]\nadjective_direction = "tail"', "[fights] adjective_direction: 'tail' is not one of head"),
])
def test_a_typo_in_the_rules_is_one_line_naming_the_file_and_the_key(tmp_path, table, named):
    assert named in _error(Rules.load, _rules(tmp_path, table))


def test_rules_without_their_modality_table_are_refused(tmp_path):
    path = tmp_path / "relations.toml"
    path.write_text('[fights]\nverbs = ["fight"]\n', encoding="utf-8")
    assert "missing key 'modality'" in _error(Rules.load, path)


def test_every_slot_of_the_bundled_rules_is_read_as_written():
    rules = Rules.load()
    assert rules.relations["recruitsFrom"].verb_objects == ("from", "in", "among", "dobj:named")
    assert "toward:aimed" in rules.relations["attacks"].verb_objects


def test_a_typo_in_the_lexicon_is_one_line_naming_the_file_and_the_key(tmp_path):
    text = DATA.joinpath("lexicon.toml").read_text(encoding="utf-8")
    for typo, named in ((("role_nouns =", "role_noun ="), "unknown key 'role_noun'"),
                        (("[anaphors]\nArmedGroup", "[anaphors]\nArmedGroops"),
                         "[anaphors] unknown type 'ArmedGroops'")):
        path = tmp_path / "lexicon.toml"
        path.write_text(text.replace(*typo, 1), encoding="utf-8")
        assert named in _error(Lexicon.load, path)


def test_a_member_group_or_unowned_body_the_resolver_never_reaches_is_refused(tmp_path):
    # "sailor" is a group noun no state owns, "embassy" no role noun: both would never fire
    text = DATA.joinpath("lexicon.toml").read_text(encoding="utf-8")
    for edit, named in ((('member_groups = ["soldier",', 'member_groups = ["sailor", "soldier",'),
                         "member_groups: 'sailor'"),
                        (('Group = ["delegation"]', 'Group = ["delegation", "embassy"]'),
                         "unowned_bodies: 'embassy'")):
        assert edit[0] in text
        path = tmp_path / "lexicon.toml"
        path.write_text(text.replace(*edit, 1), encoding="utf-8")
        assert named in _error(Lexicon.load, path)


def test_an_actor_file_with_an_unknown_column_is_refused_naming_the_column(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,type,alias\nTarkin Front,ArmedGroup,TF\n", encoding="utf-8")
    message = _error(lambda p: Dictionary.load([p], subdivisions=False), path)
    assert re.search(r"unknown column 'alias' \(columns: name, type, aliases", message)
