"""warehouse.agendas: saved meeting agendas round-trip through the store; bad input is refused unchanged."""

from __future__ import annotations

import pytest

from warehouse.agendas import AgendaNotFound, list_agendas, load_agenda, save_agenda
from warehouse.store import connect

VIEWS = [{"heading": "Food parcels by ward", "page": "ward-map", "filters": {"indicator": "hub_food_parcels"}},
         {"heading": "Debt advice over time", "page": "demand-trends", "filters": {"indicator": "ca_debt"}}]


@pytest.fixture
def store(tmp_path):
    s = connect(f"duckdb:///{tmp_path / 'agendas.duckdb'}")
    yield s
    s.close()


def test_save_list_and_load(store):
    first = save_agenda(store, "  March   meeting ", VIEWS, created_by="analyst@example.org")
    second = save_agenda(store, "April meeting", VIEWS[:1], created_by="analyst@example.org")
    assert (first, second) == (1, 2)
    listed = list_agendas(store)
    assert listed[["agenda_id", "name", "views"]].values.tolist() == [[2, "April meeting", 1], [1, "March meeting", 2]]
    saved = load_agenda(store, first)
    assert saved.name == "March meeting" and saved.created_by == "analyst@example.org" and saved.views == VIEWS


@pytest.mark.parametrize(("name", "views", "message"), [
    ("  ", VIEWS, "an agenda needs a name"),
    ("x" * 121, VIEWS, "at most 120 characters"),
    ("Empty", [], "at least one view"),
])
def test_a_bad_agenda_is_refused_and_nothing_is_stored(store, name, views, message):
    with pytest.raises(ValueError, match=message):
        save_agenda(store, name, views, created_by="a")
    assert list_agendas(store).empty


def test_an_unknown_agenda_says_so(store):
    with pytest.raises(AgendaNotFound, match="there is no saved agenda 7"):
        load_agenda(store, 7)
