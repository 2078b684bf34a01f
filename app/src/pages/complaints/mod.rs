//! The complaint pages (being split: see `steps`).

mod steps;

pub use steps::*;
