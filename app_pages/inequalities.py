"""Inequalities: renders views/inequalities.py (everything the page shows is built there)."""

from ui.page import show

show("deprivation-inequalities")
