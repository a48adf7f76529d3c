"""Shared fixtures: the repository's paths, the `strata` binary, VTK readers, small projects."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
MODEL1_CSV = REPO / "crates/strata-io/tests/data/csv"
P02 = REPO / "tests/data/p02_model1_two_surfaces"


def _target_dir() -> Path:
    if "CARGO_TARGET_DIR" in os.environ:
        return Path(os.environ["CARGO_TARGET_DIR"])
    meta = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"])


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `strata` binary: $STRATA_BIN, else target/debug/strata, built if missing."""
    if "STRATA_BIN" in os.environ:
        return Path(os.environ["STRATA_BIN"])
    binary = _target_dir() / "debug" / "strata"
    if not binary.exists():
        subprocess.run(["cargo", "build", "-q", "-p", "strata-cli"], cwd=REPO, check=True)
    return binary


def run_cli(cli: Path, *args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(cli), "-q", *map(str, args)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done


def vtr_cell_arrays(path: Path) -> tuple[tuple[int, int, int], dict[str, np.ndarray]]:
    """`(shape, arrays)` of a `.vtr`: every cell array as an `(nx, ny, nz)` block (VTK orders
    cells x fastest)."""
    root = ET.parse(path).getroot()
    extent = [int(v) for v in root.find("RectilinearGrid").get("WholeExtent").split()]
    shape = (extent[1] - extent[0], extent[3] - extent[2], extent[5] - extent[4])
    arrays = {}
    for data in root.iter("CellData"):
        for array in data.iter("DataArray"):
            dtype = np.int32 if array.get("type") == "Int32" else np.float64
            values = np.array(array.text.split(), dtype=dtype)
            arrays[array.get("Name")] = values.reshape(shape, order="F")
    return shape, arrays


def project_copy(tmp: Path, example: str, resolution: tuple[int, int, int]) -> Path:
    """A copy of a bundled example with another resolution (its CSV files copied beside)."""
    source = EXAMPLES / example
    for csv in source.glob("*.csv"):
        shutil.copy(csv, tmp / csv.name)
    text = (source / "strata.toml").read_text()
    text = re.sub(r"resolution = \[[^\]]*\]", f"resolution = {list(resolution)}", text)
    (tmp / "strata.toml").write_text(text)
    return tmp / "strata.toml"


@pytest.fixture
def coarse_graben(tmp_path: Path) -> Path:
    """The bundled graben (three stacks, two faults) on a 16 × 8 × 16 grid."""
    return project_copy(tmp_path, "graben", (16, 8, 16))


MODEL1_STACKS = [{"name": "stack0", "relation": "basement", "surfaces": ["rock2", "rock1"]}]
MODEL1_EXTENT = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
