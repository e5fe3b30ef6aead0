"""The network view: the actor network as plain data read from a store (`data`, `load`), cut down
for reading (`select`), analysed with networkx (`centrality`, the signed graph in `signed`, one
analysis by name in `analysis`), written for other tools (`files`: GraphML, GEXF, CSV; `events`:
the event table) and drawn as
one offline HTML page (`page`).

>>> from kg.network import Edge, Evidence, Network, Node, centrality
>>> net = Network()
>>> for n in "AB": net.add_node(Node(n, n, "ArmedGroup"))
>>> net.edges.append(Edge("A", "B", "fights", "hostile", [Evidence("A fought B.", "d1")]))
>>> [r["actor"] for r in centrality(net)]
['A', 'B']
"""
from .analysis import ANALYSES, Table, analysis, to_csv, to_json
from .centrality import actor_graph, centrality, communities, hostile_pairs
from .data import Edge, Evidence, Geography, Network, Node
from .events import EVENT_COLUMNS, EVENT_FORMATS, event_rows, write_events
from .grouping import COUNTS, EVENT_WINDOW_DAYS, EventGroup, by_events, event_quads, group_events, refresh_events
from .files import (EDGE_COLUMNS, NETWORK_FORMATS, NODE_COLUMNS, csv_paths, interchange_graph, write_csv,
                    write_gexf, write_graphml, write_network)
from .load import from_store
from .page import render_html, size_warning
from .select import around, degree, is_date_prefix, resolve, select, top_actors
from .signed import (COUNTED, PLACE_TYPES, Balance, Window, alliances, balance, changes, counted,
                     rivalries, signed_graph)

__all__ = ["COUNTS", "EVENT_WINDOW_DAYS", "EventGroup", "by_events", "event_quads", "group_events",
           "refresh_events",
           "ANALYSES", "COUNTED", "EDGE_COLUMNS", "EVENT_COLUMNS", "EVENT_FORMATS", "Geography",
           "event_rows", "write_events", "NETWORK_FORMATS", "NODE_COLUMNS", "PLACE_TYPES",
           "Balance", "Edge", "Evidence", "Network", "Node", "Table", "Window", "actor_graph",
           "alliances", "analysis", "around", "balance", "centrality", "changes", "communities",
           "counted", "csv_paths", "degree", "from_store", "hostile_pairs", "interchange_graph",
           "is_date_prefix", "render_html", "resolve", "rivalries", "select", "signed_graph",
           "size_warning", "to_csv", "to_json", "top_actors", "write_csv", "write_gexf",
           "write_graphml", "write_network"]
