"""Police crime (excl. ASB) per district, Mar-May 2020: the dashboard store against the raw police.uk files.

    python sample_data/public/police_counts.py data/dashboard.duckdb

The raw side uses plain pandas on the shipped CSVs (no project code): rows of each district's LSOAs (by LSOA name),
and the same with each Crime ID counted once, in the first month police.uk published it (the dashboard's rule)."""
import glob
import sys

import duckdb
import pandas as pd

db = sys.argv[1]
raw = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                 for p in sorted(glob.glob("sample_data/public/police/*_CHORLEY_SOUTHRIBBLE.csv"))])
raw["district"] = raw["LSOA name"].str.replace(r" \d{3}[A-Z]$", "", regex=True)
crime = raw[raw["Crime type"] != "Anti-social behaviour"]
rows = crime.groupby(["district", "Month"]).size().rename("raw rows")
first = crime.sort_values("Month", kind="stable").drop_duplicates("Crime ID").groupby(["district", "Month"]).size()
c = duckdb.connect(db, read_only=True)
store = c.sql("""select area_name as district, period as Month, role, "count" from indicator_values
  where indicator_id='police_crime' and area_type='district' and band='All' and period_type='month'
  and period in ('2020-03','2020-04','2020-05')""").df()
store = store.pivot_table(index=["district", "Month"], columns="role", values="count", aggfunc="first")
out = pd.DataFrame({"raw rows": rows, "raw, each Crime ID once in its first month": first}).join(
    store.rename(columns={"analyst": "store (analyst)", "viewer": "store (viewer, shown)"}), how="inner")
print(out.to_string())
