"""Indicators: public-health statistics on small aggregated frames, the catalogue and disclosure control.

Pure: nothing here reads a file or the store. `metrics.pipeline.indicator_values` is the one pipeline
(statistics, comparison, trend, SPC, expectation, standardised rate) and `metrics.disclosure.protect` the
one disclosure control; warehouse/values.py runs them over the store at every ingest.
"""
