"""One measurement in its own process, so that its peak RSS is its own: `python -m bench.worker CASE ...`.

Prints one JSON object on the last line of stdout: `seconds` (the timed part only; imports and process
start are not timed), `peak_rss_mb` (VmHWM of this process: the whole process, interpreter and libraries
included), `baseline_rss_mb` (RSS after the imports, before the timed part) and whatever
the case adds (result checks, sub-timings).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

FIVE = ["hub_food_parcels", "hub_personal_shopping_65", "ca_debt", "ca_housing", "police_crime"]
ROLLUP_TABLES = ("events_daily", "events_monthly")


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb() -> float:
    return _status_mb("VmRSS") or float("nan")


def peak_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage's ru_maxrss: on Linux ru_maxrss survives execve, so a
    worker forked from a large runner would report the runner's peak."""
    hwm = _status_mb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rollup_option(use: bool) -> dict:
    """event_counts' switch between the rollup and the raw events table, when the project has one."""
    import inspect

    from warehouse.queries import event_counts

    return {"use_rollup": use} if "use_rollup" in inspect.signature(event_counts).parameters else {}


def rollup_tables(store) -> dict[str, int]:
    names = set(store.fetch("SELECT table_name FROM information_schema.tables")["table_name"])
    return {t: int(store.fetch(f'SELECT COUNT(*) AS n FROM "{t}"')["n"].iloc[0]) for t in ROLLUP_TABLES
            if t in names}


def _agg(args, *, rollup: bool) -> dict:
    import pandas as pd

    from bench.lancashire import SOURCES
    from warehouse.queries import EventFilter, event_counts
    from warehouse.store import connect

    option = _rollup_option(rollup)
    base = rss_mb()
    started = time.perf_counter()
    store = connect(args.url, create=False)
    if args.memory_limit:  # a variant: what bounding DuckDB's memory would do (the project sets no limit)
        store.con.con.execute(f"SET memory_limit = '{args.memory_limit}'")
    opened_s = time.perf_counter() - started
    parts = [event_counts(store, EventFilter(s), by=["ward_code", "category"], monthly=True, **option)
             for s in SOURCES]
    frame = pd.concat(parts, ignore_index=True)
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "open_seconds": opened_s, "baseline_rss_mb": base, "groups": len(frame),
            "total": int(frame["count"].sum()),
            "table": "events_monthly" if option.get("use_rollup") else "events"}


def _agg_project(args) -> dict:
    """The raw aggregation: event_counts on the events table itself."""
    return _agg(args, rollup=False)


def _agg_rollup(args) -> dict:
    """The same aggregation as the dashboard runs it (event_counts' default: through the rollup, if any)."""
    return _agg(args, rollup=True)


def _agg_naive(args) -> dict:
    from bench import naive

    base = rss_mb()
    started = time.perf_counter()
    frame = naive.read_events(Path(args.events))
    read_s = time.perf_counter() - started
    out = naive.aggregate(frame)
    seconds = time.perf_counter() - started
    again = time.perf_counter()
    naive.aggregate(frame)  # the next interaction: the frame is already in memory
    groupby_again = time.perf_counter() - again
    return {"seconds": seconds, "read_seconds": read_s, "groupby_seconds": seconds - read_s,
            "groupby_in_memory_seconds": groupby_again, "baseline_rss_mb": base, "groups": len(out),
            "total": int(out.sum())}


def _values_project(args) -> dict:
    """What the pages ask for five indicators: their ready values (viewer role) for every ward and every
    quarter held (the trend's windows included), from indicator_values, materialised at ingest."""
    from warehouse import values
    from warehouse.store import connect

    base = rss_mb()
    started = time.perf_counter()
    store = connect(args.url, create=False)
    frame = values.read(store, FIVE, role="viewer", period_types=["quarter"], area_types=["ward"])
    seconds = time.perf_counter() - started
    again = time.perf_counter()
    values.read(store, FIVE, role="viewer", period_types=["quarter"], area_types=["ward"])  # the next interaction
    store.close()
    return {"seconds": seconds, "again_seconds": time.perf_counter() - again, "baseline_rss_mb": base,
            "rows": len(frame), "periods": sorted(frame["period"].unique().tolist())}


def _compute_naive(args) -> dict:
    from bench import naive

    base = rss_mb()
    started = time.perf_counter()
    frames = naive.compute_all(Path(args.events), Path(args.population), FIVE)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "baseline_rss_mb": base, "rows": sum(len(f) for f in frames.values())}


def _ingest_month(args) -> dict:
    """One month's community hub extract through warehouse.ingest (the source's indicator values refreshed in
    the same transaction), on a private copy of the store."""
    import shutil
    import tempfile

    from warehouse.ingest import ingest
    from warehouse.store import connect

    src = args.url.removeprefix("duckdb:///")
    work = tempfile.mkdtemp(prefix="bench-ingest-")
    try:
        copy = os.path.join(work, "store.duckdb")
        shutil.copy(src, copy)
        base = rss_mb()
        store = connect(f"duckdb:///{copy}", create=False)
        started = time.perf_counter()
        result = ingest(store, "community_hub", Path(args.file))
        seconds = time.perf_counter() - started
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"seconds": seconds, "baseline_rss_mb": base, "rows_loaded": int(getattr(result, "rows_loaded", 0) or 0)}


CASES = {"agg-project": _agg_project, "agg-rollup": _agg_rollup, "agg-naive": _agg_naive,
         "values-project": _values_project, "compute-naive": _compute_naive, "ingest-month": _ingest_month}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES) + ["visits", "pack"])
    parser.add_argument("--url")
    parser.add_argument("--events", help="the events as one parquet file (the naive path reads it)")
    parser.add_argument("--file", help="ingest-month: the month's extract")
    parser.add_argument("--population")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--memory-limit", help="agg-project only: SET memory_limit first (e.g. 150MB)")
    args = parser.parse_args(argv)
    if args.case == "visits":
        from bench.pages import visits_case as case
    elif args.case == "pack":
        from bench.pages import pack_case as case
    else:
        case = CASES[args.case]
    out = case(args)
    out["peak_rss_mb"] = peak_mb()
    out["pid"] = os.getpid()
    sys.stdout.write("\n" + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
