"""Other warehouses by URL: a real PostgreSQL server (started by .ci/run on loopback) and Spark in local mode.

Locally these skip with the reason when the server or package is absent; in CI (CI=true) they must run.
"""

from __future__ import annotations

import os
import uuid

import pytest


def require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI must run the backend suites)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh database on the test server, loaded with the sample through the project's own ingest."""
    base = os.environ.get("DASHBOARD_TEST_PG_URL")
    require(bool(base), "DASHBOARD_TEST_PG_URL is not set: no PostgreSQL server to test against")
    import psycopg

    name = f"locality_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("postgres://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    url = base.rsplit("/", 1)[0] + "/" + name
    from warehouse.sample import build_sample
    from warehouse.store import connect

    store = connect(url)
    try:
        build_sample(store)
    finally:
        store.close()
    yield url
    with psycopg.connect(base.replace("postgres://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
