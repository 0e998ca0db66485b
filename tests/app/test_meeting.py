"""Partnership meetings in the frame (AppTest, sample store): presentation mode from the URL, stepping through
the default agenda, an analyst saving an agenda and presenting it back, and what viewers may do."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from settings import get_settings
from tests.app.conftest import framed
from tests.conftest import as_shown
from views.agenda import AgendaView
from warehouse.agendas import list_agendas, load_agenda
from warehouse.store import opened


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_presentation_mode_hides_navigation_and_filters_and_steps_through_the_default_agenda(viewer_env):
    at = framed(view="partnership-meeting", present="1", agenda="default", step="0")
    assert not at.exception, at.exception
    assert len(at.sidebar.selectbox) == 0 and len(at.sidebar.multiselect) == 0  # no sidebar filters drawn
    assert as_shown(at.title[0].value) == f"{get_settings().partnership}: the partnership at a glance"
    # the agenda's heading is the one title (the page's own is not drawn: the chart must fit a 1280x720 screen);
    # the overview page runs beneath, its findings beside its lead chart
    assert len(at.title) == 1 and at.get("plotly_chart")
    assert at.button(key="present-prev").disabled and not at.button(key="present-next").disabled
    assert any("view 1 of" in as_shown(m.value) for m in at.markdown)
    assert any("significantly higher for MH referrals" in as_shown(m.value) for m in at.markdown)  # the sentences

    at.button(key="present-next").click().run()
    assert not at.exception, at.exception
    assert at.query_params["step"] == "1" and at.query_params["present"] == "1"
    assert re.search(r"worse than (Chorley|South Ribble) and getting worse$", as_shown(at.title[0].value))
    assert len(at.title) == 1 and at.get("plotly_chart")  # the Trends page's chart, under the view's heading
    assert at.query_params["indicator"] == "police_crime"  # the view's filters, written to the URL
    assert any(re.search(r"significantly higher than (Chorley|South Ribble)'s", as_shown(m.value)) for m in at.markdown)

    at.button(key="present-prev").click().run()
    assert at.query_params["step"] == "0" and as_shown(at.title[0].value) == f"{get_settings().partnership}: the partnership at a glance"
    at.button(key="present-exit").click().run()
    assert not at.exception, at.exception
    assert "present" not in at.query_params and at.sidebar.selectbox(key="f_indicator").value == "hub_food_parcels"


def test_the_views_filters_override_the_urls_and_a_step_past_the_end_shows_the_last(viewer_env):
    at = framed(present="1", agenda="default", step="99", indicator="ca_debt")
    assert not at.exception, at.exception
    assert at.query_params["step"] != "99" and at.button(key="present-next").disabled
    assert as_shown(at.title[0].value).endswith(": what changed")  # the latest intervention closes the agenda
    assert len(at.title) == 1  # while presenting, the agenda's heading replaces the page's own title
    assert at.query_params["intervention"] == "2" and at.query_params["indicator"].startswith("hub_")


def test_an_unknown_agenda_is_explained_not_a_stack_trace(viewer_env):
    at = framed(present="1", agenda="999")
    assert not at.exception, at.exception
    assert "there is no saved agenda 999" in at.warning[0].value


def test_the_meeting_page_lists_the_default_agenda_with_links_to_present_each_view(viewer_env):
    at = framed(view="partnership-meeting")
    assert not at.exception, at.exception
    assert as_shown(at.title[0].value) == "Partnership meeting"
    steps = at.dataframe[0].value
    assert 5 <= len(steps) <= 12 and steps["Page"].iloc[0] == "Overview"
    assert {"Priorities", "Interventions"} <= set(steps["Page"])
    assert steps["Present"].str.contains("/partnership-meeting?present=1&agenda=default&step=", regex=False).all()
    assert "present=1&agenda=default&step=0" in at.code[0].value
    assert any(b.label == "Make the pack (PDF, charts)" for b in at.button)  # made on request, with progress
    assert at.get("download_button") == []
    assert not any(t.key == "draft-heading" for t in at.text_input)  # viewers present; analysts make agendas


def test_an_analyst_saves_an_agenda_and_it_presents_with_its_filters(analyst_env):
    at = framed(view="partnership-meeting", indicator="ca_housing", period="2020-Q4", wards="E05013066")
    assert not at.exception, at.exception
    at.text_input(key="draft-heading").input("Housing advice: Chorley East")
    at.selectbox(key="draft-page").select("ward-map")
    button(at, "Add to the draft agenda").click().run()
    assert at.text_input(key="draft-heading").value == ""
    at.text_input(key="draft-name").input("March partnership meeting")
    button(at, "Save agenda").click().run()
    assert not at.exception, at.exception
    assert "Saved as agenda" in at.success[0].value

    with opened(analyst_env, read_only=True) as store:
        saved = list_agendas(store)
        latest = load_agenda(store, int(saved["agenda_id"].max()))
    assert latest.name == "March partnership meeting" and latest.created_by == "local analyst"
    expected = AgendaView("Housing advice: Chorley East", "ward-map",
                          {"indicator": "ca_housing", "period": "2020-Q4", "areas": "E05013066"})
    assert [AgendaView.from_dict(v) for v in latest.views] == [expected]

    shown = framed(present="1", agenda=str(latest.agenda_id), step="0")
    assert not shown.exception, shown.exception
    assert as_shown(shown.title[0].value) == "Housing advice: Chorley East" and len(shown.title) == 1
    assert "Housing advice · Oct-Dec 2020" in as_shown(shown.subheader[0].value)
    assert any(as_shown(m.value).startswith("- Housing advice in Chorley East:") for m in shown.markdown)
