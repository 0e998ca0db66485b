"""Who is looking: the role decides what disclosure control applies."""

from __future__ import annotations

import os

import streamlit as st


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


def current_role() -> str:
    """Local mode (no [auth] configured): viewer unless DASHBOARD_LOCAL_ROLE=analyst on this machine."""
    if not auth_configured():
        role = os.environ.get("DASHBOARD_LOCAL_ROLE", "viewer")
        return role if role in ("viewer", "analyst") else "viewer"
    return "viewer"


def mode_label(role: str) -> str:
    if auth_configured():
        return f"Signed in · {role}"
    return f"Local mode · {role} view" + (" (small numbers hidden)" if role == "viewer" else " (unsuppressed)")
