"""The `kg` command: each command parses its options, makes one call of the library API
(`kg.api`), and prints; a KgError becomes one line on stderr and exit code 2 (`main`).

>>> from kg.cli import cli
>>> sorted(cli.commands)[:4]
['analyze', 'build', 'confirm', 'documents']
"""
from . import files, learn, network, query, review, share, store  # noqa: F401  (their commands join the group)
from .base import cli, main

__all__ = ["cli", "main"]
