"""Indicators: public-health statistics on small aggregated frames, the catalogue and disclosure control.

`metrics.compute(indicator_id, ...)` is the one call pages use; see metrics.engine.
"""

from __future__ import annotations


def compute(indicator_id: str, **options):
    """Compute a catalogue indicator for every ward and the borough (see metrics.engine.compute)."""
    from metrics.engine import compute as _compute

    return _compute(indicator_id, **options)
