"""The page cases, each run in its own worker process (python -m bench.worker visits|pack).

- visits: a three-line Streamlit app (the floor) and the dashboard, both started fresh in the same run, in
  Debian's Chromium through Playwright: server start → first page done; each page's first visit and its
  second (the median of three more), each in a new tab by its deep link; a sidebar change (the period) on the Overview. "Done" = the title is
  drawn and Streamlit's running indicator has been gone for 0.5 s.
- pack: the default agenda's pack (PDF and PNGs) as the meeting page makes it.
"""

from __future__ import annotations

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
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


# --- pages against the floor -----------------------------------------------------------------------

FLOOR_APP = ('import streamlit as st\n\nst.title("Floor")\nst.write("The three-line app: what any Streamlit page costs here.")\n'
             'st.sidebar.selectbox("Period", ["2022-Q1", "2021-Q4", "2021-Q3", "2021-Q2", "2021-Q1", "2020-Q4"])\n')
DONE = """() => {
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  const visible = h1 !== null && h1.getBoundingClientRect().height > 0;
  const running = document.querySelector('[data-testid="stStatusWidget"]') !== null;
  return visible && !running;
}"""


def wait_done(page, *, quiet: float = 0.5, timeout: float = 300.0) -> float:
    """perf_counter() at the first moment the page's title is drawn and the script has finished (Streamlit's
    running indicator gone), staying so for `quiet` seconds: the issue's measure."""
    deadline = time.perf_counter() + timeout
    since = None
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        if page.evaluate(DONE):
            since = since or now
            if now - since >= quiet:
                return since
        else:
            since = None
        page.wait_for_timeout(30)
    raise TimeoutError(f"{page.url} did not finish")


def _serve(script: Path, env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with log.open("ab") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _visit(context, url: str) -> float:
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        return wait_done(page) - started
    finally:
        page.close()


def _start_and_first(browser, script: Path, env: dict, log: Path, path: str) -> tuple[subprocess.Popen, str, float]:
    """Start a server and open `path` at once: seconds from the process start to that page done."""
    started = time.perf_counter()
    proc, url = _serve(script, env, log)
    _wait_health(proc, url)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url + path)
    done = wait_done(page)
    context.close()
    return proc, url, done - started


def _open_list(page, box: str, tries: int = 3) -> bool:
    """Open a select box's list (it draws after the click); a click the box swallowed is tried again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries):
        page.click(box)
        try:
            page.wait_for_selector('[role="option"]', timeout=5_000)
            return True
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
    return False


def _sidebar_changes(page, n: int = 5) -> list[float]:
    """Choose the next `n` options of the sidebar's Period box in turn: seconds from the click to the page done."""
    changes = []
    box = '[data-testid="stSidebar"] input[aria-label="Period"]'  # the combobox itself (its label's centre opens nothing)
    for k in range(1, n + 1):  # each a new choice
        started = _choose(page, box, k)
        if started is None:
            break
        page.wait_for_timeout(30)
        changes.append(wait_done(page, quiet=0.3) - started)
    return changes


def _choose(page, box: str, k: int, tries: int = 3) -> float | None:
    """Open the list and click its k-th option: perf_counter() at the click, or None when the list has no
    k-th option. A list redrawn under the pointer (Playwright: "element is not stable", "detached") is opened
    again, up to `tries` times; the time starts at the click that landed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries):
        if not _open_list(page, box):
            return None
        options = page.get_by_role("option")
        if options.count() <= k:
            return None
        started = time.perf_counter()
        try:
            options.nth(k).click(timeout=5_000)
            return started
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_done(page, quiet=0.3)
    return None


def _pack_click(page, url: str) -> float:
    """The meeting page opened on the default agenda and "Make the pack" pressed as soon as the page is done:
    seconds from the press to the PDF's download button drawn (the wait a meeting sees)."""
    page.goto(url + "/partnership-meeting")
    wait_done(page)
    started = time.perf_counter()
    page.click(".st-key-pack-make button")
    page.wait_for_selector(".st-key-pack-pdf button", timeout=300_000)
    return time.perf_counter() - started


def _presentation_next(page, url: str, steps: int = 5) -> list[float]:
    """Presentation mode on the default agenda: seconds from pressing Next to the next view done, `steps` times."""
    page.goto(url + "/partnership-meeting?present=1&agenda=default&step=0")
    wait_done(page)
    times = []
    for k in range(1, steps + 1):
        where = page.inner_text(".st-key-present-where")
        started = time.perf_counter()
        page.click(".st-key-present-next button")
        page.wait_for_function("([sel, before]) => { const e = document.querySelector(sel); "
                               "return e !== null && e.innerText !== before; }",
                               arg=[".st-key-present-where", where], timeout=120_000)
        times.append(wait_done(page, quiet=0.3) - started)
        if f"view {k + 1} of" not in page.inner_text(".st-key-present-where"):
            break
    return times


SECOND_VISITS = 3  # the second visit is the median of three later visits (one visit swings by ±50% here)


def visits_case(args) -> dict:
    """The floor app and the dashboard, started in the same run: server start → first page done, then each
    page's first visit (a new tab, deep link) and its second (the median of SECOND_VISITS more tabs), and a
    sidebar change."""
    from playwright.sync_api import sync_playwright

    import views

    if not os.path.exists(CHROMIUM):
        return {"skipped": f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DASHBOARD_LOCAL_ROLE", None)
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR_APP)
    log = work / "streamlit.log"
    out: dict = {"floor": {}, "dashboard": {"pages": {}}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            proc, url, start = _start_and_first(browser, floor_script, env, log, "/")
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                visits = [_visit(context, url + "/") for _ in range(max(3, args.runs))]
                page = context.new_page()
                page.goto(url + "/")
                wait_done(page)
                floor_changes = _sidebar_changes(page)
                context.close()
            finally:
                _stop(proc)
            out["floor"] = {"start_s": start, "visit_s": statistics.median(visits), "visits": visits,
                            "sidebar_change_s": floor_changes}
            proc, url, start = _start_and_first(browser, ROOT / "app.py", env, log, "/")
            try:
                out["dashboard"]["start_s"] = start
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                for p in views.PAGES:
                    first = _visit(context, f"{url}/{p.path}")
                    again = [_visit(context, f"{url}/{p.path}") for _ in range(SECOND_VISITS)]
                    out["dashboard"]["pages"][p.path] = {"first_s": first, "second_s": statistics.median(again),
                                                         "second_visits": again}
                page = context.new_page()
                page.goto(url + "/")
                wait_done(page)
                changes = _sidebar_changes(page)
                out["dashboard"]["sidebar_change_s"] = changes
                out["dashboard"]["pack_click_s"] = _pack_click(page, url)
                out["dashboard"]["next_s"] = _presentation_next(page, url)
                context.close()
            finally:
                _stop(proc)
        finally:
            browser.close()
    firsts = [v["first_s"] for v in out["dashboard"]["pages"].values()]
    out["seconds"] = statistics.median(firsts) if firsts else None
    return out


def pack_case(args) -> dict:
    """The default agenda's pack (PDF and PNGs), as the meeting page makes it."""
    from ui.export import build_pack
    from views.agenda import default_agenda
    from warehouse.store import opened

    with opened(args.url, read_only=True) as store:
        agenda = default_agenda(store, role="viewer")
        started = time.perf_counter()
        built = build_pack(store, "Default agenda", agenda, role="viewer")
    return {"seconds": time.perf_counter() - started, "pages": built.pages}
