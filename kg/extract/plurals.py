"""Plural anaphors: "the two countries", "both sides", "all three groups" stand for the actors a
text has just named together, a pass of `kg.extract.resolve`.

"Tarkinia and Belia exchanged fire. The two countries agreed to a truce on Sunday." states a
truce between Tarkinia and Belia; bound to one of them, as a singular anaphor is, the truce had
one side and was lost. The anaphor needs its count ("both", "the two", "all three"): "the
countries" says neither how many nor which. Its actors are the nearest coordination before it
of that many actors of a fitting type ("talks between Tarkinia and Belia", "Tarkinia, Belia
and Caria"), else, for two, the only two such actors of its sentence or the one before.

The anaphor's token stands for the first actor (`DocActors.token_actor`) and for the others
too (`DocActors.also`), so the rule frames and the relation model see every one of them.
"""
from __future__ import annotations

from .actors import DocActors

__all__ = ["bind_plural_anaphors", "counted_plural"]

_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
# the actor types a plural anaphor of one kind may stand for ("the two governments" may be
# two countries); "sides" (`Lexicon.plural_sides`) stand for actors of any type
_FITTING = {"Country": {"Country", "Government"}, "Government": {"Government", "Country"},
            "ArmedGroup": {"ArmedGroup", "Organization", "Group"}, "StateForce": {"StateForce", "Country"},
            "Person": {"Person"}, "Organization": {"Organization", "Government"}, "Group": {"Group"}}
_WINDOW = 400  # tokens back to look for the actors named together


def counted_plural(tok) -> int | None:
    """How many actors a plural noun phrase counts: 2 for "both countries" and "the two
    sides", 3 for "all three groups"; None without a count ("the countries", "two soldiers"
    with no article, which are new people rather than ones named before).

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["the", "two", "countries", "agreed"],
    ...           tags=["DT", "CD", "NNS", "VBD"], heads=[2, 2, 3, 3], deps=["det", "nummod", "nsubj", "ROOT"])
    >>> counted_plural(doc[2])
    2
    """
    if tok.tag_ not in ("NNS", "NNPS"):
        return None
    count, article = None, False
    for c in tok.children:
        if c.i > tok.i:
            continue
        low = c.lower_
        if c.dep_ in ("det", "predet") and low == "both":
            count, article = 2, True
        elif c.dep_ == "nummod" and low in _COUNTS:
            count = _COUNTS[low]
        elif c.dep_ in ("det", "predet") and low in ("the", "all", "these", "those"):
            article = True
    return count if article else None


def _fits(actor, types: set[str] | None) -> bool:
    return not actor.is_place and (types is None or actor.type in types)


def _named_together(doc, tok, n: int, out: DocActors, types) -> list[str] | None:
    """The keys of the nearest coordination before `tok` of `n` fitting actors."""
    for t in reversed(doc[max(0, tok.i - _WINDOW):tok.i]):
        if not t.conjuncts or t.dep_ == "conj":
            continue
        keys = []
        # "Tarkinia, Belia and Caria" may be parsed as Belia in apposition to Tarkinia
        listed = [t, *t.conjuncts] + ([t.head] if t.dep_ == "appos" else [])
        for c in sorted(listed, key=lambda c: c.i):
            a = out.actor_at(c.i)
            if a is not None and _fits(a, types) and a.key not in keys and c.i < tok.i:
                keys.append(a.key)
        if len(keys) == n and not _listed_before(doc, min(c.i for c in listed), out, types):
            return keys
    return None


def _listed_before(doc, i: int, out: DocActors, types) -> bool:
    """Whether a fitting actor and a comma come just before token `i`: the list goes on to the
    left of the coordination the parser found ("Tarkinia, Belia and Caria" with Tarkinia read
    as a clause of its own)."""
    j = i - 1
    while j >= 0 and out.token_actor.get(j) == out.token_actor.get(i) and out.token_actor.get(i):
        j -= 1  # to the start of the first actor's name
    if j < 1 or doc[j].text != ",":
        return False
    a = out.actor_at(j - 1)
    return a is not None and _fits(a, types)


def _the_only_two(doc, tok, out: DocActors, types) -> list[str] | None:
    """The keys of the two fitting actors of `tok`'s sentence (before it) and the one before,
    when there are just two."""
    sent = tok.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    keys: list[str] = []
    for i in range(start, tok.i):
        a = out.actor_at(i)
        if a is not None and _fits(a, types) and a.key not in keys:
            keys.append(a.key)
    return keys if len(keys) == 2 else None


def bind_plural_anaphors(r) -> None:
    """Pass 6: "the two countries", "both sides" -> the actors named together before them
    (see the module's docstring); before `bind_anaphors`, which would bind one of them."""
    doc, out, lexicon = r.doc, r.actors, r.lexicon
    for tok in doc:
        if tok.i in out.token_actor or tok.pos_ != "NOUN":
            continue
        lemma = tok.lemma_.lower()
        if lemma in lexicon.plural_sides:
            types = None
        elif lemma in lexicon.plural_anaphors:
            types = _FITTING.get(lexicon.plural_anaphors[lemma], {lexicon.plural_anaphors[lemma]})
        else:
            continue
        n = counted_plural(tok)
        if n is None:
            continue
        keys = _named_together(doc, tok, n, out, types) or (_the_only_two(doc, tok, out, types)
                                                             if n == 2 else None)
        if keys:
            out.token_actor[tok.i] = keys[0]
            out.also[tok.i] = tuple(keys[1:])
