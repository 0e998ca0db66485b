"""Alerts: rules run after every ingest (inside its transaction, after the values are refreshed) and by
`python -m warehouse digest`, each fired once, for each role, with its text written from that role's values.

Rules (the `rule` column):
- `spc`: a demand or share indicator's latest month, for a district or the partnership, lies outside its XmR
  process limits (NHS Making Data Count; runs and shifts alone are not alerted, or a sustained change would
  alert every month).
- `target`: a target ([[priorities]]) is off track now and was not at the previous period (or has never
  been alerted as off track).
- `worse`: a ward is significantly worse than its comparator and getting worse (metrics.flags) in the latest
  complete quarter, and was not in the quarter before.
- `stale`: a source declaring a monthly cadence has no month newer than expected: the month before last,
  `lag_days` after its end, should be there (sources/*.py `cadence`, `lag_days`).

An alert fires once: its `key` (rule, indicator, area, period) is never fired again for that role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import numpy as np
import pandas as pd

import sources
from metrics import catalogue
from metrics.flags import worse_and_worsening
from metrics.targets import OFF
from settings import get_settings
from warehouse import values
from warehouse.store import Store
from warehouse.targets import evaluate

ROLES = values.ROLES
RULES = {"spc": "Unusual months (SPC)", "target": "Targets off track", "worse": "Wards newly worse and getting worse",
         "stale": "Sources with no new month"}
COLUMNS = ["rule", "role", "indicator_id", "area_code", "period", "subject", "text", "link", "key"]


@dataclass(frozen=True)
class Alert:
    rule: str
    role: str
    indicator_id: str
    area_code: str
    period: str
    subject: str
    text: str
    link: str  # a path with its query, e.g. /demand-trends?indicator=…

    @property
    def key(self) -> str:
        return "|".join((self.rule, self.indicator_id, self.area_code, self.period))


def _link(page: str, **params: str) -> str:
    query = {k: v for k, v in params.items() if v}
    return f"/{page}" + (f"?{urlencode(query)}" if query else "")


def _value(value: float, unit: str) -> str:
    return f"{value:,.2f}{unit}" if unit.startswith("%") else f"{value:,.2f} {unit}"


def _count_text(row) -> str:
    """' (count 512)' when the role may see the count, else nothing: a hidden count is never quoted."""
    if bool(row.suppressed) or pd.isna(row.count):
        return ""
    return f" (count {int(row.count):,})"


def spc_alerts(store: Store, role: str) -> list[Alert]:
    geo = values.geography(store)
    tops = [a.code for a in geo.of_type("district", "partnership")]
    ids = [i.id for i in catalogue.all_indicators() if i.method in ("rate", "proportion")]
    rows = values.read(store, ids, role=role, period_types=["month"], areas=tops,
                       columns=["indicator_id", "area_code", "area_name", "period", "period_start", "count",
                                "suppressed", "value", "spc_mean", "spc_upper", "spc_lower"])
    if rows.empty:
        return []
    latest = rows.groupby("indicator_id")["period_start"].transform("max")
    rows = rows[(rows["period_start"] == latest) & rows["value"].notna() & rows["spc_upper"].notna()]
    out = []
    for r in rows[(rows["value"] > rows["spc_upper"]) | (rows["value"] < rows["spc_lower"])].itertuples():
        indicator = catalogue.get(r.indicator_id)
        high = r.value > r.spc_upper
        limit = r.spc_upper if high else r.spc_lower
        month = pd.Timestamp(r.period_start)
        subject = f"{indicator.title} unusually {'high' if high else 'low'} in {r.area_name}, {month:%B %Y}"
        text = (f"{indicator.title} in {r.area_name}, {month:%B %Y}: {_value(r.value, indicator.unit)}{_count_text(r)}, "
                f"{'above the upper' if high else 'below the lower'} process limit of {limit:,.2f} (average "
                f"{r.spc_mean:,.2f}; XmR chart, NHS Making Data Count).")
        out.append(Alert("spc", role, r.indicator_id, r.area_code, r.period, subject, text,
                         _link("demand-trends", indicator=r.indicator_id, period=r.period)))
    return out


def target_alerts(store: Store, role: str, fired: set[str]) -> list[Alert]:
    out = []
    for priority in get_settings().priorities:
        for target in priority.targets:
            try:
                now = evaluate(store, target, role=role, priority=priority.name)
            except (ValueError, KeyError):  # a target the configuration gets wrong is shown on its page, not here
                continue
            if now.status != OFF or now.latest is None:
                continue
            previous_index = int(now.latest["period_index"]) - 1
            before = evaluate(store, target, role=role, priority=priority.name, upto=previous_index).status
            key_prefix = f"target|{target.indicator}|{target.key}|"
            if before == OFF and any(k.startswith(key_prefix) for k in fired):
                continue
            out.append(Alert("target", role, target.indicator, target.key, str(now.latest["period"]),
                             f"{priority.name}: {now.title} target off track", now.sentence(), _link("partnership-priorities", focus="off")))
    return out


def _flagged(store: Store, role: str) -> pd.DataFrame:
    ids = [i.id for i in catalogue.all_indicators() if i.polarity != "no_judgement" and i.method != "score"]
    rows = values.read(store, ids, role=role, area_types=["ward"], period_types=["quarter"])
    if rows.empty:
        return rows
    geo = values.geography(store)
    return rows.assign(indicator_title=rows["indicator_id"].map(lambda i: catalogue.get(i).title),
                       parent_name=rows["parent_code"].map(geo.names))


def worse_alerts(store: Store, role: str) -> list[Alert]:
    rows = _flagged(store, role)
    if rows.empty:
        return []
    out = []
    for indicator_id, g in rows.groupby("indicator_id"):
        quarters = sorted(g["period_start"].unique())
        if not quarters:
            continue
        now = worse_and_worsening(g[g["period_start"] == quarters[-1]])
        before = set(worse_and_worsening(g[g["period_start"] == quarters[-2]])["area_code"]) if len(quarters) > 1 \
            else set()
        indicator = catalogue.get(indicator_id)
        for r in now[~now["area_code"].isin(before)].itertuples():
            subject = f"{r.area_name}: {indicator.title} newly worse than {r.parent_name} and getting worse"
            text = (f"{indicator.title} in {r.area_name}, {r.period_label}: {_value(r.value, indicator.unit)} (95% CI "
                    f"{r.lower_ci:,.2f} to {r.upper_ci:,.2f}){_count_text(r)}, significantly worse than "
                    f"{r.parent_name}; recent trend {r.trend}. It was not both in the quarter before.")
            out.append(Alert("worse", role, indicator_id, r.area_code, r.period, subject, text,
                             _link("demand-trends", indicator=indicator_id, areas=r.area_code)))
    return out


def expected_month(today: date, lag_days: int) -> pd.Timestamp:
    """The latest month a source with this lag should have by `today`: the last month whose end + lag has passed."""
    day = pd.Timestamp(today) - pd.Timedelta(days=lag_days)
    return (day.to_period("M") - 1).start_time


def stale_alerts(store: Store, role: str, today: date) -> list[Alert]:
    held = store.fetch('SELECT source, MAX(period) AS latest FROM "events" GROUP BY source')
    latest = dict(zip(held["source"], pd.to_datetime(held["latest"]), strict=True))
    settings = get_settings()
    out = []
    for source in sources.all_sources():
        if source.cadence != "monthly" or source.name not in latest:
            continue
        due = expected_month(today, source.lag_days)
        have = latest[source.name]
        if have >= due:
            continue
        partner = settings.partner_name(source.name, source.partner)
        missing = len(pd.date_range(have, due, freq="MS")) - 1
        subject = f"{source.title}: no new month since {have:%B %Y}"
        text = (f"{partner} ({source.title}): the latest month held is {have:%B %Y}; {due:%B %Y} was expected by "
                f"{today:%d %B %Y} (monthly, {source.lag_days} days after a month ends), so {missing} "
                f"month{'s are' if missing != 1 else ' is'} missing.")
        out.append(Alert("stale", role, "", source.name, f"{have:%Y-%m}", subject, text,
                         _link("data-and-definitions")))
    return out


def fired_keys(store: Store, role: str) -> set[str]:
    return set(store.fetch('SELECT "key" FROM "alerts" WHERE role = ?', [role])["key"])


def evaluate_rules(store: Store, *, today: date | None = None) -> list[Alert]:
    """Every rule for both roles; only alerts not fired before (by key, per role)."""
    today = today or datetime.now(UTC).date()
    new = []
    for role in ROLES:
        fired = fired_keys(store, role)
        found = [*spc_alerts(store, role), *target_alerts(store, role, fired), *worse_alerts(store, role),
                 *stale_alerts(store, role, today)]
        new += [a for a in dict.fromkeys(found) if a.key not in fired]
    return new


def record(store: Store, alerts: list[Alert]) -> int:
    """Store alerts (inside the caller's transaction) with when they fired; returns how many."""
    if not alerts:
        return 0
    first = int(store.fetch('SELECT COALESCE(MAX(alert_id), 0) AS n FROM "alerts"')["n"].iloc[0]) + 1
    frame = pd.DataFrame([{c: getattr(a, c) for c in COLUMNS} for a in alerts])
    frame.insert(0, "alert_id", np.arange(first, first + len(frame)))
    frame.insert(1, "fired_at", datetime.now(UTC).replace(tzinfo=None))
    store.insert_frame("alerts", frame)
    return len(frame)


def run(store: Store, *, today: date | None = None) -> int:
    """Evaluate the rules and record what fired (the caller holds the transaction, as ingest does)."""
    return record(store, evaluate_rules(store, today=today))


def read_alerts(store: Store, *, role: str, since: datetime | None = None, limit: int = 500) -> pd.DataFrame:
    """A role's alerts, newest first (fired since `since` when given)."""
    sql = 'SELECT alert_id, fired_at, rule, indicator_id, area_code, period, subject, text, link FROM "alerts" ' \
          "WHERE role = ?"
    params: list = [role]
    if since is not None:
        sql += " AND fired_at > ?"
        params.append(since)
    frame = store.fetch(sql + f" ORDER BY fired_at DESC, alert_id LIMIT {int(limit)}", params)
    frame["fired_at"] = pd.to_datetime(frame["fired_at"])
    return frame

