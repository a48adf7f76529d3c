"""Bad input raises a Python exception naming the problem — never a crash."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import strata
from conftest import EXAMPLES, MODEL1_CSV, MODEL1_EXTENT, MODEL1_STACKS
from strata import _strata


def model1(**changes):
    arguments = dict(
        surface_points=MODEL1_CSV / "model1_surface_points.csv",
        orientations=MODEL1_CSV / "model1_orientations.csv",
        extent=MODEL1_EXTENT,
        stacks=MODEL1_STACKS,
        resolution=[4, 4, 4],
    )
    arguments.update(changes)
    return strata.Project.from_gempy_csv(**arguments)


def test_a_bad_csv_value_names_the_file_line_column_and_value():
    points = pd.read_csv(MODEL1_CSV / "model1_surface_points.csv")
    points["Y"] = points["Y"].astype(object)
    points.loc[3, "Y"] = "five"
    with pytest.raises(strata.InputError) as e:
        model1(surface_points=points)
    # Row 3 of the DataFrame is line 5 (header line 1, row i at line i + 2).
    assert "surface_points (DataFrame):5: column 'Y': not a number (value 'five')" in str(e.value)


def test_bad_project_keys_and_values_name_the_key_and_value():
    stacks = [dict(MODEL1_STACKS[0], relation="sideways")]
    with pytest.raises(strata.InputError, match=r'stack.relation = "sideways": unknown relation'):
        model1(stacks=stacks)
    with pytest.raises(strata.InputError, match="unknown field `colour`"):
        model1(colour="red")
    with pytest.raises(strata.InputError, match="kernel"):
        model1(kernel="quintic")
    with pytest.raises(strata.InputError, match='must be "engine" or "gempy"'):
        model1(defaults="gempy2")
    with pytest.raises(strata.InputError, match="inverted extent"):
        model1(extent=[0, 1000, 0, 1000, 1000, 0])
    with pytest.raises(strata.InputError, match="no grid"):
        model1(resolution=None)
    with pytest.raises(strata.InputError, match="rock9"):
        model1(stacks=[dict(MODEL1_STACKS[0], surfaces=["rock2", "rock1", "rock9"])])


def test_arguments_of_the_wrong_type_are_errors():
    with pytest.raises(strata.InputError):
        model1(extent="everywhere")
    with pytest.raises(strata.InputError, match="stacks"):
        model1(stacks=5)
    with pytest.raises(strata.InputError, match="surface_points"):
        model1(surface_points=3.5)
    with pytest.raises(strata.InputError):
        model1(resolution=[4, None, 4])


def test_missing_files_and_bad_project_files(tmp_path):
    with pytest.raises(strata.InputError, match="nowhere.toml"):
        strata.Project.load(tmp_path / "nowhere.toml")
    bad = tmp_path / "strata.toml"
    bad.write_text('name = "x"\nextent = [0, 1, 0, 1, 0, 1]\ncolour = 3\n')
    with pytest.raises(strata.InputError, match=r"strata.toml:\d+:\d+: .*colour"):
        strata.Project.load(bad)
    with pytest.raises(strata.InputError, match="no_such.csv"):
        model1(surface_points=tmp_path / "no_such.csv")


def test_a_singular_system_is_a_compute_error_naming_the_stack():
    points = pd.read_csv(MODEL1_CSV / "model1_surface_points.csv")
    doubled = pd.concat([points, points.iloc[[1]]], ignore_index=True)
    project = model1(surface_points=doubled, defaults="engine", nugget_surface_points=0.0)
    with pytest.raises(strata.ComputeError, match="stack 'stack0'.*singular"):
        project.compute()


def test_bad_compute_and_ensemble_arguments():
    project = strata.Project.load(EXAMPLES / "two_layers" / "strata.toml")
    with pytest.raises(strata.InputError, match="dtype"):
        project.compute(dtype="f16")
    for bad in [0, -3, 2.5, True]:
        with pytest.raises(strata.InputError, match="realizations"):
            strata.ensemble(project, bad)
    with pytest.raises(strata.InputError, match="sigma_z = -1"):
        strata.ensemble(project, 2, sigma_z=-1.0)
    with pytest.raises(strata.InputError, match="sigma_dip = NaN"):
        strata.ensemble(project, 2, sigma_dip=float("nan"))
    with pytest.raises(strata.InputError, match="'rock9'"):
        strata.ensemble(project, 2, sigma_z={"rock9": 1.0})
    with pytest.raises(strata.InputError, match="seed"):
        strata.ensemble(project, 2, seed=-1)
    with pytest.raises(strata.InputError, match="ends before it starts"):
        _strata._run_batch(project._native, 5, 2, 0)
    ids = project.unit_ids
    with pytest.raises(strata.InputError, match="shape"):
        _strata._reduce_counts(ids, np.zeros((2, 2), dtype=np.uint32), 1)
    with pytest.raises(strata.InputError, match="exceeds"):
        _strata._reduce_counts(ids, np.full((len(ids), 1, 1, 1), 9, dtype=np.uint32), 1)


def test_every_error_is_a_strata_error():
    assert issubclass(strata.InputError, strata.StrataError)
    assert issubclass(strata.ComputeError, strata.StrataError)
    assert issubclass(strata.StrataError, Exception)
