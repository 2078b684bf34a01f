//! Demo content for the embedded run: seeded into an empty database when
//! demo mode is on, and clearly marked as demo data wherever it shows.
//!
//! One module per kind, each seeding only when its tables are empty: air
//! quality (`air`, also topped up while the demo runs), staff accounts
//! (`staff`, also the count that stops a server outside demo mode and the
//! retirement `server remove-demo-accounts` runs), complaints (`cases`) and
//! campaigns, events and news (`content`). The server calls them on start.

mod air;
mod cases;
mod content;
mod rng;
mod staff;

pub use air::{generated_stations, seed_if_empty, station_readings, top_up};
pub use cases::seed_cases_if_empty;
pub use content::seed_content_if_empty;
pub use rng::Rng;
pub use staff::{DEMO_PASSWORD, DEMO_TOTP_SECRET, active_staff, retire_staff, seed_staff_if_empty};
