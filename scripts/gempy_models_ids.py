#!/usr/bin/env python3
"""GemPy 2026's block model of GemPy's published models and of GemPy-defaults projects, for
Strata's tests.

Every source is built the way a GemPy 2026 user builds it with GemPy's own front end,

    gp.create_geomodel(extent, resolution, importer_helper=ImporterHelper(points, orientations),
                       intpolation_options_tye=DENSE_GRID)
    gp.map_stack_to_surfaces(...)         # the stacks, youngest first, and their surfaces
    group.structural_relation = ONLAP     # onlapping stacks
    gp.set_is_fault(...)                  # fault stacks
    gp.set_fault_relation(...)            # what each fault offsets, when not GemPy's default
    gp.compute_model(...)

with every other setting left at GemPy's default (the transform from the data, range 1.7,
c_o 10, surface-point nugget 2e-5, orientation nugget 0.01), and the dense-grid ids
(`solutions.raw_arrays.dense_ids`: gempy_engine's rounded ids) are written, run-length encoded,
to tests/data/gempy_ids/<name>.json (<name>_project.json for a project). crates/strata-cli/tests/gempy_models.rs computes the same
sources with Strata and compares; CI reads the JSON files and never installs GemPy.

Sources:
* GemPy v2 saved models, tests/data/gempy_models/<Model>/ (copied from gempy_data's
  data/gempy_models/): stacks from `_series.csv` (order, BottomRelation) and `_surfaces.csv`
  (order_surfaces), faults from `_faults.csv`, offsets from `_faults_relations.csv`, on the
  saved extent with the resolution of TEST_RESOLUTION; Strata imports them with
  `strata import gempy`. Surfaces without surface points (v2's placeholder 'basement' rows) and
  series left without surfaces are dropped, as GemPy 2026 has no such elements.
* `strata.toml` projects with `defaults = "gempy"` (PROJECTS): stacks, relations and offsets as
  the file says (a stack without `surfaces` takes those whose `series` is its name, in the order
  they first appear in the surface-point file), the file's extent and resolution.

Run (once, or when a source or GemPy changes):

    python3 -m venv scripts/.venv-gempy
    scripts/.venv-gempy/bin/python -m pip install gempy==2026.0.3 gempy-engine==2026.0.3.post1 pandas
    scripts/.venv-gempy/bin/python scripts/gempy_models_ids.py [NAME ...]

(GemPy's CSV reader needs pandas.) `--dump DIR` also writes GemPy's engine input of each source
(transform, range, c_o, engine coordinates) to DIR/<name>_engine_input.json, to debug a
difference.
"""

import argparse
import csv
import json
import sys
import tomllib
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "data" / "gempy_models"
OUT = ROOT / "tests" / "data" / "gempy_ids"

# The grid of each saved model's test: the saved extent, a resolution small enough for CI.
TEST_RESOLUTION = {
    "Greenstone": [40, 40, 20],
    "Tutorial_ch1-1_Basics": [30, 30, 30],
    "Tutorial_ch1-8_Onlap_relations": [30, 20, 30],
    "Tutorial_ch1-9a_Fault_relations": [40, 20, 40],
    "Tutorial_ch1-9b_Fault_relations": [40, 20, 40],
}

# Projects with `defaults = "gempy"`, computed on their own grid.
PROJECTS = [
    "tests/data/gempy_projects/onlap_stretched/strata.toml",
    "examples/greenstone/strata.toml",
]


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class Source:
    """What GemPy needs: files, grid, and stacks as (name, relation, surfaces, offsets), with
    relation one of erode, onlap, fault, basement."""

    def __init__(self, name, relative, points, orientations, extent, resolution, stacks, file):
        self.name, self.relative, self.file = name, relative, file
        self.points, self.orientations = points, orientations
        self.extent, self.resolution, self.stacks = extent, resolution, stacks


def saved_model(name):
    folder = MODELS / name
    with_points = {row["surface"] for row in read_csv(folder / f"{name}_surface_points.csv")}
    series = sorted(read_csv(folder / f"{name}_series.csv"), key=lambda r: int(r["order_series"]))
    surfaces = sorted(read_csv(folder / f"{name}_surfaces.csv"), key=lambda r: int(r["order_surfaces"]))
    faults = {r[""]: r["isFault"] == "True" for r in read_csv(folder / f"{name}_faults.csv")}
    relations = {r[""]: r for r in read_csv(folder / f"{name}_faults_relations.csv")}
    kept = []
    for s in series:
        members = [r["surface"] for r in surfaces if r["series"] == s[""] and r["surface"] in with_points]
        if members:
            relation = "fault" if faults[s[""]] else {"Onlap": "onlap"}.get(s["BottomRelation"], "erode")
            kept.append((s[""], relation, members))
    stacks = []
    for j, (s, relation, members) in enumerate(kept):
        offsets = [t for t, _, _ in kept[j + 1:] if relation == "fault" and relations[s][t] == "True"]
        stacks.append((s, relation, members, offsets))
    return Source(
        name,
        str(folder.relative_to(ROOT)),
        folder / f"{name}_surface_points.csv",
        folder / f"{name}_orientations.csv",
        np.load(folder / f"{name}_extent.npy").astype(float),
        TEST_RESOLUTION[name],
        stacks,
        f"{name}.json",
    )


def project(relative):
    path = ROOT / relative
    with open(path, "rb") as f:
        p = tomllib.load(f)
    assert p.get("defaults") == "gempy", f"{relative}: not a defaults = \"gempy\" project"
    assert not p.get("interpolation") and not p.get("transform"), f"{relative}: sets GemPy's values"
    points = path.parent / p["surface_points"]
    rows = read_csv(points)
    stacks = []
    for st in p["stack"]:
        surfaces = st.get("surfaces") or list(dict.fromkeys(r["formation"] if "formation" in r else r["surface"]
                                                            for r in rows if r.get("series") == st["name"]))
        stacks.append((st["name"], st["relation"], surfaces, st.get("offsets", [])))
    return Source(p["name"], relative, points, path.parent / p["orientations"],
                  np.array(p["extent"], dtype=float), p["resolution"], stacks, f"{p['name']}_project.json")


def build(source):
    import gempy as gp
    from gempy.core.data.importer_helper import ImporterHelper
    from gempy.core.data.options import InterpolationOptionsType
    from gempy_engine.core.data.stack_relation_type import StackRelationType

    model = gp.create_geomodel(
        project_name=source.name,
        extent=source.extent,
        resolution=source.resolution,
        importer_helper=ImporterHelper(
            path_to_surface_points=str(source.points),
            path_to_orientations=str(source.orientations),
        ),
        intpolation_options_tye=InterpolationOptionsType.DENSE_GRID,
    )
    gp.map_stack_to_surfaces(model, {s: members for s, _, members, _ in source.stacks})
    groups = model.structural_frame.structural_groups
    assert [g.name for g in groups] == [s[0] for s in source.stacks]
    for group, (_, relation, _, _) in zip(groups, source.stacks):
        if relation == "onlap":
            group.structural_relation = StackRelationType.ONLAP
    faults = [s for s, relation, _, _ in source.stacks if relation == "fault"]
    if faults:
        gp.set_is_fault(model, faults)
        names = [s[0] for s in source.stacks]
        wanted = np.array([[t in offsets for t in names] for _, _, _, offsets in source.stacks])
        if not np.array_equal(wanted, model.structural_frame.fault_relations):
            gp.set_fault_relation(model, wanted)
    return model


def dump(model, path):
    from gempy.modules.data_manipulation import interpolation_input_from_structural_frame

    t = model.input_transform
    ii = interpolation_input_from_structural_frame(model)
    k = model.interpolation_options.kernel_options
    path.write_text(json.dumps({
        "center": (-t.position).tolist(),
        "scale": (1 / t.scale).tolist(),
        "range": k.range,
        "c_o": k.c_o,
        "sp_xyz": ii.surface_points.sp_coords.tolist(),
        "sp_nugget": ii.surface_points.nugget_effect_scalar.tolist(),
        "ori_xyz": ii.orientations.dip_positions.tolist(),
        "ori_gradient": ii.orientations.dip_gradients.tolist(),
        "ori_nugget": ii.orientations.nugget_effect_grad.tolist(),
        "stacks": [g.name for g in model.structural_frame.structural_groups],
        "fault_relations": model.structural_frame.fault_relations.tolist(),
    }, indent=1))


def rle(ids):
    """[id, count, id, count, ...] of the flat array."""
    out = []
    for v in ids:
        if out and out[-2] == v:
            out[-1] += 1
        else:
            out += [v, 1]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="saved models or project names (default: all)")
    parser.add_argument("--dump", type=Path, help="also write GemPy's engine input of each source here")
    args = parser.parse_args()

    import gempy as gp
    import gempy_engine

    sources = [saved_model(m) for m in sorted(TEST_RESOLUTION)] + [project(p) for p in PROJECTS]
    OUT.mkdir(exist_ok=True)
    for source in sources:
        if args.names and source.name not in args.names:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = build(source)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                dump(model, args.dump / f"{source.name}_engine_input.json")
            solutions = gp.compute_model(model)
        ids = np.asarray(solutions.raw_arrays.dense_ids).astype(int).ravel()
        t = model.input_transform
        result = {
            "name": source.name,
            "source": source.relative,
            "generator": "scripts/gempy_models_ids.py",
            "gempy": gp.__version__,
            "gempy_engine": getattr(gempy_engine, "__version__", ""),
            "extent": source.extent.tolist(),
            "resolution": list(source.resolution),
            "stacks": [{"name": s, "relation": r, "surfaces": m, "offsets": o} for s, r, m, o in source.stacks],
            "transform": {"center": (-t.position).tolist(), "scale": (1 / t.scale).tolist()},
            "cells": int(ids.size),
            "order": "C order over [nx, ny, nz] (z fastest); ids 1..n surfaces in stack order, n+1 basement",
            "ids_rle": rle(ids.tolist()),
        }
        path = OUT / source.file
        path.write_text(json.dumps(result, separators=(",", ":")) + "\n")
        counts = {int(i): int(c) for i, c in enumerate(np.bincount(ids)) if c}
        print(f"{source.name}: {ids.size} cells, ids {counts} -> {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
