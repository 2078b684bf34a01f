//! The HTTP and database integration tests, one binary: each module used
//! to be a test target of its own, and every one linked the whole server
//! again in the release build (CI time). `cargo test --release -p server
//! --test it <module>::` runs one module.

mod helpers;

mod air;
mod air_import;
mod cases;
mod complaints;
mod content;
mod exports;
mod foundation;
mod inspections;
mod page_cache;
mod public_stats;
mod sources;
mod staff;
mod stats;
mod submission;
