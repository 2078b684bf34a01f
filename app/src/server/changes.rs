//! What tells a cache of public pages that they are out of date: the
//! version of each scope of public data (moved on by database triggers on
//! every write, migration 14), and the next instant at which something
//! scheduled becomes public or an event's sign-up opens, closes or starts.

use chrono::{DateTime, Utc};

use super::row::Cols;
use super::{Db, DbError};

/// A part of the public data; each public page depends on some of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Stations, readings, daily figures and the year's targets.
    Air,
    /// Cases (the board), their supporters, units, categories, working days.
    Cases,
    /// Campaigns and their events, news, environment days.
    Content,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Air, Scope::Cases, Scope::Content];

    pub fn index(self) -> usize {
        self as usize
    }

    fn code(self) -> &'static str {
        match self {
            Scope::Air => "air",
            Scope::Cases => "cases",
            Scope::Content => "content",
        }
    }
}

/// The current version of every scope, in [`Scope::ALL`] order. Only
/// change matters, never the value: on PostgreSQL a number may move
/// shortly before the write that moved it commits.
pub async fn versions(db: &Db) -> Result<[i64; 3], DbError> {
    let rows = sqlx::query("SELECT scope, n FROM public_versions")
        .fetch_all(&db.pool)
        .await?;
    let mut out = [0; 3];
    for row in rows {
        let scope: String = row.col("scope")?;
        let n: i64 = row.col("n")?;
        if let Some(s) = Scope::ALL.iter().find(|s| s.code() == scope) {
            out[s.index()] = n;
        }
    }
    Ok(out)
}

/// The first instant after `now` at which a public page changes without
/// a write: a scheduled article or campaign becomes public, an event's
/// sign-up opens or closes, an event starts or ends.
pub async fn next_due(db: &Db, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, DbError> {
    let rows = sqlx::query(
        "SELECT MIN(publish_at) AS at FROM news_articles WHERE status = 'scheduled' AND publish_at > $1 \
         UNION ALL SELECT MIN(publish_at) FROM campaigns WHERE status = 'scheduled' AND publish_at > $1 \
         UNION ALL SELECT MIN(signup_opens_at) FROM campaign_events WHERE signup_opens_at > $1 \
         UNION ALL SELECT MIN(signup_closes_at) FROM campaign_events WHERE signup_closes_at > $1 \
         UNION ALL SELECT MIN(starts_at) FROM campaign_events WHERE starts_at > $1 \
         UNION ALL SELECT MIN(ends_at) FROM campaign_events WHERE ends_at > $1",
    )
    .bind(now.to_rfc3339())
    .fetch_all(&db.pool)
    .await?;
    let mut next: Option<DateTime<Utc>> = None;
    for row in rows {
        if let Some(at) = row.instant_opt("at")? {
            next = Some(next.map_or(at, |n| n.min(at)));
        }
    }
    Ok(next)
}
