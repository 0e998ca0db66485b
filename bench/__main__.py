"""The benchmark runner: `make bench` or `python -m bench [--sizes 1e5,1e6,1e7] [--runs 5]`.

Not part of `make test`. Builds a Lancashire-shaped store of N events (bench.lancashire: 12 districts, 215
wards), then in one run measures the project's path and a naive pandas implementation (bench.naive), each
measurement in its own process (bench.worker) so that peak RSS belongs to that case alone; prints a table
and writes bench/results.json. See bench/README.md for what each case measures.
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

from bench import lancashire
from bench.report import TARGETS
from bench.worker import FIVE
from settings import ROOT

RESULTS = ROOT / "bench" / "results.json"
MEMORY_LIMIT = "150MB"  # the variant run at LIMITED_FROM events and above: what bounding DuckDB would do
LIMITED_FROM = 100_000_000
SLOW_NAIVE_S = 60.0
PAGES_AT = 10_000_000  # the pages and the pack are measured on the sample store and on the store of this size  # a naive run slower than this is repeated 3 times, not `--runs`


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


def run_worker(case: str, *, env_url: str | None = None, config: str | None = None, timeout: float = 3600,
               **options) -> dict:
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
    if config:
        env["DASHBOARD_CONFIG"] = config
    load = loadavg()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"bench.worker {case} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["load_before"] = load[:1]
    return out


def attempt(case: str, **kw) -> dict:
    """A page case whose failure (a browser timeout) is recorded in the results, not the end of the run."""
    try:
        return run_worker(case, **kw)
    except (RuntimeError, subprocess.TimeoutExpired) as problem:
        log(f"  {case} failed: {str(problem)[-600:]}")
        return {"skipped": f"{case} failed: {str(problem)[-600:]}"}


def save(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")


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


def ratio(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else b / a


def bench_size(ds: lancashire.Dataset, args) -> dict:
    kw = {"env_url": ds.store_url, "config": str(ds.config)}
    out: dict = {"rows": ds.n_rows, "store_bytes": ds.manifest.get("store_bytes"),
                 "build": ds.manifest.get("timings", {})}
    naive_ok = ds.n_rows <= args.naive_max
    log(f"[{ds.label}] aggregation ward x month x category on the events table: project and naive, "
        f"{args.runs} runs each ...")
    p, n, note = paired("agg-project", "agg-naive" if naive_ok else None, args.runs,
                        project_kw={"url": ds.store_url, **kw}, naive_kw={"events": str(ds.events_parquet), **kw})
    agg = out["aggregation"] = {"project": summary(p), "naive": summary(n, note) if n else None}
    if n:
        agg["check"] = {"same_groups": p[0]["groups"] == n[0]["groups"], "same_total": p[0]["total"] == n[0]["total"],
                        "groups": p[0]["groups"], "total": p[0]["total"]}
    log(f"[{ds.label}] aggregation through the rollup (event_counts' default) ...")
    agg["project_rollup"] = summary(repeat("agg-rollup", args.runs, url=ds.store_url, **kw))
    if ds.n_rows >= LIMITED_FROM:
        log(f"[{ds.label}] aggregation, variant with DuckDB memory_limit={MEMORY_LIMIT} ...")
        agg["project_memory_limit"] = summary(
            repeat("agg-project", args.runs, url=ds.store_url, **{"memory-limit": MEMORY_LIMIT}, **kw))
    log(f"[{ds.label}] five indicators for every ward: materialised values read (project) and computed (naive) ...")
    p, n, note = paired("values-project", "compute-naive" if naive_ok else None, args.runs,
                        project_kw={"url": ds.store_url, **kw},
                        naive_kw={"events": str(ds.events_parquet), "population": str(ds.population_csv), **kw})
    out["compute"] = {"project": summary(p), "naive": summary(n, note) if n else None}
    if "ingest" not in args.skip_set:
        log(f"[{ds.label}] one month's community hub extract ingested ({ds.manifest.get('timings', {}).get('month_file_rows')} "
            "rows, indicator values refreshed in the transaction) ...")
        out["ingest_month"] = summary(repeat("ingest-month", max(1, args.ingest_runs), url=ds.store_url,
                                             file=str(ds.month_file), **kw))
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e5,1e6,1e7",
                        help="events per data set, comma-separated (1e8 is opt-in)")
    parser.add_argument("--ingest-runs", type=int, default=3, help="runs of the month's ingest (each on a copy)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median; at least 5)")
    parser.add_argument("--naive-max", type=float, default=1e7,
                        help="largest size the naive path runs at (above it: estimated, not run)")
    parser.add_argument("--skip", default="", help="comma-separated: ingest,browser,pack")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--data", type=Path, default=lancashire.DATA, help="where generated data are kept")
    parser.add_argument("--again", default="", metavar="CASE:STORE",
                        help="measure one page case again (visits:sample, pack:10M ...) into the results in --out, "
                             "when the run's own attempt failed; the rest of the results stay as they were")
    args = parser.parse_args(argv)
    if args.again:
        return again(args)
    sizes = sorted({int(float(s)) for s in args.sizes.split(",") if s.strip()})
    skip = args.skip_set = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.runs < 5:
        log(f"note: --runs {args.runs} is below the 5 the targets are judged on")

    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine(),
                     "load_at_start": loadavg(), "settings": {"sizes": sizes, "runs": args.runs,
                                                              "naive_max": int(args.naive_max),
                                                              "districts": 12, "wards": len(lancashire.wards()),
                                                              "indicators": FIVE, "seed": lancashire.SEED},
                     "targets": TARGETS, "sizes": {}}
    log("preparing data (not timed) ...")
    sample_url = lancashire.sample_store(args.data, log=log)
    for n in sizes:
        ds = lancashire.dataset(n, sample_url, root=args.data, log=log)
        results["sizes"][ds.label] = bench_size(ds, args)
        save(results, args.out)  # what is measured so far survives a later case's failure
    for label, kw in page_stores(results, args).items():
        if "browser" not in skip:
            log(f"pages in Chromium against the three-line floor app started in the same run ({label} store) ...")
            results.setdefault("visits_by_store", {})[label] = attempt("visits", runs=3, **kw) | {"store": label}
            save(results, args.out)
        if "pack" not in skip:
            log(f"the default agenda's pack ({label} store) ...")
            results.setdefault("pack_by_store", {})[label] = attempt("pack", url=kw["env_url"], **kw) | {
                "store": label}
            save(results, args.out)
    results["load_at_end"] = loadavg()
    results["bench_seconds"] = round(time.perf_counter() - started)
    return finish(results, args)


def page_stores(results: dict, args) -> dict[str, dict]:
    """The stores the page cases run on: the sample store and the smallest measured size >= PAGES_AT."""
    stores = {"sample": {"env_url": lancashire.sample_store(args.data, log=log)}}
    big = [int(float(n)) for n in results["settings"]["sizes"] if int(float(n)) >= PAGES_AT]
    if big:
        ds = lancashire.dataset(min(big), stores["sample"]["env_url"], root=args.data, log=log)
        stores[ds.label] = {"env_url": ds.store_url, "config": str(ds.config)}
    return stores


def again(args) -> dict:
    """One page case measured again into an earlier run's results (its date and load recorded beside it)."""
    results = json.loads(args.out.read_text())
    case, _, label = args.again.partition(":")
    if case not in ("visits", "pack"):
        raise SystemExit(f"--again {args.again}: the case is visits or pack (e.g. visits:sample)")
    kw = page_stores(results, args)[label]
    log(f"{case} again ({label} store) ...")
    measured = attempt("visits", runs=3, **kw) if case == "visits" else attempt("pack", url=kw["env_url"], **kw)
    results.setdefault(f"{case}_by_store", {})[label] = measured | {
        "store": label, "again": {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "load": loadavg()}}
    return finish(results, args)


def finish(results: dict, args) -> dict:
    from bench.report import markdown, rows_and_notes, table

    rows, notes = rows_and_notes(results)
    results["table"] = rows
    results["notes"] = notes
    text = table(rows, notes, results)
    print(text)
    print("\nMarkdown (for the README):\n\n" + markdown(rows))
    save(results, args.out)
    print(f"\nresults: {args.out}")
    return results


if __name__ == "__main__":
    main()
