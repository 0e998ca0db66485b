"""The store: connection by URL (Ibis), table definitions, atomic ingest and in-engine queries."""
