"""Ward profile: renders views/ward_profile.py (everything the page shows is built there)."""

from ui.page import show

show("ward-profile")
