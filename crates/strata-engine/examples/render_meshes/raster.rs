//! A small software rasteriser: an RGB canvas with a depth buffer, filled triangles with flat
//! Lambert shading, and lines.

/// A point on the screen: pixel coordinates `x`, `y` (y down) and depth (smaller is nearer).
pub type ScreenPoint = [f64; 3];

/// An RGB image with a depth buffer.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    rgb: Vec<[u8; 3]>,
    depth: Vec<f64>,
}

impl Canvas {
    /// A canvas filled with `background`, everything infinitely far.
    pub fn new(width: usize, height: usize, background: [u8; 3]) -> Self {
        Self {
            width,
            height,
            rgb: vec![background; width * height],
            depth: vec![f64::INFINITY; width * height],
        }
    }

    /// Writes `color` at pixel `(x, y)` if it is nearer than what is there.
    fn plot(&mut self, x: i64, y: i64, depth: f64, color: [u8; 3]) {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            return;
        }
        let i = y as usize * self.width + x as usize;
        if depth < self.depth[i] {
            self.depth[i] = depth;
            self.rgb[i] = color;
        }
    }

    /// Fills a triangle: every pixel centre inside it, depth interpolated barycentrically.
    pub fn triangle(&mut self, p: [ScreenPoint; 3], color: [u8; 3]) {
        let area = edge(p[0], p[1], p[2]);
        if area == 0.0 {
            return;
        }
        let lo = |k: usize| p.iter().map(|q| q[k]).fold(f64::INFINITY, f64::min).floor() as i64;
        let hi = |k: usize| {
            p.iter()
                .map(|q| q[k])
                .fold(f64::NEG_INFINITY, f64::max)
                .ceil() as i64
        };
        for y in lo(1).max(0)..=hi(1).min(self.height as i64 - 1) {
            for x in lo(0).max(0)..=hi(0).min(self.width as i64 - 1) {
                let c = [x as f64 + 0.5, y as f64 + 0.5, 0.0];
                let w = [
                    edge(p[1], p[2], c),
                    edge(p[2], p[0], c),
                    edge(p[0], p[1], c),
                ]
                .map(|e| e / area);
                if w.iter().all(|&b| b >= 0.0) {
                    let depth = w[0] * p[0][2] + w[1] * p[1][2] + w[2] * p[2][2];
                    self.plot(x, y, depth, color);
                }
            }
        }
    }

    /// A line from `a` to `b`, one sample per pixel along its longer axis.
    pub fn line(&mut self, a: ScreenPoint, b: ScreenPoint, color: [u8; 3]) {
        let steps = (b[0] - a[0]).abs().max((b[1] - a[1]).abs()).ceil().max(1.0) as usize;
        for s in 0..=steps {
            let t = s as f64 / steps as f64;
            let q: [f64; 3] = std::array::from_fn(|k| a[k] + (b[k] - a[k]) * t);
            self.plot(q[0] as i64, q[1] as i64, q[2] - 2e-2, color);
        }
    }

    /// The pixels, row by row, 3 bytes each.
    pub fn bytes(&self) -> Vec<u8> {
        self.rgb.iter().flatten().copied().collect()
    }
}

/// Twice the signed area of `(a, b, c)` on the screen.
fn edge(a: ScreenPoint, b: ScreenPoint, c: ScreenPoint) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// `color` scaled by Lambert shading `0.25 + 0.75·|⟨n̂, light⟩|` (both faces lit).
pub fn shade(color: [u8; 3], normal: [f64; 3], light: [f64; 3]) -> [u8; 3] {
    let len = normal.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-300);
    let cos = (0..3).map(|k| normal[k] * light[k]).sum::<f64>().abs() / len;
    let f = 0.25 + 0.75 * cos;
    color.map(|c| (f64::from(c) * f).round().min(255.0) as u8)
}
