"""The title frames: what a person's title says of them and the actor it belongs to.

"Hamas commander X" (X memberOf Hamas), "Israeli prime minister X" (X leads Israel), "President
of Tarkin X", "First Secretary of the Party X", "X, the leader of Y", "the leader of Y, X". The
title words and the relation each gives are the `titles` of `kg/data/relations.toml`; the
`Frames` of `kg.extract.frames` run these after the token frames, and they emit through it.
"""
from __future__ import annotations

from .actors import named_as, owner_of, predicate_subject
from .candidates import is_full_article
from .roles import NP_MODIFIERS

__all__ = ["title_frames"]

_PAST = ("former", "ex", "ex-", "late")  # a title no longer held: "a former Front commander"


def title_frames(f) -> None:
    """Emit, through `f` (a `kg.extract.frames.Frames`), the relations the titles of its
    document's persons give: 'Hamas commander X', 'Israeli prime minister X', 'X, the leader
    of Y'."""
    titles = f.rules.titles
    for m in f.actors.mentions:
        person = f.actors.actor_at(m.start)
        if person is None or person.type != "Person":
            continue
        # titles written before the name, with the actor they belong to before them
        i, title, title_tok, words, owned = m.start - 1, None, None, "", False
        first = m.start  # where the title begins
        # a name the dictionary knows with its title ("President Jo Doe"): the title is inside
        for j in (m.start + 1, m.start):
            found = _title_at(f.doc, j, titles) if j < m.end - 1 else None
            if found is not None and found[1] == m.start:
                title, title_tok, words = found[0], f.doc[j], f.doc[m.start:j + 1].text
                break
        while i >= 0:
            t = f.doc[i]
            found = _title_at(f.doc, i, titles) if title is None else None
            if found is not None:
                title, first = found
                title_tok, words = t, f.doc[first:i + 1].text  # as written: "Prime Minister"
                i = first - 1
                continue
            if title is None and f.actors.actor_at(i) not in (None, person):
                # "President of Tarkin Jo Doe", "First Secretary of the Party Jo Doe"
                owned = _title_of_owner(f, f.actors.actor_at(i), i, person, titles)
                break
            if title is None and f.actors.actor_at(i) is person:
                i -= 1  # "Secretary of State" bound to the person it names: its title
                continue
            if f.actors.actor_at(i) is not None and title is not None:
                owner = f.actors.actor_at(i)
                # the owner must modify the title inside one noun phrase, not stand beside it
                # (a name just before the title does, however it is parsed: in "WHO chief Jo
                # Doe" the parser reads WHO as the pronoun, the subject of "chief")
                adjacent = i == first - 1 and bool(t.ent_type_)
                if _may_own_title(owner, person) and (t.dep_ in NP_MODIFIERS or adjacent):
                    f.emit(titles[title], title_tok, [(person, False)], [(owner, False)],
                           words, direct=True)
                    owned = True
                break
            # "Sudan's former finance minister X", "the group's military commander X"
            # "Tarkinia's Interior Minister X": a portfolio before the title is the title's
            if t.text != "," and (t.pos_ in ("ADJ", "PUNCT", "DET") or t.tag_ == "POS" or (
                    t.pos_ == "NOUN" and t.is_lower and title is not None and t.dep_ in NP_MODIFIERS)
                    or (title is not None and t.dep_ == "compound" and t.head.i == title_tok.i)):
                i -= 1
                continue
            break
        if title is not None and not owned:
            _title_of_state(f, person, title, title_tok, words)
        # "X, the leader of Y" / "the leader of Y, X"
        head = f.doc[m.end - 1]
        cands = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            cands.append(head.head)
        title_tok = _title_of_pobj(head.head, titles) if head.dep_ == "appos" else None
        if title_tok is not None:
            # "the president of Tarkinia, Jo Doe,": the parse hangs the name on the owner
            owner = f.actors.actor_at(head.head.i)
            title, first = _title_at(f.doc, title_tok.i, titles)
            if owner is not None and _may_own_title(owner, person):
                f.emit(titles[title], title_tok, [(person, False)], [(owner, False)],
                       f.doc[first:title_tok.i + 1].text, direct=True)
        for c in cands:
            lemma = c.lemma_.lower()
            if lemma not in titles:
                continue
            bound = f.actors.actor_at(c.i)
            if bound is None:
                owner = owner_of(c, f.actors)
            else:
                # "X, the WHO chief": the title noun is bound to the owner named before it in
                # its phrase, as a group noun is (not to another person, nor to a group that
                # the title makes itself: "former Chief of Staff")
                # ("the commander of the Tarkin Front, Jo Doe,": bound to the owner after "of")
                named = any(ch.dep_ in ("compound", "poss") and f.actors.actor_at(ch.i) is bound
                            for ch in c.children) or any(
                    p.dep_ == "pobj" and f.actors.actor_at(p.i) is bound
                    for ch in c.children if ch.dep_ == "prep" and ch.lower_ == "of" for p in ch.children)
                owner = bound if named and not bound.generic and bound.type != "Person" else None
            if owner is not None and owner is not person:
                # the longest title: "X, deputy head of Y" is a member of Y, not its head
                title, first = _title_at(f.doc, c.i, titles)
                f.emit(titles[title], c, [(person, False)], [(owner, True)], f.doc[first:c.i + 1].text,
                       direct=True)
    _predicate_titles(f, titles)
    _role_titles(f, titles)


def _role_titles(f, titles) -> None:
    """A person the text names only by a title and the body it serves ("a Tarkin Front
    commander", "the commander of the Front", "an al-Tarkin operative"): a member of that body,
    or what else the title says; and the person it is said to be "known as" or "named". Not
    for a country's ("a Tarkinian soldier"): readers state that one as often as not; nor for a
    title held once ("a former Front commander")."""
    doc = f.doc
    for tok in doc:
        if tok.pos_ != "NOUN":
            continue
        named = named_as(tok, f.actors)
        person = named or f.actors.actor_at(tok.i)
        if person is None or person.type != "Person" or not (named or person.generic):
            continue
        found = _title_at(doc, tok.i, titles)
        if found is None or any(c.lower_ in _PAST for c in tok.children):
            continue
        near = [t for c in tok.children if c.dep_ in ("compound", "poss", "amod", "nmod")
                for t in c.subtree] + \
            [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
             if p.dep_ == "pobj"]
        owner = next((a for a in map(f.actors.actor_at, (t.i for t in near))
                      if a is not None and a is not person), None)
        if owner is not None and _may_own_title(owner, person) and not owner.is_place \
                and owner.type != "Country":
            f.emit(titles[found[0]], tok, [(person, False)], [(owner, False)],
                   doc[found[1]:tok.i + 1].text, direct=True)


def _predicate_titles(f, titles) -> None:
    """A title the sentence gives its subject, with "of" and its owner: "Jo Doe was sworn in as
    president of Tarkinia" (leads), "Jo Doe became commander of the Tarkin Front" (memberOf),
    as the title's relation says."""
    doc = f.doc
    for tok in doc:
        # a predicate noun only (`predicate_subject` asks the same first): reading every noun's
        # children was a tenth of the extraction's time
        if tok.pos_ not in ("NOUN", "PROPN") or not (
                tok.dep_ in ("attr", "oprd") or (tok.dep_ == "pobj" and tok.head.lower_ == "as")):
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        subject = predicate_subject(tok, f.actors) if of is not None else None
        found = _title_at(doc, tok.i, titles) if subject is not None else None
        if found is None:
            continue
        owner = next((f.actors.actor_at(c.i) for c in of.children if c.dep_ == "pobj"), None)
        if owner is None or owner is subject or (owner.is_place and owner.type != "Country"):
            continue
        f.emit(titles[found[0]], tok, [(subject, False)], [(owner, False)],
               doc[found[1]:tok.i + 1].text, direct=True)


def _may_own_title(owner, person) -> bool:
    """Whether an actor named with a person's title may be whose title it is: not the person,
    nor another person, nor a place that is no country."""
    return owner is not person and owner.type != "Person" \
        and (not owner.is_place or owner.type == "Country")


def _title_of_pobj(tok, titles):
    """The title noun whose "of" `tok` is the object of ("the president of Tarkinia"), else None
    (and None for a title that is itself another's: "the wife of the president of Tarkinia")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i == prep.i:
        return None
    title = prep.head
    return title if title.lemma_.lower() in titles and title.dep_ != "pobj" else None


def _title_of_owner(f, owner, i: int, person, titles) -> bool:
    """A title, "of" and its owner before a person's name: the owner's mention ends at
    token `i`; the title is read before its "of" (and an article). True when it was one."""
    if owner.is_place and owner.type != "Country":
        return False
    while i > 0 and f.actors.actor_at(i - 1) is owner:
        i -= 1
    k = i - 1
    if k > 0 and f.doc[k].lower_ in ("the", "a", "an"):
        k -= 1
    if k < 1 or f.doc[k].lower_ != "of":
        return False
    found = _title_at(f.doc, k - 1, titles)
    if found is not None:
        f.emit(titles[found[0]], f.doc[k - 1], [(person, False)], [(owner, False)],
               f.doc[found[1]:k].text, direct=True)
    return found is not None


def _title_of_state(f, person, title: str, tok, words: str) -> None:
    """"President Jo Doe" with no state named beside the title: a reader knows whose president
    Jo Doe is, and so does the actor dictionary (`Actor.country`); the relation is stated when
    the document names that country too, so the edge stays within what the text is about. In
    a full article, a person the dictionary does not know is of the one country the article
    names, if it names one only ("Tarkin held elections ... Interior Minister Jo Doe said
    ..."): an article about one country names its officials so. A news summary of a sentence
    or two names the state beside the title when it says whose official they are."""
    rule = f.rules.state_titles.get(title)
    if person.country:
        state = f.actors.actors.get(person.country)
    else:
        state = _only_country(f.actors) if is_full_article(len(f.sentences.text)) else None
    if rule is not None and state is not None and state is not person:
        f.emit(rule, tok, [(person, False)], [(state, False)], words, direct=True)


def _only_country(actors):
    """The one country a document names (a mention of it, not a country its places lie in),
    else None."""
    named = set(actors.token_actor.values())
    countries = [a for k, a in actors.actors.items() if a.type == "Country" and k in named]
    return countries[0] if len(countries) == 1 else None


def _title_at(doc, i: int, titles) -> tuple[str, int] | None:
    """The longest title that ends at token `i` and where it starts: one of several words
    ("deputy prime minister" before "prime minister"), a hyphenated one ("secretary-general",
    "commander-in-chief"), or one word (by its lemma)."""
    found = None
    text, j = doc[i].lower_, i
    while j > 0 and i - j < 6:
        prev = doc[j - 1]
        if prev.text == "-" and j > 1 and not prev.whitespace_ and not doc[j - 2].whitespace_:
            text, j = f"{doc[j - 2].lower_}-{text}", j - 2
        elif prev.whitespace_ and prev.is_alpha:
            text, j = f"{prev.lower_} {text}", j - 1
        else:
            break
        if text in titles:
            found = (text, j)
    if found is not None:
        return found
    return (doc[i].lemma_.lower(), i) if doc[i].lemma_.lower() in titles else None
