"""Compare areas: renders views/compare.py (everything the page shows is built there)."""

from ui.page import show

show("compare-areas")
