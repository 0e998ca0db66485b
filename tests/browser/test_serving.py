"""The documented deployment: Streamlit on loopback behind deploy/nginx (Debian's nginx), tested for real.

The shipped nginx files are used as they are (only the upstream port and the listening port are the
test's): every response carries the security headers, the dashboard renders in Chromium under its
Content-Security-Policy, a download URL is refused to a browser that never loaded the app, and Streamlit
itself refuses a WebSocket handshake for a host name outside `server.allowedHosts` (DNS rebinding).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import free_port, wait_for_script
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEADERS = {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


@pytest.fixture(scope="module")
def proxy(server, tmp_path_factory):
    if not os.path.exists(NGINX):
        reason = "Debian's nginx is not installed (apt-get install nginx-light)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "locality").mkdir()
    for name in ("security-headers.conf", "locations.conf"):
        shutil.copy(ROOT / "deploy" / "nginx" / name, prefix / "locality" / name)
    for folder in ("logs", "tmp"):
        (prefix / folder).mkdir()
    port = free_port()
    upstream = urlparse(server).netloc
    (prefix / "nginx.conf").write_text(f"""
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/tmp/body; proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fcgi; uwsgi_temp_path {prefix}/tmp/uwsgi; scgi_temp_path {prefix}/tmp/scgi;
    upstream locality_dashboard {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        server_tokens off;
        include locality/locations.conf;
    }}
}}
""")
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("nginx did not start:\n" + proc.stdout.read().decode())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.mark.parametrize("path", ["/", "/ward-map", "/_stcore/health", "/favicon.png", "/media/nothing.csv"])
def test_every_response_carries_the_security_headers(proxy, path):
    status, headers = get(proxy + path, cookie="_streamlit_xsrf=x")
    for name, fragment in HEADERS.items():
        assert fragment in headers.get(name, ""), (path, status, name, headers.get(name))


def test_a_download_url_is_refused_without_the_apps_cookie(proxy):
    status, headers = get(proxy + "/media/0123456789abcdef.csv")
    assert status == 403
    assert HEADERS["X-Frame-Options"] in headers.get("X-Frame-Options", "")


def test_the_dashboard_renders_under_its_content_security_policy(proxy, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(proxy + "/")
        wait_for_script(page)
        page.goto(proxy + "/ward-map")
        wait_for_script(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)  # plotly draws after the script ends
        assert page.query_selector(".js-plotly-plot .main-svg") is not None, "the map did not draw"
        assert page.query_selector_all('[data-testid="stException"]') == []
        cookies = {c["name"] for c in page.context.cookies()}
    finally:
        page.close()
    assert violations == [], violations
    assert "_streamlit_xsrf" in cookies  # the cookie the proxy asks of /media/ requests


def handshake(base: str, host: str) -> str:
    """The status line Streamlit answers a WebSocket upgrade with, for the given Host header."""
    parsed = urlparse(base)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as s:
        s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                   f"Origin: http://{host}\r\n\r\n").encode())
        return s.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def test_a_websocket_for_another_host_name_is_refused(server):
    port = urlparse(server).port
    assert " 101 " in handshake(server, f"127.0.0.1:{port}")
    assert " 101 " not in handshake(server, f"rebound.evil.example:{port}")


def test_local_mode_listens_on_loopback_and_allowed_hosts_come_from_the_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert set(config["server"]["allowedHosts"]) == {"localhost", "127.0.0.1"}
    makefile = (ROOT / "Makefile").read_text()
    assert "ADDRESS ?= 127.0.0.1" in makefile and "--server.address $(ADDRESS)" in makefile
