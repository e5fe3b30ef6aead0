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

__all__ = ["ARABIC_ARTICLES", "ascii_fold", "display_name", "matching_keys", "mint_key", "name_key",
           "nearest_names", "norm_key", "slug"]


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
# the Arabic article as news writes it before a hyphen ("ez-Tarkin", "ash-Sham"), assimilated or not
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ed", "adh", "as", "es", "ash", "esh", "at", "et", "ath",
                             "az", "ez", "an", "en", "ar", "er", "ul"})


def display_name(name: str) -> str:
    """A label that is the same however the text cased the name: words capitalised, acronyms
    and small words kept, and an Arabic article inside a name ("al-", "ez-") in lower case
    (`display_name("Darnytskyi district") == "Darnytskyi District"`).

    >>> display_name("deir Ez-Tarkin"), display_name("Al-Tarkin brigades")
    ('Deir ez-Tarkin', 'Al-Tarkin Brigades')
    """
    words = name.split()
    out = []
    for i, w in enumerate(words):
        if len(w) > 1 and w.isupper():
            out.append(w)
        elif i > 0 and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        elif i > 0 and w.partition("-")[0].lower() in ARABIC_ARTICLES and w.partition("-")[2][:1].isupper():
            out.append(w[:1].lower() + w[1:])  # "Deir ez-Tarkin", "Jo al-Doe"
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


_INITIALS_SKIP = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "des", "to"}


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.replace("-", " ").split() if w not in _INITIALS_SKIP)


def _squeezed(key: str) -> str:
    """A key with its vowels run together and spaces gone, so spellings of one transliteration
    meet: "al shabab", "al shabaab", "alshabaab" -> "alshabab"."""
    return re.sub(r"([aeiou])\1+", r"\1", key.replace(" ", ""))


def matching_keys(name: str, keys) -> list[str]:
    """The name keys among `keys` that `name` stands for, by the first rule that finds any: the
    same key; a surname ("Kagame": "paul kagame"); an acronym of the words ("SAF": "sudanese
    armed forces"); the same letters but doubled vowels, spaces and hyphens ("al-Shabab":
    "al shabaab"); a close spelling (difflib ratio 0.85 or more). Sorted; empty when none.

    >>> keys = ["paul kagame", "sudanese armed forces", "al shabaab", "rapid support forces"]
    >>> [matching_keys(n, keys) for n in ("Kagame", "SAF", "al-Shabab", "Rapid Suport Forces", "Hamas")]
    [['paul kagame'], ['sudanese armed forces'], ['al shabaab'], ['rapid support forces'], []]
    """
    import difflib

    key = name_key(name)
    keys = set(keys)
    if key in keys:
        return [key]
    words = key.split()
    rules = [
        lambda k: len(words) == 1 and len(key) >= 3 and len(k.split()) > 1 and k.split()[-1] == key,
        lambda k: len(words) == 1 and 2 <= len(key) <= 8 and len(k.split()) > 1 and _initials(k) == key,
        lambda k: _squeezed(k) == _squeezed(key),
    ]
    for rule in rules:
        found = sorted(k for k in keys if rule(k))
        if found:
            return found
    return sorted(difflib.get_close_matches(key, list(keys), n=5, cutoff=0.85))


def nearest_names(name: str, labels: dict[str, str], n: int = 5) -> list[str]:
    """Up to `n` labels (of `labels`, key -> label) whose keys look most like `name`'s: a hint
    when nothing matches.

    >>> nearest_names("Talibn", {"taliban": "Taliban", "hamas": "Hamas"})
    ['Taliban']
    """
    import difflib

    key = name_key(name)
    close = difflib.get_close_matches(key, list(labels), n=n, cutoff=0.6)
    close += sorted((k for k in labels if key and key in k), key=len)
    return list(dict.fromkeys(labels[k] for k in close))[:n]

