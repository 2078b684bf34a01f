//! Complaints in the database: categories and units, drafts being filed,
//! submission (idempotent per draft), tracking with reference and access
//! code, rating and review, the public board and the duplicate hint.
//!
//! Rows are read by column name (`super::row`): a stored value that does
//! not decode is an error naming the column, never a default.

mod board;
mod catalog;
mod drafts;
mod photos;
mod tracking;

use super::DbError;

pub use board::{
    BOARD_PAGE, BoardCase, NEARBY_METRES, Nearby, add_voice, board, nearby_open, nearby_tag,
};
pub use catalog::{
    Category, Unit, categories, seed_work_calendar, set_work_day, units, work_calendar,
    work_days_of_year,
};
pub(crate) use catalog::{calendar_entry, deadline_days};
pub use drafts::{
    Confirmed, DRAFT_HOURS, StoredDraft, confirmation, forget_old_codes, load_draft, new_draft,
    purge_drafts, save_draft,
};
pub use photos::{
    MAX_PHOTOS, Photo, add_draft_photo, draft_photo, draft_photos, remove_draft_photo,
};
pub use tracking::{PublicEvent, Tracked, rate, request_review, track, tracked};

/// Why a change to a case was not made, by staff or by the resident.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    #[error("not allowed: {0}")]
    NotAllowed(domain::case::NotAllowed),
    #[error("the case changed meanwhile")]
    Conflict,
    #[error("refused: {0}")]
    Refused(domain::handling::Refused),
    #[error("the form has problems")]
    Invalid(domain::handling::Problems),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ActError {
    fn from(e: sqlx::Error) -> Self {
        ActError::Db(e.into())
    }
}
