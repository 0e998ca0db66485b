"""Loader throughput: rows/s reading a community-hub export of N rows, the project's loader against a naive
pandas read (read_csv + per-row date parsing and a dict lookup for wards), measured in the same run.

    python -m bench.loader_throughput [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from data_loaders import community_hub
from data_loaders.context import LoadContext, ward_key
from sample_data.generate import main as generate_main


def naive_load(path: Path, wards: dict[str, str]) -> pd.DataFrame:
    """The common pattern: pandas.read_csv, then Python-level parsing of each row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["event_date"] = [pd.to_datetime(d, dayfirst=True) for d in frame["Date Received"]]
    by_key = {ward_key(n): c for c, n in wards.items()}
    frame["ward_code"] = [by_key.get(ward_key(w)) for w in frame["Ward"]]
    return frame.drop_duplicates()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=200_000,
                        help="the naive path is slow: time it on fewer rows and compare rows/s")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hub.csv"
        generate_main(["--hub-rows", str(args.rows), "--hub-out", str(path)])
        small = Path(tmp) / "hub_small.csv"
        generate_main(["--hub-rows", str(args.naive_rows), "--hub-out", str(small)])
        context = LoadContext.from_settings(today="2030-01-01")
        started = time.perf_counter()
        result = community_hub.parse(path, context=context)
        project = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        naive_load(small, context.wards)
        naive = time.perf_counter() - started
    out = {"rows": args.rows, "rows_stored": len(result.frame), "project_seconds": round(project, 2),
           "project_rows_per_s": round(args.rows / project), "naive_rows": args.naive_rows,
           "naive_rows_per_s": round(args.naive_rows / naive), "speedup": round((args.rows / project) /
                                                                                (args.naive_rows / naive), 1),
           "peak_rss_mb": round(peak_mb)}
    print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
