"""Stories: the partners' quotes and case studies (warehouse/stories.py) for the role, with the personal-details
rules every story passes before it is saved and, for analysts, the audit of every change. `beside` gives the
blocks other views (ward profile, community hub) show next to their figures."""

from __future__ import annotations

import json

import pandas as pd

from metrics import catalogue
from metrics.personal import RULES
from sources.base import THEMES
from views._shared import Context, context
from views.base import Control, Filters, Page, PageView, Quote, Table, Text
from warehouse.store import Store
from warehouse.stories import MAX_PARTNER as MAX_PARTNER  # the page's form uses the same limits
from warehouse.stories import MAX_TEXT, Story, history, list_stories, within
from warehouse.stories import PersonalDetails as PersonalDetails

ALL = "all"
ABOUT = Control("about", "Stories on", {ALL: "All themes", **{t: t for t in THEMES}}, ALL, "select")
PAGE = Page("stories", "Stories", "Partnership", ":material/format_quote:", "app_pages/story_log.py",
            controls=(ABOUT,))
BESIDE = 3  # stories shown beside a view's figures; the rest are on the Stories page
RULE = ("Viewers see a story only when it is marked 'viewers may see it' and consent is recorded (a story cannot "
        "be marked for viewers without consent); analysts see every story, marked when viewers are not shown it. "
        "A withdrawn story is on no page.")
CHECK = (f"Before a story is saved (added or edited) its text (at most {MAX_TEXT} characters) and partner are checked "
         "for personal details; a story with any is refused, naming each and where it is, until they are removed.")


def quote(ctx: Context, story: Story) -> Quote:
    themes = [story.theme] if story.theme else []
    themes += [catalogue.get(i).title for i in story.indicators if catalogue.known(i)]
    note = "" if story.for_viewers else (
        "Analysts only: viewers are not shown this story ("
        + ("no consent recorded" if not story.consent_recorded else "not marked for viewers") + ").")
    return Quote(story.text, story.partner, f"{story.story_date.day} {story.story_date:%B %Y}",
                 ", ".join(ctx.name(a) for a in story.areas), "; ".join(themes), note)


def beside(ctx: Context, stories: list[Story], *, where: str) -> list:
    """A view's stories: a heading, the newest BESIDE as quotes, and how many more the Stories page holds."""
    if not stories:
        return []
    blocks: list = [Text(f"Stories from the partners: {where}", "subheading")]
    blocks += [quote(ctx, s) for s in stories[:BESIDE]]
    more = len(stories) - BESIDE
    if more > 0:
        blocks.append(Text(f"{more} more {'story' if more == 1 else 'stories'} on the Stories page."))
    return blocks


def story_table(ctx: Context, items: list[Story]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "ID": [s.story_id for s in items], "Date": [f"{s.story_date:%d %b %Y}" for s in items],
        "Partner": [s.partner for s in items], "Areas": ["; ".join(ctx.name(a) for a in s.areas) for s in items],
        "Theme": [s.theme for s in items],
        "Indicators": ["; ".join(catalogue.get(i).title for i in s.indicators if catalogue.known(i)) for s in items],
        "Story": [s.text for s in items]})
    if ctx.role == "analyst":
        frame["Consent recorded"] = [s.consent_recorded for s in items]
        frame["Viewers may see it"] = [s.for_viewers for s in items]
        frame["Recorded by"] = [f"{s.created_by}, {s.created_at:%d %b %Y}" for s in items]
        frame["Last edited"] = [f"{s.updated_by}, {s.updated_at:%d %b %Y}" if s.updated_at is not None else ""
                                for s in items]
    return frame


def _changed(action: str, changes: str) -> str:
    """What a change did, in words: each field with its old and new value (the text shortened)."""
    said = []
    for field, (old, new) in json.loads(changes or "{}").items():
        if action == "add" or field == "withdrawn":
            continue
        if field == "reason":
            said.append(f"reason: {new}" if new else "")
            continue
        old, new = ("" if v is None else str(v) for v in (old, new))
        if field == "text":
            old, new = (v if len(v) <= 60 else v[:57] + "..." for v in (old, new))
        said.append(f"{field.replace('_', ' ')}: {old!r} -> {new!r}")
    return "; ".join(s for s in said if s) or {"add": "added", "withdraw": "withdrawn"}.get(action, "")


def audit_table(store: Store) -> pd.DataFrame:
    changes = history(store)
    return pd.DataFrame({"Change": changes["change_id"], "Story": changes["story_id"], "Action": changes["action"],
                         "By": changes["changed_by"],
                         "When (UTC)": pd.to_datetime(changes["changed_at"]).dt.strftime("%d %b %Y %H:%M"),
                         "What changed": [_changed(a, c) for a, c in zip(changes["action"], changes["changes"],
                                                                         strict=True)]})


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    view = PageView(PAGE.path, "Stories beside the figures")
    about = filters.option("about", ALL)
    items = list_stories(store, role=ctx.role)
    if about in THEMES:
        items = [s for s in items if about in s.themes()]
    areas = [a for a in filters.areas if a in ctx.geo.by_code]
    if areas:
        items = [s for s in items if any(within(ctx.geo, s, a) for a in areas)]
    scope = (f"on {about}" if about in THEMES else "on every theme") + (
        f" in {', '.join(ctx.name(a) for a in areas)}" if areas else "")
    view.add(Text("Quotes and case studies the partners collected, shown beside the figures of their area and theme "
                  "on the ward profile and the community hub page, in meetings and in the pack. " + RULE))
    if not items:
        view.add(Text(f"No stories {scope} yet." + (" Analysts add them below." if ctx.role == "analyst" else ""),
                      "info"))
    else:
        view.add(Text(f"{len(items)} {'story' if len(items) == 1 else 'stories'} {scope}, newest first.", "subheading"))
        view.add(*[quote(ctx, s) for s in items])
        view.add(Table(story_table(ctx, items), "stories", "stories",
                       caption="Every story listed (the download holds the same rows)."))
    if ctx.role == "analyst":
        view.add(Text("Every change, oldest first (analysts only)", "subheading"),
                 Table(audit_table(store), "story_changes", "story-changes",
                       caption="Each add, edit and withdrawal: who, when and what changed."))
    view.add(Text("The personal-details check", "subheading"), Text(CHECK),
             *[Text(f"{r.label[0].upper()}{r.label[1:]}: {r.explain} Refused: \u201c{r.found}\u201d. Passes: "
                    f"\u201c{r.passes}\u201d.", "body") for r in RULES])
    # the quotes themselves are blocks: a meeting shows them below, the pack prints them as quotes
    view.narrative = [f"{len(items)} {'story' if len(items) == 1 else 'stories'} from the partners {scope}."]
    return view
