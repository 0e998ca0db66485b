"""The tidy tables of ARCHITECTURE.md as portable DDL, and the scope a new file replaces in each.

The warehouse owns its DDL (rather than letting Ibis infer it from a pandas frame) so that the same
tables are created on DuckDB and PostgreSQL, with explicit types.
"""

from __future__ import annotations

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "areas": [("area_code", "VARCHAR"), ("area_name", "VARCHAR"), ("area_type", "VARCHAR"),
              ("parent_code", "VARCHAR")],
    "area_shapes": [("area_code", "VARCHAR"), ("geometry_wkb", "BLOB")],
    # Both LSOA vintages are held at once (2011 and 2021 codes -> ward): police.uk used 2011 codes until 2022.
    "lsoa_ward": [("lsoa_code", "VARCHAR"), ("lsoa_name", "VARCHAR"), ("ward_code", "VARCHAR"),
                  ("lad_code", "VARCHAR"), ("vintage", "INTEGER")],
    "population": [("area_code", "VARCHAR"), ("year", "INTEGER"), ("age", "INTEGER"), ("sex", "VARCHAR"),
                   ("persons", "BIGINT"), ("dataset", "VARCHAR")],
    "deprivation": [("lsoa_code", "VARCHAR"), ("edition", "INTEGER"), ("imd_score", "DOUBLE"),
                    ("imd_rank", "BIGINT"), ("imd_decile", "INTEGER"), ("domain", "VARCHAR"),
                    ("domain_rank", "BIGINT"), ("domain_decile", "INTEGER"), ("domain_score", "DOUBLE")],
    "practices": [("practice_code", "VARCHAR"), ("practice_name", "VARCHAR"), ("postcode", "VARCHAR"),
                  ("ward_code", "VARCHAR"), ("registered_patients", "BIGINT"), ("pcn_code", "VARCHAR"),
                  ("pcn_name", "VARCHAR")],
    "comparators": [("indicator_id", "BIGINT"), ("indicator_name", "VARCHAR"), ("area_code", "VARCHAR"),
                    ("area_name", "VARCHAR"), ("area_type", "VARCHAR"), ("sex", "VARCHAR"), ("age", "VARCHAR"),
                    ("category", "VARCHAR"), ("time_period", "VARCHAR"), ("value", "DOUBLE"),
                    ("lower_ci", "DOUBLE"), ("upper_ci", "DOUBLE"), ("count", "DOUBLE"),
                    ("denominator", "DOUBLE"), ("parent_code", "VARCHAR"), ("period_order", "BIGINT"),
                    ("recent_trend", "VARCHAR"), ("compared_to_england", "VARCHAR"),
                    ("compared_to_parent", "VARCHAR"), ("polarity", "VARCHAR"), ("value_type", "VARCHAR")],
    "survey_responses": [("organisation", "VARCHAR"), ("sector", "VARCHAR"), ("survey_date", "DATE"),
                         ("period", "DATE"), ("income_lost_gbp", "DOUBLE"), ("services_closed", "VARCHAR"),
                         ("volunteers_before", "BIGINT"), ("volunteers_now", "BIGINT"),
                         ("moved_online", "BOOLEAN"), ("wards_served", "VARCHAR")],
    "events": [("source", "VARCHAR"), ("record_id", "VARCHAR"), ("event_date", "DATE"), ("period", "DATE"),
               ("ward_code", "VARCHAR"), ("lsoa_code", "VARCHAR"), ("category", "VARCHAR"),
               ("subcategory", "VARCHAR"), ("age_band", "VARCHAR"), ("sex", "VARCHAR"), ("channel", "VARCHAR"),
               ("status", "VARCHAR"), ("is_repeat", "BOOLEAN"), ("org_code", "VARCHAR"), ("count", "BIGINT")],
    "ingests": [("ingest_id", "BIGINT"), ("source", "VARCHAR"), ("file_name", "VARCHAR"), ("sha256", "VARCHAR"),
                ("rows_read", "BIGINT"), ("rows_loaded", "BIGINT"), ("rows_rejected", "BIGINT"),
                ("rows_dropped", "BIGINT"), ("rows_replaced", "BIGINT"), ("periods", "VARCHAR"),
                ("loaded_at", "TIMESTAMP"), ("status", "VARCHAR"), ("message", "VARCHAR")],
    "rejects": [("ingest_id", "BIGINT"), ("row_number", "BIGINT"), ("reason", "VARCHAR"), ("raw", "VARCHAR")],
    # Monthly pre-aggregate of events, maintained by ingest and roll back (warehouse/rollups.py): every
    # event_counts query is answered from it, exactly as from the raw rows.
    "events_monthly": [("source", "VARCHAR"), ("period", "DATE"), ("ward_code", "VARCHAR"), ("lsoa_code", "VARCHAR"),
                       ("category", "VARCHAR"), ("subcategory", "VARCHAR"), ("age_band", "VARCHAR"),
                       ("sex", "VARCHAR"), ("channel", "VARCHAR"), ("status", "VARCHAR"), ("is_repeat", "BOOLEAN"),
                       ("org_code", "VARCHAR"), ("count", "BIGINT"), ("withheld", "BIGINT"), ("rows", "BIGINT")],
    # Every indicator x area x period x band x role, computed by the one pipeline at ingest and roll back
    # (warehouse/values.py), inside their transaction; pages read these ready values.
    "indicator_values": [
        ("indicator_id", "VARCHAR"), ("role", "VARCHAR"), ("area_code", "VARCHAR"), ("area_name", "VARCHAR"),
        ("area_type", "VARCHAR"), ("parent_code", "VARCHAR"), ("band", "VARCHAR"), ("period", "VARCHAR"),
        ("period_type", "VARCHAR"), ("period_start", "DATE"), ("period_end", "DATE"), ("period_label", "VARCHAR"),
        ("count", "BIGINT"), ("withheld", "BIGINT"), ("denominator", "DOUBLE"), ("value", "DOUBLE"),
        ("lower_ci", "DOUBLE"), ("upper_ci", "DOUBLE"), ("lower_ci_99_8", "DOUBLE"), ("upper_ci_99_8", "DOUBLE"),
        ("method", "VARCHAR"), ("comparison", "VARCHAR"), ("comparison_99_8", "VARCHAR"), ("trend", "VARCHAR"),
        ("expected_count", "DOUBLE"), ("expected", "DOUBLE"), ("expected_lower", "DOUBLE"),
        ("expected_upper", "DOUBLE"), ("change_ratio", "DOUBLE"), ("change_lower_ci", "DOUBLE"),
        ("change_upper_ci", "DOUBLE"), ("spc_mean", "DOUBLE"), ("spc_upper", "DOUBLE"), ("spc_lower", "DOUBLE"),
        ("special_cause", "BOOLEAN"), ("spc_direction", "VARCHAR"), ("dsr", "DOUBLE"), ("dsr_lower_ci", "DOUBLE"),
        ("dsr_upper_ci", "DOUBLE"), ("dsr_method", "VARCHAR"), ("cumulative_gap", "DOUBLE"),
        ("cumulative_gap_lower", "DOUBLE"), ("cumulative_gap_upper", "DOUBLE"), ("cumulative_expected", "DOUBLE"),
        ("suppressed", "BOOLEAN"),
        ("suppression", "VARCHAR"), ("viewer_suppressed", "BOOLEAN")],
    # The hidden cells of each block of counts the viewer's disclosure search has protected (metrics.disclosure:
    # positions in the block, int64), by the hash of everything the search read: a refresh searches again only
    # the blocks whose counts changed. Rewritten with each refresh of the source, so it holds what is in use.
    "protection_memo": [("source", "VARCHAR"), ("block_key", "VARCHAR"), ("hidden", "BLOB")],
    # Which store version the values were computed from (the last ingest id and how many ingests).
    "values_meta": [("version", "VARCHAR"), ("refreshed_at", "TIMESTAMP"), ("indicators", "BIGINT"),
                    ("rows", "BIGINT"), ("seconds", "DOUBLE")],
    # Partnership meeting agendas: an ordered list of saved views (page + filters + heading) as JSON.
    # What the partners did, where and when, and what it aimed at: kept by analysts (warehouse/interventions.py);
    # a withdrawn intervention keeps its row, with who withdrew it and when.
    "interventions": [("intervention_id", "BIGINT"), ("title", "VARCHAR"), ("partner", "VARCHAR"),
                      ("description", "VARCHAR"), ("areas", "VARCHAR"), ("indicators", "VARCHAR"),
                      ("start_date", "DATE"), ("end_date", "DATE"), ("created_by", "VARCHAR"),
                      ("created_at", "TIMESTAMP"), ("withdrawn_by", "VARCHAR"), ("withdrawn_at", "TIMESTAMP")],
    # Alerts fired after an ingest or by `python -m warehouse digest`: one row per alert and role, its text
    # written from that role's values (warehouse/alerts.py).
    "alerts": [("alert_id", "BIGINT"), ("fired_at", "TIMESTAMP"), ("rule", "VARCHAR"), ("role", "VARCHAR"),
               ("indicator_id", "VARCHAR"), ("area_code", "VARCHAR"), ("period", "VARCHAR"), ("subject", "VARCHAR"),
               ("text", "VARCHAR"), ("link", "VARCHAR"), ("key", "VARCHAR")],
    # Every digest e-mail sent: when, for which role, to whom (warehouse/digest.py); the next one starts there.
    "digests": [("sent_at", "TIMESTAMP"), ("role", "VARCHAR"), ("recipients", "VARCHAR"), ("alerts", "BIGINT"),
                ("subject", "VARCHAR")],
    "agendas": [("agenda_id", "BIGINT"), ("name", "VARCHAR"), ("created_by", "VARCHAR"), ("created_at", "TIMESTAMP"),
                ("views_json", "VARCHAR")],
    # Stories beside the figures (warehouse/stories.py): the story as it is now (a withdrawn one keeps its row) and
    # one audit row per add, edit or withdrawal with each changed field's old and new value (JSON).
    "stories": [("story_id", "BIGINT"), ("areas", "VARCHAR"), ("theme", "VARCHAR"), ("indicators", "VARCHAR"),
                ("story_date", "DATE"), ("partner", "VARCHAR"), ("text", "VARCHAR"), ("consent_recorded", "BOOLEAN"),
                ("shareable", "BOOLEAN"), ("created_by", "VARCHAR"), ("created_at", "TIMESTAMP"),
                ("updated_by", "VARCHAR"), ("updated_at", "TIMESTAMP"), ("withdrawn_by", "VARCHAR"),
                ("withdrawn_at", "TIMESTAMP")],
    "story_changes": [("change_id", "BIGINT"), ("story_id", "BIGINT"), ("action", "VARCHAR"),
                      ("changed_by", "VARCHAR"), ("changed_at", "TIMESTAMP"), ("changes", "VARCHAR")],
    # The community provision register (sources/provision.py): one row per provider, placed in a ward
    # (placed_by: coordinates / ward / postcode district / town; approximate unless by coordinates or ward).
    "provision": [("register", "VARCHAR"), ("provider_id", "VARCHAR"), ("name", "VARCHAR"), ("type", "VARCHAR"),
                  ("types", "VARCHAR"), ("address", "VARCHAR"), ("postcode", "VARCHAR"), ("latitude", "DOUBLE"),
                  ("longitude", "DOUBLE"), ("ward_code", "VARCHAR"), ("placed_by", "VARCHAR"),
                  ("approximate", "BOOLEAN"), ("sessions_per_week", "DOUBLE"), ("capacity", "DOUBLE"),
                  ("capacity_unit", "VARCHAR"), ("run_by", "VARCHAR"), ("start_date", "DATE"), ("end_date", "DATE"),
                  ("origin", "VARCHAR")],
    # Census 2021 usual residents by ward x topic (general_health, disability, unpaid_care) x category.
    "census_health": [("area_code", "VARCHAR"), ("topic", "VARCHAR"), ("category", "VARCHAR"), ("persons", "BIGINT"),
                      ("year", "INTEGER")],
}

# Data tables carry the ingest that wrote each row, so an ingest can be audited (and later rolled back).
INGESTED = ["areas", "area_shapes", "lsoa_ward", "population", "deprivation", "practices", "comparators",
            "survey_responses", "events", "provision", "census_health"]
for _table in INGESTED:
    COLUMNS[_table].append(("ingest_id", "BIGINT"))

# Rows a later ingest replaced are kept, with the ingest that replaced them, so an ingest can be rolled
# back and what it replaced restored: nothing silently disappears.
for _table in INGESTED:
    COLUMNS[f"{_table}_replaced"] = [*COLUMNS[_table], ("replaced_by", "BIGINT")]

# A newer file replaces the rows of the store that share these values with it (its "period").
SCOPES: dict[str, tuple[str, ...]] = {
    "events": ("source", "period"),
    "areas": ("area_code",),
    "area_shapes": ("area_code",),
    "lsoa_ward": ("lsoa_code", "vintage"),
    "population": ("area_code", "year", "sex"),
    "deprivation": ("lsoa_code", "edition"),
    "practices": ("practice_code",),
    "comparators": ("indicator_id", "area_code", "time_period", "sex", "age"),
    "survey_responses": ("period",),
    "provision": ("register",),
    "census_health": ("area_code", "topic"),
}

TYPE_NAMES = {"postgres": {"BLOB": "BYTEA", "DOUBLE": "DOUBLE PRECISION"}}
DIALECT = {"postgres": "postgres", "duckdb": "duckdb"}


def create_statements(dialect: str = "duckdb") -> list[str]:
    names = TYPE_NAMES.get(dialect, {})
    out = []
    for table, cols in COLUMNS.items():
        body = ", ".join(f'"{c}" {names.get(t, t)}' for c, t in cols)
        out.append(f'CREATE TABLE IF NOT EXISTS "{table}" ({body})')
    out.append('CREATE INDEX IF NOT EXISTS events_source_period ON "events" ("source", "period")')
    out.append('CREATE INDEX IF NOT EXISTS indicator_values_lookup ON "indicator_values" '
               '("indicator_id", "role", "period")')
    out.append('CREATE INDEX IF NOT EXISTS events_monthly_source_period ON "events_monthly" ("source", "period")')
    return out
