"""The `kg` commands that manage a store and share it: documents, remove, runs, import,
validate, push, serve. They register on the group of `kg.cli`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import EXPORT_FORMATS, _LIST_FORMAT, _console, _open, _print_result, _settings, cli, store_option
from .errors import ConfigError, KgError


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC_ID...")
@store_option
def remove(doc_ids, store):
    """Delete documents (their statements, actors and edges) from the store; the rest stays.

    An id that is not stored is an error, and then nothing is removed."""
    from .graph import open_store_at, remove_documents

    settings = _settings(store)
    s = open_store_at(settings.store, create=False)
    with s:
        removed = remove_documents(s, doc_ids, settings)
    click.echo(f"removed {len(removed)} document(s) -> {settings.store}", err=True)


@cli.command()
@_LIST_FORMAT
@store_option
def documents(fmt, store):
    """List the stored documents: id, title, date and number of statements."""
    from .graph import documents as stored_documents
    from .sparql import QueryResult

    with _open(store, read_only=True) as graph:
        docs = stored_documents(graph.store)
    _print_result(QueryResult(["id", "title", "date", "statements"],
                              [[d.id, d.title, d.date, d.statements] for d in docs]), fmt)


@cli.command()
@_LIST_FORMAT
@store_option
def runs(fmt, store):
    """List the recorded builds and removals, oldest first (no end: the run was interrupted)."""
    from .graph import runs as recorded_runs
    from .sparql import QueryResult

    with _open(store, read_only=True) as graph:
        records = recorded_runs(graph.store)
    columns = ["id", "action", "started", "ended", "version", "built", "unchanged", "failed", "removed",
               "statements"]
    _print_result(QueryResult(columns, [[getattr(r, c) for c in columns] for r in records]), fmt)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default=None,
              help="RDF format of every FILE (default: from each file's extension).")
@store_option
def import_(files, fmt, store):
    """Read TriG / N-Quads (or Turtle, N-Triples ...) into the store; each named graph in a file
    replaces the store's graph of that name, so importing again changes nothing."""
    from .errors import InputError
    from .graph import read_import, write_import

    settings = _settings(store)
    parsed, errors = [], 0
    for path in files:  # every file is parsed before the store is opened: a bad one changes nothing
        try:
            parsed.append(read_import(path, EXPORT_FORMATS[fmt] if fmt else None, base=settings.base_iri))
        except InputError as e:  # one bad file is reported; the others are still imported
            click.echo(f"error: {e}", err=True)
            errors += 1
    if parsed:
        with _open(store) as graph:
            for p in parsed:
                r = write_import(graph.store, p)
                where = f"; default-graph triples in <{r.default_graph}>" if r.default_graph else ""
                click.echo(f"imported {r.source}: {r.graphs} graph(s), {r.quads} quad(s){where}", err=True)
    if errors:
        sys.exit(2)


@cli.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default=None,
              help="RDF format of every FILE (default: from each file's extension).")
@click.option("--limit", type=int, default=50, show_default=True,
              help="Print at most this many violations per store or file (0: all).")
@store_option
def validate_(files, fmt, limit, store):
    """Check the store, or each FILE, against the SHACL shapes; exit code 1 when one does not conform."""
    from .graph import validate_file, validate_store

    errors = 0
    if files:
        reports = []
        for p in files:  # one unreadable file is reported; the others are still checked
            try:
                reports.append(validate_file(p, EXPORT_FORMATS[fmt] if fmt else None))
            except KgError as e:
                click.echo(f"error: {e}", err=True)
                errors += 1
    else:
        with _open(store, read_only=True) as graph:
            reports = [validate_store(graph.store)]
    for r in reports:
        shown = r.lines if limit <= 0 else r.lines[:limit]
        for line in shown:
            click.echo(f"{r.source}: {line}")
        if len(shown) < r.count:
            click.echo(f"{r.source}: ... and {r.count - len(shown)} more (--limit 0 shows all)")
        verdict = "conforms" if r.conforms else f"does not conform: {r.count} violation(s)"
        click.echo(f"{r.source}: {verdict} ({r.triples:,} triples, {r.seconds:.1f}s)", err=True)
    if errors:
        sys.exit(2)
    if not all(r.conforms for r in reports):
        sys.exit(1)


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The SPARQL server to copy to, e.g. http://localhost:7878/query (Oxigraph).")
@click.option("--graph-store", metavar="URL",
              help="Where the server takes graph writes, when not at the endpoint (Virtuoso).")
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def push(endpoint, graph_store, store, quiet):
    """Copy every named graph of the store to a SPARQL server, one Graph Store PUT each."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from .graph import is_url, open_store_at
    from .graph import push as push_graphs

    if not is_url(endpoint):
        raise ConfigError(f"--endpoint {endpoint}: not the URL of a SPARQL server")
    with _open(store, read_only=True) as graph:
        remote = open_store_at(endpoint, graph_store=graph_store)
        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=_console(err=True), disable=quiet, transient=True) as bar:
            task = bar.add_task("pushing", total=None)
            report = push_graphs(graph.store, remote,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
    click.echo(f"pushed {report.graphs} graph(s), {report.quads} quad(s) in {report.seconds:.1f}s "
               f"-> {remote.url}", err=True)


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds a query may run; a longer one is stopped (HTTP 503).")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Rows or triples per answer; a longer one is cut and marked X-SPARQL-MaxRows (0: no limit).")
@click.option("--workers", type=int, default=2, show_default=True,
              help="Queries answered at once, one process each.")
def serve(store, host, port, timeout, max_rows, workers):
    """Serve the store read-only as a SPARQL 1.1 endpoint (GET or POST /sparql); updates are refused."""
    from .graph import is_url
    from .sparql import Endpoint

    settings = _settings(store)
    if is_url(settings.store):
        raise click.UsageError("--store: kg serve serves a store directory, not a URL")
    with Endpoint(settings.store, host, port, timeout=timeout, max_rows=max_rows, workers=workers,
                  log=True) as endpoint:
        click.echo(f"SPARQL endpoint {endpoint.url} over {settings.store} (read-only); Ctrl-C stops it",
                   err=True)
        endpoint.serve_until_stopped()
