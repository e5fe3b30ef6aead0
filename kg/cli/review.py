"""The `kg` commands of review: list statements to check, reject or confirm one."""
from __future__ import annotations

import click

from .base import LIST_FORMAT, cli, echo, open_graph, print_result, store_option


def judgement(command):
    """The arguments and options of a judging command: the statement, a note, who, the store."""
    for option in reversed([
            click.argument("statement", metavar="ID"),
            click.option("--note", "-n", default="", help="Why: kept with the judgement."),
            click.option("--by", metavar="NAME", default=None,
                         help="Who judges (default: $KG_REVIEWER, else your user name)."),
            store_option]):
        command = option(command)
    return command


@cli.command()
@click.option("--actor", metavar="NAME", help="Only statements of this actor (any of its names).")
@click.option("--all", "reviewed", is_flag=True, help="Also statements already judged (their verdict shown).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most this many statements (0: all).")
@LIST_FORMAT
@store_option
def review(actor, reviewed, limit, fmt, store):
    """List statements to check, lowest confidence first: their id (for kg reject and kg
    confirm), confidence, relation, document and evidence."""
    with open_graph(store, read_only=True) as graph:
        result = graph.review(actor, reviewed=reviewed, limit=limit or None)
    print_result(result, fmt)


def _judged(judgement) -> None:
    note = f" ({judgement.note})" if judgement.note else ""
    echo(f"{judgement.verdict.lower()} {judgement.statement} by {judgement.by}{note}", err=True)


@cli.command()
@judgement
def reject(statement, note, by, store):
    """Reject a statement (its id from kg review, or its IRI): recorded with who, when and why in
    the review graph, which rebuilds keep; it is hidden from queries, the page, analyses and
    exports unless they are given --include-rejected."""
    with open_graph(store) as graph:
        _judged(graph.reject(statement, note, by))


@cli.command()
@judgement
def confirm(statement, note, by, store):
    """Confirm a statement (its id from kg review, or its IRI): recorded with who, when and why
    in the review graph, which rebuilds keep; kg export --format gold writes it as gold."""
    with open_graph(store) as graph:
        _judged(graph.confirm(statement, note, by))
