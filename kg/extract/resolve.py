"""Mentions -> actors: one `Actor` per real-world actor or place in a document, and which token
stands for which, found by eight passes over a parsed document, in this order (`PASSES`):

1. `bind_names`: dictionary names to their entry (weak aliases such as "the resistance" only
   where the document names that actor plainly too), demonyms, capitals that speak for their
   state, NER names by normalised form (a lone surname joins the full name, an acronym its
   expansion); group nouns are set aside.
2. `bind_owning_pronouns`: "its fighters", "their troops": the possessive pronoun of a group noun
   to the actor it stands for, among those bound by pass 1.
3. `bind_groups`: each group noun to the actor that owns it ("Russian troops", "commanders of the
   Iraqi Army", and through pass 2 "its fighters"), else to an unnamed group of its own ("gunmen");
   a state's soldiers on the receiving end ("killed 12 Tarkinian soldiers") are a group of
   their own, of that state (`member_group`).
4. `bind_titled_persons` (`kg.extract.descriptions`): "the Governor of Borno State", a person
   named by a title and the actor bound after it; "Secretary of State Jo Doe" is Jo Doe's title.
5. `bind_role_nouns`: "commanders", "spokesman" left unbound to the actor they belong to; a
   singular one of `person_roles` ("a Hezbollah field commander", "the commander of the Front")
   to an unnamed person of its own instead, whom the relation model makes a member of that
   actor (pass 3 does the same for "a Hamas official"); a singular body noun of no actor named
   ("a federal court", "the military junta") to a body of its own (`unowned_body`).
6. `bind_plural_anaphors` (`kg.extract.plurals`): "the two countries", "both sides" to the
   actors named together before them.
7. `bind_anaphors`: "the group", "the valley" and pronouns to the nearest fitting actor bound
   before them, by any pass above.
8. `bind_sites` (`kg.extract.descriptions`): a site named by a proper noun before a common one
   ("the Halane compound", "Duqm port") to a place of its own.

Each pass reads what the passes before it bound and adds to `Resolution.actors`, never undoing a
binding: a later pass sees earlier ones' work, so the order is part of the rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..names import display_name, mint_key
from ..vocab import PLACE_TYPES
from .actors import (Actor, DocActors, conjoined_owners, from_entry, is_age, member_group,
                     owner_by_verb, owner_of, role_body, role_person, set_country, tied_to_actor,
                     unowned_body)
from .antecedents import nearest_before, pronoun_antecedent
from .descriptions import (bind_named_force, bind_sites, bind_titled_persons, included_group,
                           state_behind_capital)
from .dictionary import Dictionary
from .lexicon import Lexicon
from .mentions import Mention
from .missed import weak_name_of_its_own
from .plurals import bind_plural_anaphors
from .repairs import has_own_subject, is_count

__all__ = ["PASSES", "Resolution", "bind_anaphors", "bind_groups", "bind_names",
           "bind_owning_pronouns", "bind_role_nouns", "bind_sites", "bind_titled_persons", "resolve"]

# Words that count or compare a group rather than name it: like numbers, never part of its name
# ("several more civilians" are Civilians, "members of the same family" a Family).
_QUANTIFIERS = frozenset({"several", "many", "more", "most", "few", "fewer", "some", "other",
                          "others", "same", "various", "numerous", "dozens", "hundreds",
                          "thousands", "further", "additional", "remaining"})

# Anaphor types and the actor types they may refer to.
_COMPATIBLE = {
    "ArmedGroup": {"ArmedGroup", "Organization"},
    "Country": {"Country"},
    "Region": {"Region", "Place", "Settlement"},
    "Settlement": {"Settlement", "Place"},
}


@dataclass
class Resolution:
    """What the passes share: the parsed document, the dictionary and lexicon, the actors bound
    so far, and the group nouns that pass 1 sets aside for passes 2 and 3."""

    doc: object
    dictionary: Dictionary
    lexicon: Lexicon
    actors: DocActors
    groups: list[Mention] = field(default_factory=list)


def bind_names(r: Resolution) -> None:
    """Pass 1: every named mention to its actor; group nouns (and weak aliases of an actor the
    document never names plainly) are set aside in `r.groups`."""
    doc, dictionary, lexicon, out = r.doc, r.dictionary, r.lexicon, r.actors
    mentions = out.mentions
    anchored = {m.key for m in mentions if m.kind == "dict"}
    persons: list[Mention] = [m for m in mentions if m.type == "Person" and m.key is None]
    covered = {i for m in mentions for i in range(m.start, m.end)}  # tokens some mention names
    for m in mentions:
        if m.kind == "group":
            r.groups.append(m)
            continue
        if m.kind == "facility":
            _bind(out, _facility(m, dictionary), m, doc)
            continue
        if m.kind == "weak" and m.key not in anchored:
            # "bandits" with no "Nigerian bandits" around: an unnamed group like any other
            typ = lexicon.group_type(doc[m.end - 1])
            if typ is not None:
                r.groups.append(Mention(m.start, m.end, m.text, typ, None, "group"))
            elif weak_name_of_its_own(doc, m.start, m.end, m.type, covered, lexicon):
                # "the Senate" of a text that never names the dictionary's: a body of its own
                actor = _actor_for(doc, Mention(m.start, m.end, m.text, m.type, None, "ner"),
                                   anchored, persons, dictionary, out)
                if actor is not None:
                    _bind(out, actor, m, doc)
            continue
        actor = state_behind_capital(doc, m, dictionary, lexicon) or \
            _actor_for(doc, m, anchored, persons, dictionary, out)
        if actor is not None:
            _bind(out, actor, m, doc)


def _facility(m: Mention, dictionary: Dictionary) -> Actor:
    """The place a named building or site is, named by its words ("Al-Amal Hospital"); its
    text may start before its tokens, with a country that is an actor of its own ("U.S.")."""
    name = display_name(m.text.strip())
    return Actor(mint_key("place", name, dictionary.entries), name, "Place")


def bind_owning_pronouns(r: Resolution) -> None:
    """Pass 2: "its fighters", "their troops": the owner behind the pronoun, among the actors
    pass 1 bound, so that pass 3 finds the group's owner through it."""
    doc, out = r.doc, r.actors
    for m in r.groups:
        for c in doc[m.end - 1].children:
            if c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in r.lexicon.collective_pronouns:
                owner = pronoun_antecedent(c, out, person=False)
                if owner is not None:
                    out.token_actor[c.i] = owner.key


def bind_groups(r: Resolution) -> None:
    """Pass 3: group nouns after the names, since they may belong to an actor named anywhere
    around them; an unowned one becomes an unnamed group of its document ("gunmen")."""
    doc, dictionary, lexicon, out = r.doc, r.dictionary, r.lexicon, r.actors
    for m in r.groups:
        head = doc[m.end - 1]
        # fighters and troops belong to their side; civilians, hostages and prisoners do not:
        # "Israeli hostages" are a group of their own, not Israel
        owned = m.type != "Group" or head.lemma_.lower() in lexicon.role_nouns
        if bind_named_force(doc, m, out, dictionary, lexicon):
            continue
        described = _described_actor(doc, head, out, lexicon)
        if described is not None:  # "the rebel group M23": a description of M23
            for i in range(m.start, described[1] + 1):
                out.token_actor.setdefault(i, described[0].key)
            continue
        owner = (owner_of(head, out) or owner_by_verb(head, out, lexicon.owning_verbs,
                                                          lexicon.count_nouns)) if owned else None
        if owner is not None and owner.type == "Country" and head.lemma_.lower() in lexicon.stateless_nouns:
            owner = None
        if owner is not None and (
                role_person(doc, head, owner, out, lexicon.person_roles, dictionary.entries)
                or role_body(doc, head, owner, out, lexicon.body_nouns, dictionary.entries)
                or member_group(doc, head, owner, out, lexicon.member_groups, lexicon.owning_verbs,
                                dictionary.entries)):
            continue
        if owner is not None:
            _bind(out, owner, m, doc, surface=_owned_phrase(doc, m, out, owner))
            others = conjoined_owners(head, owner, out)
            if others:  # "Hamas and Islamic Jihad fighters" are fighters of both
                out.also[head.i] = others
            continue
        listing = included_group(head, out) if not owned else None  # a Group, not a role
        if listing is not None:
            _bind(out, listing, m, doc)
            continue
        earlier = _referred_group(doc, m, out, lexicon)
        if earlier is not None:  # "the militants" after "Al-Shabaab claimed ...": the same group
            _bind(out, earlier, m, doc, surface=None)
            continue
        # an age is no part of a name: "a 45-year-old Tarkinian citizen" is a Tarkinian Citizen;
        # nor a word before the phrase's count or article ("shot dead two men": the verb's)
        modifiers = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i
                     and not has_own_subject(c) and not is_age(c)
                     and not any(t.like_num or t.pos_ == "DET" for t in doc[c.i + 1:head.i])]
        first = min([m.start] + [c.i for c in modifiers if c.pos_ in ("NOUN", "ADJ", "PROPN")
                                 and c.i >= m.start - 3 and c.lower_ not in _QUANTIFIERS])
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1  # a name before the noun is named whole: "Islamic State suspects"
        if head.lemma_.lower() in lexicon.vague_nouns and first == m.start == head.i \
                and not tied_to_actor(head, out):
            # bare "forces" names nobody, nor do "allied forces" or "the remaining units"
            # (but "forces loyal to X" are a side: X's, as "troops loyal to X" are)
            continue
        # the words as written, hyphens kept tight ("anti-war protesters", "narco-traffickers");
        # an acronym, proper noun or name keeps its case ("U.S. nationals", "pro-Tarkinian")
        words = "".join((t.text if t.pos_ == "PROPN" or t.text.isupper() or t.ent_type_ else t.lower_)
                        + (t.whitespace_ and " ") for t in doc[first:m.end - 1]
                        if not t.like_num and t.pos_ != "DET" and t.lower_ not in _QUANTIFIERS)
        # named as written, in its number: "a Palestinian man" is one man, not "Palestinian Men"
        tight = m.end - 2 >= first and doc[m.end - 2].tag_ == "HYPH" and not doc[m.end - 2].whitespace_
        name = display_name((words.rstrip() + ("" if tight else " ") + head.lower_).strip())
        key = mint_key("actor", name, dictionary.entries)
        actor = out.actors.get(key) or Actor(key, name, _unnamed_type(doc, m, lexicon), generic=True)
        _bind(out, actor, m, doc)


def _unnamed_type(doc, m: Mention, lexicon: Lexicon) -> str:
    """The type of the unnamed actor a group noun makes: its group's type, or a Person when a
    singular noun names one person ("a gunman", "the suspect", "a security guard"), so that
    "he" and "she" can refer to it."""
    head = doc[m.end - 1]
    noun = " ".join(t.lemma_.lower() for t in doc[m.start:m.end])
    if head.tag_ == "NN" and (noun in lexicon.person_nouns or head.lemma_.lower() in lexicon.person_nouns):
        return "Person"
    return m.type


def _described_actor(doc, head, out: DocActors, lexicon: Lexicon) -> tuple[Actor, int] | None:
    """(the named actor a group noun describes, the last token of the description): "the rebel
    group M23" and "the jihadist group JNIM" describe M23 and JNIM, through a noun such as
    "group" or "movement" that the name stands beside (apposition) or after (compound)."""
    t = head
    while t.dep_ == "compound" and t.head.i > t.i and out.actor_at(t.head.i) is None:
        t = t.head  # "rebel" -> "group"
    if t.i == head.i or lexicon.anaphors.get(t.lemma_.lower()) != "ArmedGroup":
        return None
    names = [c for c in t.children if c.dep_ == "appos"]
    if t.dep_ == "compound" and t.head.i == t.i + 1:
        names.append(t.head)
    for c in names:
        a = out.actor_at(c.i)
        if a is not None and not a.generic and not a.is_place:
            return a, t.i
    return None


def _referred_group(doc, m: Mention, out: DocActors, lexicon: Lexicon) -> Actor | None:
    """A definite group noun that refers back ("the militants", "these rebels") to the nearest
    armed group or organization named before it, across sentences; none when nothing fits."""
    head = doc[m.end - 1]
    typ = lexicon.anaphors.get(head.lower_) or lexicon.anaphors.get(head.lemma_.lower())
    if typ != "ArmedGroup" or m.end - m.start > 1:
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children):
        return None
    return nearest_before(head.i, out, _COMPATIBLE[typ], doc=doc)


def bind_role_nouns(r: Resolution) -> None:
    """Pass 5: a role noun still unbound ("the commander of the Front") to the actor it belongs to;
    a singular one of a person that belongs to no actor named ("the interior minister said") is
    a person of its own, and one of a body ("a federal court") a body of its own."""
    doc, out, lexicon, entries = r.doc, r.actors, r.lexicon, r.dictionary.entries
    for tok in doc:
        if tok.i in out.token_actor or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.lemma_.lower() in lexicon.role_nouns or tok.lower_ in lexicon.role_nouns:
            if tok.dep_ == "compound" and tok.head.lemma_.lower() in lexicon.machine_nouns:
                continue  # "Tarkinian fighter jets" are aircraft, no fighter of Tarkinia
            owner = owner_of(tok, out)
            if owner is None:
                # "the interior minister said": a person of their own, though no owner is named;
                # "a federal court sentenced ...": a body of its own
                if any(c.dep_ == "det" for c in tok.children):
                    role_person(doc, tok, None, out, lexicon.person_roles, entries) or \
                        unowned_body(doc, tok, out, lexicon.unowned_bodies, entries, lexicon.anaphors)
                continue
            if not role_person(doc, tok, owner, out, lexicon.person_roles, entries) \
                    and not role_body(doc, tok, owner, out, lexicon.body_nouns, entries):
                out.token_actor[tok.i] = owner.key


def bind_anaphors(r: Resolution) -> None:
    """Pass 7: 'the group', 'the valley' and pronouns -> the nearest fitting actor bound before
    them, so last: any pass above may have bound it."""
    doc, out, lexicon = r.doc, r.actors, r.lexicon
    for tok in doc:
        if tok.i in out.token_actor:
            continue
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in lexicon.person_pronouns or low in lexicon.collective_pronouns):
            a = pronoun_antecedent(tok, out, person=low in lexicon.person_pronouns)
            if a is not None:
                out.token_actor[tok.i] = a.key
            continue
        if tok.pos_ != "NOUN":
            continue
        two = f"{doc[tok.i - 1].lemma_.lower()} {tok.lemma_.lower()}" if tok.i else ""
        typ = lexicon.anaphors.get(two) or lexicon.anaphors.get(tok.lemma_.lower()) or \
            lexicon.anaphors.get(low)
        if typ is None:
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in tok.children):
            continue
        # "the city of Mosul" names its place right there
        named = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj" and out.actor_at(p.i) is not None]
        if named:
            if typ in PLACE_TYPES and out.actor_at(named[0].i).is_place:
                out.token_actor[tok.i] = out.token_actor[named[0].i]
            continue
        window = 400
        if typ == "StateForce":
            # every state has an army: "the military" is the one named in the same paragraph
            window = tok.i - next((t.i for t in reversed(doc[:tok.i]) if "\n" in t.text), -1)
        a = nearest_before(tok.i, out, _COMPATIBLE.get(typ, {typ}), window, head_word=tok.lower_,
                           doc=doc if typ == "ArmedGroup" else None)
        if a is not None:
            out.token_actor[tok.i] = a.key


PASSES: tuple[Callable[[Resolution], None], ...] = (
    bind_names, bind_owning_pronouns, bind_groups, bind_titled_persons, bind_role_nouns,
    bind_plural_anaphors, bind_anaphors, bind_sites)
"""The resolution passes in the order they run; see the module's docstring for why."""


def resolve(doc, mentions: list[Mention], dictionary: Dictionary, lexicon: Lexicon,
            passes=PASSES) -> DocActors:
    """Map every mention (and anaphor, pronoun, owned group noun) to a document actor, by
    `passes` in order (a prefix of `PASSES` shows what the first passes bind)."""
    r = Resolution(doc, dictionary, lexicon, DocActors(mentions=mentions))
    for step in passes:
        step(r)
    for a in r.actors.actors.values():
        set_country(a, dictionary)
    return r.actors


# -- helpers of the passes --------------------------------------------------------------------

def _bind(out: DocActors, actor: Actor, m: Mention, doc, surface: str | None = "") -> None:
    existing = out.actors.setdefault(actor.key, actor)
    if surface == "":
        surface = _clean_surface(doc[m.start:m.end])
    if surface:
        existing.surface_forms.add(surface)
    for i in range(m.start, m.end):
        out.token_actor.setdefault(i, existing.key)


def _owned_phrase(doc, m: Mention, out: DocActors, owner: Actor) -> str | None:
    """'Russian troops' is a name of Russia; 'officials' alone, or 'forces of X', is not."""
    j = m.start - 1
    if j >= 0 and out.token_actor.get(j) == owner.key:
        k = j
        while k - 1 >= 0 and out.token_actor.get(k - 1) == owner.key:
            k -= 1
        return _clean_surface(doc[k:m.end])
    return None


def _clean_surface(span) -> str:
    toks = list(span)
    while toks and (toks[0].lower_ in ("the", "a", "an") or is_count(toks[0])):
        toks = toks[1:]
    while toks and toks[-1].tag_ == "POS":
        toks = toks[:-1]
    return "".join(t.text_with_ws for t in toks).strip() if toks else span.text


def _actor_for(doc, m: Mention, anchored, persons, dictionary: Dictionary, out) -> Actor | None:
    if m.kind == "weak":
        return from_entry(dictionary.entries[m.key]) if m.key in anchored else None
    if m.kind == "demonym":
        head = doc[m.end - 1]
        # "Palestinians" as a noun are people of that nationality; "Israeli" before a noun the country
        if head.tag_ in ("NNS", "NNPS") and head.dep_ not in ("compound", "amod"):
            name = display_name(head.text)
            return Actor(mint_key("actor", name, dictionary.entries), name, "Group")
        return from_entry(dictionary.entries[m.key])
    if m.key:
        return from_entry(dictionary.entries[m.key])
    name = m.text.strip()
    if m.type == "Person":
        # a surname alone joins the full name given elsewhere in the document
        if len(name.split()) == 1:
            for p in persons:
                if p is not m and len(p.text.split()) > 1 and p.text.split()[-1] == name:
                    name = p.text.strip()
                    break
    elif name.isupper() and len(name) >= 2:
        expansion = _acronym_expansion(name, out)
        if expansion is not None:
            return expansion
    prefix = "place" if m.type in PLACE_TYPES else "actor"
    name = display_name(name.strip(" -–—.,;:'\"()[]"))
    return Actor(mint_key(prefix, name, dictionary.entries), name, m.type)


def _acronym_expansion(acr: str, out: DocActors) -> Actor | None:
    for a in out.actors.values():
        words = [w for w in a.name.replace("-", " ").split() if w[:1].isupper()]
        if len(words) == len(acr) and "".join(w[0] for w in words) == acr:
            return a
    return None
