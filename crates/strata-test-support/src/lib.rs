//! # strata-test-support — what the Strata crates' tests share (test-only, never published)
//!
//! A dev-dependency of the other crates, in the shape of burn's backend test crate: one place
//! for what their tests would otherwise each write again.
//!
//! | module | what it holds |
//! |---|---|
//! | [`paths`] | the repository's root and its data: reference cases, example projects, corpora |
//! | [`fixtures`] | small projects and picks that tests of several crates build models from |
//! | [`fuzzing`] | byte edits of valid files and the case count of the readers' fuzz tests |
//! | [`conformance`] | the conformance suite: a backend's [`ModelSolution`](strata_engine::ModelSolution) against every array of gempy_engine's reference cases, within each case's calibrated tolerances |
//!
//! The backend enters a suite in one place: the [`Kernels`](strata_engine::Kernels) value it is
//! made with (`Suite::new(Kernels::<Cpu>::default())`), so each backend's suite is one
//! [`conformance::Suite`] value, instantiated where its feature is on.

pub mod conformance;
pub mod fixtures;
pub mod fuzzing;
pub mod paths;

pub use paths::{reference_case, reference_input, repo};
