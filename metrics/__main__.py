"""Command line for indicators.

    python -m metrics list                                   every indicator, by theme
    python -m metrics report --indicator ID [--period P] [--breakdown age_band] [--role analyst|viewer]
                              [--csv FILE]                   the ward table for one indicator
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from metrics import catalogue
from metrics.engine import compute
from warehouse.store import opened


def _fmt(value, digits: int = 1) -> str:
    return "" if pd.isna(value) else f"{value:,.{digits}f}"


def report(frame: pd.DataFrame, indicator: catalogue.Indicator) -> str:
    lines = [f"{indicator.title} ({indicator.id}) - {indicator.unit}", f"Period: {frame['period_label'].iloc[0]}",
             f"Method: {indicator.method}; polarity: {indicator.polarity}; {indicator.definition}", ""]
    band = [c for c in frame.columns if c in ("age_band",)]
    head = f"{'area':<40}{'band':<10}" if band else f"{'area':<40}"
    lines.append(head + f"{'count':>8}{'denom':>10}{'value':>10}{'95% CI':>20}  {'vs borough':<13}trend")
    for r in frame.itertuples(index=False):
        ci = "" if pd.isna(r.lower_ci) else f"{_fmt(r.lower_ci, 2)}-{_fmt(r.upper_ci, 2)}"
        count = "[supp]" if r.suppressed and pd.isna(r.count) else ("" if pd.isna(r.count) else f"{int(r.count):,}")
        name = str(r.area_name)[:38]
        head = f"{name:<40}{getattr(r, band[0]):<10}" if band else f"{name:<40}"
        lines.append(head + f"{count:>8}{_fmt(r.denominator, 0):>10}{_fmt(r.value, 2):>10}{ci:>20}  "
                     f"{r.comparison:<13}{r.trend}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="every indicator in the catalogue")
    rep = sub.add_parser("report", help="ward table for one indicator")
    rep.add_argument("--indicator", required=True, choices=[i.id for i in catalogue.INDICATORS], metavar="ID")
    rep.add_argument("--period", default=None, help="2021-03, 2021-Q1, 2021 or 2020-04..2021-03 (default: latest 3 months)")
    rep.add_argument("--breakdown", default=None)
    rep.add_argument("--role", default="analyst", choices=["analyst", "viewer"])
    rep.add_argument("--db", default=None, help="store URL (default: DASHBOARD_DB_URL or dashboard.toml)")
    rep.add_argument("--csv", default=None, help="also write the table to this CSV file")
    args = parser.parse_args(argv)
    if args.command == "list":
        for theme, items in catalogue.by_theme().items():
            print(theme)
            for i in items:
                print(f"  {i.id:<32}{i.title} ({i.unit})")
        return 0
    indicator = catalogue.get(args.indicator)
    with opened(args.db, read_only=True) as store:
        frame = compute(args.indicator, period=args.period, breakdown=args.breakdown, role=args.role, store=store)
    print(report(frame, indicator))
    if args.csv:
        frame.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
