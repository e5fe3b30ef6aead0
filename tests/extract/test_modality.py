"""modality_of on its own: the modality and the source that the words around one trigger give
a relation, read from real parses of short texts."""
import pytest

from kg.extract.modality import ASSERTED, CLAIMED, CONDITIONAL, NEGATED, modality_of, with_modality
from kg.ingest import Document


@pytest.fixture(scope="module")
def read(extractor):
    """read(text, trigger word, subject word) -> (modality, name of the source or None)."""
    def run(text, trigger, subject):
        doc = extractor.nlp(extractor.make_doc(Document("t", text, "2025-01-01")))
        actors = doc._.akg_actors
        tok = next(t for t in doc if t.text == trigger)
        key = actors.token_actor[next(t.i for t in doc if t.text == subject)]
        subject_tokens = [t for t in tok.sent if actors.token_actor.get(t.i) == key]
        modality, source = modality_of(tok, subject_tokens, actors, extractor.rules.modality)
        return modality, actors.actors[source].name if source else None
    return run


@pytest.mark.parametrize("text, trigger, subject, expected", [
    ("Hamas attacked Israel.", "attacked", "Hamas", (ASSERTED, None)),
    ("Hezbollah did not attack Israel.", "attack", "Hezbollah", (NEGATED, None)),
    ("Iran suspended attacks on Israel.", "attacks", "Iran", (NEGATED, None)),
    ("Israel rejected a ceasefire with Hezbollah.", "ceasefire", "Israel", (NEGATED, None)),
    ("Rwanda denied supporting the M23 rebels.", "supporting", "Rwanda", (NEGATED, "Rwanda")),
    ("Ukraine says Russia attacked Kharkiv.", "attacked", "Russia", (CLAIMED, "Ukraine")),
    ("Suspected Houthi militants attacked the ship.", "attacked", "Houthi", (CLAIMED, None)),
    ("According to Hamas, Israel struck Rafah.", "struck", "Israel", (CLAIMED, "Hamas")),
    ("Egypt confirmed that Israel struck Rafah.", "struck", "Israel", (ASSERTED, "Egypt")),
    ("Hamas will attack Israel if the talks fail.", "attack", "Hamas", (CONDITIONAL, None)),
    ("Iran is ready to fight Israel.", "fight", "Iran", (CONDITIONAL, None)),
    ("Britain will keep supporting Ukraine after Russia warned Britain.", "warned", "Russia",
     (ASSERTED, None)),
    ("Israeli Prime Minister Benjamin Netanyahu said the truce held.", "Prime", "Benjamin",
     (ASSERTED, None)),
    ("Gunmen killed five men in Kesh; no group claimed the attack.", "killed", "Gunmen",
     (ASSERTED, None)),
    ("Gunmen killed five men in Kesh, police said.", "killed", "Gunmen", (CLAIMED, "Police")),
    ("Police did not say that gunmen killed the men.", "killed", "gunmen", (ASSERTED, None)),
], ids=["plain-is-asserted", "not-is-negated", "halted-is-negated", "rejected-is-negated", "denial-is-negated-and-attributed",
        "says-is-claimed-and-attributed", "suspected-subject-is-claimed", "according-to-is-claimed",
        "confirmed-is-asserted-and-attributed", "if-and-will-are-conditional",
        "ready-to-is-conditional", "future-in-another-clause-stays-asserted",
        "a-speakers-own-title-is-no-claim", "a-claim-after-a-semicolon-is-another-statement",
        "a-claim-after-a-comma-speaks-for-the-clause-before", "a-claim-nobody-made-is-no-claim"])
def test_modality_of_one_trigger(read, text, trigger, subject, expected):
    assert read(text, trigger, subject) == expected


def test_with_modality_reads_each_relation_and_leaves_one_without_a_trigger_alone(frames_extractor):
    extractor = frames_extractor
    doc = extractor.nlp(extractor.make_doc(Document("t", "Ukraine says Russia attacked Kharkiv.")))
    (r,) = doc._.akg_relations
    assert (r.modality, r.attributed_to) == (CLAIMED, "actor/ukraine")
    unanchored = type(r)("actor/russia", "attacks", "place/kharkiv", r.sentence, r.start, r.end,
                         r.trigger, r.confidence)
    assert with_modality(doc, [unanchored], doc._.akg_actors, extractor.rules.modality) == [unanchored]


def test_a_title_under_a_verb_of_saying_is_no_claim(analyse):
    # the killing is the army's claim; whose commander Jo Doe was is not
    actors, rels = analyse("The Nigerian army said it killed Boko Haram commander Jo Doe in Kesh.")
    name = {k: a.name for k, a in actors.items()}
    got = {(name[r.subject], r.predicate, name[r.object]): r.modality for r in rels}
    assert got[("Jo Doe", "memberOf", "Boko Haram")] == ASSERTED
    assert got[("Nigeria", "kills", "Jo Doe")] == CLAIMED
