"""Alerts: renders views/alerts.py (everything the page shows is built there)."""

from ui.page import show

show("partnership-alerts")
