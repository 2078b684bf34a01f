//! Demo content (being split: see `air`).

mod air;

pub use air::*;
