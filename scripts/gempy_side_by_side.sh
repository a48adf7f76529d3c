#!/usr/bin/env bash
# gempy_engine and Strata side by side on benches/data (see gempy_side_by_side.py).
#
#   scripts/gempy_side_by_side.sh [--runs N] [--budget SECONDS] [CASE ...]
#
# Makes scripts/.venv-gempy (once) with the gempy_engine the references were made with,
# builds the release strata binary, then runs both engines on every case.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
venv="$here/.venv-gempy"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet gempy-engine==2026.0.3.post1 gempy==2026.0.3
fi
(cd "$root" && cargo build --release --quiet -p strata-cli)
exec "$venv/bin/python" "$here/gempy_side_by_side.py" "$@"
