"""The Dask path against worker processes, in the same run: `kg build --scheduler` on a
LocalCluster of N single-threaded workers against `kg build --jobs N`.

    python bench/cluster.py [JSONL] [--limit N] [--workers N]

Prints documents per second of both builds (set-up, workers loading their pipelines, timed
apart: a build's time runs from its first progress call), their ratio, and the overhead of the
scheduler per document: the same batches of documents sent to the workers and answered at once
(a function that counts them), so that what is timed is scheduling and moving documents, not
extraction.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "examples" / "wcep-2025-2026" / "stories.jsonl"


def timed_build(feed: Path, store: Path, **where):
    """(seconds after set-up, seconds of set-up, report) of one build into a new store."""
    from kg.api import KnowledgeGraph
    from kg.config import Settings
    from kg.graph import Store

    ready = []
    with KnowledgeGraph(Store.open(store), Settings(store=store)) as graph:
        t0 = time.perf_counter()
        report = graph.build([feed], progress=lambda done, total: ready or
                             ready.append(time.perf_counter()), **where)
        end = time.perf_counter()
    return end - ready[0], ready[0] - t0, report


def scheduler_overhead(address: str, feed: Path, batch: int) -> float:
    """Seconds per document to send the build's batches to the workers and get an answer back."""
    from distributed import Client

    from kg.ingest import read_paths

    docs = list(read_paths([feed]))
    batches = [docs[i:i + batch] for i in range(0, len(docs), batch)]
    with Client(address) as client:
        client.gather(client.map(len, batches[:2], pure=False))  # warm the connections
        t0 = time.perf_counter()
        client.gather(client.map(len, batches, pure=False))
        return (time.perf_counter() - t0) / len(docs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    from distributed import LocalCluster

    from kg.config import Settings
    from kg.graph.extraction import Pool

    lines = [ln for ln in Path(args.jsonl).read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = lines[: args.limit]
    n, w = len(lines), args.workers
    print(f"machine:                 {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          f"at start; {n} documents")
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "docs.jsonl"
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        t_jobs, setup_jobs, jobs_report = timed_build(feed, Path(tmp) / "jobs", jobs=w)
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            address = cluster.scheduler_address
            t_dask, setup_dask, dask_report = timed_build(feed, Path(tmp) / "dask", scheduler=address)
            overhead = scheduler_overhead(address, feed, Pool.batch(Settings()))
    if (jobs_report.statements, jobs_report.errors) != (dask_report.statements, dask_report.errors):
        raise SystemExit("the builds on worker processes and on the cluster differ")
    print(f"kg build --jobs {w}:        {t_jobs:7.1f} s  {n / t_jobs:7.1f} docs/s  (set-up {setup_jobs:.1f} s)")
    print(f"kg build --scheduler:    {t_dask:7.1f} s  {n / t_dask:7.1f} docs/s  (set-up {setup_dask:.1f} s; "
          f"LocalCluster of {w} workers)")
    print(f"ratio cluster / --jobs {w}: {t_dask / t_jobs:7.2f}")
    print(f"scheduler overhead:      {overhead * 1000:7.2f} ms per document (batches of "
          f"{Pool.batch(Settings())} sent and answered with no extraction); "
          f"{(t_dask - t_jobs) / n * 1000:+.2f} ms per document between the two builds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
