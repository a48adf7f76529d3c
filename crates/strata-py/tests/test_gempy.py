"""GemPy 2026 itself beside Strata: `Project.from_gempy` computes GemPy's block, and GemPy's verbs on a
GemPy model and on a Strata project, side by side: the same edit gives the
same lith block (issue 25: at most 0.05 % of cells differ). GemPy 2026 implements add and modify
(its delete_* raise NotImplementedError), so those are what is compared. Needs
``pip install gempy==2026.0.3`` (CI installs it)."""

from __future__ import annotations

import numpy as np
import pytest
import strata
from conftest import EXAMPLES, MODEL1_CSV, MODEL1_EXTENT, MODEL1_STACKS

gp = pytest.importorskip("gempy")

RESOLUTION = (20, 20, 20)
TOLERANCE = 0.0005  # the bound on the fraction of cells whose ids differ


def gempy_model1(refinement: int | None = None):
    """GemPy's model1 on a 20³ grid, or on an octree of `refinement` levels."""
    grid = {"refinement": refinement} if refinement else {"resolution": list(RESOLUTION)}
    model = gp.create_geomodel(
        project_name="model1",
        extent=MODEL1_EXTENT,
        **grid,
        importer_helper=gp.data.ImporterHelper(
            path_to_orientations=str(MODEL1_CSV / "model1_orientations.csv"),
            path_to_surface_points=str(MODEL1_CSV / "model1_surface_points.csv"),
        ),
    )
    gp.map_stack_to_surfaces(model, {"stack0": ("rock2", "rock1")})
    return model


def strata_model1() -> strata.Project:
    return strata.Project.from_gempy_csv(
        MODEL1_CSV / "model1_surface_points.csv",
        MODEL1_CSV / "model1_orientations.csv",
        extent=MODEL1_EXTENT,
        stacks=MODEL1_STACKS,
        resolution=RESOLUTION,
        defaults="gempy",
    )


def assert_same_blocks(model, project: strata.Project, edited: bool = True) -> None:
    """GemPy's and Strata's blocks agree; with `edited`, the edit changed the model."""
    gp.compute_model(model)
    gempy_block = model.solutions.raw_arrays.lith_block.reshape(RESOLUTION)
    strata_block = project.compute().lith_block
    differ = np.mean(gempy_block != strata_block)
    assert differ <= TOLERANCE, f"{differ:.2%} of cells differ"
    if edited:
        unedited = strata_model1().compute().lith_block
        assert (strata_block != unedited).any(), "the edit changed no cell"


def gempy_row(model, x: float, y: float, z: float) -> int:
    """GemPy's row (its own order, grouped by surface) of the surface point at (x, y, z)."""
    df = model.surface_points_copy.df
    rows = np.flatnonzero((df.X == x) & (df.Y == y) & (df.Z == z))
    assert len(rows) == 1
    return int(rows[0])


def test_the_unedited_models_agree():
    assert_same_blocks(gempy_model1(), strata_model1(), edited=False)


def test_added_surface_points_agree():
    model, project = gempy_model1(), strata_model1()
    x, y, z = [300.0, 700.0], [500.0, 500.0], [640.0, 560.0]
    gp.add_surface_points(model, x=x, y=y, z=z, elements_names=["rock2", "rock2"])
    project.add_surface_points(x, y, z, "rock2")
    assert_same_blocks(model, project)


def test_a_moved_surface_point_agrees():
    model, project = gempy_model1(), strata_model1()
    row = project.surface_points.iloc[2]
    gp.modify_surface_points(model, slice=gempy_row(model, row.X, row.Y, row.Z), Z=row.Z + 80.0)
    project.modify_surface_points(2, z=row.Z + 80.0)
    assert_same_blocks(model, project)


def test_added_orientations_agree():
    model, project = gempy_model1(), strata_model1()
    gp.add_orientations(
        model,
        x=[250.0],
        y=[500.0],
        z=[600.0],
        elements_names=["rock2"],
        orientation=[[90.0, 15.0, 1.0]],
    )
    project.add_orientations(250.0, 500.0, 600.0, "rock2", dip=15.0, azimuth=90.0)
    gp.add_orientations(
        model,
        x=[750.0],
        y=[500.0],
        z=[400.0],
        elements_names=["rock1"],
        pole_vector=[[0.2, 0.0, 0.98]],
    )
    project.add_orientations(750.0, 500.0, 400.0, "rock1", gradient=(0.2, 0.0, 0.98))
    assert_same_blocks(model, project)


def gempy_graben(refinement: int | None = None):
    """The bundled graben's CSV files (GemPy's export) as a GemPy model: two faults offsetting
    the layers, cubic kernel; a 16 × 8 × 16 grid, or an octree of `refinement` levels."""
    graben = EXAMPLES / "graben"
    grid = {"refinement": refinement} if refinement else {"resolution": [16, 8, 16]}
    model = gp.create_geomodel(
        project_name="graben",
        extent=[0.0, 1000.0, 0.0, 1000.0, -1000.0, 0.0],
        importer_helper=gp.data.ImporterHelper(
            path_to_orientations=str(graben / "orientations.csv"),
            path_to_surface_points=str(graben / "surface_points.csv"),
        ),
        **grid,
    )
    gp.map_stack_to_surfaces(
        model,
        {
            "fault2": ("fault2",),
            "fault1": ("fault1",),
            "layers": ("rock4", "rock3", "rock2", "rock1"),
        },
    )
    gp.set_is_fault(model, ["fault2", "fault1"])
    return model


@pytest.mark.parametrize(
    "build",
    [gempy_model1, lambda: gempy_model1(refinement=4), gempy_graben],
    ids=["model1", "model1-octree", "graben-faults"],
)
def test_a_projects_from_gempy_compute_gempys_block(build):
    model = build()
    project = strata.Project.from_gempy(model)
    gp.compute_model(model)
    shape = tuple(model.grid.regular_grid.resolution)
    gempy_block = model.solutions.raw_arrays.lith_block.reshape(shape)
    strata_block = project.compute().lith_block
    assert project.shape == shape
    assert project.stacks == [g.name for g in model.structural_frame.structural_groups]
    differ = np.mean(gempy_block != strata_block)
    assert differ <= TOLERANCE, f"{differ:.2%} of cells differ"


def test_settings_strata_cannot_honour_are_named():
    model = gempy_model1()
    gp.set_custom_grid(model.grid, xyz_coord=np.array([[500.0, 500.0, 500.0]]))
    with pytest.raises(ValueError, match="CUSTOM"):
        strata.Project.from_gempy(model)
