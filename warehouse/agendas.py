"""Saved partnership-meeting agendas: a name, who saved it, when, and its views as JSON (`agendas` table).

The warehouse stores the views as plain mappings (page, filters, heading); what a view means is the
views layer's business (`views.agenda.AgendaView`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from warehouse.store import Store

MAX_NAME = 120


class AgendaNotFound(LookupError):
    """No saved agenda has that id."""


@dataclass(frozen=True)
class SavedAgenda:
    agenda_id: int
    name: str
    created_by: str
    created_at: pd.Timestamp
    views: list[dict[str, Any]]


def _as_dict(view: Mapping[str, Any] | Any) -> dict[str, Any]:
    return dict(view.to_dict() if hasattr(view, "to_dict") else view)


def save_agenda(store: Store, name: str, views: Sequence[Mapping[str, Any] | Any], created_by: str) -> int:
    """Store an agenda (views: mappings, or objects with `to_dict()`) and return its new id."""
    name = " ".join(str(name).split())
    if not name:
        raise ValueError("an agenda needs a name")
    if len(name) > MAX_NAME:
        raise ValueError(f"an agenda name is at most {MAX_NAME} characters")
    if not views:
        raise ValueError("an agenda needs at least one view")
    views_json = json.dumps([_as_dict(v) for v in views])
    with store.transaction():
        agenda_id = int(store.fetch('SELECT COALESCE(MAX(agenda_id), 0) + 1 AS next FROM "agendas"')["next"].iloc[0])
        store.execute('INSERT INTO "agendas" (agenda_id, name, created_by, created_at, views_json) '
                      "VALUES (?, ?, ?, ?, ?)",
                      [agenda_id, name, created_by, datetime.now(UTC).replace(tzinfo=None), views_json])
    return agenda_id


def list_agendas(store: Store) -> pd.DataFrame:
    """Every saved agenda, newest first: agenda_id, name, created_by, created_at, views (how many)."""
    frame = store.fetch('SELECT agenda_id, name, created_by, created_at, views_json FROM "agendas" '
                        "ORDER BY agenda_id DESC")
    frame["views"] = [len(json.loads(text)) for text in frame["views_json"]]
    return frame.drop(columns="views_json")


def load_agenda(store: Store, agenda_id: int) -> SavedAgenda:
    rows = store.fetch('SELECT agenda_id, name, created_by, created_at, views_json FROM "agendas" '
                       "WHERE agenda_id = ?", [int(agenda_id)])
    if rows.empty:
        raise AgendaNotFound(f"there is no saved agenda {agenda_id}")
    row = rows.iloc[0]
    return SavedAgenda(agenda_id=int(row["agenda_id"]), name=row["name"], created_by=row["created_by"],
                       created_at=pd.Timestamp(row["created_at"]), views=json.loads(row["views_json"]))
