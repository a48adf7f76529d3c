//! Every error of the crate, from the bad input that causes it; none panics.

use std::num::NonZeroUsize;

use strata_geophysics::{
    Axis, CenteredGrid, CenteredKernel, ForwardError, GravityError, GravityKernel, GridError, Igrf,
    KernelCache, KernelError, MAX_POINTS, MAX_VOXELS, MagneticKernel, MagneticsError, Prism,
    PrismError, SurveyError, SurveyKernels, SurveyOptions,
};

const RADIUS: [f64; 3] = [200.0, 200.0, 800.0];
const RESOLUTION: [usize; 3] = [10, 10, 15];
/// Radii whose squares overflow: every kernel formula gives ∞ − ∞.
const HUGE_RADIUS: [f64; 3] = [1e200; 3];

fn kernel() -> CenteredKernel {
    CenteredKernel::new(RADIUS, RESOLUTION).expect("valid kernel")
}

fn igrf() -> Igrf {
    Igrf::new(60.0, 10.0, 50_000.0).expect("valid field")
}

#[test]
fn resolution_below_the_minimum() {
    for (resolution, axis, value, min) in [
        ([0, 10, 15], Axis::X, 0, 2),
        ([1, 10, 15], Axis::X, 1, 2),
        ([10, 1, 15], Axis::Y, 1, 2),
        ([10, 10, 0], Axis::Z, 0, 1),
    ] {
        let error = CenteredKernel::new(RADIUS, resolution).unwrap_err();
        assert_eq!(error, KernelError::Resolution { axis, value, min });
    }
    let message = CenteredKernel::new(RADIUS, [10, 1, 15])
        .unwrap_err()
        .to_string();
    assert!(message.contains("along y is 1"), "{message}");
}

#[test]
fn radius_not_finite_and_positive() {
    for (axis, value) in [
        (Axis::X, 0.0),
        (Axis::Y, -1.0),
        (Axis::Z, f64::NAN),
        (Axis::Z, f64::INFINITY),
    ] {
        let mut radius = RADIUS;
        radius[axis.index()] = value;
        match CenteredKernel::new(radius, RESOLUTION) {
            Err(KernelError::Radius { axis: a, value: v }) => {
                assert_eq!(a, axis);
                assert!(v.to_bits() == value.to_bits());
            }
            other => panic!("{other:?}"),
        }
    }
    let message = CenteredKernel::new([200.0, -1.0, 800.0], RESOLUTION)
        .unwrap_err()
        .to_string();
    assert!(message.contains("along y is -1"), "{message}");
}

#[test]
fn too_many_voxels() {
    for resolution in [[usize::MAX, 2, 1], [2, 2, usize::MAX], [10_000, 10_000, 1]] {
        let error = CenteredKernel::new(RADIUS, resolution).unwrap_err();
        assert_eq!(
            error,
            KernelError::TooManyVoxels {
                resolution,
                max: MAX_VOXELS
            }
        );
    }
}

#[test]
fn prism_bounds() {
    let bad = [
        ([0.0, 0.0, 0.0], [1.0, 1.0, 0.0], Axis::Z),
        ([2.0, 0.0, 0.0], [1.0, 1.0, 1.0], Axis::X),
        ([0.0, f64::NEG_INFINITY, 0.0], [1.0, 1.0, 1.0], Axis::Y),
        ([0.0, 0.0, 0.0], [1.0, f64::NAN, 1.0], Axis::Y),
    ];
    for (min, max, axis) in bad {
        match Prism::new(min, max) {
            Err(PrismError::Bounds { axis: a, .. }) => assert_eq!(a, axis),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn device_centre_not_finite() {
    let centers = vec![[0.0, 0.0, 0.0], [1.0, 2.0, f64::NAN]];
    match CenteredGrid::new(centers, kernel()) {
        Err(GridError::DeviceCenter {
            device: 1,
            axis: Axis::Z,
            value,
        }) => assert!(value.is_nan()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn too_many_points() {
    let big = CenteredKernel::new([1.0; 3], [100, 100, 99]).expect("valid kernel");
    let voxels_per_device = big.n_voxels();
    let devices = MAX_POINTS / voxels_per_device + 1;
    let error = CenteredGrid::new(vec![[0.0; 3]; devices], big).unwrap_err();
    assert_eq!(
        error,
        GridError::TooManyPoints {
            devices,
            voxels_per_device,
            max: MAX_POINTS
        }
    );
}

#[test]
fn bad_transform() {
    let grid = CenteredGrid::new(vec![[250.0, 500.0, 1000.0]], kernel()).expect("valid grid");
    for scale in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        match grid.to_engine([500.0; 3], scale) {
            Err(GridError::Scale { value }) => assert_eq!(value.to_bits(), scale.to_bits()),
            other => panic!("{other:?}"),
        }
    }
    let error = grid
        .to_engine([500.0, f64::INFINITY, 500.0], 1000.0)
        .unwrap_err();
    assert_eq!(
        error,
        GridError::TransformCenter {
            axis: Axis::Y,
            value: f64::INFINITY
        }
    );
}

#[test]
fn engine_kernel_out_of_range() {
    // radius / scale underflows to 0 or overflows to ∞.
    for (radius, scale, value) in [(1e-300, 1e30, 0.0), (1e300, 1e-10, f64::INFINITY)] {
        let tiny = CenteredKernel::new([radius; 3], RESOLUTION).expect("valid kernel");
        let grid = CenteredGrid::new(vec![[0.0; 3]], tiny).expect("valid grid");
        let error = grid.to_engine([0.0; 3], scale).unwrap_err();
        assert_eq!(
            error,
            GridError::Kernel(KernelError::Radius {
                axis: Axis::X,
                value
            })
        );
    }
}

#[test]
fn engine_centre_overflows() {
    let grid = CenteredGrid::new(vec![[1e308, 0.0, 0.0]], kernel()).expect("valid grid");
    let error = grid.to_engine([-1e308, 0.0, 0.0], 0.5).unwrap_err();
    assert_eq!(
        error,
        GridError::DeviceCenter {
            device: 0,
            axis: Axis::X,
            value: f64::INFINITY
        }
    );
}

#[test]
fn igrf_out_of_range() {
    for inclination in [90.5, -91.0, f64::NAN] {
        match Igrf::new(inclination, 0.0, 50_000.0) {
            Err(MagneticsError::Inclination { value }) => {
                assert_eq!(value.to_bits(), inclination.to_bits())
            }
            other => panic!("{other:?}"),
        }
    }
    for declination in [f64::INFINITY, f64::NAN] {
        match Igrf::new(60.0, declination, 50_000.0) {
            Err(MagneticsError::Declination { value }) => {
                assert_eq!(value.to_bits(), declination.to_bits())
            }
            other => panic!("{other:?}"),
        }
    }
    for intensity in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        match Igrf::new(60.0, 10.0, intensity) {
            Err(MagneticsError::Intensity { value }) => {
                assert_eq!(value.to_bits(), intensity.to_bits())
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn kernels_out_of_f64_range() {
    let huge = CenteredKernel::new(HUGE_RADIUS, RESOLUTION).expect("valid kernel");
    assert!(matches!(
        GravityKernel::new(&huge),
        Err(GravityError::NonFinite { voxel: 0, .. })
    ));
    assert!(matches!(
        MagneticKernel::new(&huge, &igrf()),
        Err(MagneticsError::NonFinite { voxel: 0, .. })
    ));

    // ln(y + r) = ln 0 where y ≈ −r: only gravity fails. Where squares overflow both do,
    // and the survey reports the magnetic kernel, computed first.
    let thin = CenteredKernel::new([1.0, 1e12, 1.0], RESOLUTION).expect("valid kernel");
    let options = SurveyOptions::default().with_magnetics(igrf());
    let error = SurveyKernels::compute(&thin, &options).unwrap_err();
    assert!(
        matches!(error, SurveyError::Gravity(GravityError::NonFinite { .. })),
        "{error}"
    );
    let error = SurveyKernels::compute(&huge, &options).unwrap_err();
    assert!(
        matches!(
            error,
            SurveyError::Magnetics(MagneticsError::NonFinite { .. })
        ),
        "{error}"
    );
    let error = SurveyKernels::compute(&huge, &SurveyOptions::default()).unwrap_err();
    assert!(matches!(error, SurveyError::Gravity(_)), "{error}");
}

#[test]
fn failed_computation_is_not_cached() {
    let huge = CenteredKernel::new(HUGE_RADIUS, RESOLUTION).expect("valid kernel");
    let mut cache = KernelCache::new(NonZeroUsize::MIN);
    assert!(
        cache
            .get_or_compute(&huge, &SurveyOptions::default())
            .is_err()
    );
    assert!(cache.is_empty());
}

#[test]
fn ids_not_whole_devices() {
    let gravity = GravityKernel::new(&kernel()).expect("finite tz");
    let n = kernel().n_voxels();
    let error = gravity.gravity(&vec![1; 2 * n - 1], &[2.0]).unwrap_err();
    assert_eq!(
        error,
        ForwardError::IdsLength {
            ids: 2 * n - 1,
            voxels_per_device: n
        }
    );
}

#[test]
fn property_not_finite() {
    let magnetic = MagneticKernel::new(&kernel(), &igrf()).expect("finite kernel");
    let ids = vec![1; kernel().n_voxels()];
    match magnetic.tmi(&ids, &[0.0, f64::NAN]) {
        Err(ForwardError::Property { index: 1, value }) => assert!(value.is_nan()),
        other => panic!("{other:?}"),
    }
}

/// Id 0 (no lithology), a negative id and an id past the last property are errors naming
/// device, voxel and id; with several, the first device's first bad voxel is reported.
#[test]
fn ids_without_property() {
    let gravity = GravityKernel::new(&kernel()).expect("finite tz");
    let magnetic = MagneticKernel::new(&kernel(), &igrf()).expect("finite kernel");
    let n = kernel().n_voxels();
    for bad in [0, -1, 4] {
        let mut ids = vec![1; 3 * n];
        ids[n + 7] = bad;
        ids[n + 9] = bad;
        ids[2 * n + 3] = bad;
        let expected = ForwardError::UnknownId {
            device: 1,
            voxel: 7,
            id: bad,
            n_properties: 3,
        };
        assert_eq!(
            gravity.gravity(&ids, &[2.0, 2.5, 3.0]).unwrap_err(),
            expected
        );
        assert_eq!(
            magnetic.tmi(&ids, &[0.0, 0.01, 0.05]).unwrap_err(),
            expected
        );
    }
    let mut ids = vec![1; n];
    ids[5] = 0;
    let message = gravity.gravity(&ids, &[2.0]).unwrap_err().to_string();
    assert!(
        message.contains("device 0, voxel 5: lithology id 0"),
        "{message}"
    );
}
