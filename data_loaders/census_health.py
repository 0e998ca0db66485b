"""Census 2021 general health, disability and unpaid care by ward -> census_health (persons).

One layout, long: one row per area x topic x category (`lad_code, area_code, area_name, topic, category,
usual_residents`; the district column and the name are optional; the count may be headed `usual_residents`,
`observation`, `count` or `persons`). Topics: `general_health` (TS037), `disability` (TS038),
`unpaid_care` (TS039), each with its ONS categories (sources/census_health.py TOPICS; any case and spacing).
Rows for districts outside the partnership and district total rows (an area code that is not a ward's, e.g.
`E07000118`) are dropped and counted. Every ward x topic held must list every category of the topic once:
a share computed from a ward missing a category would be wrong, so the file is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.errors import LoadError, file_problem
from data_loaders.headers import file_bytes, find_header, first_rows, matching
from data_loaders.parsing import Checker, parse_counts
from data_loaders.reading import ROW, read_table
from data_loaders.schemas import WARD
from sources.census_health import TOPICS

SOURCE = "census_health"
TABLE = "census_health"
COLUMNS = {
    "area_code": r"(ward|area|geography)( \d{2,4})?( code| cd)|electoral wards and divisions code",
    "topic": r"topic",
    "category": r"category|categories",
    "persons": r"usual residents|observation|count|persons",
}
TOTALS = r"^[EW]0[6-9]\d{6}$|^E1[0-2]\d{6}$"  # unitary, district, metropolitan, London; county, region
OPTIONAL = {"lad_code": r"(lad|la|ltla|district)( \d{2,4})? ?(code|cd)"}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


CATEGORY_BY_KEY = {topic: {_key(c): c for c in cats} for topic, cats in TOPICS.items()}


def _columns(cells: list[str]) -> dict[str, str] | None:
    found = {}
    for tidy, pattern in COLUMNS.items():
        hits = matching(cells, pattern)
        if not hits:
            return None
        found[tidy] = hits[0][0]
    for tidy, pattern in OPTIONAL.items():
        hits = matching(cells, pattern)
        if hits:
            found[tidy] = hits[0][0]
    return found


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    path = Path(path)
    context = context or LoadContext.from_settings()
    data = file_bytes(path, data)
    header = find_header(first_rows(path, data), lambda cells: _columns(cells) is not None)
    if header is None:
        raise file_problem(path, "the layout is not recognised: expected one row per ward, topic and category "
                           "with the columns area_code, topic, category and usual_residents",
                           "use the Census 2021 general health / disability / unpaid care file as shipped in "
                           "sample_data/public/population (lad_code, area_code, area_name, topic, category, "
                           "usual_residents)", rows=[1])
    names = _columns(header)
    raw = read_table(path, required=list(names.values()), data=data)
    frame, dropped, notes = raw.frame, 0, []
    code = frame[names["area_code"]].str.strip().str.upper()
    outside = pd.Series(False, index=frame.index)
    if "lad_code" in names and context.districts:
        outside = ~frame[names["lad_code"]].str.strip().str.upper().isin(list(context.districts))
    totals = code.str.match(TOTALS)  # a district's (or county's, region's) own total rows
    drop = (outside | totals).to_numpy()
    if drop.any():
        dropped = int(drop.sum())
        parts = [f"{int(outside.sum())} rows in districts outside the partnership",
                 f"{int((totals & ~outside).sum())} district total rows"]
        notes.append(" and ".join(p for p in parts if not p.startswith("0 ")) + " dropped")
        frame = frame.loc[~drop].reset_index(drop=True)
        code = code.loc[~drop].reset_index(drop=True)
    chk = Checker(raw.path, frame)
    chk.flag(~code.str.match(WARD), names["area_code"], "the area code is not a ward code",
             "ward codes look like E05013064; district totals (E07…) are dropped, other areas are not accepted")
    if context.wards:
        chk.flag(code.str.match(WARD) & ~code.isin(list(context.wards)), names["area_code"],
                 "the ward is not one of the partnership's wards", "check the code, or add the ward's district to "
                 "dashboard.toml")
    topic = frame[names["topic"]].map(_key).str.replace(" ", "_", regex=False)
    known_topic = topic.isin(list(TOPICS))
    chk.flag(~known_topic, names["topic"], "the topic is not one of " + ", ".join(TOPICS),
             "write general_health, disability or unpaid_care")
    category = pd.Series([CATEGORY_BY_KEY.get(t, {}).get(_key(c)) for t, c in
                          zip(topic, frame[names["category"]], strict=True)], index=frame.index, dtype=object)
    chk.flag(known_topic & category.isna(), names["category"], "the category is not one of its topic's Census 2021 "
             "categories", "write the category exactly as ONS publishes it (e.g. 'Bad health'); see "
             "sources/census_health.py")
    persons = parse_counts(chk, names["persons"])
    key = code + "|" + topic + "|" + category.fillna("?")
    chk.flag(category.notna() & key.duplicated(keep=False), names["category"],
             "the same ward, topic and category appear on more than one row", "keep one row per ward, topic and "
             "category")
    held = pd.DataFrame({"code": code, "topic": topic, "category": category})[category.notna()]
    for (ward, name), group in held.groupby(["code", "topic"]):
        missing = [c for c in TOPICS[name] if c not in set(group["category"])]
        if missing:
            mask = ((code == ward) & (topic == name)).to_numpy()
            chk.flag(mask, names["category"], f"{ward} {name} has no row for " + "; ".join(f"'{m}'" for m in missing),
                     "send every category of the topic: a share from a ward missing one would be wrong")
    if chk.problems and not partial:
        raise LoadError(str(raw.path), chk.problems)
    good, rejects = chk.finish(frame, partial=True)
    keep = np.ones(len(frame), dtype=bool)
    keep[list(chk.bad)] = False
    tidy = pd.DataFrame({"area_code": code[keep], "topic": topic[keep], "category": category[keep],
                         "persons": persons[keep], "year": 2021}).reset_index(drop=True)
    tidy = tidy.astype({"area_code": str, "topic": str, "category": str, "persons": "int64", "year": "int64"})
    rows = pd.Series(frame[ROW].to_numpy()[keep])
    return LoadResult({TABLE: validate(tidy, TABLE, raw.path, rows, names={
        "area_code": names["area_code"], "topic": names["topic"], "category": names["category"],
        "persons": names["persons"]})}, rows_read=len(raw.frame), rejects=rejects, rows_dropped=dropped,
        notes=raw.notes + notes)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read the Census 2021 health, disability and unpaid care file into census_health, or raise LoadError."""
    return parse(path, context=context).frame
