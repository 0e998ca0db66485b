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
