"""A Lancashire-shaped synthetic store for the benchmark: 12 districts, their 215 real wards, N demand events.

Geography (committed, from ONS): `bench/lancashire_wards.csv` holds the 215 WD25 wards of Lancashire County
Council's 12 districts (code, name, district, centroid; from ONS's generalised ward boundaries, BGC, WD25)
and `bench/lancashire_districts_syoa.csv` each district's Census 2021 usual residents by single year of age
(Nomis TS007). The bench writes its own `dashboard.toml` with the 12 districts and 215 wards (so the areas
come from configuration, as in a real deployment); four ward names recur in two districts (Ashton, Overton,
Park, Warton) and get the district's name in brackets, as partner files must then name them.

Everything else is synthetic and seeded:

- reference files, in the formats the project's loaders read, ingested through `warehouse.ingest`: the
  ward boundaries (the real ONS file when ../shared/data/real has it, else Voronoi cells around the
  centroids), Census-style single years of age per ward (each district's real age profile shared among
  its wards), ~5 LSOAs per ward with a lookup and IoD 2025-style scores (more deprived in Burnley,
  Hyndburn, Pendle and Preston);
- events, bulk-loaded straight into `events` (the history a migration would bring; not timed): N rows of
  the four one-row-per-event sources (community hub, Citizens Advice, police.uk, food bank) drawn from
  the sample store's own mix of (source, month, category, subcategory, age band, sex, channel, status,
  repeat, count), so every indicator's filter finds its events; wards by population, weighted towards
  deprived wards; 3% with no ward, as the sample has. Then the rollup is rebuilt and every indicator
  value computed once (`warehouse.values.refresh`, timed and reported as "full refresh");
- the next month's community hub extract (`hub_requests_<month>.csv`, the hub's own CSV layout, about
  N / 200 rows), which the "one month's ingest" case loads through `warehouse.ingest.ingest`.

Each size is built once under data/bench/<size>/ and reused while its manifest matches.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from settings import ROOT

HERE = Path(__file__).resolve().parent
DATA = ROOT / "data" / "bench"
WARDS_CSV = HERE / "lancashire_wards.csv"
AGES_CSV = HERE / "lancashire_districts_syoa.csv"
REAL_WARDS = ROOT.parent / "shared" / "data" / "real" / "boundaries" / "lancashire_cc_wards_wd25_bgc.geojson"
SEED = 20200323
SOURCES = ("community_hub", "citizens_advice", "police_uk", "food_bank")
MIX_COLUMNS = ("category", "subcategory", "age_band", "sex", "channel", "status", "is_repeat", "count")
UNKNOWN_WARD_SHARE = 0.03
DEPRIVED = {"E07000117": 9.0, "E07000120": 8.0, "E07000122": 6.0, "E07000123": 7.0}  # extra IMD score
LAYOUT_VERSION = 1  # bump when the generated data change, so cached stores are rebuilt
CONFIG_NAME = "dashboard.toml"
IMD_COLUMNS = [f"{d}_{m}" for d in ("IMD", "Income", "Employment", "Education", "Health", "Crime",
                                    "Housing_and_Services", "Environment") for m in ("score", "rank", "decile")]


def size_label(n: int) -> str:
    for div, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix}"
    return str(n)


# --- geography and configuration ---------------------------------------------------------------------

def wards() -> pd.DataFrame:
    """The 215 wards, with a display name unique across the county."""
    frame = pd.read_csv(WARDS_CSV, dtype=str)
    repeated = frame["ward_name"].duplicated(keep=False)
    frame["name"] = np.where(repeated, frame["ward_name"] + " (" + frame["district_name"] + ")", frame["ward_name"])
    return frame


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_config(folder: Path, store_path: Path, boundaries: Path) -> Path:
    """The bench's dashboard.toml: the 12 districts of Lancashire County Council and their 215 wards."""
    w = wards()
    districts = w.drop_duplicates("district_code")
    lines = [
        "# Written by bench/lancashire.py: the benchmark's Lancashire-shaped partnership (12 districts).",
        "[partnership]", 'name = "Lancashire"',
        "districts = [" + ", ".join(_q(c) for c in districts["district_code"]) + "]",
        "district_names = [" + ", ".join(_q(n) for n in districts["district_name"]) + "]",
        'county = { code = "E10000017", name = "Lancashire" }', "",
        "[baseline]", 'start = "2019-01"', 'end = "2019-12"', 'pandemic_start = "2020-03-23"',
        'lockdowns = ["2020-03-23", "2020-11-05", "2021-01-06"]', "",
        "[disclosure]", "threshold = 7", "rounding = 5", "",
        "[uploads]", "max_mb = 50", "",
        "[store]", f"url = {_q('duckdb:///' + str(store_path))}", "",
        "[geography]", f"ward_boundaries = {_q(str(boundaries))}", 'borough_outline = ""', "",
    ]
    for r in w.itertuples():
        lines += ["[[wards]]", f"code = {_q(r.ward_code)}", f"name = {_q(r.name)}", f"district = {_q(r.district_code)}"]
    path = folder / CONFIG_NAME
    path.write_text("\n".join(lines) + "\n")
    return path


def _population(rng: np.random.Generator, w: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(ward x single year 0..100 matrix, each ward's share of its district)."""
    ages = pd.read_csv(AGES_CSV, dtype={"area_code": str, "age": str})
    ages["age"] = ages["age"].str.replace("+", "", regex=False).astype(int)
    by_district = ages.pivot_table(index="area_code", columns="age", values="usual_residents", aggfunc="sum")
    share = np.empty(len(w))
    matrix = np.zeros((len(w), 101), dtype=np.int64)
    for district, idx in w.groupby("district_code").indices.items():
        weights = rng.lognormal(0.0, 0.3, len(idx))
        weights /= weights.sum()
        share[idx] = weights
        profile = by_district.loc[district].to_numpy(dtype=float)
        for i, k in enumerate(idx):  # each ward's age mix tilts a little older or younger
            tilt = np.exp(rng.normal(0, 0.15) * (np.arange(101) - 40) / 40)
            row = profile * tilt
            matrix[k] = np.round(row / row.sum() * profile.sum() * weights[i]).astype(np.int64)
    return matrix, share


def _lsoas(rng: np.random.Generator, w: pd.DataFrame, pop: np.ndarray) -> pd.DataFrame:
    """About one LSOA per 1,600 residents (at least 2 a ward), with an IoD 2025-style IMD score and decile."""
    rows = []
    cuts = [34.2, 27.2, 22.0, 17.9, 14.5, 11.6, 9.1, 6.9, 4.9]  # national IMD score at deciles 1..9 (approx.)
    for k, r in enumerate(w.itertuples()):
        n = max(2, int(round(pop[k].sum() / 1600)))
        base = 14.0 + DEPRIVED.get(r.district_code, 0.0) + rng.normal(0, 6)
        for j in range(n):
            score = float(max(1.0, base + rng.normal(0, 7)))
            decile = 1 + sum(score < c for c in cuts)
            rows.append((f"E019{k:03d}{j:02d}", f"{r.district_name} {k:03d}{chr(65 + j % 26)}", r.ward_code,
                         r.ward_name, r.district_code, r.district_name, score, decile))
    frame = pd.DataFrame(rows, columns=["LSOA21CD", "LSOA21NM", "WD25CD", "WD25NM", "LAD25CD", "LAD25NM", "score",
                                        "decile"])
    frame["rank"] = frame["score"].rank(ascending=False, method="first").astype(int) * 40  # of ~33,755 LSOAs
    return frame


def _voronoi_wards(w: pd.DataFrame):
    """Without the real ONS boundaries: Voronoi cells around the ward centroids, clipped to their hull."""
    import geopandas as gpd
    import shapely

    points = shapely.points(w["lon"].astype(float), w["lat"].astype(float))
    hull = shapely.convex_hull(shapely.multipoints(points)).buffer(0.02)
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=hull)
    cells = [next(c for c in shapely.get_parts(cells) if c.contains(p)).intersection(hull) for p in points]
    return gpd.GeoDataFrame({"WD25CD": w["ward_code"], "WD25NM": w["ward_name"], "LAD25CD": w["district_code"],
                             "approximate": True,
                             "note": "approximate: Voronoi cells around ONS ward centroids, not boundaries"},
                            geometry=cells, crs="EPSG:4326")


def write_reference(folder: Path, rng: np.random.Generator) -> tuple[list[tuple[str, Path]], np.ndarray, pd.DataFrame]:
    """Reference files in the loaders' formats; returns (source, path) in ingest order, the population
    matrix and the LSOAs."""
    ref = folder / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    w = wards()
    pop, _ = _population(rng, w)
    lsoas = _lsoas(rng, w, pop)
    files: list[tuple[str, Path]] = []
    if REAL_WARDS.exists():
        boundaries = ref / "lancashire_wards_wd25_bgc.geojson"
        shutil.copy(REAL_WARDS, boundaries)
    else:
        boundaries = ref / "lancashire_wards_approx.geojson"
        _voronoi_wards(w).to_file(boundaries, driver="GeoJSON")
    files.append(("boundaries", boundaries))
    lookup = lsoas[["LSOA21CD", "LSOA21NM", "WD25CD", "WD25NM", "LAD25CD", "LAD25NM"]]
    lookup.to_csv(ref / "lsoa21_to_wd25.csv", index=False)
    files.append(("lsoa_ward", ref / "lsoa21_to_wd25.csv"))
    rows = []
    for k, r in enumerate(w.itertuples()):
        rows.append((r.ward_code, r.ward_name, "Total", int(pop[k].sum()), "total"))
        rows += [(r.ward_code, r.ward_name, str(a) if a < 100 else "100+", int(n), "single_year")
                 for a, n in enumerate(pop[k])]
    pd.DataFrame(rows, columns=["ward_code", "ward_name", "age", "usual_residents", "row_type"]).to_csv(
        ref / "census2021_ward_single_year_of_age.csv", index=False)
    files.append(("population", ref / "census2021_ward_single_year_of_age.csv"))
    imd = pd.DataFrame({"lsoa21_code": lsoas["LSOA21CD"], "lsoa21_name": lsoas["LSOA21NM"]})
    for col in IMD_COLUMNS:  # the compact IoD 2025 layout data_loaders.deprivation reads
        kind = col.rsplit("_", 1)[1]
        imd[col] = {"decile": lsoas["decile"], "rank": lsoas["rank"], "score": lsoas["score"].round(3)}[kind]
    imd.to_csv(ref / "imd2025_lsoa21.csv", index=False)
    files.append(("deprivation", ref / "imd2025_lsoa21.csv"))
    return files, pop, lsoas


# --- events ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mix:
    """The sample store's events: each (source, month, mix columns) combination and its share of rows."""

    frame: pd.DataFrame  # source, period, MIX_COLUMNS..., p


def mix(sample_url: str) -> Mix:
    import duckdb

    from warehouse.store import duckdb_path

    con = duckdb.connect(str(duckdb_path(sample_url)), read_only=True)
    try:
        cols = ", ".join(MIX_COLUMNS)
        placeholders = ", ".join("?" for _ in SOURCES)
        frame = con.execute(f"SELECT source, period, {cols}, COUNT(*) AS n FROM events WHERE source IN "
                            f"({placeholders}) GROUP BY ALL ORDER BY ALL", list(SOURCES)).df()
    finally:
        con.close()
    if frame.empty:
        raise RuntimeError(f"the sample store {sample_url} has no events of {SOURCES}")
    frame["p"] = frame["n"] / frame["n"].sum()
    frame["period"] = pd.to_datetime(frame["period"])
    return Mix(frame.drop(columns="n"))


def ward_weights(pop: np.ndarray, lsoas: pd.DataFrame, w: pd.DataFrame) -> np.ndarray:
    """Demand per resident rises with deprivation: weight = residents x exp(0.03 x (mean IMD score - 20))."""
    score = lsoas.groupby("WD25CD")["score"].mean().reindex(w["ward_code"]).to_numpy()
    weights = pop.sum(axis=1) * np.exp(0.03 * (score - 20))
    return weights / weights.sum()


def draw(n: int, m: Mix, weights: np.ndarray, ward_codes: np.ndarray, rng: np.random.Generator,
         *, first_id: int = 0) -> pd.DataFrame:
    """n events drawn from the mix (rows in month then source order, as monthly partner files arrive)."""
    f = m.frame
    pick = rng.choice(len(f), size=n, p=f["p"].to_numpy() / f["p"].sum())
    pick.sort()  # the mix is ordered by source, period: sorting keeps each file's rows together
    out = f.iloc[pick].drop(columns="p").reset_index(drop=True)
    ward = rng.choice(len(ward_codes), size=n, p=weights)
    known = rng.random(n) >= UNKNOWN_WARD_SHARE
    out["ward_code"] = pd.array(np.where(known, ward_codes[ward], None), dtype="string")
    starts = out["period"].to_numpy().astype("datetime64[D]")
    days = np.array([calendar.monthrange(p.year, p.month)[1] for p in pd.DatetimeIndex(out["period"].unique())])
    length = pd.Series(days, index=out["period"].unique()).reindex(out["period"]).to_numpy()
    out["event_date"] = starts + (rng.random(n) * length).astype("timedelta64[D]")
    prefix = out["source"].map({"community_hub": "CH", "citizens_advice": "CA", "police_uk": "PU",
                                "food_bank": "FB"})
    out["record_id"] = prefix + "-B" + pd.Series(np.arange(first_id + 1, first_id + n + 1)).astype(str).str.zfill(10)
    return out


def _load_events(store, frame: pd.DataFrame, ingest_ids: dict[str, int]) -> None:
    frame = frame.assign(ingest_id=frame["source"].map(ingest_ids), lsoa_code=None, org_code=None)
    cols = ["source", "record_id", "event_date", "period", "ward_code", "lsoa_code", "category", "subcategory",
            "age_band", "sex", "channel", "status", "is_repeat", "org_code", "count", "ingest_id"]
    con = store.con.con
    con.register("_bench_events", frame[cols])
    try:
        con.execute(f'INSERT INTO "events" ({", ".join(cols)}) SELECT {", ".join(cols)} FROM _bench_events')
    finally:
        con.unregister("_bench_events")


def hub_month_file(folder: Path, n_rows: int, m: Mix, weights: np.ndarray, w: pd.DataFrame,
                   rng: np.random.Generator) -> tuple[Path, str]:
    """The month after the hub's last: a partner CSV in the hub's layout, drawn from the same calendar month
    a year before."""
    hub = m.frame[m.frame["source"] == "community_hub"]
    last = hub["period"].max()
    month = last + pd.offsets.MonthBegin(1)
    like = hub[hub["period"] == month - pd.DateOffset(years=1)]
    if like.empty:
        like = hub[hub["period"] == last]
    events = draw(n_rows, Mix(like.assign(period=month)), weights, w["ward_code"].to_numpy(), rng)
    names = dict(zip(w["ward_code"], w["name"], strict=True))
    band = events["age_band"].fillna("Unknown")
    frame = pd.DataFrame({
        "Request ID": "CHM" + pd.Series(np.arange(1, n_rows + 1)).astype(str).str.zfill(8),
        "Date Received": events["event_date"].dt.strftime("%Y-%m-%d"),
        "Ward": events["ward_code"].map(names).fillna("Unknown"),
        "Postcode District": "PR1", "Age Band": band, "Request Type": events["category"],
        "Referral Source": events["channel"].fillna("Self"), "Status": events["status"].fillna("Completed"),
        "Repeat Request": np.where(events["is_repeat"].fillna(False).astype(bool), "Y", "N"), "Notes": "",
    })
    path = folder / f"hub_requests_{month:%Y-%m}.csv"
    frame.sort_values("Date Received", kind="stable").to_csv(path, index=False)
    return path, f"{month:%Y-%m}"


# --- the store --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    n_rows: int
    folder: Path
    store_url: str
    config: Path
    month_file: Path
    month: str
    events_parquet: Path
    population_csv: Path
    manifest: dict

    @property
    def label(self) -> str:
        return size_label(self.n_rows)

    def env(self, url: str | None = None) -> dict[str, str]:
        return {"DASHBOARD_CONFIG": str(self.config), "DASHBOARD_DB_URL": url or self.store_url}


def _fingerprint() -> str:
    """Changes with the project's tables and the code that makes values, so a cached store is rebuilt."""
    from warehouse.tables import create_statements

    h = hashlib.sha256("\n".join(create_statements("duckdb")).encode())
    code = sorted((ROOT / "metrics").glob("*.py")) + sorted((ROOT / "sources").glob("*.py")) + [
        ROOT / "warehouse" / "values.py", ROOT / "warehouse" / "digital.py"]
    for path in (HERE / "lancashire.py", WARDS_CSV, AGES_CSV, *code):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build(n_rows: int, folder: Path, sample_url: str, *, seed: int = SEED, log=print) -> dict:
    """Write the store of n_rows events in `folder` (run in a process whose DASHBOARD_CONFIG is the bench's)."""
    from warehouse import rollups, values
    from warehouse.ingest import ingest
    from warehouse.store import connect

    rng = np.random.default_rng(seed)
    files, pop, lsoas = write_reference(folder, rng)
    store = connect(os.environ["DASHBOARD_DB_URL"])
    timings: dict[str, float] = {}
    try:
        for source, path in files:
            ingest(store, source, path, refresh=False)
        w = wards()
        weights = ward_weights(pop, lsoas, w)
        m = mix(sample_url)
        started = time.perf_counter()
        ids = {}
        for s in SOURCES:
            ingest_id = int(store.fetch('SELECT COALESCE(MAX(ingest_id), 0) + 1 AS n FROM "ingests"')["n"].iloc[0])
            store.insert_frame("ingests", pd.DataFrame([{
                "ingest_id": ingest_id, "source": s, "file_name": f"bench history ({s})", "sha256": f"bench-{s}",
                "rows_read": 0, "rows_loaded": 0, "rows_rejected": 0, "rows_dropped": 0, "rows_replaced": 0,
                "periods": "", "loaded_at": pd.Timestamp.now(), "status": "loaded", "message": "bench bulk load"}]))
            ids[s] = ingest_id
        chunk = 2_000_000
        parquet = folder / "events.parquet"
        writer = None
        import pyarrow as pa
        import pyarrow.parquet as pq

        for start in range(0, n_rows, chunk):
            part = draw(min(chunk, n_rows - start), m, weights, w["ward_code"].to_numpy(),
                        np.random.default_rng([seed, start]), first_id=start)
            _load_events(store, part, ids)
            table = pa.Table.from_pandas(part[["source", "record_id", "event_date", "period", "ward_code",
                                               "category", "subcategory", "age_band", "channel", "status",
                                               "is_repeat", "count"]], preserve_index=False)
            writer = writer or pq.ParquetWriter(parquet, table.schema)
            writer.write_table(table)
            log(f"    {start + len(part):,} events")
        writer.close()
        timings["events_load_s"] = time.perf_counter() - started
        store.execute("UPDATE \"ingests\" SET rows_read = n, rows_loaded = n FROM (SELECT source AS s, COUNT(*) AS n "
                      'FROM "events" GROUP BY source) c WHERE source = c.s AND sha256 LIKE \'bench-%\'')
        started = time.perf_counter()
        with store.transaction():
            rollups.rebuild(store)
        timings["rollup_rebuild_s"] = time.perf_counter() - started
        started = time.perf_counter()
        with store.transaction():
            report = values.refresh(store)
        timings["full_refresh_s"] = time.perf_counter() - started
        timings["indicator_values_rows"] = report.rows
        store.execute("CHECKPOINT")
        wlabel = pd.DataFrame({"area_code": w["ward_code"], "population": pop.sum(axis=1)})
        wlabel.to_csv(folder / "population.csv", index=False)
        ages = pd.DataFrame({"area_code": np.repeat(w["ward_code"].to_numpy(), 101),
                             "age": np.tile(np.arange(101), len(w)), "persons": pop.ravel()})
        ages.to_csv(folder / "population_by_age.csv", index=False)
        month_rows = max(200, n_rows // 200)
        path, month = hub_month_file(folder, month_rows, m, weights, w, np.random.default_rng([seed, 99]))
        timings["month_file_rows"] = month_rows
    finally:
        store.close()
    return {"timings": timings, "month_file": str(path), "month": month}


def dataset(n_rows: int, sample_url: str, *, root: Path = DATA, seed: int = SEED, log=print) -> Dataset:
    """The bench store for n_rows events; built once (in a subprocess with the bench's configuration)."""
    folder = root / size_label(n_rows)
    db = folder / "store.duckdb"
    config = folder / CONFIG_NAME
    boundaries = folder / "reference" / ("lancashire_wards_wd25_bgc.geojson" if REAL_WARDS.exists()
                                         else "lancashire_wards_approx.geojson")
    wanted = {"layout": LAYOUT_VERSION, "rows": n_rows, "seed": seed, "fingerprint": _fingerprint(),
              "real_boundaries": REAL_WARDS.exists()}
    manifest_path = folder / "manifest.json"
    have = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if not (db.exists() and all(have.get(k) == v for k, v in wanted.items())):
        log(f"  building the Lancashire-shaped store of {n_rows:,} events in {folder} (not timed) ...")
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        write_config(folder, db, boundaries)
        env = dict(os.environ, PYTHONPATH=str(ROOT), DASHBOARD_CONFIG=str(config), DASHBOARD_DB_URL=f"duckdb:///{db}")
        env.pop("DASHBOARD_LOCAL_ROLE", None)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bench.lancashire", str(n_rows), str(folder), sample_url,
                               str(seed)], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"building the {size_label(n_rows)} store failed:\n{done.stderr[-4000:]}")
        built = json.loads(done.stdout.strip().splitlines()[-1])
        have = {**wanted, **built, "build_s": round(time.perf_counter() - started, 1),
                "store_bytes": db.stat().st_size}
        manifest_path.write_text(json.dumps(have, indent=2))
        log(f"  ... built in {have['build_s']:.0f} s (full refresh {built['timings']['full_refresh_s']:.1f} s)")
    return Dataset(n_rows, folder, f"duckdb:///{db}", config, Path(have["month_file"]), have["month"],
                   folder / "events.parquet", folder / "population_by_age.csv", have)


def sample_store(root: Path = DATA, log=print) -> str:
    """A fresh sample store (warehouse.sample.build_sample) at data/bench/sample.duckdb, rebuilt each run."""
    path = root / "sample.duckdb"
    log(f"  building the sample store at {path} (not timed) ...")
    root.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT), DASHBOARD_DB_URL=f"duckdb:///{path}")
    env.pop("DASHBOARD_CONFIG", None)
    subprocess.run([sys.executable, "-m", "warehouse", "build-sample"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return f"duckdb:///{path}"


def main(argv: list[str]) -> None:
    n_rows, folder, sample_url, seed = int(argv[0]), Path(argv[1]), argv[2], int(argv[3])
    out = build(n_rows, folder, sample_url, seed=seed, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
