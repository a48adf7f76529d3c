#!/usr/bin/env python3
"""Builds benches/data/real/{muenster,perth_basin,alesmodel}/ from GemPy's published models.

gempy_data (https://github.com/cgre-aachen/gempy_data, commit
cf00bc907d3e6962967da38ae2ad19d770df956e, LGPL-3.0, its LICENSE file) holds GemPy v2 saved
models as zip files under data/gempy_models/. Each of MODELS is unzipped into a temporary folder
(only the tables `strata import gempy` reads and the extent; the saved solutions `*.nc` and the
topography `*_topography.npy` are left out) and imported with

    strata import gempy DIR --out benches/data/real/NAME --resolution 50,50,50

i.e. `defaults = "gempy"`: computed as GemPy 2026's front end computes the same files, on
50 x 50 x 50 cells over the saved extent. The project's CSV files are the saved tables' columns
that Strata reads, unchanged.

Run (standard library only; a built `strata`):

    git clone https://github.com/cgre-aachen/gempy_data /tmp/gempy_data
    git -C /tmp/gempy_data checkout cf00bc907d3e6962967da38ae2ad19d770df956e
    cargo build --release -p strata-cli
    python3 scripts/make_gempy_data_cases.py /tmp/gempy_data --strata target/release/strata
"""

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "benches" / "data" / "real"
# zip name in data/gempy_models/ -> corpus folder
MODELS = {"ModelMuenster": "muenster", "Perth_Basin": "perth_basin", "Alesmodel": "alesmodel"}
RESOLUTION = "50,50,50"
COMMIT = "cf00bc907d3e6962967da38ae2ad19d770df956e"
LEFT_OUT = (".nc", "_topography.npy")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gempy_data", type=Path, help="a checkout of cgre-aachen/gempy_data")
    parser.add_argument("--strata", type=Path, default=ROOT / "target" / "release" / "strata")
    args = parser.parse_args()
    head = subprocess.run(["git", "-C", str(args.gempy_data), "rev-parse", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    if head != COMMIT:
        print(f"warning: {args.gempy_data} is at {head or 'an unknown commit'}, not {COMMIT}")
    for model, name in MODELS.items():
        archive = args.gempy_data / "data" / "gempy_models" / f"{model}.zip"
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(archive) as z:
            saved = Path(tmp) / model
            saved.mkdir()
            for member in z.namelist():
                if not member.endswith(LEFT_OUT):
                    (saved / Path(member).name).write_bytes(z.read(member))
            out = REAL / name
            subprocess.run(
                [str(args.strata), "import", "gempy", str(saved), "--out", str(out),
                 "--resolution", RESOLUTION],
                check=True,
            )
            # The import names the temporary folder it read; name the published file instead.
            toml = out / "strata.toml"
            toml.write_text(toml.read_text().replace(
                str(saved), f"gempy_data/data/gempy_models/{model}.zip (commit {COMMIT[:7]})"
            ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
