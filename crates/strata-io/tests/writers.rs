//! Every writer's file parses back — VTK files as well-formed XML with one value per cell or
//! point, OBJ, PLY and TSurf with the mesh's vertex and triangle counts — and a file is written
//! whole or not at all.

use std::path::{Path, PathBuf};

use strata_io::{
    DataArray, IoError, SurfaceMesh, write_block_model_vtr, write_obj, write_ply, write_tsurf,
    write_vtp,
};

/// A fresh folder for one test, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("strata-io-writers-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A unit square split in two triangles, plus a lone extra triangle.
const VERTICES: [[f64; 3]; 5] = [
    [0.0, 0.0, 1.0],
    [1.0, 0.0, 1.0],
    [1.0, 1.0, 1.0],
    [0.0, 1.0, 1.0],
    [2.0, 2.0, 2.5e-7],
];
const TRIANGLES: [[usize; 3]; 3] = [[0, 1, 2], [0, 2, 3], [1, 4, 2]];

fn mesh(name: &str) -> SurfaceMesh<'_> {
    SurfaceMesh {
        name,
        id: 3,
        vertices: &VERTICES,
        triangles: &TRIANGLES,
    }
}

fn lines_starting(text: &str, prefix: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

fn numbers<T: std::str::FromStr>(text: &str) -> Vec<T>
where
    T::Err: std::fmt::Debug,
{
    text.split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect()
}

#[test]
fn obj_parses_back() {
    let dir = Scratch::new("obj");
    let path = dir.join("m.obj");
    write_obj(&path, &mesh("rock2")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let v = lines_starting(&text, "v ");
    let f = lines_starting(&text, "f ");
    assert_eq!((v.len(), f.len()), (5, 3));
    assert_eq!(v[4], ["2", "2", "0.00000025"]);
    assert_eq!(f[2], ["2", "5", "3"], "1-based indices");
    assert!(text.contains("o rock2\n") && text.contains("unit id 3"));
}

#[test]
fn ply_parses_back_with_ply_rs() {
    let dir = Scratch::new("ply");
    let path = dir.join("m.ply");
    write_ply(&path, &mesh("rock\n2")).unwrap();
    let parser = ply_rs_bw::parser::Parser::<ply_rs_bw::ply::DefaultElement>::new();
    let ply = parser
        .read_ply(&mut std::fs::File::open(&path).unwrap())
        .unwrap();
    assert_eq!(ply.payload["vertex"].len(), 5);
    assert_eq!(ply.payload["face"].len(), 3);
    assert_eq!(
        ply.payload["vertex"][4]["z"],
        ply_rs_bw::ply::Property::Double(2.5e-7)
    );
    assert_eq!(
        ply.payload["face"][2]["vertex_indices"],
        ply_rs_bw::ply::Property::ListInt(vec![1, 4, 2])
    );
    assert!(
        ply.header.comments.iter().any(|c| c.contains("rock_2"))
            && ply.header.comments.iter().any(|c| c.contains("unit id 3")),
        "{:?}",
        ply.header.comments
    );
}

#[test]
fn tsurf_parses_back() {
    let dir = Scratch::new("ts");
    let path = dir.join("m.ts");
    write_tsurf(&path, &mesh("rock {2}")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("GOCAD TSurf 1\nHEADER {\nname:rock _2_\n}\n"),
        "{text}"
    );
    assert!(text.contains("\nTFACE\n") && text.ends_with("END\n"));
    let vrtx = lines_starting(&text, "VRTX ");
    let trgl = lines_starting(&text, "TRGL ");
    assert_eq!((vrtx.len(), trgl.len()), (5, 3));
    assert_eq!(vrtx[0], ["1", "0", "0", "1"]);
    assert_eq!(trgl[2], ["2", "5", "3"], "1-based ids");
}

#[test]
fn vtp_is_well_formed_polydata() {
    let dir = Scratch::new("vtp");
    let path = dir.join("m.vtp");
    write_vtp(&path, &mesh("rock <2> & \"3\"")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let find = |name: &str| {
        doc.descendants()
            .find(|n| n.attribute("Name") == Some(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let piece = doc.descendants().find(|n| n.has_tag_name("Piece")).unwrap();
    assert_eq!(piece.attribute("NumberOfPoints"), Some("5"));
    assert_eq!(piece.attribute("NumberOfPolys"), Some("3"));
    let points = doc
        .descendants()
        .find(|n| n.has_tag_name("Points"))
        .and_then(|p| p.first_element_child())
        .unwrap();
    let xyz: Vec<f64> = numbers(points.text().unwrap());
    assert_eq!(xyz, VERTICES.concat());
    let connectivity: Vec<usize> = numbers(find("connectivity").text().unwrap());
    assert_eq!(connectivity, TRIANGLES.concat());
    let offsets: Vec<usize> = numbers(find("offsets").text().unwrap());
    assert_eq!(offsets, [3, 6, 9]);
    let name: Vec<u8> = numbers(find("surface").text().unwrap());
    assert_eq!(name, b"rock <2> & \"3\"\0");
    assert_eq!(find("unit_id").text(), Some("3"));
}

#[test]
fn an_empty_mesh_is_a_valid_file_in_every_format() {
    let dir = Scratch::new("empty");
    let empty = SurfaceMesh {
        name: "none",
        id: 1,
        vertices: &[],
        triangles: &[],
    };
    write_obj(&dir.join("e.obj"), &empty).unwrap();
    write_tsurf(&dir.join("e.ts"), &empty).unwrap();
    write_vtp(&dir.join("e.vtp"), &empty).unwrap();
    write_ply(&dir.join("e.ply"), &empty).unwrap();
    let text = std::fs::read_to_string(dir.join("e.vtp")).unwrap();
    roxmltree::Document::parse(&text).expect("well-formed XML");
    let ply = ply_rs_bw::parser::Parser::<ply_rs_bw::ply::DefaultElement>::new()
        .read_ply(&mut std::fs::File::open(dir.join("e.ply")).unwrap())
        .unwrap();
    assert_eq!(ply.header.elements["vertex"].count, 0);
}

/// 2 × 3 × 4 cells; the engine's order is z fastest, x slowest; VTK's x fastest.
#[test]
fn vtr_has_one_value_per_cell_in_vtk_order() {
    let n = [2usize, 3, 4];
    let ids: Vec<i32> = (0..24).collect();
    let field: Vec<f64> = (0..24).map(|i| i as f64 / 7.0 - 1e-300).collect();
    let edges: Vec<Vec<f64>> = n
        .iter()
        .map(|&k| (0..=k).map(|i| i as f64 * 10.0 - 5.0).collect())
        .collect();
    let dir = Scratch::new("vtr");
    let path = dir.join("m.vtr");
    write_block_model_vtr(
        &path,
        [&edges[0], &edges[1], &edges[2]],
        &[
            DataArray::Int32("lith_id", &ids),
            DataArray::Float64("scalar_field <a&b>", &field),
        ],
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let grid = doc
        .descendants()
        .find(|n| n.has_tag_name("RectilinearGrid"))
        .unwrap();
    assert_eq!(grid.attribute("WholeExtent"), Some("0 2 0 3 0 4"));
    let array = |name: &str| {
        doc.descendants()
            .find(|n| n.attribute("Name") == Some(name))
            .unwrap_or_else(|| panic!("{name}"))
            .text()
            .unwrap()
    };
    let lith: Vec<i32> = numbers(array("lith_id"));
    let scalar: Vec<f64> = numbers(array("scalar_field <a&b>"));
    assert_eq!((lith.len(), scalar.len()), (24, 24));
    for i in 0..n[0] {
        for j in 0..n[1] {
            for k in 0..n[2] {
                let (vtk, engine) = (i + n[0] * (j + n[1] * k), (i * n[1] + j) * n[2] + k);
                assert_eq!(lith[vtk], ids[engine]);
                assert_eq!(scalar[vtk], field[engine], "exact round trip");
            }
        }
    }
    for (axis, e) in ["x", "y", "z"].iter().zip(&edges) {
        assert_eq!(&numbers::<f64>(array(axis)), e);
    }
}

#[test]
fn bad_block_model_input_writes_nothing() {
    let dir = Scratch::new("vtr-bad");
    let edges = [0.0, 1.0, 2.0];
    let ids = [1, 2, 3, 4, 5, 6, 7, 8];
    let path = dir.join("bad.vtr");
    let short = write_block_model_vtr(&path, [&edges; 3], &[DataArray::Int32("x", &ids[..5])]);
    assert!(
        matches!(&short, Err(IoError::Output { problem, .. }) if problem.contains("5 values for 8 cells"))
    );
    let decreasing = [0.0, 2.0, 1.0];
    let bad_edges = write_block_model_vtr(&path, [&edges, &decreasing, &edges], &[]);
    assert!(
        matches!(&bad_edges, Err(IoError::Output { problem, .. }) if problem.contains("y edges"))
    );
    assert!(files_in(&dir.0).is_empty());
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = Scratch::new("atomic");
    let path = dir.join("m.obj");
    std::fs::write(&path, "old").unwrap();
    // A triangle naming a missing vertex is refused before anything is written.
    let bad = SurfaceMesh {
        triangles: &[[0, 1, 5]],
        ..mesh("rock2")
    };
    for result in [
        write_obj(&path, &bad),
        write_ply(&path, &bad),
        write_tsurf(&path, &bad),
        write_vtp(&path, &bad),
    ] {
        assert!(
            matches!(&result, Err(IoError::Output { problem, .. }) if problem.contains("triangle 0")),
            "{result:?}"
        );
    }
    let nan = [[0.0, f64::NAN, 0.0]];
    let bad = SurfaceMesh {
        vertices: &nan,
        triangles: &[],
        ..mesh("rock2")
    };
    assert!(matches!(
        write_obj(&path, &bad),
        Err(IoError::Output { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    // A good write replaces the file whole and leaves nothing else behind.
    write_obj(&path, &mesh("rock2")).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# Strata")
    );
    assert_eq!(files_in(&dir.0), ["m.obj"]);
}

#[test]
fn an_unwritable_folder_is_an_io_error_naming_the_file() {
    let path = Path::new("/nonexistent/folder/m.vtp");
    let e = write_vtp(path, &mesh("rock2")).unwrap_err();
    assert!(
        matches!(&e, IoError::Io { file, .. } if file == "/nonexistent/folder/m.vtp"),
        "{e}"
    );
}
