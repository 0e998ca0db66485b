"""Stories: the partners' stories for the role (views/stories.py) and, for analysts, forms that add, edit and
withdraw one (each checked for personal details before it is saved, and audited)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui import data
from ui.page import show
from ui.render import presenting
from ui.session import auth_configured, signed_in_email
from ui.text import plain
from views.stories import MAX_PARTNER, MAX_TEXT, THEMES, PersonalDetails

f, version = st.session_state["filters"], st.session_state["version"]

show("stories")

if presenting():
    st.stop()
st.subheader("Add a story", anchor=False)
if f.role != "analyst":
    st.caption("Analysts keep the stories; viewers see those marked for viewers with consent recorded.")
    st.stop()
areas = data.area_names(version)
indicators = data.all_indicators()
who = signed_in_email() if auth_configured() else "local analyst"
NO_THEME = ""
SAVED = "story-saved"  # what the last save did, said after the rerun that shows it
if SAVED in st.session_state:
    st.success(plain(st.session_state.pop(SAVED)))


def saved(message: str, *, clear: str = "") -> None:
    """Remember what was saved, empty the form whose keys start with `clear`, and show the pages again."""
    st.session_state[SAVED] = message
    for key in [k for k in st.session_state if clear and str(k).startswith(clear)]:
        del st.session_state[key]
    st.rerun()


def refused(problem: ValueError) -> None:
    """Why a story was not saved: each personal detail found and where, or what else to fix."""
    if isinstance(problem, PersonalDetails):
        st.error("**Not saved: the story has personal details.** Remove each of these, then save:\n\n"
                 + "\n".join(f"- {plain(x.label)} {plain(repr(x.text))} ({plain(x.where())})"
                             for x in problem.findings), icon=":material/person_off:")
    else:
        st.error(f"**Not saved.** {plain(str(problem))}")


def fields(key: str, story=None) -> dict:
    """The story's inputs (empty for a new story, else filled with `story`'s values)."""
    where = st.multiselect("Which areas", list(areas), default=list(story.areas) if story else [],
                           format_func=lambda c: areas.get(c, c), key=f"{key}-areas")
    left, right = st.columns(2)
    themes = [NO_THEME, *THEMES]
    theme = left.selectbox("Theme", themes, index=themes.index(story.theme) if story and story.theme in themes else 0,
                           format_func=lambda t: t or "(none: the indicators say)", key=f"{key}-theme")
    about = right.multiselect("Indicators it speaks to (optional)", list(indicators),
                              default=[i for i in (story.indicators if story else ()) if i in indicators],
                              format_func=lambda i: indicators.get(i, i), key=f"{key}-indicators")
    left, right = st.columns(2)
    when = left.date_input("Date it was told", value=story.story_date.date() if story else dt.date.today(),
                           max_value=dt.date.today(), format="DD/MM/YYYY", key=f"{key}-date")
    partner = right.text_input("Which partner", value=story.partner if story else "", max_chars=MAX_PARTNER,
                               placeholder="e.g. Chorley and South Ribble community hub", key=f"{key}-partner")
    text = st.text_area("The story or quote", value=story.text if story else "", max_chars=MAX_TEXT,
                        placeholder="In the partner's or the person's words, with no names, addresses, phone "
                                    "numbers or dates of birth", key=f"{key}-text")
    left, right = st.columns(2)
    consent = left.checkbox("Consent is recorded", value=story.consent_recorded if story else False,
                            key=f"{key}-consent")
    shareable = right.checkbox("Viewers may see it (needs consent)", value=story.shareable if story else False,
                               key=f"{key}-shareable")
    return {"areas": where, "theme": theme, "indicators": about, "story_date": when, "partner": partner, "text": text,
            "consent_recorded": consent, "shareable": shareable}


with st.form("add-story", clear_on_submit=False):
    chosen = fields("new")
    if st.form_submit_button("Check and save", type="primary", icon=":material/add:"):
        try:
            new = data.add_story(created_by=who, **chosen)
        except ValueError as problem:
            refused(problem)
        else:
            saved(f"Saved as story {new}.", clear="new-")

held = data.stories_to_edit()
if held:
    st.subheader("Edit or withdraw a story", anchor=False)
    by_id = {s.story_id: s for s in held}
    pick = st.selectbox("Story", list(by_id), key="story-choice",
                        format_func=lambda i: f"{i}: {by_id[i].story_date:%d %b %Y}, {by_id[i].partner}: "
                                              f"{by_id[i].text[:60]}")
    story = by_id[pick]
    with st.form(f"edit-story-{pick}"):
        changed = fields(f"edit-{pick}", story)
        if st.form_submit_button("Check and save the changes", icon=":material/edit:"):
            try:
                done = data.edit_story(pick, by=who, **changed)
            except ValueError as problem:
                refused(problem)
            else:
                if done:
                    saved(f"Story {pick}: changed {', '.join(c.replace('_', ' ') for c in done)}.",
                          clear=f"edit-{pick}-")
                st.info(f"Story {pick}: nothing changed.")
    with st.form(f"withdraw-story-{pick}"):
        reason = st.text_input("Why it is withdrawn (optional)", max_chars=MAX_PARTNER, key=f"withdraw-{pick}-why")
        sure = st.checkbox("Take this story off every page (the audit keeps it)", key=f"withdraw-{pick}-sure")
        if st.form_submit_button("Withdraw", icon=":material/delete:"):
            if not sure:
                st.warning("Tick the box to confirm the withdrawal.")
            else:
                data.withdraw_story(pick, by=who, reason=reason)
                saved(f"Story {pick} withdrawn.", clear=f"withdraw-{pick}-")
