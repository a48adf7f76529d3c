//! Conformance of the octree and the meshes against gempy_engine on reference case p06 (model1,
//! 4 octree levels from a 2×2×2 root, dual contouring with INTERSECT masking): every level's
//! points in the same order, ids exact, fields within the case's tolerances, both meshes with
//! the same counts, vertices within the mesh tolerance, bounding box and area within 1e-6.

use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_engine::{
    ComputeOptions, Cpu, GeoBackend, ModelSolution, TensorCpu, WeightsCache, compute_model_with,
};
use strata_io::{ArrayDescriptor, engine_json};

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/p06_model1_dual_contouring")
}

fn load(desc: &Value, dir: &Path) -> Vec<f64> {
    ArrayDescriptor::load_f64(desc, dir).expect("array loads")
}

/// Largest `|want − got|`, after checking lengths and `atol`.
fn max_diff(what: &str, want: &[f64], got: &[f64], atol: f64) -> f64 {
    assert_eq!(want.len(), got.len(), "{what}: length");
    let mut worst = 0.0f64;
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        let d = (w - g).abs();
        assert!(
            d <= atol,
            "{what}[{i}]: expected {w}, got {g} (|Δ| = {d:e} > {atol:e})"
        );
        worst = worst.max(d);
    }
    worst
}

fn solve<B: GeoBackend>() -> ModelSolution {
    let input = engine_json::read(&case_dir().join("input.json")).expect("p06 input");
    compute_model_with::<B>(
        &input,
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )
    .expect("p06 computes")
}

#[test]
fn p06_octree_levels_and_meshes_match_gempy() {
    check_p06::<Cpu>();
}

/// The tensor-op defaults (the path of any burn backend) end to end, on the CPU.
#[test]
fn p06_tensor_ops_match_gempy() {
    check_p06::<TensorCpu>();
}

fn check_p06<B: GeoBackend>() {
    let dir = case_dir();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let tol = |category: &str| expected["tolerances"][category]["atol"].as_f64().unwrap();
    let solution = solve::<B>();

    let levels = expected["octree_levels"].as_array().unwrap();
    assert_eq!(solution.levels.len(), levels.len(), "number of levels");
    let (mut xyz, mut scalar, mut blocks) = (0.0f64, 0.0f64, 0.0f64);
    for (l, (el, level)) in levels.iter().zip(&solution.levels).enumerate() {
        let grid = &solution.octree[l];
        let resolution: Vec<usize> =
            serde_json::from_value(el["octree_grid_resolution"].clone()).unwrap();
        assert_eq!(
            grid.resolution().to_vec(),
            resolution,
            "level {l} resolution"
        );
        assert_eq!(
            grid.len() as u64,
            el["n_octree_points"].as_u64().unwrap(),
            "level {l} cells"
        );
        let flat: Vec<f64> = level.xyz.iter().flatten().copied().collect();
        xyz = xyz.max(max_diff(
            &format!("L{l} xyz"),
            &load(&el["xyz"], &dir),
            &flat,
            0.0,
        ));
        let ids: Vec<f64> = level.ids.iter().map(|&i| f64::from(i)).collect();
        max_diff(&format!("L{l} ids"), &load(&el["ids"], &dir), &ids, 0.0);
        let fault_ids: Vec<f64> = level.fault_ids.iter().map(|&i| f64::from(i)).collect();
        max_diff(
            &format!("L{l} fault_ids"),
            &load(&el["fault_ids"], &dir),
            &fault_ids,
            0.0,
        );
        for (s, (es, st)) in el["stacks"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&level.stacks)
            .enumerate()
        {
            let what = |f: &str| format!("L{l} S{s} {f}");
            scalar = scalar.max(max_diff(
                &what("scalar"),
                &load(&es["scalar_field"], &dir),
                &st.scalar,
                tol("scalar_field"),
            ));
            for (field, got) in [
                ("values_block", &st.values_block),
                ("final_block", &st.final_block),
                ("faults_block", &st.faults_block),
            ] {
                blocks = blocks.max(max_diff(
                    &what(field),
                    &load(&es[field], &dir),
                    got,
                    tol("values_block"),
                ));
            }
            let mask: Vec<f64> = st.mask.iter().map(|&m| f64::from(u8::from(m))).collect();
            max_diff(&what("mask"), &load(&es["mask"], &dir), &mask, 0.0);
        }
    }

    let meshes = expected["meshes"].as_array().unwrap();
    assert_eq!(solution.meshes.len(), meshes.len(), "number of meshes");
    let mut vertices = 0.0f64;
    let mut geometry = 0.0f64;
    for (m, (em, mesh)) in meshes.iter().zip(&solution.meshes).enumerate() {
        assert_eq!(
            mesh.vertices.len() as u64,
            em["n_vertices"].as_u64().unwrap(),
            "mesh {m} vertices"
        );
        assert_eq!(
            mesh.triangles.len() as u64,
            em["n_triangles"].as_u64().unwrap(),
            "mesh {m} triangles"
        );
        let flat: Vec<f64> = mesh.vertices.iter().flatten().copied().collect();
        vertices = vertices.max(max_diff(
            &format!("mesh {m} vertices"),
            &load(&em["vertices"], &dir),
            &flat,
            tol("mesh"),
        ));
        let triangles: Vec<f64> = mesh.triangles.iter().flatten().map(|&i| i as f64).collect();
        max_diff(
            &format!("mesh {m} triangles"),
            &load(&em["triangles"], &dir),
            &triangles,
            0.0,
        );
        let (lo, hi) = mesh.bounding_box().expect("non-empty mesh");
        let relative = |want: f64, got: f64| (want - got).abs() / want.abs().max(1e-300);
        let area = em["total_area"].as_f64().unwrap();
        let mut checks = vec![(area, mesh.area())];
        for k in 0..3 {
            checks.push((em["bbox_min"][k].as_f64().unwrap(), lo[k]));
            checks.push((em["bbox_max"][k].as_f64().unwrap(), hi[k]));
        }
        for (want, got) in checks {
            let r = relative(want, got);
            assert!(r <= 1e-6, "mesh {m}: {got} vs {want} (relative {r:e})");
            geometry = geometry.max(r);
        }
    }
    println!(
        "p06 on {}: largest differences: xyz {xyz:.3e}, scalar {scalar:.3e}, blocks {blocks:.3e}, mesh vertices {vertices:.3e}, bbox/area relative {geometry:.3e}",
        B::NAME
    );
}
