"""Type stubs of the native module ``strata._strata`` (crates/strata-py/src)."""

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__version__: str

class StrataError(Exception):
    """Every error of Strata."""

class InputError(StrataError):
    """A project, CSV file, DataFrame or argument that cannot be used; the message names the
    file, line, column and value."""

class ComputeError(StrataError):
    """A model that cannot be computed (a singular system, ...); the message names the stack."""

class Project:
    """A project: the engine input with the sources it was read from (pickles with them)."""

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Project: ...
    @staticmethod
    def from_gempy_csv(
        surface_points: Any,
        orientations: Any,
        extent: Sequence[float],
        stacks: Sequence[Mapping[str, Any]],
        resolution: Sequence[int] | None = None,
        octree_levels: int | None = None,
        defaults: str = "gempy",
        name: str = "model",
        **interpolation: Any,
    ) -> Project: ...
    @staticmethod
    def _from_sources(
        text: str, path: str | os.PathLike[str], csv: list[tuple[str, bytes]]
    ) -> Project: ...
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...
    @property
    def name(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def extent(self) -> list[float]: ...
    @property
    def shape(self) -> list[int]: ...
    @property
    def surfaces(self) -> list[str]: ...
    @property
    def stacks(self) -> list[str]: ...
    @property
    def unit_ids(self) -> list[int]: ...
    @property
    def defaults(self) -> str: ...
    @property
    def dtype(self) -> str: ...
    def compute(self, dtype: str | None = None, variance: bool = False) -> dict[str, Any]:
        """``lith_block``, ``fault_block``, ``scalar_fields``, ``variance``, ``meshes``,
        ``surfaces``, ``unit_ids``, ``extent``, ``shape``, ``warnings``, ``solves`` (see
        ``strata.Solution``)."""
    def _deferred(self) -> Project: ...
    def _checked(self) -> Project: ...
    def _surface_points(self) -> dict[str, list[Any]]: ...
    def _orientations(self) -> dict[str, list[Any]]: ...
    def _add_surface_points(
        self,
        x: list[float],
        y: list[float],
        z: list[float],
        surface: list[str],
        nugget: list[float] | None = None,
    ) -> Project: ...
    def _add_orientations(
        self,
        x: list[float],
        y: list[float],
        z: list[float],
        surface: list[str],
        dip: list[float] | None = None,
        azimuth: list[float] | None = None,
        polarity: list[float] | None = None,
        gradient: list[tuple[float, float, float]] | None = None,
        nugget: list[float] | None = None,
    ) -> Project: ...
    def _modify(
        self,
        orientations: bool,
        index: list[int],
        x: list[float] | None = None,
        y: list[float] | None = None,
        z: list[float] | None = None,
        surface: list[str] | None = None,
        dip: list[float] | None = None,
        azimuth: list[float] | None = None,
        polarity: list[float] | None = None,
        gradient: list[tuple[float, float, float]] | None = None,
    ) -> Project: ...
    def _delete(self, orientations: bool, index: list[int]) -> Project: ...
    def _set_extent(self, extent: list[float]) -> Project: ...
    def _set_resolution(self, resolution: list[int]) -> Project: ...
    def _set_octree_levels(self, levels: int) -> Project: ...
    def _add_surface(self, surface: str, stack: str, position: int | None = None) -> Project: ...
    def _add_stack(
        self, name: str, relation: str, surfaces: list[str], position: int | None = None
    ) -> Project: ...
    def _set_relation(self, stack: str, relation: str) -> Project: ...
    def save(self, dir: str | os.PathLike[str]) -> list[str]: ...

def _run_batch(
    project: Project,
    start: int,
    stop: int,
    seed: int,
    sigma_z: float = 0.0,
    surface_sigma_z: Mapping[str, float] | None = None,
    sigma_dip: float = 0.0,
    sigma_azimuth: float = 0.0,
    dtype: str | None = None,
    threads: int | None = None,
) -> tuple[list[int], np.ndarray]:
    """``(ids, counts)`` of realizations ``start..stop``: ``counts`` uint32
    ``(n_units, nx, ny, nz)``, on ``threads`` threads (default all cores)."""

def _reduce_counts(
    ids: Sequence[int], counts: np.ndarray, realizations: int
) -> tuple[np.ndarray, np.ndarray]:
    """``(probability, entropy)`` of summed counts."""
