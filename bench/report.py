"""The benchmark's table and notes: every target of issue 11 as a ratio (or a time), met or not, with why.

`rows_and_notes(results)` returns the rows (lists of cells, COLUMNS order) and the notes they point to;
`table` prints them with the machine and load heading.
"""

from __future__ import annotations

COLUMNS = ("measure", "store", "project", "reference", "ratio", "target", "met")
# The targets (issue 11): ratios to the floor app or to the naive pandas path, and plain times.
TARGETS = {
    "start_x_floor": 1.3, "first_visit_x_floor": 1.5, "second_visit_x_floor": 1.3, "sidebar_p50_s": 0.1,
    "next_s": 1.0, "pack_s": 3.0, "ingest_10m_s": 15.0, "speedup": {"100k": 2.0, "1M": 5.0, "10M": 10.0},
    "memory_ratio_10m": 5.0,
}


def _s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _mb(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f} MB"


def _x(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×"


def _met(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "MISSED")


def rows_and_notes(results: dict) -> tuple[list[list[str]], list[str]]:
    t = TARGETS
    rows: list[list[str]] = []
    notes: list[str] = []

    def note(text: str) -> str:
        notes.append(text)
        return f"[{len(notes)}]"

    for label, size in results.get("sizes", {}).items():
        for key, what in (("aggregation", "ward × month × category aggregation"),
                          ("compute", "five indicators, every ward and quarter")):
            p, n = size[key]["project"], size[key].get("naive")
            speed = n["median_s"] / p["median_s"] if n and p["median_s"] else None
            want = t["speedup"].get(label)
            rows.append([f"{what}: project vs naive pandas (time)", label, _s(p["median_s"]),
                         _s(n["median_s"]) if n else "not run", _x(speed), f"≥{want:.0f}× faster" if want else "info",
                         _met(speed >= want) if speed and want else "—"])
            mem = n["peak_mb"] / p["peak_mb"] if n and p.get("peak_mb") else None
            rows.append([f"{what}: peak memory (naive / project)", label, _mb(p.get("peak_mb")),
                         _mb(n["peak_mb"]) if n else "—", _x(mem),
                         f"≥{t['memory_ratio_10m']:.0f}× less" if label == "10M" else "info",
                         _met(mem >= t["memory_ratio_10m"]) if label == "10M" and mem else "—"])
        rollup = size["aggregation"].get("project_rollup")
        if rollup:
            rows.append(["the same aggregation through the monthly rollup (what pages run)", label,
                         _s(rollup["median_s"]), "", "", "info", "—"])
        im = size.get("ingest_month")
        if im:
            target = t["ingest_10m_s"] if label == "10M" else None
            rows.append([f"one month's hub extract ingested, values refreshed ({size['build'].get('month_file_rows')} "
                         "rows)", label, _s(im["median_s"]), "", "", f"≤{target:.0f} s" if target else "info (≤15 s at 10M)",
                         _met(im["median_s"] <= target) if target else "—"])
            rows.append(["  its peak memory", label, _mb(im.get("peak_mb")), "", "", "info", "—"])
    by_store = results.get("visits_by_store") or ({"sample": results["visits"]} if results.get("visits") else {})
    for store, v in by_store.items():
        if "skipped" in v:
            continue
        floor, dash = v["floor"], v["dashboard"]
        r = dash["start_s"] / floor["start_s"]
        rows.append(["server start → Overview done (floor: start → its page)", store, _s(dash["start_s"]),
                     _s(floor["start_s"]), _x(r), f"≤{t['start_x_floor']}×", _met(r <= t["start_x_floor"])])
        for path, p in dash["pages"].items():
            r1, r2 = p["first_s"] / floor["visit_s"], p["second_s"] / floor["visit_s"]
            rows.append([f"/{path} first visit (new tab)", store, _s(p["first_s"]), _s(floor["visit_s"]), _x(r1),
                         f"≤{t['first_visit_x_floor']}×", _met(r1 <= t["first_visit_x_floor"])])
            rows.append([f"/{path} second visit (new tab, median of {len(p.get('second_visits') or [0])})", store, _s(p["second_s"]), _s(floor["visit_s"]), _x(r2),
                         f"≤{t['second_visit_x_floor']}×", _met(r2 <= t["second_visit_x_floor"])])
        ch = sorted(dash.get("sidebar_change_s") or [])
        floor_ch = sorted(floor.get("sidebar_change_s") or [])
        if ch:
            p50 = ch[len(ch) // 2]
            ref = floor_ch[len(floor_ch) // 2] if floor_ch else None
            rows.append([f"sidebar change (period), p50 of {len(ch)} (floor: its own select box)", store, _s(p50),
                         _s(ref), _x(p50 / ref) if ref else "", f"≤{t['sidebar_p50_s'] * 1000:.0f} ms",
                         _met(p50 <= t["sidebar_p50_s"])])
        if dash.get("pack_click_s") is not None:
            rows.append(["default agenda's pack from the meeting page: press → download ready", store,
                         _s(dash["pack_click_s"]), "", "", f"≤{t['pack_s']:.0f} s",
                         _met(dash["pack_click_s"] <= t["pack_s"])])
        nx = sorted(dash.get("next_s") or [])
        if nx:
            p50 = nx[len(nx) // 2]
            rows.append([f"presentation Next on the default agenda, p50 of {len(nx)}", store, _s(p50), "", "",
                         f"≤{t['next_s']:.0f} s", _met(p50 <= t["next_s"])])
    packs = results.get("pack_by_store") or ({"sample": results["pack"]} if results.get("pack") else {})
    for store, pk in packs.items():
        if "skipped" in pk:
            rows.append(["default agenda's pack built cold", store, "failed", "", "", f"≤{t['pack_s']:.0f} s", "—"])
            continue
        rows.append([f"default agenda's pack built cold, no cache ({pk.get('pages')} pages, PDF + PNGs)", store, _s(pk["seconds"]), "",
                     "", f"≤{t['pack_s']:.0f} s", _met(pk["seconds"] <= t["pack_s"])])
    return rows, notes


def table(rows: list[list[str]], notes: list[str], results: dict) -> str:
    widths = [max(len(str(r[i])) for r in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]

    def line(cells) -> str:
        return " | ".join(str(c).ljust(widths[i]) if i in (0, 1, 5) else str(c).rjust(widths[i])
                          for i, c in enumerate(cells)).rstrip()

    m = results["machine"]
    head = (f"Locality Dashboard benchmark, {results['date']} — {m.get('nproc')} cores, {m.get('memory_gib')} GiB, "
            f"{m.get('cpu_model', '?')}; load average {results['load_at_start'][:1]} at start, "
            f"{results['load_at_end'][:1]} at end; medians of {results['settings']['runs']} runs (each in a fresh "
            f"process); Lancashire-shaped stores: {results['settings']['districts']} districts, "
            f"{results['settings']['wards']} wards.")
    out = [head, "", line(COLUMNS), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows]
    checks = [f"aggregation {label}: {'same groups and total' if c['same_groups'] and c['same_total'] else 'DIFFERENT'}"
              for label, size in results.get("sizes", {}).items() if (c := size["aggregation"].get("check"))]
    if checks:
        out += ["", "naive vs project checked: " + "; ".join(checks) + "."]
    if notes:
        out += ["", "Notes:"] + [f"[{i}] {n}" for i, n in enumerate(notes, 1)]
    return "\n".join(out)


def markdown(rows: list[list[str]]) -> str:
    """The same rows as a Markdown table (what the README shows)."""
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(out)
