"""Open the store from a URL through Ibis: a DuckDB file by default, any Ibis backend by URL.

`DASHBOARD_DB_URL` (or `[store].url` in dashboard.toml) chooses it, e.g. `duckdb:///path/file.duckdb`
or `postgres://user:pass@host/db`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa

from settings import get_settings
from warehouse.tables import COLUMNS, create_statements


@dataclass
class Store:
    """An Ibis connection plus the few raw operations Ibis does not offer (transactions, bulk insert)."""

    con: ibis.BaseBackend
    url: str
    read_only: bool = False
    in_transaction: bool = False
    # Results of small reference queries (months held, populations) for this connection's lifetime;
    # cleared by every ingest, so they can never be staler than the store.
    memo: dict = field(default_factory=dict)
    _tables: dict = field(default_factory=dict)

    @property
    def dialect(self) -> str:
        return self.con.name

    def table(self, name: str) -> ibis.Table:
        if name not in self._tables:
            self._tables[name] = self.con.table(name)
        return self._tables[name]

    def remember(self, key: tuple, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def has_table(self, name: str) -> bool:
        return name in self.con.list_tables()

    def execute(self, sql: str, params: list | None = None):
        if self.dialect == "duckdb":
            return self.con.con.execute(sql, params or [])
        cur = self.con.raw_sql(sql if params is None else _inline(sql, params))
        return cur

    def fetch(self, sql: str, params: list | None = None) -> pd.DataFrame:
        if self.dialect == "duckdb" and self.in_transaction:  # temp tables and uncommitted rows live here
            return self.con.con.execute(sql, params or []).fetch_df()
        if self.dialect == "duckdb":  # one cursor per query keeps concurrent readers apart
            cur = self.con.con.cursor()
            try:
                return cur.execute(sql, params or []).fetch_df()
            finally:
                cur.close()
        return self.con.sql(_inline(sql, params or [])).to_pandas()

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        self.insert_frame_into(table, frame, [c for c, _ in COLUMNS[table] if c in frame.columns])

    def insert_frame_into(self, table: str, frame: pd.DataFrame, columns: list[str]) -> None:
        if frame.empty:
            return
        if self.dialect == "duckdb":
            arrow = pa.Table.from_pandas(frame[columns], preserve_index=False)
            self.con.con.register("_incoming", arrow)
            try:
                cols = ", ".join(f'"{c}"' for c in columns)
                self.con.con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _incoming')
            finally:
                self.con.con.unregister("_incoming")
        else:
            self.con.insert(table, frame[columns])

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        self.execute("BEGIN TRANSACTION")
        self.in_transaction = True
        try:
            yield self
        except BaseException:
            self.execute("ROLLBACK")
            raise
        else:
            self.execute("COMMIT")
        finally:
            self.in_transaction = False
            self.memo.clear()

    def ensure_schema(self) -> None:
        for statement in create_statements(self.dialect):
            self.execute(statement)

    def close(self) -> None:
        self.con.disconnect()


def _inline(sql: str, params: list) -> str:
    """Inline parameters for backends reached only through Ibis raw SQL (values are quoted literals)."""
    for value in params:
        literal = "NULL" if value is None else (str(value) if isinstance(value, int | float)
                                                else "'" + str(value).replace("'", "''") + "'")
        sql = sql.replace("?", literal, 1)
    return sql


def duckdb_path(url: str) -> Path | None:
    prefix = "duckdb://"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix):]
    return None if rest in ("", "/:memory:", ":memory:") else Path(rest if rest.startswith("/") else "/" + rest)


def connect(url: str | None = None, *, read_only: bool = False, create: bool = True, wait: float = 10.0) -> Store:
    """Open the store; a DuckDB file locked by a writer in another process is retried for `wait` seconds."""
    url = url or get_settings().store_url
    path = duckdb_path(url)
    if path is not None:
        if read_only and not path.exists():
            read_only = False  # first run: create the empty store
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait
        while True:
            try:
                con = ibis.duckdb.connect(str(path), read_only=read_only)
                break
            except Exception as exc:  # duckdb.IOException when another process holds the write lock
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    elif url.startswith("duckdb://"):
        con = ibis.duckdb.connect()
    else:
        con = ibis.connect(url)
    store = Store(con=con, url=url, read_only=read_only)
    if create and not read_only:
        store.ensure_schema()
    return store


@contextmanager
def opened(url: str | None = None, *, read_only: bool = False) -> Iterator[Store]:
    store = connect(url, read_only=read_only)
    try:
        yield store
    finally:
        store.close()
