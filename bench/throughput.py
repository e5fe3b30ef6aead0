"""Throughput of a full build against bare spaCy parsing of the same texts, in the same run.

    python bench/throughput.py [JSONL] [--limit N] [--batch-size N]

Prints documents per second for (a) bare `nlp.pipe` with the plain model and (b) the whole
actor-kg build (entity ruler, extraction, RDF, one transaction per document into an on-disk
Oxigraph store), and the ratio b/a of their times: the pipeline's overhead over parsing.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "examples" / "wcep-2025-2026" / "stories.jsonl"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)

    from kg.api import KnowledgeGraph
    from kg.config import Settings
    from kg.extract import load_model
    from kg.extract import Extractor
    from kg.graph import Store

    lines = Path(args.jsonl).read_text(encoding="utf-8").splitlines()[: args.limit]
    texts = [json.loads(ln)["text"] for ln in lines if ln.strip()]
    n = len(texts)

    bare = load_model("en_core_web_sm")
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=args.batch_size):
        pass
    t_bare = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "docs.jsonl"
        subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
        settings = Settings(store=Path(tmp) / "store", batch_size=args.batch_size)
        t_load = time.perf_counter()
        extractor = Extractor.create(settings)
        t_load = time.perf_counter() - t_load
        with KnowledgeGraph(Store.open(settings.store), settings) as graph:
            t0 = time.perf_counter()
            report = graph.build([subset], extractor=extractor)
            t_build = time.perf_counter() - t0

    print(f"documents:                {n}")
    print(f"bare spaCy nlp.pipe:      {t_bare:7.1f} s  {n / t_bare:7.1f} docs/s")
    print(f"actor-kg build:           {t_build:7.1f} s  {n / t_build:7.1f} docs/s  "
          f"({report.statements} statements, {len(report.errors)} errors)")
    print(f"pipeline set-up (once):   {t_load:7.1f} s  (model, dictionary, rules)")
    print(f"ratio build / bare parse: {t_build / t_bare:7.2f}  (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
