"""A real Oxigraph server for tests: `oxigraph serve` (the binary of the PyPI package `oxigraph`,
a dev dependency) on a free localhost port, its data in a temporary directory, stopped after.

    from oxigraph_server import running_oxigraph

    with running_oxigraph(tmp_path) as server:
        RemoteStore(server.query_url) ...
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def oxigraph_binary() -> Path:
    """The `oxigraph` executable beside this Python (the virtualenv), else on PATH."""
    here = Path(sys.executable).with_name("oxigraph")
    found = here if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server binary is missing: install the dev dependencies "
                           "(pip install -e '.[dev]'; the PyPI package `oxigraph` ships it)")
    return Path(found)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class OxigraphServer:
    """A started server: its base URL, SPARQL query URL and process."""

    base: str
    process: subprocess.Popen
    log: Path

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"


def _wait_until_up(server: OxigraphServer, limit: float = 30.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{server.query_url}?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_oxigraph(directory: Path, *, union_default_graph: bool = True, attempts: int = 3,
                     port: int | None = None):
    """Start `oxigraph serve` with its data in `directory`/oxigraph, yield an OxigraphServer,
    stop it after. Another process may grab the chosen port first, so a failed start is retried;
    `port` starts it on that port (a server started again where it was)."""
    binary = oxigraph_binary()
    location = Path(directory) / "oxigraph"
    log = Path(directory) / "oxigraph.log"
    chosen = port
    for _ in range(attempts):
        port = chosen or free_port()
        args = [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
        if union_default_graph:
            args.append("--union-default-graph")
        with log.open("wb") as out:
            process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        server = OxigraphServer(f"http://127.0.0.1:{port}", process, log)
        if _wait_until_up(server):
            break
        _stop(process)
    else:
        raise RuntimeError(f"oxigraph serve did not start: {log.read_text(errors='replace')[-500:]}")
    try:
        yield server
    finally:
        _stop(process)
