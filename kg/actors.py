"""Step 3: mentions -> actors. One `Actor` per real-world actor or place in a document.

Dictionary names resolve to their canonical entry; weak aliases ("the resistance") only when
the document names that actor plainly too; NER names by normalised form (a lone surname joins
the full name, an acronym its expansion); group nouns ("Russian troops", "commanders of the
Iraqi Army") to the actor that owns them; "the group", "the valley" and pronouns to the
nearest fitting actor before them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .dictionary import Dictionary
from .mentions import Lexicon, Mention
from .names import display_name, mint_key, norm_key
from .vocab import PLACE_TYPES

# Anaphor types and the actor types they may refer to.
_COMPATIBLE = {
    "ArmedGroup": {"ArmedGroup", "Organization"},
    "Country": {"Country"},
    "Region": {"Region", "Place", "Settlement"},
    "Settlement": {"Settlement", "Place"},
}
_OWNER_DEPS = {"compound", "amod", "poss", "nmod"}


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

    @property
    def is_place(self) -> bool:
        """A place only (Region, Settlement, Place); a country counts as an actor."""
        return self.type in PLACE_TYPES


@dataclass
class DocActors:
    """Actors of one document and which token stands for which actor."""

    actors: dict[str, Actor] = field(default_factory=dict)
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor key
    mentions: list[Mention] = field(default_factory=list)

    def actor_at(self, i: int) -> Actor | None:
        key = self.token_actor.get(i)
        return self.actors.get(key) if key else None


def resolve(doc, mentions: list[Mention], dictionary: Dictionary, lexicon: Lexicon) -> DocActors:
    """Map every mention (and anaphor, pronoun, owned group noun) to a document actor."""
    out = DocActors(mentions=mentions)
    anchored = {m.key for m in mentions if m.kind == "dict"}
    persons: list[Mention] = [m for m in mentions if m.type == "Person" and m.key is None]
    group_mentions = []
    for m in mentions:
        if m.kind == "group":
            group_mentions.append(m)
            continue
        if m.kind == "weak" and m.key not in anchored:
            # "bandits" with no "Nigerian bandits" around: an unnamed group like any other
            typ = lexicon.group_type(doc[m.end - 1])
            if typ is not None:
                group_mentions.append(Mention(m.start, m.end, m.text, typ, None, "group"))
            continue
        actor = _state_behind_capital(doc, m, dictionary, lexicon) or \
            _actor_for(doc, m, anchored, persons, dictionary, out)
        if actor is not None:
            _bind(out, actor, m, doc)
    # "its fighters", "their troops": the owner behind the pronoun, among the actors named so far
    for m in group_mentions:
        for c in doc[m.end - 1].children:
            if c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in lexicon.collective_pronouns:
                owner = _pronoun_antecedent(c, out, person=False)
                if owner is not None:
                    out.token_actor[c.i] = owner.key
    # group nouns last: they may belong to an actor named anywhere around them
    for m in group_mentions:
        head = doc[m.end - 1]
        # fighters and troops belong to their side; civilians, hostages and prisoners do not:
        # "Israeli hostages" are a group of their own, not Israel
        owned = m.type != "Group" or head.lemma_.lower() in lexicon.role_nouns
        owner = (owner_of(head, out) or _owner_by_verb(head, out, lexicon)) if owned else None
        if owner is not None and owner.type == "Country" and head.lemma_.lower() in lexicon.stateless_nouns:
            owner = None
        if owner is not None:
            _bind(out, owner, m, doc, surface=_owned_phrase(doc, m, out, owner))
            continue
        # a "compound" with a subject of its own is a mis-tagged verb: "help the government fight rebels"
        modifiers = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i
                     and not any(g.dep_ == "nsubj" for g in c.children)]
        if head.lemma_.lower() in lexicon.vague_nouns and not modifiers and m.end - m.start == 1:
            continue  # bare "forces" or "units" name nobody in particular
        first = min([m.start] + [c.i for c in modifiers if c.pos_ in ("NOUN", "ADJ", "PROPN")
                                 and not c.like_num and c.i >= m.start - 3])
        words = [t.lower_ for t in doc[first:m.end - 1] if not t.like_num and t.pos_ != "DET"]
        plural = head.lower_ if head.tag_ in ("NNS", "NNPS") else _plural(head)
        name = display_name(" ".join(words + [plural]))
        key = mint_key("actor", name, dictionary.entries)
        actor = out.actors.get(key) or Actor(key, name, m.type, generic=True)
        _bind(out, actor, m, doc)
    _resolve_titled_persons(doc, out, lexicon, dictionary)
    _resolve_role_nouns(doc, out, lexicon)
    _resolve_anaphors(doc, out, lexicon)
    return out


def _plural(tok) -> str:
    lemma = tok.lemma_.lower()
    if lemma.endswith("man"):
        return lemma[:-3] + "men"
    if lemma in ("people", "police", "military", "militia"):
        return lemma
    return lemma + ("es" if lemma.endswith(("s", "x", "ch", "sh")) else "s")


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


def _owner_by_verb(tok, out: DocActors, lexicon: Lexicon) -> Actor | None:
    """'X recruited fighters': the fighters are X's."""
    if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in lexicon.owning_verbs:
        return None
    for c in tok.head.children:
        if c.dep_ == "nsubj":
            a = out.actor_at(c.i)
            if a is not None and not a.is_place:
                return a
    return None


def _clean_surface(span) -> str:
    toks = list(span)
    while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].like_num):
        toks = toks[1:]
    while toks and toks[-1].tag_ == "POS":
        toks = toks[:-1]
    return "".join(t.text_with_ws for t in toks).strip() if toks else span.text


def _state_behind_capital(doc, m: Mention, dictionary: Dictionary, lexicon: Lexicon) -> Actor | None:
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


def from_entry(e) -> Actor:
    """The document actor for a dictionary entry: its key, name, type and Wikidata id."""
    return Actor(e.key, e.name, e.type, set(), e.wikidata, e.part_of, True)


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


def owner_of(tok, out: DocActors) -> Actor | None:
    """The actor a group or role noun belongs to: "Russian troops", "Hamas's fighters",
    "commanders of the Iraqi Army". Troops loyal to X are a group of their own, led by X."""
    for child in tok.children:
        if child.dep_ in _OWNER_DEPS:
            a = out.actor_at(child.i)
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


def _resolve_titled_persons(doc, out: DocActors, lexicon: Lexicon, dictionary: Dictionary) -> None:
    """'The Governor of Borno State' names one person, though not by name."""
    for tok in doc:
        if tok.i in out.token_actor or tok.tag_ not in ("NN", "NNP") or not tok.text[:1].isupper():
            continue
        two = f"{doc[tok.i - 1].lower_} {tok.lower_}" if tok.i else ""
        start = tok.i - 1 if two in lexicon.person_titles else tok.i
        if two not in lexicon.person_titles and tok.lower_ not in lexicon.person_titles:
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is None or out.actor_at(pobj.i) is None:
            continue
        end = max(t.i for t in pobj.subtree if t.dep_ not in ("appos", "punct", "cc", "conj")
                  and (t.i <= pobj.i or t.head.i != pobj.i)) + 1
        name = display_name(doc[start:end].text)
        actor = Actor(mint_key("actor", name, dictionary.entries), name, "Person")
        actor = out.actors.setdefault(actor.key, actor)
        actor.surface_forms.add(name)
        for i in range(start, tok.i + 1):
            out.token_actor[i] = actor.key


def _resolve_role_nouns(doc, out: DocActors, lexicon: Lexicon) -> None:
    for tok in doc:
        if tok.i in out.token_actor or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.lemma_.lower() in lexicon.role_nouns or tok.lower_ in lexicon.role_nouns:
            owner = owner_of(tok, out)
            if owner is not None:
                out.token_actor[tok.i] = owner.key


def _resolve_anaphors(doc, out: DocActors, lexicon: Lexicon) -> None:
    """'the group', 'the valley' and pronouns -> the nearest fitting actor named before them."""
    for tok in doc:
        if tok.i in out.token_actor:
            continue
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in lexicon.person_pronouns or low in lexicon.collective_pronouns):
            a = _pronoun_antecedent(tok, out, person=low in lexicon.person_pronouns)
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
            if typ in ("Region", "Settlement") and out.actor_at(named[0].i).is_place:
                out.token_actor[tok.i] = out.token_actor[named[0].i]
            continue
        window = 400
        if typ == "StateForce":
            # every state has an army: "the military" is the one named in the same paragraph
            window = tok.i - next((t.i for t in reversed(doc[:tok.i]) if "\n" in t.text), -1)
        a = _nearest_before(tok.i, out, _COMPATIBLE.get(typ, {typ}), window, head_word=tok.lower_)
        if a is not None:
            out.token_actor[tok.i] = a.key


def _nearest_before(i: int, out: DocActors, types: set[str], window: int = 400,
                    head_word: str | None = None) -> Actor | None:
    """Nearest fitting actor before token i; one named with `head_word` ("Swat Valley" for
    "the valley") wins over a nearer one that is not."""
    nearest = None
    for j in range(i - 1, max(-1, i - window), -1):
        a = out.actor_at(j)
        if a is None or a.type not in types:
            continue
        if head_word is None or any(head_word in f.lower().split() for f in a.surface_forms):
            return a
        nearest = nearest or a
    return nearest


def _pronoun_antecedent(tok, out: DocActors, person: bool) -> Actor | None:
    sent = tok.sent
    root = sent.root
    # a pronoun in a clause fronted before the main subject refers to that subject:
    # "To protect its borders, the army is deploying troops"
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and tok.i < subj.i:
        a = out.actor_at(subj.i)
        if a is not None and (a.type == "Person") == person and not a.is_place:
            return a
    for j in range(tok.i - 1, max(-1, sent.start - 60), -1):
        a = out.actor_at(j)
        if a is None or a.is_place:
            continue
        if (a.type == "Person") == person:
            return a
    return None
