"""Community hub: renders views/community_hub.py (everything the page shows is built there)."""

from ui.page import show

show("community-hub")
