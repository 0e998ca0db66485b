"""The registry of sources: every module in this package declares one ``SOURCE``; nothing else lists them.

    >>> from sources import get, partner_sources
    >>> get("community_hub").partner
    'Council community hub'

Adding a source means adding ``sources/<name>.py`` (its declaration), ``data_loaders/<name>.py`` (its
loader), ``sample_data/<name>.py`` (its sample generator) and its tests: the registry finds it here, and
the loaders' registry, the event schema, the catalogue, the overview, the sample builder and the
bad-input corpus read it from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from sources.base import THEMES, AgeBand, EventFilter, Indicator, Source

__all__ = ["THEMES", "AgeBand", "EventFilter", "Indicator", "Source", "all_sources", "event_sources", "get",
           "names", "partner_sources"]


@lru_cache(maxsize=1)
def _declared() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_") or module.name == "base":
            continue
        source = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SOURCE", None)
        if not isinstance(source, Source):
            raise TypeError(f"sources/{module.name}.py must define SOURCE = Source(...)")
        if source.name != module.name:
            raise ValueError(f"sources/{module.name}.py declares {source.name!r}: the module is named after it")
        found[source.name] = source
    return dict(sorted(found.items(), key=lambda item: (item[1].stage, item[0])))


def all_sources() -> tuple[Source, ...]:
    """Every source, in loading order (reference data before the partner extracts that resolve against it)."""
    return tuple(_declared().values())


def names() -> tuple[str, ...]:
    return tuple(_declared())


def get(name: str) -> Source:
    try:
        return _declared()[name]
    except KeyError:
        raise KeyError(f"unknown source '{name}': choose one of {', '.join(_declared())}") from None


def event_sources() -> tuple[Source, ...]:
    """Sources whose rows are demand events (the `events` table)."""
    return tuple(s for s in all_sources() if "events" in s.tables)


def partner_sources() -> tuple[Source, ...]:
    """Sources with a headline: the partners whose demand the overview puts side by side."""
    return tuple(s for s in all_sources() if s.headline)
