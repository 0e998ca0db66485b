"""The areas every indicator is computed for, as data: wards, "ward not known", districts, the partnership
and named groups of wards, each with the wards it adds up and the area it is compared with.

Areas come from the configuration (the districts, their wards and any `[[groups]]`), so a partnership of
one district or of several, and any grouping of wards, work the same way: every indicator, map, trend and
profile takes any area type.
"""

from __future__ import annotations

from dataclasses import dataclass

from settings import Settings, get_settings

UNKNOWN = "not-known"
TYPES = ("ward", "not-known", "district", "partnership", "pcn", "group", "deprivation")
TYPE_NAMES = {"ward": "Ward", "not-known": "Ward not known", "district": "District", "partnership": "Partnership",
              "pcn": "Primary care network", "group": "Group of wards", "deprivation": "Deprivation decile"}
DECILE_PREFIX = "imd-decile-"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    type: str
    members: tuple[str, ...]  # the base areas (ward codes, "not-known") it adds up
    parent: str | None = None  # the area it is compared with
    parts: tuple[str, ...] = ()  # the areas it is exactly the sum of (for the additive lines)


@dataclass(frozen=True)
class Geography:
    areas: tuple[Area, ...]
    top: str  # the whole partnership's area code (a district when there is only one)

    @property
    def by_code(self) -> dict[str, Area]:
        return {a.code: a for a in self.areas}

    def of_type(self, *types: str) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if a.type in types)

    @property
    def base(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.areas if a.type in ("ward", "not-known"))

    @property
    def names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.areas}


def partnership_code(settings: Settings) -> str:
    return "+".join(settings.districts)


def decile_name(decile: int) -> str:
    if decile == 1:
        return "IMD decile 1 (most deprived 10%)"
    if decile == 10:
        return "IMD decile 10 (least deprived 10%)"
    return f"IMD decile {decile}"


def geography(settings: Settings | None = None, *, deciles: dict[str, int] | None = None) -> Geography:
    """The areas of the configuration; with `deciles` (ward -> national IMD decile of most of its LSOAs)
    also one area per decile present, for the inequality gradient."""
    s = settings or get_settings()
    single = len(s.districts) == 1
    top = s.districts[0] if single else partnership_code(s)
    areas: list[Area] = []
    for ward in s.wards:
        areas.append(Area(ward.code, ward.name, "ward", (ward.code,), parent=ward.district))
    areas.append(Area(UNKNOWN, "Ward not known", "not-known", (UNKNOWN,), parent=None))
    for code in s.districts:
        wards = tuple(w.code for w in s.wards if w.district == code)
        members = wards + ((UNKNOWN,) if single else ())
        areas.append(Area(code, s.district_name.get(code, code), "district", members,
                          parent=None if single else top, parts=members))
    if not single:
        members = tuple(w.code for w in s.wards) + (UNKNOWN,)
        areas.append(Area(top, s.partnership, "partnership", members, parent=None, parts=(*s.districts, UNKNOWN)))
    ward_district = {w.code: w.district for w in s.wards}
    for group in s.groups:
        unknown = [w for w in group.wards if w not in ward_district]
        if unknown:
            raise ValueError(f"group {group.name}: {', '.join(unknown)} are not wards of the partnership")
        districts = {ward_district[w] for w in group.wards}
        parent = districts.pop() if len(districts) == 1 else top
        areas.append(Area(group.code, group.name, "group", tuple(group.wards), parent=parent, parts=tuple(group.wards)))
    for decile in sorted(set((deciles or {}).values())):
        wards = tuple(w.code for w in s.wards if (deciles or {}).get(w.code) == decile)
        if wards:
            areas.append(Area(f"{DECILE_PREFIX}{decile}", decile_name(decile), "deprivation", wards, parent=top,
                              parts=wards))
    return Geography(tuple(areas), top)
