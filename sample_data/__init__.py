"""Sample partner extracts and the seeded generator that writes them (see sample_data.generate)."""
