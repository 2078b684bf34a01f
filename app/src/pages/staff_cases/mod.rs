//! The staff's case pages (being split: see `case`).

mod case;

pub use case::*;
