"""The `kg` commands that move a graph in and out of files: export, import and validate."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..graph import FORMAT_NAMES
from ..network import EVENT_FORMATS, NETWORK_FORMATS
from .base import COUNT, INCLUDE_REJECTED, cli, echo, open_graph, settings, store_option

RDF_FORMAT = click.option("--format", "fmt", type=click.Choice(sorted(FORMAT_NAMES)), default=None,
                          help="RDF format of every FILE (default: from each file's extension).")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMAT_NAMES) + list(NETWORK_FORMATS)
                                                   + list(EVENT_FORMATS) + ["gold"]),
              default="trig", show_default=True,
              help="An RDF format, a network format, the event table (events: CSV, events-jsonl), "
                   "or the reviewed documents as gold for kg eval and kg train (gold).")
@click.option("--output", "-o", type=click.Path(path_type=str), default=None,
              help="File to write (default: standard output); for csv a directory (nodes.csv, "
                   "edges.csv) or a file-name prefix (PREFIX-nodes.csv, PREFIX-edges.csv).")
@COUNT
@INCLUDE_REJECTED
@store_option
def export(fmt, output, count, include_rejected, store):
    """Export the whole graph (TriG and N-Quads keep the named graphs), the network as GraphML,
    GEXF or CSV for Gephi, Cytoscape and spreadsheets, or the event table (one row per statement:
    date, actors, relation with CAMEO/PLOVER codes, place and coordinates, source, evidence)."""
    if fmt == "csv" and output is None:
        raise click.UsageError("--format csv writes two files: give --output DIR/ or --output PREFIX")
    with open_graph(store, read_only=True) as graph:
        written = graph.export(sys.stdout.buffer if output is None else output, fmt, count=count,
                               include_rejected=include_rejected)
    if written.paths:
        size = f" ({written.nodes} nodes, {written.edges} edges)" if written.nodes is not None else ""
        echo(f"wrote {written}{size}", err=True)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@RDF_FORMAT
@store_option
def import_(files, fmt, store):
    """Read TriG / N-Quads (or Turtle, N-Triples ...) into the store; each named graph in a file
    replaces the store's graph of that name, so importing again changes nothing."""
    from ..api import import_files

    result = import_files(files, settings=settings(store), format=fmt)
    for line in result.errors:  # one bad file is reported; the others are still imported
        echo(f"error: {line}", err=True)
    for r in result.reports:
        where = f"; default-graph triples in <{r.default_graph}>" if r.default_graph else ""
        echo(f"imported {r.source}: {r.graphs} graph(s), {r.quads} quad(s){where}", err=True)
    if result.errors:
        sys.exit(2)


@cli.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@RDF_FORMAT
@click.option("--limit", type=int, default=50, show_default=True,
              help="Print at most this many violations per store or file (0: all).")
@store_option
def validate_(files, fmt, limit, store):
    """Check the store, or each FILE, against the SHACL shapes; exit code 1 when one does not conform."""
    from ..api import validate_files

    errors: list[str] = []
    if files:
        result = validate_files(files, fmt)
        reports, errors = result.reports, result.errors
    else:
        with open_graph(store, read_only=True) as graph:
            reports = [graph.validate()]
    for line in errors:  # one unreadable file is reported; the others are still checked
        echo(f"error: {line}", err=True)
    for r in reports:
        shown = r.lines if limit <= 0 else r.lines[:limit]
        for line in shown:
            echo(f"{r.source}: {line}")
        if len(shown) < r.count:
            echo(f"{r.source}: ... and {r.count - len(shown)} more (--limit 0 shows all)")
        verdict = "conforms" if r.conforms else f"does not conform: {r.count} violation(s)"
        echo(f"{r.source}: {verdict} ({r.triples:,} triples, {r.seconds:.1f}s)", err=True)
    if errors:
        sys.exit(2)
    if not all(r.conforms for r in reports):
        sys.exit(1)
