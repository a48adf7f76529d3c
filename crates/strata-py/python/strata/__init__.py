"""Strata: implicit 3-D geological modelling with gempy_engine's numbers, from Python.

A project (GemPy's surface points and orientations, grouped in stacks of surfaces) is
interpolated by universal co-kriging into a block model of rock units::

    import strata

    project = strata.Project.load("examples/graben/strata.toml")
    solution = project.compute()
    solution.lith_block.shape           # (nx, ny, nz), x slowest, as GemPy's regular grid

    result = strata.ensemble(project, 100, sigma_z=10.0, seed=1)
    result.entropy                      # information entropy per cell, bits

Every computation runs in Rust with the GIL released; every error is a :class:`StrataError`
(:class:`InputError` for a file, DataFrame or argument that cannot be used, naming the file,
line and value; :class:`ComputeError` for a model that cannot be computed). See docs/python.md.
"""

from ._strata import ComputeError, InputError, StrataError, __version__
from ._project import Project
from ._solution import Solution
from ._ensemble import EnsembleResult, ensemble

__all__ = [
    "ComputeError",
    "EnsembleResult",
    "InputError",
    "Project",
    "Solution",
    "StrataError",
    "__version__",
    "ensemble",
]
