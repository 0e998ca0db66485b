"""Synthetic events for a region of many boroughs, written for both paths of the benchmark.

The sample generator (sample_data.generate) tells one partnership's story at sample scale; the benchmark needs
N = 1M, 10M or 100M events across a region. This module draws them with numpy (seeded, chunk by chunk)
in the store's tidy `events` shape, taking the mix of sources, months, categories, subcategories and age
bands from the sample store (so every catalogue filter finds its events) and spreading them over the
configured partnership's wards plus `BOROUGHS - 1` made-up boroughs of `WARDS_PER_BOROUGH` wards each
(GSS-like codes E05900001..., districts E07900001...).

Each size is written once to `data/bench/<size>/` (git-ignored) and reused while the seed and layout match:

- `events.duckdb`: a project store (schema from warehouse.store.connect), events bulk-loaded from the
  Parquet chunks with INSERT ... SELECT FROM read_parquet, in month then source order as monthly partner
  files arrive, plus the reference tables (areas, population, ...) copied from the sample store;
- `events.csv`: the same events as one partner-style CSV extract (the naive path reads it), unless the
  size is above `--naive-max`;
- `population.csv`: the population table as a CSV (the naive compute reads it).

Generation time is not measured.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from settings import ROOT, get_settings

DATA = ROOT / "data" / "bench"
SEED = 20200323
BOROUGHS = 12
WARDS_PER_BOROUGH = 15
SOURCES = ("community_hub", "citizens_advice", "police_uk")
REFERENCE_TABLES = ("areas", "area_shapes", "lsoa_ward", "population", "deprivation", "practices")
EVENT_COLUMNS = ("source", "record_id", "event_date", "period", "ward_code", "category", "subcategory",
                 "age_band", "count")
CSV_COLUMNS = ("source", "record_id", "event_date", "ward_code", "category", "subcategory", "age_band", "count")
LAYOUT_VERSION = 3  # bump when the generated data change, so cached files are rebuilt


def size_label(n: int) -> str:
    for div, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix}"
    return str(n)


@dataclass(frozen=True)
class Region:
    ward_codes: np.ndarray  # every ward of the region
    ward_names: np.ndarray
    ward_weights: np.ndarray  # probability of an event per ward
    districts: np.ndarray  # each ward's district code
    partnership_wards: tuple[str, ...]


def region(seed: int = SEED) -> Region:
    """The configured partnership's wards plus made-up boroughs of similar size."""
    rng = np.random.default_rng(seed)
    settings = get_settings()
    codes, names, districts, weights = [], [], [], []
    home = settings.districts[0] if settings.districts else "E07900000"
    for w in settings.wards:
        codes.append(w.code)
        names.append(w.name)
        districts.append(home)
    weights += list(rng.lognormal(0.0, 0.35, len(settings.wards)) / len(settings.wards))
    n = 0
    for b in range(1, BOROUGHS):
        district = f"E0790{b:04d}"
        w = rng.lognormal(0.0, 0.35, WARDS_PER_BOROUGH)
        weights += list(w / w.sum())
        for k in range(WARDS_PER_BOROUGH):
            n += 1
            codes.append(f"E0590{n:04d}")
            names.append(f"Borough {b} ward {k + 1}")
            districts.append(district)
    weights_arr = np.array(weights)
    return Region(np.array(codes), np.array(names), weights_arr / weights_arr.sum(), np.array(districts),
                  tuple(w.code for w in settings.wards))


@dataclass(frozen=True)
class Profile:
    """The mix of (source, period, category, subcategory, age_band) of the sample store's events."""

    source: np.ndarray
    period: np.ndarray  # datetime64[D], first of the month
    category: np.ndarray
    subcategory: np.ndarray  # object, None where not recorded
    age_band: np.ndarray
    probability: np.ndarray


def profile(sample_url: str) -> Profile:
    from warehouse.store import connect

    store = connect(sample_url, create=False)
    try:
        placeholders = ", ".join("?" for _ in SOURCES)
        mix = store.fetch(
            f'SELECT source, period, category, subcategory, age_band, COUNT(*) AS n FROM "events" '
            f"WHERE source IN ({placeholders}) GROUP BY ALL ORDER BY ALL", list(SOURCES))
    finally:
        store.close()
    if mix.empty:
        raise RuntimeError(f"the sample store {sample_url} has no events for {SOURCES}")
    n = mix["n"].to_numpy(dtype=float)

    def obj(col: str) -> np.ndarray:
        return np.array([None if v is None or v != v else str(v) for v in mix[col]], dtype=object)

    return Profile(obj("source"), mix["period"].to_numpy().astype("datetime64[D]"), obj("category"),
                   obj("subcategory"), obj("age_band"), n / n.sum())


def _dictionary(values: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """(index of each value, dictionary) with None kept as a null index."""
    present = [v for v in values if v is not None]
    labels = sorted(set(present))
    lookup = {v: i for i, v in enumerate(labels)}
    idx = np.array([lookup.get(v, -1) for v in values], dtype=np.int32)
    return idx, pa.array(labels, type=pa.string())


def _dict_column(codes: np.ndarray, dictionary: pa.Array) -> pa.DictionaryArray:
    mask = codes < 0
    indices = pa.array(np.where(mask, 0, codes).astype(np.int32), mask=mask if mask.any() else None)
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def write_chunks(out: Path, n_rows: int, prof: Profile, reg: Region, *, seed: int = SEED) -> list[Path]:
    """Parquet chunks, one per month of the profile (events of every source in that month, source order)."""
    out.mkdir(parents=True, exist_ok=True)
    months = np.unique(prof.period)
    month_share = np.array([prof.probability[prof.period == m].sum() for m in months])
    rng = np.random.default_rng(seed)
    per_month = rng.multinomial(n_rows, month_share / month_share.sum())
    src_idx, src_dict = _dictionary(prof.source)
    cat_idx, cat_dict = _dictionary(prof.category)
    sub_idx, sub_dict = _dictionary(prof.subcategory)
    age_idx, age_dict = _dictionary(prof.age_band)
    ward_dict = pa.array(reg.ward_codes.tolist(), type=pa.string())
    ward_cum = np.cumsum(reg.ward_weights)
    ward_cum[-1] = 1.0
    paths, first_id = [], 0
    for m, (month, rows) in enumerate(zip(months, per_month, strict=True)):
        if rows == 0:
            continue
        crng = np.random.default_rng([seed, m])
        in_month = np.flatnonzero(prof.period == month)
        cum = np.cumsum(prof.probability[in_month])
        cum /= cum[-1]
        combo = in_month[np.searchsorted(cum, crng.random(rows), side="right").clip(max=len(in_month) - 1)]
        combo = combo[np.argsort(src_idx[combo], kind="stable")]  # one partner file after another
        ward = np.searchsorted(ward_cum, crng.random(rows), side="right").clip(max=len(ward_cum) - 1)
        year, mon = int(str(month)[:4]), int(str(month)[5:7])
        days = calendar.monthrange(year, mon)[1]
        start = month.astype("datetime64[D]").astype(np.int32)
        event_day = start + crng.integers(0, days, rows).astype(np.int32)
        ids = pc.cast(pa.array(np.arange(first_id + 1, first_id + rows + 1, dtype=np.int64)), pa.string())
        record_id = pc.binary_join_element_wise("EV", pc.utf8_lpad(ids, 10, "0"), "")
        table = pa.table({
            "source": _dict_column(src_idx[combo], src_dict),
            "record_id": record_id,
            "event_date": pa.array(event_day, type=pa.int32()).cast(pa.date32()),
            "period": pa.array(np.full(rows, start, dtype=np.int32), type=pa.int32()).cast(pa.date32()),
            "ward_code": _dict_column(ward.astype(np.int32), ward_dict),
            "category": _dict_column(cat_idx[combo], cat_dict),
            "subcategory": _dict_column(sub_idx[combo], sub_dict),
            "age_band": _dict_column(age_idx[combo], age_dict),
            "count": pa.array(np.ones(rows, dtype=np.int64)),
        })
        path = out / f"events_{m:03d}.parquet"
        pq.write_table(table, path, row_group_size=1_000_000)
        paths.append(path)
        first_id += rows
    return paths


def copy_reference(sample_url: str, store) -> None:
    """The reference tables (areas, population ...) from the sample store into a bench store."""
    from warehouse.store import duckdb_path

    sample_path = duckdb_path(sample_url)
    con = store.con.con
    con.execute(f"ATTACH '{sample_path}' AS sample_ref (READ_ONLY)")
    try:
        for table in REFERENCE_TABLES:
            con.execute(f'DELETE FROM "{table}"')
            con.execute(f'INSERT INTO "{table}" SELECT * FROM sample_ref."{table}"')
    finally:
        con.execute("DETACH sample_ref")


@dataclass(frozen=True)
class Dataset:
    n_rows: int
    folder: Path
    store_url: str
    csv: Path | None
    population_csv: Path
    store_bytes: int
    csv_bytes: int | None
    rollup_build_s: float | None = None

    @property
    def label(self) -> str:
        return size_label(self.n_rows)


def _manifest(n_rows: int, with_csv: bool, seed: int) -> dict:
    from warehouse.tables import create_statements

    settings = get_settings()
    schema = hashlib.sha256("\n".join(create_statements("duckdb")).encode()).hexdigest()[:16]
    return {"layout": LAYOUT_VERSION, "rows": n_rows, "seed": seed, "csv": with_csv, "boroughs": BOROUGHS,
            "wards_per_borough": WARDS_PER_BOROUGH, "partnership_wards": [w.code for w in settings.wards],
            "schema": schema}


def dataset(n_rows: int, sample_url: str, *, with_csv: bool, seed: int = SEED, root: Path = DATA,
            log=print) -> Dataset:
    """The bench store (and CSV extract) for n_rows events; built once, reused while the manifest matches."""
    from warehouse.store import connect, duckdb_path

    folder = root / size_label(n_rows)
    db = folder / "events.duckdb"
    csv = folder / "events.csv"
    pop = folder / "population.csv"
    manifest_path = folder / "manifest.json"
    wanted = _manifest(n_rows, with_csv, seed)
    have = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    reusable = have is not None and db.exists() and pop.exists() and (not with_csv or csv.exists()) and all(
        have.get(k) == v for k, v in wanted.items() if k != "csv") and (have.get("csv") or not with_csv)
    if not reusable:
        started = time.perf_counter()
        log(f"  generating {n_rows:,} events across {BOROUGHS} boroughs in {folder} (not timed) ...")
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        prof, reg = profile(sample_url), region(seed)
        chunks = write_chunks(folder / "chunks", n_rows, prof, reg, seed=seed)
        url = f"duckdb:///{db}"
        store = connect(url, create=False)
        try:
            con = store.con.con
            _schema(store)
            con.execute("DROP INDEX IF EXISTS events_source_period")  # built once after the bulk load
            cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
            con.execute(f'INSERT INTO "events" ({cols}) SELECT {cols} FROM read_parquet(?)',
                        [[str(p) for p in chunks]])
            _schema(store)  # recreates the index, as the project's schema has it
            copy_reference(sample_url, store)
            con.execute("CHECKPOINT")
            if with_csv:
                sel = ", ".join(f'"{c}"' for c in CSV_COLUMNS)
                con.execute(f"COPY (SELECT {sel} FROM read_parquet(?)) TO '{csv}' (HEADER, DELIMITER ',')",
                            [[str(p) for p in chunks]])
            con.execute(f"COPY (SELECT area_code, year, age, sex, persons FROM \"population\") TO '{pop}' "
                        "(HEADER, DELIMITER ',')")
        finally:
            store.close()
        shutil.rmtree(folder / "chunks")
        manifest_path.write_text(json.dumps(wanted, indent=2))
        log(f"  ... done in {time.perf_counter() - started:.0f} s")
    rollup_s = ensure_rollups(f"duckdb:///{db}", log=log)
    path = duckdb_path(f"duckdb:///{db}")
    return Dataset(n_rows, folder, f"duckdb:///{db}", csv if with_csv else None, pop,
                   path.stat().st_size, csv.stat().st_size if with_csv else None, rollup_s)


def _schema(store) -> None:
    """The project's tables (warehouse.tables), created without Store.ensure_schema's extra steps."""
    from warehouse.tables import create_statements

    for statement in create_statements(store.dialect):
        store.execute(statement)


def ensure_rollups(url: str, log=print) -> float | None:
    """Bring the store's rollup tables up to date with its events, when the project has rollups.

    The bench bulk-loads events without going through ingest (which maintains the rollups), so it rebuilds
    them with the project's own warehouse.rollups.rebuild; returns the seconds that took (None: no rollups,
    0.0: already consistent). Not part of any timing.
    """
    try:
        from warehouse import rollups
    except ImportError:
        return None
    rebuild = getattr(rollups, "rebuild", None)
    consistent = getattr(rollups, "consistent", None)
    if rebuild is None:
        return None
    from warehouse.store import connect

    store = connect(url, create=False)
    try:
        _schema(store)
        if consistent is not None and consistent(store):
            return 0.0
        log("  building the rollup tables with warehouse.rollups.rebuild (not timed) ...")
        started = time.perf_counter()
        with store.transaction():
            rebuild(store)
        store.execute("CHECKPOINT")
        return time.perf_counter() - started
    finally:
        store.close()


def sample_store(root: Path = DATA, log=print) -> str:
    """A fresh sample store (warehouse.sample.build_sample) at data/bench/sample.duckdb.

    Rebuilt on every run (a few seconds), so it always matches the project's current ingest and schema.
    """
    from warehouse.sample import build_sample
    from warehouse.store import connect

    path = root / "sample.duckdb"
    log(f"  building the sample store at {path} (not timed) ...")
    root.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    store = connect(f"duckdb:///{path}")
    try:
        build_sample(store)
        store.execute("CHECKPOINT")
    finally:
        store.close()
    return f"duckdb:///{path}"
