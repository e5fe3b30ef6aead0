"""Time and memory of extraction against the length of one document, beside bare spaCy parsing
the same text, in the same run.

    python bench/doc_length.py [--sizes 25000,50000,100000,1000000]

The text is real prose: the example corpus's stories joined by blank lines (from the start
again past its 0.8 M characters), cut at a sentence end near each size. Each measurement runs
in a process of its own, after the pipeline is loaded and has read a short text: seconds to
run the text through the pipeline, and the peak of its resident memory over what it held
before (`/proc/self/clear_refs`). "spaCy" is the plain model (`nlp(text)`), "kg" the whole
extractor (entity ruler, mentions, actors, relations, modality, dates, places:
`Extractor.analyse`).

Targets: what extraction adds to spaCy's parse grows linearly with the document. kg's time is
at most 1.5x bare spaCy's at every size, and that ratio at the largest size is at most 1.25x
the ratio at the smallest (when the frames and dates read the whole document for every
relation, it was 1.8x at 100k characters, and 465 s against spaCy's ~40 s at 1 M); its memory
above spaCy's stays under 1 GB at 1 M characters (the document limit, `kg.ingest.MAX_CHARS`).
spaCy's own time per character grows with a document's length (about 1.5-2x from 25k to 1 M
characters here): that is the baseline, printed beside.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "examples" / "wcep-2025-2026" / "stories.jsonl"
SIZES = (25_000, 50_000, 100_000, 1_000_000)
RATIO_TARGET, GROWTH_TARGET, MEMORY_TARGET_MB = 1.5, 1.25, 1024


def prose(size: int) -> str:
    """`size` characters or a little less of the example stories, ending at a sentence end."""
    stories = [json.loads(line)["text"].strip() for line in STORIES.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(stories[i % len(stories)])
        total += len(parts[-1]) + 2
        i += 1
    text = "\n\n".join(parts)[:size]
    return text[: text.rfind(". ") + 1]


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure(kind: str, size: int) -> dict:
    """In this process: load `kind` ("spacy" or "kg"), warm it up, run one text of `size`."""
    from kg.config import Settings
    from kg.extract import Extractor, load_model
    from kg.ingest import Document

    text = prose(size)
    if kind == "spacy":
        nlp = load_model(Settings().model)
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        run = nlp
    else:
        extractor = Extractor.create(Settings())
        extractor.nlp.max_length = max(extractor.nlp.max_length, len(text) + 1)

        def run(t):
            return extractor.analyse(Document("bench", t, "2026-01-01"))[1]
    run(prose(2_000))
    Path("/proc/self/clear_refs").write_text("5")  # the peak from here on
    before = _rss_kb("VmRSS")
    t0 = time.perf_counter()
    result = run(text)
    seconds = time.perf_counter() - t0
    peak = _rss_kb("VmHWM")
    return {"chars": len(text), "seconds": seconds, "memory_mb": max(0, peak - before) / 1024,
            "statements": len(result) if kind == "kg" else None}


def _child(kind: str, size: int) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(size)], capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="characters, comma-separated")
    ap.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'characters':>11} {'spaCy s':>8} {'kg s':>8} {'kg/spaCy':>9} {'kg us/char':>11} "
          f"{'spaCy MB':>9} {'kg MB':>7} {'statements':>11}")
    rows = []
    for size in sizes:
        bare, kg = _child("spacy", size), _child("kg", size)
        rows.append((bare, kg))
        print(f"{kg['chars']:>11,} {bare['seconds']:>8.1f} {kg['seconds']:>8.1f} "
              f"{kg['seconds'] / bare['seconds']:>9.2f} {1e6 * kg['seconds'] / kg['chars']:>11.1f} "
              f"{bare['memory_mb']:>9.0f} {kg['memory_mb']:>7.0f} {kg['statements']:>11,}", flush=True)

    def check(label, value, ok):
        print(f"{label:<58}{value:7.2f}  {'PASS' if ok else 'FAIL'}")

    print()
    worst = max(kg["seconds"] / bare["seconds"] for bare, kg in rows)
    check(f"kg / bare spaCy, largest at any size (<= {RATIO_TARGET}):", worst, worst <= RATIO_TARGET)
    ratios = [kg["seconds"] / bare["seconds"] for bare, kg in rows]
    growth = ratios[-1] / ratios[0]
    check(f"kg / spaCy at {rows[-1][1]['chars']:,} over at {rows[0][1]['chars']:,} (<= {GROWTH_TARGET}):",
          growth, growth <= GROWTH_TARGET)
    spacy_growth = (rows[-1][0]["seconds"] / rows[-1][0]["chars"]) / (rows[0][0]["seconds"] / rows[0][0]["chars"])
    print(f"{'(spaCy time per character, largest over smallest:':<58}{spacy_growth:7.2f})")
    extra = rows[-1][1]["memory_mb"] - rows[-1][0]["memory_mb"]
    check(f"kg memory above spaCy's at {rows[-1][1]['chars']:,} characters, MB (<= {MEMORY_TARGET_MB}):",
          extra, extra <= MEMORY_TARGET_MB)
    return 0


if __name__ == "__main__":
    sys.exit(main())
