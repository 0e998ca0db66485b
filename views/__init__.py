"""One view per page: filters + role -> everything the page shows, as plain data (views.base.PageView).

The page (app_pages/), a partnership meeting's step (ui/presentation.py) and the pack (ui/export.py) all render
the same view, so a title, a sentence or a rule is written once. `PAGES` lists them in navigation order.
"""

from __future__ import annotations

from types import ModuleType

from views import (
    alerts,
    community_hub,
    compare,
    data_definitions,
    inequalities,
    interventions,
    overview,
    priorities,
    provision,
    stories,
    trends,
    ward_map,
    ward_profile,
)
from views.base import Page

VIEWS: tuple[ModuleType, ...] = (overview, priorities, ward_map, trends, community_hub, provision, ward_profile, compare,
                                 inequalities, interventions, stories, alerts, data_definitions)
PAGES: tuple[Page, ...] = tuple(v.PAGE for v in VIEWS)
BY_PATH: dict[str, ModuleType] = {v.PAGE.path: v for v in VIEWS}
ROOT = overview.PAGE.path

__all__ = ["BY_PATH", "PAGES", "ROOT", "VIEWS"]
