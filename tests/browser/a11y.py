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


def nav_pages(page, *, wait: bool = True) -> list[NavPage]:
    """Every page the frame's navigation offers to whoever is looking, in order."""
    found = []
    if wait:
        page.wait_for_selector(NAV_LINKS, timeout=60_000)  # the sidebar is drawn after the page's title on a busy machine
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


# axe-core does not read text drawn in SVG, so chart text that the frame colours (ui/components.legible: tick
# labels, axis and colour-bar titles) and the legend are checked here against WCAG 1.4.3 the same way.
CHART_TEXT = ".xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext, .cbaxis text, .cbtitle text"
_CHART_TEXT_JS = """(selector) => [...document.querySelectorAll('.js-plotly-plot')].flatMap((plot, index) => {
  const bg = plot.querySelector('rect.bg');
  const background = bg ? getComputedStyle(bg).fill : 'rgb(255, 255, 255)';
  return [...plot.querySelectorAll(selector)].filter(t => t.textContent.trim() && t.getBBox().width > 0)
    .map(t => { const s = getComputedStyle(t);
      return {chart: index, text: t.textContent.trim().slice(0, 40), fill: s.fill, opacity: s.fillOpacity,
              background, size: parseFloat(s.fontSize), bold: parseInt(s.fontWeight) >= 700}; });
})"""


def _rgb(css: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str, opacity: float = 1.0) -> float:
    """WCAG contrast ratio of a (possibly translucent) colour over an opaque background."""
    back = _rgb(background)
    if back[3] < 1:  # a transparent plot area shows the page's white
        back = tuple(b * back[3] + 255 * (1 - back[3]) for b in back[:3]) + (1.0,)
    fore = _rgb(foreground)
    alpha = fore[3] * opacity
    mixed = [f * alpha + b * (1 - alpha) for f, b in zip(fore[:3], back[:3], strict=True)]
    light, dark = sorted([_luminance(mixed), _luminance(back)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def chart_text_problems(page, where: str) -> list[str]:
    """Chart text under 4.5:1 (3:1 for large text: 24px, or 18.66px bold), as report lines."""
    lines = []
    for item in page.evaluate(_CHART_TEXT_JS, CHART_TEXT):
        ratio = contrast(item["fill"], item["background"], float(item["opacity"] or 1))
        large = item["size"] >= 24 or (item["bold"] and item["size"] >= 18.66)
        if ratio < (3.0 if large else 4.5):
            lines.append(f"{where}: chart-text-contrast (serious) chart {item['chart']} text {item['text']!r} "
                         f"{item['fill']} on {item['background']}: {ratio:.2f}:1")
    return lines


def screenshot(page, path) -> None:
    """A review screenshot as a 256-colour PNG (a third of the size; these are committed for review)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
