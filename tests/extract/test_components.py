"""The extraction steps as spaCy components: added by name in their order, each leaving its
result on Doc._, and a step run without its data saying so."""
import pytest
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.extract import COMPONENTS, Extractor
from kg.extract.components import DOC_EXTENSIONS, Step
from kg.ingest import Document


def test_the_components_are_added_by_name_in_their_order(extractor: Extractor):
    names = [name for name, _, _ in COMPONENTS]
    pipeline = extractor.nlp.pipe_names
    assert [n for n in pipeline if n.startswith("akg_")] == names
    assert pipeline.index("akg_paragraphs") < pipeline.index("parser")
    assert pipeline.index("akg_dictionary") < pipeline.index("ner") < pipeline.index("akg_mentions")


def test_what_each_component_needs_an_earlier_one_assigns(extractor):
    problems = extractor.nlp.analyze_pipes(pretty=False)["problems"]
    assert all(not p for p in problems.values()), problems


def test_each_step_leaves_its_result_on_the_doc(extractor):
    doc = extractor.nlp(extractor.make_doc(Document("t", "Hamas fought Israel on Friday.", "2025-03-05")))
    assert set(DOC_EXTENSIONS) <= {name for name in DOC_EXTENSIONS if Doc.has_extension(name)}
    assert doc._.akg_date == "2025-03-05"
    assert [m.text for m in doc._.akg_mentions] == ["Hamas", "Israel"]
    assert sorted(doc._.akg_actors.actors) == ["actor/hamas", "actor/israel"]
    (r,) = doc._.akg_relations
    assert (r.predicate, r.modality, r.date, doc[r.trigger_i].text) == ("fights", "Asserted", "2025-02-28", "fought")


def test_a_step_without_its_data_says_so():
    step = Step("akg_relations", lambda doc, rules: None, ("rules",))
    with pytest.raises(ConfigError, match="akg_relations: no rules given"):
        step(object())
    assert step.use(rules=object(), lexicon=object()).data.keys() == {"rules"}


def test_a_failing_document_does_not_stop_the_others(extractor):
    docs = [Document("a", "Hamas fought Israel."), Document("b", "x" * (extractor.nlp.max_length + 1)),
            Document("c", "Russia attacked Ukraine.")]
    results = list(extractor.pipe(docs, batch_size=8))
    assert [d.id for d, _ in results] == ["a", "b", "c"]
    assert isinstance(results[1][1], Exception)
    assert [len(p._.akg_relations) for _, p in (results[0], results[2])] == [1, 1]


def test_the_dictionary_names_keep_their_types_and_the_ner_takes_on_no_labels(extractor):
    ner = extractor.nlp.get_pipe("ner")
    moves = ner.moves.n_moves
    doc = extractor.nlp(extractor.make_doc(Document("t", "Hamas fought Israel near Gaza City on Monday.")))
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Hamas", "ArmedGroup", "actor/hamas"), ("Israel", "Country", "actor/israel"),
        ("Gaza City", "Settlement", "place/gaza-city"), ("Monday", "DATE", "")]
    assert ner.moves.n_moves == moves and "ArmedGroup" not in ner.labels
