"""Settings read once (CLI options, environment) and passed down explicitly."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

DEFAULT_STORE = Path(".kg") / "store"
DEFAULT_BASE_IRI = "https://w3id.org/actor-kg/id/"


@dataclass(frozen=True)
class Settings:
    """Where the store lives, how IRIs are minted and which spaCy model and dictionaries to use.

    >>> Settings(store=Path("kg-store")).base_iri
    'https://w3id.org/actor-kg/id/'
    """

    store: Path | str = DEFAULT_STORE  # a directory, or the URL of a SPARQL server
    base_iri: str = DEFAULT_BASE_IRI
    model: str = "en_core_web_sm"
    actor_files: tuple[Path, ...] = field(default_factory=tuple)
    batch_size: int = 32
    # the learned relation model: a folder made by `kg train`, None for the shipped one, or
    # "none" for the rule frames alone
    relation_model: Path | str | None = None

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then `KG_STORE` / `KG_BASE_IRI` / `KG_MODEL` / `KG_RELATION_MODEL`, then
        explicit overrides (not None)."""
        values = {}
        if os.environ.get("KG_STORE"):
            values["store"] = os.environ["KG_STORE"]
        if os.environ.get("KG_BASE_IRI"):
            values["base_iri"] = os.environ["KG_BASE_IRI"]
        if os.environ.get("KG_MODEL"):
            values["model"] = os.environ["KG_MODEL"]
        if os.environ.get("KG_RELATION_MODEL"):
            values["relation_model"] = os.environ["KG_RELATION_MODEL"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "store" in values and not str(values["store"]).lower().startswith(("http://", "https://")):
            values["store"] = Path(values["store"])
        if "actor_files" in values:
            values["actor_files"] = tuple(Path(p) for p in values["actor_files"])
        return cls(**values)


def software_version() -> str:
    """The installed version of actor-kg (the package's own when it is not installed)."""
    try:
        return metadata.version("actor-kg")
    except metadata.PackageNotFoundError:
        from kg import __version__

        return __version__
