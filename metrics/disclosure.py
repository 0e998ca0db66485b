"""The partnership's disclosure rules (from configuration) and the roles that see them."""

from __future__ import annotations

from metrics.suppression import ROLES, DisclosureRules
from settings import get_settings


def rules() -> DisclosureRules:
    s = get_settings()
    return DisclosureRules(threshold=s.threshold, rounding=s.rounding)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {list(ROLES)}")
    return role
