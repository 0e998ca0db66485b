"""The indicator catalogue: every indicator the sources declare (sources/*.py), found by id.

Pages find indicators by id; polarity is declared, never guessed from a name. The partner's own name
(dashboard.toml [partners]) fills each attribution, and the denominator's source is added to it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import sources
from settings import get_settings
from sources.base import THEMES, Indicator

CENSUS = "denominator: ONS Census 2021 usual residents by ward and single year of age"
PATIENTS = "denominator: patients registered with the area's GP practices (NHS Digital)"

__all__ = ["CENSUS", "THEMES", "Indicator", "all_indicators", "by_theme", "get", "known", "source_of"]


def _attributed(indicator: Indicator, settings) -> Indicator:
    declared = sources.get(indicator.source)
    partner = settings.partner_name(declared.name, declared.partner)
    text = indicator.attribution.replace("{partner}", partner)
    text += {"population": f"; {CENSUS}", "registered_patients": f"; {PATIENTS}"}.get(indicator.denominator, "")
    return replace(indicator, attribution=text)


def _by_id() -> dict[str, Indicator]:
    return _build(get_settings())


@lru_cache(maxsize=4)
def _build(settings) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for source in sources.all_sources():
        for indicator in source.indicators:
            if indicator.id in out:
                raise ValueError(f"indicator id {indicator.id!r} is declared twice")
            out[indicator.id] = _attributed(indicator, settings)
    return out


def all_indicators() -> tuple[Indicator, ...]:
    """Every indicator, grouped by theme in the order of THEMES."""
    return tuple(sorted(_by_id().values(), key=lambda i: THEMES.index(i.theme)))


def known(indicator_id: str) -> bool:
    return indicator_id in _by_id()


def get(indicator_id: str) -> Indicator:
    try:
        return _by_id()[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator '{indicator_id}'; see `python -m metrics list`") from None


def source_of(indicator_id: str) -> sources.Source:
    return sources.get(get(indicator_id).source)


def by_theme() -> dict[str, list[Indicator]]:
    return {theme: [i for i in all_indicators() if i.theme == theme] for theme in THEMES}
