"""How sure a statement is said to be: asserted, claimed (and by whom), conditional or negated.

Read from the words around the trigger: "suspected", "reportedly", "X says", "according to X",
"if", "will", "denies". The word lists live in `kg/data/relations.toml` under [modality].
`modality_of` reads one trigger; `with_modality` gives each relation of a document its own.
"""
from __future__ import annotations

from dataclasses import replace

from ..vocab import MODALITIES
from .actors import DocActors
from .frames import Relation
from .rules import ModalityRules
from .sentences import Sentences

__all__ = ["ASSERTED", "CLAIMED", "CONDITIONAL", "NEGATED", "modality_of", "with_modality"]

ASSERTED, CLAIMED, CONDITIONAL, NEGATED = MODALITIES


def _subject_actor(verb, actors: DocActors):
    """Who speaks: the subject, or the "by" agent of a passive ("Y was accused by X");
    the passive subject is who is spoken about. A second verb shares the first one's subject
    ("X denied A and said B")."""
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    for c in verb.children:
        tokens = [c] if c.dep_ == "nsubj" else [p for p in c.children if p.dep_ == "pobj"] \
            if c.dep_ == "agent" else []
        for t in tokens:
            a = actors.actor_at(t.i)
            if a is not None and not a.is_place:
                return a
    return None


def _apart(clause, verb) -> bool:
    """Whether a semicolon stands between a clause and the verb the parser hangs it on after it:
    "Gunmen killed five men; no group claimed the attack" are two statements, not one said."""
    return clause.i < verb.i and any(t.text == ";" for t in clause.doc[clause.right_edge.i + 1:verb.i])


def _unsaid(verb) -> bool:
    """Whether a claim verb says nobody claimed anything: "did not say", "no group claimed"."""
    return any(c.dep_ == "neg" or c.dep_ in ("nsubj", "nsubjpass")
               and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
               for c in verb.children)


def modality_of(trigger, subject_tokens, actors: DocActors, rules: ModalityRules, sent=None,
                said: bool = True):
    """(modality, attributed actor key or None) for a relation fired by `trigger` (in `sent`,
    its sentence, when it is known). `said`: whether a verb of saying over the trigger, or
    "according to", makes the relation its speaker's claim; not for a title ("Tarkinia said
    it killed Front commander Jo Doe" does not question whose commander Jo Doe was)."""
    modality = ASSERTED
    source = None
    sent = trigger.sent if sent is None else sent
    chain = [trigger, *trigger.ancestors]
    in_clause = True
    if any(c.dep_ == "neg" for c in trigger.children):
        modality = NEGATED
    elif trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in rules.halting_verbs:
        modality = NEGATED
    for depth, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        # a verb speaks only for its complements: not for a verb beside it ("X denied A and
        # said B"), nor for its subject and what describes it ("X, which has fought Y, denied
        # A"; "President Jo Doe said ...": Jo Doe's title is no claim of Jo Doe's)
        beside = depth > 0 and chain[depth - 1].dep_ == "conj"
        subject = depth > 0 and chain[depth - 1].dep_ in ("nsubj", "nsubjpass")
        speaks = depth > 0 and not beside and not subject and not _apart(chain[depth - 1], tok)
        if speaks and lemma in rules.denial_verbs:
            a = _subject_actor(tok, actors)
            return NEGATED, a.key if a else None
        says = said and speaks and tok.pos_ == "VERB"  # a verb of saying over it (not over a title)
        if says and lemma in rules.claim_verbs and not _unsaid(tok):
            a = _subject_actor(tok, actors)
            if modality == ASSERTED:
                modality = CLAIMED
            source = source or (a.key if a else None)
        elif says and lemma in rules.attribution_verbs:
            a = _subject_actor(tok, actors)
            source = source or (a.key if a else None)
        # a future or condition of a governing verb carries over only into its complements
        # ("will continue to support") and to an event noun it governs ("could carry out
        # attacks"), not into clauses beside it ("... after Russia warned")
        if depth > 0 and chain[depth - 1].dep_ not in ("xcomp", "conj", "ccomp", "pcomp", "prep", "pobj") \
                and not (depth == 1 and trigger.dep_ == "dobj"):
            in_clause = False
        if modality == ASSERTED and (depth == 0 or in_clause):
            if any(c.dep_ == "aux" and c.lower_ in rules.conditional_auxes for c in tok.children):
                modality = CONDITIONAL
            elif depth > 0 and lemma in rules.conditional_heads and chain[depth - 1].dep_ == "xcomp":
                modality = CONDITIONAL
            elif any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in rules.conditional_marks
                                               for m in c.children) for c in tok.children):
                modality = CONDITIONAL
            elif tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in rules.conditional_marks
                                             for m in tok.children):
                modality = CONDITIONAL
    if modality == ASSERTED:
        near = [c for t in chain[:3] for c in t.children] + \
            [c for s in subject_tokens for c in s.subtree]
        if any(c.lower_ in rules.claimed_words for c in near):
            modality = CLAIMED
        else:
            clause = next((t for t in chain if t.pos_ in ("VERB", "AUX")), trigger)
            text = " " + " ".join(t.lower_ for t in clause.subtree) + " "
            if any(f" {p} " in text for p in rules.conditional_phrases):
                modality = CONDITIONAL
    for tok in sent if said else ():
        # "according to X" makes the whole sentence X's claim
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            if modality == ASSERTED:
                modality = CLAIMED
            for t in tok.nbor().subtree:
                a = actors.actor_at(t.i)
                if a is not None and not a.is_place:
                    source = source or a.key
                    break
    return modality, source


def with_modality(doc, relations: list[Relation], actors: DocActors,
                  rules: ModalityRules, titles: dict | None = None) -> list[Relation]:
    """Each relation with the modality and the source that the words around its trigger give
    it; the subject's own words count ("suspected gunmen"). A relation that does not know its
    trigger token is left as it is. `titles`: title word -> the rule it fires (`Rules.titles`:
    "commander" -> memberOf); a relation a title states is nobody's claim for a verb of saying
    over it."""
    out = []
    sentences = Sentences(doc) if any(r.trigger_i >= 0 for r in relations) else None
    for r in relations:
        if r.trigger_i < 0:
            out.append(r)
            continue
        trigger, sent = doc[r.trigger_i], sentences.of(r.trigger_i)
        subject = [t for t in sent if actors.token_actor.get(t.i) == r.agent]
        title = (titles or {}).get(r.trigger.lower())
        said = title is None or title.name != r.predicate
        modality, source = modality_of(trigger, subject, actors, rules, sent, said)
        out.append(replace(r, modality=modality, attributed_to=source))
    return out
