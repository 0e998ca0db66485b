"""Upload (analysts): renders ui/upload.py (the upload checks and ingest live in warehouse/)."""

from ui.upload import show

show()
