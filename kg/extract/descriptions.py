"""Actors a text names by a description rather than a name: passes of `kg.extract.resolve`.

`bind_titled_persons` (pass 4): "the Governor of Borno State" names one person by a title, "of"
and an actor; before or beside a name ("Secretary of State Jo Doe") the title is that person's.
`included_group` (in pass 3): "three villagers, including a girl" names the girl among the
villagers.
`bind_named_force` (in pass 3): "the Afghan Army", "the Tarkinian Air Force" name a country's
force of its own, where "Israeli forces" name the country.
`bind_sites` (pass 8): "the Halane compound", "Duqm port", a site named by a proper noun before a
common one, is a place of its own. `state_behind_capital` (in pass 1): "Moscow said" names
Russia by its capital. The passes take the `kg.extract.resolve.Resolution` they share and add
to its actors, as every pass does.
"""
from __future__ import annotations

from ..names import display_name, mint_key, norm_key
from ..vocab import PLACE_TYPES
from .actors import Actor, DocActors, from_entry, predicate_subject, written_name
from .repairs import has_own_subject

__all__ = ["bind_named_force", "bind_sites", "bind_titled_persons", "included_group",
           "state_behind_capital"]


def bind_titled_persons(r) -> None:
    """Pass 4: 'The Governor of Borno State' names one person, though not by name: a title, "of"
    and an actor bound by the passes before. Before or beside a name ("Secretary of State Jo
    Doe", "the Governor of Borno State, Jo Doe") the title is that person's."""
    doc, out, lexicon, dictionary = r.doc, r.actors, r.lexicon, r.dictionary
    for tok in doc:
        if tok.i in out.token_actor or tok.tag_ not in ("NN", "NNP") or not tok.text[:1].isupper():
            continue
        two = f"{doc[tok.i - 1].lower_} {tok.lower_}" if tok.i else ""
        start = tok.i - 1 if two in lexicon.person_titles else tok.i
        if two not in lexicon.person_titles and tok.lower_ not in lexicon.person_titles:
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is None:
            continue
        end = max(t.i for t in pobj.subtree if t.dep_ not in ("appos", "punct", "cc", "conj")
                  and (t.i <= pobj.i or t.head.i != pobj.i)) + 1
        named = _titled_name(doc, tok, pobj, end, out)
        if named is not None:
            # "Mayor of Tarkin Jo Doe", "Secretary of State Jo Doe": the title of a named person,
            # who is no one new; the title frames read what it says of the actor after "of"
            # with its portfolio ("of State") when that names no actor
            for i in range(start, tok.i + 1 if out.actor_at(pobj.i) is not None else end):
                out.token_actor.setdefault(i, named.key)
            continue
        if out.actor_at(pobj.i) is None:
            continue
        name = display_name(doc[start:end].text)
        actor = Actor(mint_key("actor", name, dictionary.entries), name, "Person")
        actor = out.actors.setdefault(actor.key, actor)
        actor.surface_forms.add(name)
        for i in range(start, tok.i + 1):
            out.token_actor[i] = actor.key


def _titled_name(doc, title, pobj, end: int, out: DocActors) -> Actor | None:
    """The named person a title with "of" belongs to, if any: the object of "of" itself when
    the parse ends the phrase with the name ("Mayor of Tarkin Jo Doe" read as "of ... Doe"), the
    name the title modifies ("Secretary of State Jo Doe"), or the name in apposition ("the
    Governor of Borno State, Jo Doe,")."""
    for tok in (pobj, title.head, *(c for c in title.children if c.dep_ == "appos")):
        a = out.actor_at(tok.i)
        if a is None or a.type != "Person" or tok.i == title.i:
            continue
        if tok is pobj or tok.i >= end or tok.dep_ == "appos":
            return a
    if title.dep_ == "appos":
        a = out.actor_at(title.head.i)
        if a is not None and a.type == "Person":
            return a
    # a title the sentence gives its subject: "Jo Doe was sworn in as President of Tarkinia"
    return predicate_subject(title, out)


def bind_sites(r) -> None:
    """Pass 8: a site named by a proper noun before a common one ("the Halane compound", "Duqm
    port", "the Khurais oil field") is a place of its own, named by its words as written: the
    named place before it ("Halane") stays itself, where the site is. An unnamed one ("a
    school") makes no place: the gold of the development stories leaves them out. Last: a site
    noun any pass above bound belongs to its actor already, and one that modifies another noun
    ("port workers") is no site."""
    doc, out, lexicon, dictionary = r.doc, r.actors, r.lexicon, r.dictionary
    nouns = lexicon.facility_nouns
    for tok in doc:
        if tok.i in out.token_actor or tok.pos_ != "NOUN" or tok.dep_ == "compound" or not tok.is_lower:
            continue
        lemma = tok.lemma_.lower()
        prev = doc[tok.i - 1] if tok.i else None
        two = prev is not None and prev.i not in out.token_actor and f"{prev.lemma_.lower()} {lemma}" in nouns
        if not two and lemma not in nouns:
            continue
        modifiers = [t for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i
                     for t in c.subtree if not has_own_subject(c)]
        names = [t for t in modifiers if t.pos_ == "PROPN" and t.dep_ in ("compound", "amod")
                 and _may_name_site(out.actor_at(t.i))]
        if not names:
            continue
        first = min(t.i for t in names)
        # the words as written, hyphens kept ("Baku-Tbilisi-Ceyhan pipeline")
        words = [t for t in doc[first:tok.i + 1] if not t.like_num and t.pos_ != "DET"
                 and (t.pos_ != "PUNCT" or t.text == "-")]
        name = written_name(words)
        key = mint_key("place", name, dictionary.entries)
        actor = out.actors.setdefault(key, Actor(key, name, "Place"))
        actor.surface_forms.add(name)
        for t in words:
            before = out.actor_at(t.i)
            if before is None:
                out.token_actor[t.i] = actor.key
            elif not before.is_place:
                # the NER's guess at the name alone ("Halane" an organisation): the site's name
                out.token_actor[t.i] = actor.key
                if before.key not in out.token_actor.values():
                    del out.actors[before.key]


def _may_name_site(actor: Actor | None) -> bool:
    """Whether a proper noun bound to `actor` may name a site after it: unbound, a place (the
    site is there: "Duqm port"), or a name the NER alone guessed at; not a known actor ("Hamas
    fighters" are no site, and "the Hamas compound" is Hamas's)."""
    return actor is None or actor.is_place or not actor.from_dictionary


def included_group(head, out: DocActors) -> Actor | None:
    """The unnamed group (Group type) that a people noun is listed in: "three villagers, including
    a girl and her father", "twelve civilians, including three children". Readers list the girl as
    one of the people, not as a victim of his own; a force or a role named so ("militants,
    including a commander") stays apart, and so do other words than "including".

    `head`: the noun (its token); `out`: the actors bound so far."""
    while head.dep_ == "conj":  # "a girl and her father"
        head = head.head
    if head.dep_ != "pobj" or head.head.lower_ != "including":
        return None
    listing = out.actor_at(head.head.head.i)
    return listing if listing is not None and listing.type == "Group" else None


def bind_named_force(doc, m, out: DocActors, dictionary, lexicon) -> bool:
    """Bind a force noun (mention `m`) that is part of a country's named military, "the Afghan
    Army", "Nepali Army", "the Tarkinian Air Force" (a capitalised force noun, with the
    capitalised words of its name, right after a country's name or demonym), to a StateForce
    of its own, demonym included, while "Israeli forces" or "Russian troops" stand for the
    country; one with an armed group's word ("the Tarkinian Insurgent Army", "the Tarkinian
    Resistance Brigades") is an ArmedGroup.
    Whether it did."""
    span = _named_force(doc, m, out)
    if span is None:
        return False
    start, end = span
    name = display_name(doc[start:end].text)
    armed = lexicon.org_type(name) == "ArmedGroup" or any(lexicon.group_type(t) == "ArmedGroup"
                                                        for t in doc[start:m.start])
    typ = "ArmedGroup" if armed else "StateForce"
    key = mint_key("actor", name, dictionary.entries)
    actor = out.actors.setdefault(key, Actor(key, name, typ))
    actor.surface_forms.add(name)
    for i in range(start, end):
        out.token_actor[i] = key  # the demonym is part of the force's name, not the country
    return True


def _named_force(doc, m, out: DocActors) -> tuple[int, int] | None:
    """(start, end) of the country's named military that force noun `m` ends, if it does."""
    head = doc[m.end - 1]
    if m.type != "StateForce" or head.i == head.sent.start or not head.text[:1].isupper():
        return None
    start = m.start
    # the capitalised words of its name before the noun: "the Tarkinian National Police"
    while start - 1 > head.sent.start and out.actor_at(start - 1) is None \
            and doc[start - 1].is_title and doc[start - 1].pos_ in ("PROPN", "ADJ", "NOUN"):
        start -= 1
    name_start = start
    while start > head.sent.start:
        a = out.actor_at(start - 1)
        if a is None or a.type != "Country" or not doc[start - 1].text[:1].isupper():
            break
        start -= 1
    return (start, m.end) if start < name_start or (
        m.end - m.start > 1 and (a := out.actor_at(m.start)) is not None and a.type == "Country") else None


def state_behind_capital(doc, m, dictionary, lexicon) -> Actor | None:
    """'Moscow said', 'condemned by Kyiv': a capital that speaks or acts stands for its state;
    a capital that is hit, lies or hosts stays a city, and so does "Kyiv's airport"."""
    if m.type not in PLACE_TYPES:
        return None
    country = dictionary.capitals.get(norm_key(m.text))
    if country is None:
        return None
    head = doc[m.end - 1]
    acting = (head.dep_ == "nsubj" and head.head.pos_ == "VERB"
              and head.head.lemma_.lower() not in lexicon.place_state_verbs) \
        or (head.dep_ == "pobj" and head.head.dep_ == "agent")
    return from_entry(dictionary.entries[country]) if acting else None
