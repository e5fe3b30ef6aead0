"""The `kg` command: parses options, calls the library API, prints tables.

A user mistake (bad path, bad query, store in use) is one line on stderr and exit code 2.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import Settings
from .errors import KgError
from .graph import FORMAT_NAMES as EXPORT_FORMATS
from .network import NETWORK_FORMATS  # the network view, not RDF
from .vocab import FAMILIES

store_option = click.option(
    "--store", "store", default=None, metavar="DIR|URL",
    help="Store directory, or the URL of a SPARQL server (default: .kg/store, or $KG_STORE).")


def _settings(store: str | None, **kw) -> Settings:
    return Settings.from_env(store=store, **kw)


def _open(store: str | None, read_only: bool = False, endpoint: str | None = None):
    from .api import KnowledgeGraph
    from .graph import open_store_at

    settings = _settings(store)
    return KnowledgeGraph(open_store_at(endpoint or settings.store, read_only=read_only), settings)


def _console(err: bool = False):
    from rich.console import Console

    console = Console(stderr=err, highlight=False, soft_wrap=False)
    if not console.is_terminal:  # logs and pipes: wide enough that tables stay readable
        console.width = max(console.width, 140)
    return console


def print_table(result, title: str | None = None, console=None) -> None:
    """A query result as a rich table."""
    from rich.table import Table

    console = console or _console()
    table = Table(title=title, show_lines=False)
    for c in result.columns:
        table.add_column(c, overflow="fold")
    for row in result.rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)
    console.print(f"{len(result.rows)} row(s)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="actor-kg")
def cli():
    """actor-kg: build an actor relationship knowledge graph from news text and query it."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Extra actor dictionary CSV (columns of kg/data/actors.csv); repeatable.")
@click.option("--force", is_flag=True, help="Re-extract documents even when unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(paths, store, actor_files, force, quiet):
    """Extract actors and relations from text/JSONL files or folders into the store."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from .api import KnowledgeGraph
    from .extract import Extractor
    from .graph import open_store_at

    settings = _settings(store, actor_files=actor_files or None)
    err = _console(err=True)
    with KnowledgeGraph(open_store_at(settings.store), settings) as graph:
        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, disable=quiet, transient=True) as bar:
            task = bar.add_task("loading the pipeline", total=None)
            extractor = Extractor.create(settings)
            bar.update(task, description="building")
            report = graph.build(paths, extractor=extractor, force=force,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
    for line in report.errors:
        click.echo(f"error: {line}", err=True)
    click.echo(f"built {report.built} document(s), {report.statements} statement(s); "
               f"{report.unchanged} unchanged, {len(report.errors)} error(s) "
               f"in {report.seconds:.1f}s -> {settings.store}", err=True)
    if report.errors:
        sys.exit(2)


_LIST_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                            show_default=True)


def _print_result(result, fmt: str) -> None:
    if fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    elif fmt == "json":
        click.echo(result.to_json())
    else:
        print_table(result)


@cli.command()
@click.argument("query", required=False)
@click.option("--sparql", help="SPARQL text to run instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Parameter of a named query, bound as a value; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--limit", type=int, default=None, help="Show at most this many rows.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL server instead of the store (e.g. http://localhost:7878/query).")
@store_option
def query(query, sparql, params, fmt, limit, list_queries, endpoint, store):
    """Run a named query, a .rq file or --sparql TEXT over the store."""
    from .sparql import named_queries

    if list_queries:
        for q in named_queries().values():
            click.echo(f"{q.name}: {q.description}")
            for name, (kind, help_) in q.params.items():
                click.echo(f"    --param {name}=...  ({kind}) {help_}")
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
    with _open(store, read_only=True, endpoint=endpoint) as graph:
        result = graph.query(spec, sparql=bool(sparql), **bound)
    if limit is not None:
        result.rows = result.rows[:max(0, limit)]
    _print_result(result, fmt)


@cli.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/network.html"), show_default=True)
@click.option("--title", default="actor-kg network", show_default=True)
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
@store_option
def render(output, title, min_confidence, min_count, since, until, around, hops, top, seed, store):
    """Write the interactive network as a self-contained HTML file (works offline).

    Big networks: select with --top, --around/--hops, --min-count and --since/--until; the
    page's own filters narrow it further.
    """
    from .network import select
    from .network import render_html, size_warning

    with _open(store, read_only=True) as graph:
        net = select(graph.network(min_confidence), top=top, around=around, hops=hops,
                     since=since, until=until, min_count=min_count)
    warning = size_warning(net)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    render_html(net, output, title=title, seed=seed)
    click.echo(f"wrote {output} ({len(net.nodes)} nodes, {len(net.edges)} edges)", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS) + list(NETWORK_FORMATS)),
              default="trig", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=str), default=None,
              help="File to write (default: standard output); for csv a directory (nodes.csv, "
                   "edges.csv) or a file-name prefix (PREFIX-nodes.csv, PREFIX-edges.csv).")
@store_option
def export(fmt, output, store):
    """Export the whole graph (TriG and N-Quads keep the named graphs), or the network as
    GraphML, GEXF or CSV for Gephi, Cytoscape and spreadsheets."""
    if fmt in NETWORK_FORMATS:
        from .network import write_network

        if fmt == "csv" and output is None:
            raise click.UsageError("--format csv writes two files: give --output DIR/ or --output PREFIX")
        with _open(store, read_only=True) as graph:
            net = graph.network()
        written = write_network(net, sys.stdout.buffer if output is None else output, fmt)
        if written:
            click.echo(f"wrote {', '.join(map(str, written))} ({len(net.nodes)} nodes, "
                       f"{len(net.edges)} edges)", err=True)
        return
    with _open(store, read_only=True) as graph:
        data = graph.export(output, EXPORT_FORMATS[fmt])
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        click.echo(f"wrote {output}", err=True)


@cli.command()
@store_option
def stats(store):
    """Counts of documents, actors, places, statements, edges and triples."""
    from rich.table import Table

    with _open(store, read_only=True) as graph:
        counts = graph.stats()
    table = Table(show_header=False)
    for k, v in counts.items():
        table.add_row(k, str(v))
    _console().print(table)


@cli.command()
@click.argument("kind", type=click.Choice(["centrality", "communities", "balance", "rivalries",
                                           "alliances", "changes"]))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Show at most this many rows (0: all).")
@click.option("--family", type=click.Choice(FAMILIES), default=None,
              help="centrality, communities: only relations of this family.")
@click.option("--before", metavar="WINDOW", help="changes: the first window, e.g. 2024-01 or 2024-01..2024-03.")
@click.option("--after", metavar="WINDOW", help="changes: the second window.")
@click.option("--weak", is_flag=True, help="balance: count all-hostile triangles as balanced (Davis).")
@click.option("--min-statements", type=click.IntRange(min=1), default=1, show_default=True,
              help="rivalries, alliances: pairs with at least this many statements.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--all-modalities", is_flag=True,
              help="Count negated and conditional statements too (default: asserted and claimed).")
@click.option("--places", is_flag=True,
              help="Keep places in balance, rivalries, alliances and changes (a place is no one's enemy).")
@click.option("--skip-type", "skip_types", multiple=True, metavar="TYPE",
              help="Leave out actors of this type (e.g. Group); repeatable.")
@store_option
def analyze(kind, fmt, top, family, before, after, weak, min_statements, min_confidence,
            all_modalities, places, skip_types, store):
    """Network analysis: centrality, communities, structural balance, rivalries, alliances, or
    the changes between two date windows (--before, --after)."""
    from .network import COUNTED, analysis
    from .sparql import QueryResult

    with _open(store, read_only=True) as graph:
        net = graph.network(min_confidence)
    table = analysis(net, kind, top=top, family=family, before=before, after=after, weak=weak,
                     min_statements=min_statements, modalities=None if all_modalities else COUNTED,
                     places=places, skip_types=skip_types)
    if fmt == "csv":
        click.echo(table.to_csv(), nl=False)
    elif fmt == "json":
        click.echo(table.to_json())
    else:
        print_table(QueryResult(table.columns, [list(r.values()) for r in table.rows]), title=kind)
        if table.summary:
            click.echo(table.summary)
        if table.meta["rows_total"] > len(table.rows):
            click.echo(f"showing {len(table.rows)} of {table.meta['rows_total']} (--top 0 for all)")


@cli.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="List every miss and false positive.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@store_option
def eval_(gold, verbose, as_json, store):
    """Score the store against gold annotations (JSON: documents with actors and relations)."""
    import json as _json

    from .evaluate import evaluate, load_gold

    docs = load_gold(gold)
    with _open(store, read_only=True) as graph:
        scores = evaluate(graph.store, docs)
    if as_json:
        click.echo(_json.dumps({m: {**s.summary(), "missed": s.missed,
                                    "false_positives": s.false_positives}
                               for m, s in scores.items()}, indent=2, ensure_ascii=False))
        return
    if verbose:
        lenient = scores["lenient"]
        for doc, *rel in lenient.missed:
            click.echo(f"missed          {doc}: {' '.join(rel)}")
        for doc, *rel in lenient.false_positives:
            click.echo(f"false positive  {doc}: {' '.join(rel)}")
    for mode, s in scores.items():
        m = s.summary()
        click.echo(f"{mode}: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f} "
                   f"(tp {m['tp']} fp {m['fp']} fn {m['fn']}; core {m['core']})")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning a KgError into one line on stderr and exit code 2."""
    import warnings

    warnings.formatwarning = lambda message, *args, **kwargs: f"warning: {message}\n"
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as e:
        click.echo(f"error: {e}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as e:
        click.echo(f"error: {e.format_message()}", err=True)
        return 2
    except SystemExit as e:
        return int(e.code or 0)
    except BrokenPipeError:
        return 0
    except OSError as e:  # an output path that cannot be written, a full disk
        where = e.filename or "kg"
        click.echo(f"error: {where}: {e.strerror or e}", err=True)
        return 2
    return 0


from . import cli_store  # noqa: E402,F401  (its commands register on the group above)
