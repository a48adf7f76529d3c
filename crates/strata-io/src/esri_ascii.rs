//! An ESRI ASCII grid (`.asc`, the "Arc/Info ASCII grid" that GDAL, QGIS and ArcGIS write): a
//! header of `key value` lines, then `nrows` rows of `ncols` values, the northernmost row first.
//!
//! ```text
//! ncols        4            (≥ 1)
//! nrows        3            (≥ 1)
//! xllcorner    0.0          or xllcenter: the lower-left cell's corner or centre
//! yllcorner    0.0          or yllcenter
//! cellsize     250.0        (> 0; or GDAL's dx and dy for rectangular cells)
//! NODATA_value -9999        (optional)
//! 12 14 15 15
//! 10 11 13 14
//!  9 10 11 12
//! ```
//!
//! Keys may come in any order and any case. The value of column `c` of the row written `r`-th
//! (0-based) lies at the centre of its cell,
//!
//! ```text
//! x = x₀ + c·dx        y = y₀ + (nrows − 1 − r)·dy
//! ```
//!
//! with `(x₀, y₀)` the centre of the lower-left cell (`xllcorner + dx/2`, or `xllcenter`).

use std::collections::HashMap;
use std::path::Path;

use crate::IoError;

/// The header keys of an ESRI ASCII grid.
const KEYS: [&str; 10] = [
    "ncols",
    "nrows",
    "xllcorner",
    "xllcenter",
    "yllcorner",
    "yllcenter",
    "cellsize",
    "dx",
    "dy",
    "nodata_value",
];

/// A value of the file with where it is written.
#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    line: usize,
    column: usize,
}

/// A parsed ESRI ASCII grid.
#[derive(Debug, Clone, PartialEq)]
pub struct AsciiGrid {
    file: String,
    ncols: usize,
    nrows: usize,
    /// Centre of the lower-left cell.
    origin: [f64; 2],
    /// Cell sizes along x and y.
    cell: [f64; 2],
    /// The values in file order (northernmost row first), `None` for NODATA.
    values: Vec<Option<f64>>,
    /// Line and column of every value, in file order.
    places: Vec<(usize, usize)>,
    /// The NODATA value as written.
    nodata: Option<String>,
}

impl AsciiGrid {
    /// Reads the grid at `path`.
    pub fn read(path: &Path) -> Result<Self, IoError> {
        let file = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, &file),
            Err(source) => Err(IoError::Io { file, source }),
        }
    }

    /// Parses the text of a grid; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, IoError> {
        let error = |t: &Token<'_>, problem: &str| IoError::Text {
            file: file.to_string(),
            line: t.line,
            column: t.column,
            value: t.text.to_string(),
            problem: problem.to_string(),
        };
        let mut tokens = tokens(text).peekable();
        let mut header: HashMap<&str, (Token<'_>, Token<'_>)> = HashMap::new();
        while let Some(key) = tokens.next_if(|t| t.text.starts_with(|c: char| c.is_alphabetic())) {
            let name = KEYS
                .into_iter()
                .find(|k| k.eq_ignore_ascii_case(key.text))
                .ok_or_else(|| {
                    error(
                        &key,
                        "unknown header key (ncols, nrows, xllcorner, xllcenter, yllcorner, \
                         yllcenter, cellsize, dx, dy, NODATA_value)",
                    )
                })?;
            let value = tokens
                .next()
                .filter(|v| v.line == key.line)
                .ok_or_else(|| error(&key, "the key has no value on its line"))?;
            if header.insert(name, (key.clone(), value)).is_some() {
                return Err(error(&key, "the key is given twice"));
            }
        }
        let end = Token {
            text: "",
            line: text.lines().count() + 1,
            column: 1,
        };
        let first_value = tokens.peek().cloned().unwrap_or_else(|| end.clone());
        let missing = |what: &str| error(&first_value, &format!("the header has no {what}"));
        let count = |name: &str| -> Result<usize, IoError> {
            let (_, v) = header.get(name).ok_or_else(|| missing(name))?;
            match v.text.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(error(v, &format!("{name} must be a whole number ≥ 1"))),
            }
        };
        let number = |name: &str| -> Option<Result<(f64, &Token<'_>), IoError>> {
            header.get(name).map(|(_, v)| match v.text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok((x, v)),
                _ => Err(error(v, &format!("{name} must be a finite number"))),
            })
        };
        let (ncols, nrows) = (count("ncols")?, count("nrows")?);
        let cell = match (number("cellsize"), number("dx"), number("dy")) {
            (Some(size), None, None) => {
                let size = size?;
                [size, size]
            }
            (None, Some(dx), Some(dy)) => [dx?, dy?],
            _ => {
                return Err(missing(
                    "cellsize (or both dx and dy, and not with cellsize)",
                ));
            }
        };
        if let Some((_, t)) = cell.iter().find(|(size, _)| *size <= 0.0) {
            return Err(error(t, "the cell size must be > 0"));
        }
        let cell = cell.map(|(size, _)| size);
        let mut origin = [0.0; 2];
        for (a, (corner, center)) in [("xllcorner", "xllcenter"), ("yllcorner", "yllcenter")]
            .into_iter()
            .enumerate()
        {
            origin[a] = match (number(corner), number(center)) {
                (Some(c), None) => c?.0 + cell[a] / 2.0,
                (None, Some(c)) => c?.0,
                _ => return Err(missing(&format!("{corner} or {center} (one of the two)"))),
            };
        }
        let nodata = header.get("nodata_value").map(|(_, v)| v.clone());
        if let Some(v) = &nodata
            && v.text.parse::<f64>().is_err()
        {
            return Err(error(v, "NODATA_value must be a number"));
        }
        let n = ncols.checked_mul(nrows).ok_or_else(|| {
            let (_, v) = &header["nrows"];
            error(v, "ncols × nrows is too large")
        })?;
        let mut values = Vec::with_capacity(n.min(1 << 24));
        let mut places = Vec::with_capacity(n.min(1 << 24));
        for t in tokens {
            if values.len() == n {
                return Err(error(
                    &t,
                    &format!("more values than ncols × nrows = {ncols} × {nrows}"),
                ));
            }
            let is_nodata = nodata.as_ref().is_some_and(|nd| {
                nd.text == t.text || nd.text.parse::<f64>().ok() == t.text.parse::<f64>().ok()
            });
            values.push(match t.text.parse::<f64>() {
                _ if is_nodata => None,
                Ok(v) if v.is_finite() => Some(v),
                Ok(_) => return Err(error(&t, "not a finite number")),
                Err(_) => return Err(error(&t, "not a number")),
            });
            places.push((t.line, t.column));
        }
        if values.len() < n {
            return Err(error(
                &end,
                &format!(
                    "{} values for ncols × nrows = {ncols} × {nrows} = {n}",
                    values.len()
                ),
            ));
        }
        Ok(Self {
            file: file.to_string(),
            ncols,
            nrows,
            origin,
            cell,
            values,
            places,
            nodata: nodata.map(|t| t.text.to_string()),
        })
    }

    /// The number of columns (along x) and rows (along y).
    pub fn shape(&self) -> [usize; 2] {
        [self.ncols, self.nrows]
    }

    /// The area the cells cover, `[xmin, xmax, ymin, ymax]`.
    pub fn area(&self) -> [f64; 4] {
        let [x0, y0] = self.origin;
        let [dx, dy] = self.cell;
        [
            x0 - dx / 2.0,
            x0 + (self.ncols as f64 - 0.5) * dx,
            y0 - dy / 2.0,
            y0 + (self.nrows as f64 - 0.5) * dy,
        ]
    }

    /// The value of column `c` of row `r` counted from the south: `Ok(None)` is impossible,
    /// NODATA is an error naming the cell as written.
    fn value(&self, c: usize, r_south: usize) -> Result<f64, IoError> {
        let k = (self.nrows - 1 - r_south) * self.ncols + c;
        self.values[k].ok_or_else(|| {
            let (line, column) = self.places[k];
            IoError::Text {
                file: self.file.clone(),
                line,
                column,
                value: self.nodata.clone().unwrap_or_default(),
                problem: "NODATA where the model's topography needs a height".into(),
            }
        })
    }

    /// The height at `(x, y)` by bilinear interpolation between the four nearest cell centres
    /// (cells of zero weight are not read); within half a cell of the border, the border
    /// cells' values (the grid is constant across its outer half-cells).
    ///
    /// ```text
    /// u = clamp((x − x₀)/dx, 0, ncols − 1),  i = min(⌊u⌋, ncols − 2),  s = u − i
    /// v = clamp((y − y₀)/dy, 0, nrows − 1),  j = min(⌊v⌋, nrows − 2),  t = v − j
    /// h = (1−s)(1−t)·h[i, j] + s(1−t)·h[i+1, j] + (1−s)t·h[i, j+1] + s·t·h[i+1, j+1]
    /// ```
    ///
    /// # Errors
    /// A point outside [`AsciiGrid::area`], or a NODATA cell among those read.
    pub fn height_at(&self, x: f64, y: f64) -> Result<f64, IoError> {
        let area = self.area();
        if !(area[0]..=area[1]).contains(&x) || !(area[2]..=area[3]).contains(&y) {
            return Err(IoError::Text {
                file: self.file.clone(),
                line: 1,
                column: 1,
                value: format!("x = {x}, y = {y}"),
                problem: format!(
                    "the grid covers x [{}, {}], y [{}, {}] and not this point of the model's \
                     x-y grid",
                    area[0], area[1], area[2], area[3]
                ),
            });
        }
        let (i, s) = cell_of((x - self.origin[0]) / self.cell[0], self.ncols);
        let (j, t) = cell_of((y - self.origin[1]) / self.cell[1], self.nrows);
        let mut h = 0.0;
        for (di, wi) in [(0, 1.0 - s), (1, s)] {
            for (dj, wj) in [(0, 1.0 - t), (1, t)] {
                if wi * wj > 0.0 {
                    h += wi * wj * self.value(i + di, j + dj)?;
                }
            }
        }
        Ok(h)
    }
}

/// The lower cell index and the fraction `(i, s)` of coordinate `u` (in cells from the first
/// centre) among `n` centres, `u` clamped to `[0, n − 1]`.
fn cell_of(u: f64, n: usize) -> (usize, f64) {
    if n == 1 {
        return (0, 0.0);
    }
    let u = u.clamp(0.0, (n - 1) as f64);
    let i = (u.floor() as usize).min(n - 2);
    (i, u - i as f64)
}

/// The whitespace-separated words of `text` with their 1-based line and column.
fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    text.lines().enumerate().flat_map(|(l, line)| {
        let mut column = 0;
        line.split_inclusive(char::is_whitespace)
            .filter_map(move |piece| {
                let start = column;
                column += piece.chars().count();
                let word = piece.trim_end();
                (!word.is_empty()).then_some((start, word))
            })
            .map(move |(start, word)| Token {
                text: word,
                line: l + 1,
                column: start + 1,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRID: &str = "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 10\n\
                        NODATA_value -9999\n1 2 3\n4 5 -9999\n";

    #[test]
    fn centres_and_bilinear_heights() {
        let g = AsciiGrid::parse(GRID, "g.asc").unwrap();
        assert_eq!(g.shape(), [3, 2]);
        assert_eq!(g.area(), [0.0, 30.0, 0.0, 20.0]);
        // Row written first is the northern one: (5, 15) is 1, (5, 5) is 4.
        assert_eq!(g.height_at(5.0, 15.0).unwrap(), 1.0);
        assert_eq!(g.height_at(5.0, 5.0).unwrap(), 4.0);
        // Half-way between the centres of 1, 2, 4, 5: their mean.
        assert_eq!(g.height_at(10.0, 10.0).unwrap(), 3.0);
        // The outer half-cells take the border values.
        assert_eq!(g.height_at(0.0, 20.0).unwrap(), 1.0);
        // The NODATA cell is named where it is written.
        let e = g.height_at(24.0, 5.0).unwrap_err().to_string();
        assert_eq!(
            e,
            "g.asc:8:5: NODATA where the model's topography needs a height (value '-9999')"
        );
    }

    #[test]
    fn header_and_values_are_checked() {
        let cases = [
            (
                "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize -1\n1 2 3\n4 5 6\n",
                "g.asc:5:10: the cell size must be > 0 (value '-1')",
            ),
            (
                "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n4 five 6\n",
                "g.asc:7:3: not a number (value 'five')",
            ),
            (
                "ncols 3\nnrows 2\nxllcorner 0\ncellsize 1\n1 2 3\n4 5 6\n",
                "g.asc:5:1: the header has no yllcorner or yllcenter (one of the two) (value '1')",
            ),
            (
                "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n4 5\n",
                "g.asc:8:1: 5 values for ncols × nrows = 3 × 2 = 6 (value '')",
            ),
            (
                "ncols 0\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n",
                "g.asc:1:7: ncols must be a whole number ≥ 1 (value '0')",
            ),
            (
                "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nrows 1\n1\n",
                "g.asc:6:1: unknown header key (ncols, nrows, xllcorner, xllcenter, yllcorner, \
                 yllcenter, cellsize, dx, dy, NODATA_value) (value 'rows')",
            ),
        ];
        for (text, want) in cases {
            let e = AsciiGrid::parse(text, "g.asc").unwrap_err().to_string();
            assert_eq!(e, want);
        }
    }
}
