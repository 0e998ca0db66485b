"""Partner and public data loaders: read, rename, type, resolve area codes, validate. No statistics.

`SOURCES` maps each declared source (see `sources/`) to its loader module; each module exposes
`load(path) -> DataFrame` in the tidy shape of ARCHITECTURE.md and `parse(...) -> LoadResult` for the
warehouse. Modules are imported on first use so that opening the app does not import geopandas.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

import sources
from data_loaders.errors import LoadError, Problem


class _Registry(Mapping[str, ModuleType]):
    """Source name -> its loader module, in loading order, read from the source declarations."""

    def __getitem__(self, name: str) -> ModuleType:
        return importlib.import_module(sources.get(name).loader)

    def __iter__(self) -> Iterator[str]:
        return iter(sources.names())

    def __len__(self) -> int:
        return len(sources.names())


SOURCES: Mapping[str, ModuleType] = _Registry()

__all__ = ["SOURCES", "LoadError", "Problem"]
