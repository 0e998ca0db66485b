"""A real Streamlit server on loopback for the browser tests, on the sample store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, require_chromium

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(sample_store_url):
    yield from _serve(sample_store_url)


@pytest.fixture(scope="session")
def analyst_server(sample_store_url):
    """Local mode with the analyst role (unsuppressed figures, the Upload page)."""
    yield from _serve(sample_store_url, DASHBOARD_LOCAL_ROLE="analyst")


@pytest.fixture(scope="session")
def real_boundaries_server(sample_store_url, tmp_path_factory):
    """The same store with `[geography] ward_boundaries` pointing at the real ONS Chorley wards."""
    from tests.conftest import real_data

    wards = real_data("boundaries/chorley_wards_wd25_bgc.geojson")
    config = tmp_path_factory.mktemp("config") / "dashboard.toml"
    config.write_text((ROOT / "dashboard.toml").read_text().replace('ward_boundaries = ""',
                                                                     f'ward_boundaries = "{wards}"'))
    yield from _serve(sample_store_url, DASHBOARD_CONFIG=str(config))


PLANTED = "[Session expired - sign in again](https://evil.example/login) ![x](https://evil.example/md.png)"
PLANTED_HTML = '<a href="https://evil.example/html">Sign in</a><img src="https://evil.example/html.png">'


@pytest.fixture(scope="session")
def hostile_server(sample_store_url, tmp_path_factory):
    """The sample store with markup planted where people and files put text: a saved agenda's name and
    heading, and a ward's name (as a boundaries file could set it); served for the analyst role."""
    import shutil

    from warehouse import values
    from warehouse.agendas import save_agenda
    from warehouse.store import connect

    db = tmp_path_factory.mktemp("hostile") / "store.duckdb"
    shutil.copy(sample_store_url.removeprefix("duckdb:///"), db)
    store = connect(f"duckdb:///{db}")
    try:
        views = [{"page": "ward-map", "filters": {"indicator": "hub_food_parcels"}, "heading": PLANTED + PLANTED_HTML}]
        agenda_id = save_agenda(store, PLANTED_HTML + " " + PLANTED[:30], views, "local analyst")
        store.execute("UPDATE \"areas\" SET area_name = ? WHERE area_code = 'E05013077'", [PLANTED_HTML + " Euxton"])
        with store.transaction():  # as a boundaries ingest would: the stored values carry the new name
            values.refresh(store)
        store.execute("CHECKPOINT")
    finally:
        store.close()
    for url in _serve(f"duckdb:///{db}", DASHBOARD_LOCAL_ROLE="analyst"):
        yield url, agenda_id


def _serve(store_url: str, *, secrets: str | None = None, **extra_env):
    """A Streamlit server on loopback, on a private copy of the store, yielding its base URL.

    `secrets` is the secrets.toml it reads (none by default: local mode); the repository's own
    .streamlit/secrets.toml, if a developer has one, is never read by a test server."""
    import shutil
    import tempfile

    # Serve a private copy: DuckDB lets one process hold a file, and tests in this process may hold the
    # shared sample store open.
    source = store_url.removeprefix("duckdb:///")
    workdir = tempfile.mkdtemp(prefix="browser-server-")
    copy = os.path.join(workdir, "store.duckdb")
    shutil.copy(source, copy)
    if os.path.exists(source + ".wal"):
        shutil.copy(source + ".wal", copy + ".wal")
    if secrets is None:
        secrets = os.path.join(workdir, "secrets.toml")
        open(secrets, "w").close()  # an empty secrets file: no [auth]
    store_url = f"duckdb:///{copy}"
    port = free_port()
    env = dict(os.environ)
    env.pop("DASHBOARD_LOCAL_ROLE", None)  # a role only when the fixture asks for one
    env.update(DASHBOARD_DB_URL=store_url, PYTHONPATH=str(ROOT), **extra_env)
    # The log goes to a file: a pipe nobody reads would block the server once its buffer filled.
    log_path = os.path.join(workdir, "server.log")
    log = open(log_path, "wb")  # closed after the server stops
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--secrets.files", secrets], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.close()
        pytest.fail("streamlit did not start within 60 s:\n" + open(log_path).read()[-3000:])
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    require_chromium(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def wait_for_script(page, timeout: float = 90.0) -> float:
    """Seconds until Streamlit's running indicator has been gone for 1 s (the script finished)."""
    started = time.monotonic()
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout * 1000)  # every page has a title
    quiet = None
    while time.monotonic() - started < timeout:
        if page.query_selector('[data-testid="stStatusWidget"]') is None:
            quiet = quiet or time.monotonic()
            if time.monotonic() - quiet > 1.0:
                return quiet - started
        else:
            quiet = None
        page.wait_for_timeout(100)
    raise TimeoutError("the page's script did not finish")
