"""The sample provision register (sample_data/public/provision/…_DERIVED.csv) from the two real asset lists.

    python -m sample_data.public.derive        # runs this too

- Lancashire County Council's land and property list (community buildings in Chorley and South Ribble, with
  coordinates; OGL v3.0): the buildings people can walk into for help are kept, mapped to register types
  (CATEGORY below): libraries are `Library`, and a library the county lists as a Lancashire warm space
  (lancashire_warm_space_library = yes) is `Library; Warm space` (one provider of two types, counted once
  under each); neighbourhood centres, the community education centre and family hubs are `Community centre`;
  day-care centres and day services are `Other`. Residential homes, children's homes, offices, the register
  office, land and buildings the list marks likely vacant are left out: they are not provision people can use.
- The food banks and food clubs named in local news pages (NOT open data: a list compiled from the news, its
  source URLs kept in the register's Source column and in PROVENANCE.md). They have no coordinates and no
  postcode: the Address ends with the town, so the loader places them by town, marked approximate.
- Sessions and capacity are not published for any of them: those columns are left blank (the pages count
  providers, and say that sessions and capacity are not recorded). Start dates are the news items' dates where
  the news reports an opening (a food club "to open"); otherwise blank (open before the data begin).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ASSETS = "assets/lcc_land_list_community_buildings_chorley_southribble_DERIVED.csv"
FOOD = "assets/food_support_chorley_southribble_from_news_pages.csv"
TARGET = "provision/provision_register_chorley_southribble_DERIVED.csv"
COLUMNS = ["Name", "Type", "Address", "Postcode", "Latitude", "Longitude", "Ward", "Sessions Per Week", "Capacity",
           "Capacity Unit", "Run By", "Start Date", "End Date", "Source"]
LCC_SOURCE = "Lancashire County Council land and property list (OGL v3.0)"
COMMUNITY = ("Neighbourhood Centre", "Community Education Centre", "Family Hub", "Family Support")
OTHER = ("Day Care Centre", "Day Service", "Short Break")
FOOD_TYPES = {"food_bank": "Food bank", "food_club": "Food club", "food_parcels": "Food bank"}
# A news item announcing an opening dates the opening; the others only show the provider existed by then.
OPENED = {"SVP Chorley Buddies Good Food Club #2": "2022-03-21", "SVP Chorley Buddies Good Food Club #3": "2022-05-12"}
RUN_BY = {"LW Storehouse (Chorley food bank)": "Living Waters Church", "Leyland Food Bank": "St Mary's Church, Leyland",
          "Chorley Help the Homeless": "Chorley Help the Homeless"}


def lcc_type(row: pd.Series) -> str | None:
    if row["occupancy_status"] != "occupied":
        return None
    if row["category"] == "library":
        return "Library; Warm space" if row["lancashire_warm_space_library"] == "yes" else "Library"
    if any(word in row["name"] for word in COMMUNITY):
        return "Community centre"
    if any(word in row["name"] for word in OTHER):
        return "Other"
    return None


def register(real: Path) -> pd.DataFrame:
    lcc = pd.read_csv(real / ASSETS, dtype=str).fillna("")
    lcc["Type"] = lcc.apply(lcc_type, axis=1)
    lcc = lcc[lcc["Type"].notna()]
    buildings = pd.DataFrame({
        "Name": lcc["name"], "Type": lcc["Type"], "Address": lcc["address"], "Postcode": lcc["postcode"],
        "Latitude": lcc["lat"], "Longitude": lcc["lng"], "Ward": "", "Run By": "Lancashire County Council",
        "Source": LCC_SOURCE})
    food = pd.read_csv(real / FOOD, dtype=str).fillna("")
    support = pd.DataFrame({
        "Name": food["name"], "Type": food["type"].map(FOOD_TYPES),
        "Address": food["venue_or_address"] + ", " + food["town"], "Postcode": "", "Latitude": "", "Longitude": "",
        "Ward": "", "Run By": food["name"].map(RUN_BY).fillna("St Vincent de Paul Society (SVP Chorley Buddies)"),
        "Start Date": food["name"].map(OPENED).fillna(""),
        "Source": "Local news page (not open data): " + food["source_url"]})
    if support["Type"].isna().any():
        raise ValueError("a food support type has no register type: " + ", ".join(food["type"].unique()))
    out = pd.concat([buildings, support], ignore_index=True).reindex(columns=COLUMNS).astype(object).fillna("")
    return out.sort_values(["Type", "Name"]).reset_index(drop=True)


def write(real: Path, out: Path) -> Path:
    target = out / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    register(real).to_csv(target, index=False, lineterminator="\n")
    return target
