//! Arithmetic shared by `f64` and burn float tensors, so each formula is written once.

use core::ops::{Add, Div, Mul, Neg, Sub};

use burn::tensor::{Tensor, backend::Backend};

/// A real number or an element-wise array of them.
pub trait Real:
    Clone
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + Neg<Output = Self>
{
    /// `eˣ`.
    fn exp(self) -> Self;
    /// `√x`.
    fn sqrt(self) -> Self;
    /// `xᵉ` (libm `pow`, as numpy's `**` with an integer exponent other than 2).
    fn powf(self, e: f64) -> Self;
}

impl Real for f64 {
    fn exp(self) -> Self {
        f64::exp(self)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn powf(self, e: f64) -> Self {
        f64::powf(self, e)
    }
}

impl<B: Backend, const D: usize> Real for Tensor<B, D> {
    fn exp(self) -> Self {
        Tensor::exp(self)
    }
    fn sqrt(self) -> Self {
        Tensor::sqrt(self)
    }
    fn powf(self, e: f64) -> Self {
        Tensor::powf_scalar(self, e)
    }
}
