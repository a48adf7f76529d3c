#!/usr/bin/env python3
"""Builds benches/data/d_moureze_octree5_dc/input.json from Moureze_Points.csv.

The case is gempy_engine's own karst benchmark (tests/fixtures/heavy_models.py::
moureze_model_factory with pick_every=8, octree_lvls=5): the CSV holds surface points
(gradient columns = -99999) and orientations (unit gradients) mixed; each kind is kept
separately and every 8th row of each is taken (345 surface points, 85 orientations).
`--every N` keeps every Nth row instead (`--every 1`: all 2 756 surface points and 675
orientations, gempy_engine's 'AllInput' case, N = 4 780 rows) and `--out PATH` writes the
case elsewhere (its name is the output folder's).
One stack (ERODE, as in the fixture) with one surface; cubic kernel, range 100, c_o 10,
no drift; nuggets 0.1; raw coordinates (identity transform); extent = bounding box of
ALL surface points of the file (as the fixture computes it); octree of 5 levels from a
2x2x2 root; dual contouring without masking (RAW).

Standard library only:
    python3 scripts/make_moureze_case.py
    python3 scripts/make_moureze_case.py --every 1 --out benches/data/real/moureze_all/input.json
"""

import argparse
import csv
import json
import math
from pathlib import Path

CASE = "d_moureze_octree5_dc"
CASE_DIR = Path(__file__).resolve().parent.parent / "benches" / "data" / CASE
CSV_PATH = CASE_DIR / "Moureze_Points.csv"
TEMPLATE = CASE_DIR.parent / "b_model1_octree5_dc" / "input.json"
PICK_EVERY = 8  # the fixture's pick_every, the default of --every
NUGGET = 0.1
NO_GRADIENT = -9999.0  # the file marks surface points with gradient -99999


def read_rows(path):
    """The CSV's rows as (xyz, gradient) float triples; the header line is skipped."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))[1:]
    return [([float(v) for v in r[0:3]], [float(v) for v in r[3:6]]) for r in rows]


def split(rows):
    """Surface points (xyz) and orientations (xyz, gradient), in file order."""
    points = [xyz for xyz, g in rows if g[0] < NO_GRADIENT]
    orientations = [(xyz, g) for xyz, g in rows if not g[0] < NO_GRADIENT]
    return points, orientations


def bounding_box(points):
    """[xmin, xmax, ymin, ymax, zmin, zmax]."""
    box = []
    for axis in range(3):
        values = [p[axis] for p in points]
        box += [min(values), max(values)]
    return box


def normalised(g):
    norm = math.sqrt(sum(c * c for c in g))
    return [c / norm for c in g] if norm > 0 else g


def build(template, all_points, points, orientations, name, every):
    """The input.json dictionary: the template's keys with the Moureze data and options."""
    extent = bounding_box(all_points)
    n_sp, n_ori = len(points), len(orientations)
    case = dict(template)
    case["case"] = name
    prefix = "perf (d)" if name == CASE else "real"
    case["description"] = (
        f"{prefix}: Moureze karst (gempy_engine heavy_models.moureze_model_factory, "
        f"pick_every={every}): {n_sp} surface points of one surface, {n_ori} orientations, "
        "octree 5 levels from 2x2x2, dual contouring on (RAW, unmasked)."
    )
    kept = "every row" if every == 1 else f"every {every}th surface point and every {every}th orientation"
    case["source"] = {
        "fixture": (
            "gempy_engine tests/data/Moureze_Points.csv (copied to "
            f"benches/data/{CASE}/)"
            if name != CASE
            else "gempy_engine tests/data/Moureze_Points.csv (copied to this folder)"
        ),
        "options": (
            f"{kept}; cubic, "
            f"range 100, c_o 10, uni_degree 0, nuggets {NUGGET}; identity transform; extent = "
            "bounding box of all surface points of the file"
        ),
        "generator": "scripts/make_moureze_case.py",
    }
    case["notes"] = [
        "orientation gradients are normalised (the file's have norm 1 to ~1e-6); raw in original",
    ]
    case["transform"] = dict(template["transform"], center=[0.0, 0.0, 0.0], scale=1.0)
    case["original"] = {
        "extent": extent,
        "surface_points": {"xyz": points, "surface": ["karst"] * n_sp},
        "orientations": {
            "xyz": [xyz for xyz, _ in orientations],
            "gradient_raw": [g for _, g in orientations],
            "surface": ["karst"] * n_ori,
        },
    }
    case["surface_points"] = {"xyz": points, "nugget": [NUGGET] * n_sp}
    case["orientations"] = {
        "xyz": [xyz for xyz, _ in orientations],
        "gradient": [normalised(g) for _, g in orientations],
        "nugget": [NUGGET] * n_ori,
    }
    case["structure"] = {
        "surface_names": ["karst"],
        "number_of_points_per_surface": [n_sp],
        "stacks": [
            {
                "name": "karst",
                "relation": "ERODE",
                "surfaces": ["karst"],
                "number_of_surfaces": 1,
                "number_of_points": n_sp,
                "number_of_orientations": n_ori,
                "segmentation_function": None,
            }
        ],
        "fault_relations": None,
    }
    case["unit_values"] = [1, 2]
    case["kernel_options"] = dict(
        template["kernel_options"], kernel_function="cubic", range=100.0, c_o=10.0, uni_degree=0
    )
    case["evaluation_options"] = dict(
        template["evaluation_options"],
        number_octree_levels=5,
        number_octree_levels_surface=5,
        mesh_extraction=True,
        mesh_extraction_masking_options="RAW",
        mesh_extraction_fancy=True,
    )
    case["grid"] = {
        "octree_grid": {"extent": extent, "resolution": [2, 2, 2]},
        "dense_grid": None,
        "custom_grid": None,
    }
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--every", type=int, default=PICK_EVERY,
        help=f"keep every Nth surface point and orientation (default {PICK_EVERY})",
    )
    parser.add_argument(
        "--out", type=Path, default=CASE_DIR / "input.json",
        help="the input.json to write (default: this case's)",
    )
    args = parser.parse_args()
    if args.every < 1:
        parser.error("--every needs a positive integer")
    all_points, all_orientations = split(read_rows(CSV_PATH))
    points, orientations = all_points[::args.every], all_orientations[::args.every]
    if args.every == PICK_EVERY:
        assert (len(points), len(orientations)) == (345, 85), (len(points), len(orientations))
    if args.every == 1:
        assert (len(points), len(orientations)) == (2756, 675), (len(points), len(orientations))
    template = json.loads(TEMPLATE.read_text())
    out = args.out.resolve()
    name = CASE if out == (CASE_DIR / "input.json").resolve() else out.parent.name
    case = build(template, all_points, points, orientations, name, args.every)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(case, indent=1) + "\n")
    print(f"wrote {out}: {len(points)} surface points, {len(orientations)} orientations")


if __name__ == "__main__":
    main()
