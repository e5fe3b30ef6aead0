"""One exception hierarchy for the package; the CLI prints these as one line and exits 2."""
from __future__ import annotations


class KgError(Exception):
    """Base class of every error actor-kg raises on purpose (bad input, store, query)."""


class InputError(KgError):
    """A document or input file cannot be read: names the file and the problem."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ConfigError(KgError):
    """A setting, data file or option value is invalid."""


class StoreError(KgError):
    """The store cannot be opened, written or read (locked, corrupt, unreachable)."""


class StoreInUseError(StoreError):
    """Another process holds the store's write lock."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown or was given bad parameters."""
