//! Draws how stacks combine — erosion, onlap, a fault — as three x–z sections of small models,
//! coloured by lithology id, into a PNG:
//!
//! ```sh
//! cargo run --release -p strata-engine --example stack_relations -- docs/stack_relations.png
//! ```

use std::io::BufWriter;

use serde_json::{Value, json};
use strata_engine::{ComputeOptions, Cpu, WeightsCache, compute_model_with};
use strata_io::engine_json;

const NX: usize = 160;
const NZ: usize = 100;
const SCALE: usize = 3;
const GAP: usize = 6;

/// `(relation, surfaces [points], orientations [(position, gradient)])` per stack.
type Stack = (&'static str, Vec<Vec<[f64; 3]>>, Vec<([f64; 3], [f64; 3])>);

fn line(z: impl Fn(f64) -> f64) -> Vec<[f64; 3]> {
    [-0.4, -0.2, 0.0, 0.2, 0.4]
        .iter()
        .flat_map(|&x| [-0.2, 0.2].map(|y| [x, y, z(x)]))
        .collect()
}

fn model(stacks: Vec<Stack>, fault_relations: Value) -> Value {
    let (mut xyz, mut names, mut counts, mut ori, mut grad, mut sj) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for (s, (relation, surfaces, orientations)) in stacks.into_iter().enumerate() {
        let mut surface_names = vec![];
        for (k, pts) in surfaces.into_iter().enumerate() {
            let name = format!("s{s}_{k}");
            names.push(name.clone());
            surface_names.push(name);
            counts.push(pts.len());
            xyz.extend(pts);
        }
        let n_ori = orientations.len();
        for (p, g) in orientations {
            ori.push(p);
            grad.push(g);
        }
        sj.push(
            json!({"name": format!("stack{s}"), "relation": relation, "surfaces": surface_names,
                       "number_of_orientations": n_ori}),
        );
    }
    json!({
        "surface_points": {"xyz": xyz, "nugget": vec![1e-6; xyz.len()]},
        "orientations": {"xyz": ori, "gradient": grad, "nugget": vec![0.01; ori.len()]},
        "structure": {"surface_names": names.clone(), "number_of_points_per_surface": counts,
                      "stacks": sj, "fault_relations": fault_relations},
        "unit_values": (1..=names.len() + 1).collect::<Vec<_>>(),
        "kernel_options": {"kernel_function": "cubic", "range": 1.7320508075688772,
                           "c_o": 0.07142857142857141, "uni_degree": 1},
        "grid": {"octree_grid": {"extent": [-0.5, 0.5, -0.01, 0.01, -0.5, 0.5], "resolution": [NX, 1, NZ]}},
    })
}

/// Ids and fault ids of a model on its x–z section.
fn section(v: &Value) -> (Vec<i32>, Vec<i32>) {
    let input = engine_json::parse(&v.to_string(), "example").expect("valid model");
    let s = compute_model_with::<Cpu>(
        &input,
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )
    .expect("model computes");
    let level = s.levels.into_iter().next().expect("level 0");
    (level.ids, level.fault_ids)
}

fn colour(id: i32) -> [u8; 3] {
    const PALETTE: [[u8; 3]; 7] = [
        [255, 255, 255],
        [230, 159, 0],
        [86, 180, 233],
        [0, 158, 115],
        [240, 228, 66],
        [0, 114, 178],
        [204, 121, 167],
    ];
    PALETTE[id.clamp(0, 6) as usize]
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docs/stack_relations.png".into());
    let up = [0.0, 0.0, 1.0];
    let flat_layers = || -> Stack {
        (
            "BASEMENT",
            vec![line(|x| 0.05 + 0.1 * x), line(|x| -0.2 + 0.1 * x)],
            vec![([0.0, 0.0, 0.0], [-0.1, 0.0, 1.0])],
        )
    };
    let erode = model(
        vec![
            (
                "ERODE",
                vec![line(|x| -0.1 + 1.2 * x * x)],
                vec![([0.0, 0.0, -0.1], up)],
            ),
            flat_layers(),
        ],
        Value::Null,
    );
    let onlap = model(
        vec![
            (
                "ONLAP",
                vec![line(|_| 0.25), line(|_| 0.0)],
                vec![([0.0, 0.0, 0.2], up)],
            ),
            (
                "BASEMENT",
                vec![line(|x| 0.1 - 1.5 * x * x)],
                vec![
                    ([-0.2, 0.0, 0.04], [-0.6, 0.0, 1.0]),
                    ([0.2, 0.0, 0.04], [0.6, 0.0, 1.0]),
                ],
            ),
        ],
        Value::Null,
    );
    let fault = model(
        vec![
            (
                "FAULT",
                vec![line(|x| 2.0 * x)],
                vec![([0.0, 0.0, 0.0], [0.894, 0.0, -0.447])],
            ),
            (
                "BASEMENT",
                vec![
                    // The fault plane is z = 2x; the block above it (x < z/2) is raised by 0.15.
                    line(|x| if x < 0.075 { 0.15 } else { 0.0 }),
                    line(|x| if x < -0.075 { -0.15 } else { -0.3 }),
                ],
                vec![([-0.3, 0.0, 0.15], up), ([0.3, 0.0, -0.3], up)],
            ),
        ],
        json!([[false, true], [false, false]]),
    );
    let panels: Vec<(Vec<i32>, Vec<i32>)> = [erode, onlap, fault].iter().map(section).collect();

    let (w, h) = (3 * NX * SCALE + 2 * GAP, NZ * SCALE);
    let mut rgb = vec![255u8; w * h * 3];
    for (p, (ids, faults)) in panels.iter().enumerate() {
        for ix in 0..NX {
            for iz in 0..NZ {
                let j = ix * NZ + iz; // z fastest (ny = 1)
                let on_fault = iz + 1 < NZ && faults[j] != faults[j + 1]
                    || ix + 1 < NX && faults[j] != faults[j + NZ];
                let c = if on_fault { [0, 0, 0] } else { colour(ids[j]) };
                for dx in 0..SCALE {
                    for dz in 0..SCALE {
                        let (px, py) = (
                            p * (NX * SCALE + GAP) + ix * SCALE + dx,
                            (NZ - 1 - iz) * SCALE + dz,
                        );
                        rgb[(py * w + px) * 3..(py * w + px) * 3 + 3].copy_from_slice(&c);
                    }
                }
            }
        }
    }
    let file = std::fs::File::create(&out).unwrap_or_else(|e| panic!("{out}: {e}"));
    let mut encoder = png::Encoder::new(BufWriter::new(file), w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut wr| wr.write_image_data(&rgb))
        .expect("PNG written");
    println!("wrote {out}: erosion | onlap | fault (x–z sections, coloured by lithology id)");
}
