"""`strata.Project`: a model's data, stacks and grid."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from . import _strata
from ._solution import Solution


class Project:
    """A geological model's project: surface points, orientations, stacks and grid.

    Build one with :meth:`load` (a ``strata.toml``, docs/project-format.md) or
    :meth:`from_gempy_csv` (GemPy's CSV files or pandas DataFrames). A project pickles with
    its data (no files needed where it is unpickled), so it can be sent to Dask workers.
    """

    def __init__(self, native: _strata.Project) -> None:
        self._native = native

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Project:
        """Reads a ``strata.toml`` and the CSV files it names (relative to its folder).

        Raises :class:`strata.InputError` naming the file, line, column and value of any
        problem (an unknown key, a bad number in a CSV file, ...).
        """
        return cls(_strata.Project.load(os.fspath(path)))

    @classmethod
    def from_gempy_csv(
        cls,
        surface_points: Any,
        orientations: Any,
        extent: Sequence[float],
        stacks: Sequence[Mapping[str, Any]],
        resolution: Sequence[int] | None = None,
        octree_levels: int | None = None,
        defaults: str = "gempy",
        name: str = "model",
        **interpolation: Any,
    ) -> Project:
        """A project from GemPy's CSV files or pandas DataFrames.

        Args:
            surface_points: ``X, Y, Z, formation`` (or ``surface``), optional ``nugget`` and
                ``series``: a CSV path, ``bytes`` of CSV text or a DataFrame.
            orientations: ``X, Y, Z`` with ``azimuth, dip, polarity`` or ``G_x, G_y, G_z``,
                and ``formation``: a CSV path, ``bytes`` or a DataFrame.
            extent: ``(xmin, xmax, ymin, ymax, zmin, zmax)``, world units.
            stacks: the stacks, youngest first: dicts with ``name``, ``relation`` (``erode``,
                ``onlap``, ``fault`` or ``basement``), ``surfaces`` (youngest first), and for a
                fault optional ``offsets`` (stack names) and ``finite``
                (``{"center": [x, y, z], "radius": [rx, ry, rz]}``).
            resolution: ``(nx, ny, nz)`` of a regular grid; or
            octree_levels: the levels of an octree (meshes extracted).
            defaults: ``"gempy"`` (GemPy's front end) or ``"engine"`` (gempy_engine's reference
                rules) for every value not given.
            name: the model's name.
            **interpolation: ``kernel``, ``range``, ``c_o``, ``drift``,
                ``nugget_surface_points``, ``nugget_orientations``, ``mesh``.

        The call is the ``strata.toml`` it stands for (see :attr:`text`), read by the same
        reader: errors name the key and value, and for a DataFrame its line (header 1, row
        ``i`` at line ``i + 2``).
        """
        return cls(
            _strata.Project.from_gempy_csv(
                surface_points,
                orientations,
                extent,
                stacks,
                resolution=resolution,
                octree_levels=octree_levels,
                defaults=defaults,
                name=name,
                **interpolation,
            )
        )

    @property
    def name(self) -> str:
        """The model's name."""
        return self._native.name

    @property
    def file(self) -> str:
        """The project file (``from_gempy_csv`` for a generated project)."""
        return os.fspath(self._native.file)

    @property
    def text(self) -> str:
        """The project file's text (a generated project's too: save it as ``strata.toml``)."""
        return self._native.text

    @property
    def extent(self) -> tuple[float, float, float, float, float, float]:
        """``(xmin, xmax, ymin, ymax, zmin, zmax)``, world units."""
        return tuple(self._native.extent)  # type: ignore[return-value]

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(nx, ny, nz)`` of the blocks: the regular grid, or an octree's deepest level."""
        return tuple(self._native.shape)  # type: ignore[return-value]

    @property
    def surfaces(self) -> list[str]:
        """The surface names, stack by stack, youngest first."""
        return self._native.surfaces

    @property
    def stacks(self) -> list[str]:
        """The stack names, youngest first."""
        return self._native.stacks

    @property
    def unit_ids(self) -> list[int]:
        """The id of each surface's unit, then of the unit below the last surface."""
        return self._native.unit_ids

    @property
    def defaults(self) -> str:
        """``"engine"`` or ``"gempy"``."""
        return self._native.defaults

    @property
    def dtype(self) -> str:
        """The project's evaluation precision, ``"f64"`` or ``"f32"``."""
        return self._native.dtype

    def compute(self, dtype: str | None = None, variance: bool = False) -> Solution:
        """Computes the model on all cores (the GIL released).

        Args:
            dtype: ``"f64"`` or ``"f32"`` for the field evaluation (default: the project's).
            variance: also compute every stack's kriging variance (:attr:`Solution.variance`).

        Raises :class:`strata.ComputeError` (naming the stack) when a system cannot be solved.
        """
        return Solution._from_native(self._native.compute(dtype, variance))

    def __repr__(self) -> str:
        return repr(self._native)
