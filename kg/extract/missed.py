"""Names the small model's NER misses, found from where the text puts them: a town placed
inside a known place ("in Tarkin, Bel Province") and a person's name after a title and its
complement ("ambassador to Bel Jo Doe"). Each returns the token spans it finds; `kg.extract.mentions`
makes them mentions. `is_title` is the title test the mentions share.
"""
from __future__ import annotations

from spacy.symbols import PROPN

__all__ = ["is_title", "titled_names", "towns_before_places"]

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
    Ann Roe", "Governor of Tarkin State Jo Doe"): a proper noun of two words or more, untagged,
    that names no body ("the Tarkin Freedom Party")."""
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
        if _title_before(doc, start, lexicon, places, known):
            out.append((start, tok.i + 1))
            taken.update(range(start, tok.i + 1))
    return out


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
