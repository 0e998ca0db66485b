"""Working-age against older residents: two rates and their ratio, from a role's counts of each group.

Each group (e.g. "aged 16-64", "aged 65+") is a cell of its family, protected like every other count,
so the rates and the ratio rest only on what the role may see. The rate ratio's 95% interval is the Wald
interval on the log scale for two Poisson counts, exp(log RR +/- 1.96 sqrt(1/a + 1/b)) (Rothman, Greenland
& Lash, *Modern Epidemiology*, 3rd ed., ch. 14).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from metrics._contract import z_value


def age_contrast(working: Mapping[str, Any] | None, older: Mapping[str, Any] | None, *, title: str,
                 per: float = 1000, confidence: float = 0.95) -> dict:
    """`working`, `older`: rows with count (missing where hidden), denominator and suppressed.

    >>> out = age_contrast({"count": 40, "denominator": 1000, "suppressed": False},
    ...                    {"count": 10, "denominator": 1000, "suppressed": False}, title="x")
    >>> out["ratio"], round(out["ratio_lower_ci"], 3)
    (4.0, 2.0)
    """
    out: dict = {"title": title, "pooled": False}
    for row in (working, older):
        if row is None or bool(row["suppressed"]) or row["count"] is None or np.isnan(float(row["count"])) or \
                not float(row["denominator"]) > 0:
            return out
    a, b = float(working["count"]), float(older["count"])
    na, nb = float(working["denominator"]), float(older["denominator"])
    out.update(pooled=True, working_age_count=a, older_count=b, working_age_rate=a / na * per,
               older_rate=b / nb * per)
    if a > 0 and b > 0:
        ratio = (a / na) / (b / nb)
        half = z_value(confidence) * np.sqrt(1 / a + 1 / b)
        out.update(ratio=float(ratio), ratio_lower_ci=float(np.exp(np.log(ratio) - half)),
                   ratio_upper_ci=float(np.exp(np.log(ratio) + half)))
    else:
        out.update(ratio=np.nan, ratio_lower_ci=np.nan, ratio_upper_ci=np.nan)
    return out
