"""Names the small model's NER misses, found from where the text puts them: a town placed
inside a known place ("in Tarkin, Bel Province"), a person's name after a title and its
complement ("ambassador to Bel Jo Doe"), and the name of a building, street or body that bears a
person's ("Jo Doe International Airport", "the Jo Doe Relief Center"). Each returns the token
spans it finds; `kg.extract.mentions` makes them mentions. `is_title` is the title test the
mentions share. `weak_name_of_its_own` tells whether a weak name of the dictionary ("Senate"),
in a text that never names its actor plainly, stands for an actor of its own
(`kg.extract.resolve` binds it).
"""
from __future__ import annotations

from spacy.symbols import PROPN

__all__ = ["is_title", "name_end_type", "named_after", "titled_apposition", "titled_names",
           "towns_before_places", "weak_name_of_its_own"]


def is_title(doc, i: int, lexicon) -> bool:
    """Whether token `i` is a person's title or role, alone or as the last of two words."""
    two = f"{doc[i - 1].lower_} {doc[i].lower_}" if i > 0 else ""
    return doc[i].lower_ in lexicon.person_titles or two in lexicon.person_titles \
        or doc[i].lemma_.lower() in lexicon.person_roles


def towns_before_places(doc, mentions, lexicon) -> list[tuple[int, int]]:
    """(start, end) of each name the NER missed, or took for a person or organisation, where the
    text places it inside a known place ("an attack in Tarkin, Bel Province", "near Jo Dam,
    Tarkinia"): after a preposition of place (`Lexicon.place_prepositions`) and before a comma
    and a place, it is a town.
    `mentions`: the document's mentions so far (a span returned may be one of them)."""
    spans = {(m.start, m.end): m for m in mentions}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        if not (m.is_place or m.type == "Country") or m.start < 3 or doc[m.start - 1].text != ",":
            continue
        end = m.start - 1
        start = end
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
            start -= 1
        if start == end or start == 0 or doc[start - 1].lower_ not in lexicon.place_prepositions:
            continue
        there = spans.get((start, end))
        if there is not None:
            if there.kind == "ner" and there.type in ("Person", "Organization"):
                out.append((start, end))
        elif not taken.intersection(range(start, end)) and not any(t.ent_type_ for t in doc[start:end]):
            out.append((start, end))
            taken.update(range(start, end))
    return out


def titled_names(doc, lexicon, mentions, taken: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each person's name the NER missed after a title ("Basij commander Jo
    Doe") or a title whose complement ends in a country or place ("Tarkin's ambassador to Bel
    Ann Roe", "Governor of Tarkin State Jo Doe"), or in apposition to a title ("the group's
    envoy, Jo Doe,"): a proper noun of two words or more, untagged, that names no body ("the
    Tarkin Freedom Party")."""
    out = []
    places = known = None  # made once, when a name is first tried
    # the proper nouns only, found in the parse's arrays: making a Token of every word is slow
    for i in (doc.to_array("POS") == PROPN).nonzero()[0].tolist():
        tok = doc[i]
        if tok.i in taken or not tok.is_title or tok.ent_type_ \
                or (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].is_title):
            continue  # the last word of a name only
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i \
                and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and not doc[start - 1].ent_type_ and start - 1 not in taken:
            start -= 1
        name = doc[start:tok.i + 1]
        if len(name) < 2 or name.text.lower() in lexicon.portfolios or tok.lower_ in lexicon.body_name_words \
                or lexicon.org_type(name.text) != "Organization" \
                or any(t.lower_ in lexicon.name_titles for t in name):
            continue
        if places is None:
            places = {i for m in mentions if m.is_place or m.type == "Country" for i in range(m.start, m.end)}
            known = {i for m in mentions for i in range(m.start, m.end)}
        if _title_before(doc, start, lexicon, places, known) or titled_apposition(doc, tok, lexicon):
            out.append((start, tok.i + 1))
            taken.update(range(start, tok.i + 1))
    return out


def titled_apposition(doc, tok, lexicon) -> bool:
    """Whether a name's last word `tok` stands in apposition to a title before it, or to the
    complement of one: "the commander, Jo Doe,", "the envoy for Tarkin, Jo Doe," (the parse
    hangs the name on "Tarkin")."""
    if tok.dep_ != "appos" or tok.head.i > tok.i:
        return False
    head = tok.head
    for _ in range(4):
        if is_title(doc, head.i, lexicon):
            return True
        if head.dep_ not in ("pobj", "prep", "compound") or head.head.i == head.i:
            return False
        head = head.head
    return False


def _title_before(doc, start: int, lexicon, places: set[int], known: set[int]) -> bool:
    """Whether a title word stands right before token `start`, or a title whose complement ends
    in a country or place right there (`places`: their tokens), with only capitalised words,
    known names (`known`: tokens of mentions) and `Lexicon.title_links` between (at most
    eight tokens back)."""
    if start > 0 and is_title(doc, start - 1, lexicon):
        return True
    if start - 1 not in places:
        return False
    for j in range(start - 2, max(-1, start - 9), -1):
        t = doc[j]
        if is_title(doc, j, lexicon):
            return True
        if not (t.lower_ in lexicon.title_links or t.is_title or j in known or t.is_upper):
            return False
    return False


def name_end_type(name: str, last, lexicon) -> str | None:
    """The type of a capitalised `name` whose last word `last` (a token) ends the name of a
    building, street or body rather than a person's: "Place" for a building or street ("Jo Doe
    Airport", "Jo Doe Avenue"), an organisation's type for a body ("Jo Doe Foundation", "the
    Jo Doe Brigades"); None for any other word, and for a facility noun that is also a surname
    ("Jo Temple")."""
    low, lemma = last.lower_, last.lemma_.lower()
    if not last.is_title and not last.is_upper:
        return None
    if low in lexicon.place_name_ends or (lemma in lexicon.facility_nouns and low not in lexicon.surname_nouns
                                          and lemma not in lexicon.surname_nouns):
        return "Place"
    typ = lexicon.org_type(low)
    # a newspaper's words are surnames too ("Jo Post", "Ann Herald"): no body from them alone
    if (typ != "Organization" and typ != "MediaOrganization") or low in lexicon.body_name_words:
        return lexicon.org_type(name)
    return None


def named_after(doc, start: int, end: int, lexicon) -> tuple[int, int, str] | None:
    """(start, end, type) of the name of a building, street or body that a person's name
    (tokens `start` to `end`) begins: capitalised words after it, "and", "of" or "for" between
    them, up to a word `name_end_type` knows, at most six words on ("Jo Doe International
    Airport", "the Jo Doe Humanitarian Aid and Relief Center"), and none of them a name the
    dictionary knows ("the post-Jo Doe Tarkinian Army" is that army). The capitalised proper nouns
    right before the name are the building's too ("Imam" in "Imam Jo Doe Airport"). None when
    the words after the name end no such name."""
    last = None  # the longest name: "... Relief Center", not "... Relief"
    for j in range(end, min(len(doc), end + 6)):
        t = doc[j]
        if t.ent_id_:
            break  # a name the dictionary knows is its own: "the post-Jo Doe Tarkinian Army"
        if t.is_title or (t.is_upper and t.is_alpha and len(t) > 1):
            if name_end_type(doc[start:j + 1].text, t, lexicon) is not None:
                last = j
        elif not (j > end and t.lower_ in ("and", "of", "for") and j + 1 < len(doc) and doc[j + 1].is_title):
            break
    if last is None:
        return None
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
            and not doc[start - 1].ent_type_:
        start -= 1
    # the type is the whole name's, with the words taken in before it ("Imam ...")
    return start, last + 1, name_end_type(doc[start:last + 1].text, doc[last], lexicon)


def weak_name_of_its_own(doc, start: int, end: int, typ: str, covered: set[int], lexicon) -> bool:
    """Whether a weak dictionary name at tokens `start`..`end` (one the dictionary holds for an
    actor the text never names plainly: "Senate", "National Guard", a surname) names an actor of
    its own, as written:

    - capitalised, and no acronym of four letters or fewer ("PA", "U.N." name nobody for sure);
    - no part of a longer capitalised name ("Resistance" in "the Tarkin Resistance Brigades"),
      though a title may stand before a person's ("President Doe");
    - not owned by another name (`covered`: tokens some mention names): "Tarkinia's Senate" or
      "the Senate of Tarkinia" is that country's, which the passes after name.
    """
    text = doc[start:end].text.strip()
    letters = text.replace(".", "")
    if not text[:1].isupper() or (letters.isupper() and len(letters) <= 4):
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.is_title and after.pos_ in ("PROPN", "NOUN"):
        return False
    if before is not None and before.is_title and before.pos_ in ("PROPN", "ADJ", "NOUN") \
            and not (typ == "Person" and is_title(doc, before.i, lexicon)):
        return False
    head = doc[end - 1]
    for c in head.children:
        owner = [c] if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < start else \
            list(c.subtree) if c.dep_ == "prep" and c.lower_ == "of" else []
        if any(t.i in covered for t in owner):
            return False
    return True
