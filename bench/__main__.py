"""The benchmark runner: `make bench` or `python -m bench [--sizes 1e6,1e7] [--runs 5]`.

Not part of `make test`. Writes N synthetic events across a region of many boroughs (bench.region), then in
one run measures the project's path and a naive pandas implementation (bench.naive), each measurement in
its own process (bench.worker) so that peak RSS belongs to that case alone; prints a table and writes
bench/results.json. See bench/README.md for what each case measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import region
from bench.worker import FIVE
from settings import ROOT

RESULTS = ROOT / "bench" / "results.json"
MEMORY_LIMIT = "150MB"  # the variant run at LIMITED_FROM events and above: what bounding DuckDB would do
LIMITED_FROM = 100_000_000
SLOW_NAIVE_S = 60.0  # a naive run slower than this is repeated 3 times, not `--runs`
TARGETS = {
    "speedup_10m": 5.0, "memory_ratio_10m": 5.0, "agg_100m_s": 6.0, "agg_100m_mb": 500.0,
    "query_ms": 100.0, "cached_rerun_ms": 150.0, "start_render_s": 2.0, "map_kb": 100.0,
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu_model"] = next((line.split(":", 1)[1].strip() for line in cpu.splitlines()
                                  if line.startswith("model name")), platform.processor() or "unknown")
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()
        info["memory_gib"] = round(int(mem[1]) / 1024**2, 1)
    except OSError:
        pass
    try:
        import duckdb
        import ibis
        import pandas
        import streamlit

        info["versions"] = {"duckdb": duckdb.__version__, "ibis": ibis.__version__, "pandas": pandas.__version__,
                            "streamlit": streamlit.__version__}
    except ImportError:
        pass
    return info


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def run_worker(case: str, *, env_url: str | None = None, timeout: float = 3600, **options) -> dict:
    """One measurement in a fresh process; its JSON answer (last stdout line) plus the load around it."""
    cmd = [sys.executable, "-m", "bench.worker", case]
    for key, value in options.items():
        if value == "":  # a flag
            cmd.append(f"--{key}")
        elif value is not None:
            cmd += [f"--{key}", str(value)]
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore")
    env.pop("DASHBOARD_LOCAL_ROLE", None)
    env.pop("DASHBOARD_CONFIG", None)
    if env_url:
        env["DASHBOARD_DB_URL"] = env_url
    load = loadavg()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"bench.worker {case} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["load_before"] = load[:1]
    return out


def repeat(case: str, runs: int, **kw) -> list[dict]:
    return [run_worker(case, **kw) for _ in range(runs)]


def summary(results: list[dict], note: str | None = None) -> dict:
    secs = [r["seconds"] for r in results]
    peaks = [r["peak_rss_mb"] for r in results]
    out = {"median_s": statistics.median(secs), "runs_s": secs, "peak_mb": statistics.median(peaks),
           "peak_mb_max": max(peaks), "baseline_mb": statistics.median(r["baseline_rss_mb"] for r in results),
           "n_runs": len(secs)}
    extra = {k: v for k, v in results[0].items() if k not in ("seconds", "peak_rss_mb", "baseline_rss_mb", "pid",
                                                             "check", "load_before")}
    for key, value in extra.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and key.endswith("seconds"):
            out[key.replace("seconds", "median_s")] = statistics.median(r[key] for r in results)
        else:
            out[key] = value
    if note:
        out["note"] = note
    return out


def paired(project_case: str, naive_case: str | None, runs: int, *, project_kw: dict,
           naive_kw: dict | None) -> tuple[list[dict], list[dict], str | None]:
    """Alternate project and naive runs (so drifting load hits both alike); slow naive runs: 3 in all."""
    project, naive, note = [], [], None
    naive_runs = runs
    for i in range(runs):
        project.append(run_worker(project_case, **project_kw))
        if naive_case and i < naive_runs:
            naive.append(run_worker(naive_case, **(naive_kw or {})))
            if i == 0 and naive[0]["seconds"] > SLOW_NAIVE_S and runs > 3:
                naive_runs = 3
                note = f"naive: 3 runs, not {runs} (each over {SLOW_NAIVE_S:.0f} s)"
    return project, naive, note


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check_compute(project: dict, naive: dict) -> dict:
    """The naive path computes the same numbers as metrics.compute: counts equal, rates equal to 1e-9."""
    problems = []
    for ind in FIVE:
        p, n = project.get(ind, {}), naive.get(ind, {})
        for ward in sorted(set(p) | set(n)):
            a, b = p.get(ward), n.get(ward)
            if a is None or b is None or a[0] != b[0] or not (a[1] is None and b[1] is None or
                                                              a[1] is not None and b[1] is not None and
                                                              _close(a[1], b[1])):
                problems.append(f"{ind} {ward}: project {a} naive {b}")
    return {"same_numbers": not problems, "problems": problems[:10],
            "compared": sum(len(project.get(i, {})) for i in FIVE)}


def ratio(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else b / a


def bench_size(ds: region.Dataset, args) -> dict:
    out: dict = {"rows": ds.n_rows, "store_bytes": ds.store_bytes, "csv_bytes": ds.csv_bytes,
                 "rollup_build_s": ds.rollup_build_s}
    csv = str(ds.csv) if ds.csv else None
    rollups = ds.rollup_build_s is not None
    log(f"[{ds.label}] aggregation ward x month x category on the events table: project and naive, "
        f"{args.runs} runs each ...")
    p, n, note = paired("agg-project", "agg-naive" if csv else None, args.runs,
                        project_kw={"url": ds.store_url}, naive_kw={"csv": csv})
    agg = out["aggregation"] = {"project": summary(p), "naive": summary(n, note) if n else None}
    if n:
        agg["check"] = {"same_groups": p[0]["groups"] == n[0]["groups"], "same_total": p[0]["total"] == n[0]["total"],
                        "groups": p[0]["groups"], "total": p[0]["total"]}
    if rollups:
        log(f"[{ds.label}] aggregation through the rollup (event_counts' default) ...")
        agg["project_rollup"] = summary(repeat("agg-rollup", args.runs, url=ds.store_url))
    if ds.n_rows >= LIMITED_FROM:
        log(f"[{ds.label}] aggregation, variant with DuckDB memory_limit={MEMORY_LIMIT} ...")
        agg["project_memory_limit"] = summary(
            repeat("agg-project", args.runs, url=ds.store_url, **{"memory-limit": MEMORY_LIMIT}))
    log(f"[{ds.label}] metrics.compute of five indicators: project and naive ...")
    p, n, note = paired("compute-project", "compute-naive" if csv else None, args.runs,
                        project_kw={"url": ds.store_url, "env_url": ds.store_url},
                        naive_kw={"csv": csv, "population": str(ds.population_csv)})
    out["compute"] = {"project": summary(p), "naive": summary(n, note) if n else None}
    if n:
        out["compute"]["check"] = check_compute(p[0]["check"], n[0]["check"])
    if rollups:
        log(f"[{ds.label}] metrics.compute with counts from the events table (rollup bypassed) ...")
        raw = repeat("compute-project", args.runs, url=ds.store_url, env_url=ds.store_url, **{"raw-counts": ""})
        out["compute"]["project_raw_counts"] = summary(raw)
    log(f"[{ds.label}] dashboard queries on a warm store ...")
    out["query"] = run_worker("query-project", url=ds.store_url, runs=max(args.runs, 9))
    return out


def naive_memory_estimate(sizes: dict, n_rows: int) -> float | None:
    """Scale the largest measured naive peak linearly to n_rows (pandas holds every row in memory)."""
    measured = [(s["rows"], max(s[k]["naive"]["peak_mb"] for k in ("aggregation", "compute")))
                for s in sizes.values() if s["aggregation"].get("naive") and s["compute"].get("naive")]
    if not measured:
        return None
    rows, peak = max(measured)
    return peak * n_rows / rows


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e6,1e7",
                        help="events per data set, comma-separated (1e8 is opt-in: ~1.3 GB of store, ~10 min)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median; at least 5)")
    parser.add_argument("--rerun-runs", type=int, default=12, help="AppTest cache-hit reruns (p50)")
    parser.add_argument("--browser-runs", type=int, default=5, help="fresh servers started for start-to-render")
    parser.add_argument("--naive-max", type=float, default=1e7,
                        help="largest size the naive path runs at (above it: estimated, not run)")
    parser.add_argument("--skip", default="", help="comma-separated: apptest,browser,payload")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--data", type=Path, default=region.DATA, help="where generated data are kept")
    args = parser.parse_args(argv)
    sizes = sorted({int(float(s)) for s in args.sizes.split(",") if s.strip()})
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.runs < 5:
        log(f"note: --runs {args.runs} is below the 5 the targets are judged on")

    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine(),
                     "load_at_start": loadavg(), "settings": {"sizes": sizes, "runs": args.runs,
                                                              "rerun_runs": args.rerun_runs,
                                                              "browser_runs": args.browser_runs,
                                                              "naive_max": int(args.naive_max),
                                                              "boroughs": region.BOROUGHS,
                                                              "wards_per_borough": region.WARDS_PER_BOROUGH,
                                                              "indicators": FIVE, "seed": region.SEED},
                     "targets": TARGETS, "sizes": {}}
    log("preparing data (not timed) ...")
    sample_url = region.sample_store(args.data, log=log)
    for n in sizes:
        ds = region.dataset(n, sample_url, with_csv=n <= args.naive_max, root=args.data, log=log)
        results["sizes"][ds.label] = bench_size(ds, args)
    if "apptest" not in skip:
        log("page reruns in AppTest (sample store) ...")
        results["apptest"] = run_worker("apptest", url=sample_url, env_url=sample_url, runs=args.rerun_runs)
    if "browser" not in skip:
        log(f"start to first render in Chromium, {args.browser_runs} fresh servers (sample store) ...")
        results["browser"] = run_worker("browser", url=sample_url, env_url=sample_url, runs=args.browser_runs)
    if "payload" not in skip:
        log("map payload ...")
        results["payload"] = run_worker("payload", url=sample_url, env_url=sample_url)
    results["load_at_end"] = loadavg()
    results["bench_seconds"] = round(time.perf_counter() - started)

    from bench.report import rows_and_notes, table

    rows, notes = rows_and_notes(results, naive_memory_estimate)
    results["table"] = rows
    results["notes"] = notes
    text = table(rows, notes, results)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nresults: {args.out}")
    return results


if __name__ == "__main__":
    main()
