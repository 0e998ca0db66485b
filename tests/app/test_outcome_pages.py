"""The outcome pages in the frame (AppTest, sample store): Priorities, Interventions (an analyst adds one through
the form; a viewer has no form), Alerts, and the backlog on Trends and in the ward profile."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from settings import get_settings
from tests.app.conftest import framed
from tests.conftest import as_shown
from warehouse.interventions import list_interventions
from warehouse.store import opened


def texts(at: AppTest) -> str:
    return " ".join(as_shown(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.success])


def test_priorities_show_each_target_with_its_status_and_the_rule(viewer_env):
    at = framed("partnership-priorities")
    assert not at.exception, at.exception
    assert as_shown(at.title[0].value) == f"{get_settings().partnership}: priorities and targets"
    table = at.dataframe[0].value
    assert list(table["Priority"].unique()) == ["Employability", "Nutrition and health", "Housing"]
    assert set(table["Status"]) >= {"on track", "off track"}
    assert "entirely on the target's side" in texts(at)
    assert len(at.get("plotly_chart")) == len(table)
    at.radio(key="page-focus").set_value("off").run()
    assert at.query_params["focus"] == "off"
    assert len(at.get("plotly_chart")) == (table["Status"] == "off track").sum()


def test_interventions_show_the_log_and_the_chosen_impact_in_words(viewer_env):
    at = framed("partner-interventions")
    assert not at.exception, at.exception
    at.selectbox(key="intervention-choice").set_value("1").run()
    log = at.dataframe[0].value
    assert {"Doorstep delivery of food parcels", "Debt advice outreach at the food bank"} <= set(log["Intervention"])
    assert as_shown(at.header[0].value).startswith("Doorstep delivery of food parcels")
    words = texts(at)
    assert "95% CI" in words and ("no detectable change" in words or "a rise" in words or "a fall" in words)
    assert not any(t.label == "What was done" for t in at.text_input)  # viewers see the log, analysts keep it


def test_an_analyst_adds_an_intervention_through_the_form(analyst_copy):
    at = framed("partner-interventions")
    assert not at.exception, at.exception
    next(t for t in at.text_input if t.label == "What was done").input("Warm spaces in libraries")
    next(t for t in at.text_input if t.label == "Which partner").input("Chorley Council")
    next(m for m in at.multiselect if m.label == "Which areas").select("E05013066")
    next(m for m in at.multiselect if m.label == "The indicators it aims at").select("hub_requests")
    next(b for b in at.button if b.label == "Add to the log").click().run()
    assert not at.exception, at.exception
    with opened(analyst_copy, read_only=True) as store:
        added = [i for i in list_interventions(store) if i.title == "Warm spaces in libraries"]
    assert len(added) == 1 and added[0].created_by == "local analyst" and added[0].areas == ("E05013066",)


def test_alerts_list_each_alert_with_when_it_fired(viewer_env):
    at = framed("partnership-alerts")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert {"Fired (UTC)", "Rule", "Alert", "Detail", "Open"} <= set(table.columns)
    assert table["Open"].str.startswith("/").all() and "Targets off track" in set(table["Rule"])
    assert "/partnership-priorities?focus=off" in set(table["Open"])  # the alert opens its view


def test_trends_show_the_backlog_with_its_sentence(viewer_env):
    at = framed("demand-trends", indicator="mh_iapt_referrals")
    assert not at.exception, at.exception
    assert any(as_shown(s.value) == "Missing demand and backlog" for s in at.subheader)
    assert len(at.get("plotly_chart")) == 2
    assert f"fewer IAPT (talking therapies) referrals than expected had arrived in {get_settings().partnership} since March 2020 (95% interval" in texts(at)


def test_the_ward_profile_lists_every_demand_indicators_backlog(viewer_env):
    at = framed("ward-profile", areas="E05013066")
    assert not at.exception, at.exception
    assert any(as_shown(s.value).startswith("Missing demand since") for s in at.subheader)
    backlog = next(df.value for df in at.dataframe if "Deepest shortfall" in df.value.columns)
    assert "START referrals" in set(backlog["Indicator"])
    # one column per figure whichever month an indicator's gap is known to (a suppressed month ends it)
    assert backlog["Total to the latest month"].str.fullmatch(r"[+-][\d,]+").all(), backlog
    assert backlog["Latest month"].str.fullmatch(r"[A-Z][a-z]{2} \d{4}").all()
    assert set(backlog["Deepest shortfall"][backlog["Significant shortfall"] == "yes"]) != {"none"}


def test_every_page_has_its_own_url_path_other_than_its_file_stem_and_the_warehouse_links_use_them():
    from pathlib import Path

    import views
    from warehouse import digest

    paths = [p.path for p in views.PAGES]
    assert len(set(paths)) == len(paths)
    assert all(p.path != Path(p.file).stem for p in views.PAGES), [(p.path, p.file) for p in views.PAGES]
    assert digest.ALERTS == "/" + views.BY_PATH["partnership-alerts"].PAGE.path
    assert {"partnership-priorities", "partner-interventions", "partnership-alerts"} <= set(paths)
