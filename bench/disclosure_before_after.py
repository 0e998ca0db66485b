"""Before/after of the vectorised disclosure search: one source's indicator values computed with the
first-written algorithm (tests/metrics/disclosure_reference.py) and with metrics.disclosure.protect.

    PYTHONPATH=. .venv/bin/python -m bench.disclosure_before_after duckdb:///data/bench/sample.duckdb after
    PYTHONPATH=. .venv/bin/python -m bench.disclosure_before_after duckdb:///data/bench/sample.duckdb before

Run the two alternately on a quiet machine; each prints its seconds and rows.
"""

from __future__ import annotations

import sys
import time

from warehouse import values
from warehouse.store import connect


def main(url: str, which: str, source: str = "community_hub") -> None:
    if which == "before":
        from tests.metrics.disclosure_reference import protect_reference

        values.protect = protect_reference
    store = connect(url, create=False)
    started = time.perf_counter()
    frame = values.compute_rows(store, [source])
    print(which, f"compute_rows({source})", round(time.perf_counter() - started, 2), "s", len(frame), "rows")
    store.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
