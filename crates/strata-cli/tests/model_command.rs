//! `strata model` on GemPy's model1 CSVs: the same lithology as gempy_engine's p02, and files
//! that parse back.

use std::path::Path;

use serde_json::Value;
use strata_cli::compute_flags::ComputeFlags;
use strata_cli::model_command::{self, Format};
use strata_io::ArrayDescriptor;
use strata_test_support::repo;

#[test]
fn model1_csvs_give_p02s_lithology_and_readable_files() {
    let out = std::env::temp_dir().join(format!("strata-model-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let project = repo("crates/strata-io/tests/data/model1/strata.toml");
    let (run, written) = model_command::run(
        &project,
        &out,
        &[Format::Vtk, Format::Json],
        ComputeFlags::default(),
    )
    .expect("model runs");
    assert_eq!(written.len(), 2);

    // Lithology ids equal p02's at every cell.
    let p02 = repo("tests/data/p02_model1_two_surfaces");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(p02.join("expected.json")).unwrap()).unwrap();
    let want = ArrayDescriptor::load_f64(&expected["octree_levels"][0]["ids"], &p02).unwrap();
    let got = &run.solution.levels[0].ids;
    let mismatches = want
        .iter()
        .zip(got)
        .filter(|(w, g)| **w != f64::from(**g))
        .count();
    assert_eq!(mismatches, 0, "{mismatches} cells differ from p02");

    // result.json: world coordinates, the transform recorded.
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("result.json")).unwrap()).unwrap();
    assert_eq!(result["coordinates"], "world");
    assert_eq!(result["transform"]["scale"], 1000.0);
    let xyz = ArrayDescriptor::load_f64(&result["octree_levels"][0]["xyz"], &out).unwrap();
    assert!(
        (xyz[0] - 25.0).abs() < 1e-2 && (xyz[1] - 50.0).abs() < 1e-2,
        "first cell centre {:?}",
        &xyz[..3]
    );

    // The VTK file is well-formed XML with one value per cell in every cell array.
    let text = std::fs::read_to_string(out.join("model1.vtr")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let cells = 20 * 10 * 16;
    let arrays: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("DataArray"))
        .collect();
    let cell_arrays: Vec<_> = arrays
        .iter()
        .filter(|n| n.parent().is_some_and(|p| p.has_tag_name("CellData")))
        .collect();
    assert_eq!(cell_arrays.len(), 3, "lith_id, fault_id, one scalar field");
    for a in cell_arrays {
        assert_eq!(
            a.text().unwrap_or("").split_whitespace().count(),
            cells,
            "{:?}",
            a.attribute("Name")
        );
    }
    let lith: Vec<i32> = arrays[0]
        .text()
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    // VTK is x fastest: cell (i, j, k) at i + 20·(j + 10·k); the engine's at (i·10 + j)·16 + k.
    for (i, j, k) in [(0, 0, 0), (3, 7, 11), (19, 9, 15)] {
        assert_eq!(lith[i + 20 * (j + 10 * k)], got[(i * 10 + j) * 16 + k]);
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_rejected_project_writes_nothing() {
    let out = std::env::temp_dir().join(format!("strata-model-rejected-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let e = model_command::run(
        Path::new("/nonexistent/strata.toml"),
        &out,
        &[Format::Vtk],
        ComputeFlags::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("/nonexistent/strata.toml"), "{e}");
    assert!(!out.exists());
}

#[test]
fn every_bundled_example_computes() {
    for example in [
        "two_layers",
        "eroding_fold",
        "graben",
        "graben_survey",
        "finite_fault",
        "greenstone",
    ] {
        let out =
            std::env::temp_dir().join(format!("strata-example-{example}-{}", std::process::id()));
        let project = repo(&format!("examples/{example}/strata.toml"));
        let (run, written) =
            model_command::run(&project, &out, &[Format::Vtk], ComputeFlags::default())
                .unwrap_or_else(|e| panic!("{example}: {e}"));
        assert!(written[0].exists(), "{example}: {}", written[0].display());
        let n_units = run.input.unit_values().len() as i32;
        assert!(
            run.solution.levels[0]
                .ids
                .iter()
                .all(|&id| (1..=n_units).contains(&id)),
            "{example}: ids"
        );
        // Every example makes geological sense.
        assert!(
            run.solution.warnings.is_empty(),
            "{example}: {:?}",
            run.solution.warnings
        );
        std::fs::remove_dir_all(&out).ok();
    }
}

/// The finite_fault example with gempy's ellipsoid too large for the model (450 m in a 1 km
/// box): the fault's segmentation stays soft everywhere and the layers come out upside down,
/// which the run reports as a reversed field (the example itself uses 420 m).
#[test]
fn an_ellipsoid_too_large_for_the_model_turns_the_layers_upside_down_and_says_so() {
    let dir = std::env::temp_dir().join(format!("strata-finite-450-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["surface_points.csv", "orientations.csv"] {
        std::fs::copy(
            repo(&format!("examples/finite_fault/{file}")),
            dir.join(file),
        )
        .unwrap();
    }
    let toml = std::fs::read_to_string(repo("examples/finite_fault/strata.toml")).unwrap();
    let toml = toml.replace(
        "radius = [420.0, 420.0, 420.0]",
        "radius = [450.0, 450.0, 450.0]",
    );
    assert!(toml.contains("450.0, 450.0, 450.0"));
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    let (run, _) = model_command::run(
        &dir.join("strata.toml"),
        &dir.join("out"),
        &[],
        ComputeFlags::default(),
    )
    .unwrap();
    let [warning] = run.solution.warnings.as_slice() else {
        panic!("{:?}", run.solution.warnings);
    };
    let message = warning.to_string();
    assert_eq!(warning.code(), "unit_repeats");
    assert!(message.contains("stack 'layers'"), "{message}");
    assert!(message.contains("upside down"), "{message}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_section_is_a_png_of_the_requested_plane() {
    use strata_cli::section_command::{self, Axis, Plane};
    let out = std::env::temp_dir().join(format!("strata-section-{}.png", std::process::id()));
    let project = repo("examples/graben/strata.toml");
    let cells =
        section_command::run(&project, Plane::Axis(Axis::Y, 500.0), &out).expect("section drawn");
    assert_eq!(cells, 240 * 240);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let info = decoder.read_info().unwrap().info().clone();
    assert!(
        info.width > 480 && info.height > 480,
        "{}x{}",
        info.width,
        info.height
    );
    std::fs::remove_file(&out).ok();
    // Outside the extent: an error naming the value, no file.
    let e = section_command::run(&project, Plane::Axis(Axis::Z, 50.0), &out).unwrap_err();
    assert!(
        e.to_string()
            .contains("--at 50 lies outside the model extent along z [-1000, 0]"),
        "{e}"
    );
    assert!(!out.exists());
}

/// A log that is not a terminal (a pipe, a file, CI) is plain text: no ANSI colour codes, no
/// timestamps; and the run summary counts in words ("1 stack", not "1 stack(s)").
#[test]
fn logs_to_a_pipe_are_plain_text_and_the_summary_counts_in_words() {
    let dir = std::env::temp_dir().join(format!("strata-plain-log-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let example = repo("examples/two_layers");
    std::fs::copy(
        example.join("surface_points.csv"),
        dir.join("surface_points.csv"),
    )
    .unwrap();
    // A dip of 120° is read with a warning (the same plane as dip 60 at the opposite azimuth).
    std::fs::write(
        dir.join("orientations.csv"),
        "X,Y,Z,azimuth,dip,polarity,formation\n500,500,600,90,0,1,rock2\n500,500,400,90,120,1,rock1\n",
    )
    .unwrap();
    let toml = std::fs::read_to_string(example.join("strata.toml"))
        .unwrap()
        .replace("[50, 50, 50]", "[4, 3, 2]");
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .arg("model")
        .arg(dir.join("strata.toml"))
        .arg("--out")
        .arg(dir.join("out"))
        .args(["--formats", "json"])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stderr}");
    let warning = stderr
        .lines()
        .find(|l| l.contains("dip 120"))
        .unwrap_or_else(|| panic!("no warning about the dip in {stderr:?}"));
    assert!(!stderr.contains('\u{1b}'), "colour codes in {stderr:?}");
    // `WARN target: message`, nothing (no timestamp) before the level.
    assert!(warning.trim_start().starts_with("WARN "), "{warning:?}");
    assert!(
        stdout.contains("= 24 points, 1 stack, computed in"),
        "{stdout}"
    );
    assert!(stdout.contains("device: cpu, 1 thread\n"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}
