"""Mental health trust: monthly referrals, assessments and waiting lists by service and ward."""

from __future__ import annotations

import dataclasses

from sources._build import check, rate
from sources.base import EventFilter, Source

NAME = "mental_health"
SERVICES = ("START", "IAPT", "CMHT")
MEASURES = ("Referrals", "Assessments", "Waiting at month end")
ATTRIBUTION = "{partner} referrals (agreed monthly export)"


def _referrals(id, title, services, *, definition):
    return rate(id, title, "Mental wellbeing", EventFilter(NAME, categories=services, subcategories=("Referrals",)),
                age=(18, None), polarity="no_judgement", definition=definition, attribution=ATTRIBUTION)


SOURCE = check(Source(
    name=NAME,
    cadence="monthly",
    lag_days=21,
    title="Mental health referrals",
    short="MH referrals",
    partner="Mental health trust",
    loader="data_loaders.mental_health",
    sample_files=("mental_health/*",),
    sample_generator="sample_data.mental_health",
    vocabularies={"category": SERVICES, "subcategory": MEASURES},
    # A newer file replaces the months x services it holds (category is the service): a month sent as two
    # files, IAPT then CMHT, keeps both.
    replaces=("period", "category"),
    description="One row per month, service and ward: referrals, assessments, waiting at month end; '*' where "
                "the trust suppressed a small count.",
    indicators=(
        _referrals("mh_referrals", "Mental health referrals (all services)", SERVICES,
                   definition="Referrals to START, IAPT and community mental health teams, per 1,000 residents "
                              "aged 18+."),
        # The trust expects demand suppressed during lockdown to come back as a delayed surge in START and IAPT.
        dataclasses.replace(_referrals("mh_start_referrals", "START referrals", ("START",),
                                       definition="Referrals to START (the trust's early mental health support "
                                                  "service), per 1,000 residents aged 18+."), deferred=True),
        dataclasses.replace(_referrals("mh_iapt_referrals", "IAPT (talking therapies) referrals", ("IAPT",),
                                       definition="Referrals to IAPT talking therapies, per 1,000 residents aged 18+."),
                            deferred=True),
        _referrals("mh_cmht_referrals", "Community mental health team referrals", ("CMHT",),
                   definition="Referrals to community mental health teams, per 1,000 aged 18+."),
    ),
    headline="mh_referrals",
    matrix=("mh_start_referrals", "mh_iapt_referrals"),
))
