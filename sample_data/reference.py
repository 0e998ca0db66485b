"""Sample reference files: approximate ward geometry, the LSOA lookup, Census 2021 single years, IoD 2025
and the practice list (real figures carried over where the docstring of sample_data.generate says)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sample_data import geometry
from sample_data.common import (
    PRACTICES,
    Borough,
    _write_csv,
)
from sample_data.reference_figures import (
    IMD_COLUMNS,
    LAD_CODE,
    LAD_NAME,
    LSOAS,
)


def _write_reference(out: Path, b: Borough) -> list[Path]:
    ref = out / "reference"
    outline, cells = geometry.approximate_geometry(b.points)
    lad = {"LAD25CD": LAD_CODE, "LAD25NM": LAD_NAME, "approximate": True}
    wards = [({"WD25CD": c, "WD25NM": n, **lad, "note": geometry.APPROXIMATE_NOTE}, cell)
             for c, n, cell in zip(b.codes, b.names, cells, strict=True)]
    paths = [ref / "wards_approx.geojson", ref / "borough_outline_approx.geojson"]
    geometry.write_geojson(paths[0], wards)
    geometry.write_geojson(paths[1], [({**lad, "note": geometry.OUTLINE_NOTE}, outline)])

    lookup = pd.DataFrame({
        "LSOA21CD": b.lsoa["code"], "LSOA21NM": b.lsoa["name"],
        "WD25CD": [b.codes[w] for w in b.lsoa["ward"]], "WD25NM": [b.names[w] for w in b.lsoa["ward"]],
        "LAD25CD": LAD_CODE, "LAD25NM": LAD_NAME,
    })
    paths.append(_write_csv(lookup, ref / "lsoa21_to_wd25.csv"))

    rows = []
    for code, name, ages in zip(b.codes, b.names, b.population, strict=True):
        rows.append((code, name, "Total", int(ages.sum()), "total"))
        rows += [(code, name, str(a) if a < 100 else "100+", int(n), "single_year") for a, n in enumerate(ages)]
    census = pd.DataFrame(rows, columns=["ward_code", "ward_name", "age", "usual_residents", "row_type"])
    paths.append(_write_csv(census, ref / "census2021_ward_single_year_of_age.csv"))

    imd = pd.DataFrame([r[:2] + r[3:] for r in LSOAS], columns=["lsoa21_code", "lsoa21_name", *IMD_COLUMNS])
    paths.append(_write_csv(imd, ref / "imd2025_lsoa21.csv"))

    practices = pd.DataFrame([p[:5] for p in PRACTICES],
                             columns=["Practice Code", "Practice Name", "Postcode", "Ward Code", "Registered Patients"])
    paths.append(_write_csv(practices, ref / "gp_practices.csv"))
    return paths


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_reference(out, b)
