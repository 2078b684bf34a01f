//! The trail verifier, for administrators and leaders.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The verifier's finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TrailCheck {
    Intact {
        events: u64,
    },
    /// The first event whose content, link or sequence does not check out.
    Broken {
        seq: i64,
        what: String,
    },
    Truncated {
        last_seq: i64,
        head_seq: i64,
    },
}

/// Recomputes the chain; `None` without a session allowed to.
#[server(endpoint = "staff/trail")]
pub async fn check_trail() -> Result<Option<TrailCheck>, ServerFnError> {
    use crate::server::trail::Verdict;
    use domain::trail::Break;

    let db = crate::server::use_db()?;
    if !crate::api::staff::session_may(&db, domain::access::Action::VerifyTrail).await? {
        return Ok(None);
    }
    let verdict = crate::server::trail::verify(&db)
        .await
        .map_err(crate::server::internal)?;
    Ok(Some(match verdict {
        Verdict::Intact(events) => TrailCheck::Intact { events },
        Verdict::Broken(b) => {
            let (seq, what) = match b {
                Break::Content { seq } => (seq, "content"),
                Break::Link { seq } => (seq, "link"),
                Break::Gap { seq } => (seq, "gap"),
            };
            TrailCheck::Broken {
                seq,
                what: what.to_owned(),
            }
        }
        Verdict::Truncated { last_seq, head_seq } => TrailCheck::Truncated { last_seq, head_seq },
    }))
}
