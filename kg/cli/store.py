"""The `kg` commands that fill a store and say what it holds: build, remove, documents, runs, stats."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import LIST_FORMAT, cell, cli, console, echo, open_graph, print_records, progress_bar, store_option


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Extra actor dictionary CSV (columns of kg/data/actors.csv); repeatable.")
@click.option("--model", "relation_model", metavar="DIR|none", default=None,
              help="Relation model folder made by kg train (default: the shipped one, or "
                   "$KG_RELATION_MODEL); 'none' for the rule frames alone.")
@click.option("--force", is_flag=True, help="Re-extract documents even when unchanged.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that parse and extract (default: one per core; 1: this "
                   "process alone).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Extract on the workers of this Dask cluster instead (pip install "
                   "'actor-kg[cluster]'); this process still writes the store.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(paths, store, actor_files, relation_model, force, jobs, scheduler, quiet):
    """Extract actors and relations from text/JSONL files or folders into the store."""
    with open_graph(store, actor_files=actor_files or None, relation_model=relation_model) as graph, \
            progress_bar("loading the pipeline|building", quiet) as progress:
        report = graph.build(paths, force=force, progress=progress, jobs=jobs, scheduler=scheduler)
    for line in report.errors:
        echo(f"error: {line}", err=True)
    echo(f"built {report.built} document(s), {report.statements} statement(s); "
               f"{report.unchanged} unchanged, {len(report.errors)} error(s) "
               f"in {report.seconds:.1f}s -> {graph.settings.store}", err=True)
    if report.errors:
        sys.exit(2)


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC_ID...")
@store_option
def remove(doc_ids, store):
    """Delete documents (their statements, actors and edges) from the store; the rest stays.

    An id that was never stored is an error, and then nothing is removed; one that an earlier
    removal took is already removed, so a removal cut short can simply be run again."""
    with open_graph(store, create=False) as graph:
        removed = graph.remove(*doc_ids)
    already = len(set(doc_ids)) - len(removed)
    echo(f"removed {len(removed)} document(s){f', {already} already removed' if already else ''} "
         f"-> {graph.settings.store}", err=True)


@cli.command()
@LIST_FORMAT
@store_option
def documents(fmt, store):
    """List the stored documents: id, title, date and number of statements."""
    with open_graph(store, read_only=True) as graph:
        docs = graph.documents()
    print_records(docs, ["id", "title", "date", "statements"], fmt)


@cli.command()
@LIST_FORMAT
@store_option
def runs(fmt, store):
    """List the recorded builds and removals, oldest first (no end: the run was interrupted)."""
    with open_graph(store, read_only=True) as graph:
        records = graph.runs()
    print_records(records, ["id", "action", "started", "ended", "version", "built", "unchanged", "failed",
                            "removed", "statements"], fmt)


@cli.command()
@store_option
def stats(store):
    """Counts of documents, actors, places, statements, edges and triples."""
    from rich.table import Table

    with open_graph(store, read_only=True) as graph:
        counts = graph.stats()
    table = Table(show_header=False)
    for k, v in counts.items():
        table.add_row(cell(k), cell(v))
    console().print(table)
