#!/usr/bin/env python3
"""gempy_engine and Strata side by side on the bench cases (benches/data/*/input.json).

For each case: gempy_engine's `compute_model` in this process (numpy backend, float64, weight
cache off), minimum of up to --runs runs, stopping early once a case has used --budget seconds;
then the release `strata engine` binary on the same input.json, same rule. Prints one markdown
table with both times and their ratio, headed by the machine.

The engine objects are built from input.json alone, as the reference cases were
(tests/data/REFERENCE_README.md): surface points / orientations / nuggets in engine
coordinates, the level-0 regular grid `grid.octree_grid`, kernel and evaluation options, and
the stack structure. Only what the bench cases use is supported (no faults, no extra grids).

Run through scripts/gempy_side_by_side.sh, which makes the virtual environment.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from gempy_engine.API.model.model_api import compute_model
from gempy_engine.core.data import InterpolationOptions
from gempy_engine.core.data.engine_grid import EngineGrid
from gempy_engine.core.data.input_data_descriptor import InputDataDescriptor
from gempy_engine.core.data.interpolation_input import InterpolationInput
from gempy_engine.core.data.kernel_classes.kernel_functions import AvailableKernelFunctions
from gempy_engine.core.data.kernel_classes.orientations import Orientations
from gempy_engine.core.data.kernel_classes.solvers import Solvers
from gempy_engine.core.data.kernel_classes.surface_points import SurfacePoints
from gempy_engine.core.data.options.evaluation_options import MeshExtractionMaskingOptions
from gempy_engine.core.data.regular_grid import RegularGrid
from gempy_engine.core.data.stack_relation_type import StackRelationType
from gempy_engine.core.data.stacks_structure import StacksStructure
from gempy_engine.core.data.tensors_structure import TensorsStructure

ROOT = Path(__file__).resolve().parent.parent


def engine_objects(case):
    """(InterpolationInput, InterpolationOptions, InputDataDescriptor) of an input.json dict."""
    structure = case["structure"]
    if structure.get("fault_relations") or any(s.get("segmentation_function") for s in structure["stacks"]):
        raise ValueError(f"{case['case']}: faults are not supported by this script")
    surface_points = SurfacePoints(
        sp_coords=np.array(case["surface_points"]["xyz"], dtype=float),
        nugget_effect_scalar=np.array(case["surface_points"]["nugget"], dtype=float),
    )
    orientations = Orientations(
        dip_positions=np.array(case["orientations"]["xyz"], dtype=float),
        dip_gradients=np.array(case["orientations"]["gradient"], dtype=float),
        nugget_effect_grad=np.array(case["orientations"]["nugget"], dtype=float),
    )
    level0 = case["grid"]["octree_grid"]
    grid = EngineGrid(octree_grid=RegularGrid(np.array(level0["extent"], dtype=float),
                                              np.array(level0["resolution"])))
    interpolation_input = InterpolationInput(
        surface_points=surface_points,
        orientations=orientations,
        grid=grid,
        unit_values=np.array(case["unit_values"], dtype=float),
    )
    return interpolation_input, options(case), descriptor(structure)


def options(case):
    k, e = case["kernel_options"], case["evaluation_options"]
    o = InterpolationOptions.from_args(
        range=k["range"],
        c_o=k["c_o"],
        uni_degree=k["uni_degree"],
        i_res=k["i_res"],
        gi_res=k["gi_res"],
        number_dimensions=k["number_dimensions"],
        number_octree_levels=e["number_octree_levels"],
        kernel_function=AvailableKernelFunctions[k["kernel_function"]],
        mesh_extraction=e["mesh_extraction"],
        compute_scalar_gradient=e["compute_scalar_gradient"],
    )
    o.kernel_options.kernel_solver = Solvers[k["kernel_solver"]]
    ev = o.evaluation_options
    ev.number_octree_levels_surface = e["number_octree_levels_surface"]
    ev.mesh_extraction_masking_options = MeshExtractionMaskingOptions[e["mesh_extraction_masking_options"]]
    ev.mesh_extraction_fancy = e["mesh_extraction_fancy"]
    ev.octree_curvature_threshold = e["octree_curvature_threshold"]
    ev.octree_error_threshold = e["octree_error_threshold"]
    ev.octree_min_level = e["octree_min_level"]
    ev.evaluation_chunk_size = e["evaluation_chunk_size"]
    o.sigmoid_slope = case["sigmoid_slope"]
    o.cache_mode = InterpolationOptions.CacheMode.NO_CACHE  # every run solves, as strata does
    return o


def descriptor(structure):
    stacks = structure["stacks"]
    return InputDataDescriptor(
        tensors_structure=TensorsStructure(
            number_of_points_per_surface=np.array(structure["number_of_points_per_surface"])),
        stack_structure=StacksStructure(
            number_of_points_per_stack=np.array([s["number_of_points"] for s in stacks]),
            number_of_orientations_per_stack=np.array([s["number_of_orientations"] for s in stacks]),
            number_of_surfaces_per_stack=np.array([s["number_of_surfaces"] for s in stacks]),
            masking_descriptor=[StackRelationType[s["relation"]] for s in stacks],
        ),
    )


def repeat(run_once, runs, budget):
    """Minimum of up to `runs` timings of `run_once()`, stopping once `budget` s are spent."""
    times = []
    while len(times) < runs and sum(times) < budget:
        times.append(run_once())
    return min(times), len(times)


def gempy_time(case):
    def once():
        ii, opts, desc = engine_objects(case)
        start = time.perf_counter()
        compute_model(ii, opts, desc)
        return time.perf_counter() - start
    return once


def strata_time(strata, input_path, out_dir):
    """Returns a timer of one `strata engine` run: (wall time, compute_model time from its summary)."""
    def once():
        start = time.perf_counter()
        done = subprocess.run([str(strata), "engine", str(input_path), "--out", str(out_dir)],
                              capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        compute = float(re.search(r"computed in ([0-9.]+) s", done.stdout).group(1))
        return wall, compute
    return once


def strata_times(strata, input_path, runs, budget):
    """(min wall, min compute_model, runs) of strata on one case."""
    with tempfile.TemporaryDirectory() as out:
        timer = strata_time(strata, input_path, out)
        samples = []
        while len(samples) < runs and sum(w for w, _ in samples) < budget:
            samples.append(timer())
    return min(w for w, _ in samples), min(c for _, c in samples), len(samples)


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.processor())
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{model}, {os.cpu_count()} cores, {date}"


def default_strata():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "strata"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="most runs per case and engine")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="no further run of a case once its runs took this many seconds")
    parser.add_argument("--strata", type=Path, default=default_strata())
    parser.add_argument("cases", nargs="*", help="case names (default: all of benches/data)")
    args = parser.parse_args()
    inputs = sorted((ROOT / "benches" / "data").glob("*/input.json"))
    if args.cases:
        inputs = [p for p in inputs if p.parent.name in args.cases]
    rows = []
    for path in inputs:
        case = json.loads(path.read_text())
        g, g_runs = repeat(gempy_time(case), args.runs, args.budget)
        wall, compute, s_runs = strata_times(args.strata, path, args.runs, args.budget)
        rows.append((path.parent.name, g, g_runs, compute, wall, s_runs))
        print(f"{path.parent.name}: gempy_engine {g:.3f} s, strata {compute:.3f} s "
              f"(process {wall:.3f} s)", file=sys.stderr, flush=True)
    print(f"\n{machine()}; gempy_engine {version('gempy_engine')}, numpy {np.__version__}\n")
    print("| case | gempy_engine compute_model s (runs) | strata compute_model s | "
          "strata process s (runs) | gempy ÷ strata compute | gempy ÷ strata process |")
    print("|---|---|---|---|---|---|")
    for name, g, g_runs, compute, wall, s_runs in rows:
        print(f"| {name} | {g:.3f} ({g_runs}) | {compute:.3f} | {wall:.3f} ({s_runs}) | "
              f"{g / compute:.1f} | {g / wall:.1f} |")


def version(package):
    from importlib.metadata import version as v
    return v(package)


if __name__ == "__main__":
    main()
