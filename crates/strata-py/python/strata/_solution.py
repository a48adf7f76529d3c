"""`strata.Solution`: a computed model as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pyvista


@dataclass(frozen=True)
class Solution:
    """A computed model. Blocks are ``(nx, ny, nz)`` arrays in C order (x slowest, z fastest:
    GemPy's regular grid) on the project's grid, or an octree's deepest level in full.

    Attributes:
        lith_block: the unit id of every cell (int32).
        fault_block: the fault id of every cell (int32).
        scalar_fields: stack name → its scalar field (float64 block).
        variance: stack name → the kriging variance of its field (float64 block), or ``None``
            unless ``compute(variance=True)``.
        meshes: ``(surface name, vertices (n, 3) float64 world coordinates, triangles (m, 3)
            int64)`` per extracted surface (octree projects, or ``mesh = true``).
        surfaces: the surface names, stack by stack, youngest first.
        unit_ids: the id of each surface's unit, then of the unit below the last surface.
        extent: ``(xmin, xmax, ymin, ymax, zmin, zmax)``, world units.
        shape: ``(nx, ny, nz)``.
        warnings: the checks of geological sense that failed, one dict each: ``code``
            (``"unit_repeats"``: a unit repeats or lies above a younger one in some columns;
            ``"polarity"``: the orientations point the other way from the stack's order of
            surfaces), ``message`` (the count, where, the likely cause and the remedy), ``stack``
            and the check's numbers (``columns``, ``of_columns``, ``direction``, ``examples`` as
            world ``(x, y, z)``, ``cause``; or ``disagreeing``, ``of``). Empty for a sound
            model.
        solves: stack name → how its weights were found: ``"cached"`` where the project had
            solved the same system before (an edit elsewhere, a second compute), else the
            solve (``"dense (Lu)"``, ``"iterative: …"``).
    """

    lith_block: np.ndarray
    fault_block: np.ndarray
    scalar_fields: dict[str, np.ndarray]
    variance: dict[str, np.ndarray] | None
    meshes: list[tuple[str, np.ndarray, np.ndarray]]
    surfaces: list[str]
    unit_ids: list[int]
    extent: tuple[float, float, float, float, float, float]
    shape: tuple[int, int, int]
    warnings: list[dict[str, Any]]
    solves: dict[str, str]

    @classmethod
    def _from_native(cls, d: dict[str, Any]) -> Solution:
        return cls(
            lith_block=d["lith_block"],
            fault_block=d["fault_block"],
            scalar_fields=d["scalar_fields"],
            variance=d["variance"],
            meshes=d["meshes"],
            surfaces=d["surfaces"],
            unit_ids=d["unit_ids"],
            extent=tuple(d["extent"]),  # type: ignore[arg-type]
            shape=tuple(d["shape"]),  # type: ignore[arg-type]
            warnings=d["warnings"],
            solves=d["solves"],
        )

    def cell_centers(self, axis: int) -> np.ndarray:
        """World coordinates of the cell centres along ``axis`` (0, 1, 2 for x, y, z)."""
        lo, hi = self.extent[2 * axis], self.extent[2 * axis + 1]
        n = self.shape[axis]
        return lo + (np.arange(n) + 0.5) * (hi - lo) / n

    def to_pyvista(self) -> pyvista.MultiBlock:
        """The model for pyvista: ``"block"``, an ``ImageData`` with every block as cell data
        (``lith_block``, ``fault_block``, ``scalar_<stack>``, ``variance_<stack>``), and one
        ``PolyData`` per mesh, named by its surface. Needs ``pip install pyvista``."""
        try:
            import pyvista
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Solution.to_pyvista needs pyvista: pip install pyvista") from e
        nx, ny, nz = self.shape
        e = self.extent
        grid = pyvista.ImageData(
            dimensions=(nx + 1, ny + 1, nz + 1),
            spacing=((e[1] - e[0]) / nx, (e[3] - e[2]) / ny, (e[5] - e[4]) / nz),
            origin=(e[0], e[2], e[4]),
        )
        # VTK orders cells x fastest: Fortran order of the (nx, ny, nz) blocks.
        grid.cell_data["lith_block"] = self.lith_block.ravel(order="F")
        grid.cell_data["fault_block"] = self.fault_block.ravel(order="F")
        for stack, field in self.scalar_fields.items():
            grid.cell_data[f"scalar_{stack}"] = field.ravel(order="F")
        for stack, field in (self.variance or {}).items():
            grid.cell_data[f"variance_{stack}"] = field.ravel(order="F")
        blocks = pyvista.MultiBlock()
        blocks["block"] = grid
        for surface, vertices, triangles in self.meshes:
            faces = np.hstack([np.full((len(triangles), 1), 3), triangles]).ravel()
            blocks[surface] = pyvista.PolyData(vertices, faces)
        return blocks
