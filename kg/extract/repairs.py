"""Repairs for the slips of spaCy's small English model, in one place: each function says which
slip it mends, with an invented example, so that a better model can drop it and a rule that
fails can be told from a parse that misled it.

Every repair looks at one token or span of a parsed `Doc` and returns what the parse should have
said; none changes the parse.

>>> import spacy
>>> from spacy.tokens import Doc
>>> nlp = spacy.blank("en")
>>> doc = Doc(nlp.vocab, words=["Troops", "arrive", "in", "Tarkin"], pos=["NOUN", "NOUN", "ADP", "PROPN"],
...           tags=["NNS", "NN", "IN", "NNP"], heads=[1, 1, 1, 2], deps=["nsubj", "ROOT", "prep", "pobj"])
>>> acts_as_verb(doc[1])
True
"""
from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.lang.en.lex_attrs import _ordinal_words  # every ordinal word `like_num` knows

from ..vocab import PLACE_TYPES

__all__ = ["acts_as_verb", "entity_bounds", "has_own_subject", "is_count", "is_fragment",
           "nearest_people", "noun_of_adjective", "objects_of_misread_verbs", "paragraph_breaks",
           "place_by_context", "prefixed_lemmas", "proper_plural_lemma", "split_at_commas", "verb_read_as_compound"]

_ARTICLES = ("the", "a", "an")


def paragraph_breaks(doc):
    """A line break ends a sentence: headings and paragraphs have no full stop to end them, and
    the parser runs a heading into the sentence below it ("Talks resume\\nEnvoys met ...").
    Set for all tokens in one array: `Token.is_sent_start` reads the whole document on each
    assignment, which made a long document's breaks take minutes."""
    starts = [tok.i + 1 for tok in doc[:-1]
              if (tok.is_space and "\n" in tok.text) or "\n" in tok.whitespace_]
    if starts:
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc


# prefixes of verbs whose past the small model's lemmatizer does not know ("retook" stays
# "retook"), though it knows the past of the verb without them ("took" -> "take")
_VERB_PREFIXES = ("re", "over", "under", "out", "with", "up", "fore", "mis", "counter")


def prefixed_lemmas(doc, irregular: dict):
    """A verb's past with a prefix gets the lemma of the verb it is made from with the prefix:
    "retook" -> "retake", "overtook" -> "overtake", "outfought" -> "outfight". `irregular` is
    the lemmatizer's table of irregular verb forms ("took" -> ["take"]); a form the lemmatizer
    knew is left as it is.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("troops retook it")
    >>> doc[1].pos_, doc[1].lemma_ = "VERB", "retook"
    >>> prefixed_lemmas(doc, {"took": ["take"]})[1].lemma_
    'retake'
    """
    for tok in doc:
        low = tok.lower_
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() == low:
            for prefix in _VERB_PREFIXES:
                base = irregular.get(low[len(prefix):]) if low.startswith(prefix) else None
                if base:
                    tok.lemma_ = prefix + base[0]
                    break
    return doc


def is_count(tok) -> bool:
    """Whether a word is a count, no part of a name ("12 Tarkinians", "three soldiers"): a
    number that is not an ordinal, since "Fifth Fleet" and "Thirteenth Army" name units.

    >>> from spacy.lang.en import English
    >>> [is_count(t) for t in English()("three 26 thousand Fifth Thirteenth 98th 1st")]
    [True, True, True, False, False, False, False]
    """
    if not tok.like_num:
        return False
    low = tok.lower_
    return not (low in _ordinal_words or re.fullmatch(r"\d+(st|nd|rd|th)", low))


def entity_bounds(ent) -> tuple[int, int]:
    """The token bounds of an entity without the leading article, or the trailing possessive or
    article, the small model folds into it ("the Northern Front's" -> "Northern Front"; "the
    Third Brigade of the" -> "Third Brigade of", whose "of" a caller may join to the next name)."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in _ARTICLES:
        start += 1
    while end > start and (ent.doc[end - 1].tag_ == "POS" or ent.doc[end - 1].text in _ARTICLES):
        end -= 1
    return start, end


def split_at_commas(ent) -> list:
    """A place the small model reads across a comma ("Tarkin, Bel Province" as one town) as the
    places it lists, each with the entity's label; any other entity as it is."""
    if ent.label_ not in ("GPE", "LOC", "FAC") or not any(t.text == "," for t in ent[1:-1]):
        return [ent]
    from spacy.tokens import Span

    parts, start = [], ent.start
    for t in ent:
        if t.text == ",":
            if t.i > start:
                parts.append(Span(ent.doc, start, t.i, label=ent.label_))
            start = t.i + 1
    if start < ent.end:
        parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return parts


def is_fragment(doc, start: int, end: int) -> bool:
    """A fragment the small model tags as an entity on its own ("al", "Supreme", the "Pro-" of
    "Pro-Tarkinian"): fewer than three letters, no capital, one word that is neither a noun nor
    a proper noun, or one word and a hyphen."""
    text = doc[start:end].text
    return start >= end or sum(c.isalpha() for c in text) < 3 or not any(c.isupper() for c in text) \
        or (end - start == 1 and doc[start].pos_ not in ("PROPN", "NOUN")) \
        or (text.endswith(("-", "\u2010", "\u2011")) and sum(t.is_alpha for t in doc[start:end]) == 1)


def place_by_context(span, lexicon) -> str | None:
    """The place type a place noun gives the name it governs ("the towns of Tarkin and Bel"),
    whatever NER guessed: it often takes an unfamiliar town for a person."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return None
    typ = lexicon.anaphors.get(root.head.head.lemma_.lower())
    return typ if typ in PLACE_TYPES else None


def proper_plural_lemma(tok) -> str | None:
    """The singular a plural noun tagged a proper noun should have had as its lemma: "Raiders" at
    the start of a sentence is tagged NNPS and keeps its plural lemma."""
    lemma = tok.lemma_.lower()
    return lemma[:-1] if tok.tag_ == "NNPS" and lemma.endswith("s") else None


def acts_as_verb(tok) -> bool:
    """A verb, or a word tagged a noun that still heads a clause of its own: headline present
    tense ("Troops arrive in Tarkin") is often tagged a noun."""
    if tok.pos_ == "VERB":
        return True
    return tok.pos_ == "NOUN" and tok.tag_ == "NN" and any(c.dep_ == "nsubj" for c in tok.children) \
        and not any(c.dep_ in ("cop", "det", "poss") for c in tok.children)


def has_own_subject(tok) -> bool:
    """A word with a subject of its own: a verb, whatever the tagger called it ("help the
    council fight raiders" parses "fight" as a compound of "raiders" with "council" its subject)."""
    return any(c.dep_ == "nsubj" for c in tok.children)


def verb_read_as_compound(verb, titles) -> bool:
    """A verb tagged a noun and parsed as a compound of its object ("the Front fight raiders"),
    which is then the verb's object; a title ("Acme head Jo Doe") is a noun indeed."""
    return verb.dep_ == "compound" and verb.pos_ == "NOUN" and verb.lemma_.lower() not in titles


def objects_of_misread_verbs(nouns) -> dict:
    """Of the nouns given, those whose compound is a verb with a subject of its own, mapped to that
    subject: in "help the council fight raiders", {raiders: council}."""
    return {p: d for p in nouns for c in p.children if c.dep_ == "compound"
            for d in c.children if d.dep_ == "nsubj"}


def noun_of_adjective(adj):
    """The noun an adjective modifies: a post-nominal adjective ("troops loyal to X") modifies the
    noun just before it, whatever head the parser gave it."""
    prev = adj.doc[adj.i - 1] if adj.i else None
    return prev if prev is not None and prev.pos_ in ("NOUN", "PROPN") else adj.head


def nearest_people(tok, actors) -> list:
    """For "who": the nearest actor before it in its sentence that is not a place. The parser
    often hangs "who" on the last noun of a list of places ("raiders from Tarkin and Bel, who")."""
    for j in range(tok.i - 1, tok.sent.start - 1, -1):
        a = actors.actor_at(j)
        if a is not None and not a.is_place:
            return [(a, True)]
    return []
