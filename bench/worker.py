"""One measurement in its own process, so that its peak RSS is its own: `python -m bench.worker CASE ...`.

Prints one JSON object on the last line of stdout: `seconds` (the timed part only; imports and process
start are not timed), `peak_rss_mb` (getrusage ru_maxrss of this process: the whole process, interpreter
and libraries included), `baseline_rss_mb` (RSS after the imports, before the timed part) and whatever
the case adds (result checks, sub-timings).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

FIVE = ["hub_food_parcels", "hub_personal_shopping_65", "ca_debt", "ca_housing", "police_crime"]
ROLLUP_TABLES = ("events_daily", "events_monthly")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _agg_project(args) -> dict:
    import pandas as pd

    from bench.region import SOURCES
    from warehouse.queries import EventFilter, event_counts
    from warehouse.store import connect

    base = rss_mb()
    started = time.perf_counter()
    store = connect(args.url, create=False)
    opened_s = time.perf_counter() - started
    parts = [event_counts(store, EventFilter(s), by=["ward_code", "category"], monthly=True) for s in SOURCES]
    frame = pd.concat(parts, ignore_index=True)
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "open_seconds": opened_s, "baseline_rss_mb": base, "groups": len(frame),
            "total": int(frame["count"].sum())}


def _agg_naive(args) -> dict:
    from bench import naive

    base = rss_mb()
    started = time.perf_counter()
    frame = naive.read_events(Path(args.csv))
    read_s = time.perf_counter() - started
    out = naive.aggregate(frame)
    seconds = time.perf_counter() - started
    again = time.perf_counter()
    naive.aggregate(frame)  # the next interaction: the frame is already in memory
    groupby_again = time.perf_counter() - again
    return {"seconds": seconds, "read_seconds": read_s, "groupby_seconds": seconds - read_s,
            "groupby_in_memory_seconds": groupby_again, "baseline_rss_mb": base, "groups": len(out),
            "total": int(out.sum())}


def _summary(frames: dict) -> dict:
    """Counts and values per ward of each indicator's current window, for the cross-check."""
    return {i: {str(k): [int(c), None if v != v else round(float(v), 9)] for k, c, v in rows}
            for i, rows in frames.items()}


def _compute_project(args) -> dict:
    from metrics.engine import compute
    from warehouse.store import connect

    base = rss_mb()
    started = time.perf_counter()
    store = connect(args.url, create=False)
    frames = {i: compute(i, role="analyst", store=store) for i in FIVE}
    seconds = time.perf_counter() - started
    store.close()
    rows = {i: [(r.area_code, r.count, r.value) for r in f.itertuples() if r.area_type == "ward"]
            for i, f in frames.items()}
    return {"seconds": seconds, "baseline_rss_mb": base, "check": _summary(rows),
            "periods": {i: str(f["period_label"].iloc[0]) for i, f in frames.items()}}


def _compute_naive(args) -> dict:
    from bench import naive

    base = rss_mb()
    started = time.perf_counter()
    frames = naive.compute_all(Path(args.csv), Path(args.population), FIVE)
    seconds = time.perf_counter() - started
    rows = {i: list(zip(f["ward_code"], f["count"], f["value"], strict=True)) for i, f in frames.items()}
    rows = {i: [r for r in rs if r[0] != "borough"] for i, rs in rows.items()}
    return {"seconds": seconds, "baseline_rss_mb": base, "check": _summary(rows)}


def _query_project(args) -> dict:
    """A dashboard query (one indicator's counts by ward and month over the trend windows), warm store."""
    from metrics import catalogue
    from metrics.engine import _windows
    from metrics.periods import parse_period
    from warehouse import queries
    from warehouse.store import connect

    base = rss_mb()
    store = connect(args.url, create=False)
    tables = set(store.fetch("SELECT table_name FROM information_schema.tables")["table_name"])
    rollups = [t for t in ROLLUP_TABLES if t in tables]
    rollup_rows = {t: int(store.fetch(f'SELECT COUNT(*) AS n FROM "{t}"')["n"].iloc[0]) for t in rollups}
    ind = catalogue.get("hub_food_parcels")
    months = queries.months_available(store, ind.source)
    windows = _windows(parse_period(None, latest=months[-1]))
    start, end = str(windows[0].start.date()), str(windows[-1].end.date())
    times = []
    for _ in range(args.runs + 1):
        t0 = time.perf_counter()
        queries.event_counts(store, ind.numerator, by=["ward_code"], start=start, end=end)
        times.append(time.perf_counter() - t0)
    store.close()
    timed = times[1:]  # the first run warms the connection
    return {"seconds": statistics.median(timed), "runs": timed, "first_seconds": times[0],
            "baseline_rss_mb": base, "rollup_tables": rollup_rows}


CASES = {"agg-project": _agg_project, "agg-naive": _agg_naive, "compute-project": _compute_project,
         "compute-naive": _compute_naive, "query-project": _query_project}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES) + ["apptest", "browser", "payload"])
    parser.add_argument("--url")
    parser.add_argument("--csv")
    parser.add_argument("--population")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    if args.case == "apptest":
        from bench.pages import apptest_case as case
    elif args.case == "browser":
        from bench.pages import browser_case as case
    elif args.case == "payload":
        from bench.pages import payload_case as case
    else:
        case = CASES[args.case]
    out = case(args)
    out["peak_rss_mb"] = peak_mb()
    out["pid"] = os.getpid()
    sys.stdout.write("\n" + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
