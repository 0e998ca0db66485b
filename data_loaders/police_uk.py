"""police.uk street-level crime CSV (one force, one month), or a police.uk download zip of them -> events.

One row per crime or anti-social behaviour (ASB) report, count 1, placed in a ward through the LSOA->ward
lookups already in the store. Both LSOA vintages may be held (police.uk used 2011 codes until 2022, 2021
codes since): a file is placed through the vintage its codes belong to (the one holding codes the other
lacks; else 2011 for months before 2022), with the other vintage for any code it lacks. Every row read is
accounted for: read = placed + unplaced + outside + repeated (+ rejected).
- outside: the LSOA is in no held lookup and its name ("Preston 001A") is not of a partnership district:
  dropped and counted, not refused;
- unplaced: the LSOA is in a partnership district by its name ("Chorley 012B") but in no held lookup (the
  lookup of the other vintage is missing): kept without a ward (counted in the partnership as "ward not
  known") and placed as soon as a lookup holding it is loaded (warehouse.ingest re-places them);
- repeated: the same Crime ID twice in the month, the rows identical or differing only in the outcome: one
  crime, counted once (the first row kept).

Record IDs: a crime keeps its `Crime ID`. ASB reports have no Crime ID, and police.uk publishes identical
rows for separate reports (same month, same snapped location, same type), so identical rows are NOT
duplicates: each is kept, and its ID is the sha1 of the whole row plus its occurrence number among the
identical rows of its file ("<sha1>-1", "<sha1>-2" …). Loading the same file again gives the same IDs.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path, PurePosixPath

import pandas as pd

from data_loaders import limits
from data_loaders.base import LoadResult, event_frame, validate
from data_loaders.context import LoadContext
from data_loaders.errors import LoadError, Problem, file_problem
from data_loaders.headers import file_bytes
from data_loaders.limits import Expansion, open_zip, read_member
from data_loaders.parsing import Checker, parse_months
from data_loaders.reading import ROW, ZIP_MAGIC, read_table
from data_loaders.schemas import LSOA

SOURCE = "police_uk"
TABLE = "events"
# police.uk republishes some crimes in a later month under the same Crime ID: each monthly file still loads,
# and such a crime is counted once, in the month already held (the repeat is dropped with a note).
EARLIEST = "2010-12-01"  # police.uk street-level data begin in December 2010
# The exact police.uk header, and where each column goes (None: not kept).
COLUMNS = {"Crime ID": "record_id", "Month": "period", "Reported by": None, "Falls within": None,
           "Longitude": None, "Latitude": None, "Location": None, "LSOA code": "lsoa_code", "LSOA name": None,
           "Crime type": "category", "Last outcome category": "subcategory", "Context": None}
MAX_UNZIPPED_BYTES = limits.MAX_UNZIPPED_BYTES  # police.uk month files for one force are a few MB each
LOOKUP_FIX = ("load the LSOA to ward lookup first: `python -m warehouse ingest lsoa_ward FILE` "
              "(the ONS LSOA to ward best-fit lookup for your wards)")


def _asb_ids(frame: pd.DataFrame) -> pd.Series:
    """sha1 of the whole row + its occurrence number among identical rows (each is a separate report)."""
    body = frame[list(COLUMNS)].astype(str)
    digests = pd.Series([hashlib.sha1("\x1f".join(r).encode("utf-8")).hexdigest()
                         for r in body.itertuples(index=False, name=None)], index=frame.index)
    occurrence = digests.groupby(digests).cumcount() + 1
    return digests + "-" + occurrence.astype(str)


def file_vintage(codes: pd.Series, lookups: dict[int, dict[str, str]], month: str) -> int:
    """The LSOA vintage a file uses: the held vintage with codes of the file that no other held vintage has;
    else by month (police.uk used 2011 codes until 2022)."""
    present = set(codes)
    own = {v: len(present & (set(m) - set().union(*(set(o) for w, o in lookups.items() if w != v))))
           for v, m in lookups.items()}
    best = max(own.values(), default=0)
    if best:
        return max(own, key=lambda v: (own[v], v))
    preferred = 2011 if month[:4] < "2022" else 2021
    return preferred if preferred in lookups else next(iter(lookups), 0)


def place(lsoa: pd.Series, lookups: dict[int, dict[str, str]], vintage: int) -> pd.Series:
    """The ward of each LSOA code: through `vintage`'s lookup, then any other held one (NA where none)."""
    order = [vintage, *sorted((v for v in lookups if v != vintage), reverse=True)]
    ward = pd.Series(pd.NA, index=lsoa.index, dtype="string")
    for v in order:
        if v in lookups:
            ward = ward.fillna(lsoa.map(lookups[v]).astype("string"))
    return ward


def lsoa_district(names: pd.Series) -> pd.Series:
    """The district part of a police.uk LSOA name: 'South Ribble 008B' -> 'south ribble'."""
    return names.str.strip().str.replace(r"\s+\d{3}[A-Z]$", "", regex=True).str.lower()


def _repeated_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows repeating a crime already listed in the month (same Crime ID, every column but the outcome equal)."""
    crime = frame["Crime ID"]
    listed = crime != ""
    twice = listed & crime.duplicated(keep=False)
    if not twice.any():
        return pd.Series(False, index=frame.index)
    body = frame.loc[twice, [c for c in COLUMNS if c != "Last outcome category"]]
    variants = body.drop_duplicates().groupby("Crime ID").size()
    consistent = set(variants[variants == 1].index)
    return listed & crime.isin(consistent) & crime.duplicated(keep="first")


def _member_events(path: Path, frame: pd.DataFrame, context: LoadContext, today: date | None):
    """Events for one CSV: (checker, good events, rejects, counts of outside / no LSOA / unplaced / repeated,
    a few unplaced LSOA codes)."""
    repeated = _repeated_rows(frame)
    frame = frame.loc[~repeated].reset_index(drop=True)
    lsoa = frame["LSOA code"].str.upper()
    # A code that is not an LSOA code at all (E0102491: cut short or mangled by a spreadsheet) is an error
    # in the file, not a place outside the partnership: it is kept here so that it is refused by row.
    malformed = ((lsoa != "") & ~lsoa.str.match(LSOA)).to_numpy()
    lookups = context.lookups
    month = str(frame["Month"].iloc[0]) if len(frame) else ""
    ward = place(lsoa, lookups, file_vintage(lsoa, lookups, month))
    inside = ward.notna().to_numpy()
    ours = {n.lower() for n in context.district_names.values()}
    in_district = lsoa_district(frame["LSOA name"]).isin(ours).to_numpy() & (lsoa != "").to_numpy()
    unplaced = ~inside & ~malformed & in_district
    outside, no_lsoa = int((~inside & ~malformed & ~unplaced).sum()), int((lsoa == "").sum())
    unplaced_codes = sorted(set(lsoa[unplaced]))
    keep = inside | malformed | unplaced
    kept = frame.loc[keep].reset_index(drop=True)
    ward = ward.loc[keep].reset_index(drop=True)
    lsoa = lsoa.loc[keep].reset_index(drop=True)
    chk = Checker(path, kept)
    chk.flag(~lsoa.str.match(LSOA), "LSOA code", "the LSOA code is not an ONS LSOA code",
             "LSOA codes are E01 or W01 and six digits (e.g. E01024915): download the file from police.uk "
             "again rather than editing it in a spreadsheet")
    month = parse_months(chk, "Month", today=today, earliest=EARLIEST)
    crime_id = kept["Crime ID"]
    chk.flag(crime_id.duplicated(keep=False) & (crime_id != ""), "Crime ID",
             "the same Crime ID appears on more than one row", "police.uk files list each crime once: "
             "download the month again rather than joining files by hand")
    chk.flag(kept["Crime type"] == "", "Crime type", "the crime type is blank",
             "every police.uk row has a crime type: download the file again")
    record_id = crime_id.copy()
    asb = crime_id == ""
    if asb.any():
        record_id[asb] = _asb_ids(kept.loc[asb])
    events = event_frame(
        len(kept),
        source=SOURCE,
        record_id=record_id.astype("string"),
        event_date=month,
        period=month,
        ward_code=ward,
        lsoa_code=lsoa.astype("string"),
        category=kept["Crime type"].astype("string"),
        subcategory=kept["Last outcome category"].replace("", pd.NA).astype("string"),
        count=pd.Series(1, index=kept.index, dtype="Int64"),
    )
    good, rejects = chk.finish(events, partial=True)
    counts = {"outside": outside, "no_lsoa": no_lsoa, "unplaced": int(unplaced.sum()), "repeated": int(repeated.sum())}
    return chk, good, rejects, counts, unplaced_codes


def _zip_members(path: Path, data: bytes) -> list[tuple[str, bytes]] | None:
    """The street-level CSVs inside a police.uk download (None for a workbook), each decompressed within the
    limits of `data_loaders.limits` (real bytes counted as they come out, never the zip's headers)."""
    with open_zip(path, data, what="zip") as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if any(i.filename == "xl/workbook.xml" for i in infos):
            return None  # an Excel workbook: read_table reads it
        csvs = [i for i in infos if i.filename.lower().endswith(".csv")
                and not PurePosixPath(i.filename).name.startswith(".") and "__MACOSX" not in i.filename]
        street = [i for i in csvs if i.filename.lower().endswith("-street.csv")]
        chosen = sorted(street or csvs, key=lambda i: i.filename)
        if not chosen:
            raise file_problem(path, "the zip holds no CSV files",
                               "upload the police.uk download with its YYYY-MM-<force>-street.csv files")
        expansion = Expansion(path, data, "zip")
        if MAX_UNZIPPED_BYTES < expansion.limit:
            expansion.limit = MAX_UNZIPPED_BYTES
        return [(i.filename, read_member(path, archive, i, expansion, what="zip")) for i in chosen]


def _count_republished_once(good: pd.DataFrame, kept: pd.DataFrame, member: str, seen: list[pd.DataFrame],
                            republished: list) -> pd.DataFrame:
    """police.uk republishes some crimes in a later month under the same Crime ID: within one zip (members
    in name order, so months ascending) a crime is counted in the first month it appears. `seen` holds each
    earlier member's first listings (Crime ID, member, row) as frames: a third of a million IDs held as a dict of
    tuples cost more memory than the rows themselves."""
    crime = kept["Crime ID"].reset_index(drop=True)
    rows = kept[ROW].reset_index(drop=True)
    listed = crime != ""
    earlier = pd.concat(seen, ignore_index=True) if seen else None
    repeat = listed & crime.isin(earlier["crime"]) if earlier is not None else pd.Series(False, index=crime.index)
    if repeat.any():
        first = earlier.set_index("crime")
        for cid, row in zip(crime[repeat], rows[repeat], strict=True):
            republished.append((cid, member, int(row), first.at[cid, "member"], int(first.at[cid, "row"])))
    new = pd.DataFrame({"crime": crime[listed & ~repeat], "member": member, "row": rows[listed & ~repeat]})
    seen.append(new.drop_duplicates("crime").astype({"member": "category", "row": "int64"}))
    return good.loc[~repeat.to_numpy()].reset_index(drop=True)


def _in_member(member: str, problem: Problem) -> Problem:
    """Re-word a problem so that it names the file inside the zip: 'YYYY-MM-force-street.csv row 5, …'."""
    where = member
    if problem.rows:
        shown = ", ".join(str(r) for r in problem.rows[:5])
        more = f" and {len(problem.rows) - 5} more" if len(problem.rows) > 5 else ""
        where += f" row{'s' if len(problem.rows) > 1 else ''} {shown}{more}"
    if problem.column:
        where += f", column '{problem.column}'"
    return Problem((), None, f"{where}: {problem.message}", problem.fix)


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    path = Path(path)
    context = context or LoadContext.from_settings()
    data = file_bytes(path, data)
    if not context.lookups:
        raise file_problem(path, "there is no LSOA to ward lookup in the store, so police.uk rows (which are "
                           "placed by LSOA) cannot be given a ward", LOOKUP_FIX)
    today = date.fromisoformat(context.today) if context.today else None
    members = (_zip_members(path, data) if data.startswith(ZIP_MAGIC) else None) or [(None, data)]
    problems: list[Problem] = []
    frames, rejects, rows_read = [], [], 0
    totals = {"outside": 0, "no_lsoa": 0, "unplaced": 0, "repeated": 0}
    unplaced_codes: set[str] = set()
    rows = None
    notes_read: list[str] = []
    seen: list[pd.DataFrame] = []  # each member's first listings: Crime ID, member, row
    republished: list[tuple[str, str, int, str, int]] = []
    for member, content in members:
        try:
            raw = read_table(member or path, required=list(COLUMNS), data=content)
        except LoadError as exc:
            if member is None:
                raise
            raise LoadError(str(path), [_in_member(member, p) for p in exc.problems]) from None
        notes_read += [f"{member}: {n}" if member else n for n in raw.notes]
        chk, good, bad, counts, codes = _member_events(path, raw.frame, context, today)
        rows_read += len(raw.frame)
        totals = {k: totals[k] + counts[k] for k in totals}
        unplaced_codes |= set(codes)
        problems += [_in_member(member, p) for p in chk.problems] if member else chk.problems
        kept = ~chk.frame.index.isin(list(chk.bad))
        if member is None:  # a zip's rows are numbered per member, so only a single CSV names them
            rows = chk.frame[ROW].loc[kept].reset_index(drop=True)
        else:
            if len(bad):
                bad["reason"] = member + ": " + bad["reason"]
            good = _count_republished_once(good, chk.frame.loc[kept], member, seen, republished)
        frames.append(good)
        rejects.append(bad)
    if problems and not partial:
        raise LoadError(str(path), problems)
    outside, no_lsoa, unplaced = totals["outside"], totals["no_lsoa"], totals["unplaced"]
    if outside and outside - no_lsoa and outside == rows_read:
        raise file_problem(
            path, f"none of the {rows_read} rows is in an LSOA of the LSOA to ward lookup",
            "check that the lookup covers your districts and matches the file's LSOA edition (police.uk used "
            "2011 LSOA codes until 2022, 2021 codes since); load the right one with "
            "`python -m warehouse ingest lsoa_ward FILE`",
            column="LSOA code")
    events = pd.concat(frames, ignore_index=True)
    notes = notes_read
    if republished:
        crime, member, row, first, first_row = republished[0]
        notes.append(f"{len(republished)} crimes republished in a later month of the zip under the same Crime ID "
                     f"were counted once, in the month they first appear (e.g. {member} row {row} repeats "
                     f"{first} row {first_row})")
    if totals["repeated"]:
        notes.append(f"{totals['repeated']} rows repeat a crime already listed in the same month (the same Crime ID, "
                     "identical or differing only in the outcome): each crime counted once")
    if unplaced:
        notes.append(f"{unplaced} rows are in LSOAs of the partnership's districts that are not in the loaded LSOA "
                     f"lookup (e.g. {', '.join(sorted(unplaced_codes)[:3])}): kept without a ward (counted in the "
                     f"partnership as ward not known) until you load {_missing_lookup(context, rows_month(events))}; "
                     "they are then placed in their wards automatically")
    if outside:
        notes.append(f"{outside} rows outside the partnership's LSOAs dropped"
                     + (f" ({no_lsoa} of them with no LSOA recorded)" if no_lsoa else ""))
    counts = {"outside": outside, "unplaced": unplaced, "repeated": totals["repeated"] + len(republished)}
    return LoadResult({TABLE: validate(events, TABLE, path, rows)}, rows_read=rows_read,
                      rejects=pd.concat(rejects, ignore_index=True),
                      rows_dropped=outside + len(republished) + totals["repeated"], notes=notes, counts=counts)


def rows_month(events: pd.DataFrame) -> str:
    return f"{pd.Timestamp(events['period'].min()):%Y-%m}" if len(events) else ""


def _missing_lookup(context: LoadContext, month: str) -> str:
    """Which lookup to load for codes no held lookup has: the vintage not held (else by the file's month)."""
    held = set(context.lookups)
    vintage = 2011 if 2021 in held and 2011 not in held else 2021 if 2011 in held and 2021 not in held else \
        (2011 if month[:4] < "2022" else 2021)
    return (f"the LSOA {vintage} to ward lookup (`python -m warehouse ingest lsoa_ward FILE`, e.g. "
            f"sample_data/public/lookups/lsoa{str(vintage)[2:]}_to_wd25_chorley_southribble_DERIVED.csv)")


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a police.uk street-level CSV (or zip of them) into tidy events, or raise LoadError."""
    return parse(path, context=context).frame
