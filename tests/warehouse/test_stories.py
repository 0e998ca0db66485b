"""Stories in the store, on a copy of the sample store: validated, refused with personal details (leaving the store
exactly as it was), every add/edit/withdrawal audited with what changed, viewers given only shareable stories
with consent recorded, and the area rule for which stories sit beside which area's figures."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from sample_data.stories import SAMPLE_STORIES
from warehouse import values
from warehouse.store import connect
from warehouse.stories import (
    MAX_TEXT,
    PersonalDetails,
    StoryNotFound,
    add_story,
    edit_story,
    get_story,
    history,
    list_stories,
    stories_for,
    stories_version,
    withdraw_story,
)

EAST, COPPULL, CHORLEY, SOUTH_RIBBLE = "E05013066", "E05013074", "E07000118", "E07000126"
GOOD = dict(areas=[EAST], theme="Nutrition and food", partner="Chorley and South Ribble community hub",
            text="A family told us the parcel lasted the week.", story_date="2021-03-01")


@pytest.fixture
def store(store_copy):
    s = connect(store_copy)
    yield s
    s.close()


def snapshot(store) -> tuple:
    return (store.fetch('SELECT * FROM "stories" ORDER BY story_id').to_json(date_format="iso"),
            store.fetch('SELECT * FROM "story_changes" ORDER BY change_id').to_json(date_format="iso"))


def test_the_sample_build_records_its_stories_and_viewers_get_only_shareable_ones_with_consent(store):
    analyst, viewer = list_stories(store, role="analyst"), list_stories(store, role="viewer")
    assert len(analyst) == len(SAMPLE_STORIES) == 5
    expected = {s["text"] for s in SAMPLE_STORIES if s["shareable"] and s["consent_recorded"]}
    assert {s.text for s in viewer} == expected and len(expected) == 3
    assert all(s.text.startswith("[Illustrative sample story]") for s in analyst)
    assert [h for h in history(store)["action"]] == ["add"] * 5


def test_a_story_with_personal_details_is_refused_naming_each_and_the_store_is_unchanged(store):
    before = snapshot(store)
    with pytest.raises(PersonalDetails) as refused:
        add_story(store, **(GOOD | {"text": "Mrs Patel of PR7 1DP said the parcel lasted the week."}),
                  created_by="ana")
    assert [f.rule for f in refused.value.findings] == ["title_name", "postcode"]
    assert "'Mrs Patel' (text, characters 1-9)" in str(refused.value) and "'PR7 1DP'" in str(refused.value)
    with pytest.raises(PersonalDetails, match="partner, characters"):
        add_story(store, **(GOOD | {"partner": "Dr Khan's surgery"}), created_by="ana")
    assert snapshot(store) == before


@pytest.mark.parametrize("change, message", [
    ({"areas": []}, "at least one area"),
    ({"areas": ["E0500000"]}, "unknown area"),
    ({"areas": ["not-known"]}, "unknown area"),
    ({"theme": "Weather"}, "unknown theme"),
    ({"theme": "", "indicators": []}, "a theme or an indicator"),
    ({"indicators": ["no_such"]}, "unknown indicator"),
    ({"text": "Too short"}, "at least 10 characters"),
    ({"text": "x" * (MAX_TEXT + 1)}, f"at most {MAX_TEXT} characters"),
    ({"partner": "  "}, "a partner"),
    ({"story_date": None}, "the date it was told"),
    ({"story_date": date.today() + timedelta(days=1)}, "in the future"),
    ({"shareable": True, "consent_recorded": False}, "only when consent is recorded"),
])
def test_a_story_is_validated_before_it_is_saved(store, change, message):
    before = snapshot(store)
    with pytest.raises(ValueError, match=message):
        add_story(store, **(GOOD | change), created_by="ana")
    assert snapshot(store) == before


def test_add_edit_withdraw_are_each_audited_with_who_when_and_what_changed(store):
    version = stories_version(store)
    new = add_story(store, **GOOD, indicators=["hub_food_parcels"], created_by="ana@chorley.gov.uk")
    assert stories_version(store) != version
    story = get_story(store, new, role="analyst")
    assert story.areas == (EAST,) and not story.for_viewers and story.created_by == "ana@chorley.gov.uk"
    assert new not in [s.story_id for s in list_stories(store, role="viewer")]  # no consent, not shareable

    assert edit_story(store, new, by="ana", text=GOOD["text"]) == {}  # nothing changed: nothing written
    changed = edit_story(store, new, by="bob@chorley.gov.uk", consent_recorded=True, shareable=True,
                         text="A family told us the parcel lasted the whole week.")
    assert set(changed) == {"consent_recorded", "shareable", "text"}
    assert changed["text"] == [GOOD["text"], "A family told us the parcel lasted the whole week."]
    story = get_story(store, new, role="viewer")  # now the viewer is given it
    assert story.text.endswith("whole week.") and story.updated_by == "bob@chorley.gov.uk"

    with pytest.raises(PersonalDetails):
        edit_story(store, new, by="bob", text="Ring 07700 900123 for the family.")
    assert get_story(store, new, role="analyst").text.endswith("whole week.")  # the refused edit changed nothing

    withdraw_story(store, new, by="carol", reason="the family asked")
    assert new not in [s.story_id for s in list_stories(store, role="analyst")]
    assert new not in [s.story_id for s in list_stories(store, role="viewer")]
    with pytest.raises(StoryNotFound):
        get_story(store, new, role="viewer")
    assert new in [s.story_id for s in list_stories(store, role="analyst", withdrawn=True)]
    row = store.fetch('SELECT withdrawn_by, text FROM "stories" WHERE story_id = ?', [new]).iloc[0]
    assert row["withdrawn_by"] == "carol" and row["text"].endswith("whole week.")  # kept, not deleted
    with pytest.raises(ValueError, match="withdrawn"):
        edit_story(store, new, by="bob", text="Another family, another week.")

    audit = history(store, new)
    assert list(audit["action"]) == ["add", "edit", "withdraw"]
    assert list(audit["changed_by"]) == ["ana@chorley.gov.uk", "bob@chorley.gov.uk", "carol"]
    assert audit["changed_at"].is_monotonic_increasing and audit["changed_at"].notna().all()
    added, edited, withdrawn = (json.loads(c) for c in audit["changes"])
    assert added["text"] == [None, GOOD["text"]] and added["areas"] == [None, EAST]
    assert edited == {"consent_recorded": [False, True], "shareable": [False, True],
                      "text": [GOOD["text"], "A family told us the parcel lasted the whole week."]}
    assert withdrawn == {"withdrawn": [False, True], "reason": [None, "the family asked"]}


def test_markup_in_a_story_is_stored_as_typed(store):
    text = "**Bold** <script>alert(1)</script> [link](https://example.com) :red[red]"
    new = add_story(store, **(GOOD | {"text": text}), created_by="ana")
    assert get_story(store, new, role="analyst").text == text


def test_which_stories_sit_beside_an_areas_figures(store):
    ward = add_story(store, **(GOOD | {"areas": [COPPULL]}), created_by="ana")
    district = add_story(store, **(GOOD | {"areas": [CHORLEY]}), created_by="ana")
    other = add_story(store, **(GOOD | {"areas": [SOUTH_RIBBLE]}), created_by="ana")

    def ids(area):
        return {s.story_id for s in stories_for(store, role="analyst", area=area)}

    assert ward in ids(COPPULL) and district not in ids(COPPULL)  # a district's story is not a ward's
    assert {ward, district} <= ids(CHORLEY) and other not in ids(CHORLEY)
    top = next(a.code for a in values.geography(store).areas if a.type == "partnership")
    assert {ward, district, other} <= ids(top)
    # themes: a story's own theme or its indicators' themes
    money = add_story(store, **(GOOD | {"theme": "", "indicators": ["ca_debt"]}), created_by="ana")
    found = {s.story_id for s in stories_for(store, role="analyst", themes=["Money and work"])}
    assert money in found and ward not in found
