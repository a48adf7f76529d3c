"""`strata.ensemble`: in-process and on a Dask cluster, bitwise the same; no realization lost
when a worker dies."""

from __future__ import annotations

import math
import os
import signal
import threading
import time

import numpy as np
import pytest
import strata
from conftest import EXAMPLES

distributed = pytest.importorskip("distributed")

SIGMAS = dict(sigma_z=20.0, sigma_dip=3.0, sigma_azimuth=5.0)


def assert_identical(a: strata.EnsembleResult, b: strata.EnsembleResult) -> None:
    np.testing.assert_array_equal(a.ids, b.ids)
    for name in ("counts", "probability", "entropy"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape
        assert x.tobytes() == y.tobytes(), f"{name} differs"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield cluster, client


def test_the_reduction_is_a_probability_and_an_entropy(coarse_graben):
    project = strata.Project.load(coarse_graben)
    result = strata.ensemble(project, 12, seed=3, **SIGMAS)
    assert result.ids.tolist() == project.unit_ids
    assert result.probability.shape == (len(project.unit_ids), *project.shape)
    assert result.counts.dtype == np.uint32 and result.entropy.shape == project.shape
    np.testing.assert_allclose(result.probability.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(result.counts.sum(axis=0), 12)
    assert (result.entropy >= 0).all()
    assert result.entropy.max() <= math.log2(len(result.ids)) + 1e-12
    assert 0 < (result.entropy > 0).sum() < result.entropy.size
    # Without perturbation every realization is the model: probability 1 of its unit.
    still = strata.ensemble(project, 3)
    lith = project.compute().lith_block
    for u, unit in enumerate(still.ids):
        np.testing.assert_array_equal(still.probability[u], (lith == unit).astype(float))
    assert (still.entropy == 0).all()


def test_per_surface_sigmas():
    project = strata.Project.load(EXAMPLES / "two_layers" / "strata.toml")
    every = {surface: 40.0 for surface in project.surfaces}
    # The same σ for every surface, by name, is the global σ.
    assert_identical(
        strata.ensemble(project, 4, sigma_z=every, seed=2),
        strata.ensemble(project, 4, sigma_z=40.0, seed=2),
    )
    # Surfaces left out stay put: a zero σ everywhere is no perturbation at all.
    assert (strata.ensemble(project, 3, sigma_z={project.surfaces[0]: 0.0}).entropy == 0).all()
    assert (strata.ensemble(project, 4, sigma_z={project.surfaces[0]: 40.0}).entropy > 0).any()


def test_in_process_and_on_a_local_cluster_are_bitwise_identical(coarse_graben, cluster):
    _, client = cluster
    project = strata.Project.load(coarse_graben)
    local = strata.ensemble(project, 16, seed=11, **SIGMAS)
    on_dask = strata.ensemble(project, 16, seed=11, client=client, **SIGMAS)
    assert_identical(local, on_dask)
    # Any batching, too.
    small_batches = strata.ensemble(project, 16, seed=11, client=client, batch_size=3, **SIGMAS)
    assert_identical(local, small_batches)
    assert not np.array_equal(
        strata.ensemble(project, 16, seed=12, **SIGMAS).counts, local.counts
    )


def test_a_worker_killed_mid_ensemble_loses_no_realization(cluster):
    _, client = cluster
    # The full graben (32 000 cells): batches long enough to be caught running.
    project = strata.Project.load(EXAMPLES / "graben" / "strata.toml")
    expected = strata.ensemble(project, 40, seed=5, **SIGMAS)
    pids = client.run(os.getpid)
    killed = {}

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = {w: keys for w, keys in client.processing().items() if keys}
            batches = {
                w: keys for w, keys in busy.items() if any("batch" in str(k) for k in keys)
            }
            if batches:
                worker = sorted(batches)[0]
                killed["worker"], killed["keys"] = worker, batches[worker]
                os.kill(pids[worker], signal.SIGKILL)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    result = strata.ensemble(project, 40, seed=5, client=client, batch_size=5, **SIGMAS)
    killer.join()
    assert killed, "no batch was seen running"
    assert_identical(expected, result)
    np.testing.assert_array_equal(result.counts.sum(axis=0), 40)
    # The nanny restarts the worker.
    client.wait_for_workers(2, timeout=60)
