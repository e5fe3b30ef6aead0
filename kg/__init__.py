"""actor-kg: news text -> an actor relationship knowledge graph (RDF), every edge with evidence.

>>> import kg                                               # doctest: +SKIP
>>> graph = kg.build(["article.txt"])                        # doctest: +SKIP
>>> graph.query("actor-relations", name="Taliban").rows      # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build", "open_store", "KnowledgeGraph", "Settings", "KgError"]


def __getattr__(name):
    # keep `import kg` light: spaCy and the store load only when used
    if name in ("build", "open_store", "KnowledgeGraph"):
        from . import api

        return getattr(api, name)
    if name == "Settings":
        from .config import Settings

        return Settings
    if name == "KgError":
        from .errors import KgError

        return KgError
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
