"""The page cases, each run in its own worker process (python -m bench.worker apptest|browser|payload).

- apptest: reruns of app.py in Streamlit's AppTest (no browser): the Overview with a cache hit (nothing
  changed) and with a new filter (a period not seen before), and the same for the Ward map (a new
  indicator), plus the bytes of the map figure the page sends.
- browser: `streamlit run app.py` started fresh, Debian's Chromium through Playwright; seconds from the
  process start (and from navigation) to the first complete render of the Overview, then from navigation
  on the warm server (a new browser context, the server's caches warm).
- payload: the ward GeoJSON the map is drawn from (warehouse.geometry.map_shapes), compact JSON, for the
  sample geometry and for real ONS wards loaded through data_loaders.boundaries, and the map figure the
  page sends with the real wards.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from settings import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REAL_WARDS = ROOT.parent / "shared" / "data" / "real" / "boundaries" / "chorley_wards_wd25_bgc.geojson"
OVERVIEW_PERIODS = ["2021-Q3", "2021-Q2", "2021-Q1", "2020-Q4", "2020-Q3", "2021-09", "2021-06"]
# (theme, indicator) pairs visited in order on the Ward map: each is an indicator not computed before.
MAP_INDICATORS = [("Nutrition and food", "hub_food_parcels_working_age"),
                  ("Nutrition and food", "hub_food_parcels_older"),
                  ("Nutrition and food", "hub_financial_hardship"),
                  ("Money and work", "ca_debt"), ("Money and work", "ca_benefits"),
                  ("Money and work", "ca_employment"), ("Crime and safety", "police_crime")]


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _check(at, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].message}")


def _quantiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": statistics.median(ordered), "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "runs": values}


def _select(at, key: str, value: str) -> None:
    at.selectbox(key=key).set_value(value)
    at.run()
    _check(at, f"{key}={value}")


def apptest_case(args) -> dict:
    from streamlit.testing.v1 import AppTest

    from bench.worker import rss_mb

    base = rss_mb()
    app = str(ROOT / "app.py")
    out: dict = {"baseline_rss_mb": base}

    at = AppTest.from_file(app, default_timeout=300)
    out["overview_first_run_s"] = _timed(at.run)
    _check(at, "overview first run")
    if not at.get("plotly_chart"):
        raise RuntimeError("the Overview drew no chart: is the store empty?")
    hits = [_timed(at.run) for _ in range(args.runs)]
    _check(at, "overview rerun")
    out["overview_cache_hit"] = _quantiles(hits)
    out["overview_cache_hit_profile"] = profile_rerun(at)
    out["overview_new_filter"] = _quantiles([_timed(lambda p=p: _select(at, "f_period", p))
                                             for p in OVERVIEW_PERIODS])
    out["overview_new_filter_what"] = f"Period set to {', '.join(OVERVIEW_PERIODS)} in turn (each not seen before)"

    at = AppTest.from_file(app, default_timeout=300)
    at.query_params["view"] = "ward-map"
    out["ward_map_first_run_s"] = _timed(at.run)
    _check(at, "ward map first run")
    out["ward_map_figure_bytes"] = len(at.get("plotly_chart")[0].proto.spec.encode())
    out["ward_map_cache_hit"] = _quantiles([_timed(at.run) for _ in range(args.runs)])
    out["ward_map_cache_hit_profile"] = profile_rerun(at)
    changes = []
    for theme, indicator in MAP_INDICATORS:
        if at.selectbox(key="f_theme").value != theme:
            changes.append(_timed(lambda t=theme: _select(at, "f_theme", t)))  # resets to the theme's first
        if at.selectbox(key="f_indicator").value != indicator:
            changes.append(_timed(lambda i=indicator: _select(at, "f_indicator", i)))
    out["ward_map_new_filter"] = _quantiles(changes)
    out["ward_map_new_filter_what"] = "Indicator (and theme) changed to an indicator not computed before"

    # A new session on a warm process (what a new browser visit costs the server once caches are warm).
    fresh = []
    for _ in range(min(args.runs, 5)):
        at = AppTest.from_file(app, default_timeout=300)
        fresh.append(_timed(at.run))
        _check(at, "overview, new session")
    out["overview_new_session_warm"] = _quantiles(fresh)
    out["seconds"] = out["overview_cache_hit"]["p50"]
    return out


def profile_rerun(at, top: int = 6) -> list[dict]:
    """Where a rerun spends its time: the project's own functions by cumulative time in the script thread
    (one profiled rerun; profiling inflates every figure, so read the shares, not the seconds)."""
    import cProfile
    import pstats
    import threading

    profiles: list[cProfile.Profile] = []

    def start(frame, event, arg):  # the first event of each new thread: profile that thread
        sys.setprofile(None)
        p = cProfile.Profile()
        profiles.append(p)
        p.enable()

    threading.setprofile(start)
    try:
        at.run()
    finally:
        threading.setprofile(None)
        for p in profiles:
            p.disable()
    stats = pstats.Stats(*profiles).stats  # type: ignore[attr-defined]
    root = str(ROOT) + "/"
    total = max((ct for (_, _, name), (_, _, _, ct, _) in stats.items() if name == "<module>"), default=0.0)
    own = [(f"{file.removeprefix(root)}:{line}({name})", ct) for (file, line, name), (_, _, _, ct, _)
           in stats.items() if file.startswith(root) and ".venv" not in file and name != "<module>"]
    own.sort(key=lambda item: -item[1])
    return [{"function": f, "share_of_run": round(ct / total, 3) if total else None} for f, ct in own[:top]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


RENDERED = """() => {
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  const visible = h1 !== null && h1.getBoundingClientRect().height > 0;
  const plot = document.querySelector('.js-plotly-plot .main-svg') !== null;
  const running = document.querySelector('[data-testid="stStatusWidget"]') !== null;
  return visible && plot && !running;
}"""


def wait_rendered(page, *, quiet: float = 0.5, timeout: float = 180.0) -> float:
    """perf_counter() at the first moment the Overview is complete (title visible, chart drawn, the status
    widget gone) and stays so for `quiet` seconds."""
    deadline = time.perf_counter() + timeout
    since = None
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        if page.evaluate(RENDERED):
            since = since or now
            if now - since >= quiet:
                return since
        else:
            since = None
        page.wait_for_timeout(50)
    raise TimeoutError("the Overview did not finish rendering")


def _start_server(url_env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with log.open("ab") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=url_env, stdout=sink, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _wait_health(proc: subprocess.Popen, url: str, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("streamlit did not answer its health check")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def browser_case(args) -> dict:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        return {"skipped": f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DASHBOARD_LOCAL_ROLE", None)
    start_render, nav_render, health, warm, warm_cached, page_load = [], [], [], [], [], []
    fetched: list[tuple[int, str]] = []
    log = Path(tempfile.gettempdir()) / f"bench-streamlit-{os.getpid()}.log"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(args.runs):
                started = time.perf_counter()
                proc, url = _start_server(env, log)
                try:
                    _wait_health(proc, url)
                    healthy = time.perf_counter()
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    page = context.new_page()
                    navigated = time.perf_counter()
                    page.goto(url + "/")
                    page_load.append(time.perf_counter() - navigated)
                    done = wait_rendered(page)
                    context.close()
                    start_render.append(done - started)
                    nav_render.append(done - navigated)
                    health.append(healthy - started)
                    # The same server, new sessions (its caches warm): a new visitor (empty browser cache),
                    # then the same visitor again (Streamlit's JS in the browser cache).
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    for k in range(2):
                        page = context.new_page()
                        if k == 0:
                            page.on("response", lambda r: fetched.append(
                                (int(r.headers.get("content-length") or 0), r.url.rsplit("/", 1)[-1])))
                        navigated = time.perf_counter()
                        page.goto(url + "/")
                        (warm if k == 0 else warm_cached).append(wait_rendered(page) - navigated)
                        page.close()
                    context.close()
                finally:
                    _stop(proc)
        finally:
            browser.close()
    log.unlink(missing_ok=True)
    return {"start_to_render": _quantiles(start_render), "start_to_health": _quantiles(health),
            "cold_navigation_to_render": _quantiles(nav_render), "warm_navigation_to_render": _quantiles(warm),
            "warm_navigation_browser_cache_to_render": _quantiles(warm_cached),
            "page_load_event": _quantiles(page_load),
            "bytes_fetched_per_visit": sum(n for n, _ in fetched) // max(1, len(warm)),
            "largest_fetch": max(fetched, default=(0, "")),
            "seconds": statistics.median(start_render)}


def _compact(geojson: dict) -> int:
    return len(json.dumps(geojson, separators=(",", ":")).encode())


def payload_case(args) -> dict:
    from settings import get_settings
    from warehouse.geometry import map_shapes
    from warehouse.store import connect

    out: dict = {}
    store = connect(args.url, create=False)
    try:
        wards, _, approximate = map_shapes(store)
        out["sample_geojson_bytes"] = _compact(wards)
        out["sample_features"] = len(wards["features"])
        out["sample_approximate"] = approximate
        if REAL_WARDS.exists():
            config = Path(tempfile.mkdtemp()) / "dashboard.toml"
            config.write_text((ROOT / "dashboard.toml").read_text().replace(
                'ward_boundaries = ""', f'ward_boundaries = "{REAL_WARDS}"'))
            os.environ["DASHBOARD_CONFIG"] = str(config)
            get_settings.cache_clear()
            real, _, _ = map_shapes(store)
            out["real_geojson_bytes"] = _compact(real)
            out["real_features"] = len(real["features"])
            out["real_raw_file_bytes"] = REAL_WARDS.stat().st_size
            out["real_file"] = str(REAL_WARDS)
    finally:
        store.close()
    if REAL_WARDS.exists():
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["view"] = "ward-map"
        at.run()
        _check(at, "ward map with real boundaries")
        out["real_figure_bytes"] = len(at.get("plotly_chart")[0].proto.spec.encode())
    out["seconds"] = 0.0
    return out
