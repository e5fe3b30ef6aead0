"""Check a graph against the actor-kg SHACL shapes, so a writer bug shows up as a plain message.

>>> from rdflib import Graph
>>> validate(Graph())[0]
True
"""
from __future__ import annotations

from rdflib import Dataset, Graph

from kg.errors import ConfigError
from kg.namespace import ontology_path, shapes_path

__all__ = ["validate"]


def _flatten(graph: Graph) -> Graph:
    """One plain Graph holding every triple of `graph`, of all its named graphs if it has them."""
    flat = Graph()
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            flat.add((s, p, o))
    else:
        for triple in graph:
            flat.add(triple)
    return flat


def validate(graph: Graph) -> tuple[bool, str]:
    """Validate `graph` with `ontology/shapes.ttl`; return (conforms, pyshacl's report text).

    A Dataset's named graphs are merged first, because shapes follow links across documents
    and the actor dictionary. The ontology is merged in too, and no inference is run: SHACL's
    sh:class already follows rdfs:subClassOf in the data, and RDFS inference would type
    untyped actors from the relations' domains and hide the writer's mistake. SHACL-AF is on
    for the shapes' one SPARQL target. `graph` itself is not changed.

    Raises ConfigError when pyshacl is not installed.
    """
    try:
        from pyshacl import validate as shacl_validate
    except ImportError as exc:
        raise ConfigError("pyshacl is not installed: pip install pyshacl") from exc

    data = _flatten(graph)
    data.parse(ontology_path(), format="turtle")
    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, _, text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,  # `data` is our own copy
        allow_warnings=False,
    )
    return bool(conforms), str(text)
