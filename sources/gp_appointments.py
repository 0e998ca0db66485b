"""NHS Digital "Appointments in General Practice": appointments by practice, mode and status."""

from __future__ import annotations

from sources._build import check, share
from sources.base import EventFilter, Indicator, Source

NAME = "gp_appointments"
MODES = ("Face-to-Face", "Telephone", "Video/Online", "Home Visit", "Unknown")
ATTRIBUTION = "NHS Digital, Appointments in General Practice (practice level)"

SOURCE = check(Source(
    name=NAME,
    cadence="monthly",
    lag_days=45,
    title="GP practice appointments",
    short="GP appointments",
    partner="GP practices",
    # A newer file replaces the months x organisations (practice, or CCG / sub-ICB) it holds.
    replaces=("period", "org_code"),
    loader="data_loaders.gp_appointments",
    public=True,
    placed_by="practice",
    sample_files=("gp_appointments/*",),
    sample_generator="sample_data.gp_appointments",
    vocabularies={"category": MODES},
    description="Published counts of appointments per practice and month by mode, status, professional and "
                "booking time; practices are placed in wards through the practice list.",
    indicators=(
        Indicator("gp_appointments", "GP practice appointments", "Health services", EventFilter(NAME),
                  "registered_patients", "per 1,000 registered patients",
                  "Appointments of any kind at GP practices, per 1,000 patients registered with practices in the "
                  "area (practices are placed in the ward of their main site).", ATTRIBUTION, "no_judgement"),
        share("gp_remote_share", "GP appointments by telephone or video", "Health services",
              EventFilter(NAME, categories=("Telephone", "Video/Online")), EventFilter(NAME), attribution=ATTRIBUTION,
              definition="Share of GP practice appointments held by telephone or video/online rather than face to "
                         "face or at home."),
        share("gp_dna_share", "GP appointments not attended", "Health services",
              EventFilter(NAME, statuses=("DNA",)), EventFilter(NAME), polarity="high_is_bad",
              attribution=ATTRIBUTION,
              definition="Share of GP appointments where the patient did not attend (DNA)."),
    ),
    headline="gp_appointments",
    matrix=("gp_appointments",),
))
