"""Stories beside the figures: quotes and case studies the partners collect, kept by analysts (`stories` table),
with every change audited (`story_changes`).

A story names its areas, a theme and/or the indicators it speaks to, the date it was told, the partner, its
text (at most MAX_TEXT characters, kept as plain data), whether consent is recorded and whether it may be
shown to viewers. Before a story is saved (added or edited) metrics.personal checks its text and partner for
personal details and refuses it, naming each finding, until they are removed.

Who sees what: analysts see every story that is not withdrawn; viewers only those marked shareable AND with
consent recorded (the query itself says so, `_VIEWER`), and a story cannot be marked shareable without
consent. The `stories` row holds the story as it is now; `story_changes` holds one row per add, edit and
withdrawal (who, when, and each changed field's old and new value as JSON), so any earlier version can be
read back. A withdrawn story keeps its row, with who withdrew it and when.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd

from metrics import catalogue
from metrics.personal import Finding, check, refusal
from sources.base import THEMES
from warehouse import values
from warehouse.areas import UNKNOWN, Geography
from warehouse.store import Store

MAX_TEXT, MIN_TEXT, MAX_PARTNER = 1000, 10, 120
FIELDS = ("areas", "theme", "indicators", "story_date", "partner", "text", "consent_recorded", "shareable")
_VIEWER = "shareable AND consent_recorded"  # the only stories a viewer is ever given


class StoryNotFound(LookupError):
    pass


class PersonalDetails(ValueError):
    """A story refused because its text names a person: `findings` says what and where."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(refusal(findings))
        self.findings = findings


@dataclass(frozen=True)
class Story:
    story_id: int
    areas: tuple[str, ...]
    theme: str
    indicators: tuple[str, ...]
    story_date: pd.Timestamp
    partner: str
    text: str
    consent_recorded: bool
    shareable: bool
    created_by: str
    created_at: pd.Timestamp
    updated_by: str
    updated_at: pd.Timestamp | None
    withdrawn_at: pd.Timestamp | None = None

    @property
    def for_viewers(self) -> bool:
        return self.shareable and self.consent_recorded

    def themes(self) -> set[str]:
        """Its theme and the themes of the indicators it names."""
        return ({self.theme} if self.theme else set()) | {catalogue.get(i).theme for i in self.indicators
                                                          if catalogue.known(i)}


def _clean(text, *, name: str, limit: int, least: int = 1) -> str:
    text = " ".join(str(text or "").split())
    if len(text) < least:
        raise ValueError(f"a story needs {name}" + (f" (at least {least} characters)" if least > 1 else ""))
    if len(text) > limit:
        raise ValueError(f"{name} is at most {limit} characters (this has {len(text)})")
    return text


def _validated(geo: Geography, fields: dict) -> dict:
    """The story's fields as stored, or ValueError (PersonalDetails for personal details) saying what to fix.
    Personal details are looked for first, so they are named even while something else is missing too."""
    findings = check(" ".join(str(fields.get("text") or "").split()), field="text") + \
        check(" ".join(str(fields.get("partner") or "").split()), field="partner")
    if findings:
        raise PersonalDetails(findings)
    codes = [a for a in dict.fromkeys(fields.get("areas") or ()) if a]
    if not codes:
        raise ValueError("a story needs at least one area")
    unknown = [a for a in codes if a not in geo.by_code or a == UNKNOWN]
    if unknown:
        raise ValueError(f"unknown area(s) {', '.join(unknown)}: use ward or area codes of the partnership")
    theme = str(fields.get("theme") or "").strip()
    if theme and theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}: one of {', '.join(THEMES)}")
    ids = [i for i in dict.fromkeys(fields.get("indicators") or ()) if i]
    wrong = [i for i in ids if not catalogue.known(i)]
    if wrong:
        raise ValueError(f"unknown indicator(s) {', '.join(wrong)}")
    if not theme and not ids:
        raise ValueError("a story needs a theme or an indicator it speaks to")
    when = fields.get("story_date")
    if when in (None, ""):
        raise ValueError("a story needs the date it was told")
    when = pd.Timestamp(when).normalize()
    if when.date() > date.today():
        raise ValueError(f"the story's date {when:%d %b %Y} is in the future")
    partner = _clean(fields.get("partner"), name="a partner", limit=MAX_PARTNER)
    text = _clean(fields.get("text"), name="its text", limit=MAX_TEXT, least=MIN_TEXT)
    consent, shareable = bool(fields.get("consent_recorded")), bool(fields.get("shareable"))
    if shareable and not consent:
        raise ValueError("a story may be shown to viewers only when consent is recorded: record consent, or "
                         "untick 'viewers may see it'")
    return {"areas": ",".join(codes), "theme": theme, "indicators": ",".join(ids), "story_date": when.date(),
            "partner": partner, "text": text, "consent_recorded": consent, "shareable": shareable}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _audit(store: Store, story_id: int, action: str, by: str, changes: dict) -> None:
    new = int(store.fetch('SELECT COALESCE(MAX(change_id), 0) + 1 AS n FROM "story_changes"')["n"].iloc[0])
    store.execute('INSERT INTO "story_changes" (change_id, story_id, action, changed_by, changed_at, changes) '
                  "VALUES (?, ?, ?, ?, ?, ?)", [new, story_id, action, by, _now(),
                                                json.dumps(changes, default=str, sort_keys=True)])


def add_story(store: Store, *, areas: Sequence[str], partner: str, text: str, story_date: date | str,
              theme: str = "", indicators: Sequence[str] = (), consent_recorded: bool = False,
              shareable: bool = False, created_by: str) -> int:
    """Record a story (analysts only: the page checks the role) and return its id; refused with a message
    saying what to fix, and with PersonalDetails when the check finds personal details."""
    row = _validated(values.geography(store), {"areas": areas, "theme": theme, "indicators": indicators,
                                               "story_date": story_date, "partner": partner, "text": text,
                                               "consent_recorded": consent_recorded, "shareable": shareable})
    by = _clean(created_by, name="who adds it", limit=200)
    with store.transaction():
        new = int(store.fetch('SELECT COALESCE(MAX(story_id), 0) + 1 AS n FROM "stories"')["n"].iloc[0])
        store.execute('INSERT INTO "stories" (story_id, areas, theme, indicators, story_date, partner, text, '
                      "consent_recorded, shareable, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [new, *(row[f] for f in FIELDS), by, _now()])
        _audit(store, new, "add", by, {f: [None, row[f]] for f in FIELDS})
    return new


def _current(store: Store, story_id: int) -> pd.Series:
    held = store.fetch('SELECT * FROM "stories" WHERE story_id = ?', [int(story_id)])
    if held.empty:
        raise StoryNotFound(f"there is no story {story_id}")
    return held.iloc[0]


def _stored(row: pd.Series) -> dict:
    out = {f: row[f] for f in FIELDS}
    out["story_date"] = pd.Timestamp(row["story_date"]).date()
    out["consent_recorded"], out["shareable"] = bool(row["consent_recorded"]), bool(row["shareable"])
    out["theme"], out["indicators"] = row["theme"] or "", row["indicators"] or ""
    return out


def edit_story(store: Store, story_id: int, *, by: str, **fields) -> dict:
    """Change some of a story's fields (the rest stay); the whole story is checked again. Returns what changed,
    {field: [old, new]} (empty when nothing did: then nothing is written)."""
    extra = set(fields) - set(FIELDS)
    if extra:
        raise ValueError(f"a story has no field(s) {', '.join(sorted(extra))}")
    row = _current(store, story_id)
    if pd.notna(row["withdrawn_at"]):
        raise ValueError(f"story {story_id} is withdrawn: add it again instead")
    before = _stored(row)
    wanted = before | fields
    wanted["areas"] = [a for a in str(wanted["areas"]).split(",")] if isinstance(wanted["areas"], str) \
        else wanted["areas"]
    wanted["indicators"] = [i for i in str(wanted["indicators"]).split(",")] \
        if isinstance(wanted["indicators"], str) else wanted["indicators"]
    after = _validated(values.geography(store), wanted)
    changes = {f: [before[f], after[f]] for f in FIELDS if before[f] != after[f]}
    if not changes:
        return {}
    by = _clean(by, name="who edits it", limit=200)
    with store.transaction():
        sets = ", ".join(f'"{f}" = ?' for f in changes)
        store.execute(f'UPDATE "stories" SET {sets}, updated_by = ?, updated_at = ? WHERE story_id = ?',
                      [after[f] for f in changes] + [by, _now(), int(story_id)])
        _audit(store, int(story_id), "edit", by, changes)
    return changes


def withdraw_story(store: Store, story_id: int, *, by: str, reason: str = "") -> None:
    """Take a story off every page; the row stays, with who withdrew it, when and why (audited)."""
    row = _current(store, story_id)
    if pd.notna(row["withdrawn_at"]):
        return
    by = _clean(by, name="who withdraws it", limit=200)
    reason = " ".join(str(reason or "").split())[:MAX_PARTNER]
    with store.transaction():
        store.execute('UPDATE "stories" SET withdrawn_by = ?, withdrawn_at = ? WHERE story_id = ?',
                      [by, _now(), int(story_id)])
        _audit(store, int(story_id), "withdraw", by, {"withdrawn": [False, True], "reason": [None, reason]})


def _from_row(r) -> Story:
    return Story(int(r.story_id), tuple(a for a in str(r.areas).split(",") if a), r.theme or "",
                 tuple(i for i in str(r.indicators or "").split(",") if i), pd.Timestamp(r.story_date), r.partner,
                 r.text, bool(r.consent_recorded), bool(r.shareable), r.created_by, pd.Timestamp(r.created_at),
                 r.updated_by or "", pd.Timestamp(r.updated_at) if pd.notna(r.updated_at) else None,
                 pd.Timestamp(r.withdrawn_at) if pd.notna(r.withdrawn_at) else None)


def list_stories(store: Store, *, role: str, withdrawn: bool = False) -> list[Story]:
    """The stories `role` may see, newest first: a viewer only shareable ones with consent recorded, never a
    withdrawn one; an analyst every story (withdrawn ones too when asked)."""
    where = ["withdrawn_at IS NULL"] if role != "analyst" or not withdrawn else []
    if role != "analyst":
        where.append(_VIEWER)
    frame = store.fetch('SELECT * FROM "stories" ' + (f"WHERE {' AND '.join(where)} " if where else "")
                        + "ORDER BY story_date DESC, story_id DESC")
    return [_from_row(r) for r in frame.itertuples()]


def get_story(store: Store, story_id: int, *, role: str) -> Story:
    for story in list_stories(store, role=role, withdrawn=True):
        if story.story_id == int(story_id):
            return story
    raise StoryNotFound(f"there is no story {story_id}")


def within(geo: Geography, story: Story, area: str) -> bool:
    """A story belongs beside an area's figures when one of its areas is that area or lies inside it (all of
    its wards are the area's wards): a ward's story shows on its ward, district and partnership, a district's
    story on the district and the partnership, never on a single ward it merely contains."""
    if area not in geo.by_code:
        return False
    mine = set(geo.by_code[area].members) - {UNKNOWN}
    for code in story.areas:
        if code == area:
            return True
        theirs = set(geo.by_code[code].members) - {UNKNOWN} if code in geo.by_code else set()
        if theirs and theirs <= mine:
            return True
    return False


def stories_for(store: Store, *, role: str, area: str | None = None, themes: Sequence[str] = (),
                indicators: Sequence[str] = ()) -> list[Story]:
    """The stories `role` may see beside figures of `area` (None: any area) on `themes` or `indicators` (both
    empty: any theme), newest first."""
    geo = values.geography(store)
    out = []
    for story in list_stories(store, role=role):
        if area is not None and not within(geo, story, area):
            continue
        if (themes or indicators) and not (story.themes() & set(themes) or set(story.indicators) & set(indicators)):
            continue
        out.append(story)
    return out


def history(store: Store, story_id: int | None = None) -> pd.DataFrame:
    """Every change (add, edit, withdraw) of one story or all, oldest first: who, when, what changed."""
    sql = 'SELECT change_id, story_id, action, changed_by, changed_at, changes FROM "story_changes" '
    frame = store.fetch(sql + ("WHERE story_id = ? " if story_id is not None else "") + "ORDER BY change_id",
                        [int(story_id)] if story_id is not None else None)
    return frame


def stories_version(store: Store) -> str:
    """Changes with every add, edit or withdrawal: part of every page cache key."""
    row = store.fetch('SELECT COALESCE(MAX(change_id), 0) AS n FROM "story_changes"').iloc[0]
    return str(int(row["n"]))
