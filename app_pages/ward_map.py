"""Ward map: renders views/ward_map.py (everything the page shows is built there)."""

from ui.page import show

show("ward-map")
