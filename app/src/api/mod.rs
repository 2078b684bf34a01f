//! Server functions, grouped by capability. Each is a thin wrapper: it takes
//! the pool from context, calls a query in `crate::server`, and returns
//! serialisable data.

pub mod air;
pub mod air_import;
pub mod cases;
pub mod complaints;
pub mod content;
pub mod home;
pub mod inspections;
pub mod outbox;
pub mod public_stats;
pub mod sources;
pub mod staff;
pub mod stats;
pub mod trail;
