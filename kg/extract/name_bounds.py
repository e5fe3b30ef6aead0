"""Where a name begins and ends: the NER's names mended where the small model cut them short or
ran them on. A person's name is joined across a place's name the dictionary took ("Jo Hague"),
a hyphen ("Jo al-" + "Tarkin") or a second NER person right after it; titles are taken off
("Prime Minister Jo Doe" is Jo Doe) and given names and surnames the NER left out put back; an
Arabic article it stopped at is taken in ("Deir" + "ez-Tarkin"); a trailing "and" or preposition
is cut. The functions that mend take a `kg.extract.mentions.Mention` and return a mended copy
(`dataclasses.replace`); the others say whether, or where, a name goes on.
"""
from __future__ import annotations

from dataclasses import replace

from ..names import ARABIC_ARTICLES
from .lexicon import Lexicon

__all__ = ["given_names_start", "hyphen_joined", "joined", "rest_of_name", "same_given_name",
           "surname_read_as_place", "with_article_tail", "with_given_names", "with_surname",
           "without_loose_end", "without_title"]

# Particles inside names ("Sultan Al Jaber", "Hamad bin Jassim"): a word before one is a given
# name, not a title.
NAME_PARTICLES = frozenset({"al", "bin", "ibn", "bint", "abu", "el", "ben", "van", "von", "de"})


def joined(m, ent):
    """The NER's mention `m` with the entity right after it, as one name of `m`'s type."""
    return replace(m, end=ent.end, text=ent.doc[m.start:ent.end].text, key=None, kind="ner")


def surname_read_as_place(person, ent) -> bool:
    """Whether the dictionary's place right after a person's name is the rest of that name:
    "Jo Hague" is one person, not Jo and The Hague. The dictionary's names are matched before
    the statistical NER, which then sees only the given name; the parse still reads the given
    name as a compound of the place word, where "told Jo Paris would ..." does not."""
    if not ent.ent_id_.startswith("place/") or ent.start != person.end or len(ent) > 2:
        return False
    last = ent.doc[person.end - 1]
    return last.dep_ == "compound" and ent.start <= last.head.i < ent.end \
        and all(t.pos_ == "PROPN" for t in ent)


def without_title(doc, m, lexicon: Lexicon):
    """A person's name without the title the NER took in ("King Jo Doe" -> "Jo Doe",
    "Prime Minister Jo Doe" -> "Jo Doe"): a title is never part of a name."""
    titles = lexicon.name_titles
    start = m.start
    while start < m.end - 1:
        two = f"{doc[start].lower_} {doc[start + 1].lower_}"
        step = 2 if two in titles and start + 2 < m.end else 1 if doc[start].lower_ in titles else 0
        # a title stands before a capitalised given name; "Sultan al Jaber" and "Sultan Al
        # Jaber" are names of their own
        after = doc[start + step] if step else None
        if after is None or not after.text[:1].isupper() or after.lower_ in NAME_PARTICLES:
            break
        start += step
    if start == m.start:
        return m
    return replace(m, start=start, text=doc[start:m.end].text)


def hyphen_joined(person, ent) -> bool:
    """Whether the entity right after a person's name that ends in a hyphen is the rest of it:
    "Jo al-" + "Tarkin" (the dictionary took "Tarkin" for its town)."""
    last = ent.doc[person.end - 1]
    return ent.start == person.end and last.text == "-" and not last.whitespace_


def rest_of_name(person, ent) -> bool:
    """Whether the NER's person right after another, with nothing between, is the rest of
    its name: news does not set two persons' names side by side without a word or a comma."""
    return ent.label_ == "PERSON" and not ent.ent_id_ and ent.start == person.end \
        and ent.doc[ent.start].text[:1].isupper()


def with_given_names(doc, m, lexicon: Lexicon):
    """A surname with the given names the NER left out ("Mayor of Tarkin Jo Doe" tagged "Doe"
    alone): capitalised proper nouns just before it that modify it and are neither a name of
    anything else nor a title ("President", "Minister") nor an abbreviation ("Gen."). A name of
    two words or more is the NER's whole reading: what stands before it is mostly a title
    ("Senator Jo Doe", "Private First Class Jo Doe")."""
    if m.end - m.start > 1:
        return m
    start = given_names_start(doc, m, lexicon)
    if start == m.start:
        return m
    return replace(m, start=start, text=doc[start:m.end].text)


def same_given_name(tok, entry) -> bool:
    """Whether a given name before a known surname is the known person's, however spelt: a name
    of the entry begins with a word of the same first three letters ("Mohammad" for "Mohammed")."""
    if entry is None:
        return False
    first = tok.lower_[:3]
    return any(len(n.split()) > 1 and n.split()[0].lower()[:3] == first for n in entry.names())


def given_names_start(doc, m, lexicon: Lexicon) -> int:
    """Where the given names before a person's name `m` start (`m.start` when there are
    none): capitalised proper nouns that modify it and are neither a name of anything else nor
    a title nor an abbreviation."""
    start = m.start
    while start > 0:
        t = doc[start - 1]
        low = t.lower_
        if t.ent_type_ or t.pos_ != "PROPN" or t.dep_ != "compound" or not m.start <= t.head.i < m.end \
                or not t.is_alpha or not t.is_title or t.is_sent_start \
                or low in lexicon.name_titles or low in lexicon.role_nouns:
            break
        start -= 1
    return start


def with_surname(doc, m, lexicon: Lexicon):
    """A person's name with the surname the NER left out ("Jo El-Doe Smith" tagged "Jo
    El-Doe"): the capitalised proper noun right after it that the name's last word modifies,
    itself no name of anything else."""
    if m.end >= len(doc):
        return m
    nxt = doc[m.end]
    if nxt.pos_ != "PROPN" or not nxt.is_title or not nxt.is_alpha or nxt.ent_type_ \
            or nxt.lower_ in lexicon.place_nouns or nxt.lemma_.lower() in lexicon.facility_nouns \
            or nxt.lower_ in lexicon.body_name_words \
            or doc[m.end - 1].dep_ != "compound" or doc[m.end - 1].head.i != nxt.i:
        return m
    return replace(m, end=m.end + 1, text=doc[m.start:m.end + 1].text)


def with_article_tail(doc, m):
    """An NER name with the Arabic article and word it stopped before: "Deir" + "ez-Tarkin" is
    "Deir ez-Tarkin", one town (the small model's NER ends a name at a lower-case word)."""
    end = m.end
    while end + 2 < len(doc) and doc[end].lower_ in ARABIC_ARTICLES and not doc[end].whitespace_ \
            and doc[end + 1].text == "-" and not doc[end + 1].whitespace_ \
            and doc[end + 2].is_title and doc[end + 2].is_alpha and doc[end + 2].ent_iob_ != "B" \
            and doc[end - 1].whitespace_:
        end += 3
    if end == m.end:
        return m
    return replace(m, end=end, text=doc[m.start:end].text)


def without_loose_end(doc, start: int, end: int) -> int | None:
    """The end of a name without the "and" or preposition the NER ran on to before the next
    name ("the Tarkin Museum in" + "Bel" is "Tarkin Museum"); None for one word left before
    "and", half of two names ("North and" + "South Tarkinia"). An "of" stays: a place's may
    join the next name ("the Sea of" + "Tarkin")."""
    cut = end
    while cut > start and doc[cut - 1].lower_ != "of" and doc[cut - 1].pos_ in ("ADP", "CCONJ"):
        cut -= 1
    if cut == end:
        return end
    if doc[end - 1].pos_ == "CCONJ":
        return None if cut - start <= 1 else cut
    next_name = end < len(doc) and doc[end].ent_iob_ == "B"
    return cut if next_name else end
