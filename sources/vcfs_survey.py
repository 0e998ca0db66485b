"""Voluntary, community and faith sector member survey: one response per organisation and survey."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="vcfs_survey",
    title="Voluntary sector member survey",
    partner="Voluntary sector network",
    loader="data_loaders.vcfs_survey",
    tables=("survey_responses",),
    sample_files=("vcfs_survey/*",),
    sample_generator="sample_data.vcfs_survey",
    vocabularies={"services_closed": ("None", "Some", "All")},
    # A newer file replaces the responses of the organisations that answered in it, for the months it holds:
    # one late response replaces that organisation's answer, not the month's other responses.
    replaces=("period", "organisation"),
    description="Each member organisation's answers: income lost, services closed, volunteers before and now, "
                "moving online, wards served.",
)
