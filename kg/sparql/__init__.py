"""SPARQL: the named queries (`queries/*.rq`) and their parameters bound as values, never as
text (`query`, `text`), and `kg serve`, a read-only SPARQL endpoint over a store directory whose
queries run in worker processes kept off the network and within a memory bound (`endpoint`,
`workers`, `sandbox`).

>>> from kg.sparql import named_queries
>>> "who-fights-whom" in named_queries()
True
"""
from .endpoint import Endpoint
from .query import (HIDES_REJECTED, PAGE, NamedQuery, find_name, QueryResult, bind_parameters, named_queries,
                    resolve_query, run_query, with_rejected)
from .text import bind_values, uses_service

__all__ = ["HIDES_REJECTED", "PAGE", "with_rejected", "find_name", "Endpoint", "NamedQuery", "QueryResult",
           "bind_parameters", "bind_values",
           "named_queries", "resolve_query", "run_query", "uses_service"]
