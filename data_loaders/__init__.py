"""Partner and public data loaders: read, rename, type, resolve area codes, validate. No statistics.

`SOURCES` maps a source name to its loader module; each module exposes `load(path) -> DataFrame` in the
tidy shape of ARCHITECTURE.md and `parse(...) -> LoadResult` for the warehouse. Modules are imported on
first use so that opening the app does not import geopandas.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

from data_loaders.errors import LoadError, Problem

# Order matters for `build-sample`: reference data first, then partner extracts that resolve against it.
SOURCE_MODULES = {
    "boundaries": "data_loaders.boundaries",
    "lsoa_ward": "data_loaders.lsoa_ward",
    "population": "data_loaders.population",
    "deprivation": "data_loaders.deprivation",
    "gp_practices": "data_loaders.gp_practices",
    "community_hub": "data_loaders.community_hub",
    "citizens_advice": "data_loaders.citizens_advice",
    "gp_appointments": "data_loaders.gp_appointments",
    "police_uk": "data_loaders.police_uk",
    "mental_health": "data_loaders.mental_health",
    "vcfs_survey": "data_loaders.vcfs_survey",
    "fingertips": "data_loaders.fingertips",
}


class _Registry(Mapping[str, ModuleType]):
    def __getitem__(self, name: str) -> ModuleType:
        if name not in SOURCE_MODULES:
            raise KeyError(f"unknown source '{name}': choose one of {', '.join(SOURCE_MODULES)}")
        return importlib.import_module(SOURCE_MODULES[name])

    def __iter__(self) -> Iterator[str]:
        return iter(SOURCE_MODULES)

    def __len__(self) -> int:
        return len(SOURCE_MODULES)


SOURCES: Mapping[str, ModuleType] = _Registry()

__all__ = ["SOURCES", "SOURCE_MODULES", "LoadError", "Problem"]
