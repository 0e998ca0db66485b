"""Other warehouses by URL: a real PostgreSQL server (started by .ci/run on loopback) and Spark in local mode.

Locally these skip with the reason when the server or package is absent; in CI (CI=true) they must run.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest


def require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI must run the backend suites)")
        pytest.skip(reason)


def _admin_url(base: str) -> str:
    return base.replace("postgres://", "postgresql://", 1)


def _admin(base: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(base), autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@pytest.fixture(scope="session")
def postgres_base() -> str:
    base = os.environ.get("DASHBOARD_TEST_PG_URL")
    require(bool(base), "DASHBOARD_TEST_PG_URL is not set: no PostgreSQL server to test against")
    return base


@pytest.fixture(scope="session")
def postgres_sample(postgres_base):
    """A fresh database on the test server, loaded with the sample through the project's own ingest (which
    computes `indicator_values` once at the end), plus a pristine copy that nobody connects to, so tests that
    write can each start from a copy of it (CREATE DATABASE ... TEMPLATE needs a template with no sessions)."""
    from warehouse.sample import build_sample
    from warehouse.store import connect

    name = f"locality_{uuid.uuid4().hex[:8]}"
    _admin(postgres_base, f"CREATE DATABASE {name}")
    url = postgres_base.rsplit("/", 1)[0] + "/" + name
    store = connect(url)
    try:
        build_sample(store)
    finally:
        store.close()
    _admin(postgres_base, f"CREATE DATABASE {name}_pristine TEMPLATE {name}")
    yield url, f"{name}_pristine"
    _admin(postgres_base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
           f"DROP DATABASE IF EXISTS {name}_pristine WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_url(postgres_sample) -> str:
    """The sample on PostgreSQL, for tests that only read."""
    return postgres_sample[0]


@pytest.fixture
def fresh_postgres(postgres_base, postgres_sample):
    """A private copy of the sample database, for a test that ingests or rolls back."""
    _, template = postgres_sample
    name = f"locality_{uuid.uuid4().hex[:8]}"
    _admin(postgres_base, f"CREATE DATABASE {name} TEMPLATE {template}")
    yield postgres_base.rsplit("/", 1)[0] + "/" + name
    _admin(postgres_base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def fresh_duckdb(sample_store_url, tmp_path) -> str:
    """A private copy of the DuckDB sample store."""
    source, path = sample_store_url.removeprefix("duckdb:///"), tmp_path / "copy.duckdb"
    shutil.copy(source, path)
    if os.path.exists(source + ".wal"):  # the shared sample may be open elsewhere in the session
        shutil.copy(source + ".wal", str(path) + ".wal")
    return f"duckdb:///{path}"
