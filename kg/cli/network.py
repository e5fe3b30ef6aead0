"""The `kg` commands over the network view: render (the offline page) and analyze."""
from __future__ import annotations

from pathlib import Path

import click

from ..network import ANALYSES
from ..vocab import FAMILIES, TYPES
from .base import COUNT, INCLUDE_REJECTED, LIST_FORMAT, cli, echo, open_graph, print_table, store_option


@cli.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/network.html"), show_default=True, help="The page to write.")
@click.option("--title", default="actor-kg network", show_default=True, help="The page's title.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out statements below this confidence (0..1).")
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True,
              help="Draw only relations with at least this many statements.")
@click.option("--since", metavar="DATE",
              help="Only statements dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE",
              help="Only statements dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--around", metavar="ACTOR",
              help="Draw the ego network of ACTOR (a label, another name or an IRI).")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --around: how many relations away from ACTOR to go.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep the N actors and places with the most distinct neighbours.")
@click.option("--seed", type=int, default=7, show_default=True, help="Layout seed (deterministic).")
@COUNT
@INCLUDE_REJECTED
@store_option
def render(output, title, min_confidence, min_count, since, until, around, hops, top, seed, count,
           include_rejected, store):
    """Write the interactive network as a self-contained HTML file (works offline).

    Big networks: select with --top, --around/--hops, --min-count and --since/--until; the
    page's own filters narrow it further.
    """
    with open_graph(store, read_only=True) as graph:
        page = graph.render(output, min_confidence, top=top, around=around, hops=hops, since=since,
                            until=until, min_count=min_count, count=count,
                            include_rejected=include_rejected, title=title, seed=seed)
    if page.warning:
        click.echo(f"warning: {page.warning}", err=True)
    echo(f"wrote {output} ({page.nodes} nodes, {page.edges} edges)", err=True)


@cli.command()
@click.argument("kind", type=click.Choice(ANALYSES))
@LIST_FORMAT
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Show at most this many rows (0: all).")
@click.option("--family", type=click.Choice(FAMILIES), default=None,
              help="centrality, communities: only relations of this family.")
@click.option("--before", metavar="WINDOW", help="changes: the first window, e.g. 2024-01 or 2024-01..2024-03.")
@click.option("--after", metavar="WINDOW", help="changes: the second window.")
@click.option("--weak", is_flag=True, help="balance: count all-hostile triangles as balanced (Davis).")
@click.option("--min-statements", type=click.IntRange(min=1), default=1, show_default=True,
              help="rivalries, alliances: pairs with at least this many statements.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out statements below this confidence (0..1).")
@click.option("--all-modalities", is_flag=True,
              help="Count negated and conditional statements too (default: asserted and claimed).")
@click.option("--places", is_flag=True,
              help="Keep places in balance, rivalries, alliances and changes (a place is no one's enemy).")
@click.option("--skip-type", "skip_types", multiple=True, type=click.Choice(TYPES),
              help="Leave out actors of this type (e.g. Group); repeatable.")
@COUNT
@INCLUDE_REJECTED
@store_option
def analyze(kind, fmt, top, family, before, after, weak, min_statements, min_confidence,
            all_modalities, places, skip_types, count, include_rejected, store):
    """Network analysis: centrality, communities, structural balance, rivalries, alliances, or
    the changes between two date windows (--before, --after)."""
    from ..sparql import QueryResult

    with open_graph(store, read_only=True) as graph:
        table = graph.analyze(kind, min_confidence=min_confidence, all_modalities=all_modalities,
                              top=top, family=family, before=before, after=after, weak=weak,
                              min_statements=min_statements, places=places, skip_types=skip_types,
                              count=count, include_rejected=include_rejected)
    if fmt == "csv":
        click.echo(table.to_csv(), nl=False)
    elif fmt == "json":
        click.echo(table.to_json())
    else:
        print_table(QueryResult(table.columns, [list(r.values()) for r in table.rows]), title=kind)
        if table.summary:
            echo(table.summary)
        if table.meta["rows_total"] > len(table.rows):
            click.echo(f"showing {len(table.rows)} of {table.meta['rows_total']} (--top 0 for all)")
