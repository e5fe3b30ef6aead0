"""The named queries at one million triples: Oxigraph against rdflib's in-memory store, same run.

    python bench/queries.py [--source STORE] [--triples N] [--runs N] [--rdflib-runs N] [--cap S]
                            [--actor NAME ...]

The WCEP graph (the example corpus: seed article and WCEP stories) is built once into
`out/bench/wcep-store-format<N>` unless `--source` names a built store. Its document graphs are
copied as a year of news would hold them (fresh document ids, graphs, statements and unnamed
groups; the same actors and places, so that they recur) until the store holds N quads, written as
one N-Quads file and loaded into (a) an on-disk Oxigraph store, whose edge summary is then summed
up, and (b) rdflib's in-memory `Dataset(default_union=True)`, the baseline, given the same edges.
Prints both load rates, then for every named query the first page (as `kg query` asks for it:
100 rows of a per-actor query, every row of the others) and its median time on both engines,
their ratio and PASS/FAIL against the target: Oxigraph under 100 ms and at least 10x faster.
Parameterised queries run once per actor: a busy one (named in more statements than 99% of the
actors) and the busiest, whose answers are the largest; evidence pairs each with the actor it
shares most statements with. `--actor` names others instead.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent

def _cache() -> Path:
    """The built WCEP store, one per graph format: a store of an older format lacks terms the
    named queries use."""
    from kg.vocab import GRAPH_FORMAT

    return ROOT / "out" / "bench" / f"wcep-store-format{GRAPH_FORMAT}"


TARGET_MS, TARGET_RATIO = 100.0, 10.0
DCTERMS_ID = ox.NamedNode("http://purl.org/dc/terms/identifier")

# Actors by the number of statements naming them, and the actor sharing most statements with one.
_ACTORS = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st rdf:subject|rdf:object ?a . { SELECT DISTINCT ?a ?name WHERE { ?a rdfs:label ?name } }
} GROUP BY ?name ORDER BY DESC(?n) ?name"""
_PARTNER = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?other (COUNT(DISTINCT ?st) AS ?n) WHERE {
  { SELECT DISTINCT ?a ?name WHERE { ?a rdfs:label ?name } }
  { ?st rdf:subject ?a ; rdf:object ?b } UNION { ?st rdf:object ?a ; rdf:subject ?b }
  { SELECT DISTINCT ?b ?other WHERE { ?b rdfs:label ?other } }
  FILTER(?other != ?name)
} GROUP BY ?name ?other ORDER BY DESC(?n) ?other LIMIT 1"""


@dataclass
class Timing:
    """One query on one engine: rows, median milliseconds, runs timed; `capped` if over the cap."""

    rows: int | None
    ms: float
    runs: int
    capped: bool = False
    total: int | None = None  # rows in all, of which the first page was timed


class Cap(Exception):
    """A baseline query ran past its time cap."""


def source_store(path: Path | None) -> Path:
    """The built WCEP store: `path`, or the cache (built here on first use, about a minute)."""
    if path is not None:
        print(f"source store:         {path}")
        return path
    cache = _cache()
    shown = cache.relative_to(ROOT)
    if (cache / "CURRENT").exists():
        print(f"source store:         {shown} (cached; delete it to rebuild)")
        return cache
    from kg.api import KnowledgeGraph
    from kg.config import Settings
    from kg.graph import Store

    print(f"source store:         building examples/ into {shown} (once, about a minute)",
          flush=True)
    with KnowledgeGraph(Store.open(cache), Settings(store=cache)) as graph:
        report = graph.build([ROOT / "examples"])
    if report.errors:
        raise SystemExit(f"{cache}: the example corpus built with {len(report.errors)} error(s)")
    return cache


def parameters(store: ox.Store, actors: list[str] | None) -> list[tuple[str, str, dict]]:
    """(query, label, parameters) for each run of a parameterised named query: per actor given,
    else for a busy actor (more statements than 99% of actors) and the busiest."""
    from kg.sparql import named_queries

    if not actors:
        ranked = [r["name"].value for r in store.query(_ACTORS, use_default_graph_as_union=True)]
        actors = [ranked[len(ranked) // 100], ranked[0]]
    runs = []
    for actor in actors:
        partner = next(iter(store.query(_PARTNER, use_default_graph_as_union=True,
                                        substitutions={ox.Variable("name"): ox.Literal(actor)})),
                       None)
        by_kind = {frozenset({"name"}): {"name": actor},
                   frozenset({"subject", "object"}): {
                       "subject": actor, "object": partner["other"].value if partner else actor}}
        for name, q in named_queries().items():
            if q.params:
                if frozenset(q.params) not in by_kind:
                    raise SystemExit(f"{name}: no benchmark value for its parameters "
                                     f"{', '.join(q.params)}")
                runs.append((name, actor, by_kind[frozenset(q.params)]))
    return runs


def replicate(quads: list[ox.Quad], base: str, copies: int):
    """`quads` and `copies - 1` copies of them as a year of news would hold them: each copy's
    documents, their graphs, statements and unnamed groups ("civilians in <document>") get fresh
    IRIs and fresh document ids, while actors and places keep theirs, so that they recur.

    >>> g = ox.NamedNode("http://x/graph/doc/d1")
    >>> q = [ox.Quad(ox.NamedNode("http://x/statement/1"), ox.NamedNode("http://v#s"),
    ...              ox.NamedNode("http://x/actor/hamas"), g),
    ...      ox.Quad(ox.NamedNode("http://x/doc/d1"), DCTERMS_ID, ox.Literal("d1"), g)]
    >>> [(c.subject.value, c.object.value) for c in replicate(q, "http://x/", 2)][2:]
    [('http://x/statement/1--copy1', 'http://x/actor/hamas'), ('http://x/doc/d1--copy1', 'd1--copy1')]
    """
    fresh_under = tuple(base + p for p in ("doc/", "graph/doc/", "statement/"))
    yield from quads
    for k in range(1, copies):
        suffix = f"--copy{k}"

        def fresh(t, suffix=suffix):
            if isinstance(t, ox.NamedNode) and (t.value.startswith(fresh_under) or
                                                (t.value.startswith(base) and "/in/" in t.value)):
                return ox.NamedNode(t.value + suffix)
            return t

        for q in quads:
            obj = ox.Literal(q.object.value + suffix) if q.predicate == DCTERMS_ID else fresh(q.object)
            yield ox.Quad(fresh(q.subject), q.predicate, obj, fresh(q.graph_name))


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def time_oxigraph(store, name: str, params: dict[str, str], runs: int) -> Timing:
    """The first page through `kg.sparql.run_query`, as the CLI and API run it: one warm-up,
    then `runs` timed. Its rows are those the query text gives, as rdflib runs it: the page of
    a query that cuts its own pages, else every row (cut afterwards)."""
    from kg.sparql import named_queries, run_query

    first = run_query(store, name, params)
    rows = len(first.rows) if named_queries()[name].cuts_pages else first.total
    timing = Timing(rows, median_ms(lambda: run_query(store, name, params), runs), runs)
    timing.total = first.total
    return timing


def time_rdflib(ds, query, params: dict[str, str], runs: int, cap: float) -> Timing:
    """The query prepared once and run with initBindings (the values `kg.sparql` binds, a name's
    key included); the first run past `cap` s stops it."""
    from rdflib import Literal, URIRef
    from rdflib.plugins.sparql import prepareQuery

    from kg.sparql import bind_parameters

    prepared = prepareQuery(query.text)
    bindings = {k: URIRef(v.value) if isinstance(v, ox.NamedNode) else Literal(v.value)
                for k, v in bind_parameters(query, params).items()}

    def on_alarm(*_):
        raise Cap()

    old = signal.signal(signal.SIGALRM, on_alarm)
    times, rows = [], None
    try:
        for _ in range(runs):
            signal.setitimer(signal.ITIMER_REAL, cap)
            t0 = time.perf_counter()
            try:
                rows = sum(1 for _ in ds.query(prepared, initBindings=bindings))
            except Cap:
                return Timing(None, cap * 1000, len(times) + 1, capped=True)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        signal.signal(signal.SIGALRM, old)
    return Timing(rows, statistics.median(times), runs)


def verdict(ox_t: Timing, rdf_t: Timing) -> tuple[str, str]:
    """(ratio text, PASS/FAIL): a capped baseline gives a lower bound on the ratio.

    >>> verdict(Timing(3, 20.0, 7), Timing(None, 30000.0, 1, capped=True))
    ('>1500x', 'PASS')
    >>> verdict(Timing(3, 120.0, 7), Timing(3, 30000.0, 3))
    ('250x', 'FAIL')
    """
    ratio = rdf_t.ms / max(ox_t.ms, 1e-6)
    text = f"{'>' if rdf_t.capped else ''}{ratio:.0f}x"
    same_rows = rdf_t.capped or rdf_t.rows == ox_t.rows
    ok = same_rows and ox_t.ms < TARGET_MS and ratio >= TARGET_RATIO
    return text, ("PASS" if ok else "FAIL") + ("" if same_rows else " (rows differ)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=None, help="a built store (default: cache)")
    ap.add_argument("--triples", type=int, default=1_000_000, help="at least this many quads")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per query on Oxigraph")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="timed runs per query on rdflib")
    ap.add_argument("--cap", type=float, default=30.0, help="seconds per rdflib query run")
    ap.add_argument("--actor", nargs="+", metavar="NAME",
                    help="the actors for the parameterised queries (default: a busy one and the "
                         "busiest)")
    args = ap.parse_args(argv)
    from kg.vocab import AKGR_BASE
    from kg.sparql import named_queries
    from kg.graph import Minter, Store, summary

    wall = time.perf_counter()
    print(f"machine:              {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at start")
    src = ox.Store.read_only(str(source_store(args.source)))
    runs = parameters(src, args.actor)
    doc_graphs = AKGR_BASE + "graph/doc/"
    docs = [q for q in src if q.graph_name.value.startswith(doc_graphs)]
    # the ontology once (vocabulary, not data to replicate); run records and the edge summary
    # are not copied: the summary is summed up again over the copies, as kg import does
    rest = [q for q in src if q.graph_name.value == AKGR_BASE + "graph/ontology"]
    n_graphs = len({q.graph_name for q in docs})
    copies = max(1, -(-(args.triples - len(rest)) // len(docs)))
    del src

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        nq = Path(tmp) / "graph.nq"
        t0 = time.perf_counter()
        ox.serialize(replicate(docs, AKGR_BASE, copies), str(nq), format=ox.RdfFormat.N_QUADS)
        with nq.open("ab") as f:
            ox.serialize(rest, f, format=ox.RdfFormat.N_QUADS)
        n = len(docs) * copies + len(rest)
        print(f"quads:                {n:,} ({copies} copies of {n_graphs:,} document graphs, the "
              f"ontology once; N-Quads written in {time.perf_counter() - t0:.1f} s)")
        del docs, rest

        t0 = time.perf_counter()
        oxs = ox.Store(str(Path(tmp) / "oxigraph"))
        oxs.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        t_ox = time.perf_counter() - t0
        if len(oxs) != n:
            raise SystemExit(f"{nq}: Oxigraph holds {len(oxs):,} quads, expected {n:,}")
        print(f"oxigraph bulk_load:   {t_ox:7.1f} s  {n / t_ox:10,.0f} triples/s  (on disk)",
              flush=True)
        store = Store(oxs, Path(tmp) / "oxigraph")
        t0 = time.perf_counter()
        edges = summary.rebuild(store, Minter(AKGR_BASE))
        t_sum = time.perf_counter() - t0
        with nq.open("ab") as f:  # the summary for rdflib too
            ox.serialize([q for q in oxs if "/graph/edge" in q.graph_name.value], f,
                         format=ox.RdfFormat.N_QUADS)
        print(f"edge summary:         {t_sum:7.1f} s  {edges:,} edges summed up from the statements "
              f"(once; builds keep it current); {len(oxs):,} quads in all", flush=True)

        from rdflib import Dataset

        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(str(nq), format="nquads")
        t_rdf = time.perf_counter() - t0
        print(f"rdflib Dataset.parse: {t_rdf:7.1f} s  {n / t_rdf:10,.0f} triples/s  (in memory, "
              f"default_union=True)")
        print(f"load ratio:           {t_rdf / t_ox:7.1f}x  (rdflib time / Oxigraph time)")
        for name, _, p in runs:
            print(f"parameters:           {name} " + " ".join(f'{k}="{v}"' for k, v in p.items()))

        print(f"\nmedian of {args.runs} runs on Oxigraph after one warm-up, of up to "
              f"{args.rdflib_runs} on rdflib (it is slow: each run capped at {args.cap:.0f} s, "
              f"a capped query is not run again);\ntarget: under {TARGET_MS:.0f} ms and at least "
              f"{TARGET_RATIO:.0f}x faster than rdflib; rows: Oxigraph's (/rdflib's if they "
              f"differ)")
        print(f"{'query (first page)':<32} {'rows':>6} {'of':>6} {'oxigraph ms':>12} {'rdflib ms':>11} "
              f"{'ratio':>8}  target")
        queries = named_queries()
        todo = [(name, "", {}) for name, q in queries.items() if not q.params] + runs
        passed = 0
        for name, actor, p in todo:
            ox_t = time_oxigraph(store, name, p, args.runs)
            rdf_t = time_rdflib(ds, queries[name], p, args.rdflib_runs, args.cap)
            ratio, result = verdict(ox_t, rdf_t)
            passed += result == "PASS"
            rdf_ms = f"> {rdf_t.ms:,.0f}" if rdf_t.capped else f"{rdf_t.ms:,.0f}"
            rows = f"{ox_t.rows}" if rdf_t.capped or rdf_t.rows == ox_t.rows \
                else f"{ox_t.rows}/{rdf_t.rows}"
            label = f"{name} ({actor})" if actor else name
            print(f"{label[:32]:<32} {rows:>6} {ox_t.total:>6} {ox_t.ms:>12.1f} {rdf_ms:>11} "
                  f"{ratio:>8}  {result}", flush=True)
        store = oxs = ds = None  # release the store before its directory goes

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{passed} of {len(todo)} query runs meet the target; whole run "
          f"{time.perf_counter() - wall:.0f} s, peak memory {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
