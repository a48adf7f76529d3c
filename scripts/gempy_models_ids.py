#!/usr/bin/env python3
"""GemPy 2026's block model of GemPy's published models, for Strata's tests.

For every model folder in tests/data/gempy_models/ (a GemPy v2 saved model, copied from
gempy_data's data/gempy_models/), this builds the model the way a GemPy 2026 user does with
GemPy's own front end:

    gp.create_geomodel(extent, resolution, importer_helper=ImporterHelper(points, orientations),
                       intpolation_options_tye=DENSE_GRID)
    gp.map_stack_to_surfaces(...)        # series.csv order, surfaces.csv order_surfaces
    group.structural_relation = ONLAP    # series.csv BottomRelation 'Onlap'
    gp.set_is_fault(...)                 # series.csv BottomRelation 'Fault'
    gp.set_fault_relation(...)           # faults_relations.csv, when it differs from the default
    gp.compute_model(...)

with every other setting left at GemPy's default (the transform from the data, range 1.7,
c_o 10, surface-point nugget 2e-5, orientation nugget 0.01), and writes the dense-grid ids
(`solutions.raw_arrays.dense_ids`: gempy_engine's rounded ids) of the model's test grid, run-length
encoded, to tests/data/gempy_models/expected/<Model>.json. Strata's test
(crates/strata-cli/tests/gempy_models.rs) imports the same folder with `strata import gempy`
and compares; CI reads the JSON files and never installs GemPy.

Surfaces without surface points (v2's placeholder 'basement' rows) and series left without
surfaces are dropped, as GemPy 2026 drops them; the unit below the last surface is GemPy's
basement.

Run (once, or when a model or GemPy changes):

    scripts/.venv-gempy/bin/python -m pip install gempy==2026.0.3 gempy-engine==2026.0.3.post1 pandas
    scripts/.venv-gempy/bin/python scripts/gempy_models_ids.py [MODEL ...]

(scripts/gempy_side_by_side.sh makes the venv; GemPy's CSV reader also needs pandas.)
`--dump DIR` also writes GemPy's engine input of each model (transform, range, c_o, engine
coordinates) to DIR/<Model>_engine_input.json, for debugging a difference.
"""

import argparse
import csv
import json
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "data" / "gempy_models"

# The grid of each model's test: the saved extent, a resolution small enough for CI.
TEST_RESOLUTION = {
    "Greenstone": [40, 40, 20],
    "Tutorial_ch1-1_Basics": [30, 30, 30],
    "Tutorial_ch1-8_Onlap_relations": [30, 20, 30],
    "Tutorial_ch1-9a_Fault_relations": [40, 20, 40],
    "Tutorial_ch1-9b_Fault_relations": [40, 20, 40],
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def stacks_of(folder, name):
    """[(series, relation, [surfaces youngest first])] in series order, only surfaces with points."""
    with_points = {row["surface"] for row in read_csv(folder / f"{name}_surface_points.csv")}
    series = sorted(read_csv(folder / f"{name}_series.csv"), key=lambda r: int(r["order_series"]))
    surfaces = sorted(read_csv(folder / f"{name}_surfaces.csv"), key=lambda r: int(r["order_surfaces"]))
    stacks = []
    for s in series:
        members = [r["surface"] for r in surfaces if r["series"] == s[""] and r["surface"] in with_points]
        if members:
            stacks.append((s[""], s["BottomRelation"], members))
    return stacks


def fault_relations_of(folder, name, stacks):
    """The saved fault-relation matrix restricted to the kept stacks."""
    rows = {r[""]: r for r in read_csv(folder / f"{name}_faults_relations.csv")}
    names = [s[0] for s in stacks]
    return np.array([[rows[a][b] == "True" for b in names] for a in names])


def rle(ids):
    """[id, count, id, count, ...] of the flat array."""
    out = []
    for v in ids:
        if out and out[-2] == v:
            out[-1] += 1
        else:
            out += [v, 1]
    return out


def build(name):
    import gempy as gp
    from gempy.core.data.importer_helper import ImporterHelper
    from gempy.core.data.options import InterpolationOptionsType
    from gempy_engine.core.data.stack_relation_type import StackRelationType

    folder = MODELS / name
    extent = np.load(folder / f"{name}_extent.npy").astype(float)
    resolution = TEST_RESOLUTION[name]
    model = gp.create_geomodel(
        project_name=name,
        extent=extent,
        resolution=resolution,
        importer_helper=ImporterHelper(
            path_to_surface_points=str(folder / f"{name}_surface_points.csv"),
            path_to_orientations=str(folder / f"{name}_orientations.csv"),
        ),
        intpolation_options_tye=InterpolationOptionsType.DENSE_GRID,
    )
    stacks = stacks_of(folder, name)
    gp.map_stack_to_surfaces(model, {s: members for s, _, members in stacks})
    faults = [s for s, relation, _ in stacks if relation == "Fault"]
    for group, (s, relation, _) in zip(model.structural_frame.structural_groups, stacks):
        assert group.name == s
        if relation == "Onlap":
            group.structural_relation = StackRelationType.ONLAP
    if faults:
        gp.set_is_fault(model, faults)
        saved = fault_relations_of(folder, name, stacks)
        if not np.array_equal(saved, model.structural_frame.fault_relations):
            gp.set_fault_relation(model, saved)
    return model, extent, resolution, stacks


def dump(model, path):
    from gempy.modules.data_manipulation import interpolation_input_from_structural_frame

    t = model.input_transform
    ii = interpolation_input_from_structural_frame(model)
    k = model.interpolation_options.kernel_options
    data = {
        "center": (-t.position).tolist(),
        "scale": (1 / t.scale).tolist(),
        "range": k.range,
        "c_o": k.c_o,
        "sp_xyz": ii.surface_points.sp_coords.tolist(),
        "sp_nugget": ii.surface_points.nugget_effect_scalar.tolist(),
        "ori_xyz": ii.orientations.dip_positions.tolist(),
        "ori_gradient": ii.orientations.dip_gradients.tolist(),
        "ori_nugget": ii.orientations.nugget_effect_grad.tolist(),
        "dense_extent": ii.grid.dense_grid.extent.tolist() if hasattr(ii.grid.dense_grid, "extent") else None,
        "stacks": [g.name for g in model.structural_frame.structural_groups],
        "fault_relations": model.structural_frame.fault_relations.tolist(),
    }
    path.write_text(json.dumps(data, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", default=sorted(TEST_RESOLUTION))
    parser.add_argument("--dump", type=Path, help="also write GemPy's engine input of each model here")
    args = parser.parse_args()

    import gempy as gp
    import gempy_engine

    out_dir = MODELS / "expected"
    out_dir.mkdir(exist_ok=True)
    for name in args.models:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model, extent, resolution, stacks = build(name)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                dump(model, args.dump / f"{name}_engine_input.json")
            solutions = gp.compute_model(model)
        ids = np.asarray(solutions.raw_arrays.dense_ids).astype(int).ravel()
        t = model.input_transform
        result = {
            "model": name,
            "generator": "scripts/gempy_models_ids.py",
            "gempy": gp.__version__,
            "gempy_engine": gempy_engine.__version__ if hasattr(gempy_engine, "__version__") else "",
            "extent": extent.tolist(),
            "resolution": resolution,
            "stacks": [{"name": s, "relation": r, "surfaces": m} for s, r, m in stacks],
            "transform": {"center": (-t.position).tolist(), "scale": (1 / t.scale).tolist()},
            "cells": int(ids.size),
            "order": "C order over [nx, ny, nz] (z fastest); ids 1..n surfaces in stack order, n+1 basement",
            "ids_rle": rle(ids.tolist()),
        }
        path = out_dir / f"{name}.json"
        path.write_text(json.dumps(result, separators=(",", ":")) + "\n")
        counts = np.bincount(ids)
        print(f"{name}: {ids.size} cells, ids {dict((i, int(c)) for i, c in enumerate(counts) if c)} -> {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
