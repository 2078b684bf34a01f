//! The Qingjia portal: pages, islands and the server functions behind them.
//!
//! Layout of this crate:
//! - `pages/`: one module per route; server-rendered components.
//! - `components/`: reusable view pieces; the few `#[island]`s live here and
//!   are the only code shipped to the browser as WASM.
//! - `i18n`: every user-visible string, in zh-CN and English.
//! - `prefs`: the visitor's language and text size.
//! - `server/` (feature `ssr`): the database pool, migrations and queries,
//!   and the state shared with the HTTP layer.
//! - `api`: server functions, thin wrappers over `server/` queries.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod prefs;
#[cfg(feature = "ssr")]
pub mod server;
mod shell;

pub use shell::{App, shell};
