"""Command line for the store.

    python -m warehouse ingest SOURCE FILE... [--partial] [--replace] [--dry-run]
                                                             load partner files (non-zero exit if refused)
    python -m warehouse build-sample [--fresh]               load the generated sample extracts
    python -m warehouse status                               tables, row counts and the latest ingests
    python -m warehouse refresh                              recompute every indicator value
    python -m warehouse indicators                           the indicator catalogue, by theme
    python -m warehouse report --indicator ID [--period P] [--role analyst|viewer] [--csv FILE]
                                                             one indicator's values for every area
"""

from __future__ import annotations

import argparse
import sys

import sources
from data_loaders import LoadError
from metrics import catalogue
from warehouse import values
from warehouse.ingest import dry_run, ingest
from warehouse.report import catalogue_text, indicator_rows, report_text
from warehouse.sample import build_sample
from warehouse.status import status_report
from warehouse.store import connect, duckdb_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="store URL (default: DASHBOARD_DB_URL or dashboard.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_ingest = sub.add_parser("ingest", help="load partner files into the store")
    p_ingest.add_argument("source", choices=list(sources.names()))
    p_ingest.add_argument("files", nargs="+")
    p_ingest.add_argument("--partial", action="store_true",
                          help="load the good rows and quarantine bad ones in `rejects` (default: all or nothing)")
    p_ingest.add_argument("--replace", action="store_true",
                          help="confirm that a file which removes more rows than it brings replaces them")
    p_ingest.add_argument("--dry-run", action="store_true",
                          help="check the files and say what they would change; write nothing")
    p_sample = sub.add_parser("build-sample", help="load the generated sample extracts")
    p_sample.add_argument("--fresh", action="store_true", help="delete the DuckDB store file first")
    sub.add_parser("status", help="list tables with row counts")
    sub.add_parser("refresh", help="recompute every indicator value (ingest and roll back do it for you)")
    sub.add_parser("indicators", help="the indicator catalogue")
    rep = sub.add_parser("report", help="one indicator's values for every area")
    rep.add_argument("--indicator", required=True, choices=[i.id for i in catalogue.all_indicators()], metavar="ID")
    rep.add_argument("--period", default=None, help="2021-03, 2021-Q1, 2021/22 or 2021 (default: latest quarter)")
    rep.add_argument("--age", default="All", help="an age band of the indicator (default: all ages)")
    rep.add_argument("--role", default="analyst", choices=["analyst", "viewer"])
    rep.add_argument("--csv", default=None, help="also write the table to this CSV file")
    args = parser.parse_args(argv)
    if args.command == "indicators":
        print(catalogue_text())
        return 0

    if args.command == "build-sample" and args.fresh:
        from settings import get_settings

        path = duckdb_path(args.db or get_settings().store_url)
        for p in (path, path.with_suffix(path.suffix + ".wal")) if path else ():
            p.unlink(missing_ok=True)
    store = connect(args.db)
    try:
        if args.command == "ingest":
            failed = 0
            for file in args.files:
                try:
                    if args.dry_run:
                        print(dry_run(store, args.source, file).report())
                    else:
                        print(ingest(store, args.source, file, partial=args.partial, replace=args.replace).summary())
                except LoadError as exc:
                    failed += 1
                    print(f"REFUSED (nothing {'checked' if args.dry_run else 'loaded'}):\n{exc}", file=sys.stderr)
            return 1 if failed else 0
        if args.command == "refresh":
            with store.transaction():
                print(values.refresh(store).summary())
            return 0
        if args.command == "report":
            frame = indicator_rows(store, args.indicator, period=args.period, role=args.role, band=args.age)
            print(report_text(frame, args.indicator))
            if args.csv:
                frame.to_csv(args.csv, index=False)
            return 0
        if args.command == "build-sample":
            for result in build_sample(store):
                print(result.summary())
            return 0
        print(status_report(store))
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
