"""The Python objects people already know, for notebooks and scripts: `KnowledgeGraph.rdflib()`,
an rdflib `Dataset` over the same store (oxrdflib's Oxigraph store plugin, read-only unless
asked); `to_networkx()`, a `MultiDiGraph` with what the page shows on each edge; `to_pyvis()`,
a configured `pyvis.network.Network` to restyle and `show()` offline in a notebook.

>>> import kg                                                          # doctest: +SKIP
>>> graph = kg.open_store(".kg/store", read_only=True)                 # doctest: +SKIP
>>> ds = graph.rdflib()                                                # doctest: +SKIP
>>> len(list(ds.query("SELECT ?a WHERE { ?a a <https://w3id.org/actor-kg/ontology#ArmedGroup> }")))  # doctest: +SKIP
412
>>> g = graph.to_networkx(top=50)                                      # doctest: +SKIP
>>> net = graph.to_pyvis(top=50); net.show("top50.html")               # doctest: +SKIP
"""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from .errors import ConfigError, KgError

if TYPE_CHECKING:
    import networkx as nx
    import rdflib
    from pyvis.network import Network as PyvisNetwork

__all__ = ["PythonObjects", "offline_html"]

# <link> and <script src> that would fetch from the network (pyvis's template loads Bootstrap,
# tom-select and vis-network's stylesheet from CDNs even with cdn_resources="in_line")
_REMOTE = re.compile(r"<link\b[^>]*\bhref=\"https?://[^>]*>|<script\b[^>]*\bsrc=\"https?://[^>]*>\s*</script>",
                     re.IGNORECASE | re.DOTALL)


def offline_html(page: str) -> str:
    """A pyvis page without its remote stylesheets and scripts (vis-network itself is inlined).

    >>> offline_html('<link href="https://cdn.example/b.css" rel="stylesheet" /><p>x</p>')
    '<p>x</p>'
    """
    return _REMOTE.sub("", page)


def _read_only_store(inner, writable: bool):
    from oxrdflib import OxigraphStore

    class ReadOnlyOxigraphStore(OxigraphStore):
        """oxrdflib's store that refuses to change the knowledge graph it reads."""

        def _refuse(self, *args, **kwargs):
            raise KgError("this rdflib view of the store is read-only: graph.rdflib(writable=True) "
                          "changes the store itself")

        add = addN = remove = update = _refuse

    return (OxigraphStore if writable else ReadOnlyOxigraphStore)(store=inner)


class PythonObjects:
    """The objects of `kg.api.KnowledgeGraph` for rdflib, networkx and pyvis users; the class
    using them has `store` and `select` (`kg.api.KnowledgeGraph`)."""

    def rdflib(self, writable: bool = False) -> rdflib.Dataset:
        """An rdflib `Dataset` over this very store (no copy), through oxrdflib's Oxigraph store
        plugin: rdflib's own API to query and walk the graph. The default graph is the union of
        the named graphs, as in `kg query`. Read-only unless `writable` (then rdflib's `add`
        and `remove` change the store, outside kg's build records)."""
        from rdflib import Dataset

        inner = getattr(self.store, "oxigraph", None)
        if inner is None:
            raise ConfigError("graph.rdflib() needs an embedded store, not a SPARQL server: "
                              "point rdflib's SPARQLStore at the server instead")
        return Dataset(store=_read_only_store(inner, writable), default_union=True)

    def to_networkx(self, min_confidence: float = 0.0, **select) -> nx.MultiDiGraph:
        """The network (cut down as `select` says: top, around, since ...; count and
        include_rejected as for `network`) as a networkx `MultiDiGraph` keyed by relation, with
        the attributes the page shows (`kg.network.Network.to_networkx`)."""
        return self.select(min_confidence, **select).to_networkx()

    def to_pyvis(self, min_confidence: float = 0.0, *, notebook: bool = True, height: str = "650px",
                 **select) -> PyvisNetwork:
        """The network as a configured `pyvis.network.Network`: nodes coloured by type and sized
        by neighbours, edges coloured by family, as wide as their statements, dashed when none is
        asserted, with plain-text tooltips (article text is escaped: pyvis shows titles as HTML).
        Restyle it with pyvis's own API; `show(name)` writes a page that loads nothing remote."""
        from pyvis.network import Network as Pyvis

        from .network import degree
        from .network.page import FAMILY_COLORS, OTHER, _color, _width
        from .vocab import PLACE_TYPES, symmetric_relations

        class OfflineNetwork(Pyvis):
            """pyvis's Network, whose pages fetch nothing from the network."""

            def generate_html(self, *args, **kwargs) -> str:
                return offline_html(super().generate_html(*args, **kwargs))

        net = self.select(min_confidence, **select)
        view = OfflineNetwork(height=height, width="100%", directed=True, notebook=notebook,
                              cdn_resources="in_line")
        size = degree(net)
        for n in net.nodes.values():
            tip = f"{n.label} ({n.type})" + (f"\nalso: {', '.join(n.alt_labels)}" if n.alt_labels else "")
            view.add_node(n.id, label=n.label, title=html.escape(tip), color=_color(n.type),
                          shape="square" if n.type in PLACE_TYPES else "dot",
                          value=size.get(n.id, 0), type=n.type)
        symmetric = symmetric_relations()
        for e in net.edges:
            first, last = e.dates
            best = e.evidence[0].sentence if e.evidence else ""
            tip = f"{e.relation}: {e.count} statement(s), {first or 'no date'} .. {last or ''}\n{best}"
            view.add_edge(e.source, e.target, title=html.escape(tip), label=e.relation,
                          color=FAMILY_COLORS.get(e.family, FAMILY_COLORS[OTHER]), width=_width(e.count),
                          dashes="Asserted" not in e.modalities,
                          arrows={"to": {"enabled": e.relation not in symmetric}}, relation=e.relation,
                          family=e.family, count=e.count)
        return view
