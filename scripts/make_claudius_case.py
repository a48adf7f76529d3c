#!/usr/bin/env python3
"""Builds benches/data/real/claudius*/ from LoopStructural's Claudius seismic interpretation.

The data is LoopStructural's `LoopStructural.datasets.load_claudius()` (LoopStructural 1.9.0,
MIT licence, https://github.com/Loop3D/LoopStructural, file
LoopStructural/datasets/data/claudius.csv and claudiusbb.txt; "model dataset sampled from 3D
seismic data", its docstring says): horizons picked on the Claudius 3-D seismic survey: 21 023 picks
on 4 horizons with LoopStructural values 0, 60, 250, 330 (growing downward: 0 is the
shallowest) and 25 normals (pointing down, as the values grow), plus the model's bounding box.

The Strata project (`defaults = "gempy"`, one stack, 50 x 50 x 50 cells over the loader's
bounding box) lists the four horizons youngest (= shallowest) first as horizon_0, horizon_60,
horizon_250, horizon_330; each normal is given the horizon of its nearest pick (Euclidean
distance in world coordinates). GemPy's fields grow upward, so by default the normals are
turned round (G = -n): the orientations then agree with the stack's order. `--as-published`
keeps them as LoopStructural gives them (pointing down): an upside-down model that Strata's
polarity check warns about; that project reads the default project's surface-point file.

`--reference` also computes LoopStructural's own default model of the same data
(`GeologicalModel(bb[0], bb[1])`, `create_and_add_foliation("strati")`: the FDI interpolator with
its default 10 000 elements) at the centres of the project's 50^3 cells and writes its unit ids,
run-length encoded, to claudius/loopstructural_ids.json. The field f is mapped to Strata's ids
by the horizon values: id 1 where f < 0 (above horizon_0), 2 where 0 <= f < 60, 3 where
60 <= f < 250, 4 where 250 <= f < 330 and 5 (the basement) where f >= 330.

Run (LoopStructural is needed; nothing else outside the standard library and numpy):

    python3 -m venv /tmp/ls-venv && /tmp/ls-venv/bin/pip install LoopStructural==1.9.0
    /tmp/ls-venv/bin/python scripts/make_claudius_case.py --reference
    /tmp/ls-venv/bin/python scripts/make_claudius_case.py --as-published
"""

import argparse
import csv
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "benches" / "data" / "real"
VALUES = [0.0, 60.0, 250.0, 330.0]
RESOLUTION = [50, 50, 50]
STACK = "strati"


def surface_name(value):
    return f"horizon_{value:g}"


def load():
    """LoopStructural's data frame and bounding box ([[xmin, ymin, zmin], [xmax, ymax, zmax]])."""
    import LoopStructural
    from LoopStructural.datasets import load_claudius

    data, bb = load_claudius()
    assert LoopStructural.__version__ == "1.9.0", LoopStructural.__version__
    return data, np.asarray(bb, dtype=float)


def split(data):
    """Picks (xyz, value) and normals (xyz, n), in file order."""
    picks = data[data["val"].notna()]
    normals = data[data["nx"].notna()]
    assert len(picks) == 21023 and len(normals) == 25, (len(picks), len(normals))
    assert sorted(picks["val"].unique()) == VALUES, picks["val"].unique()
    return (
        (picks[["X", "Y", "Z"]].to_numpy(), picks["val"].to_numpy()),
        (normals[["X", "Y", "Z"]].to_numpy(), normals[["nx", "ny", "nz"]].to_numpy()),
    )


def nearest_values(points, values, at):
    """The value of the point of `points` nearest to each row of `at`."""
    d2 = ((at[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    return values[d2.argmin(axis=1)]


def extent(bb):
    """[xmin, xmax, ymin, ymax, zmin, zmax] of the bounding box."""
    return [float(bb[i % 2][i // 2]) for i in range(6)]


def number(v):
    """The shortest text that reads back as the same float."""
    return repr(float(v))


def write_points(path, xyz, values):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["X", "Y", "Z", "formation"])
        for p, v in zip(xyz, values):
            w.writerow([number(c) for c in p] + [surface_name(v)])


def write_orientations(path, xyz, gradients, values):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["X", "Y", "Z", "G_x", "G_y", "G_z", "formation"])
        for p, g, v in zip(xyz, gradients, values):
            w.writerow([number(c) for c in p] + [number(c) for c in g] + [surface_name(v)])


def write_project(path, name, ext, points_file, comment):
    surfaces = ", ".join(f'"{surface_name(v)}"' for v in VALUES)
    text = "\n".join(
        [*(f"# {line}" for line in comment), f'name = "{name}"', 'defaults = "gempy"',
         f"extent = [{', '.join(number(v) for v in ext)}]",
         f"resolution = [{', '.join(str(r) for r in RESOLUTION)}]",
         f'surface_points = "{points_file}"', 'orientations = "orientations.csv"', "",
         "[[stack]]", f'name = "{STACK}"', 'relation = "basement"', f"surfaces = [{surfaces}]", ""]
    )
    path.write_text(text)


def cell_centres(ext):
    """The world centres of the project's cells, C order over [nx, ny, nz] (z fastest)."""
    axes = [
        ext[2 * a] + (np.arange(RESOLUTION[a]) + 0.5) * (ext[2 * a + 1] - ext[2 * a]) / RESOLUTION[a]
        for a in range(3)
    ]
    x, y, z = np.meshgrid(*axes, indexing="ij")
    return np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1)


def rle(ids):
    """[id, count, id, count, ...] of the flat array."""
    out = []
    for v in ids:
        if out and out[-2] == v:
            out[-1] += 1
        else:
            out += [v, 1]
    return out


def reference(data, bb, ext, out):
    """LoopStructural's default model's unit ids at the cell centres, to `out`."""
    import LoopStructural
    from LoopStructural import GeologicalModel

    model = GeologicalModel(bb[0, :], bb[1, :])
    model.data = data
    model.create_and_add_foliation(STACK)
    model.update()
    field = model.evaluate_feature_value(STACK, cell_centres(ext))
    assert np.all(np.isfinite(field))
    ids = (np.searchsorted(VALUES, field, side="right") + 1).astype(int)
    result = {
        "name": "claudius",
        "source": "benches/data/real/claudius/strata.toml",
        "generator": "scripts/make_claudius_case.py --reference",
        "loopstructural": LoopStructural.__version__,
        "model": f'GeologicalModel(bb[0], bb[1]); create_and_add_foliation("{STACK}") '
        "(FDI, 10 000 elements); evaluate_feature_value at the cell centres",
        "extent": ext,
        "resolution": RESOLUTION,
        "mapping": "id 1 + #{v in [0, 60, 250, 330] : f >= v}: 1 above horizon_0, 5 below horizon_330",
        "cells": int(ids.size),
        "order": "C order over [nx, ny, nz] (z fastest); ids 1..4 horizons top first, 5 basement",
        "ids_rle": rle(ids.tolist()),
    }
    out.write_text(json.dumps(result, separators=(",", ":")) + "\n")
    counts = {int(i): int(c) for i, c in enumerate(np.bincount(ids)) if c}
    print(f"wrote {out}: LoopStructural's ids {counts}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-published", action="store_true",
                        help="keep the normals as published (pointing down): claudius_published/")
    parser.add_argument("--reference", action="store_true",
                        help="also write LoopStructural's default model's ids")
    parser.add_argument("--out", type=Path, help="the project folder (default: by variant)")
    args = parser.parse_args()

    data, bb = load()
    (pick_xyz, pick_val), (normal_xyz, normal_n) = split(data)
    ext = extent(bb)
    normal_val = nearest_values(pick_xyz, pick_val, normal_xyz)
    name = "claudius_published" if args.as_published else "claudius"
    out = args.out or REAL / name
    out.mkdir(parents=True, exist_ok=True)
    common = [
        "LoopStructural 1.9.0's Claudius seismic interpretation (MIT), written by",
        "scripts/make_claudius_case.py: 21 023 picks on 4 horizons (shallowest = youngest first),",
        "25 normals each on the horizon of its nearest pick; the loader's bounding box; 50^3.",
    ]
    if args.as_published:
        points_file = "../claudius/surface_points.csv"
        if not (out / points_file).is_file():
            write_points(out.parent / "claudius" / "surface_points.csv", pick_xyz, pick_val)
        gradients = normal_n
        comment = common + ["The normals as published: pointing down (values grow downward), an",
                            "upside-down model for GemPy's convention; the polarity check warns."]
    else:
        points_file = "surface_points.csv"
        write_points(out / points_file, pick_xyz, pick_val)
        gradients = -normal_n
        comment = common + ["The normals turned round (pointing up), as GemPy's fields grow upward."]
    write_orientations(out / "orientations.csv", normal_xyz, gradients, normal_val)
    write_project(out / "strata.toml", name, ext, points_file, comment)
    print(f"wrote {out}: {len(pick_xyz)} picks, {len(normal_xyz)} orientations "
          f"(on {', '.join(f'{surface_name(v)}: {int((normal_val == v).sum())}' for v in VALUES)})")
    if args.reference:
        reference(data, bb, ext, out / "loopstructural_ids.json")


if __name__ == "__main__":
    main()
