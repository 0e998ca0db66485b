"""Shorthands the declarations use to write indicators in one line each (no source logic here)."""

from __future__ import annotations

from sources.base import EventFilter, Indicator, Source


def age_text(age_min: int, age_max: int | None) -> str:
    if (age_min, age_max) == (0, None):
        return ""
    return f" aged {age_min}+" if age_max is None else f" aged {age_min}-{age_max}"


def rate(id: str, title: str, theme: str, events: EventFilter, *, definition: str, attribution: str,
         polarity: str, age: tuple[int, int | None] = (0, None), bands: tuple[str, ...] = (),
         breakdown: bool = False, standardise: bool = False, denominator: str = "population",
         unit: str | None = None) -> Indicator:
    """A rate per 1,000 residents of an age range (Census single years); `bands` restricts the numerator. The
    polarity is always declared (sources.base.POLARITIES)."""
    if bands:
        events = EventFilter(events.source, events.categories, events.subcategories, events.channels, bands,
                             events.statuses, events.repeat_only)
    lo, hi = age
    return Indicator(id, title, theme, events, denominator,
                     unit or f"per 1,000 residents{age_text(lo, hi)}", definition, attribution, polarity,
                     age_min=lo, age_max=hi, breakdowns=("age_band",) if breakdown else (),
                     standardise=standardise)


def share(id: str, title: str, theme: str, events: EventFilter, of: EventFilter, *, definition: str,
          attribution: str, polarity: str = "no_judgement") -> Indicator:
    """A percentage of other events (Wilson interval)."""
    return Indicator(id, title, theme, events, "events", "% of all", definition, attribution, polarity,
                     method="proportion", multiplier=100, denominator_events=of, demand=False)


def band_labels(source_bands, lo: int, hi: int | None) -> tuple[str, ...]:
    """Labels of the bands that lie inside lo..hi (for an age-restricted numerator)."""
    return tuple(b.label for b in source_bands if b.within(lo, hi))


def check(source: Source) -> Source:
    """Declarations call this last: vocabularies named by indicators must exist."""
    vocab = set(source.vocabulary("category"))
    for indicator in source.indicators:
        for category in indicator.numerator.categories if indicator.numerator else ():
            if vocab and category not in vocab:
                raise ValueError(f"{indicator.id}: category {category!r} is not in {source.name}'s vocabulary")
    return source
