"""Trends: renders views/trends.py (everything the page shows is built there)."""

from ui.page import show

show("demand-trends")
