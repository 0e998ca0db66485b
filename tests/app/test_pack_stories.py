"""Stories in the meeting pack (Debian's Chromium, read back with pypdf): each view's stories print on its page as
quotes with partner, date and area; the viewer's pack holds only stories marked shareable with consent, the
analyst's every story, marked. Also the pack's HTML escapes a story's text."""

from __future__ import annotations

import pytest

from charts.pack import MAX_STORIES, PackPage, pack_html
from settings import get_settings
from tests.app.test_pack import page_texts
from tests.conftest import require_chromium
from ui.export import CHROMIUM, build_pack
from views.agenda import AgendaView
from warehouse.store import opened

VIEWS = [AgendaView("Chorley East at a glance", "ward-profile", {"areas": "E05013066"}),
         AgendaView("South Ribble at a glance", "ward-profile", {"areas": "E07000126"}),
         AgendaView("Who asks the hub for help", "community-hub"),
         AgendaView("What people told the partners", "stories")]
SHAREABLE = "first full cupboard they had had since her hours were cut"  # sample story 1, Chorley East
HIDDEN = ("Leyland pantry", "young carer")  # consent but not for viewers (South Ribble); no consent (Chorley SW)


def test_the_pack_html_prints_stories_as_escaped_quotes_and_counts_the_rest():
    stories = [("<b>Parcel</b> & more", "Hub · 1 March 2021 · Chorley East")] * (MAX_STORIES + 2)
    html = pack_html([PackPage("Heading", ["A sentence."], png=b"png", stories=stories)], title="T", generated="G",
                     note="N")
    assert html.count("<blockquote>") == MAX_STORIES and "<b>Parcel</b>" not in html
    assert "&lt;b&gt;Parcel&lt;/b&gt; &amp; more" in html and "<cite>Hub · 1 March 2021 · Chorley East</cite>" in html
    assert "And 2 more on the Stories page." in html
    assert "<blockquote>" not in pack_html([PackPage("H", ["S."])], title="T", generated="G", note="N")


@pytest.fixture(scope="module")
def packs(sample_store_url):
    require_chromium(CHROMIUM)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DASHBOARD_DB_URL", sample_store_url)
        get_settings.cache_clear()
        try:
            with opened(sample_store_url, read_only=True) as store:
                return {role: page_texts(build_pack(store, "Stories", VIEWS, role=role).pdf)
                        for role in ("viewer", "analyst")}
        finally:
            get_settings.cache_clear()


@pytest.mark.slow
def test_the_viewers_pack_holds_only_shareable_stories_beside_their_figures(packs):
    east, south_ribble, hub, stories = packs["viewer"]
    assert SHAREABLE in east and "Chorley and South Ribble community hub · 14 May 2020 · Chorley East" in east
    assert SHAREABLE in hub and SHAREABLE in stories
    whole = " ".join(packs["viewer"])
    assert not any(h in whole for h in HIDDEN) and "Analysts only" not in whole
    assert "Stories from the partners" not in south_ribble  # its only story is not for viewers


@pytest.mark.slow
def test_the_analysts_pack_holds_every_story_marked(packs):
    east, south_ribble, hub, _ = packs["analyst"]
    assert SHAREABLE in east and HIDDEN[0] in south_ribble and HIDDEN[0] in hub
    assert "Analysts only: viewers are not shown this story (not marked for viewers)" in south_ribble
