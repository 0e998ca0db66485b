"""Rebuild sample_data/public/ from the shared real data (../shared/data/real): copies, and the three derived files.

    python -m sample_data.public.derive [--real ../shared/data/real]

Copied as published: boundaries, Census 2021, IoD, police.uk months, the Fingertips extract, the PCN maps and
list sizes. Derived (PROVENANCE.md says how):
- lookups/lsoa11_to_wd25_chorley_southribble_DERIVED.csv: Chorley's LSOA 2011 -> WD25 (representative point)
  and South Ribble's rows of the ONS LSOA 2011 -> WD19 best-fit lookup (South Ribble's wards are unchanged
  since 2015, so WD19 codes are the current ones);
- lookups/lsoa21_to_wd25_chorley_southribble_DERIVED.csv: both districts' LSOA 2021 -> WD25 lookups, stacked;
- pcn/gp_practices_00X_DERIVED.csv: the practice list the `gp_practices` loader reads: the January 2022 NHS
  Digital practice -> PCN map, the January 2021 list sizes, and the ward of each practice's site
  (PRACTICE_WARDS below: placed by the practice's address and postcode sector, not by a postcode lookup).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd

from sample_data.public import provision_register

HERE = Path(__file__).resolve().parent
REAL = HERE.parents[2] / "shared" / "data" / "real"  # ../shared beside the repository

COPIES = {
    "boundaries/chorley_wards_wd25_bgc.geojson": "boundaries/chorley_wards_wd25_bgc.geojson",
    "boundaries/south_ribble_wards_wd25_bgc.geojson": "boundaries/south_ribble_wards_wd25_bgc.geojson",
    "boundaries/chorley_lsoa21_bgc.geojson": "boundaries/chorley_lsoa21_bgc.geojson",
    "boundaries/south_ribble_lsoa_bgc.geojson": "boundaries/south_ribble_lsoa21_bgc.geojson",
    "population/chorley_census2021_wd_syoa_usual_residents.csv":
        "population/chorley_census2021_wd_syoa_usual_residents.csv",
    "population/south_ribble_census2021_wd_syoa_usual_residents.csv":
        "population/south_ribble_census2021_wd_syoa_usual_residents.csv",
    "imd/chorley_imd2019_lsoa11_ranks_deciles.csv": "imd/chorley_imd2019_lsoa11_ranks_deciles.csv",
    "imd/south_ribble_imd2019_lsoa11_rank_decile.csv": "imd/south_ribble_imd2019_lsoa11_rank_decile.csv",
    "imd/chorley_imd2025_lsoa21_scores_ranks_deciles.csv": "imd/chorley_imd2025_lsoa21_scores_ranks_deciles.csv",
    "fingertips/fingertipsnext_poc_extract_chorley_southribble_lancs_england.csv":
        "fingertips/fingertipsnext_poc_extract_chorley_southribble_lancs_england.csv",
    "pcn/gp_practice_pcn_map_00X_2020-09_NHSD.csv": "pcn/gp_practice_pcn_map_00X_2020-09_NHSD.csv",
    "pcn/gp_practice_pcn_map_00X_2022-01_NHSD.csv": "pcn/gp_practice_pcn_map_00X_2022-01_NHSD.csv",
    "pcn/gp_practice_list_size_00X_2021-01_NHSD.csv": "pcn/gp_practice_list_size_00X_2021-01_NHSD.csv",
}

# The ward of each practice's main site, from its address (town or village) and postcode sector. There is no
# postcode -> ward lookup among the shared files, so this is a declared placement, not a computed one; a
# partnership with the ONS Postcode Directory should replace it (practice postcode -> WD25CD).
PRACTICE_WARDS = {
    "P81010": "E05013067",  # Withnell Health Centre, PR6 8: Chorley North East
    "P81033": "E05013074",  # Coppull Medical Practice: Coppull
    "P81038": "E05013071",  # The Chorley Surgery, PR7 2: Chorley South West
    "P81044": "E05013068",  # Library House Surgery, PR7 2: Chorley North West
    "P81057": "E05010226",  # Worden Medical Centre, PR25 1 (Leyland town centre): Leyland Central
    "P81062": "E05013068",  # Regent House Surgery, PR7 2: Chorley North West
    "P81076": "E05010221",  # Sandy Lane Surgery, PR25 2 (west Leyland): Earnshaw Bridge
    "P81082": "E05010215",  # The Ryan Medical Centre, PR5 6 (Bamber Bridge): Bamber Bridge West
    "P81083": "E05010214",  # Roslea Surgery, PR5 6 (Bamber Bridge): Bamber Bridge East
    "P81117": "E05010232",  # Central Park Surgery, PR25 2 (Leyland): St Ambrose
    "P81127": "E05013066",  # The Surgery Chorley, PR7 1 (town centre): Chorley East
    "P81143": "E05013065",  # Whittle Surgery, PR6 7 (Whittle-le-Woods): Buckshaw & Whittle
    "P81154": "E05013064",  # Granville House Medical Centre, PR6 9 (Adlington): Adlington & Anderton
    "P81171": "E05013077",  # The Euxton Medical Centre: Euxton
    "P81180": "E05013072",  # Clayton Brook Surgery, PR5 8: Clayton East, Brindle & Hoghton
    "P81181": "E05010219",  # Kingsfold Medical Centre, PR1 9 (Penwortham): Charnock
    "P81186": "E05010230",  # Moss Side Medical Centre, PR26 7: Moss Side
    "P81655": "E05013075",  # The Village Surgeries Croston & Eccleston, PR26 9 (Croston): Croston, Mawdesley & Euxton S.
    "P81687": "E05010231",  # New Longton Surgery, PR4 4: New Longton & Hutton East
    "P81692": "E05010227",  # Beeches Medical Centre, PR4 5 (Longton): Longton & Hutton West
    "P81701": "E05013065",  # Dr Dawoud's Surgery, PR6 7 (Whittle-le-Woods): Buckshaw & Whittle
    "P81740": "E05013064",  # Adlington Medical Centre, PR6 9: Adlington & Anderton
    "P81741": "E05010226",  # Station Surgery, PR25 1 (Leyland): Leyland Central
    "Y00347": "E05013071",  # Dr R Baghdjian Surgery, PR7 2 (Chorley Health Centre): Chorley South West
    "Y02466": "E05013065",  # Buckshaw Village Health Centre, PR7 7: Buckshaw & Whittle
    "Y03656": "E05010226",  # Leyland Surgery, PR25 1: Leyland Central
}


def _lookup(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True).sort_values("LSOACD").reset_index(drop=True)


def derive(real: Path = REAL, out: Path = HERE) -> list[Path]:
    written = []
    for source, target in COPIES.items():
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real / source, out / target)
        written.append(out / target)
    for police in sorted((real / "police").glob("*_CHORLEY_SOUTHRIBBLE.csv")):
        (out / "police").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(police, out / "police" / police.name)
        written.append(out / "police" / police.name)
    keep = ["LSOACD", "LSOANM", "WD25CD", "WD25NM", "LAD25CD", "LAD25NM"]
    chorley11 = pd.read_csv(real / "lookups/chorley_lsoa11_to_wd25_DERIVED.csv")[keep]
    ons = pd.read_csv(real / "lookups/chorley_southribble_lsoa11_to_wd19_ONS.csv")
    ons = ons[ons["LAD19CD"] == "E07000126"].rename(columns={
        "LSOA11CD": "LSOACD", "LSOA11NM": "LSOANM", "WD19CD": "WD25CD", "WD19NM": "WD25NM", "LAD19CD": "LAD25CD",
        "LAD19NM": "LAD25NM"})[keep]
    lookups = {
        "lookups/lsoa11_to_wd25_chorley_southribble_DERIVED.csv": _lookup([chorley11, ons]),
        "lookups/lsoa21_to_wd25_chorley_southribble_DERIVED.csv": _lookup([
            pd.read_csv(real / "lookups/chorley_lsoa21_to_wd25_DERIVED.csv")[keep],
            pd.read_csv(real / "lookups/south_ribble_lsoa21_to_wd25_DERIVED.csv")[keep]]),
    }
    for name, frame in lookups.items():
        # The header names the LSOA vintage (LSOA11CD / LSOA21CD) so the loader knows which lookup it is.
        year = "11" if "lsoa11" in name else "21"
        frame = frame.rename(columns={"LSOACD": f"LSOA{year}CD", "LSOANM": f"LSOA{year}NM"})
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out / name, index=False, lineterminator="\n")
        written.append(out / name)
    pcn = pd.read_csv(real / "pcn/gp_practice_pcn_map_00X_2022-01_NHSD.csv", dtype=str)
    size = pd.read_csv(real / "pcn/gp_practice_list_size_00X_2021-01_NHSD.csv", dtype=str)
    size = size[(size["SEX"] == "ALL") & (size["AGE"] == "ALL")].set_index("CODE")["NUMBER_OF_PATIENTS"]
    practices = pd.DataFrame({
        "Practice Code": pcn["PRACTICE_CODE"], "Practice Name": pcn["PRACTICE_NAME"].str.title(),
        "Postcode": pcn["PRACTICE_POSTCODE"], "Ward Code": pcn["PRACTICE_CODE"].map(PRACTICE_WARDS),
        "Registered Patients": pcn["PRACTICE_CODE"].map(size), "PCN Code": pcn["PCN_CODE"],
        "PCN Name": pcn["PCN_NAME"].str.title().str.replace(" Pcn", " PCN", regex=False).str.replace(" And ", " and ", regex=False)})
    if practices.isna().any().any():
        raise ValueError("a practice has no ward or list size:\n" + practices[practices.isna().any(axis=1)].to_string())
    target = out / "pcn/gp_practices_00X_DERIVED.csv"
    practices.sort_values("Practice Code").to_csv(target, index=False, lineterminator="\n")
    written.append(target)
    written.append(provision_register.write(real, out))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=REAL)
    args = parser.parse_args()
    for path in derive(args.real):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
