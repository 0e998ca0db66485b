"""metrics.survey: the voluntary sector survey's rounds, by hand, and what a viewer may see of them."""

import numpy as np
import pandas as pd

from metrics.disclosure import DisclosureRules
from metrics.survey import survey_rounds, survey_sentence


def responses(n: int, year: int = 2021) -> pd.DataFrame:
    return pd.DataFrame({"organisation": [f"Org {i}" for i in range(n)], "survey_date": pd.Timestamp(f"{year}-06-14"),
                         "income_lost_gbp": 1000.0, "services_closed": ["Some", "None", "All", "None"] * (n // 4),
                         "volunteers_before": 10, "volunteers_now": [9, 10, 8, 9] * (n // 4),
                         "moved_online": [True, False, True, True] * (n // 4)})


def test_rounds_by_hand_for_the_analyst():
    out = survey_rounds(responses(12), role="analyst", rules=DisclosureRules()).iloc[0]
    assert out["organisations"] == 12 and out["closed_pct"] == 50.0 and out["online_pct"] == 75.0
    assert out["income_lost_gbp"] == 12_000 and np.isclose(out["volunteers_change_pct"], -10.0)


def test_the_viewer_gets_rounded_figures_and_nothing_for_a_handful():
    viewer = survey_rounds(responses(12), role="viewer", rules=DisclosureRules()).iloc[0]
    assert viewer["organisations"] == 10 and viewer["closed_pct"] == 50.0 and viewer["online_pct"] == 75.0
    few = survey_rounds(responses(4), role="viewer", rules=DisclosureRules())
    assert not few["shown"].iloc[0] and few[["organisations", "closed_pct"]].isna().all(axis=None)
    assert survey_sentence(few, partner="The network") is None


def test_the_sentence_compares_the_latest_round_with_the_one_before():
    both = pd.concat([responses(12, 2020), responses(16, 2021)], ignore_index=True)
    text = survey_sentence(survey_rounds(both, role="analyst", rules=DisclosureRules()), partner="The network")
    assert text.startswith("The network survey 2021: 16 organisations answered; 50% had closed")
    assert text.endswith("(closed in 2020: 50%).")
