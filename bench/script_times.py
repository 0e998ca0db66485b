"""Each page's script run on the server, cold and cached, without a browser (Streamlit's AppTest, the frame with
`?view=<page>`): `python -m bench.script_times [--store PATH] [--config TOML] [--runs 3]`.

What the pages case in Chromium cannot separate: how much of a visit is the server's script (reading the page
cache, rendering blocks into Streamlit's messages) and how much is the browser's. A run through `?view=` runs
the frame twice (the frame switches to the page), so these are upper bounds of one run. Prints a line per page
(first run, median of the cached runs) and the sum; `--out` writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from settings import ROOT


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.script_times", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "dashboard.duckdb")
    parser.add_argument("--config", type=Path, default=None, help="dashboard.toml (the bench stores have their own)")
    parser.add_argument("--runs", type=int, default=3, help="cached runs per page (median)")
    parser.add_argument("--settle", type=float, default=20.0, help="seconds for warming to finish before timing")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    os.environ["DASHBOARD_DB_URL"] = f"duckdb:///{args.store.resolve()}"
    os.environ.setdefault("DASHBOARD_PREPARE_PACK", "0")  # no Chromium behind the timings
    if args.config is not None:
        os.environ["DASHBOARD_CONFIG"] = str(args.config.resolve())

    from streamlit.testing.v1 import AppTest

    import views

    def run(path: str) -> float:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["view"] = path
        started = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"{path}: {at.exception[0].message}")
        return seconds

    paths = [p.path for p in views.PAGES]
    run(paths[0])  # the process's imports and the start of warming
    time.sleep(args.settle)
    out: dict[str, dict] = {}
    for path in paths:
        first = run(path)
        cached = statistics.median(run(path) for _ in range(args.runs))
        out[path] = {"first_s": round(first, 3), "cached_s": round(cached, 3)}
        print(f"{path:28s} first {first:6.3f} s   cached {cached:6.3f} s", flush=True)
    total = round(sum(v["cached_s"] for v in out.values()), 3)
    print(f"{'all pages, cached':28s} {total:.3f} s")
    if args.out is not None:
        args.out.write_text(json.dumps({"pages": out, "cached_total_s": total}, indent=2) + "\n")
    return out


if __name__ == "__main__":
    main()
