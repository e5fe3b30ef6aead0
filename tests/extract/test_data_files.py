"""Integrity of the bundled dictionary data: kg/data/actors.csv, countries.csv and places.csv.

Surface forms are compared after normalisation (case, diacritics, a leading article, a trailing
possessive, hyphens and spacing ignored), so that two spellings the matcher would treat as the
same string count as the same form.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[2] / "kg" / "data"

ACTOR_HEADER = ["name", "type", "aliases", "weak_aliases", "country", "wikidata"]
COUNTRY_HEADER = ["code", "aliases", "demonyms"]
PLACE_HEADER = ["name", "type", "aliases", "part_of"]

ACTOR_TYPES = {"Person", "Organization", "ArmedGroup", "StateForce", "Government",
               "MediaOrganization", "Group"}
PLACE_TYPES = {"Region", "Settlement"}
EXTRA_CODES = {"XK"}  # Kosovo: not in ISO 3166-1, used by the press and by the data

# Words that must never be a surface form on their own: they name a kind of actor, not one actor.
STOP_WORDS = {
    "administration", "agency", "air force", "alliance", "armed forces", "armies", "army",
    "authorities", "authority", "brigade", "brigades", "cabinet", "city", "coalition",
    "committee", "council", "country", "court", "federal", "fighters", "force", "forces",
    "front", "government", "governments", "group", "groups", "guard", "guards", "gunmen",
    "insurgents", "jihadists", "junta", "kingdom", "leader", "leadership", "military",
    "militants", "militant", "militia", "militias", "ministry", "movement", "nation",
    "national", "navy", "office", "officials", "opposition", "parliament", "parties", "party",
    "people", "police", "president", "rebel", "rebels", "region", "regime", "republic",
    "security", "security forces", "soldiers", "state", "states", "terrorists", "troops",
    "union",
}

# Territories and other non-sovereign entries of pycountry; every other code is a state.
TERRITORIES = {
    "AI", "AQ", "AS", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK",
    "FO", "GF", "GG", "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF",
    "MO", "MP", "MQ", "MS", "NC", "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX",
    "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT",
}
# "Congolese" and "Dominican" are each shared by two states; they belong to CD and DO.
# The Vatican has no demonym; "Vatican" is one of its names.
STATES_WITHOUT_DEMONYM = {"CG", "DM", "VA"}


def norm(form: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))
    s = s.strip().lower().replace("\u2019", "'")
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"[\s\-]+", " ", s)
    return s.strip(" .,")


def split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def read_rows(name: str) -> tuple[list[str], list[dict]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def raw_lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").split("\n")


ACTORS = read_rows("actors.csv")[1]
COUNTRIES = read_rows("countries.csv")[1]
PLACES = read_rows("places.csv")[1]
PYCOUNTRY_CODES = {c.alpha_2 for c in pycountry.countries}
VALID_CODES = PYCOUNTRY_CODES | EXTRA_CODES


def actor_forms(row: dict) -> list[str]:
    return [row["name"], *split(row["aliases"]), *split(row["weak_aliases"])]


def place_forms(row: dict) -> list[str]:
    return [row["name"], *split(row["aliases"])]


def country_forms() -> dict[str, set[str]]:
    """Normalised form -> codes, from pycountry names and countries.csv aliases and demonyms."""
    forms: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                forms[norm(value)].add(c.alpha_2)
    for row in COUNTRIES:
        for form in split(row["aliases"]) + split(row["demonyms"]):
            forms[norm(form)].add(row["code"])
    return forms


@pytest.mark.parametrize("name, header", [("actors.csv", ACTOR_HEADER),
                                          ("countries.csv", COUNTRY_HEADER),
                                          ("places.csv", PLACE_HEADER)])
def test_header_and_layout(name, header):
    fields, rows = read_rows(name)
    assert fields == header
    lines = raw_lines(name)
    assert lines[-1] == "", f"{name} must end with a newline"
    assert all(line.strip() for line in lines[:-1]), f"{name} has an empty line"
    for n, row in enumerate(rows, start=2):
        assert None not in row and all(v is not None for v in row.values()), f"{name}:{n}: field count"
        for col, value in row.items():
            assert value == value.strip(), f"{name}:{n}: {col} has surrounding spaces"
            assert "||" not in value and not value.startswith("|") and not value.endswith("|"), \
                f"{name}:{n}: empty item in {col}"
            assert all(p == p.strip() for p in split(value)), f"{name}:{n}: spaces around | in {col}"


def test_actor_types_valid():
    bad = [(r["name"], r["type"]) for r in ACTORS if r["type"] not in ACTOR_TYPES]
    assert not bad


def test_place_types_valid():
    bad = [(r["name"], r["type"]) for r in PLACES if r["type"] not in PLACE_TYPES]
    assert not bad


def test_actor_country_codes_exist():
    bad = [(r["name"], r["country"]) for r in ACTORS if r["country"] and r["country"] not in VALID_CODES]
    assert not bad


def test_place_part_of_is_a_code_or_a_place():
    names = {r["name"] for r in PLACES}
    bad = []
    for r in PLACES:
        parent = r["part_of"]
        if not parent:
            if r["type"] != "Region":
                bad.append((r["name"], "settlement without part_of"))
        elif parent == r["name"]:
            bad.append((r["name"], "part of itself"))
        elif not (parent in VALID_CODES or parent in names):
            bad.append((r["name"], parent))
    assert not bad


def test_countries_cover_pycountry():
    codes = [r["code"] for r in COUNTRIES]
    assert len(codes) == len(set(codes)), "duplicate country code"
    assert PYCOUNTRY_CODES | {"XK", "PS"} <= set(codes)
    assert set(codes) <= VALID_CODES


def test_states_have_demonyms():
    missing = [r["code"] for r in COUNTRIES
               if r["code"] not in TERRITORIES and r["code"] not in STATES_WITHOUT_DEMONYM
               and not r["demonyms"]]
    assert not missing


def test_country_forms_unique():
    clashes = {f: codes for f, codes in country_forms().items() if len(codes) > 1}
    assert not clashes


def test_canonical_names_unique():
    for rows, what in ((ACTORS, "actor"), (PLACES, "place")):
        seen: dict[str, str] = {}
        for r in rows:
            k = norm(r["name"])
            assert k not in seen, f"{what} {r['name']!r} duplicates {seen[k]!r}"
            seen[k] = r["name"]


def test_actor_forms_claimed_once():
    owner: dict[str, set[str]] = defaultdict(set)
    for r in ACTORS:
        for form in actor_forms(r):
            owner[norm(form)].add(r["name"])
    clashes = {f: names for f, names in owner.items() if len(names) > 1}
    assert not clashes


def test_no_alias_names_a_states_machines():
    """A demonym with a common noun stands for its country, as the guidelines say: "Tarkinian
    warplanes struck" is Tarkinia striking, not an air force named by its aircraft."""
    import tomllib

    machines = set(tomllib.loads((DATA / "lexicon.toml").read_text(encoding="utf-8"))["machine_nouns"])
    demonyms = {norm(d) for row in COUNTRIES for d in split(row["demonyms"])}
    bad = []
    for r in ACTORS:
        for form in actor_forms(r):
            words = norm(form).split()
            last = words[-1].removesuffix("s") if words else ""
            if len(words) >= 2 and words[0] in demonyms and (last in machines or words[-1] in machines):
                bad.append((r["name"], form))
    assert not bad


def test_weak_aliases_are_not_also_strong():
    bad = []
    for r in ACTORS:
        strong = {norm(f) for f in [r["name"], *split(r["aliases"])]}
        bad += [(r["name"], w) for w in split(r["weak_aliases"]) if norm(w) in strong]
    assert not bad


def test_actor_forms_are_not_country_forms():
    countries = country_forms()
    bad = [(r["name"], f, sorted(countries[norm(f)])) for r in ACTORS for f in actor_forms(r)
           if norm(f) in countries]
    assert not bad


def test_place_forms_claimed_once_and_not_by_countries_or_actors():
    countries = country_forms()
    actors = {norm(f) for r in ACTORS for f in actor_forms(r)}
    owner: dict[str, set[str]] = defaultdict(set)
    for r in PLACES:
        for form in place_forms(r):
            owner[norm(form)].add(r["name"])
    assert not {f: n for f, n in owner.items() if len(n) > 1}
    assert not [f for f in owner if f in countries]
    assert not [f for f in owner if f in actors]


def test_no_stop_word_forms():
    forms = [(r["name"], f) for r in ACTORS for f in actor_forms(r)]
    forms += [(r["name"], f) for r in PLACES for f in place_forms(r)]
    forms += [(r["code"], f) for r in COUNTRIES for f in split(r["aliases"]) + split(r["demonyms"])]
    bad = [(owner, f) for owner, f in forms if norm(f) in STOP_WORDS]
    assert not bad


def test_wikidata_ids_well_formed():
    bad = [(r["name"], r["wikidata"]) for r in ACTORS
           if r["wikidata"] and not re.fullmatch(r"Q[0-9]+", r["wikidata"])]
    assert not bad
    ids = [r["wikidata"] for r in ACTORS if r["wikidata"]]
    assert len(ids) == len(set(ids)), "one Wikidata item on two rows"


def test_rows_sorted():
    def key(r):
        return (r["type"], r["name"].casefold())
    assert ACTORS == sorted(ACTORS, key=key)
    assert PLACES == sorted(PLACES, key=key)
    assert [r["code"] for r in COUNTRIES] == sorted(r["code"] for r in COUNTRIES)


def test_coverage():
    assert len(ACTORS) >= 400
    assert len(PLACES) >= 200
    names = {r["name"] for r in ACTORS}
    for expected in ("Rapid Support Forces", "Sudanese Armed Forces", "Hamas", "Hezbollah",
                     "Houthis", "Islamic State", "Taliban", "National Resistance Front",
                     "Israel Defense Forces", "United Nations"):
        assert expected in names


def test_no_place_alias_hides_a_relation():
    """'Russian-occupied Crimea' as a name of Crimea would swallow the 'occupied' the extractor
    reads as seizes: no alias carries an "X-<participle>" of the relation rules."""
    import tomllib

    rules = tomllib.loads((DATA / "relations.toml").read_text(encoding="utf-8"))
    participles = {p for spec in rules.values() if isinstance(spec, dict)
                   for p in spec.get("participles", [])}
    with (DATA / "places.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for alias in row["aliases"].split("|"):
                assert not any(f"-{p} " in alias + " " for p in participles), (row["name"], alias)


def test_no_persons_alias_swallows_the_actor_its_title_belongs_to():
    """'UN Secretary-General Jo Doe' or 'King Jo of Tarkinia' as a name of Jo Doe would hide the
    UN and Tarkinia, and so the relation the title states: a person's alias with a title in it
    names no other actor or country beside the person."""
    import tomllib

    rules = tomllib.loads((DATA / "relations.toml").read_text(encoding="utf-8"))
    titles = {t for spec in rules.values() if isinstance(spec, dict) for t in spec.get("titles", [])}
    others = {norm(f) for row in ACTORS if row["type"] != "Person" for f in actor_forms(row)}
    others |= set(country_forms())
    for row in ACTORS:
        if row["type"] != "Person":
            continue
        for alias in split(row["aliases"]) + split(row["weak_aliases"]):
            words = norm(alias).split()
            if not any(t in norm(alias) for t in titles):
                continue
            spans = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
            own = {norm(f) for f in actor_forms(row)} - {norm(alias)}
            named = {s for s in spans & others if not any(s in o.split() or s in o for o in own)}
            assert not named, (row["name"], alias, named)
