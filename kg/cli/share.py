"""The `kg` commands that share a store: push (to a SPARQL server) and serve (as one)."""
from __future__ import annotations

import click

from ..errors import ConfigError
from ..graph import is_url
from .base import cli, open_graph, progress_bar, settings, store_option


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The SPARQL server to copy to, e.g. http://localhost:7878/query (Oxigraph).")
@click.option("--graph-store", metavar="URL",
              help="Where the server takes graph writes, when not at the endpoint (Virtuoso).")
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def push(endpoint, graph_store, store, quiet):
    """Copy every named graph of the store to a SPARQL server, one Graph Store PUT each."""
    if not is_url(endpoint):
        raise ConfigError(f"--endpoint {endpoint}: not the URL of a SPARQL server")
    with open_graph(store, read_only=True) as graph, progress_bar("pushing", quiet) as progress:
        report = graph.push(endpoint, graph_store, progress)
    click.echo(f"pushed {report.graphs} graph(s), {report.quads} quad(s) in {report.seconds:.1f}s "
               f"-> {report.url}", err=True)


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds a query may run; a longer one is stopped (HTTP 503).")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Rows or triples per answer; a longer one is cut and marked X-SPARQL-MaxRows (0: no limit).")
@click.option("--workers", type=int, default=2, show_default=True,
              help="Queries answered at once, one process each.")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Memory a query's worker may use; a query needing more is stopped (HTTP 503, 0: no limit).")
@click.option("--max-connections", type=click.IntRange(min=1), default=64, show_default=True,
              help="Connections open at once; one more is answered 503 and closed.")
@click.option("--read-timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Seconds a client has to send its whole request; idle connections close.")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="A site whose pages may query from a browser (https://yasgui.example), '*' any; repeatable.")
def serve(store, host, port, timeout, max_rows, workers, max_memory, max_connections, read_timeout,
          allow_origins):
    """Serve the store read-only as a SPARQL 1.1 endpoint (GET or POST /sparql); updates are refused."""
    from .. import api

    location = settings(store).store
    if is_url(location):
        raise click.UsageError("--store: kg serve serves a store directory, not a URL")
    with api.serve(location, host, port, timeout=timeout, max_rows=max_rows, workers=workers, log=True,
                   max_memory=max_memory, max_connections=max_connections, read_timeout=read_timeout,
                   allow_origins=allow_origins) as endpoint:
        click.echo(f"SPARQL endpoint {endpoint.url} over {location} (read-only); Ctrl-C stops it",
                   err=True)
        endpoint.serve_until_stopped()
