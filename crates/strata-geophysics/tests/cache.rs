//! The survey-kernel cache: one computation per geometry, content-hash keys, LRU eviction.

use std::num::NonZeroUsize;
use std::sync::Arc;

use strata_geophysics::{CenteredKernel, Igrf, KernelCache, SurveyKey, SurveyOptions};

fn kernel(radius: f64) -> CenteredKernel {
    CenteredKernel::new([radius, radius, 4.0 * radius], [4, 4, 5]).expect("valid kernel")
}

fn magnetics(inclination: f64) -> SurveyOptions {
    let igrf = Igrf::new(inclination, 10.0, 50_000.0).expect("valid field");
    SurveyOptions::default().with_magnetics(igrf)
}

#[test]
fn a_held_survey_is_not_recomputed() {
    let mut cache = KernelCache::default();
    assert_eq!(cache.capacity(), KernelCache::DEFAULT_CAPACITY.get());
    let first = cache
        .get_or_compute(&kernel(200.0), &magnetics(60.0))
        .expect("finite");
    let second = cache
        .get_or_compute(&kernel(200.0), &magnetics(60.0))
        .expect("finite");
    assert!(Arc::ptr_eq(&first, &second));
    assert_eq!(cache.len(), 1);
    assert!(first.magnetic_kernel().is_some());
}

/// Every input of the kernels is part of the key; equal inputs give equal keys.
#[test]
fn keys_identify_the_inputs() {
    let base = SurveyKey::new(&kernel(200.0), &magnetics(60.0));
    assert_eq!(base, SurveyKey::new(&kernel(200.0), &magnetics(60.0)));
    let others = [
        SurveyKey::new(&kernel(201.0), &magnetics(60.0)),
        SurveyKey::new(
            &CenteredKernel::new([200.0, 200.0, 800.0], [4, 4, 6]).expect("valid"),
            &magnetics(60.0),
        ),
        SurveyKey::new(&kernel(200.0), &magnetics(61.0)),
        SurveyKey::new(&kernel(200.0), &SurveyOptions::default()),
    ];
    for (i, other) in others.iter().enumerate() {
        assert_ne!(base, *other, "variant {i}");
    }
}

/// The key is blake3 over the documented little-endian encoding, written out here.
#[test]
fn key_is_the_hash_of_the_canonical_encoding() {
    let p08 = CenteredKernel::new([200.0, 200.0, 800.0], [10, 10, 15]).expect("valid kernel");
    let mut bytes = b"strata-geophysics survey kernels v1".to_vec();
    for radius in [200.0f64, 200.0, 800.0] {
        bytes.extend(radius.to_bits().to_le_bytes());
    }
    for resolution in [10u64, 10, 15] {
        bytes.extend(resolution.to_le_bytes());
    }
    bytes.push(1);
    for value in [60.0f64, 10.0, 50_000.0] {
        bytes.extend(value.to_bits().to_le_bytes());
    }
    let key = SurveyKey::new(&p08, &magnetics(60.0));
    assert_eq!(key.as_bytes(), blake3::hash(&bytes).as_bytes());
    assert_eq!(
        key.to_string(),
        "834c2d35f38e269442344fa1c6f1af8fb0e186bddd840da20274dbf72851c52a"
    );
}

#[test]
fn the_least_recently_used_survey_is_evicted() {
    let mut cache = KernelCache::new(NonZeroUsize::new(2).expect("non-zero"));
    let options = SurveyOptions::default();
    let key = |radius| SurveyKey::new(&kernel(radius), &options);
    cache
        .get_or_compute(&kernel(1.0), &options)
        .expect("finite");
    cache
        .get_or_compute(&kernel(2.0), &options)
        .expect("finite");
    cache
        .get_or_compute(&kernel(1.0), &options)
        .expect("finite"); // 2 is now the oldest
    cache
        .get_or_compute(&kernel(3.0), &options)
        .expect("finite");
    assert_eq!(cache.len(), 2);
    assert!(cache.contains(&key(1.0)) && cache.contains(&key(3.0)));
    assert!(!cache.contains(&key(2.0)));
}
