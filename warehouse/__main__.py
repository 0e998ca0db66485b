"""Command line for the store.

    python -m warehouse ingest SOURCE FILE... [--partial] [--replace] [--dry-run]
                                                             load partner files (non-zero exit if refused)
    python -m warehouse build-sample [--fresh]               load the generated sample extracts
    python -m warehouse status                               tables, row counts and the latest ingests
    python -m warehouse refresh                              recompute every indicator value
    python -m warehouse indicators                           the indicator catalogue, by theme
    python -m warehouse report --indicator ID [--period P] [--role analyst|viewer] [--csv FILE]
                                                             one indicator's values for every area
    python -m warehouse digest [--send] [--role viewer|analyst] [--to ADDR ...] [--since YYYY-MM-DD]
                                                             run the alert rules, then print (or e-mail) the
                                                             digest of alerts since the last one
    python -m warehouse interventions list|add|withdraw ...  the intervention log (analysts)
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
    dig = sub.add_parser("digest", help="run the alert rules and print or e-mail the digest")
    dig.add_argument("--send", action="store_true", help="e-mail it through [email] in dashboard.toml")
    dig.add_argument("--role", choices=["analyst", "viewer"], default=None,
                     help="whose digest (default: both when sending to the configured lists, else viewer)")
    dig.add_argument("--to", nargs="+", default=None, help="recipients (default: [email] analysts / viewers)")
    dig.add_argument("--since", default=None, help="alerts fired after this date (default: since the last digest)")
    dig.add_argument("--today", default=None, help=argparse.SUPPRESS)  # tests: the date the stale rule judges by
    inter = sub.add_parser("interventions", help="the intervention log")
    inter_sub = inter.add_subparsers(dest="action", required=True)
    inter_sub.add_parser("list", help="every intervention on the log")
    add = inter_sub.add_parser("add", help="record an intervention")
    add.add_argument("--title", required=True)
    add.add_argument("--partner", required=True)
    add.add_argument("--areas", required=True, help="comma-separated ward or area codes")
    add.add_argument("--indicators", required=True, help="comma-separated indicator ids it aims at")
    add.add_argument("--start", required=True, help="YYYY-MM-DD")
    add.add_argument("--end", default=None, help="YYYY-MM-DD (leave out while it goes on)")
    add.add_argument("--description", default="")
    add.add_argument("--by", required=True, help="who records it (an analyst's e-mail)")
    out = inter_sub.add_parser("withdraw", help="take an intervention off the log (the row is kept, audited)")
    out.add_argument("id", type=int)
    out.add_argument("--by", required=True)
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
        if args.command == "digest":
            return _digest(store, args)
        if args.command == "interventions":
            return _interventions(store, args)
        if args.command == "build-sample":
            for result in build_sample(store):
                print(result.summary())
            return 0
        print(status_report(store))
        return 0
    finally:
        store.close()


def _digest(store, args) -> int:
    from datetime import date, datetime

    from settings import get_settings
    from warehouse import alerts
    from warehouse.digest import compose, send

    today = date.fromisoformat(args.today) if args.today else None
    with store.transaction():
        fired = alerts.run(store, today=today)
    since = datetime.fromisoformat(args.since) if args.since else None
    email = get_settings().email
    if args.send and args.to is None and args.role is None:
        jobs = [(role, list(getattr(email, role + "s"))) for role in ("analyst", "viewer")]
        jobs = [(role, to) for role, to in jobs if to]
        if not jobs:
            print("no recipients: give --to or set [email] analysts / viewers in dashboard.toml", file=sys.stderr)
            return 1
    else:
        role = args.role or "viewer"
        jobs = [(role, args.to if args.to is not None else list(getattr(email, role + "s")))]
    print(f"alert rules: {fired} new alert(s)", file=sys.stderr)
    for role, to in jobs:
        digest = compose(store, role=role, since=since)
        if not args.send:
            print(digest.text)
            continue
        try:
            send(store, digest, to, email=email)
        except (ValueError, OSError) as problem:
            print(f"digest for {role}s NOT sent: {problem}", file=sys.stderr)
            return 1
        print(f"sent the {role} digest ({len(digest.alerts)} alerts) to {', '.join(to)}: {digest.subject}")
    return 0


def _interventions(store, args) -> int:
    from warehouse.interventions import add_intervention, list_interventions, withdraw

    if args.action == "list":
        for i in list_interventions(store):
            print(f"{i.intervention_id:>4}  {i.title} ({i.partner}), {i.when()}; areas {', '.join(i.areas)}; aims at "
                  f"{', '.join(i.indicators)}; recorded by {i.created_by} {i.created_at:%Y-%m-%d %H:%M}")
        return 0
    try:
        if args.action == "add":
            new = add_intervention(store, title=args.title, partner=args.partner, areas=args.areas.split(","),
                                   indicators=args.indicators.split(","), start=args.start, end=args.end,
                                   description=args.description, created_by=args.by)
            print(f"recorded intervention {new}")
        else:
            withdraw(store, args.id, by=args.by)
            print(f"withdrew intervention {args.id}")
    except (ValueError, LookupError) as problem:
        print(f"refused: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
