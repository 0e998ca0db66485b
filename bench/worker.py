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
import statistics
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

    from bench.region import SOURCES
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

    if args.raw_counts and _rollup_option(False):  # a variant: counts from the events table, not the rollup
        import functools

        from warehouse import queries

        queries.event_counts = functools.partial(queries.event_counts, use_rollup=False)
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
    """Dashboard queries on a warm store: one indicator's counts by ward and month over its five trend
    windows (what metrics.compute asks), and the months a source holds (the period list)."""
    from metrics import catalogue
    from metrics.engine import _windows
    from metrics.periods import parse_period
    from warehouse import queries
    from warehouse.store import connect

    base = rss_mb()
    store = connect(args.url, create=False)
    rollups = rollup_tables(store)
    ind = catalogue.get("hub_food_parcels")
    months = queries.months_available(store, ind.source)
    windows = _windows(parse_period(None, latest=months[-1]))
    start, end = str(windows[0].start.date()), str(windows[-1].end.date())

    def timed(fn, runs: int) -> list[float]:
        out = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
        return out

    timed(lambda: queries.event_counts(store, ind.numerator, by=["ward_code"], start=start, end=end), 1)  # warm
    counts = timed(lambda: queries.event_counts(store, ind.numerator, by=["ward_code"], start=start, end=end),
                   args.runs)
    months_runs = timed(lambda: queries._months_available(store, ind.source), args.runs)  # a memo miss
    raw = None
    if _rollup_option(False):
        raw = timed(lambda: queries.event_counts(store, ind.numerator, by=["ward_code"], start=start, end=end,
                                                 use_rollup=False), args.runs)
    store.close()
    return {"seconds": statistics.median(counts), "runs": counts, "months_median_s": statistics.median(months_runs),
            "months_runs": months_runs, "raw_events_median_s": statistics.median(raw) if raw else None,
            "baseline_rss_mb": base, "rollup_tables": rollups}


CASES = {"agg-project": _agg_project, "agg-rollup": _agg_rollup, "agg-naive": _agg_naive, "compute-project": _compute_project,
         "compute-naive": _compute_naive, "query-project": _query_project}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES) + ["apptest", "browser", "payload"])
    parser.add_argument("--url")
    parser.add_argument("--csv")
    parser.add_argument("--population")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--raw-counts", action="store_true",
                        help="compute-project only: event_counts on the events table (bypass the rollup)")
    parser.add_argument("--memory-limit", help="agg-project only: SET memory_limit first (e.g. 150MB)")
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
