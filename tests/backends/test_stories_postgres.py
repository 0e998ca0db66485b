"""Stories on a real PostgreSQL server: the same add / edit / withdraw calls leave the same rows and the same audit
as on DuckDB, a refused story writes nothing, and viewers are given only shareable stories with consent.
(An empty store: stories need only the configured wards, not the sample's data.)"""

from __future__ import annotations

import json
import uuid

import pandas as pd
import pytest

from tests.backends.conftest import _admin
from warehouse.store import connect
from warehouse.stories import PersonalDetails, add_story, edit_story, history, list_stories, withdraw_story

STORY = dict(areas=["E05013066"], theme="Nutrition and food", partner="Chorley and South Ribble community hub",
             text="A family told us the parcel lasted the week.", story_date="2021-03-01")


@pytest.fixture
def empty_postgres(postgres_base):
    name = f"stories_{uuid.uuid4().hex[:8]}"
    _admin(postgres_base, f"CREATE DATABASE {name}")
    yield postgres_base.rsplit("/", 1)[0] + "/" + name
    _admin(postgres_base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def scenario(store) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    first = add_story(store, **STORY, created_by="ana")
    second = add_story(store, **(STORY | {"areas": ["E05013074", "E05013064"], "consent_recorded": True,
                                          "shareable": True, "indicators": ["fb_vouchers"]}), created_by="ana")
    with pytest.raises(PersonalDetails):
        add_story(store, **(STORY | {"text": "Mrs Patel of PR7 1DP said so."}), created_by="ana")
    edit_story(store, first, by="bob", consent_recorded=True, text="A family told us the parcel lasted all week.")
    withdraw_story(store, second, by="carol", reason="asked to")
    viewer = [s.story_id for s in list_stories(store, role="viewer")]
    rows = store.fetch('SELECT * FROM "stories" ORDER BY story_id').drop(columns=["created_at", "updated_at",
                                                                                   "withdrawn_at"])
    audit = history(store).drop(columns=["changed_at"])
    audit["changes"] = audit["changes"].map(json.loads)
    return rows, audit, viewer


def test_stories_behave_the_same_on_postgresql_and_duckdb(empty_postgres, tmp_path):
    pg, duck = connect(empty_postgres), connect(f"duckdb:///{tmp_path / 'stories.duckdb'}")
    try:
        assert pg.dialect == "postgres"
        mine, theirs = scenario(pg), scenario(duck)
    finally:
        pg.close()
        duck.close()
    rows, audit, viewer = mine
    assert viewer == []  # the first has consent but is not shareable; the second is withdrawn
    assert list(rows["story_id"]) == [1, 2] and list(audit["action"]) == ["add", "add", "edit", "withdraw"]
    assert audit["changes"].iloc[2] == {"consent_recorded": [False, True],
                                        "text": [STORY["text"], "A family told us the parcel lasted all week."]}
    pd.testing.assert_frame_equal(rows.astype(str), theirs[0].astype(str))
    pd.testing.assert_frame_equal(audit.astype(str), theirs[1].astype(str))
    assert theirs[2] == viewer
