"""Streamlit glue shared by app.py and app_pages/: session role, cached data access, URL state, components.

Only this package, app.py and app_pages/ import streamlit; everything here is thin.
"""
