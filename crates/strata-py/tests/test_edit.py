"""Editable projects: GemPy's verbs on `strata.Project`, each equal to the same edit made to the
files by hand; edits checked as the files are; save round trips; recompute reuses what an edit
left unchanged."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
import strata
from conftest import MODEL1_CSV, MODEL1_EXTENT, MODEL1_STACKS


def model1() -> strata.Project:
    return strata.Project.from_gempy_csv(
        MODEL1_CSV / "model1_surface_points.csv",
        MODEL1_CSV / "model1_orientations.csv",
        extent=MODEL1_EXTENT,
        stacks=MODEL1_STACKS,
        resolution=(10, 10, 10),
        defaults="engine",
    )


def test_a_project_made_in_memory_saves_as_strata_toml(tmp_path):
    project = model1()
    project.add_surface_points(500.0, 500.0, 610.0, "rock2")
    written = project.save(tmp_path)
    assert sorted(Path(p).name for p in written) == [
        "model1_orientations.csv",
        "model1_surface_points.csv",
        "strata.toml",
    ]
    again = strata.Project.load(tmp_path / "strata.toml")
    assert len(again.surface_points) == len(project.surface_points)
    np.testing.assert_array_equal(again.compute().lith_block, project.compute().lith_block)


def test_the_tables_list_the_files_rows_in_order():
    project = model1()
    points = project.surface_points
    assert list(points.columns) == ["X", "Y", "Z", "surface", "nugget", "series"]
    text = (MODEL1_CSV / "model1_surface_points.csv").read_text().splitlines()[1:]
    assert len(points) == len(text)
    first = text[0].split(",")
    assert (points.X[0], points.Y[0], points.Z[0]) == tuple(float(v) for v in first[:3])
    assert points.surface[0] == first[3]
    assert points.nugget.isna().all()
    orientations = project.orientations
    assert list(orientations.columns[:9]) == [
        "X", "Y", "Z", "G_x", "G_y", "G_z", "azimuth", "dip", "polarity",
    ]
    np.testing.assert_allclose(orientations[["G_x", "G_y", "G_z"]].to_numpy()[0], [0, 0, 1], atol=1e-15)
    assert orientations.dip[0] == 0.0 and orientations.polarity[0] == 1.0


def test_verbs_equal_the_rows_edited_by_hand(coarse_graben, tmp_path):
    project = strata.Project.load(coarse_graben)
    n = len(project.surface_points)
    project.add_surface_points([420.0, 430.0], [610.5, 615.0], -455.25, "rock2")
    project.modify_surface_points(3, z=-512.5)
    project.delete_surface_points([0])
    edited = project.compute()

    by_hand = tmp_path / "by_hand"
    by_hand.mkdir()
    shutil.copy(coarse_graben, by_hand / "strata.toml")
    shutil.copy(coarse_graben.parent / "orientations.csv", by_hand / "orientations.csv")
    lines = (coarse_graben.parent / "surface_points.csv").read_text().splitlines()
    cells = lines[4].split(",")  # row 3 (the header is line 0)
    cells[3] = "-512.5"
    lines[4] = ",".join(cells)
    lines += ["x,420,610.5,-455.25,,,,rock2,,,", "x,430,615,-455.25,,,,rock2,,,"]
    del lines[1]
    (by_hand / "surface_points.csv").write_text("\n".join(lines) + "\n")
    reference = strata.Project.load(by_hand / "strata.toml")
    assert len(project.surface_points) == len(reference.surface_points) == n + 1
    expected = reference.compute()
    np.testing.assert_array_equal(edited.lith_block, expected.lith_block)
    for stack, field in expected.scalar_fields.items():
        np.testing.assert_array_equal(edited.scalar_fields[stack], field)


def test_a_rejected_edit_names_the_problem_and_keeps_the_project(coarse_graben):
    project = strata.Project.load(coarse_graben)
    before = project.surface_points
    with pytest.raises(strata.InputError, match="granite"):
        project.add_surface_points(1.0, 2.0, 3.0, "granite")
    with pytest.raises(strata.InputError, match="row 5000"):
        project.delete_surface_points(5000)
    with pytest.raises(ValueError, match="different lengths"):
        project.add_surface_points([1.0, 2.0], [1.0, 2.0, 3.0], 0.0, "rock1")
    assert project.surface_points.equals(before)


def test_orientations_are_added_with_angles_or_a_gradient():
    project = model1()
    project.add_orientations(300.0, 500.0, 500.0, "rock1", dip=10.0, azimuth=45.0)
    project.add_orientations(700.0, 500.0, 500.0, "rock1", gradient=(0.0, 0.6, 0.8))
    table = project.orientations
    assert len(table) == 4
    assert table.dip[2] == pytest.approx(10.0, abs=1e-9)
    assert table.azimuth[2] == pytest.approx(45.0, abs=1e-9)
    np.testing.assert_allclose(table[["G_x", "G_y", "G_z"]].to_numpy()[3], [0.0, 0.6, 0.8], atol=1e-12)
    project.modify_orientations(3, dip=0.0, azimuth=0.0)
    np.testing.assert_allclose(project.orientations[["G_x", "G_y", "G_z"]].to_numpy()[3], [0, 0, 1], atol=1e-15)
    project.delete_orientations([2, 3])
    assert len(project.orientations) == 2


def test_a_save_round_trips_byte_for_byte(coarse_graben, tmp_path):
    project = strata.Project.load(coarse_graben)
    project.modify_surface_points([1, 2], x=[501.0, 502.0])
    project.set_extent([0.0, 1000.0, 0.0, 1000.0, -1200.0, 0.0])
    first = project.save(tmp_path / "first")
    again = strata.Project.load(tmp_path / "first" / "strata.toml")
    again.save(tmp_path / "second")
    for path in first:
        name = Path(path).name
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()
    assert again.extent == (0.0, 1000.0, 0.0, 1000.0, -1200.0, 0.0)
    np.testing.assert_array_equal(again.compute().lith_block, project.compute().lith_block)


def test_recompute_solves_only_the_stacks_an_edit_changed(coarse_graben):
    project = strata.Project.load(coarse_graben)
    first = project.compute()
    assert all(not s.startswith("cached") for s in first.solves.values())
    assert set(project.compute().solves.values()) == {"cached"}
    layers = np.flatnonzero(project.surface_points.surface == "rock1")[0]
    project.modify_surface_points(int(layers), z=project.surface_points.Z[layers] - 10.0)
    solves = project.compute().solves
    assert solves["fault2"] == solves["fault1"] == "cached"
    assert solves["layers"] != "cached"
    # What the reused weights give is what a fresh project of the same files computes.
    fresh = pickle.loads(pickle.dumps(project))
    np.testing.assert_array_equal(project.compute().lith_block, fresh.compute().lith_block)


def test_stacks_and_surfaces_are_added_to_the_project_file(coarse_graben):
    project = strata.Project.load(coarse_graben)
    # A stack and its points are valid only together: one batch, checked at its end.
    with pytest.raises(strata.InputError, match="sand"):
        project.add_stack("cover", "erode", ["sand"], position=0)
    with pytest.raises(strata.InputError, match="the surface has no points"):
        with project.edits():
            project.add_stack("cover", "erode", ["sand"], position=0)
    assert project.stacks == ["fault2", "fault1", "layers"]
    with project.edits():
        project.add_stack("cover", "erode", ["sand"], position=0)
        project.add_surface_points([100.0, 900.0, 500.0], [100.0, 900.0, 500.0], -150.0, "sand")
        project.add_orientations(500.0, 500.0, -150.0, "sand", dip=0.0, azimuth=0.0)
        with pytest.raises(strata.StrataError, match="inside `with project.edits"):
            project.compute()
    project.set_resolution((8, 4, 8))
    assert project.stacks == ["cover", "fault2", "fault1", "layers"]
    assert project.shape == (8, 4, 8)
    assert project.text.startswith("# A graben")
    solution = project.compute()
    # Above the flat cover surface at z = −150 (the top cells' centres lie at −62.5) every cell
    # is the cover's unit.
    top = solution.lith_block[:, :, -1]
    assert (top == project.unit_ids[0]).all()
