"""Throughput of a full build against bare spaCy parsing of the same texts, in the same run, on
one process and on two.

    python bench/throughput.py [JSONL] [--limit N] [--batch-size N] [--jobs N] [--repeat R]

Prints documents per second for (a) bare `nlp.pipe` with the plain model on one process and on
`--jobs` (`n_process`), and (b) the whole actor-kg build (entity ruler, extraction, RDF, one
transaction per document into an on-disk Oxigraph store) with `--jobs 1` and `--jobs N`, then
the ratios; with `--jobs 1`, the one-process figures alone. Set-up (loading the pipeline, starting workers) is timed apart, in neither figure:
a build's time runs from its first progress call, made once its extractors are ready.
Targets: at equal process count the build takes at most 1.5x bare spaCy's time, and the build
on N processes is faster than bare spaCy on one (ratio under 1.0). On a shared machine the
times move from run to run (by 5% and more on two cores): `--repeat R` (3) runs the baseline and
the builds R times, taking turns, and the verdict is on the median of the R ratios, each of a
build against the baseline run just before it; every round's ratio is printed too.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "examples" / "wcep-2025-2026" / "stories.jsonl"
OVERHEAD_TARGET = 1.5


def bare(texts: list[str], batch_size: int, n_process: int) -> float:
    """Seconds for spaCy's plain model to parse `texts` on `n_process` processes."""
    from kg.extract import load_model

    nlp = load_model("en_core_web_sm")
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0


def build(feed: Path, tmp: Path, batch_size: int, jobs: int):
    """(seconds after set-up, seconds of set-up, report) of `kg build --jobs N` into a new store."""
    from kg.api import KnowledgeGraph
    from kg.config import Settings
    from kg.graph import Store

    settings = Settings(store=tmp / f"store-{jobs}", batch_size=batch_size)
    ready = []
    with KnowledgeGraph(Store.open(settings.store), settings) as graph:
        t0 = time.perf_counter()
        report = graph.build([feed], jobs=jobs, progress=lambda done, total: ready or
                             ready.append(time.perf_counter()))
        end = time.perf_counter()
    return end - ready[0], ready[0] - t0, report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--jobs", type=int, default=2, help="processes of the parallel runs")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of baseline and builds (median)")
    args = ap.parse_args(argv)

    lines = [ln for ln in Path(args.jsonl).read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = lines[: args.limit]
    texts = [json.loads(ln)["text"] for ln in lines]
    n, jobs = len(texts), args.jobs
    print(f"machine:                  {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          f"at start; {n} documents")

    rounds = []  # per round: (bare 1, bare N, build 1, build N) seconds
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "docs.jsonl"
        subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for r in range(max(1, args.repeat)):
            t_bare1 = bare(texts, args.batch_size, 1)
            t_build1, setup1, report1 = build(subset, Path(tmp) / f"round-{r}", args.batch_size, 1)
            t_bareN = t_buildN = setupN = None
            if jobs > 1:
                t_bareN = bare(texts, args.batch_size, jobs)
                t_buildN, setupN, reportN = build(subset, Path(tmp) / f"round-{r}", args.batch_size, jobs)
                if (report1.statements, report1.errors) != (reportN.statements, reportN.errors):
                    raise SystemExit("the builds on 1 and on N processes differ")
            rounds.append((t_bare1, t_bareN, t_build1, t_buildN))

    def median(k):
        return statistics.median(r[k] for r in rounds)

    def row(label, t, extra=""):
        print(f"{label:<26}{t:7.1f} s  {n / t:7.1f} docs/s{extra}")

    def ratio(label, values, ok):
        value = statistics.median(values)
        each = ", ".join(f"{v:.2f}" for v in values)
        print(f"{label:<44}{value:6.2f}  {'PASS' if ok(value) else 'FAIL'}"
              + (f"  (rounds: {each})" if len(values) > 1 else ""))

    print(f"medians of {len(rounds)} round(s):")
    row("bare spaCy, 1 process:", median(0))
    if jobs > 1:
        row(f"bare spaCy, {jobs} processes:", median(1))
    row("kg build --jobs 1:", median(2), f"  (set-up {setup1:.1f} s; {report1.statements} statements, "
        f"{len(report1.errors)} errors)")
    if jobs > 1:
        row(f"kg build --jobs {jobs}:", median(3), f"  (set-up {setupN:.1f} s)")
    print()
    ratio(f"build / bare spaCy, 1 process (<= {OVERHEAD_TARGET}):", [r[2] / r[0] for r in rounds],
          lambda v: v <= OVERHEAD_TARGET)
    if jobs == 1:  # the one-process figures alone: the runs on N processes would repeat them
        return 0
    ratio(f"build / bare spaCy, {jobs} processes (<= {OVERHEAD_TARGET}):", [r[3] / r[1] for r in rounds],
          lambda v: v <= OVERHEAD_TARGET)
    ratio(f"build --jobs {jobs} / bare spaCy, 1 process (< 1.0):", [r[3] / r[0] for r in rounds],
          lambda v: v < 1.0)
    print(f"{'speed-up of the build, 1 -> ' + str(jobs) + ' processes:':<44}{median(2) / median(3):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
