"""Measures the targets of issue 12 (docs/python.md, *Targets*) on this machine.

* 1000 realizations of the bundled graben (3 stacks, 32 000 cells) in-process, then through a
  2-worker `LocalCluster` (one thread each);
* the overhead of `project.compute()` over the compute time the CLI reports ("computed in"),
  on the bundled examples and on the graben at 100³ (10⁶ cells), minimum of several runs each.

Run with the release module installed (`pip install ./crates/strata-py`) and a release CLI:

    python scripts/python_targets.py --cli target/release/strata [--realizations 1000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import strata

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = ["two_layers", "eroding_fold", "graben", "finite_fault", "greenstone"]


def cli_compute_time(cli: str, project: Path, out: Path) -> float:
    done = subprocess.run(
        [cli, "model", str(project), "--out", str(out)], capture_output=True, text=True, check=True
    )
    return float(re.search(r"computed in ([0-9.e-]+) s", done.stdout).group(1))


def python_compute_time(project: strata.Project) -> float:
    start = time.perf_counter()
    project.compute()
    return time.perf_counter() - start


def overhead(cli: str, path: Path, runs: int) -> tuple[float, float]:
    project = strata.Project.load(path)
    python_compute_time(project)  # warm-up (page faults, the pool)
    c, p = [], []
    with tempfile.TemporaryDirectory() as out:
        # Interleaved, so that both see the same load of a shared machine.
        for _ in range(runs):
            c.append(cli_compute_time(cli, path, Path(out)))
            p.append(python_compute_time(project))
    return min(c), min(p)


def big_graben(tmp: Path) -> Path:
    source = REPO / "examples" / "graben"
    text = (source / "strata.toml").read_text()
    text = re.sub(r"resolution = \[[^\]]*\]", "resolution = [100, 100, 100]", text)
    text = text.replace('"surface_points.csv"', f'"{source / "surface_points.csv"}"')
    text = text.replace('"orientations.csv"', f'"{source / "orientations.csv"}"')
    (tmp / "strata.toml").write_text(text)
    return tmp / "strata.toml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default=str(REPO / "target" / "release" / "strata"))
    parser.add_argument("--realizations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--skip-ensembles", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")

    if not args.skip_ensembles:
        ensembles(args.realizations)
    compute_overheads(args.cli, args.runs)
    print(f"\nload average after: {os.getloadavg()}")


def ensembles(realizations: int) -> None:
    graben = strata.Project.load(REPO / "examples" / "graben" / "strata.toml")
    sigmas = dict(sigma_z=10.0, sigma_dip=2.0, seed=1)
    start = time.perf_counter()
    local = strata.ensemble(graben, realizations, **sigmas)
    t_local = time.perf_counter() - start
    print(f"in-process: {realizations} realizations in {t_local:.2f} s "
          f"(load {os.getloadavg()[0]:.2f})")

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            strata.ensemble(graben, 4, **sigmas, client=client)  # workers import strata
            start = time.perf_counter()
            on_dask = strata.ensemble(graben, realizations, **sigmas, client=client)
            t_dask = time.perf_counter() - start
    same = on_dask.entropy.tobytes() == local.entropy.tobytes()
    print(f"LocalCluster(2): {t_dask:.2f} s = {t_dask / t_local:.2f} x in-process; "
          f"bitwise identical: {same} (load {os.getloadavg()[0]:.2f})")


def compute_overheads(cli: str, runs: int) -> None:
    print("\n| project | cells | CLI compute | project.compute() | overhead |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [(e, REPO / "examples" / e / "strata.toml") for e in EXAMPLES]
        paths.append(("graben 100³", big_graben(Path(tmp))))
        for name, path in paths:
            c, p = overhead(cli, path, runs)
            cells = strata.Project.load(path).shape
            n = cells[0] * cells[1] * cells[2]
            print(f"| {name} | {n} | {c * 1e3:.1f} ms | {p * 1e3:.1f} ms | {100 * (p / c - 1):+.1f} % |")


if __name__ == "__main__":
    main()
