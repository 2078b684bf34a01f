//! Pure domain rules of the Qingjia portal.
//!
//! Nothing here knows about HTTP, Leptos or SQL: each module turns input into
//! validated types or computes a rule, and is unit-tested in place. The web
//! layer (`app`, `server`) and the browser (WASM islands) share these types.

pub mod access;
pub mod aqi;
pub mod calendar;
pub mod case;
pub mod complaint;
pub mod content;
pub mod handling;
pub mod inspection;
pub mod mask;
pub mod prefs;
pub mod public_stats;
pub mod shanghai;
pub mod source;
pub mod staff;
pub mod stats;
pub mod trail;
pub mod warning;
pub mod workdays;
