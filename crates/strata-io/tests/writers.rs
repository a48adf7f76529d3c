//! Every writer's file parses back with the mesh's vertex and triangle counts (and the VTK files
//! are well-formed XML).

use std::path::PathBuf;

use strata_io::{
    CellArray, SurfaceMesh, write_block_model_vtr, write_obj, write_ply, write_tsurf, write_vtp,
};

fn out(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-io-writers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A unit square split in two triangles, plus a lone extra triangle.
fn mesh() -> (Vec<[f64; 3]>, Vec<[usize; 3]>) {
    let v = vec![
        [0.0, 0.0, 1.0],
        [1.0, 0.0, 1.0],
        [1.0, 1.0, 1.0],
        [0.0, 1.0, 1.0],
        [2.0, 2.0, 2.5],
    ];
    let t = vec![[0, 1, 2], [0, 2, 3], [1, 4, 2]];
    (v, t)
}

fn lines_starting(text: &str, prefix: &str) -> usize {
    text.lines().filter(|l| l.starts_with(prefix)).count()
}

#[test]
fn obj_ply_tsurf_and_vtp_parse_back() {
    let (v, t) = mesh();
    let m = SurfaceMesh {
        name: "rock <2>",
        id: 3,
        vertices: &v,
        triangles: &t,
    };

    let path = out("m.obj");
    write_obj(&path, &m).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        (lines_starting(&text, "v "), lines_starting(&text, "f ")),
        (5, 3)
    );
    assert!(text.contains("f 2 5 3"), "1-based indices");

    let path = out("m.ply");
    write_ply(&path, &m).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let (header, body) = text.split_once("end_header\n").unwrap();
    assert!(header.contains("element vertex 5") && header.contains("element face 3"));
    assert_eq!(body.lines().filter(|l| l.starts_with("3 ")).count(), 3);
    assert_eq!(body.lines().count(), 5 + 3);

    let path = out("m.ts");
    write_tsurf(&path, &m).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("GOCAD TSurf 1") && text.trim_end().ends_with("END"));
    assert_eq!(
        (
            lines_starting(&text, "VRTX "),
            lines_starting(&text, "TRGL ")
        ),
        (5, 3)
    );

    let path = out("m.vtp");
    write_vtp(&path, &m).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let piece = doc.descendants().find(|n| n.has_tag_name("Piece")).unwrap();
    assert_eq!(piece.attribute("NumberOfPoints"), Some("5"));
    assert_eq!(piece.attribute("NumberOfPolys"), Some("3"));
    let connectivity = doc
        .descendants()
        .find(|n| n.attribute("Name") == Some("connectivity"))
        .unwrap();
    assert_eq!(connectivity.text().unwrap().split_whitespace().count(), 9);
    let name = doc
        .descendants()
        .find(|n| n.attribute("Name") == Some("surface"))
        .unwrap();
    let bytes: Vec<u8> = name
        .text()
        .unwrap()
        .split_whitespace()
        .map(|b| b.parse().unwrap())
        .collect();
    assert_eq!(&bytes[..bytes.len() - 1], b"rock <2>");
}

#[test]
fn vtr_has_one_value_per_cell_in_vtk_order() {
    // 2 × 3 × 4 cells; the engine's order is z fastest, x slowest.
    let n = [2usize, 3, 4];
    let ids: Vec<i32> = (0..24).collect();
    let edges: Vec<Vec<f64>> = n
        .iter()
        .map(|&k| (0..=k).map(|i| i as f64 * 10.0).collect())
        .collect();
    let path = out("m.vtr");
    write_block_model_vtr(
        &path,
        [&edges[0], &edges[1], &edges[2]],
        &[CellArray::Int32("lith_id", &ids)],
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let lith = doc
        .descendants()
        .find(|n| n.attribute("Name") == Some("lith_id"))
        .unwrap();
    let values: Vec<i32> = lith
        .text()
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(values.len(), 24);
    for (i, j, k) in [(0, 0, 0), (1, 2, 3), (1, 0, 2), (0, 2, 1)] {
        assert_eq!(
            values[i + n[0] * (j + n[1] * k)],
            ((i * n[1] + j) * n[2] + k) as i32
        );
    }
    // A cell array of the wrong length is an error, and nothing is written.
    let bad = out("bad.vtr");
    assert!(
        write_block_model_vtr(
            &bad,
            [&edges[0], &edges[1], &edges[2]],
            &[CellArray::Int32("x", &ids[..5])]
        )
        .is_err()
    );
    assert!(!bad.exists());
}
