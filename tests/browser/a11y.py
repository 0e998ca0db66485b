"""axe-core in Chromium for the browser tests: run the WCAG 2.1 A and AA rules on a page, say what failed.

axe-core comes from the pinned `axe-playwright-python` package, which ships `axe.min.js`; nothing is fetched
at run time. The pages are found from the app's own navigation (the frame's sidebar links), so a page added
to the frame is checked without touching these tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from axe_playwright_python.base import AXE_SCRIPT

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NAV_LINKS = ".st-key-frame-nav a"  # ui/navigation.py draws the frame's links in this container


@dataclass(frozen=True)
class NavPage:
    title: str
    path: str  # "/" for the default page, else "/<url_path>"

    @property
    def name(self) -> str:
        """A file-name-safe name: the url path, or the title's slug for the root."""
        slug = self.path.strip("/") or self.title
        return re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")


def nav_pages(page) -> list[NavPage]:
    """Every page the frame's navigation offers to whoever is looking, in order."""
    found = []
    for link in page.query_selector_all(NAV_LINKS):
        href = link.evaluate("a => a.href")  # absolute, whatever the attribute says
        path = urlparse(href).path or "/"
        # The link's text starts with its Material icon's ligature name ("map"); the title is the last line.
        title = [line for line in link.inner_text().splitlines() if line.strip()][-1].strip()
        found.append(NavPage(title=title, path=path))
    return found


def axe_violations(page, *, context: str | None = None) -> list[dict]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules on the page as it is drawn now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    result = page.evaluate("([context, options]) => axe.run(context || document, options)", [context, options])
    return result["violations"]


def report(where: str, violations: list[dict]) -> list[str]:
    """One line per rule, then one per element: rule id, impact, what it means, the target selectors."""
    lines = []
    for rule in violations:
        lines.append(f"{where}: {rule['id']} ({rule['impact']}) {rule['help']} [{len(rule['nodes'])} element(s)]")
        for node in rule["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    target {' > '.join(node['target'])}: {summary[:240]}")
    return lines


def open_expanders(page) -> int:
    """Open every collapsed expander (the tables and downloads behind each chart), so axe sees them too."""
    opened = 0
    for summary in page.query_selector_all('[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) '
                                           "> summary"):
        if summary.is_visible():
            summary.click()
            opened += 1
    if opened:
        page.wait_for_timeout(800)  # let the data grids draw
    return opened
