"""Provision and need: renders views/provision.py (everything the page shows is built there)."""

from ui.page import show

show("provision-and-need")
