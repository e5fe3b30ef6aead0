"""The actors of one document as plain data (`Actor`, `DocActors`), and the lookups over them
that resolution and the relation frames share: who owns a group or role noun (and the person a
singular role noun names); what a pronoun or "the group" refers back to is `kg.extract.antecedents`.

>>> actors = DocActors()
>>> actors.actors["actor/hamas"] = Actor("actor/hamas", "Hamas", "ArmedGroup")
>>> actors.token_actor[0] = "actor/hamas"
>>> actors.actor_at(0).name, actors.actor_at(1)
('Hamas', None)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..names import display_name, mint_key
from ..vocab import PLACE_TYPES
from .mentions import Mention
from .paths import coordinated_head
from .repairs import is_count

__all__ = ["Actor", "DocActors", "conjoined_actors", "conjoined_owners", "enclosing_places",
           "from_entry", "is_age", "member_group", "named_as", "owner_by_verb", "owner_of",
           "owner_tokens", "predicate_subject", "role_body", "role_person", "set_country",
           "tied_to_actor", "unowned_body", "written_name"]

_OWNER_DEPS = {"compound", "amod", "poss", "nmod"}
_TIME_UNITS = ("year", "month", "week", "day")  # of an age: "a nine-year old girl"


@dataclass
class Actor:
    """A resolved actor or place of one document, keyed by its IRI path ("actor/taliban")."""

    key: str
    name: str
    type: str
    surface_forms: set[str] = field(default_factory=set)
    wikidata: str | None = None
    part_of: str | None = None  # key of the enclosing place
    from_dictionary: bool = False
    generic: bool = False  # an unnamed group ("gunmen"): kept only where it takes part in a relation
    country: str | None = None  # key of the country it belongs to, when the dictionary says
    point: tuple[float, float] | None = None  # (latitude, longitude) of a place, from the gazetteer

    @property
    def is_place(self) -> bool:
        """A place only (Region, Settlement, Place); a country counts as an actor."""
        return self.type in PLACE_TYPES


@dataclass
class DocActors:
    """Actors of one document and which token stands for which actor."""

    actors: dict[str, Actor] = field(default_factory=dict)
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor key
    # token index -> the other actors a token stands for beside its own: "the two countries"
    # after "Tarkinia and Belia" (`kg.extract.plurals`), "fighters" in "Tarkin Front and Belia
    # Front fighters" (`conjoined_owners`)
    also: dict[int, tuple[str, ...]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    # the place a dateline names ("TARKIN, Bel -"): where the story is filed, not an actor in it
    dateline: str | None = None

    def actor_at(self, i: int) -> Actor | None:
        key = self.token_actor.get(i)
        return self.actors.get(key) if key else None


def from_entry(e) -> Actor:
    """The document actor for a dictionary entry: its key, name, type and Wikidata id."""
    return Actor(e.key, e.name, e.type, set(), e.wikidata, e.part_of, True)


def set_country(a: Actor, dictionary) -> None:
    """Give `a` the key of its country (`Actor.country`): a country is its own, a dictionary
    actor has the one its entry names ("the Tarkinian Navy" -> Tarkinia); others keep none.
    Known from resolution on, so a relation can tell an army from a foreign one."""
    entry = dictionary.entries.get(a.key) if a.from_dictionary else None
    if a.type == "Country":
        a.country = a.key
    elif entry is not None and entry.country:
        a.country = dictionary.country_keys.get(entry.country)


def enclosing_places(actors: dict[str, Actor], dictionary) -> dict[str, Actor]:
    """The places that the document's places are part of, as far up as the dictionary knows,
    and the countries its actors belong to, that the document does not name itself (a town's
    province and country, an army's country)."""
    out: dict[str, Actor] = {}
    for a in list(actors.values()):
        for key in (a.part_of, a.country):
            while key and key not in actors and key not in out and key in dictionary.entries:
                e = dictionary.entries[key]
                out[key] = from_entry(e)
                key = e.part_of
    return out


def owner_of(tok, out: DocActors) -> Actor | None:
    """The actor a group or role noun belongs to: "Russian troops", "Hamas's fighters",
    "commanders of the Iraqi Army". Troops loyal to X are a group of their own, led by X."""
    for child in tok.children:
        if child.dep_ in _OWNER_DEPS:
            a = out.actor_at(child.i)
            if a is not None and not a.is_place:
                return a
    before = tok.doc[tok.i - 1] if tok.i else None
    if (before is not None and tok.dep_ in ("compound", "amod") and tok.head.i > tok.i
            and before.head.i == tok.head.i and before.dep_ in _OWNER_DEPS):
        # a flat run of modifiers ("Tarkin Front militia leader Jo Doe"): the parse hangs the
        # name and the group noun side by side on the title; the name owns the noun
        a = out.actor_at(before.i)
        if a is not None and not a.is_place:
            return a
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    a = out.actor_at(pobj.i)
                    if a is not None and not a.is_place:
                        return a
                    if a is None:
                        inner = owner_of(pobj, out)
                        if inner is not None:
                            return inner
        if child.dep_ == "acl" and child.lemma_.lower() in ("suspect", "believe", "think", "say", "report"):
            # "gunmen believed to be from the Lakurawa group"
            for x in child.children:
                if x.dep_ == "xcomp":
                    for prep in x.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "with"):
                            for pobj in prep.children:
                                a = out.actor_at(pobj.i)
                                if a is not None and not a.is_place:
                                    return a
    return None


def owner_by_verb(tok, out: DocActors, owning_verbs, count_nouns) -> Actor | None:
    """'X recruited fighters', 'X sent thousands of troops': the fighters and troops are X's
    (`owning_verbs`: "recruit", "send"...; `count_nouns`: "thousands", "dozens"...)."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in count_nouns:
        tok = tok.head.head
    if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in owning_verbs:
        return None
    verb = tok.head
    for c in verb.children:
        if c.dep_ == "nsubj":
            # "Tarkinia, which has deployed troops to ...": the relative pronoun's antecedent
            who = verb.head if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else c
            a = out.actor_at(who.i)
            if a is not None and not a.is_place:
                return a
    return None


def owner_tokens(tok, deps=_OWNER_DEPS) -> list:
    """The words that may name whom a noun belongs to: its modifiers of `deps` and the objects
    of its "from" and "of" ("Tarkinian troops", "troops from Tarkinia", "commanders of X")."""
    return [c for c in tok.children if c.dep_ in deps] + [
        p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
        for p in c.children if p.dep_ == "pobj"]


def conjoined_actors(tok, a: Actor, out: DocActors) -> list[Actor]:
    """The actors of the same kind as `a` (actor or place) coordinated with `tok`, which stands
    for `a`: Belia in "Tarkinian and Belian troops", "from Tarkinia and Belia"."""
    return [b for q in tok.conjuncts
            if (b := out.actor_at(q.i)) is not None and b is not a and b.is_place == a.is_place]


def conjoined_owners(head, owner: Actor, out: DocActors) -> tuple[str, ...]:
    """The other actors a plural group noun belongs to, coordinated with its `owner` (never a
    place): "Tarkin Front and Borduria Front fighters", "troops from Tarkinia and Borduria"."""
    if head.tag_ != "NNS":
        return ()
    keys = [b.key for p in owner_tokens(head) if out.actor_at(p.i) is owner
            for b in conjoined_actors(p, owner, out)]
    return tuple(dict.fromkeys(keys))


def tied_to_actor(head, out: DocActors) -> bool:
    """Whether an adjective after a noun ties it to an actor: "forces loyal to X", "units
    affiliated with X"."""
    return any(c.dep_ == "amod" and c.i > head.i and any(
        p.dep_ == "prep" and p.lower_ in ("to", "with") and any(
            o.dep_ == "pobj" and out.actor_at(o.i) is not None for o in p.children)
        for p in c.children) for c in head.children)


def named_as(tok, out: DocActors) -> Actor | None:
    """The person a noun is said to be: "a commander known as Abu Jo", "a gang leader named Jo
    Doe", "an official identified as Jo Doe"; else None."""
    for c in tok.children:
        if c.dep_ != "acl" or c.lemma_.lower() not in ("know", "name", "call", "identify"):
            continue
        names = [t for t in c.children if t.dep_ in ("oprd", "attr", "dobj")] + [
            p for t in c.children if t.dep_ == "prep" and t.lower_ == "as" for p in t.children
            if p.dep_ == "pobj"]
        for x in names:
            a = out.actor_at(x.i)
            if a is not None and a.type == "Person":
                return a
    return None


def predicate_subject(tok, out: DocActors) -> Actor | None:
    """The person a title or role noun is said of, when the sentence gives it to its subject:
    "Jo Doe was sworn in as president", "Jo Doe became leader of the Front", "Jo Doe, who
    served as governor"; else None."""
    as_ = tok.dep_ == "pobj" and tok.head.lower_ == "as"
    if not as_ and tok.dep_ not in ("attr", "oprd"):
        return None
    verb = tok.head.head if as_ else tok.head
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            # "who served as ...": the person the clause is about
            t = verb.head if c.tag_ == "WP" and verb.dep_ == "relcl" else c
            a = out.actor_at(t.i)
            return a if a is not None and a.type == "Person" else None
    return None


def role_person(doc, tok, owner: Actor | None, out: DocActors, person_roles, entries) -> bool:
    """Bind a singular role noun that belongs to `owner` ("a Hezbollah field commander", "the
    commander of the Front") to a person of its own, an unnamed one of its document, named by
    the words as written; True when it did. Left to the owner: plurals ("Hamas officials"), a
    title before or beside a named person ("Hamas commander X", "X, the group's leader"), and
    an owner that is not an organised actor. With no `owner` (None), the person belongs to no
    actor the text names ("the interior minister"). `person_roles`: the role nouns that name one
    person when singular; `entries`: the dictionary's, whose keys a new actor's key must not take."""
    if tok.tag_ != "NN" or tok.lemma_.lower() not in person_roles:
        return False
    if owner is not None and (owner.type in ("Person", "Group") or owner.is_place):
        return False

    def is_person(t) -> bool:
        a = out.actor_at(t.i)
        return a is not None and a.type == "Person"

    def apposed_to_person(t) -> bool:
        # "X, a Hamas commander"; "Jo Doe, a Front (Tarkin) leader": the parse hangs the title
        # on its owner's name
        for _ in range(3):
            if t.dep_ != "appos":
                return False
            t = t.head
            if is_person(t):
                return True
        return False

    # a title: "Iranian foreign minister X", "the group's leader, X", "X, a Hamas commander"
    end = tok.i  # the last word of the title: "commander-in-chief", "chief justice"
    while end + 2 < len(doc) and doc[end + 1].text == "-" and not doc[end].whitespace_ \
            and not doc[end + 1].whitespace_:
        end += 2
    while end + 1 < len(doc) and end < tok.i + 2 and doc[end + 1].pos_ == "NOUN" \
            and doc[end + 1].is_lower:
        end += 1
    after = [t for t in doc[end + 1:end + 3] if t.text != ","][:1]
    # ... or the name in apposition to the title's complement: "the envoy for Tarkin, Jo Doe,"
    complements = [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    # ... or the subject the sentence gives the title to: "Jo Doe was named commander of X"
    if predicate_subject(tok, out) is not None or any(
            is_person(t) or t.ent_type_ == "PERSON" for t in after) or (
            tok.dep_ == "compound" and is_person(tok.head)) or apposed_to_person(tok) \
            or named_as(tok, out) is not None or any(
            c.dep_ in ("appos", "compound", "nmod") and is_person(c) for c in tok.children) or any(
            c.dep_ == "appos" and is_person(c) for g in complements for c in g.children):
        return False
    _bind_owned(doc, tok, owner, out, "Person", entries, generic=True)
    return True


def role_body(doc, tok, owner: Actor, out: DocActors, body_nouns, entries) -> bool:
    """Bind a singular noun of a state's body that belongs to `owner` ("the Iranian foreign
    ministry", "Tarkin's defence ministry") to a Government actor of its own, named by the
    words as written: the ministry speaks and acts apart from its state. True when it did;
    plurals ("Western ministries") and owners that are not countries or governments are left
    to the owner. `body_nouns`: the nouns that name such a body."""
    if tok.tag_ not in ("NN", "NNP") or tok.lemma_.lower() not in body_nouns:
        return False
    if owner.type not in ("Country", "Government"):
        return False
    _bind_owned(doc, tok, owner, out, "Government", entries, generic=False)
    return True


def member_group(doc, tok, owner: Actor, out: DocActors, member_groups, owning_verbs, entries) -> bool:
    """Bind a plural noun of a state's soldiers or officers that belong to `owner` ("12 Tarkinian
    soldiers") to a group of their own, of that state, named as written, when they are on the
    receiving end of their verb (its object, the subject of a passive, or counted and not its
    subject): the victims of "gunmen killed 12 Tarkinian soldiers" are the soldiers, not Tarkin.
    True when it did. The doers of a verb ("200 Tarkinian soldiers shelled the town") and the
    soldiers a state sends ("Tarkin deployed soldiers", `owning_verbs`) are left to their state.
    `member_groups`: the nouns."""
    if tok.tag_ != "NNS" or owner.type != "Country":
        return False
    lemma = tok.lemma_.lower()
    two = f"{doc[tok.i - 1].lemma_.lower()} {lemma}" if tok.i else lemma
    if lemma not in member_groups and two not in member_groups:
        return False
    slot = coordinated_head(tok)  # "captured Tarkinian soldiers and officers": the first's slot
    if slot.dep_ in ("nsubj", "csubj") or slot.head.lemma_.lower() in owning_verbs:
        return False
    counted = any(c.dep_ == "nummod" or is_count(c) for c in tok.children)
    if not (counted or slot.dep_ in ("dobj", "nsubjpass")):
        return False
    group = _bind_owned(doc, tok, owner, out, "StateForce", entries, generic=True)
    group.country = owner.country or owner.key
    return True


def unowned_body(doc, tok, out: DocActors, bodies: dict[str, str], entries,
                 anaphors: dict[str, str] | None = None) -> bool:
    """Bind a singular noun of a body that no actor named owns ("a federal court", "the military
    junta", "the delegation") to an actor of its own, named by the words as written, or to the
    actor it refers back to: in its paragraph, the one an earlier same word stands for ("the
    government" after "the Tarkinian government") or one named with the word ("the court" after
    "the Supreme Court"); within 400 tokens, a known actor of its type when `anaphors` (noun ->
    type) give the noun that type ("the junta" after "the military government", a dictionary
    name). True when it did. `bodies`: noun -> the type of actor it names."""
    typ = bodies.get(tok.lemma_.lower())
    if typ is None or tok.tag_ != "NN" or tok.dep_ == "compound":
        return False
    word = tok.lower_
    refers = (anaphors or {}).get(word) == typ
    # every state has a government and a court: the one named in the same paragraph, or a
    # known one that an anaphor refers to, as `bind_anaphors` reads "the junta"
    same_paragraph = True
    for t in reversed(doc[max(0, tok.i - 400):tok.i]):
        same_paragraph = same_paragraph and "\n" not in t.text
        a = out.actor_at(t.i)
        if a is not None and (same_paragraph and (t.lower_ == word or a.type == typ and word in
                                                  a.name.lower().split())
                              or a.type == typ and refers and a.from_dictionary):
            out.token_actor[tok.i] = a.key
            return True
    _bind_owned(doc, tok, None, out, typ, entries, generic=True)
    return True


def is_age(tok) -> bool:
    """Whether a modifier of a noun is part of an age, no part of a name: a number in its words
    ("45-year-old") or "old" after a unit of time ("a nine-year old girl", where the parse hangs
    both on the noun)."""
    return any(t.like_num for t in tok.subtree) or (tok.lower_ == "old" and tok.i > 0 and
                                                    tok.nbor(-1).lemma_.lower() in _TIME_UNITS)


def written_name(tokens) -> str:
    """The name that tokens give as the text writes them, spacing kept ("Baku-Tbilisi-Ceyhan
    pipeline" stays one word) and words capitalised (`kg.names.display_name`)."""
    return display_name("".join(t.text + (t.whitespace_ and " ") for t in tokens).strip())


def _bind_owned(doc, tok, owner: Actor | None, out: DocActors, typ: str, entries, generic: bool) -> Actor:
    """A new actor of type `typ` for a role noun and the words before it ("a Hezbollah field
    commander", "the Iranian foreign ministry"), or after it up to its owner ("the commander of
    the Front"), named as written without articles and counts; the noun and its unbound words
    are bound to it, the owner's own words stay the owner's."""
    left = [t for c in tok.children if c.i < tok.i and c.dep_ not in ("det", "nummod", "punct")
            for t in c.subtree if not is_count(t) and t.pos_ != "DET"]
    start = min([t.i for t in left] + [tok.i])
    # "the commander of the Front": the owner after "of" is part of the name too
    of = [t.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
    end = max(of) if of and owner is not None and out.actor_at(max(of)) is owner else tok.i
    words = [t for t in doc[start:end + 1] if t.pos_ != "DET" and not is_count(t)]
    name = written_name(words)
    actor = Actor(mint_key("actor", name, entries), name, typ, generic=generic)
    actor = out.actors.setdefault(actor.key, actor)
    actor.surface_forms.add(name)
    for t in words:
        if out.actor_at(t.i) is None and t.i <= tok.i:
            out.token_actor[t.i] = actor.key
    return actor
