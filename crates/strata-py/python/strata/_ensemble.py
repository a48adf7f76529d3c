"""`strata.ensemble`: Monte Carlo ensembles in-process (all cores) or on a Dask cluster."""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _strata
from ._strata import InputError

if TYPE_CHECKING:
    from ._project import Project


@dataclass(frozen=True)
class EnsembleResult:
    """The reduction of an ensemble.

    Attributes:
        ids: the unit id of each first index of :attr:`probability` (int32).
        probability: ``(n_units, nx, ny, nz)`` float64, the fraction of realizations that put
            unit ``ids[u]`` in each cell; it sums to 1 in every cell.
        entropy: ``(nx, ny, nz)`` float64, the information entropy ``−Σ p log₂ p`` (bits):
            0 where every realization agrees.
        counts: ``(n_units, nx, ny, nz)`` uint32, the counts behind :attr:`probability`.
        realizations: how many realizations were computed.
        seed: the generator's seed (realization ``i`` depends only on ``(seed, i)``).
    """

    ids: np.ndarray
    probability: np.ndarray
    entropy: np.ndarray
    counts: np.ndarray
    realizations: int
    seed: int


def _sigmas(sigma_z: float | Mapping[str, float]) -> tuple[float, dict[str, float] | None]:
    if isinstance(sigma_z, Mapping):
        return 0.0, {str(k): float(v) for k, v in sigma_z.items()}
    return float(sigma_z), None


def _batch(
    native: _strata.Project, start: int, stop: int, seed: int, sigmas: dict[str, Any]
) -> tuple[list[int], np.ndarray]:
    """One batch of realizations: ``(ids, counts)``. On a Dask worker it runs on the worker's
    threads (``nthreads``), not on every core: workers that share a machine then do not
    oversubscribe it."""
    return _strata._run_batch(native, start, stop, seed, **sigmas, threads=_worker_threads())


def _worker_threads() -> int | None:
    """The thread count of the Dask worker running this task, or ``None`` outside one."""
    try:
        from distributed import get_worker

        return get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        return None


def _add(*parts: tuple[list[int], np.ndarray]) -> tuple[list[int], np.ndarray]:
    """The counts of the batches, added in batch order (integers: any order gives the same)."""
    ids, total = parts[0][0], parts[0][1].copy()
    for part_ids, counts in parts[1:]:
        if part_ids != ids:
            raise InputError(f"batches counted different units: {part_ids} and {ids}")
        total += counts
    return ids, total


def _reduce(
    part: tuple[list[int], np.ndarray], realizations: int
) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray]:
    """``(ids, probability, entropy, counts)`` of the summed counts (a Dask task)."""
    ids, counts = part
    probability, entropy = _strata._reduce_counts(ids, counts, realizations)
    return ids, probability, entropy, counts


def ensemble(
    project: Project,
    realizations: int,
    sigma_z: float | Mapping[str, float] = 0.0,
    sigma_dip: float = 0.0,
    sigma_azimuth: float = 0.0,
    seed: int = 0,
    client: Any = None,
    *,
    batch_size: int | None = None,
    dtype: str | None = None,
) -> EnsembleResult:
    """Computes ``realizations`` perturbed models and reduces them to unit probabilities and
    entropy per cell.

    Args:
        project: the model.
        realizations: how many realizations (≥ 1).
        sigma_z: the standard deviation of every surface point's elevation, world units; or a
            dict ``{surface: σ}`` (surfaces left out stay put).
        sigma_dip: the standard deviation of every orientation's dip, degrees.
        sigma_azimuth: the standard deviation of every orientation's azimuth, degrees.
        seed: the generator's seed: realization ``i`` depends only on ``(seed, i)`` (a
            counter-based generator, Philox4x32-10), so any number of workers, in any order,
            gives bitwise the same result.
        client: ``None`` runs in-process on all cores; a ``dask.distributed.Client`` runs the
            realizations as Dask tasks, batched per worker, and adds their counts up on the
            cluster. A task lost with its worker is run again by Dask.
        batch_size: realizations per Dask task (default: an equal share per worker).
        dtype: ``"f64"`` or ``"f32"`` (default: the project's).

    Raises :class:`strata.InputError` for a bad σ or surface name, :class:`strata.ComputeError`
    when a realization cannot be computed.
    """
    if isinstance(realizations, bool) or not isinstance(realizations, int) or realizations < 1:
        raise InputError(f"realizations = {realizations!r}: must be an integer >= 1")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
        raise InputError(f"seed = {seed!r}: must be an integer in [0, 2**64)")
    sigma, per_surface = _sigmas(sigma_z)
    sigmas = dict(
        sigma_z=sigma,
        surface_sigma_z=per_surface,
        sigma_dip=float(sigma_dip),
        sigma_azimuth=float(sigma_azimuth),
        dtype=dtype,
    )
    native = project._native
    if client is None:
        part = _batch(native, 0, realizations, seed, sigmas)
        ids, probability, entropy, counts = _reduce(part, realizations)
    else:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = batch_size or math.ceil(realizations / workers)
        if size < 1:
            raise InputError(f"batch_size = {batch_size!r}: must be >= 1")
        run = uuid.uuid4().hex[:8]
        # The project travels inside every batch task (it is small: its data and settings), not
        # as scattered data: a task Dask can rerun anywhere, so a lost worker loses nothing and
        # two ensembles of one project never share, and release, one scattered key.
        batches = [
            client.submit(
                _batch,
                native,
                start,
                min(start + size, realizations),
                seed,
                sigmas,
                key=f"strata-ensemble-{run}-batch-{start}",
            )
            for start in range(0, realizations, size)
        ]
        total = client.submit(_add, *batches, key=f"strata-ensemble-{run}-sum")
        reduced = client.submit(_reduce, total, realizations, key=f"strata-ensemble-{run}-reduce")
        ids, probability, entropy, counts = reduced.result()
    return EnsembleResult(
        ids=np.asarray(ids, dtype=np.int32),
        probability=probability,
        entropy=entropy,
        counts=counts,
        realizations=realizations,
        seed=seed,
    )
