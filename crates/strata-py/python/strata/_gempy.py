"""GemPy 2026's ``GeoModel`` read into a Strata project (``Project.from_gempy``).

The model's structural frame (stacks, their relations, which faults offset which stack), its
surface points and orientations (GemPy's own tables, with their nuggets), its grid (a regular
grid or an octree) and its kernel options become the project that ``from_gempy_csv`` with
``defaults="gempy"`` builds, so Strata computes what ``gp.compute_model`` computes. A setting
Strata cannot honour is an error naming it, never ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._project import Project

#: GemPy's kernel functions by Strata's names.
_KERNELS = {"cubic": "cubic", "exponential": "exponential", "matern_5_2": "matern_5_2"}

#: GemPy's constants that ``defaults = "gempy"`` already applies (range, c_o, drift degree).
_GEMPY_DEFAULTS = {"range": 1.7, "c_o": 10.0, "drift": 1}


def project_from_gempy(geo_model: Any, name: str | None = None) -> Project:
    """The Strata project of a GemPy 2026 ``GeoModel`` (module docs)."""
    import pandas

    from ._project import Project

    frame = geo_model.structural_frame
    points = frame.surface_points_copy
    orientations = frame.orientations_copy
    names = {int(i): n for n, i in points.name_id_map.items()}
    surface_points = pandas.DataFrame(
        {
            "X": points.df.X.to_numpy(),
            "Y": points.df.Y.to_numpy(),
            "Z": points.df.Z.to_numpy(),
            "surface": [names[int(i)] for i in points.df.id],
            "nugget": points.df.nugget.to_numpy(),
        }
    )
    orientation_table = pandas.DataFrame(
        {
            "X": orientations.df.X.to_numpy(),
            "Y": orientations.df.Y.to_numpy(),
            "Z": orientations.df.Z.to_numpy(),
            "G_x": orientations.df.G_x.to_numpy(),
            "G_y": orientations.df.G_y.to_numpy(),
            "G_z": orientations.df.G_z.to_numpy(),
            "surface": [names[int(i)] for i in orientations.df.id],
            "nugget": orientations.df.nugget.to_numpy(),
        }
    )
    grid, options = _grid(geo_model), geo_model.interpolation_options
    kernel = options.kernel_options
    interpolation: dict[str, Any] = {}
    function = kernel.kernel_function.name
    if function not in _KERNELS:
        raise ValueError(f"interpolation_options.kernel_options.kernel_function = {function}: "
                         f"Strata has {', '.join(_KERNELS)}")
    interpolation["kernel"] = _KERNELS[function]
    for key, value in (("range", kernel.range), ("c_o", kernel.c_o), ("drift", kernel.uni_degree)):
        if value != _GEMPY_DEFAULTS[key]:
            interpolation[key] = value
    return Project.from_gempy_csv(
        surface_points,
        orientation_table,
        extent=[float(v) for v in geo_model.grid.regular_grid.extent],
        stacks=_stacks(frame),
        defaults="gempy",
        name=name or geo_model.meta.name,
        **grid,
        **interpolation,
    )


def _stacks(frame: Any) -> list[dict[str, Any]]:
    """The stacks, youngest first, with their relations and the stacks each fault offsets."""
    groups = frame.structural_groups
    relations = frame.fault_relations
    stacks = []
    for i, group in enumerate(groups):
        relation = group.structural_relation.name.lower()
        if relation not in ("erode", "onlap", "fault", "basement"):
            raise ValueError(f"structural group {group.name!r}: relation {relation} is not supported")
        stack: dict[str, Any] = {
            "name": group.name,
            "relation": relation,
            "surfaces": [e.name for e in group.elements],
        }
        if relation == "fault":
            if getattr(group, "faults_input_data", None) is not None:
                raise ValueError(f"structural group {group.name!r}: finite faults "
                                 "(faults_input_data) are not read yet")
            stack["offsets"] = [groups[j].name for j in range(len(groups)) if relations[i][j]]
        stacks.append(stack)
    return stacks


def _grid(geo_model: Any) -> dict[str, Any]:
    """``resolution`` for a regular grid, ``octree_levels`` for an octree; any other active
    grid is an error naming it."""
    from gempy.core.data.grid import Grid

    kinds = Grid.GridTypes
    active = geo_model.grid.active_grids
    unsupported = [k.name for k in (kinds.CUSTOM, kinds.TOPOGRAPHY, kinds.SECTIONS, kinds.CENTERED)
                   if k in active]
    if unsupported:
        raise ValueError(f"grid.active_grids has {', '.join(unsupported)}: Strata reads the "
                         "regular and octree grids of a GeoModel (use strata.toml's "
                         "custom_points, [topography] and [geophysics] meanwhile)")
    if kinds.OCTREE in active:
        return {"octree_levels": int(geo_model.interpolation_options.number_octree_levels)}
    return {"resolution": tuple(int(r) for r in geo_model.grid.regular_grid.resolution)}
