//! The notification outbox, for administrators: what was sent to whom.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    /// The case the message is about; `None` for an event sign-up.
    pub reference: Option<String>,
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The latest 200 messages; `None` without an administrator's session.
#[server(endpoint = "staff/outbox")]
pub async fn get_outbox() -> Result<Option<Vec<OutboxRow>>, ServerFnError> {
    let db = crate::server::use_db()?;
    if !crate::api::staff::session_may(&db, domain::access::Action::ViewOutbox).await? {
        return Ok(None);
    }
    crate::server::outbox::recent(&db, 200)
        .await
        .map(Some)
        .map_err(crate::server::internal)
}
