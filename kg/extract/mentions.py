"""Parsed document -> `Mention`s of actors and places: the dictionary's entities (its entity
ruler runs before the statistical NER, so that dictionary names win over the small model's
guesses), the NER's own names, named buildings and sites the NER missed ("Al-Amal Hospital"),
towns and titled persons it missed (`kg.extract.missed`) and unnamed group nouns ("gunmen",
"civilians").

>>> nlp = build_nlp(Dictionary.load(), Lexicon.load(), Rules.load())        # doctest: +SKIP
>>> [m.text for m in nlp("Hamas fights Israel.")._.akg_mentions]             # doctest: +SKIP
['Hamas', 'Israel']
"""
from __future__ import annotations

from dataclasses import dataclass

from ..names import norm_key
from ..vocab import ACTOR_TYPES, PLACE_TYPES
from .dictionary import Dictionary
from .lexicon import Lexicon
from .name_bounds import (given_names_start, hyphen_joined, joined, rest_of_name, same_given_name,
                          surname_read_as_place, with_article_tail, with_given_names, with_surname,
                          without_loose_end, without_title)
from .missed import (is_title, name_end_type, named_after, titled_apposition, titled_names,
                     towns_before_places)
from .repairs import entity_bounds, is_count, is_fragment, place_by_context, split_at_commas

__all__ = ["NER_TYPES", "Mention", "find_mentions"]


# NER labels kept as actor or place mentions, with the akg type they give.
NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "NORP": "Group", "GPE": "Settlement",
             "LOC": "Region", "FAC": "Place"}


@dataclass(frozen=True)
class Mention:
    """A span of tokens naming an actor or place."""

    start: int  # token index
    end: int  # token index, exclusive
    text: str
    type: str  # akg class local name
    key: str | None  # dictionary key, if known
    kind: str  # dict | weak | demonym | ner (a name not from the dictionary) | group | facility

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES


def find_mentions(doc, lexicon: Lexicon, dictionary: Dictionary) -> list[Mention]:
    """Dictionary and NER entities, the names the NER missed (buildings, towns, titled persons),
    then unnamed group nouns ("gunmen", "civilians")."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    ents = [part for ent in doc.ents for part in split_at_commas(ent)]
    skip: set[int] = set()
    covered = 0  # the end of a name that took in the entities inside it
    for n, ent in enumerate(ents):
        if n in skip or ent.start < covered:
            continue
        ent_id = ent.ent_id_
        if ent_id:
            key, _, kind = ent_id.partition("|")
            m = Mention(ent.start, ent.end, ent.text, ent.label_, key, kind or "dict")
            if m.type == "Person" and (named := named_after(doc, m.start, m.end, lexicon)) is not None:
                # a building, street or body that bears a known person's name ("Jo Doe
                # International Airport"): one name, and no mention of the person
                start, covered, typ = named
                m = Mention(start, covered, doc[start:covered].text, typ, None,
                            "facility" if typ == "Place" else "ner")
            elif m.type == "Person" and (start := given_names_start(doc, m, lexicon)) < m.start:
                # given names before a known name: "Jo Ann Doe" is the dictionary's "Ann Doe"
                # (or "Jo Doe", however the text spells Jo), named in full; another given name
                # before a known surname is another person: "Bo Doe" is not Jo Doe
                same = ent.end - ent.start > 1 or same_given_name(doc[start], dictionary.entries.get(key))
                m = Mention(start, m.end, doc[start:m.end].text, m.type, m.key if same else None,
                            m.kind if same else "ner")
        elif ent.label_ in NER_TYPES:
            m = _ner_mention(ent, lexicon, dictionary)
            if m is None:
                continue
            if m.type == "Person":
                # one name the NER cut in two: "Jo Hague" (a place's name) or "Talal" +
                # "Jaber Abd al-Aal" (two persons side by side, with nothing between)
                while n + 1 < len(ents) and (surname_read_as_place(m, ents[n + 1])
                                             or rest_of_name(m, ents[n + 1])
                                             or hyphen_joined(m, ents[n + 1])):
                    n += 1
                    skip.add(n)
                    m = joined(m, ents[n])
                m = with_given_names(doc, without_title(doc, m, lexicon), lexicon)
                m = with_surname(doc, m, lexicon)
            elif m.type == "Place" and mentions and mentions[-1].end == m.start and mentions[-1].is_place:
                # "Tarkin International Airport": the NER's building after a town's name is
                # named with it, and the town keeps its own mention
                m = Mention(m.start, m.end, doc[mentions[-1].start:m.end].text, m.type, m.key, m.kind)
            elif m.type in PLACE_TYPES and doc[m.end - 1].lower_ == "of" and n + 1 < len(ents) \
                    and ents[n + 1].start == m.end and ents[n + 1].label_ in (*PLACE_TYPES, "Country"):
                # "the Sea of" + "Tarkin": the dictionary took the end of the NER's name
                n += 1
                skip.add(n)
                m = joined(m, ents[n])
        else:
            continue
        if m.kind == "ner":
            m = with_article_tail(doc, m)
            covered = max(covered, m.end)
        m = _with_place_noun(doc, m, lexicon)
        mentions.append(m)
        taken.update(range(m.start, m.end))
    _add_facilities(doc, lexicon, mentions, taken)
    for start, end in towns_before_places(doc, mentions, lexicon):
        n = next((n for n, m in enumerate(mentions) if (m.start, m.end) == (start, end)), None)
        if n is None:
            mentions.append(Mention(start, end, doc[start:end].text, "Settlement", None, "ner"))
            taken.update(range(start, end))
        else:  # the NER's "person" or "organisation" there
            mentions[n] = Mention(start, end, mentions[n].text, "Settlement", None, "ner")
    for start, end in titled_names(doc, lexicon, mentions, taken):
        mentions.append(Mention(start, end, doc[start:end].text, "Person", None, "ner"))
        taken.update(range(start, end))
    persons = {m.start for m in mentions if m.type == "Person"}
    # "army chief Jo Doe", "police chief Jo Doe": a singular noun just before a person's name is
    # the title of that name, no group of its own ("village chiefs" are one)
    titles = {i - 1 for i in persons if i > 0 and doc[i - 1].tag_ in ("NN", "NNP")}
    for tok in doc:
        if tok.i in taken or tok.i in titles or tok.pos_ not in ("NOUN", "PROPN") \
                or _ends_a_name(doc, tok, lexicon):
            continue
        lemma = tok.lemma_.lower()
        head = tok.head
        # ... but a force before a title is the force the titled person serves ("police
        # chief Jo Doe"), where "opposition politician Jo Doe" names no group
        titled = head.i in titles and lexicon.group_type(tok) not in (None, "Group")
        if tok.dep_ == "compound" and head.i == tok.i + 1 and not titled and (
                f"{lemma} {head.lemma_.lower()}" in lexicon.group_nouns or head.lemma_.lower() in lexicon.group_nouns
                or head.lemma_.lower() in lexicon.machine_nouns):
            # "gang members", "police officers": the head noun names the group; "fighter jets"
            # are aircraft
            continue
        # two-word group nouns ("security forces", "aid workers") name the head token
        prev = doc[tok.i - 1] if tok.i > 0 else None
        two = f"{prev.lemma_.lower()} {lemma}" if prev is not None else ""
        typ = lexicon.group_nouns.get(two) or lexicon.group_type(tok)
        if typ == "Group" and tok.tag_ in ("NN", "NNP") and head.i > tok.i \
                and head.pos_ in ("NOUN", "PROPN") and (
                    tok.dep_ == "compound" and tok.n_lefts == 0
                    # a word of a title: "Tarkin Front chief justice Jo Doe"
                    or tok.dep_ in ("compound", "amod") and head.i in titles):
            # one noun of people modifying another names no group: "a passenger bus", "a
            # refugee camp", "Chief Medical Adviser Jo Doe" (armed groups and forces still do:
            # "rebel attacks" are the rebels')
            continue
        if typ and not (prev is not None and two in lexicon.group_nouns and prev.i in taken):
            start = prev.i if two in lexicon.group_nouns else tok.i
            mentions.append(Mention(start, tok.i + 1, doc[start:tok.i + 1].text, typ, None, "group"))
            taken.update(range(start, tok.i + 1))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _ends_a_name(doc, tok, lexicon: Lexicon) -> bool:
    """Whether a capitalised noun for people ends an unknown proper name rather than naming a
    group: the ship "MV Tarkin Trader", not traders. A force's word ends a force's name ("the
    Tarkinian Coast Guard", `bind_named_force`) and a known name before a noun owns its group
    ("Hamas Fighters" in a headline)."""
    prev = doc[tok.i - 1] if tok.i > 0 else None
    return tok.pos_ == "PROPN" and tok.is_title and not tok.is_sent_start and prev is not None \
        and prev.pos_ == "PROPN" and prev.is_title and not prev.ent_type_ and prev.dep_ == "compound" \
        and prev.head.i == tok.i and lexicon.group_type(tok) == "Group"


def _add_facilities(doc, lexicon: Lexicon, mentions: list[Mention], taken: set[int]) -> None:
    """Named buildings and sites the NER missed or cut ("Al-Amal Hospital", "Nakhu Jail",
    "Ninoy Aquino International Airport"): a capitalised facility noun with the proper names
    before it is one place, and a name inside it ("Amal") no actor of its own. A country before
    it keeps its own mention and is named in the place's ("the U.S. Embassy")."""
    nouns = lexicon.facility_nouns
    for tok in doc:
        if tok.i in taken or tok.is_sent_start or not tok.text[:1].isupper() or tok.dep_ == "compound" \
                or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = tok.lemma_.lower()
        prev = doc[tok.i - 1]
        two = prev.i not in taken and f"{prev.lemma_.lower()} {lemma}" in nouns
        if not two and lemma not in nouns:
            continue
        noun = start = prev.i if two else tok.i  # where the facility noun starts
        while start > 0:
            left = doc[start - 1]
            if left.tag_ == "HYPH" and not left.whitespace_ and start > 1 and doc[start - 2].text[:1].isupper():
                start -= 2  # "Al-Amal"
            elif left.pos_ == "PROPN" or left.dep_ in ("compound", "amod") and left.text[:1].isupper() \
                    and left.i < left.head.i <= tok.i and not left.like_num:
                start -= 1
            else:
                break
        name_start = start
        for m in [m for m in mentions if start <= m.start < tok.i]:
            if m.kind in ("weak", "ner") and m.end <= tok.i:
                mentions.remove(m)  # part of the name: "Amal" in "Al-Amal Hospital"
            else:
                start = max(start, m.end)
                if m.type != "Country" and m.kind != "demonym" and not m.is_place:
                    name_start = start  # an actor's name before the noun is not the place's
        if name_start == noun:
            continue  # a capitalised noun alone ("the Embassy") names nothing
        mentions.append(Mention(start, tok.i + 1, doc[name_start:tok.i + 1].text, "Place", None, "facility"))
        taken.update(range(start, tok.i + 1))


def _machine_name(ent, lexicon: Lexicon) -> bool:
    """Whether the NER's name is the make of a weapon or machine that follows it ("Tarkin-5
    cruise missiles", "Falcon drones"): no actor. An acronym is an owner more often than a
    make ("two RNZAF aircraft")."""
    if ent.text.isupper() and not any(c.isdigit() for c in ent.text):
        return False
    nxt = ent.root.head
    while nxt.i >= ent.end and nxt.dep_ == "compound" and nxt.head.i != nxt.i:
        nxt = nxt.head  # "cruise" in "Tarkin-5 cruise missiles"
    return nxt.i >= ent.end and ent.root.dep_ in ("compound", "nmod", "amod") \
        and nxt.lemma_.lower() in lexicon.machine_nouns


def _portfolio(doc, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the entity of tokens `start` to `end` is the portfolio of a title before or
    after it ("State" in "Secretary of State", "Defence" in "Minister of Defence", "Interior"
    in "Interior Minister Jo Doe"): part of the title, no actor of its own."""
    if doc[start:end].text.lower() not in lexicon.portfolios:
        return False
    if end < len(doc) and is_title(doc, end, lexicon):
        return True
    k = start - 1  # "of", or the article after it
    if k > 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ == "of" and is_title(doc, k - 1, lexicon)


def _unit_number(tok) -> bool:
    """Whether a word is the ordinal of a unit's name: "3rd", or "Third" capitalised within a
    sentence (not "the first Tarkin attack")."""
    return tok.like_num and not is_count(tok) and (
        tok.text[:1].isdigit() or (tok.is_title and not tok.is_sent_start))


def _with_place_noun(doc, m: Mention, lexicon: Lexicon) -> Mention:
    """'Swat valley', 'Idlib province': the place noun after a place name belongs to it."""
    if m.type not in PLACE_TYPES or m.end >= len(doc):
        return m
    nxt = doc[m.end]
    if nxt.lower_ in lexicon.place_nouns and nxt.ent_iob_ != "B":
        return Mention(m.start, m.end + 1, doc[m.start:m.end + 1].text, m.type, m.key, m.kind)
    return m


def _ner_mention(ent, lexicon: Lexicon, dictionary: Dictionary) -> Mention | None:
    start, end = entity_bounds(ent)
    if start > 0 and _unit_number(ent.doc[start - 1]) and ent.label_ == "ORG":
        start -= 1  # "the 1st Armored Division": the NER left its number out
    if ent.label_ not in ("GPE", "LOC", "FAC"):
        # "the 3rd Brigade of" + "the Tarkin Army": a place's "of" may join the next name
        # ("the Sea of" + "Tarkin"), an organisation's is cut off
        while end > start and ent.doc[end - 1].lower_ == "of":
            end -= 1
    if ent.label_ == "NORP" and end - start > 2 and ent.doc[end - 2].text == "-" and ent.doc[end - 1].is_lower:
        return None  # "Arabic-language", "Tarkinian-speaking": a word of a thing, no people
    opened = next((t.i for t in ent.doc[start + 1:end] if t.text == "("), None)
    if opened is not None and not any(t.text == ")" for t in ent.doc[opened:end]):
        end = opened  # "the Tarkin Commission (TC" + ")": the name ends before its bracket
    if ent.label_ != "PERSON":  # a person's name may end in a particle the NER cut off ("Jo de")
        end = without_loose_end(ent.doc, start, end)
        if end is None:
            return None
    text = ent.doc[start:end].text
    if is_fragment(ent.doc, start, end) or _portfolio(ent.doc, start, end, lexicon) \
            or _machine_name(ent, lexicon):
        return None
    entry = dictionary.lookup(text)
    if entry is not None:
        # lookup() tries names before demonyms: the entry came from a demonym unless a name owns it
        kind = "dict" if dictionary.index.get(norm_key(text)) == entry.key else "demonym"
        return Mention(start, end, text, entry.type, entry.key, kind)
    typ = NER_TYPES[ent.label_]
    if typ == "Organization":
        typ = lexicon.org_type(text)
        if _unit_number(ent.doc[start]) and ent.doc[end - 1].lemma_.lower() in lexicon.unit_nouns:
            typ = "StateForce"  # a numbered unit: "5th Fleet", "the Third Brigade"
        last = ent.doc[end - 1].lemma_.lower()
        if typ == "Organization" and (last in lexicon.facility_nouns or end - start > 1 and
                                      f"{ent.doc[end - 2].lemma_.lower()} {last}" in lexicon.facility_nouns):
            typ = "Place"  # "Nakhu Jail", "Evin Prison": a building, not a body that acts
    if typ == "Person" and (named := name_end_type(text, ent.doc[end - 1], lexicon)) is not None:
        if end - start == 1:
            return None  # "the Memorial" alone names nothing
        typ = named  # "Jo Doe Airport", "Jo Doe Avenue", "the Jo Doe Brigades": no person
    if typ == "Organization" and ent.label_ == "ORG" and ent.doc[end - 1].lower_ not in lexicon.body_name_words \
            and titled_apposition(ent.doc, ent.doc[end - 1], lexicon):
        typ = "Person"  # "the commander, Jo Doe,": a person, whatever the NER said
    first_word = lexicon.place_name_starts.get(ent.doc[start].lower_)
    if first_word and end - start > 1 and typ in ("Person", "Organization", "Settlement"):
        typ = first_word  # "Deir al-Tarkin", "Beit Tarkin": a place's name, whatever the NER said
    typ = place_by_context(ent.doc[start:end], lexicon) or typ
    if lexicon.anaphors.get(ent.doc[end - 1].lower_) == "Region" and (
            typ == "Settlement" or (typ == "Person" and end - start > 1)):
        typ = "Region"  # "Bel Province", and "Jo Oblast" the NER took for a person
    if typ not in ACTOR_TYPES and typ not in PLACE_TYPES:
        return None
    return Mention(start, end, text, typ, None, "ner")
