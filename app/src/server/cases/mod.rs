//! Staff work on cases. Every change locks the case by writing to it first,
//! checks the version the staff member saw (two people acting at once: one
//! wins, the other gets a conflict and nothing is lost), goes through the
//! domain rules, writes the trail and queues the resident's message, all
//! in one transaction (`transitions`). Also: the inbox query (`inbox`),
//! one case as staff see it, the log of who saw personal data and the
//! staff's own photos (`detail`), and the reminder job (`reminders`).
//!
//! Rows are read by column name (`super::row`): a stored value that does
//! not decode is an error naming the column, never a default.

mod detail;
mod export;
mod inbox;
mod links;
mod reminders;
mod transitions;

use domain::case::Status;

pub use super::complaints::ActError;
pub use detail::{
    MAX_STAFF_PHOTOS, StaffCase, StoredEvent, add_staff_photo, case_photo, log_personal_view,
    staff_case, templates,
};
pub use export::{contacts, log_export};
pub use inbox::{
    COUNT_CAP, Cursor, InboxCase, InboxPage, InboxQuery, InboxSort, SEARCH_COUNT_CAP,
    awaiting_publication, figure_condition, inbox, inbox_counts,
};
pub use links::{
    LinkError, create_source_from_case, link_source, unlink_source, wanted, wanted_from,
};
pub use reminders::{queue_reminders, reminders};
pub use transitions::{
    StaffAction, act, add_note, event_kind, extend, find, merge, publish, set_priority,
    take_charge, version,
};

/// Statuses of cases still being worked on, for SQL `IN (…)`.
/// The codes of the open statuses (`Status::is_open`), for SQL `IN (…)`.
pub(crate) fn open_statuses() -> &'static str {
    static LIST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}
