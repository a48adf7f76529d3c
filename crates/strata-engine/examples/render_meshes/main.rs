//! Renders the dual-contouring meshes of an engine-level input to a PNG, seen obliquely from
//! above, inside the wire frame of the model extent, one colour per surface, triangle edges
//! drawn darker:
//!
//! ```sh
//! cargo run -p strata-engine --example render_meshes -- \
//!     tests/data/p06_model1_dual_contouring/input.json docs/p06_meshes.png
//! ```

mod raster;

use std::io::BufWriter;
use std::path::PathBuf;

use raster::{Canvas, ScreenPoint, shade};
use strata_data::Point;
use strata_engine::{ComputeOptions, Cpu, WeightsCache, compute_model_with};
use strata_io::engine_json;

const WIDTH: usize = 900;
const HEIGHT: usize = 700;
const PALETTE: [[u8; 3]; 6] = [
    [214, 96, 77],
    [67, 147, 195],
    [102, 189, 99],
    [253, 174, 97],
    [153, 112, 171],
    [191, 191, 191],
];

/// An orthographic camera: turn by `azimuth` about z, tilt by `elevation`, scale to pixels.
struct Camera {
    azimuth: f64,
    elevation: f64,
    center: Point,
    scale: f64,
}

impl Camera {
    /// The view direction rotation of `p` around the centre: `(right, up, towards the viewer)`.
    fn view(&self, p: Point) -> Point {
        let d: [f64; 3] = std::array::from_fn(|k| p[k] - self.center[k]);
        let (sa, ca) = self.azimuth.sin_cos();
        let (se, ce) = self.elevation.sin_cos();
        let right = sa * d[1] - ca * d[0];
        let depth = sa * d[0] + ca * d[1];
        [right, ce * d[2] - se * depth, se * d[2] + ce * depth]
    }

    /// Pixel coordinates and depth (nearer is smaller).
    fn screen(&self, p: Point) -> ScreenPoint {
        let [r, u, t] = self.view(p);
        [
            WIDTH as f64 / 2.0 + self.scale * r,
            HEIGHT as f64 / 2.0 - self.scale * u,
            -t,
        ]
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: render_meshes INPUT.json OUTPUT.png".into());
    };
    let model = engine_json::read(input)?;
    let solution = compute_model_with::<Cpu>(
        &model,
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )?;
    let e = model.grid().extent();
    let center = [0, 1, 2].map(|a| (e[2 * a] + e[2 * a + 1]) / 2.0);
    let size = (0..3).map(|a| e[2 * a + 1] - e[2 * a]).fold(0.0, f64::max);
    let camera = Camera {
        azimuth: 35f64.to_radians(),
        elevation: 25f64.to_radians(),
        center,
        scale: 0.5 * HEIGHT as f64 / size,
    };
    let light = camera.view([center[0] - 0.4, center[1] - 0.6, center[2] + 1.0]);
    let mut canvas = Canvas::new(WIDTH, HEIGHT, [250, 250, 247]);
    for (m, mesh) in solution.meshes.iter().enumerate() {
        let color = PALETTE[m % PALETTE.len()];
        for t in &mesh.triangles {
            let [a, b, c] = t.map(|i| camera.view(mesh.vertices[i]));
            let normal = [
                (b[1] - a[1]) * (c[2] - a[2]) - (b[2] - a[2]) * (c[1] - a[1]),
                (b[2] - a[2]) * (c[0] - a[0]) - (b[0] - a[0]) * (c[2] - a[2]),
                (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]),
            ];
            let shaded = shade(color, normal, light);
            let screen = t.map(|i| camera.screen(mesh.vertices[i]));
            canvas.triangle(screen, shaded);
            for k in 0..3 {
                canvas.line(screen[k], screen[(k + 1) % 3], shaded.map(|c| c / 4 * 3));
            }
        }
        println!(
            "mesh {m}: {} vertices, {} triangles, area {:.6}",
            mesh.vertices.len(),
            mesh.triangles.len(),
            mesh.area()
        );
    }
    let corner = |c: usize| -> Point { std::array::from_fn(|a| e[2 * a + ((c >> (2 - a)) & 1)]) };
    for c in 0..8 {
        for bit in [1, 2, 4] {
            if c & bit == 0 {
                let (p, q) = (camera.screen(corner(c)), camera.screen(corner(c | bit)));
                canvas.line(p, q, [60, 60, 60]);
            }
        }
    }
    let file = std::fs::File::create(output)?;
    let mut encoder = png::Encoder::new(BufWriter::new(file), WIDTH as u32, HEIGHT as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&canvas.bytes())?;
    println!("wrote {}", output.display());
    Ok(())
}
