//! The content editors' pages (being split: see `campaigns`).

mod campaigns;

pub use campaigns::*;
