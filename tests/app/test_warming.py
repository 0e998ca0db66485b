"""Warming (ui.data): after a start or an ingest every page's default view, the default agenda's steps and then
its pack are made off the session's thread; someone who has chosen a period finds the periods beside it built.
Each test counts the real view builds (views.<page>.build) or the pack started, on the sample store."""

from __future__ import annotations

import threading

import pytest

import views
from ui import data
from views.base import Filters

BASE = "http://dashboard.test"


@pytest.fixture
def version(viewer_env):
    for thread in threading.enumerate():  # warming started by earlier tests' runs would build views here too
        if thread.name.startswith(("warm-", "pack-")):
            thread.join(300)
    data.warm.clear()
    data._page_view.clear()
    data._warm_near.clear()
    return data.store_version()


@pytest.fixture
def builds(monkeypatch):
    """The views really built, as (page, period) in order (a view read from the page cache is not built)."""
    made: list[tuple[str, str]] = []
    for path, module in views.BY_PATH.items():
        def counted(store, filters, *, _path=path, _build=module.build):
            made.append((_path, filters.period))
            return _build(store, filters)
        monkeypatch.setattr(module, "build", counted)
    return made


@pytest.mark.parametrize("prepare", ["1", "0"])
def test_warming_builds_every_default_view_then_the_agenda_then_starts_its_pack(version, builds, monkeypatch,
                                                                                 prepare):
    monkeypatch.setenv("DASHBOARD_PREPARE_PACK", prepare)
    started = []
    monkeypatch.setattr(data, "pack_job", lambda *args: started.append((args, list(builds))))
    data.warm(version, "viewer", BASE).join(300)
    assert [path for path, _ in builds[:len(views.PAGES)]] == [p.path for p in views.PAGES]
    name, steps = data.agenda_views(version, "viewer", data.DEFAULT_AGENDA)
    if prepare == "0":
        assert started == []
        return
    [(args, built_before)] = started
    assert args == (version, "viewer", name, tuple(v.to_json() for v in steps), BASE)
    assert built_before == builds  # started last, when every step it reads is in the page cache
    for step in steps:  # each one read from the cache
        data.page_view(version, step.page, step.filters_for("viewer"))
    assert built_before == builds


def test_a_chosen_period_has_the_periods_beside_it_built_behind_and_the_default_none(version, builds):
    indicator = "hub_food_parcels"
    codes = [code for code, _ in data.period_options(version, indicator) if code]
    assert len(codes) > 5
    assert data.warm_periods(version, "ward-map", Filters(indicator=indicator, role="viewer")) is None
    chosen = Filters(indicator=indicator, period=codes[2], role="viewer")
    data.warm_periods(version, "ward-map", chosen).join(120)
    assert builds == [("ward-map", codes[3]), ("ward-map", codes[4]), ("ward-map", codes[1])]
    for code in codes[1:5]:  # the next choice up or down the list: built already (codes[2] itself now)
        data.page_view(version, "ward-map", Filters(indicator=indicator, period=code, role="viewer"))
    assert builds[3:] == [("ward-map", codes[2])]
    data.page_view(version, "ward-map", Filters(indicator=indicator, period=codes[6], role="viewer"))
    assert builds[4:] == [("ward-map", codes[6])]
