"""The tidy tables' contracts, declared once (pandera) and checked at the door by every loader.

Area codes are checked against ONS GSS patterns, as the UKHSA data dashboard does.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

import sources

WARD = r"^[EWSN]05\d{6}$"
LSOA = r"^[EWSN]01\d{6}$"
AREA = r"^[EWSNK]\d{8}$"

EVENT_COLUMNS = ["source", "record_id", "event_date", "period", "ward_code", "lsoa_code", "category",
                 "subcategory", "age_band", "sex", "channel", "status", "is_repeat", "org_code", "count"]


class Events(pa.DataFrameModel):
    """One row per recorded demand (count 1) or a pre-aggregated count; `period` is the month."""

    source: Series[str] = pa.Field(isin=[s.name for s in sources.event_sources()])
    record_id: Series[str] = pa.Field(str_length={"min_value": 1})
    event_date: Series[pd.Timestamp] = pa.Field()
    period: Series[pd.Timestamp] = pa.Field()
    ward_code: Series[pd.StringDtype] = pa.Field(nullable=True, str_matches=WARD)
    lsoa_code: Series[pd.StringDtype] = pa.Field(nullable=True, str_matches=LSOA)
    category: Series[pd.StringDtype] = pa.Field(str_length={"min_value": 1})
    subcategory: Series[pd.StringDtype] = pa.Field(nullable=True)
    age_band: Series[pd.StringDtype] = pa.Field(nullable=True)
    sex: Series[pd.StringDtype] = pa.Field(nullable=True)
    channel: Series[pd.StringDtype] = pa.Field(nullable=True)
    status: Series[pd.StringDtype] = pa.Field(nullable=True)
    is_repeat: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    org_code: Series[pd.StringDtype] = pa.Field(nullable=True)
    count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check
    def period_is_month_of_date(cls, df: pd.DataFrame) -> Series[bool]:
        return df["period"] == df["event_date"].dt.to_period("M").dt.start_time

    class Config:
        strict = True
        coerce = True


class Population(pa.DataFrameModel):
    area_code: Series[str] = pa.Field(str_matches=AREA)
    year: Series[int] = pa.Field(ge=1991, le=2100)
    age: Series[int] = pa.Field(ge=0, le=120)  # single year; the top band (90+, 100+) is stored at its lower age
    sex: Series[str] = pa.Field(isin=["persons", "female", "male"])
    persons: Series[int] = pa.Field(ge=0)
    dataset: Series[str] = pa.Field()

    class Config:
        strict = True
        coerce = True
        unique = ["area_code", "year", "age", "sex"]


class Deprivation(pa.DataFrameModel):
    lsoa_code: Series[str] = pa.Field(str_matches=LSOA)
    edition: Series[int] = pa.Field(isin=[2015, 2019, 2025])
    imd_score: Series[float] = pa.Field(nullable=True, ge=0)
    imd_rank: Series[int] = pa.Field(ge=1)
    imd_decile: Series[int] = pa.Field(ge=1, le=10)
    domain: Series[str] = pa.Field()  # "IMD" or a domain name: one row per LSOA x domain
    domain_rank: Series[int] = pa.Field(nullable=True, ge=1)
    domain_decile: Series[int] = pa.Field(nullable=True, ge=1, le=10)
    domain_score: Series[float] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class LsoaWard(pa.DataFrameModel):
    lsoa_code: Series[str] = pa.Field(str_matches=LSOA, unique=True)  # within one file (one vintage)
    lsoa_name: Series[str] = pa.Field(nullable=True)
    ward_code: Series[str] = pa.Field(str_matches=WARD)
    lad_code: Series[str] = pa.Field(nullable=True)
    vintage: Series[int] = pa.Field(isin=[2011, 2021])

    class Config:
        strict = True
        coerce = True


class Areas(pa.DataFrameModel):
    area_code: Series[str] = pa.Field(str_matches=AREA, unique=True)
    area_name: Series[str] = pa.Field(str_length={"min_value": 1})
    area_type: Series[str] = pa.Field(isin=["ward", "lsoa", "msoa", "lad", "county", "region", "country"])
    parent_code: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class Practices(pa.DataFrameModel):
    practice_code: Series[str] = pa.Field(str_matches=r"^[A-Z]\d{5}$", unique=True)
    practice_name: Series[str] = pa.Field()
    postcode: Series[pd.StringDtype] = pa.Field(nullable=True)
    ward_code: Series[str] = pa.Field(str_matches=WARD)
    registered_patients: Series[int] = pa.Field(ge=0)
    pcn_code: Series[pd.StringDtype] = pa.Field(nullable=True)
    pcn_name: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class Comparators(pa.DataFrameModel):
    """Published indicator values (Fingertips) for districts, the county, England and other areas."""

    indicator_id: Series[int] = pa.Field()
    indicator_name: Series[str] = pa.Field()
    area_code: Series[str] = pa.Field()
    area_name: Series[str] = pa.Field()
    area_type: Series[str] = pa.Field()
    parent_code: Series[pd.StringDtype] = pa.Field(nullable=True)
    sex: Series[str] = pa.Field()
    age: Series[str] = pa.Field()
    category: Series[pd.StringDtype] = pa.Field(nullable=True)
    time_period: Series[str] = pa.Field()
    period_order: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    value: Series[float] = pa.Field(nullable=True)
    lower_ci: Series[float] = pa.Field(nullable=True)
    upper_ci: Series[float] = pa.Field(nullable=True)
    count: Series[float] = pa.Field(nullable=True)
    denominator: Series[float] = pa.Field(nullable=True)
    recent_trend: Series[pd.StringDtype] = pa.Field(nullable=True)  # as Fingertips publishes it
    compared_to_england: Series[pd.StringDtype] = pa.Field(nullable=True)  # Fingertips' own significance
    compared_to_parent: Series[pd.StringDtype] = pa.Field(nullable=True)
    polarity: Series[pd.StringDtype] = pa.Field(nullable=True, isin=["Low is good", "High is good", "No judgement"])
    value_type: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class SurveyResponses(pa.DataFrameModel):
    organisation: Series[str] = pa.Field(str_length={"min_value": 1})
    sector: Series[str] = pa.Field()
    survey_date: Series[pd.Timestamp] = pa.Field()
    period: Series[pd.Timestamp] = pa.Field()
    income_lost_gbp: Series[float] = pa.Field(nullable=True, ge=0)
    services_closed: Series[str] = pa.Field(isin=["None", "Some", "All"])
    volunteers_before: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    volunteers_now: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    moved_online: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    wards_served: Series[str] = pa.Field()  # ward codes separated by ';', or "borough-wide"

    class Config:
        strict = True
        coerce = True


class Provision(pa.DataFrameModel):
    """The community provision register: one row per provider, placed in a ward of the partnership."""

    register: Series[str] = pa.Field(isin=["provision"])
    provider_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    name: Series[str] = pa.Field(str_length={"min_value": 1})
    type: Series[str] = pa.Field(isin=list(sources.get("provision").vocabulary("type")))
    types: Series[str] = pa.Field(str_length={"min_value": 1})  # every type, "; "-separated, the first = type
    address: Series[pd.StringDtype] = pa.Field(nullable=True)
    postcode: Series[pd.StringDtype] = pa.Field(nullable=True)
    latitude: Series[float] = pa.Field(nullable=True, ge=49.8, le=61.0)  # Great Britain
    longitude: Series[float] = pa.Field(nullable=True, ge=-8.7, le=2.0)
    ward_code: Series[str] = pa.Field(str_matches=WARD)
    placed_by: Series[str] = pa.Field(isin=list(sources.get("provision").vocabulary("placed_by")))
    approximate: Series[bool] = pa.Field()
    sessions_per_week: Series[float] = pa.Field(nullable=True, ge=0, le=200)
    capacity: Series[float] = pa.Field(nullable=True, ge=0)
    capacity_unit: Series[pd.StringDtype] = pa.Field(nullable=True)
    run_by: Series[pd.StringDtype] = pa.Field(nullable=True)
    start_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    end_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    origin: Series[pd.StringDtype] = pa.Field(nullable=True)

    @pa.dataframe_check
    def ends_after_it_starts(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["end_date"] < df["start_date"]).fillna(False)

    class Config:
        strict = True
        coerce = True


SCHEMAS = {"events": Events, "population": Population, "deprivation": Deprivation, "lsoa_ward": LsoaWard,
           "areas": Areas, "practices": Practices, "comparators": Comparators,
           "survey_responses": SurveyResponses, "provision": Provision}


class CensusHealth(pa.DataFrameModel):
    """Census 2021 usual residents by ward, topic (general health, disability, unpaid care) and category."""

    area_code: Series[str] = pa.Field(str_matches=WARD)
    topic: Series[str] = pa.Field(isin=list(sources.get("census_health").vocabulary("topic")))
    category: Series[str] = pa.Field(str_length={"min_value": 1})
    persons: Series[int] = pa.Field(ge=0)
    year: Series[int] = pa.Field(ge=2021, le=2100)

    class Config:
        strict = True
        coerce = True
        unique = ["area_code", "topic", "category"]


SCHEMAS["census_health"] = CensusHealth
