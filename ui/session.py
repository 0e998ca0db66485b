"""Who is looking: the role decides what disclosure control applies and whether uploads are offered.

With an `[auth]` section in secrets, people sign in through Streamlit's OpenID Connect login
(`st.login`, `st.user`) and their role comes from the access lists in dashboard.toml. Without it the
app runs in a clearly labelled local mode (viewer, unless DASHBOARD_LOCAL_ROLE=analyst on this machine).
"""

from __future__ import annotations

import os

import streamlit as st

from settings import get_settings
from ui.text import plain

SIGNED_OUT = "signed-out"
NO_ACCESS = "no-access"


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


def signed_in_email() -> str | None:
    user = st.user
    return user.get("email") if user.is_logged_in else None


def current_role() -> str:
    if not auth_configured():
        role = os.environ.get("DASHBOARD_LOCAL_ROLE", "viewer")
        return role if role in ("viewer", "analyst") else "viewer"
    email = signed_in_email()
    if email is None:
        return SIGNED_OUT
    return get_settings().role_for(email) or NO_ACCESS


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def served_on() -> str:
    """Where the server listens, in words: this machine only (loopback), or the configured address."""
    address = st.get_option("server.address") or ""
    if address in LOOPBACK:
        return f"served on this machine only ({address})"
    return f"served on {address or 'every network interface'}"


def mode_label(role: str) -> str:
    view = "small numbers hidden" if role == "viewer" else "unsuppressed figures"
    if auth_configured():
        return f"Signed in as {plain(signed_in_email())} · {role} ({view})"
    return f"Local mode (no sign-in configured) · {role} view ({view}) · {served_on()}"


def gate(role: str) -> None:
    """Stop here for people who are signed out or have no access; offer sign-in / sign-out."""
    if role == SIGNED_OUT:
        st.title(f"{get_settings().partnership} Locality Dashboard")
        st.write("Partners' demand data, ward by ward. Sign in with your organisation account to continue.")
        st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")
        st.stop()
    if role == NO_ACCESS:
        st.title("No access yet")
        st.write(f"You are signed in as {plain(signed_in_email())}, which is not on the dashboard's access lists. "
                 "Ask the partnership's analyst team to add you.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
