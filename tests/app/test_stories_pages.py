"""Stories on the rendered pages (AppTest in the frame, sample store): the Stories page for both roles, an analyst
adding a story through the form (refused while it has personal details), and stories beside the figures of the
ward profile and the community hub page: a viewer never receives a story not marked shareable with consent,
in any text, table or download."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from sample_data.stories import SAMPLE_STORIES
from settings import get_settings
from tests.app.conftest import framed
from tests.conftest import as_shown
from warehouse.store import opened
from warehouse.stories import add_story, list_stories

SHAREABLE = [s["text"] for s in SAMPLE_STORIES if s["shareable"] and s["consent_recorded"]]
HIDDEN = [s["text"] for s in SAMPLE_STORIES if s["text"] not in SHAREABLE]


def shown(at: AppTest) -> str:
    """Everything a person reads on the page: text elements and every table cell (downloads hold the same rows)."""
    words = [as_shown(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.success,
                                         *at.error, *at.subheader, *at.header, *at.title]]
    words += [" ".join(map(str, df.value.astype(str).to_numpy().ravel())) for df in at.dataframe]
    return " ".join(" ".join(w.split()) for w in words)


def test_viewers_see_only_shareable_stories_with_consent_and_no_form(viewer_env):
    at = framed("stories")
    assert not at.exception, at.exception
    page = shown(at)
    assert all(text in page for text in SHAREABLE)
    assert not any(text[:60] in page for text in HIDDEN)
    assert "Analysts only" not in page and "Every change" not in page  # no audit for viewers
    assert not any(t.label == "Which partner" for t in at.text_input)
    assert "The personal-details check" in page and "Refused: \u201cMrs Patel came to the hub\u201d" in page  # the rules, printed


def test_analysts_see_every_story_marked_and_the_audit(analyst_env):
    at = framed("stories")
    assert not at.exception, at.exception
    page = shown(at)
    assert all(text in page for text in SHAREABLE + HIDDEN)
    assert "Analysts only: viewers are not shown this story (no consent recorded)." in page
    audit = next(df.value for df in at.dataframe if "What changed" in df.value.columns)
    assert list(audit["Action"]) == ["add"] * len(SAMPLE_STORIES) and set(audit["By"]) == {"sample data"}


def test_the_theme_control_filters_the_stories(viewer_env):
    at = framed("stories")
    at.selectbox(key="page-about").set_value("Money and work").run()
    assert not at.exception, at.exception
    assert at.query_params["about"] == ["Money and work"] or at.query_params["about"] == "Money and work"
    table = next(df.value for df in at.dataframe if "Story" in df.value.columns)
    assert list(table["Theme"]) == ["Money and work"]


def test_an_analyst_adds_a_story_through_the_form_refused_until_personal_details_are_removed(analyst_copy):
    at = framed("stories")
    assert not at.exception, at.exception
    at.multiselect(key="new-areas").select("E05013066")
    at.selectbox(key="new-theme").set_value("Nutrition and food")
    at.text_input(key="new-partner").input("Chorley and South Ribble community hub")
    at.text_area(key="new-text").input("Mrs Patel rang 07700 900123: the parcel lasted all week.")
    next(b for b in at.button if b.label == "Check and save").click().run()
    assert not at.exception, at.exception
    refusal = " ".join(as_shown(e.value) for e in at.error)
    assert "Not saved: the story has personal details" in refusal
    assert "a name with a title 'Mrs Patel' (text, characters 1-9)" in refusal
    assert "a phone number '07700 900123' (text, characters 16-27)" in refusal
    with opened(analyst_copy, read_only=True) as store:
        assert len(list_stories(store, role="analyst")) == len(SAMPLE_STORIES)  # nothing saved
    at.text_area(key="new-text").input("A neighbour rang for a family: the parcel lasted all week.")
    next(b for b in at.button if b.label == "Check and save").click().run()
    assert not at.exception, at.exception
    assert not at.error
    with opened(analyst_copy, read_only=True) as store:
        added = [s for s in list_stories(store, role="analyst") if s.text.startswith("A neighbour")]
    assert len(added) == 1 and added[0].created_by == "local analyst" and not added[0].for_viewers
    assert "Saved as story" in " ".join(as_shown(e.value) for e in at.success)
    assert "A neighbour rang for a family" in shown(at)  # the page shows it at once (the cache key moved)


def test_an_analyst_edits_and_withdraws_a_story_through_the_forms(analyst_copy):
    at = framed("stories")
    at.selectbox(key="story-choice").set_value(1).run()
    at.text_area(key="edit-1-text").input("[Illustrative sample story] The doorstep parcel was a full cupboard.")
    next(b for b in at.button if b.label == "Check and save the changes").click().run()
    assert not at.exception, at.exception
    assert "Story 1: changed text." in " ".join(as_shown(e.value) for e in at.success)
    at.checkbox(key="withdraw-1-sure").check()
    next(b for b in at.button if b.label == "Withdraw").click().run()
    assert not at.exception, at.exception
    with opened(analyst_copy, read_only=True) as store:
        assert 1 not in [s.story_id for s in list_stories(store, role="analyst")]
        actions = store.fetch('SELECT action, changed_by FROM "story_changes" WHERE story_id = 1 ORDER BY change_id')
    assert list(actions["action"]) == ["add", "edit", "withdraw"]
    assert list(actions["changed_by"]) == ["sample data", "local analyst", "local analyst"]


@pytest.mark.parametrize("view, params, hidden, shareable", [
    ("ward-profile", {"areas": "E05013071"}, HIDDEN[0], None),  # Chorley South West: the story without consent
    ("ward-profile", {"areas": "E05013066"}, None, SHAREABLE[0]),
    ("ward-profile", {"areas": "E07000126"}, HIDDEN[1], None),  # South Ribble: consent, not for viewers
    ("community-hub", {}, HIDDEN[1], SHAREABLE[2]),
])
def test_stories_beside_the_figures_follow_the_role(viewer_env, monkeypatch, view, params, hidden, shareable):
    viewer = shown(framed(view, **params))
    monkeypatch.setenv("DASHBOARD_LOCAL_ROLE", "analyst")
    get_settings.cache_clear()
    analyst = shown(framed(view, **params))
    if hidden:
        assert hidden in analyst and hidden not in viewer
    if shareable:
        assert shareable in analyst and shareable in viewer
    assert "Stories from the partners" in analyst


def test_a_story_is_shown_as_typed_never_as_markup(analyst_copy):
    text = "**Bold** [a link](https://example.com) :red[red] <b>tag</b> from the hub's Tuesday session"
    with opened(analyst_copy) as store:
        add_story(store, areas=["E05013066"], theme="Nutrition and food", partner="Hub", text=text,
                  story_date="2021-03-01", created_by="test")
    at = framed("ward-profile", areas="E05013066")
    assert not at.exception, at.exception
    quote = next(m.value for m in at.markdown if "Tuesday session" in m.value)
    assert quote.startswith("> ") and as_shown(quote) == "> " + text
    assert "\\*\\*Bold\\*\\*" in quote and "\\[a link\\]" in quote and "\\:red\\[red\\]" in quote


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_meeting_steps_show_their_stories_by_role(analyst_copy, monkeypatch, role):
    from views.agenda import AgendaView
    from warehouse.agendas import save_agenda

    with opened(analyst_copy) as store:
        key = save_agenda(store, "Stories meeting", [AgendaView("South Ribble", "ward-profile", {"areas": "E07000126"}),
                                                     AgendaView("Chorley East", "ward-profile", {"areas": "E05013066"}),
                                                     AgendaView("The hub", "community-hub")], "test")
    monkeypatch.setenv("DASHBOARD_LOCAL_ROLE", role)
    get_settings.cache_clear()
    steps = []
    for step in range(3):
        at = framed(present="1", agenda=str(key), step=str(step))
        assert not at.exception, at.exception
        steps.append(shown(at))
    south_ribble, east, hub = steps
    assert SHAREABLE[0] in east and SHAREABLE[0] in hub
    if role == "viewer":
        assert HIDDEN[1] not in south_ribble and HIDDEN[1] not in hub and "Analysts only" not in " ".join(steps)
    else:
        assert HIDDEN[1] in south_ribble and HIDDEN[1] in hub and "Analysts only" in south_ribble
