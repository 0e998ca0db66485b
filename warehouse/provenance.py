"""Which figures are real and which are illustrative: per source, from what the store actually holds.

A source whose shipped sample is generated (`Source.sample == "generated"`: the hub, Citizens Advice, GP
appointments, the trust, the survey, the food bank) is *illustrative* in a store holding any of the generated
extract files (recognised by their sha256 among sample_data/extracts), and *real* once a partnership loads
only its own files. Public sources (police.uk, ONS, MHCLG, NHS Digital) are real. Views put the label beside
every figure; the Data page lists it per source with the source's declared attribution.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sources
from settings import ROOT, get_settings
from warehouse.store import Store

EXTRACTS = ROOT / "sample_data" / "extracts"
ILLUSTRATIVE = "Illustrative (generated) data"
REAL = "Real"


@dataclass(frozen=True)
class Origin:
    source: str
    illustrative: bool
    label: str  # "Real: police.uk street-level crime (Lancashire Constabulary)" / "Illustrative (generated) data: …"


@lru_cache(maxsize=4)
def generated_hashes(folder: Path = EXTRACTS) -> frozenset[str]:
    """sha256 of every generated sample extract (a dozen files, hashed once per process)."""
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file())


def origins(store: Store) -> dict[str, Origin]:
    """Each source held in the store (a loaded ingest) -> whether its figures are real or illustrative."""
    return store.remember(("origins",), lambda: _origins(store))


def _origins(store: Store) -> dict[str, Origin]:
    held = store.fetch("SELECT source, sha256 FROM \"ingests\" WHERE status = 'loaded'")
    generated = generated_hashes()
    settings = get_settings()
    out = {}
    for name, group in held.groupby("source"):
        if name not in sources.names():
            continue
        source = sources.get(name)
        partner = settings.partner_name(name, source.partner)
        fake = source.illustrative and bool(set(group["sha256"]) & generated)
        label = (f"{ILLUSTRATIVE}: not real {partner} records" if fake
                 else f"{REAL}: {source.title} ({partner})")
        out[name] = Origin(name, fake, label)
    return out


def label(store: Store, *source_names: str) -> str:
    """The label for a figure built from these sources ("" when none is held)."""
    known = origins(store)
    held = [known[n] for n in dict.fromkeys(source_names) if n in known]
    if not held:
        return ""
    if len(held) == 1:
        return held[0].label
    fake = [sources.get(o.source).label for o in held if o.illustrative]
    real = [sources.get(o.source).label for o in held if not o.illustrative]
    parts = ([f"{REAL}: " + ", ".join(real)] if real else []) + ([f"{ILLUSTRATIVE}: " + ", ".join(fake)] if fake else [])
    return "; ".join(parts)
