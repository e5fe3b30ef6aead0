"""Fault injection at every write, as SQLite tests its I/O: `kg(...)` runs a `kg` command in a
process of its own whose files may not grow past `fail_after` bytes (RLIMIT_FSIZE), so the
first write that would take any file past that size fails with EFBIG, whoever writes it
(Python, Oxigraph's store, its serialisers). Sweeping `fail_after` over the size of what a
command writes (`sweep`) makes each of its writes in turn the one that fails. Standard output
may be a file under the same limit, or /dev/full, where every write fails with ENOSPC.

    from faults import kg, sweep

    for n in sweep(4096):
        run = kg(["export"], fail_after=n, stdout=tmp_path / "out")
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def kg(args: list[str], *, fail_after: int | None = None, stdout: str | Path | None = None,
       stdin: str | None = None, limits: dict[int, int] | None = None,
       timeout: float = 600) -> subprocess.CompletedProcess:
    """`kg ARGS` in a new process (the package of this checkout), its files limited to
    `fail_after` bytes each and its other `limits` (a resource such as RLIMIT_CPU: its bound)
    set; stdout to the file `stdout` (else captured). Python ignores SIGXFSZ, so a write past
    the file limit is an EFBIG error, not the end of the process."""
    bounds = {**(limits or {}), **({resource.RLIMIT_FSIZE: fail_after} if fail_after is not None else {})}

    def limit():
        for which, bound in bounds.items():
            resource.setrlimit(which, (bound, bound if which != resource.RLIMIT_FSIZE else resource.RLIM_INFINITY))

    out = open(stdout, "wb") if stdout is not None else subprocess.PIPE
    try:
        return subprocess.run([sys.executable, "-m", "kg", *args], stdout=out, stderr=subprocess.PIPE,
                              input=stdin.encode() if stdin is not None else None,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              preexec_fn=limit, env=ENV, timeout=timeout)
    finally:
        if stdout is not None:
            out.close()


def kg_process(args: list[str]) -> subprocess.Popen:
    """`kg ARGS` started in a new process, its stderr piped, for a fault that comes from
    outside while it runs (a server that dies)."""
    return subprocess.Popen([sys.executable, "-m", "kg", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)


def sweep(size: int, points: int = 6, start: int = 0) -> list[int]:
    """`points` limits spread from `start` to just under `size`, the first write and the last
    among them."""
    step = max(1, (size - 1 - start) // max(1, points - 1))
    return sorted({min(size - 1, start + i * step) for i in range(points)} | {start})


def one_error_line(run: subprocess.CompletedProcess) -> str:
    """The single `error: ...` line a failed command printed on stderr (asserting it)."""
    err = run.stderr.decode("utf-8", "replace")
    lines = err.strip().splitlines()
    assert run.returncode == 2, (run.returncode, err)
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]
