"""The one palette: colour-blind safe (Okabe & Ito 2008), with fixed meanings for comparisons.

Comparison colours follow the Fingertips convention in meaning (better / similar / worse) but use
blue / orange rather than green / red so that they survive red-green colour blindness.
"""

from __future__ import annotations

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

COMPARISON = {
    "better": "#0072B2",      # blue
    "similar": "#F0E442",     # yellow
    "worse": "#D55E00",       # vermillion
    "higher": "#56B4E9",      # light blue: different, no judgement
    "lower": "#CC79A7",       # purple: different, no judgement
    "not compared": "#BFBFBF",
    "suppressed": "#E5E5E5",
}

BOROUGH = "#000000"
BASELINE_BAND = "rgba(0, 114, 178, 0.12)"
SPECIAL_CAUSE_HIGH = "#D55E00"
SPECIAL_CAUSE_LOW = "#0072B2"
QUINTILES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]  # sequential blues
FONT = "Source Sans Pro, Arial, sans-serif"

# Added for the figure builders (charts/*.py).
SERIES = ["#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#0072B2", "#D55E00"]  # ward lines; never black
CATEGORIES = [*OKABE_ITO, "#999999", "#666666"]  # request types in stacked/grouped bars
WARD = "#0072B2"
BOROUGH_LIGHT = "#999999"
RANGE_LIGHT = "#E0E0E0"   # spine: full range of wards
RANGE_DARK = "#A6A6A6"    # spine: middle half of wards
SPC_LINES = "#7F7F7F"
LOCKDOWN = "#555555"
TEXT_MUTED = "#6E6E6E"
