"""Streamlit glue shared by app.py and pages/: session role, cached data access, URL state, components.

Only this package, app.py and pages/ import streamlit; everything here is thin.
"""
