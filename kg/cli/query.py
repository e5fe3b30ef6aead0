"""The `kg` commands that ask the store: query (named queries, .rq files, SPARQL) and eval."""
from __future__ import annotations

from pathlib import Path

import click

from .base import INCLUDE_REJECTED, LIST_FORMAT, cli, echo, open_graph, print_result, store_option


@cli.command()
@click.argument("query", required=False)
@click.option("--sparql", help="SPARQL text to run instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Parameter of a named query, bound as a value; repeatable.")
@LIST_FORMAT
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Rows of the page (default: the query's page, 100 for per-actor queries, else all).")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Rows to skip before the page.")
@click.option("--all", "all_rows", is_flag=True, help="Every row, however many (no page).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL server instead of the store (e.g. http://localhost:7878/query).")
@INCLUDE_REJECTED
@store_option
def query(query, sparql, params, fmt, limit, offset, all_rows, list_queries, endpoint, include_rejected,
          store):
    """Run a named query, a .rq file or --sparql TEXT over the store, a page at a time: the
    first 100 rows of a per-actor query unless --limit, --offset or --all say otherwise."""
    from ..api import PAGE, named_queries

    if list_queries:
        for q in named_queries().values():
            click.echo(f"{q.name}: {q.description}")
            for name, (kind, help_) in q.params.items():
                click.echo(f"    --param {name}=...  ({kind}) {help_}")
            if q.page:
                click.echo(f"    pages of {q.page} rows (--limit, --offset, --all)")
        return
    spec = sparql or query
    if not spec:
        raise click.UsageError("give a named query, a .rq file or --sparql TEXT (see --list)")
    bound = {}
    for p in params:
        name, sep, value = p.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param {p!r}: expected NAME=VALUE")
        bound[name] = value
    if all_rows and limit is not None:
        raise click.UsageError("--all and --limit: give one")
    with open_graph(endpoint or store, read_only=True) as graph:
        result = graph.query(spec, sparql=bool(sparql), include_rejected=include_rejected,
                             limit=None if all_rows else PAGE if limit is None else limit, offset=offset,
                             **bound)
    print_result(result, fmt)


@cli.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="List every miss and false positive.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@store_option
def eval_(gold, verbose, as_json, store):
    """Score the store against gold annotations (JSON: documents with actors and relations)."""
    import json as _json

    with open_graph(store, read_only=True) as graph:
        scores = graph.evaluate(gold)
    if as_json:
        click.echo(_json.dumps({m: {**s.summary(), "missed": s.missed,
                                    "false_positives": s.false_positives}
                               for m, s in scores.items()}, indent=2, ensure_ascii=False))
        return
    if verbose:
        lenient = scores["lenient"]
        for doc, *rel in lenient.missed:
            echo(f"missed          {doc}: {' '.join(rel)}")
        for doc, *rel in lenient.false_positives:
            echo(f"false positive  {doc}: {' '.join(rel)}")
    for mode, s in scores.items():
        m = s.summary()
        click.echo(f"{mode}: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f} "
                   f"(tp {m['tp']} fp {m['fp']} fn {m['fn']}; core {m['core']})")
