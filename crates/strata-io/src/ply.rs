//! A surface mesh as Stanford PLY (ASCII, MeshLab, Blender, CloudCompare), written with the
//! `ply-rs-bw` crate: a `vertex` element with `double x, y, z`, a `face` element with
//! `list uchar int vertex_indices` (0-based), and the surface name and unit id as comments.

use std::path::Path;

use ply_rs_bw::ply::{
    Addable, DefaultElement, ElementDef, Encoding, Ply, Property, PropertyDef, PropertyType,
    ScalarType,
};
use ply_rs_bw::writer::Writer;

use crate::atomic_write::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a `.ply`, whole or not at all.
pub fn write_ply(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    mesh.check(path)?;
    let mut ply = to_ply(mesh).ok_or_else(|| IoError::Output {
        file: path.display().to_string(),
        problem: format!(
            "surface '{}': {} vertices are more than PLY's int indices can name",
            mesh.name,
            mesh.vertices.len()
        ),
    })?;
    write_atomically(path, |mut out| {
        Writer::new().write_ply(&mut out, &mut ply).map(drop)
    })
}

/// The PLY document of a checked mesh; `None` when a vertex index does not fit in an `int`.
fn to_ply(mesh: &SurfaceMesh<'_>) -> Option<Ply<DefaultElement>> {
    let mut ply = Ply::<DefaultElement>::new();
    ply.header.encoding = Encoding::Ascii;
    ply.header
        .comments
        .push(format!("Strata surface {}", mesh.one_line_name()));
    ply.header.comments.push(format!("unit id {}", mesh.id));

    let mut vertex = ElementDef::new("vertex".to_string());
    for axis in ["x", "y", "z"] {
        vertex.properties.add(PropertyDef::new(
            axis.to_string(),
            PropertyType::Scalar(ScalarType::Double),
        ));
    }
    ply.header.elements.add(vertex);
    let mut face = ElementDef::new("face".to_string());
    face.properties.add(PropertyDef::new(
        "vertex_indices".to_string(),
        PropertyType::List(ScalarType::UChar, ScalarType::Int),
    ));
    ply.header.elements.add(face);

    let vertices = mesh
        .vertices
        .iter()
        .map(|v| {
            let mut e = DefaultElement::new();
            for (axis, c) in ["x", "y", "z"].iter().zip(v) {
                e.insert(axis.to_string(), Property::Double(*c));
            }
            e
        })
        .collect();
    let faces = mesh
        .triangles
        .iter()
        .map(|t| {
            let indices = t
                .iter()
                .map(|&i| i32::try_from(i).ok())
                .collect::<Option<Vec<i32>>>()?;
            let mut e = DefaultElement::new();
            e.insert("vertex_indices".to_string(), Property::ListInt(indices));
            Some(e)
        })
        .collect::<Option<Vec<_>>>()?;
    ply.payload.insert("vertex".to_string(), vertices);
    ply.payload.insert("face".to_string(), faces);
    Some(ply)
}
