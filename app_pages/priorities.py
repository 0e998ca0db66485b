"""Priorities: renders views/priorities.py (everything the page shows is built there)."""

from ui.page import show

show("partnership-priorities")
