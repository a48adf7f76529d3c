//! Kernels and forward sums are bitwise the same for any number of threads.

use strata_geophysics::{CenteredGrid, CenteredKernel, Igrf, SurveyKernels, SurveyOptions};

/// The p08 kernel under 40 devices, ids from a tilted three-layer model, and the kernels,
/// gravity and TMI computed in a pool of `threads` threads.
fn run(threads: usize) -> (SurveyKernels, Vec<f64>, Vec<f64>) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| {
        let kernel =
            CenteredKernel::new([200.0, 200.0, 800.0], [10, 10, 15]).expect("valid kernel");
        let centers = (0..40)
            .map(|d| [25.0 * d as f64, 10.0 * d as f64, 1000.0])
            .collect();
        let grid = CenteredGrid::new(centers, kernel).expect("valid grid");
        let ids: Vec<i32> = grid
            .points()
            .iter()
            .map(|p| {
                1 + i32::from(p[2] + 0.3 * p[0] < 700.0) + i32::from(p[2] - 0.2 * p[1] < 300.0)
            })
            .collect();
        let igrf = Igrf::new(60.0, 10.0, 50_000.0).expect("valid field");
        let options = SurveyOptions::default().with_magnetics(igrf);
        let kernels = SurveyKernels::compute(grid.kernel(), &options).expect("finite kernels");
        let gravity = kernels
            .gravity_kernel()
            .gravity(&ids, &[2.0, 2.5, 3.0])
            .expect("known ids");
        let magnetic = kernels.magnetic_kernel().expect("asked for");
        let tmi = magnetic.tmi(&ids, &[0.0, 0.01, 0.05]).expect("known ids");
        (kernels, gravity, tmi)
    })
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let (kernels, gravity, tmi) = run(1);
    let magnetic = kernels.magnetic_kernel().expect("asked for");
    for threads in [2, 4] {
        let (other, other_gravity, other_tmi) = run(threads);
        let other_magnetic = other.magnetic_kernel().expect("asked for");
        assert_eq!(
            bits(kernels.gravity_kernel().tz()),
            bits(other.gravity_kernel().tz())
        );
        assert_eq!(
            bits(magnetic.tmi_kernel()),
            bits(other_magnetic.tmi_kernel())
        );
        assert_eq!(bits(&gravity), bits(&other_gravity), "{threads} threads");
        assert_eq!(bits(&tmi), bits(&other_tmi), "{threads} threads");
    }
}
