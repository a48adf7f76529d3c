"""`strata.Project` and `strata.Solution`: the CLI's numbers, p02's ids, DataFrames, pickling."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import strata
from conftest import EXAMPLES, MODEL1_CSV, MODEL1_EXTENT, MODEL1_STACKS, P02, run_cli, vtr_cell_arrays

BUNDLED = ["two_layers", "eroding_fold", "graben", "finite_fault", "greenstone"]


@pytest.mark.parametrize("example", BUNDLED)
def test_ids_and_fields_equal_the_clis_on_the_bundled_examples(example, cli, tmp_path):
    project = strata.Project.load(EXAMPLES / example / "strata.toml")
    solution = project.compute()
    run_cli(cli, "model", EXAMPLES / example / "strata.toml", "--out", tmp_path)
    shape, arrays = vtr_cell_arrays(tmp_path / f"{project.name}.vtr")
    assert solution.shape == shape == project.shape
    assert solution.lith_block.dtype == np.int32 and solution.lith_block.shape == shape
    np.testing.assert_array_equal(solution.lith_block, arrays["lith_id"])
    np.testing.assert_array_equal(solution.fault_block, arrays["fault_id"])
    for stack, field in solution.scalar_fields.items():
        assert field.dtype == np.float64
        np.testing.assert_array_equal(field, arrays[f"scalar_field_{stack}"])
    assert solution.variance is None
    assert set(np.unique(solution.lith_block)) <= set(project.unit_ids)


def test_engine_defaults_on_model1_reproduce_p02s_ids():
    project = strata.Project.from_gempy_csv(
        MODEL1_CSV / "model1_surface_points.csv",
        MODEL1_CSV / "model1_orientations.csv",
        extent=MODEL1_EXTENT,
        stacks=MODEL1_STACKS,
        resolution=(20, 10, 16),
        defaults="engine",
        name="model1",
    )
    expected = np.fromfile(P02 / "L0_ids.bin", dtype="<i4").reshape(20, 10, 16)
    np.testing.assert_array_equal(project.compute().lith_block, expected)


def test_dataframes_give_the_files_model_and_the_project_pickles_with_its_data(tmp_path):
    points = pd.read_csv(MODEL1_CSV / "model1_surface_points.csv")
    orientations = pd.read_csv(MODEL1_CSV / "model1_orientations.csv")
    arguments = dict(extent=MODEL1_EXTENT, stacks=MODEL1_STACKS, resolution=[12, 6, 10])
    from_frames = strata.Project.from_gempy_csv(points, orientations, **arguments)
    from_files = strata.Project.from_gempy_csv(
        MODEL1_CSV / "model1_surface_points.csv",
        MODEL1_CSV / "model1_orientations.csv",
        **arguments,
    )
    assert from_frames.defaults == "gempy"
    a, b = from_frames.compute(), from_files.compute()
    np.testing.assert_array_equal(a.lith_block, b.lith_block)
    np.testing.assert_array_equal(a.scalar_fields["stack0"], b.scalar_fields["stack0"])
    # Unpickled where no file exists: the same model.
    clone = pickle.loads(pickle.dumps(from_frames))
    assert clone.surfaces == ["rock2", "rock1"] and clone.stacks == ["stack0"]
    np.testing.assert_array_equal(clone.compute().lith_block, a.lith_block)
    # A generated project is a project file: saved beside its CSVs, the CLI computes it.
    assert 'relation = "basement"' in from_files.text


def test_an_octree_project_gives_dense_blocks_and_world_meshes(cli, tmp_path):
    project = strata.Project.from_gempy_csv(
        MODEL1_CSV / "model1_surface_points.csv",
        MODEL1_CSV / "model1_orientations.csv",
        extent=MODEL1_EXTENT,
        stacks=MODEL1_STACKS,
        octree_levels=3,
        defaults="engine",
        name="octree",
    )
    solution = project.compute()
    assert solution.shape == (8, 8, 8) == solution.lith_block.shape
    (tmp_path / "strata.toml").write_text(project.text)
    run_cli(cli, "model", tmp_path / "strata.toml", "--out", tmp_path)
    _, arrays = vtr_cell_arrays(tmp_path / "octree.vtr")
    np.testing.assert_array_equal(solution.lith_block, arrays["lith_id"])
    names = [name for name, _, _ in solution.meshes]
    assert names == ["rock2", "rock1"]
    for _, vertices, triangles in solution.meshes:
        assert vertices.dtype == np.float64 and vertices.shape[1] == 3
        assert triangles.dtype == np.int64 and triangles.shape[1] == 3
        assert triangles.min() >= 0 and triangles.max() < len(vertices)
        assert (vertices >= -1e-9).all() and (vertices <= 1000 + 1e-9).all()


def test_the_variance_equals_the_clis(cli, coarse_graben: Path, tmp_path):
    project = strata.Project.load(coarse_graben)
    solution = project.compute(variance=True)
    out = tmp_path / "out"
    run_cli(cli, "model", coarse_graben, "--out", out, "--variance")
    _, arrays = vtr_cell_arrays(out / "graben.vtr")
    assert set(solution.variance) == {"fault2", "fault1", "layers"}
    for stack, variance in solution.variance.items():
        assert variance.shape == project.shape and np.isfinite(variance).all()
        np.testing.assert_array_equal(variance, arrays[f"variance_{stack}"])


def test_f32_and_the_project_attributes():
    project = strata.Project.load(EXAMPLES / "two_layers" / "strata.toml")
    assert project.name == "two_layers" and project.dtype == "f64"
    assert len(project.extent) == 6 and project.unit_ids == [1, 2, 3]
    f64, f32 = project.compute(), project.compute(dtype="f32")
    # f32 moves ids only next to surfaces: most cells agree.
    assert (f64.lith_block == f32.lith_block).mean() > 0.99
    assert "two_layers" in repr(project)


def test_to_pyvista(coarse_graben):
    pyvista = pytest.importorskip("pyvista")
    solution = strata.Project.load(coarse_graben).compute()
    blocks = solution.to_pyvista()
    grid = blocks["block"]
    assert isinstance(grid, pyvista.ImageData)
    assert grid.n_cells == np.prod(solution.shape)
    # VTK's cell i + nx (j + ny k) is block cell (i, j, k).
    i, j, k = 3, 2, 5
    nx, ny, _ = solution.shape
    assert grid.cell_data["lith_block"][i + nx * (j + ny * k)] == solution.lith_block[i, j, k]


def test_warnings_of_geological_sense():
    orientations = pd.read_csv(MODEL1_CSV / "model1_orientations.csv")
    arguments = dict(extent=MODEL1_EXTENT, stacks=MODEL1_STACKS, resolution=[12, 6, 10])
    points = MODEL1_CSV / "model1_surface_points.csv"
    sound = strata.Project.from_gempy_csv(points, orientations, **arguments).compute()
    assert sound.warnings == []
    # Both orientations turned over: the stack's surfaces are listed youngest first, so the
    # model comes out upside down and the polarity check says so.
    upside_down = strata.Project.from_gempy_csv(
        points, orientations.assign(polarity=-1), **arguments
    ).compute()
    assert len(upside_down.warnings) == 1
    warning = upside_down.warnings[0]
    assert warning["code"] == "polarity"
    assert (warning["stack"], warning["disagreeing"], warning["of"]) == ("stack0", 2, 2)
    assert warning["message"].startswith("stack 'stack0': 2 of 2 orientations point the other way")
    assert "flip their polarity or reverse the order of the surfaces" in warning["message"]
    # The oldest unit's id on top of the first column.
    assert upside_down.lith_block[0, 0, -1] == max(upside_down.unit_ids)
