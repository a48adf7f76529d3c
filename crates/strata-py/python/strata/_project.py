"""`strata.Project`: a model's data, stacks and grid."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _strata
from ._solution import Solution

if TYPE_CHECKING:
    import pandas


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

    @classmethod
    def from_gempy(cls, geo_model: Any, name: str | None = None) -> Project:
        """The project of a GemPy 2026 ``GeoModel``: its stacks and relations, the faults'
        offsets, its surface points and orientations (with their nuggets), its regular grid or
        octree and its kernel options, computed with GemPy's front-end rules
        (``defaults="gempy"``), so :meth:`compute` gives what ``gp.compute_model`` gives.
        Settings Strata cannot honour yet (custom, topography, section and centred grids,
        finite faults) raise ``ValueError`` naming them."""
        from ._gempy import project_from_gempy

        return project_from_gempy(geo_model, name)

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

    # --- The data as tables, and GemPy's verbs to edit it -------------------------------------
    #
    # Every edit rebuilds the project from its edited sources with the same reader as the
    # files, so a bad edit raises the same :class:`strata.InputError` (naming the file and row)
    # and leaves the project as it was. The project keeps the weights of the systems it has
    # solved: after an edit, :meth:`compute` solves again only the stacks whose systems changed
    # (:attr:`Solution.solves` says which were reused).

    @contextlib.contextmanager
    def edits(self) -> Iterator[Project]:
        """Edits checked together when the block ends, for steps that are invalid alone (a new
        stack and then its points): inside, each verb changes the sources only and
        :meth:`compute` is refused; at the end the project is rebuilt and checked, and if that
        (or anything in the block) fails, the project is left as it was before the block."""
        before = self._native
        self._native = before._deferred()
        try:
            yield self
            self._native = self._native._checked()
        except BaseException:
            self._native = before
            raise

    @property
    def surface_points(self) -> pandas.DataFrame:
        """The surface-point file's rows in file order (the ``index`` of the edit verbs):
        columns ``X, Y, Z, surface, nugget, series`` (``nugget`` NaN where the row takes the
        project's default, ``series`` ``None`` where empty). Needs pandas."""
        import pandas

        return pandas.DataFrame(self._native._surface_points())

    @property
    def orientations(self) -> pandas.DataFrame:
        """The orientation file's rows in file order: ``X, Y, Z, G_x, G_y, G_z`` (the gradient
        at its length), ``azimuth, dip, polarity`` (GemPy's angles of the gradient),
        ``surface, nugget, series``. Needs pandas."""
        import pandas

        return pandas.DataFrame(self._native._orientations())

    def add_surface_points(
        self, x: Any, y: Any, z: Any, surface: Any, nugget: Any = None
    ) -> None:
        """Appends surface points (GemPy's ``add_surface_points``): scalars or arrays of one
        length (scalars broadcast), world coordinates; ``nugget`` ``None`` takes the project's
        default."""
        n, (xs, ys, zs, ss, ns) = _columns(x, y, z, surface, nugget)
        self._native = self._native._add_surface_points(
            _floats(xs), _floats(ys), _floats(zs), _names(ss), _floats(ns, optional=True)
        )

    def modify_surface_points(
        self,
        index: Any,
        x: Any = None,
        y: Any = None,
        z: Any = None,
        surface: Any = None,
    ) -> None:
        """Changes the surface points at ``index`` (an int or array of rows of
        :attr:`surface_points`); each given value is a scalar or one value per index."""
        rows = _rows(index)
        _, (xs, ys, zs, ss) = _columns(x, y, z, surface, n=len(rows))
        self._native = self._native._modify(
            False,
            rows,
            x=_floats(xs, optional=True),
            y=_floats(ys, optional=True),
            z=_floats(zs, optional=True),
            surface=_names(ss, optional=True),
        )

    def delete_surface_points(self, index: Any) -> None:
        """Removes the surface points at ``index`` (an int or array of rows)."""
        self._native = self._native._delete(False, _rows(index))

    def add_orientations(
        self,
        x: Any,
        y: Any,
        z: Any,
        surface: Any,
        dip: Any = None,
        azimuth: Any = None,
        polarity: Any = 1.0,
        gradient: Any = None,
        nugget: Any = None,
    ) -> None:
        """Appends orientations (GemPy's ``add_orientations``): ``dip`` and ``azimuth`` in
        degrees with ``polarity``, or ``gradient=(G_x, G_y, G_z)`` (one triple, or an array
        ``(n, 3)``); written in the orientation file's own form (angles or components)."""
        n, (xs, ys, zs, ss, ds, azs, ps, ns) = _columns(
            x, y, z, surface, dip, azimuth, polarity, nugget
        )
        self._native = self._native._add_orientations(
            _floats(xs),
            _floats(ys),
            _floats(zs),
            _names(ss),
            dip=_floats(ds, optional=True),
            azimuth=_floats(azs, optional=True),
            polarity=_floats(ps, optional=True),
            gradient=_gradients(gradient, n),
            nugget=_floats(ns, optional=True),
        )

    def modify_orientations(
        self,
        index: Any,
        x: Any = None,
        y: Any = None,
        z: Any = None,
        surface: Any = None,
        dip: Any = None,
        azimuth: Any = None,
        polarity: Any = None,
        gradient: Any = None,
    ) -> None:
        """Changes the orientations at ``index``; a new pole is ``dip`` with ``azimuth`` (and
        ``polarity``, default 1) or ``gradient``."""
        rows = _rows(index)
        _, (xs, ys, zs, ss, ds, azs, ps) = _columns(
            x, y, z, surface, dip, azimuth, polarity, n=len(rows)
        )
        self._native = self._native._modify(
            True,
            rows,
            x=_floats(xs, optional=True),
            y=_floats(ys, optional=True),
            z=_floats(zs, optional=True),
            surface=_names(ss, optional=True),
            dip=_floats(ds, optional=True),
            azimuth=_floats(azs, optional=True),
            polarity=_floats(ps, optional=True),
            gradient=_gradients(gradient, len(rows)),
        )

    def delete_orientations(self, index: Any) -> None:
        """Removes the orientations at ``index`` (an int or array of rows)."""
        self._native = self._native._delete(True, _rows(index))

    def add_surface(self, surface: str, stack: str, position: int | None = None) -> None:
        """Adds ``surface`` to ``stack`` at ``position`` (youngest first; default last)."""
        self._native = self._native._add_surface(surface, stack, position)

    def add_stack(
        self,
        name: str,
        relation: str,
        surfaces: Sequence[str],
        position: int | None = None,
    ) -> None:
        """Adds a stack (``relation``: ``erode``, ``onlap``, ``fault`` or ``basement``) over
        ``surfaces`` (youngest first) at ``position`` among the stacks (default last)."""
        self._native = self._native._add_stack(name, relation, list(surfaces), position)

    def set_relation(self, stack: str, relation: str) -> None:
        """Sets ``stack``'s relation to the stacks below it."""
        self._native = self._native._set_relation(stack, relation)

    def set_extent(self, extent: Sequence[float]) -> None:
        """Sets ``(xmin, xmax, ymin, ymax, zmin, zmax)``, world units."""
        self._native = self._native._set_extent([float(v) for v in extent])

    def set_resolution(self, resolution: Sequence[int]) -> None:
        """Computes on a regular grid of ``(nx, ny, nz)`` cells."""
        self._native = self._native._set_resolution([int(v) for v in resolution])

    def set_octree_levels(self, levels: int) -> None:
        """Computes on an octree of ``levels`` levels (meshes extracted)."""
        self._native = self._native._set_octree_levels(int(levels))

    def save(self, path: str | os.PathLike[str]) -> list[str]:
        """Writes the project file and every file it names into folder ``path`` (created if
        needed), each atomically; returns the paths written. Saving a project loaded from a
        save writes the same bytes."""
        return [os.fspath(p) for p in self._native.save(os.fspath(path))]

    def __repr__(self) -> str:
        return repr(self._native)


def _columns(*values: Any, n: int | None = None) -> tuple[int, list[np.ndarray | None]]:
    """``values`` as 1-d arrays of one length (scalars broadcast; ``None`` kept): that length
    (``n`` where given) and the arrays."""
    arrays = [None if v is None else np.atleast_1d(np.asarray(v)) for v in values]
    lengths = {a.shape[0] for a in arrays if a is not None and a.shape[0] != 1}
    if n is not None:
        lengths.add(n)
    if len(lengths) > 1:
        raise ValueError(f"arguments of different lengths {sorted(lengths)}")
    length = lengths.pop() if lengths else 1
    return length, [
        None if a is None else (np.repeat(a, length) if a.shape[0] == 1 else a)
        for a in arrays
    ]


def _floats(a: np.ndarray | None, optional: bool = False) -> list[float] | None:
    if a is None:
        if optional:
            return None
        raise ValueError("a required value is missing")
    return [float(v) for v in a]


def _names(a: np.ndarray | None, optional: bool = False) -> list[str] | None:
    if a is None:
        if optional:
            return None
        raise ValueError("a required name is missing")
    return [str(v) for v in a]


def _rows(index: Any) -> list[int]:
    rows = np.atleast_1d(np.asarray(index))
    if rows.ndim != 1 or not np.issubdtype(rows.dtype, np.integer) or (rows < 0).any():
        raise ValueError(f"index = {index!r}: rows are non-negative integers")
    return [int(r) for r in rows]


def _gradients(gradient: Any, n: int) -> list[tuple[float, float, float]] | None:
    if gradient is None:
        return None
    g = np.asarray(gradient, dtype=float)
    if g.shape == (3,):
        g = np.tile(g, (n, 1))
    if g.shape != (n, 3):
        raise ValueError(f"gradient of shape {g.shape}: give (3,) or ({n}, 3)")
    return [(float(a), float(b), float(c)) for a, b, c in g]
