"""Outcomes in the store, on a copy of the sample store: the backlog as materialised, targets, the intervention
log (audited, validated, CLI) and its impact estimate, and the alert rules (each fires once, viewer text safe)."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from metrics.targets import OFF, ON
from settings import get_settings
from tests.conftest import ROOT
from warehouse import alerts, values
from warehouse.interventions import (
    InterventionNotFound,
    add_intervention,
    get_intervention,
    impact,
    list_interventions,
    logs_version,
    withdraw,
)
from warehouse.store import connect
from warehouse.targets import evaluate_all

Z = 1.959963984540054
START = "E07000118"  # Chorley


@pytest.fixture
def store(store_copy):
    s = connect(store_copy)
    yield s
    s.close()


def test_the_materialised_backlog_equals_a_recomputation_from_the_stores_own_counts(store):
    rows = values.read(store, "mh_start_referrals", role="analyst", period_types=["month"], areas=[START])
    rows = rows.sort_values("period_start").set_index("period")
    # The trust's '*' (1-7) counts at their middle, 4, on both sides; one baseline year, so k = 1.
    counted = (rows["count"] + 4 * rows["withheld"]).astype(float)
    base = counted.loc["2019-01":"2019-12"]
    window = rows.loc["2020-03":"2021-12"]
    expected = np.array([base.iloc[m.month - 1] for m in window["period_start"]])
    gap = np.cumsum(counted.loc["2020-03":"2021-12"].to_numpy() - expected)
    assert window["cumulative_gap"].to_numpy() == pytest.approx(gap)
    # Var at Dec 2021: observed counts + each calendar month's baseline count x (times used)^2; +/- 3 per withheld
    used = pd.Series([m.month for m in window["period_start"]]).value_counts()
    var = counted.loc["2020-03":"2021-12"].sum() + sum(n**2 * base.iloc[c - 1] for c, n in used.items())
    spread = 3 * (window["withheld"].sum() + sum(n * rows["withheld"].loc["2019-01":"2019-12"].iloc[c - 1]
                                                  for c, n in used.items()))
    assert window["cumulative_gap_upper"].iloc[-1] == pytest.approx(gap[-1] + spread + Z * math.sqrt(var))
    assert rows.loc[:"2020-02", "cumulative_gap"].isna().all()


def test_viewer_backlogs_come_from_the_viewers_own_counts(store):
    rows = values.read(store, "mh_iapt_referrals", role="viewer", period_types=["month"], areas=[START])
    rows = rows.sort_values("period_start").set_index("period")
    window = rows.loc["2020-03":]
    assert (window["count"] % 5 == 0).all()  # rounded to 5
    counted = (rows["count"] + 4 * rows["withheld"]).astype(float)
    expected = [counted.loc[f"2019-{m.month:02d}"] for m in window["period_start"]]
    assert window["cumulative_gap"].to_numpy() == pytest.approx(np.cumsum(counted.loc["2020-03":] - expected))


def test_sample_targets_include_one_on_track_and_one_off_track(store):
    found = {(s.target.indicator, s.target.gap): s for s in evaluate_all(store, role="viewer")}
    assert found[("fb_vouchers", "")].status == OFF
    assert found[("hub_food_parcels", "")].status == ON
    assert "off track" in found[("fb_vouchers", "")].sentence()


def test_the_intervention_log_is_validated_audited_and_withdrawn_not_deleted(store):
    before = logs_version(store)
    with pytest.raises(ValueError, match="unknown area"):
        add_intervention(store, title="X", partner="P", areas=["E0500000"], indicators=["fb_vouchers"],
                         start="2021-01-01", created_by="a@example.org")
    with pytest.raises(ValueError, match="not a rate"):
        add_intervention(store, title="X", partner="P", areas=["E05013066"], indicators=["fb_income_share"],
                         start="2021-01-01", created_by="a@example.org")
    with pytest.raises(ValueError, match="end date is before"):
        add_intervention(store, title="X", partner="P", areas=["E05013066"], indicators=["fb_vouchers"],
                         start="2021-01-01", end="2020-01-01", created_by="a@example.org")
    new = add_intervention(store, title="  Warm   spaces ", partner="Chorley Council", areas=["E05013066"],
                           indicators=["hub_requests"], start="2021-02-01", created_by="a@example.org")
    item = get_intervention(store, new)
    assert item.title == "Warm spaces" and item.created_by == "a@example.org" and item.end is None
    assert logs_version(store) != before
    withdraw(store, new, by="b@example.org")
    assert new not in [i.intervention_id for i in list_interventions(store)]
    row = store.fetch('SELECT withdrawn_by FROM "interventions" WHERE intervention_id = ?', [new])
    assert row["withdrawn_by"].iloc[0] == "b@example.org"
    with pytest.raises(InterventionNotFound):
        withdraw(store, 999, by="b@example.org")


def test_impact_on_the_sample_matches_statsmodels_on_the_same_series(store):
    item = next(i for i in list_interventions(store) if i.title.startswith("Doorstep"))
    result = impact(store, item, "fb_vouchers", role="analyst")
    assert len(result.comparisons) == 4 and not set(result.comparisons) & set(item.areas)
    s = result.series.dropna(subset=["treated"])
    t0 = s.loc[s["post"], "t"].min()
    post = s["post"].astype(float)
    x = np.column_stack([np.ones(len(s)), s["t"], post, (s["t"] - t0) * post])
    ref = sm.OLS(s["treated"].to_numpy(), x).fit()
    assert result.its.level.value == pytest.approx(ref.params[2]) and result.its.level.se == pytest.approx(ref.bse[2])
    gap = (s["treated"] - s["comparison"]).to_numpy()
    did = sm.OLS(gap, np.column_stack([np.ones(len(s)), post])).fit()
    assert result.did.effect.value == pytest.approx(did.params[1])


def test_the_pooled_series_is_the_areas_summed_counts_over_summed_populations(store):
    item = next(i for i in list_interventions(store) if i.title.startswith("Doorstep"))
    result = impact(store, item, "fb_vouchers", role="analyst")
    rows = values.read(store, "fb_vouchers", role="analyst", periods=["2020-06"], areas=list(item.areas))
    by_hand = rows["count"].astype(float).sum() / rows["denominator"].sum() * 1000
    month = result.series.set_index("month").loc[pd.Timestamp("2020-06-01"), "treated"]
    assert month == pytest.approx(by_hand)


def test_alert_rules_fire_once_with_a_link_each(store):
    store.execute('DELETE FROM "alerts"')
    with store.transaction():
        first = alerts.run(store, today=date(2022, 1, 10))
    fired = alerts.read_alerts(store, role="viewer")
    # on 10 Jan 2022 only police.uk is stale: its real months end in September 2021
    assert first > 0 and set(fired["rule"]) == {"spc", "target", "worse", "stale"}
    assert set(fired.loc[fired["rule"] == "stale", "area_code"]) == {"police_uk"}
    assert fired["link"].str.startswith("/").all()
    assert "fb_vouchers" in set(fired.loc[fired["rule"] == "target", "indicator_id"])
    with store.transaction():
        assert alerts.run(store, today=date(2022, 1, 10)) == 0  # once only
    with store.transaction():
        later = alerts.run(store, today=date(2022, 3, 1))  # January 2022 should be in by 1 March
    stale = alerts.read_alerts(store, role="viewer").query("rule == 'stale'")
    # every source but police.uk newly stale, for both roles (police.uk fired in January already)
    assert later == 2 * (len(stale) - 1) and {"community_hub", "police_uk"} <= set(stale["area_code"])


COUNT = re.compile(r"\(count ([\d,]+)\)")


def test_no_viewer_alert_quotes_a_count_of_1_to_7_and_each_is_the_analysts_rounded(store):
    store.execute('DELETE FROM "alerts"')
    with store.transaction():
        alerts.run(store, today=date(2022, 1, 10))
    viewer = alerts.read_alerts(store, role="viewer").set_index(["rule", "indicator_id", "area_code", "period"])
    analyst = alerts.read_alerts(store, role="analyst").set_index(["rule", "indicator_id", "area_code", "period"])
    checked = 0
    for key, text in viewer["text"].items():
        for match in COUNT.finditer(text):
            shown = int(match.group(1).replace(",", ""))
            assert not 1 <= shown <= 7 and shown % 5 == 0, text
            if key in analyst.index:
                true = int(COUNT.search(analyst.loc[key, "text"]).group(1).replace(",", ""))
                assert abs(shown - true) <= 2, (text, true)
                checked += 1
    assert checked > 0


def test_an_ingest_runs_the_alert_rules_in_its_transaction(tmp_path):
    from warehouse.ingest import ingest
    from warehouse.sample import EXTRACTS, sample_files

    s = connect(f"duckdb:///{tmp_path / 'fresh.duckdb'}")
    try:
        for source, path in sample_files():
            if source in ("lsoa_ward", "population"):
                ingest(s, source, path)
        ingest(s, "mental_health", next((EXTRACTS / "mental_health").glob("*.csv")))
        stale = alerts.read_alerts(s, role="viewer").query("rule == 'stale'")
        assert list(stale["area_code"]) == ["mental_health"]  # the sample ends in 2021: stale today
    finally:
        s.close()


def run_cli(*args: str, db: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "warehouse", "--db", db, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_command_line_keeps_the_log_and_prints_the_digest(sample_store_url, tmp_path):
    db = f"duckdb:///{tmp_path / 'cli.duckdb'}"
    shutil.copy(sample_store_url.removeprefix("duckdb:///"), tmp_path / "cli.duckdb")
    added = run_cli("interventions", "add", "--title", "Warm spaces", "--partner", "Chorley Council", "--areas",
                    "E05013066,E05013074", "--indicators", "hub_requests", "--start", "2021-02-01", "--by",
                    "analyst@example.org", db=db)
    assert added.returncode == 0, added.stderr
    listed = run_cli("interventions", "list", db=db)
    assert "Warm spaces (Chorley Council), from 01 Feb 2021 (ongoing)" in listed.stdout
    refused = run_cli("interventions", "add", "--title", "X", "--partner", "P", "--areas", "nowhere", "--indicators",
                      "hub_requests", "--start", "2021-02-01", "--by", "a", db=db)
    assert refused.returncode == 1 and "unknown area" in refused.stderr
    digest = run_cli("digest", "--role", "viewer", "--today", "2022-01-10", db=db)
    assert digest.returncode == 0, digest.stderr
    assert digest.stdout.startswith(f"{get_settings().partnership} Locality Dashboard: ") and "Targets off track (2)" in digest.stdout
