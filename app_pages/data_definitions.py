"""Data and definitions: renders views/data_definitions.py (everything the page shows is built there)."""

from ui.page import show

show("data-and-definitions")
