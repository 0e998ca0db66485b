"""Under load: 50 concurrent browser-less sessions (websocket clients speaking Streamlit's own protocol, on
loopback only, bounded in count and time) read the Overview while an ingest replaces a month, in the same
process as the server, as an analyst's upload does. Every read shows either the old or the new data, never
a mix; no session errors; the longest gap between completed reads during the ingest is measured."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import socket
import threading
import time

import pytest
import websockets
from streamlit import config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server import Server

from settings import get_settings
from tests.conftest import ROOT
from warehouse.ingest import dry_run, ingest
from warehouse.store import connect

pytestmark = pytest.mark.slow
SESSIONS = 50
HEADER = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
          "Repeat Request,Notes\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sample_store_url, tmp_path, monkeypatch):
    """Streamlit's server in this process (so the test's ingest shares the app's database, as an upload does)."""
    path = tmp_path / "load.duckdb"
    shutil.copy(sample_store_url.removeprefix("duckdb:///"), path)
    url = f"duckdb:///{path}"
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    monkeypatch.setenv("DASHBOARD_LOCAL_ROLE", "analyst")
    get_settings.cache_clear()
    port = free_port()
    for option, value in {"server.port": port, "server.address": "127.0.0.1", "server.headless": True,
                          "server.fileWatcherType": "none", "browser.gatherUsageStats": False}.items():
        config.set_option(option, value)
    ready, holder = threading.Event(), {}

    def serve() -> None:
        async def main() -> None:
            holder["server"] = Server(str(ROOT / "app.py"), False)
            await holder["server"].start()
            holder["loop"] = asyncio.get_running_loop()
            ready.set()
            await holder["server"].stopped

        asyncio.run(main())

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(60), "the in-process server did not start"
    yield port, url
    holder["loop"].call_soon_threadsafe(holder["server"].stop)
    get_settings.cache_clear()


async def read_overview(port: int) -> tuple[str, str]:
    """One page view: run the script and collect the hub tile and the ward matrix table the person sees."""
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=60) as ws:
        request = BackMsg()
        request.rerun_script.query_string = ""
        await ws.send(request.SerializeToString())
        tile, table, errors = None, None, []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=240))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "metric" and element.metric.label == "Hub requests":
                    tile = element.metric.body
                elif which == "dataframe" and table is None:
                    table = hashlib.sha256(element.dataframe.arrow_data.SerializeToString()).hexdigest()[:16]
                elif which == "exception":
                    errors.append(element.exception.message)
            if kind == "script_finished":
                break
    if errors:
        raise AssertionError(errors)
    return tile, table


def december_resend(tmp_path, url):
    """A corrected December: hub files are amendments, so it re-sends December's own requests (re-dated and
    re-typed as food parcels in Euxton) and they replace the ones held."""
    store = connect(url)
    try:
        ids = store.fetch("SELECT record_id FROM \"events\" WHERE source = 'community_hub' AND period = '2021-12-01' "
                          "ORDER BY record_id LIMIT 400")["record_id"].tolist()
    finally:
        store.close()
    rows = [f"{rid},{1 + i % 28:02d}/12/2021,Euxton,PR7,25-49,Food parcel,Self,Completed,N," for i, rid in enumerate(ids)]
    path = tmp_path / "hub_december_resend.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def test_reads_see_old_or_new_never_a_mix_while_an_ingest_replaces_a_month(server, tmp_path):
    port, url = server
    old = asyncio.run(read_overview(port))
    resend = december_resend(tmp_path, url)
    report: dict = {}

    async def scenario() -> tuple[list, list]:
        results, finished = [], []
        stop = asyncio.Event()

        async def session() -> None:  # reads until the round after the ingest is in (the whole is bounded below)
            while not stop.is_set():
                results.append(await read_overview(port))
                finished.append(time.monotonic())

        tasks = [asyncio.create_task(session()) for _ in range(SESSIONS)]
        while len(results) < SESSIONS:  # every session is reading
            await asyncio.sleep(0.1)
        report["all_reading"] = time.monotonic()
        await asyncio.sleep(20)  # a stretch of ordinary reading to compare with

        def load() -> None:
            store = connect(url)
            report["plan"] = dry_run(store, "community_hub", resend)  # an upload is checked, then confirmed
            began = time.monotonic()
            report["result"] = ingest(store, "community_hub", resend)
            report["began"], report["seconds"] = began, time.monotonic() - began
            store.close()

        await asyncio.to_thread(load)
        settled = len(results)
        while len(results) < settled + SESSIONS:  # another round of reads after the ingest
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.gather(*tasks)
        return results, finished

    results, finished = asyncio.run(asyncio.wait_for(scenario(), timeout=900))
    new = asyncio.run(read_overview(port))
    assert report["result"].rows_replaced > 0 and new != old
    mixes = [r for r in results if r not in (old, new)]
    assert mixes == [], f"{len(mixes)} reads mixed data: {mixes[:3]} (old {old}, new {new})"
    began, seconds = report["began"], report["seconds"]
    stall = longest_gap(finished, began, began + seconds)
    # Baseline: the longest gap while all sessions were reading before the ingest began.
    baseline = longest_gap(finished, report["all_reading"], began)
    print(f"\n{len(results)} reads by {SESSIONS} concurrent sessions; ingest {seconds:.2f} s; longest gap between "
          f"completed reads during it {stall:.2f} s (before it {baseline:.2f} s); "
          f"old reads {results.count(old)}, new reads {results.count(new)}")
    assert results.count(old) >= SESSIONS and results.count(new) >= 1
    # Readers must never wait for the writer. With 50 sessions on 2 cores gaps exist without any blocking,
    # and the ingest's own work slows reads (it shares the cores): a reader blocked by the transaction would
    # wait for most of it, so the longest gap during the ingest must stay within twice the longest gap
    # before it, or a tenth of the ingest's duration on a loaded machine.
    assert stall <= max(2 * baseline, seconds / 10), (
        f"reads stalled {stall:.2f} s during a {seconds:.0f} s ingest against {baseline:.2f} s before")


def longest_gap(times: list[float], start: float, end: float) -> float:
    inside = sorted(t for t in times if start <= t <= end)
    edges = [start, *inside, end]
    return max(b - a for a, b in zip(edges, edges[1:], strict=False))
