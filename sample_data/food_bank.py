"""Sample food bank export (Trussell-style): one row per voucher, a CSV per year 2019-2021.

Story: about 170 vouchers a month before the pandemic (2019), per head of the ward's population times its
deprivation multiplier to the power 1.3 (food bank use is steeper with deprivation than other demand);
x1.9 in April-June 2020, x1.35 for the rest of 2020, x1.2 in 2021 and x1.5 after the Universal Credit cut
in October 2021; monthly gamma frailty (shape 150). Crisis types: low income 45%, benefit delays 18%
(30% in April-June 2020 as claims surged), benefit changes 12%, debt 8%, sickness 7%, homeless 4%, no
recourse to public funds 1%, other 5%. Households: single adults 40%, couples 10%, single parents 22%,
families 20%, other 5%, not recorded 3%, with the adults and children each kind feeds. 6% of vouchers give
only the postcode district (Ward blank), 1% "Unknown".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.common import Borough, _choose, _date_strings, _days, _monthly, _ward_text, _write_csv
from sample_data.community_hub import POSTCODE_DISTRICTS

PER_MONTH_2019 = 170
STEEPNESS = 1.3
MONTH_SHAPE = 150.0
SURGE = {"2020-04": 1.9, "2020-07": 1.35, "2021-01": 1.2, "2021-10": 1.5}
CRISES = ("Low income", "Benefit delays", "Benefit changes", "Debt", "Sickness", "Homeless",
          "No recourse to public funds", "Other")
CRISIS_MIX = np.array([0.45, 0.18, 0.12, 0.08, 0.07, 0.04, 0.01, 0.05])
CRISIS_MIX_SPRING_2020 = np.array([0.36, 0.30, 0.10, 0.07, 0.07, 0.04, 0.01, 0.05])
HOUSEHOLDS = (  # type, share, adults (low, high), children (low, high)
    ("Single adult", 0.40, (1, 1), (0, 0)), ("Couple", 0.10, (2, 2), (0, 0)),
    ("Single parent", 0.22, (1, 1), (1, 3)), ("Family", 0.20, (2, 2), (1, 4)),
    ("Other", 0.05, (1, 3), (0, 2)), ("Not recorded", 0.03, (1, 2), (0, 1)))
AGENCIES = ("Citizens Advice", "Council community hub", "GP", "Jobcentre Plus", "Housing association",
            "Children's centre", "School", "Other")
AGENCY_MIX = np.array([0.22, 0.20, 0.08, 0.15, 0.12, 0.08, 0.07, 0.08])
HEADER = ("Voucher ID", "Date Issued", "Ward", "Postcode District", "Household Type", "Adults", "Children",
          "Crisis Type", "Referral Agency")
DISTRICT_ONLY, UNKNOWN = 0.06, 0.01


def _vouchers(rng: np.random.Generator, b: Borough, year: int) -> pd.DataFrame:
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    level = _monthly(SURGE, months) * rng.gamma(MONTH_SHAPE, 1 / MONTH_SHAPE, len(months))
    weight = b.ages(0, 100) * b.deprivation ** STEEPNESS
    weight = weight / weight.sum()
    rows = []
    for month, factor in zip(months, level, strict=True):
        n = rng.poisson(PER_MONTH_2019 * b.scale * factor)
        days = _days(f"{month}-01", str((pd.Timestamp(f"{month}-01") + pd.offsets.MonthEnd(0)).date()))
        ward = _choose(rng, np.tile(weight, (n, 1)))
        spring = month in ("2020-04", "2020-05", "2020-06")
        crisis = _choose(rng, np.tile(CRISIS_MIX_SPRING_2020 if spring else CRISIS_MIX, (n, 1)))
        kind = _choose(rng, np.tile([h[1] for h in HOUSEHOLDS], (n, 1)))
        adults = [int(rng.integers(HOUSEHOLDS[k][2][0], HOUSEHOLDS[k][2][1] + 1)) for k in kind]
        children = [int(rng.integers(HOUSEHOLDS[k][3][0], HOUSEHOLDS[k][3][1] + 1)) for k in kind]
        rows.append(pd.DataFrame({"day": rng.choice(days, n), "ward": ward, "crisis": crisis, "kind": kind,
                                  "adults": adults, "children": children,
                                  "agency": _choose(rng, np.tile(AGENCY_MIX, (n, 1)))}))
    return pd.concat(rows, ignore_index=True).sort_values("day", kind="stable").reset_index(drop=True)


def _write_year(out: Path, b: Borough, rng: np.random.Generator, year: int, first_id: int) -> tuple[Path, int]:
    v = _vouchers(rng, b, year)
    wards = _ward_text(rng, v["ward"].to_numpy(), b.names, unknown=False)
    u = rng.random(len(v))
    wards[u < DISTRICT_ONLY] = ""
    wards[(u >= DISTRICT_ONLY) & (u < DISTRICT_ONLY + UNKNOWN)] = "Unknown"
    districts = np.array([rng.choice(POSTCODE_DISTRICTS[b.codes[w]][0], p=POSTCODE_DISTRICTS[b.codes[w]][1])
                          for w in v["ward"]], dtype=object)
    frame = pd.DataFrame({
        "Voucher ID": [f"FB{year % 100:02d}-{first_id + i:05d}" for i in range(len(v))],
        "Date Issued": _date_strings(v["day"].to_numpy(), "%d/%m/%Y"),
        "Ward": wards, "Postcode District": districts,
        "Household Type": [HOUSEHOLDS[k][0] for k in v["kind"]],
        "Adults": v["adults"], "Children": v["children"],
        "Crisis Type": [CRISES[c] for c in v["crisis"]], "Referral Agency": [AGENCIES[a] for a in v["agency"]],
    }, columns=list(HEADER))
    return _write_csv(frame, out / "food_bank" / f"food_bank_vouchers_{year}.csv"), first_id + len(v)


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    rng = np.random.default_rng([seed, 0xF00D])
    paths, next_id = [], 1
    for year in (2019, 2020, 2021):
        path, next_id = _write_year(out, b, rng, year, next_id)
        paths.append(path)
    return paths
