"""What every `kg` command shares: the command group, the options for the store and output
formats, opening the store, printing tables, and `main`, which turns a KgError into one line on
stderr and exit code 2.

Whatever comes from the data (titles, sentences, names, file names) is printed as text: table
cells are `rich.text.Text`, never markup, and every line passes `kg.textsafe.terminal_text`, so
no escape sequence reaches the terminal.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from ..config import Settings
from ..errors import KgError
from ..output import checked_text
from ..textsafe import terminal_text

__all__ = ["COUNT", "INCLUDE_REJECTED", "LIST_FORMAT", "cell", "cli", "console", "echo", "main", "open_graph", "print_records", "print_result",
           "print_table", "progress_bar", "settings", "store_option"]

store_option = click.option(
    "--store", "store", default=None, metavar="DIR|URL",
    help="Store directory, or the URL of a SPARQL server (default: .kg/store, or $KG_STORE).")

COUNT = click.option("--count", "count", type=click.Choice(["reports", "events"]), default="reports",
                     show_default=True,
                     help="Count every statement (reports), or each event once however many "
                          "statements from however many documents report it (events).")

INCLUDE_REJECTED = click.option("--include-rejected", is_flag=True,
                                help="Keep statements a reviewer rejected (kg reject), hidden by default.")

LIST_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                           show_default=True, help="How to print the rows.")


def settings(store: str | None, **kw) -> Settings:
    """The settings for a command: its options over the environment over the defaults."""
    return Settings.from_env(store=store, **kw)


def open_graph(store: str | None, read_only: bool = False, *, create: bool = True,
               actor_files: tuple[Path, ...] | None = None, relation_model: str | None = None):
    """The KnowledgeGraph of the store a command names (a directory or a server's URL)."""
    from ..api import open_store

    return open_store(settings=settings(store, actor_files=actor_files, relation_model=relation_model),
                      read_only=read_only, create=create)


def console(err: bool = False):
    from rich.console import Console

    out = Console(stderr=err, highlight=False, soft_wrap=False)
    if not out.is_terminal:  # logs and pipes: wide enough that tables stay readable
        out.width = max(out.width, 140)
    return out


def echo(line, err: bool = False) -> None:
    """One line of output that may hold data (a file name, a title), printed as itself."""
    click.echo(terminal_text(line), err=err)


def cell(value):
    """A value as a table cell: plain text, control characters removed, never read as markup."""
    from rich.text import Text

    return Text(terminal_text(value))


def print_table(result, title: str | None = None, out=None) -> None:
    """A query result as a rich table, every cell printed as the text it holds."""
    from rich.table import Table

    out = out or console()
    table = Table(title=None if title is None else cell(title), show_lines=False)
    for c in result.columns:
        table.add_column(cell(c), overflow="fold")
    for row in result.rows:
        table.add_row(*map(cell, row))
    out.print(table)
    out.print(rows_line(result))


def rows_line(result) -> str:
    """How many rows a result shows and, for a page, of how many, and how to ask for the next:
    `rows 1-100 of 5,040 (next: --offset 100)`."""
    shown, total, offset = len(result.rows), getattr(result, "total", None), getattr(result, "offset", 0)
    if total is None or (offset == 0 and shown == total):
        return f"{shown} row(s)"
    span = f"rows {offset + 1:,}-{offset + shown:,}" if shown else f"no rows from {offset + 1:,} on"
    more = offset + shown < total
    return f"{span} of {total:,}" + (f" (next: --offset {offset + shown}, or --all)" if more else "")


def print_result(result, fmt: str) -> None:
    """A query result as CSV, JSON or a table; for CSV and JSON, a page of a longer answer is
    said on stderr, so that what goes to a file stays data."""
    if fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    elif fmt == "json":
        click.echo(result.to_json())
    else:
        print_table(result)
        return
    if getattr(result, "total", None) is not None and len(result.rows) != result.total:
        click.echo(rows_line(result), err=True)


def print_records(records, columns: list[str], fmt: str) -> None:
    """Dataclass records (stored documents, runs) as rows of the attributes named by `columns`."""
    from ..sparql import QueryResult

    print_result(QueryResult(columns, [[getattr(r, c) for c in columns] for r in records]), fmt)


@contextmanager
def progress_bar(description: str, quiet: bool):
    """A progress bar on stderr, and the `progress(done, total)` callback that moves it; its first
    call also turns the description to `description`'s second part ("loading|building")."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    first, _, then = description.partition("|")
    err = console(err=True)
    # a bar is for a terminal: in a log or a pipe it would only leave a blank line behind
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal,
                  transient=True) as bar:
        task = bar.add_task(first, total=None)
        yield lambda done, total: bar.update(task, description=then or first, completed=done, total=total)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="actor-kg")
def cli():
    """actor-kg: build an actor relationship knowledge graph from news text and query it."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning a KgError into one line on stderr and exit code 2.

    Standard output, when it is a file or a pipe, is written whole or not at all
    (`kg.output.checked_text`): output cut short by a full disk is an error and exit code 2,
    never a short file and exit code 0."""
    import warnings

    warnings.formatwarning = lambda message, *args, **kwargs: f"warning: {message}\n"
    stdout = sys.stdout
    try:
        sys.stdout = checked_text(stdout)
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): as it is
        pass
    try:
        code = _run(argv)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        except OSError as e:
            code = _os_error(e)
        return code
    finally:
        sys.stdout = stdout


def _run(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as e:
        echo(f"error: {e}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as e:
        echo(f"error: {e.format_message()}", err=True)
        return 2
    except SystemExit as e:
        return int(e.code or 0)
    except BrokenPipeError:
        return 0
    except OSError as e:  # an output path that cannot be written, a full disk
        return _os_error(e)
    return 0


def _os_error(e: OSError) -> int:
    out = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    where = e.filename or ("standard output" if getattr(out, "failed", False) else "kg")
    echo(f"error: {where}: {e.strerror or e}", err=True)
    return 2

