"""How names are compared and turned into keys: the lookup form of a surface form (`norm_key`,
`name_key`, which `akg:nameKey` holds and name parameters bind), the slug an IRI is made of, and
the label an unknown actor is shown by. Used alike by the dictionary, the graph, queries and the
network, so that a name is found the same way everywhere.

>>> norm_key("The Taliban's"), slug("Massoud's Army"), display_name("darnytskyi district")
('taliban', 'massouds-army', 'Darnytskyi District')
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["ascii_fold", "display_name", "mint_key", "name_key", "norm_key", "slug"]


def slug(name: str) -> str:
    """Percent-safe ASCII slug for IRIs: `slug("Massoud's Army") == "massouds-army"`."""
    s = ascii_fold(name).lower().replace("'", "").replace("\u2019", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def mint_key(prefix: str, label: str, entries: dict | None = None) -> str:
    """The key of an actor known only by a label. One label, one key: a label that its slug does
    not spell back ("EgyptAir", "Bal'ad"), or whose slug a dictionary entry of another name owns,
    gets a short hash of itself appended.

    >>> mint_key("actor", "Darnytskyi District")
    'actor/darnytskyi-district'
    """
    s = slug(label)
    key = f"{prefix}/{s}"
    owner = (entries or {}).get(key)
    if label != display_name(" ".join(s.split("-"))) or (owner is not None and owner.name != label):
        key += "-" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:6]
    return key


def ascii_fold(text: str) -> str:
    """Drop diacritics: `ascii_fold("Kāpīsā") == "Kapisa"`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "al", "el", "des", "to"}


def display_name(name: str) -> str:
    """A label that is the same however the text cased the name: words capitalised, acronyms
    and small words kept (`display_name("Darnytskyi district") == "Darnytskyi District"`)."""
    words = name.split()
    out = []
    for i, w in enumerate(words):
        if len(w) > 1 and w.isupper():
            out.append(w)
        elif i > 0 and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def norm_key(text: str) -> str:
    """Lookup key of a surface form: case, a leading 'the', possessive, diacritics and spacing ignored."""
    s = ascii_fold(text).strip().lower().replace("\u2019", "'")
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"[\s\-]+", " ", s)
    return s.strip(" .,")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The `akg:nameKey` of a label or alias, by which queries look names up: its `norm_key`,
    else (a name of punctuation alone) its lower case.

    >>> name_key("The Taliban's"), name_key("Al-Shabaab"), name_key("KĀPĪSĀ")
    ('taliban', 'al shabaab', 'kapisa')
    """
    return norm_key(name) or name.strip().lower()
