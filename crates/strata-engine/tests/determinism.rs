//! Bitwise determinism: the same input gives the same bits for any number of threads. Every
//! array of the solution — systems, weights, condition numbers, every level's fields, blocks
//! and ids, the kriging variances, and the meshes — is compared bit for bit between rayon pools of 1, 2 and 4 threads,
//! on a multi-stack model with two faults (p05) and an octree with meshes (p06), in both
//! precisions, and with the matrix-free iterative solve forced: on p05 (its fault drift takes
//! the superposition path) and on the layered model cut into many subdomains and a coarse
//! subset (the two-level preconditioner's parallel local solves).

use strata_data::{EngineInput, LayeredGrid, LayeredModel};
use strata_engine::{
    ComputeOptions, Cpu, Dtype, Kernels, MatrixFreeOptions, ModelSolution, SchwarzOptions,
    SolverChoice, VarianceOptions, WeightsCache, compute_model_with,
};
use strata_test_support::reference_input as reference;

/// Every number of a solution as bits, in a fixed order.
fn bits(solution: &ModelSolution) -> Vec<u64> {
    let mut out = Vec::new();
    let mut f64s = |values: &[f64]| out.extend(values.iter().map(|v| v.to_bits()));
    for s in &solution.stacks {
        f64s(&s.weights);
        f64s(s.condition.value().as_slice());
        f64s(&s.interface_values);
        f64s(&s.field_at_surface_points);
    }
    for level in &solution.levels {
        f64s(&level.xyz.concat());
        f64s(&level.ids.iter().map(|&i| f64::from(i)).collect::<Vec<_>>());
        f64s(
            &level
                .fault_ids
                .iter()
                .map(|&i| f64::from(i))
                .collect::<Vec<_>>(),
        );
        for st in &level.stacks {
            f64s(&st.scalar);
            f64s(&st.gradient.as_deref().unwrap_or_default().concat());
            f64s(st.variance.as_deref().unwrap_or_default());
            f64s(&st.values_block);
            f64s(&st.final_block);
            f64s(&st.faults_block);
        }
    }
    for mesh in &solution.meshes {
        f64s(&mesh.vertices.concat());
        f64s(
            &mesh
                .triangles
                .concat()
                .iter()
                .map(|&i| i as f64)
                .collect::<Vec<_>>(),
        );
    }
    out
}

/// `input` computed in a pool of `threads` threads, with a fresh cache (so it is solved there).
fn compute(
    input: &EngineInput,
    threads: usize,
    options: ComputeOptions,
    dtype: Dtype,
) -> ModelSolution {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| {
        let kernels = Kernels::<Cpu>::default().with_dtype(dtype);
        compute_model_with(input, &WeightsCache::new(), options, &kernels).expect("model computes")
    })
}

fn assert_thread_count_independent(case: &str) {
    let input = reference(case);
    for dtype in [Dtype::F64, Dtype::F32] {
        assert_same_bits(
            case,
            &input,
            ComputeOptions::default().with_variance(Some(VarianceOptions::default())),
            dtype,
        );
    }
}

/// Pools of 1, 2 and 4 threads give the same bits for `input` under `options` in `dtype`.
fn assert_same_bits(case: &str, input: &EngineInput, options: ComputeOptions, dtype: Dtype) {
    {
        let one = bits(&compute(input, 1, options, dtype));
        assert!(!one.is_empty());
        for threads in [2, 4] {
            let many = bits(&compute(input, threads, options, dtype));
            assert_eq!(
                one.len(),
                many.len(),
                "{case} {dtype}: {threads} threads, length"
            );
            let first = one.iter().zip(&many).position(|(a, b)| a != b);
            assert_eq!(first, None, "{case} {dtype}: 1 vs {threads} threads differ");
        }
    }
}

#[test]
fn multi_stack_faults_are_thread_count_independent() {
    assert_thread_count_independent("p05_graben_two_faults");
}

#[test]
fn octree_and_meshes_are_thread_count_independent() {
    assert_thread_count_independent("p06_model1_dual_contouring");
}

#[test]
fn forced_iterative_solves_are_thread_count_independent() {
    let iterative = ComputeOptions::default().with_method(SolverChoice::Iterative);
    assert_same_bits(
        "p05 iterative",
        &reference("p05_graben_two_faults"),
        iterative,
        Dtype::F64,
    );
    let layered = LayeredModel::new(12, 4)
        .input(LayeredGrid::Regular(6))
        .unwrap();
    let partitioned = MatrixFreeOptions::default().with_preconditioner(Some(
        SchwarzOptions::default()
            .with_subdomain_rows(60)
            .with_coarse_rows(40),
    ));
    assert_same_bits(
        "layered iterative",
        &layered,
        iterative.with_iterative(partitioned),
        Dtype::F64,
    );
}
