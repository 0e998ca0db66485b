"""The areas every indicator is computed for, as data: wards, "ward not known", districts, the partnership,
primary care networks, named groups of wards and deprivation deciles, each with the wards it adds up and
the area it is compared with.

Areas come from the configuration (the districts, their wards, any `[[groups]]` and `[[pcns]]`) and the
store (the practice list: each practice's PCN and ward; the IoD deciles), so a partnership of one district
or of several, and any grouping of wards, work the same way: every indicator, map, trend and profile takes
any area type.

A primary care network is made of practices, not wards: its GP figures add up its practices (`practices`);
every other figure adds up the wards it serves (`members`): the wards its practices' sites lie in, unless
`[[pcns]]` in dashboard.toml declares them.
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
    practices: tuple[str, ...] = ()  # a PCN's member practices (its GP figures add them up)


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

    def practices_of(self, area: Area, practice_ward: dict[str, str]) -> tuple[str, ...]:
        """The practices an area adds up for GP figures: a PCN's own; any other area's, those in its wards."""
        if area.type == "pcn":
            return area.practices
        wards = set(area.members)
        return tuple(p for p, w in practice_ward.items() if w in wards)


def partnership_code(settings: Settings) -> str:
    return "+".join(settings.districts)


def decile_name(decile: int) -> str:
    if decile == 1:
        return "IMD decile 1 (most deprived 10%)"
    if decile == 10:
        return "IMD decile 10 (least deprived 10%)"
    return f"IMD decile {decile}"


@dataclass(frozen=True)
class Practice:
    code: str
    ward: str
    pcn_code: str | None = None
    pcn_name: str | None = None


def geography(settings: Settings | None = None, *, deciles: dict[str, int] | None = None,
              practices: tuple[Practice, ...] = ()) -> Geography:
    """The areas of the configuration; with `deciles` (ward -> national IMD decile of most of its LSOAs)
    also one area per decile present, for the inequality gradient; with `practices` (the practice list)
    one area per primary care network."""
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
    declared = {p.code: p for p in s.pcns}
    pcns: dict[str, list[Practice]] = {}
    for practice in practices:
        if practice.pcn_code:
            pcns.setdefault(practice.pcn_code, []).append(practice)
    for code, members in sorted(pcns.items()):
        pcn = declared.get(code)
        wards = tuple(pcn.wards) if pcn else tuple(dict.fromkeys(p.ward for p in members if p.ward in ward_district))
        unknown = [w for w in wards if w not in ward_district]
        if unknown:
            raise ValueError(f"PCN {code}: {', '.join(unknown)} are not wards of the partnership")
        name = (pcn.name if pcn and pcn.name else None) or members[0].pcn_name or code
        areas.append(Area(code, name, "pcn", wards, parent=top, parts=wards,
                          practices=tuple(sorted(p.code for p in members))))
    for decile in sorted(set((deciles or {}).values())):
        wards = tuple(w.code for w in s.wards if (deciles or {}).get(w.code) == decile)
        if wards:
            areas.append(Area(f"{DECILE_PREFIX}{decile}", decile_name(decile), "deprivation", wards, parent=top,
                              parts=wards))
    return Geography(tuple(areas), top)
