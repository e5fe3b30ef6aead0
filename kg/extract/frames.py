"""Actors + parse -> `Relation`s, by the rules of `kg/data/relations.toml`.

Frames, each generic over its trigger words: a verb with its subject and object (active and
passive), an event noun with its agent and target ("Israeli airstrikes on X", "talks between X
and Y", "X reinforced the siege of Y"), an "X-backed Y" participle, an "anti-X" prefix, an
adjective ("troops loyal to X"), and a person's title ("Hamas commander X", "X, the leader of Y").
Each token is offered to the token frames in the order of `Frames.TOKEN_FRAMES`, then the title
frames read the person mentions; who a word stands for is asked of `kg.extract.roles.Roles`.

A relation leaves here asserted and undated: the modality and dates components
(`kg.extract.modality`, `kg.extract.dates`) read how sure and when from its trigger's sentence.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import COOPERATIVE, HOSTILE, MODALITIES, relation_family
from .actors import Actor, DocActors
from .repairs import acts_as_verb, noun_of_adjective, objects_of_misread_verbs, verb_read_as_compound
from .roles import Roles, completing, is_reciprocal, placeish, takes_actor, verb_trigger
from .rules import RelationRule, Rules
from .sentences import Sentences
from .titles import title_frames

__all__ = ["Frames", "Relation", "find_relations"]


@dataclass(frozen=True)
class Relation:
    """One relation mention: who did what to whom, with the sentence that says so."""

    subject: str  # actor key
    predicate: str  # relation name (local name in the ontology)
    object: str  # actor or place key
    sentence: str  # verbatim text of the sentence
    start: int  # character offsets of the sentence in the document text
    end: int
    trigger: str
    confidence: float
    modality: str = MODALITIES[0]  # asserted
    attributed_to: str | None = None
    date: str | None = None
    # where the parse says it: the trigger's token, and the actor the sentence makes the subject
    # (`subject`, or `object` for a symmetric relation stored the other way round)
    trigger_i: int = field(default=-1, compare=False, repr=False)
    agent: str | None = field(default=None, compare=False, repr=False)
    # key of the place the sentence (else the document's dateline) puts it in: `kg.extract.locations`
    location: str | None = field(default=None, compare=False)


class Frames:
    """The frames over one parsed document and its actors; `run` gives every relation found."""

    def __init__(self, doc, actors: DocActors, rules: Rules):
        self.doc, self.actors, self.rules = doc, actors, rules
        self.roles, self.sentences = Roles(doc, actors, rules), Sentences(doc)
        self.found: dict[tuple, Relation] = {}

    def run(self) -> list[Relation]:
        for tok in self.doc:
            for frame in self.TOKEN_FRAMES:
                frame(self, tok)
        title_frames(self)
        return list(self.found.values())

    # -- what each token triggers ---------------------------------------------------------
    def verbs_at(self, tok) -> None:
        """A verb's triggers: a phrase trigger, then the verb alone for the relations the phrase
        does not fire ("fought alongside X against Y" is both alliedWith X and fights Y)."""
        lemma = tok.lemma_.lower()
        verb = verb_trigger(tok, lemma, self.rules.verbs, self.rules.transparent_nouns) \
            if acts_as_verb(tok) else None
        done, families = set(), set()
        for trigger in [verb, lemma] if verb and verb != lemma else [verb]:
            for rule in self.rules.verbs.get(trigger, []):
                # the phrase says what the verb alone would within its family: "shot dead X"
                # kills X, and is no attack besides; "fought alongside X" is still a fight
                if rule.name not in done and (trigger == verb or relation_family(rule.name) not in families):
                    done.add(rule.name)
                    families.add(relation_family(rule.name))
                    self.verb_frame(tok, rule, inverse=trigger in rule.inverse_verbs,
                                    places_only=trigger in rule.place_verbs, trigger=trigger)

    def nouns_at(self, tok) -> None:
        """An event noun, or a two-word one ("peace talks")."""
        if tok.pos_ in ("NOUN", "PROPN"):
            lemma = tok.lemma_.lower()
            two = f"{tok.nbor(-1).lemma_.lower()} {lemma}" if tok.i else ""
            for rule in self.rules.nouns.get(two) or self.rules.nouns.get(lemma, []):
                self.noun_frame(tok, rule)

    def participles_at(self, tok) -> None:
        if tok.lower_ in self.rules.participles:
            self.participle_frame(tok, self.rules.participles[tok.lower_])

    def prefixes_at(self, tok) -> None:
        if tok.lower_ in self.rules.prefixes:
            self.prefix_frame(tok, self.rules.prefixes[tok.lower_])

    def adjectives_at(self, tok) -> None:
        post = tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.head.i < tok.i  # "militias affiliated"
        word = tok.lemma_.lower() if tok.pos_ == "ADJ" else tok.lower_ if post else None
        if word in self.rules.adjectives:
            self.adjective_frame(tok, self.rules.adjectives[word])

    TOKEN_FRAMES = (verbs_at, nouns_at, participles_at, prefixes_at, adjectives_at)
    """The frames each token is offered to, in order; a relation found twice for one sentence
    keeps the first with the highest confidence, so the order decides ties."""

    # -- frames ---------------------------------------------------------------------------

    def verb_frame(self, verb, rule: RelationRule, inverse: bool = False,
                   places_only: bool = False, trigger: str = "") -> None:
        own_passive = _passive(verb)
        # "X is closed and occupied by Y": the second verb shares the first one's passive subject
        shared_passive = (not own_passive and verb.dep_ == "conj" and verb.tag_ == "VBN"
                          and any(c.dep_ == "nsubjpass" for c in verb.head.children))
        passive = own_passive or shared_passive
        if passive:
            # the "by" agent may hang on any verb of "stormed and set on fire by X"
            subjects = [x for v in [verb, *verb.conjuncts] for x in self.roles.by_agents(v)]
            holder = verb.head if shared_passive else verb
            patients = [c for c in holder.children if c.dep_ == "nsubjpass"]
        elif verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children):
            # "drones fired by X", "people killed by X"
            subjects = self.roles.by_agents(verb)
            patients = [verb.head]
        else:
            subjects = self.roles.subjects_of_verb(verb)
            patients = [c for c in verb.children if c.dep_ == "dobj"]
            if verb_read_as_compound(verb, self.rules.titles):
                patients = [verb.head]
        if passive and not subjects:
            # "people are killed in an attack by X", "... killed after gunmen open fire"
            subjects = [(a, True) for a in self.roles.event_agents(verb)]
        # an object that completes the trigger ("exchanged fire", "launched dozens of rockets") is
        # no object of the relation, but what hangs on it may be ("fired a missile toward X")
        in_trigger = completing(verb, trigger, self.rules.transparent_nouns)
        patients = [p for p in patients if p not in in_trigger]
        objects: list[tuple[Actor, bool]] = []
        for slot in rule.verb_objects:
            if places_only and not slot.endswith(":place"):
                continue
            if slot in ("dobj", "dobj:named"):
                for p in patients:
                    # "dobj:named": only an actor with a name ("conscripted Rohingya", not "fighters")
                    objects += [(a, ind) for a, ind in self.roles.actors_of(p)
                                if slot == "dobj" or not a.generic]
            elif places_only and slot == "in:place":  # "killed 40 villagers in Ituri"
                objects += [(a, ind) for p in patients for a, ind in self.roles.prep_objects(p, {"in"})
                            if placeish(a)]
                objects += [(a, ind) for a, ind in self.roles.prep_objects(verb, {"in"}) if placeish(a)]
                continue
            elif slot == "clause_subject":
                # "helped Ukraine repel attacks": who is helped is the subject of what they do
                # (not when they do something together: "helped X and Y reach a deal" is mediation)
                doers = [d for c in verb.children if c.dep_ in ("ccomp", "xcomp")
                         and not self._joint_deed(c) for d in c.children if d.dep_ == "nsubj"]
                # ... also when the tagger made that verb a noun: "help the government fight rebels"
                misread = objects_of_misread_verbs(patients)
                # (people helped to flee or to vote are not a side: no groups)
                objects += [a for d in doers + list(misread.values()) for a in self.roles.actors_of(d)
                            if a[0].type != "Group"]
                patients = [p for p in patients if p not in misread]
            elif slot == "xcomp" and not patients:
                # "threatened to strike Israel": the object of what is threatened
                for x in verb.children:
                    if x.dep_ == "xcomp":
                        objects += [a for d in x.children if d.dep_ == "dobj"
                                    for a in self.roles.actors_of(d)]
            else:
                prep, _, kind = slot.partition(":")  # "in:place": only a place after "in"
                if kind == "aimed" and not in_trigger:
                    continue  # "toward:aimed": only for what is fired ("fired missiles toward X")
                found = self.roles.prep_objects(verb, {prep})
                if not found:
                    # "recruited fighters from Punjab": the phrase may hang on the verb's object
                    holders = in_trigger + (patients if "dobj" not in rule.verb_objects else [])
                    found = [x for p in holders for x in self.roles.prep_objects(p, {prep})]
                objects += [(a, ind) for a, ind in found if kind != "place" or placeish(a)]
        # "their patrol hit a roadside bomb planted by X": X attacked them (only with the one who
        # planted it named: "gunmen attacked a Tarkinian gold mine" is an attack on Tarkinia)
        planters = [x for p in patients if p.lemma_.lower() in self.rules.device_nouns
                    for c in p.children if c.dep_ == "acl" and c.tag_ == "VBN"
                    for x in self.roles.by_agents(c)]
        if planters and not passive:
            self.emit(rule, verb, planters, subjects, verb.text, direct=False)
            return
        if not passive and len(subjects) >= 2 and self._reciprocal_object(verb, patients, rule):
            # "X and Y accuse each other", "X and Y fired on one another": each side does it
            # to the other (both ways; a symmetric relation is stored once)
            objects = list(subjects)
        if inverse:
            subjects, objects = objects, subjects
        if rule.symmetric and not objects and not patients and len(subjects) >= 2 and not passive:
            # "Armenia and Azerbaijan clashed", "X and Y agreed to a truce", "X and Y exchanged
            # fire": the two sides
            subjects, objects = subjects[:1], subjects[1:]
        self.emit(rule, verb, subjects, objects, verb.text, direct=not passive)

    @staticmethod
    def _reciprocal_object(verb, patients, rule: RelationRule) -> bool:
        """The verb's object, or the object of a preposition of the rule's, is "each other" or
        "one another"."""
        preps = {slot.partition(":")[0] for slot in rule.verb_objects}
        held = [p for p in patients if "dobj" in preps or "dobj:named" in preps]
        held += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in preps
                 for p in c.children if p.dep_ == "pobj"]
        return any(is_reciprocal(p) for p in held)

    def _joint_deed(self, verb) -> bool:
        """The verb, or the event noun it governs, fires a cooperative symmetric relation ("reach a
        deal", "negotiate"): something two sides do together."""
        words = [verb.lemma_.lower()] + [c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"]
        return any(r.symmetric and relation_family(r.name) == COOPERATIVE for w in words
                   for r in self.rules.verbs.get(w, []) + self.rules.nouns.get(w, []))

    def noun_frame(self, noun, rule: RelationRule) -> None:
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in rule.recipient_verbs:
            # "Y welcomed assistance from X": X gives, Y receives
            givers = self.roles.prep_objects(noun, {"from"}) or self.roles.prep_objects(noun.head, {"from"})
            self.emit(rule, noun, givers, self.roles.subjects_of_verb(noun.head), noun.text, direct=False)
            return
        gov = noun.head
        if noun.dep_ == "pobj" and gov.lower_ in rule.recipient_preps and gov.head.pos_ in ("VERB", "AUX"):
            # "Y took the town with the support of X", "with X's backing": X gives, Y receives
            self.emit(rule, noun, self.roles.givers(noun), self.roles.subjects_of_verb(gov.head), noun.text, False)
            return
        agents = [(a, False) for a in self.roles.noun_agents(noun)]
        between = []
        # "talks between X and Y", and "fighting broke out between X and Y"
        # an event noun that is a verb's subject ("fighting broke out", "a strike kills")
        verb = noun.head if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB" else None
        holders = [noun] + ([verb] if verb is not None else [])
        for h in holders:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "between" and "between" in rule.noun_objects:
                    between = between or [a for p in c.children if p.dep_ == "pobj"
                                          for a in self.roles.actors_of(p)]
        anchor = self._anchor(noun)
        hosts = self.roles.hosts(anchor, rule)
        if hosts and between and rule.host_relation:
            # "Egypt brokered a truce between X and Y": the host negotiates with each side
            self.emit(self.rules.relations[rule.host_relation], noun, hosts, between, noun.text,
                      direct=False)
        if len(between) >= 2:
            first, rest = between[0], between[1:]
            self.emit(rule, noun, [first], rest, noun.text, direct=True)
            return
        if between and agents:
            self.emit(rule, noun, agents, between, noun.text, direct=True)
            return
        objects = []
        if verb is not None and rule.object in ("any", "place"):
            # "A drone strike by X kills five people in Y": the strike hit Y
            objects += [(a, ind) for v in [verb, *verb.conjuncts]
                        for a, ind in self.roles.prep_objects(v, {"in"}) if placeish(a)]
        # "sent aid to X", "launched an attack on X": the phrase may hang on the noun's verb
        # (not a place after "in": "ended its operations in X" attacked nobody)
        holders = [noun] + ([noun.head] if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else [])
        for h in holders:
            for slot in rule.noun_objects:
                prep, _, kind = slot.partition(":")
                if kind == "in" and not (h is noun and noun.dep_ == "pobj" and noun.head.lower_ == "in"):
                    continue  # "in support of X", not "with the support of X"
                if prep != "between" and (h is noun or prep not in ("in", "of", "around", "among")):
                    objects += [(a, ind) for a, ind in self.roles.prep_objects(h, {prep})
                                if kind != "place" or placeish(a)]
            if objects:
                break
        if not objects:
            objects = self.roles.after_agents(noun, {p for p in rule.noun_objects if ":" not in p} - {
                "between", "of", "in"})
        if not agents:
            gov = anchor.head
            if hosts:
                agents = []  # "Qatar and Egypt hosted talks": the hosts are no party to them
            elif anchor.dep_ == "dobj" and gov.pos_ == "VERB" \
                    and gov.lemma_.lower() not in self.rules.onlooker_verbs:
                # "X launched an attack on Y" (not "X condemned the attack on Y")
                agents = [(a, True) for a, _ in self.roles.subjects_of_verb(gov)]
            elif anchor.dep_ == "pobj" and gov.head.pos_ == "VERB" and (gov.lower_ in (
                    "in", "into", "with", "after", "during", "following", "amid")
                    or gov.lower_ == "to" and rule.symmetric) \
                    and (rule.symmetric or not _passive(gov.head)):
                # "engaged in talks", "responded with airstrikes", "captured X after fighting with Y"
                # (and, for a two-sided event, "returned to talks", "agreed to a truce")
                # (a passive's subject takes part in a clash, but "X was killed in a strike" did not strike)
                agents = [(a, True) for a, _ in self.roles.subjects_of_verb(gov.head)]
        if rule.symmetric and not objects and len(agents) >= 2:
            # "Russia and Ukraine held talks": the two sides are the agents
            agents, objects = agents[:1], agents[1:]
        brokers = self.roles.brokers(anchor, rule)
        if brokers and agents and rule.host_relation:
            # "X and Y agreed to a truce brokered by Egypt": Egypt negotiates with each side
            self.emit(self.rules.relations[rule.host_relation], noun, brokers,
                      agents + (objects if rule.symmetric else []), noun.text, direct=False)
        self.emit(rule, noun, agents, objects, noun.text, direct=False)

    def _anchor(self, noun):
        """The noun that stands for an event noun in its clause: the noun itself, or the noun
        that measures it ("after weeks of fighting", "a wave of attacks")."""
        anchor = noun
        while anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN" \
                and self.actors.actor_at(anchor.head.head.i) is None:
            anchor = anchor.head.head
        return anchor

    def participle_frame(self, tok, rule: RelationRule) -> None:
        # "Iran-backed militias": Iran -> tokens [Iran, -, backed]
        if tok.i < 2 or self.doc[tok.i - 1].text != "-":
            return
        subj = self.actors.actor_at(tok.i - 2)
        if subj is None:
            return
        head = tok.head
        objects = self.roles.actors_of(head) if head is not tok else []
        if not objects:  # the participle's head noun is not an actor: look along the noun phrase
            nxt = next((t for t in self.doc[tok.i + 1:tok.i + 4] if self.actors.actor_at(t.i)), None)
            objects = self.roles.actors_of(nxt) if nxt is not None else []
        self.emit(rule, tok, [(subj, False)], objects, self.doc[tok.i - 2:tok.i + 1].text, direct=True)

    def adjective_frame(self, adj, rule: RelationRule) -> None:
        """'troops loyal to X' (X leads the troops), 'militias affiliated with X' (members of X)."""
        # only the noun the adjective modifies, not the nouns coordinated with it
        noun = noun_of_adjective(adj)
        holders = self.roles.one(noun, 0) if noun is not adj else []
        others = self.roles.prep_objects(adj, {"to", "with"})
        if rule.adjective_direction == "complement":
            holders, others = others, holders
        self.emit(rule, adj, holders, others, adj.text, direct=True)

    def prefix_frame(self, tok, rule: RelationRule) -> None:
        # "the anti-Taliban resistance": the resistance opposes the Taliban
        if tok.i + 2 >= len(self.doc) or self.doc[tok.i + 1].text != "-":
            return
        target = self.actors.actor_at(tok.i + 2)
        if target is None:
            return
        span_end = tok.i + 2
        while span_end + 1 < len(self.doc) and self.actors.actor_at(span_end + 1) == target:
            span_end += 1
        head = self.doc[span_end].head
        holders = self.roles.actors_of(head) if head.i > span_end else []
        self.emit(rule, tok, holders, [(target, False)], self.doc[tok.i:span_end + 1].text, direct=True)

    # -- output ---------------------------------------------------------------------------
    def emit(self, rule: RelationRule, trigger, subjects, objects, trigger_text: str, direct: bool) -> None:
        if not subjects or not objects:
            return
        sent = self.sentences.of(trigger.i)
        raw = self.sentences.span_text(sent)
        start = sent.start_char + len(raw) - len(raw.lstrip())
        sentence = raw.strip()
        for s, s_ind in subjects:
            if s.is_place:  # places do not act (a country is an actor, not a place here)
                continue
            for o, o_ind in objects:
                if o.key == s.key:
                    continue
                if rule.object in ("actor", "people") and not takes_actor(rule.object, o) \
                        or (s.type, o.type) in rule.excluded_pairs:
                    continue
                if rule.object == "place" and not o.is_place:
                    continue
                if s.type == "Country" and o.is_place and o.country == s.key \
                        and relation_family(rule.name) == HOSTILE and any(map(is_reciprocal, sent)):
                    # "killed in X as both countries launched strikes at each other": each
                    # struck the other's towns, not its own
                    continue
                if rule.object == "place_or_group" and not (placeish(o) or o.type == "Group"):
                    continue
                conf = rule.confidence + (0.1 if s.from_dictionary and o.from_dictionary else 0.0) \
                    + (0.05 if direct else -0.05) - (0.1 if s_ind or o_ind else 0.0)
                conf = round(min(0.99, max(0.05, conf)), 2)
                # symmetric relations are stored in one direction, so each pair is found once
                first, second = (o, s) if rule.symmetric and o.key < s.key else (s, o)
                key = (first.key, rule.name, second.key, start)
                old = self.found.get(key)
                if old is not None and old.confidence >= conf:
                    continue
                self.found[key] = Relation(
                    subject=first.key, predicate=rule.name, object=second.key,
                    sentence=sentence, start=start, end=start + len(sentence), trigger=trigger_text,
                    confidence=conf, trigger_i=trigger.i, agent=s.key)


def _passive(verb) -> bool:
    """Whether a verb is in the passive voice ("was killed", "is said to have been killed")."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def find_relations(doc, actors: DocActors, rules: Rules) -> list[Relation]:
    """Every relation the rules find in a parsed document, one per (s, p, o, sentence), asserted
    and undated until the modality and dates components have read their sentences."""
    return Frames(doc, actors, rules).run()
