"""What a loader needs to know about the partnership: its wards, and lookups already in the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from settings import Settings, get_settings

# Values partners use when the ward was not recorded: kept, counted in the borough, shown as "ward not known".
UNKNOWN_WARD_VALUES = frozenset({"", "unknown", "not known", "not recorded", "out of area", "n/a", "na"})


def ward_key(name: str) -> str:
    """Normalise a ward name so that case, '&' vs 'and', punctuation and spaces don't matter."""
    text = name.strip().lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class LoadContext:
    wards: dict[str, str]  # ward code -> ward name
    districts: tuple[str, ...] = ()
    lsoa_ward: dict[str, str] = field(default_factory=dict)  # LSOA code -> ward code (any vintage)
    lsoa_vintages: dict[int, dict[str, str]] = field(default_factory=dict)  # 2011/2021 -> {LSOA code: ward}
    district_names: dict[str, str] = field(default_factory=dict)  # district code -> name ("Chorley")
    practices: dict[str, str] = field(default_factory=dict)  # practice code -> ward code
    ward_shapes: dict[str, bytes] = field(default_factory=dict)  # ward code -> WKB (the stored ward boundaries)
    postcode_districts: dict[str, str] = field(default_factory=dict)  # "PR25" -> ward code ([provision])
    towns: dict[str, str] = field(default_factory=dict)  # "Leyland" -> ward code ([provision])
    today: str | None = None  # ISO date that counts as "today" for future-date checks (tests pin it)

    @property
    def ward_by_key(self) -> dict[str, str]:
        return {ward_key(name): code for code, name in self.wards.items()}

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **extra) -> LoadContext:
        s = settings or get_settings()
        extra.setdefault("district_names", dict(s.district_name))
        extra.setdefault("postcode_districts", dict(s.provision_postcode_districts))
        extra.setdefault("towns", dict(s.provision_towns))
        return cls(wards=dict(s.ward_names), districts=s.districts, **extra)

    @property
    def lookups(self) -> dict[int, dict[str, str]]:
        """The LSOA lookups by vintage; a lookup given without one is vintage 0 (any)."""
        if self.lsoa_vintages:
            return self.lsoa_vintages
        return {0: self.lsoa_ward} if self.lsoa_ward else {}
