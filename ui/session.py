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


def email_verified() -> bool:
    """False when the provider says it has not verified the address (OIDC `email_verified`). The access lists
    match e-mail addresses, so an unverified claim of someone else's address must not get their role."""
    return st.user.get("email_verified") not in (False, "false", "False")


def current_role() -> str:
    if not auth_configured():
        role = os.environ.get("DASHBOARD_LOCAL_ROLE", "viewer")
        return role if role in ("viewer", "analyst") else "viewer"
    email = signed_in_email()
    if email is None:
        return SIGNED_OUT
    if not email_verified():
        return NO_ACCESS
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


def gate(role: str, url_paths: list[str]) -> None:
    """Stop here for people who are signed out or have no access, showing sign-in or "no access".

    The screen is routed through st.navigation under every address the app has (`url_paths`), so a shared
    deep link opens it rather than "Page not found". Stopping without any st.navigation call would hand the
    run to Streamlit's legacy multipage mode, which (were there a pages/ directory: the page files live in
    app_pages/ for that reason) lists every page file and runs it on its own, without this frame, at its file
    name's address (/upload, /ward_map).
    """
    if role not in (SIGNED_OUT, NO_ACCESS):
        return
    screen = _sign_in_screen if role == SIGNED_OUT else _no_access_screen
    title = "Sign in" if role == SIGNED_OUT else "No access"
    pages = [st.Page(screen, title=title, default=True)] + [
        st.Page(screen, title=title, url_path=path) for path in dict.fromkeys(url_paths) if path]
    st.navigation(pages, position="hidden").run()
    st.stop()


def _sign_in_screen() -> None:
    st.title(f"{plain(get_settings().partnership)} Locality Dashboard")
    st.write("Partners' demand data, ward by ward. Sign in with your organisation account to continue.")
    st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")


def _no_access_screen() -> None:
    st.title("No access yet")
    if not email_verified():
        st.write(f"You are signed in as {plain(signed_in_email())}, but your sign-in provider has not verified that "
                 "address, so the dashboard cannot give it access. Ask the partnership's analyst team.")
    else:
        st.write(f"You are signed in as {plain(signed_in_email())}, which is not on the dashboard's access lists. "
                 "Ask the partnership's analyst team to add you.")
    st.button("Sign out", on_click=st.logout, icon=":material/logout:")
