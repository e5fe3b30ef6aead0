"""What a pronoun or a definite noun refers back to: "it", "they", "its", "the group", "the
militants", "the valley" -> the actor the text named before it.

A reader resolves these by proximity and by salience: the nearest actor that fits (a person
for "he"), unless the sentence's structure points elsewhere, a speaker for what they say ("the
Front said it had seized Bel"), the main subject of a sentence over an actor in an aside ("The
Front, which the UN says is backed by Tarkinia, seized Bel. Tarkinia denies supporting the
group": the Front).
"""
from __future__ import annotations

from .actors import Actor, DocActors
from .paths import coordinated_head

__all__ = ["nearest_before", "pronoun_antecedent"]


def nearest_before(i: int, out: DocActors, types: set[str], window: int = 400,
                   head_word: str | None = None, doc=None) -> Actor | None:
    """Nearest fitting actor before token i; one named with `head_word` ("Swat Valley" for
    "the valley") wins over a nearer one that is not. With the `doc`, the main subject of the
    sentence wins over a nearest one in an aside of it: "The Front, which the UN says is
    backed by Tarkinia, seized Bel. Tarkinia denies supporting the group" (the Front)."""
    nearest, at = None, -1
    for j in range(i - 1, max(-1, i - window), -1):
        a = out.actor_at(j)
        if a is None or a.type not in types:
            continue
        if head_word is not None and any(head_word in f.lower().split() for f in a.surface_forms):
            return a
        if nearest is None:
            nearest, at = a, j
        if head_word is None:
            break
    if nearest is not None and doc is not None and _in_aside(doc[at]):
        return _sentence_subject(doc, at, i, out, types) or nearest
    return nearest


def _in_aside(tok) -> bool:
    """Whether a word stands in a relative clause ("The Front, which the UN says ..., seized
    Bel"): an aside of its sentence, whose main subject is what the sentence is about."""
    return any(t.dep_ == "relcl" for t in [tok, *tok.ancestors])


def _sentence_subject(doc, j: int, i: int, out: DocActors, types: set[str]) -> Actor | None:
    """The fitting actor that is the subject of the main verb of the sentence of token `j`,
    named before token `i`; else None."""
    sent = doc[j].sent
    root = sent.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i < i:
            a = out.actor_at(coordinated_head(c).i) or out.actor_at(c.i)
            if a is not None and a.type in types:
                return a
    return None


def pronoun_antecedent(tok, out: DocActors, person: bool) -> Actor | None:
    """The actor a pronoun stands for: a person for "he" and "she", else a group or state. A
    named person before an unnamed one ("Jo Doe met the envoy. He said ...": Jo Doe), since a
    story speaks of its named people; an unnamed one when no named person is near ("a gunman
    killed two soldiers before he was shot")."""
    def fits(a) -> bool:  # a person for a person's pronoun, else a group or state
        return a is not None and not a.is_place and (a.type == "Person") == person

    sent = tok.sent
    root = sent.root
    # a pronoun in a clause fronted before the main subject refers to that subject:
    # "To protect its borders, the army is deploying troops"
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and tok.i < subj.i:
        a = out.actor_at(subj.i)
        if fits(a):
            return a
    # the subject of what a speaker says is the speaker: "the Front said it had seized Bel",
    # "Jo Doe said he would resign" (not the actor named nearest before the pronoun)
    # ("... accused Y of lying and said it would ...": the subject the verbs share)
    # ... and so is the owner in that subject: "Tarkinia said two of its soldiers were killed"
    subject = tok
    for _ in range(4):
        if subject.dep_ not in ("poss", "pobj", "prep") or subject.head.i == subject.i:
            break
        subject = subject.head
    head = subject.head
    if subject.dep_ in ("nsubj", "nsubjpass") and head.dep_ == "ccomp" and head.head.pos_ == "VERB":
        verb, speaker = head.head, None
        for _ in range(3):
            speaker = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < tok.i), None)
            if speaker is not None or verb.dep_ != "conj":
                break
            verb = verb.head
        a = out.actor_at(speaker.i) if speaker is not None else None
        if fits(a):
            return a
    unnamed = None
    own = _own_subjects(tok, out)
    for j in range(tok.i - 1, max(-1, sent.start - 60), -1):
        a = out.actor_at(j)
        if not fits(a) or a.key in own:
            continue
        if not (person and a.generic):
            return a
        unnamed = unnamed or a
    return unnamed


def _own_subjects(tok, out: DocActors) -> set[str]:
    """The actors that are the subject of the verb a pronoun is the object of: never what the
    pronoun stands for ("police opened fire on them": not the police)."""
    if tok.dep_ not in ("dobj", "pobj", "dative"):
        return set()
    verb = tok.head
    while verb.dep_ in ("prep", "pobj", "dobj") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [s for c in verb.children if c.dep_ == "nsubj" for s in (c, *c.conjuncts)]
    return {k for s in subjects if (k := out.token_actor.get(s.i)) is not None}
