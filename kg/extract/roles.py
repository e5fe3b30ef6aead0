"""Who a token stands for: the actor behind a pronoun, a relative clause, an event noun
("airstrikes by X"), a held or owned thing ("a base held by X", "Hezbollah positions"), and the
subject a verb shares with the verb it depends on; and which words stand for no actor of their
own, being part of the trigger ("exchanged fire") or the subjects again ("each other"). The
relation frames (`kg.extract.frames`) ask these questions of a `Roles` over one document; they
answer with (actor, indirect) pairs, indirect when reached through another word and so less sure.
"""
from __future__ import annotations

from ..vocab import AKG, local_name
from .actors import Actor, DocActors, conjoined_actors, named_as, owner_tokens
from .repairs import nearest_people
from .rules import Rules

__all__ = ["NP_MODIFIERS", "Roles", "completing", "counted", "is_reciprocal", "placeish", "verb_trigger"]

_SUBJ = ("nsubj",)
_REL_PRONOUNS = {"who", "which", "that", "whom"}
NP_MODIFIERS = {"compound", "amod", "poss", "nmod", "npadvmod", "case"}
# relations of violence: a clause of one tells who did the killing in a passive beside it
_VIOLENT = frozenset(local_name(t) for t in (AKG.attacks, AKG.kills, AKG.fights))
_ACCUSES = local_name(AKG.accuses)


def placeish(a: Actor) -> bool:
    """A place, or a country (both an actor and a place)."""
    return a.is_place or a.type == "Country"


def own_forces(a: Actor, b: Actor) -> bool:
    """Whether one of `a` and `b` is a country and the other its own armed forces ("the
    Tarkinian Navy" and Tarkinia). Two forces or governments of one country are not: a breakaway
    region's army fights the state's, and both have the same country code.

    >>> own_forces(Actor("actor/tarkinia", "Tarkinia", "Country", country="actor/tarkinia"),
    ...            Actor("actor/tarkinian-navy", "Tarkinian Navy", "StateForce", country="actor/tarkinia"))
    True
    """
    if a.type == "StateForce":
        a, b = b, a
    return (a.type == "Country" and b.type == "StateForce" and a.country is not None
            and a.country == b.country)


def takes_actor(kind: str, obj: Actor) -> bool:
    """Whether a relation whose object kind is "actor" or "people" (relations.toml) takes `obj`:
    no place; and for "people", what is killed, abducted or released, no country or government
    either ("the army killed three villagers", never "killed Thailand")."""
    return not obj.is_place and not (kind == "people" and obj.type in ("Country", "Government"))


class Roles:
    """Lookups over one parsed document and its resolved actors."""

    def __init__(self, doc, actors: DocActors, rules: Rules):
        self.doc, self.actors, self.rules = doc, actors, rules

    def actors_of(self, tok, depth: int = 0) -> list[tuple[Actor, bool]]:
        """Actors a token stands for, with conjuncts; bool = reached indirectly (less sure)."""
        out: list[tuple[Actor, bool]] = []
        for t in [tok, *tok.conjuncts]:
            out.extend(self.one(t, depth))
        seen, uniq = set(), []
        for a, ind in out:
            if a.key not in seen:
                seen.add(a.key)
                uniq.append((a, ind))
        return uniq

    def one(self, tok, depth: int = 0) -> list[tuple[Actor, bool]]:
        """Actors one token stands for (without its conjuncts)."""
        named = self.titled_person(tok)
        if named is not None:
            return [(named, False)]
        a = self.actors.actor_at(tok.i)
        if a is not None:
            # "the two countries" stands for both of them (`kg.extract.plurals`), less surely
            others = self.actors.also.get(tok.i, ())
            found = [(a, tok.pos_ == "PRON" or bool(others))] + [(self.actors.actors[k], True) for k in others]
            # "troops from X and Y", "American and Iranian negotiators": the noun is bound to X,
            # and it stands for Y as well
            for p in owner_tokens(tok, ("amod", "compound", "poss")):
                if p.i != tok.i and self.actors.actor_at(p.i) is a:
                    found += self.conjoined(p, a)
            return found
        if depth > 2:
            return []
        if tok.lower_ in _REL_PRONOUNS and tok.head.dep_ == "relcl":
            found = self.actors_of(tok.head.head, depth + 1)
            if tok.lower_ == "who" and not any(not a.is_place for a, _ in found):
                # "who" is a person: the parser often hangs it on the last noun of a list of places
                found = nearest_people(tok, self.actors)
            return [(a, True) for a, _ in found]
        lemma = tok.lemma_.lower()
        if lemma in self.rules.nouns:  # an event noun stands for its agent: "airstrikes by X kill"
            return [(a, True) for a in self.noun_agents(tok, depth + 1)]
        if tok.pos_ in ("NOUN", "PROPN"):
            # "Hezbollah positions", "a checkpoint held by Malian troops": what an actor owns or holds
            for c in tok.children:
                # "Hezbollah positions", "Russian missiles", "Russian territory"
                if c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < tok.i:
                    a = self.actors.actor_at(c.i)
                    if a is not None and not a.is_place:
                        return [(a, True)] + self.conjoined(c, a)
                if c.dep_ == "acl" and c.tag_ == "VBN":
                    for ag in c.children:
                        if ag.dep_ == "agent":
                            for p in ag.children:
                                if p.dep_ == "pobj":
                                    return [(a, True) for a, _ in self.actors_of(p, depth + 1)]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "inside", "across"):
                    for p in c.children:
                        a = self.actors.actor_at(p.i) if p.dep_ == "pobj" else None
                        if a is not None and placeish(a):
                            return [(a, True)]
        for p in counted(tok, self.rules.transparent_nouns):
            return self.actors_of(p, depth + 1)
        return []

    def titled_person(self, tok) -> Actor | None:
        """The person a title noun names, in apposition or just before the name: "the president
        of Tarkinia, Jo Doe, met ..." and "Tarkinia's army chief Jo Doe met ..." are Jo Doe's
        doing, not Tarkinia's or its army's (the parse hangs the name on the title, or on the
        owner after its "of", or makes title and name two subjects); so does a noun that
        stands in for a person (`stand_in_nouns`: "met his Tarkinian counterpart Jo Doe")."""
        lemma = tok.lemma_.lower()
        if lemma not in self.rules.titles and lemma not in self.rules.stand_in_nouns:
            return None
        after = self.actors.actor_at(tok.i + 1) if tok.i + 1 < len(self.doc) else None
        if after is not None and after.type == "Person":
            return after  # "Tarkin's army chief Jo Doe", parsed as two subjects: Jo Doe's doing
        holders = [tok] + [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p.dep_ == "pobj"]
        for h in holders:
            for c in h.children:
                a = self.actors.actor_at(c.i) if c.dep_ == "appos" else None
                if a is not None and a.type == "Person":
                    return a
        return named_as(tok, self.actors)  # "a Front commander known as Jo Doe"

    def conjoined(self, tok, a: Actor) -> list[tuple[Actor, bool]]:
        """Actors of the same kind as `a` (actor or place) conjoined with `tok`, which stands
        for `a`: "Russian and Syrian", "from X and Y"."""
        return [(b, True) for b in conjoined_actors(tok, a, self.actors)]

    def event_agents(self, verb) -> list[Actor]:
        """Agents of the event noun a passive verb happened in ("killed in an attack by X")."""
        for cur in [verb, *verb.conjuncts]:
            for c in cur.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "during", "by"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lemma_.lower() in self.rules.nouns:
                            agents = self.noun_agents(p)
                            if agents:
                                return agents
                if c.dep_ == "advcl" and c.pos_ == "VERB" and self.is_violent(c):
                    agents = [a for a, _ in self.subjects_of_verb(c) if not a.is_place]
                    if agents:
                        return agents
        return []

    def is_violent(self, verb) -> bool:
        """A verb that fires a hostile rule, or one whose object is a hostile event noun ("open fire")."""
        if any(r.name in _VIOLENT for r in self.rules.verbs.get(verb.lemma_.lower(), [])):
            return True
        return any(c.dep_ == "dobj" and any(r.name in _VIOLENT for r in self.rules.nouns.get(c.lemma_.lower(), []))
                   for c in verb.children)

    def noun_agents(self, noun, depth: int = 0) -> list[Actor]:
        agents: list[Actor] = []
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                a = self.actors.actor_at(c.i)
                if a is None and c.dep_ in ("compound", "nmod"):  # "a Hamas rocket and mortar attack"
                    a = next((self.actors.actor_at(g.i) for g in c.children
                              if g.dep_ in ("amod", "compound") and self.actors.actor_at(g.i)), None)
                if a is not None and not a.is_place:
                    agents.append(a)
            elif c.dep_ == "prep" and c.lower_ == "by":
                agents += [a for p in c.children if p.dep_ == "pobj" for a, _ in self.actors_of(p, depth)]
            elif c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in self.rules.doing_verbs:
                agents += [a for a, _ in self.by_agents(c, depth)]  # "an attack carried out by X"
        if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in self.rules.doing_verbs:
            # "the attack was carried out by X"
            agents += [a for a, _ in self.by_agents(noun.head, depth)]
        return agents

    def givers(self, noun) -> list[tuple[Actor, bool]]:
        """Who gives what an event noun names to someone else: its owner ("with X's backing") or
        the actor after its "of" or "from" ("with the support of X", "with help from X")."""
        return [(a, False) for a in self.noun_agents(noun)] + self.prep_objects(noun, {"of", "from"})

    def by_agents(self, verb, depth: int = 0) -> list[tuple[Actor, bool]]:
        """The actors after a passive verb's or a participle's "by": "X was attacked by Y",
        "drones fired by Y", "a mine laid by Y"."""
        return [x for g in verb.children if g.dep_ == "agent" for p in g.children
                if p.dep_ == "pobj" for x in self.actors_of(p, depth)]

    def subjects_of_verb(self, verb) -> list[tuple[Actor, bool]]:
        """The verb's own subject, else the subject it shares with the verb it depends on."""
        cur, inherited = verb, False
        for _ in range(5):
            # "X and Y are mediating": the parser may hang the subject on the auxiliary
            subj = [c for h in [cur, *(a for a in cur.children if a.dep_ == "aux" and a.i < cur.i)]
                    for c in h.children if c.dep_ in _SUBJ]
            if subj:
                return [(a, ind or inherited) for s in subj for a, ind in self.actors_of(s)]
            if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp") and cur.head is not cur:
                if any(c.dep_ in ("nsubjpass", "auxpass") for c in cur.head.children):
                    # "X is expected to approve", "X was ordered to strike", and a purpose: "X
                    # were deployed to fight Y"
                    if cur.dep_ == "xcomp" or _purpose(cur):
                        return [(a, True) for c in cur.head.children if c.dep_ == "nsubjpass"
                                for a, _ in self.actors_of(c)]
                    return []  # "X was attacked, killing ...": the head's subject is a patient
                if cur.dep_ == "xcomp":
                    # "X orders Israeli forces to seize Y": the ordered do it, not X
                    ordered = [a for c in cur.head.children if c.dep_ in ("dobj", "appos")
                               for a in self.actors_of(c) if not a[0].is_place]
                    if ordered:
                        return [(a, True) for a, _ in ordered]
                charge = next((c for c in cur.head.children if c.dep_ == "prep" and c.lower_ in ("of", "for")),
                              None) if cur.dep_ == "advcl" and cur.tag_ == "VBG" and self.accuses(cur.head) else None
                if charge is not None:
                    # "X accused Y of shelling a camp, killing ten": the parser hangs "killing"
                    # on "accused", but Y's shelling killed them
                    cur = next((c for c in charge.children if c.dep_ == "pcomp"), None)
                    if cur is None:
                        return []
                    continue
                if cur.dep_ == "pcomp" and cur.head.lower_ in ("of", "for") and cur.head.head.pos_ == "VERB":
                    # "X accused Y of shelling", "Y was blamed for the attack": Y did it
                    # ("X and Y accuse each other of ...": they both did it)
                    accused = [c for c in cur.head.head.children if c.dep_ in ("dobj", "nsubjpass")
                               and c.lower_ not in ("other", "another")]
                    doers = [a for c in accused for a in self.actors_of(c) if not a[0].is_place]
                    if accused:  # an accused who is no known actor still did it, not the accuser
                        return [(a, True) for a, _ in doers]
                if _purpose(cur) and self.accuses(cur.head):
                    return []  # "X accuses Y of training Z, to fight W": X does not fight
                if _purpose(cur) and cur.head.lemma_.lower() in self.rules.sending_verbs:
                    # "the UAE trained mercenaries to fight": the mercenaries fight
                    sent = [a for c in cur.head.children if c.dep_ == "dobj"
                            for a in self.actors_of(c) if not a[0].is_place]
                    if sent:
                        return [(a, True) for a, _ in sent]
                was_pcomp = cur.dep_ == "pcomp"
                cur, inherited = cur.head, True
                if was_pcomp and cur.dep_ == "prep":  # "After holding talks, X said": the prep's verb
                    of, cur = cur, cur.head
                    if of.lower_ == "of" and cur.ent_type_ in ("DATE", "TIME") and cur.dep_ == "pobj" \
                            and cur.head.head.pos_ in ("VERB", "AUX"):
                        # "X withdrew after years of fighting alongside Y": the time the deed
                        # took hangs on the clause that says who (not "arrested on suspicion
                        # of attacking Y": that is no deed of the arrest's subject)
                        cur = cur.head.head
                continue
            if cur.dep_ == "acl" and cur.tag_ == "VBN" and self.accuses(cur) and verb.dep_ == "pcomp" \
                    and verb.head.lower_ in ("of", "for") and verb.head.head.i == cur.i:
                # "militants accused of attacking X", "a group blamed for the attack": the noun
                # the participle describes is the doer (not a suspect: "men suspected of taking
                # part in the attacks" is too far from an attack for a reader)
                return [(a, True) for a, _ in self.actors_of(cur.head) if not a.is_place]
            if cur.dep_ == "acl" and cur.tag_ == "VBG" and self.doc[cur.i - 1].text != ",":
                # "militants targeting X": the noun acts; "X fires rockets targeting Y": whoever
                # fired the rockets does
                if self.actors.actor_at(cur.head.i) is not None:
                    return [(a, True) for a, _ in self.actors_of(cur.head) if not a.is_place]
                if cur.head.dep_ != "dobj":
                    return []
                cur, inherited = cur.head.head, True
                continue
            break
        return []

    def accuses(self, verb) -> bool:
        """A verb that fires an accusation ("accuse", "blame")."""
        return any(r.name == _ACCUSES for r in self.rules.verbs.get(verb.lemma_.lower(), []))

    def hosts(self, anchor, rule) -> list[tuple[Actor, bool]]:
        """Who arranges the event for others: the subject of a host verb of the rule whose
        object the event noun (its `Frames._anchor`) is ("Qatar hosted talks", "Egypt brokered a
        truce")."""
        gov = anchor.head
        if anchor.dep_ == "dobj" and gov.pos_ == "VERB" and gov.lemma_.lower() in rule.host_verbs:
            return self.subjects_of_verb(gov)
        return []

    def brokers(self, anchor, rule) -> list[tuple[Actor, bool]]:
        """Who arranged the event, after the "by" of a host verb's participle: "a truce brokered
        by Egypt", "talks mediated by Qatar" (its parties are the noun's own)."""
        return [x for c in anchor.children if c.dep_ == "acl" and c.tag_ == "VBN"
                and c.lemma_.lower() in rule.host_verbs for x in self.by_agents(c)]

    def prep_objects(self, head, preps: set[str]) -> list[tuple[Actor, bool]]:
        out = []
        for c in head.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += self.actors_of(p)
            elif c.dep_ == "prt" and c.lower_ in preps:  # "open fire on", phrasal verbs
                out += self.prep_objects(c, preps)
        return out

    def after_agents(self, noun, preps: set[str]) -> list[tuple[Actor, bool]]:
        """The objects after `preps` that the parser hung on an event noun's "by" agents
        rather than on the noun: "strikes by X and Y on Z" (read as "Y on Z")."""
        return [x for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                for p in c.children if p.dep_ == "pobj"
                for h in (p, *p.conjuncts) for x in self.prep_objects(h, preps)]


def _purpose(verb) -> bool:
    """An infinitive of purpose: "(sent) to fight", an adverbial clause led by "to"."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def counted(tok, transparent: frozenset[str]) -> list:
    """What a word that stands for what follows it names: "dozens of civilians", "the town of
    X", "a barrage of missiles" (none for any other word)."""
    if tok.lemma_.lower() not in transparent and not tok.like_num:
        return []
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children if p.dep_ == "pobj"]


def is_reciprocal(tok) -> bool:
    """The head of "each other" or "one another" (the parser makes it "other", or "one" with
    "another" its determiner)."""
    if tok.lower_ == "one" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "another":
        return True
    return tok.lower_ in ("other", "another") and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("each", "one")


def verb_trigger(tok, lemma: str, verbs: dict, transparent: frozenset[str]) -> str | None:
    """The trigger a verb fires: a phrase with its object, particle, preposition or the word
    that completes it ("take control", "take over", "fight alongside", "launch rockets", also
    through a quantity: "launch dozens of rockets"; "shoot dead", wherever the parse hangs
    "dead": on the verb, or on the object it comes before) before the verb alone."""
    words = [w for c in tok.children if c.dep_ in ("dobj", "prt", "prep", "advmod", "acomp", "oprd", "advcl")
             for w in [c, *counted(c, transparent)]]
    after = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    if after is not None and after.dep_ == "amod" and after.head.head.i == tok.i:
        words.append(after)  # "shot dead two men": "dead" read as the men's adjective
    for word in words:
        if f"{lemma} {word.lemma_.lower()}" in verbs:
            return f"{lemma} {word.lemma_.lower()}"
    return lemma if lemma in verbs else None


def completing(verb, trigger: str, transparent: frozenset[str]) -> list:
    """The verb's objects that are part of its trigger phrase: "fire" in "exchanged fire",
    "dozens" and "rockets" in "launched dozens of rockets"."""
    rest = trigger.partition(" ")[2]
    if not rest:
        return []
    for c in verb.children:
        if c.dep_ != "dobj":
            continue
        if c.lemma_.lower() == rest:
            # "took control of X": a word that stands for what follows it is still the object
            return [] if rest in transparent else [c]
        words = [c, *counted(c, transparent)]
        if any(w.lemma_.lower() == rest for w in words):
            return words
    return []
