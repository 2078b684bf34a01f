//! What the sitemap lists: every public campaign and article, with the
//! day it last changed.

use chrono::{DateTime, NaiveDate, Utc};

use super::PUBLIC;
use crate::server::row::Cols;
use crate::server::{Db, DbError};

/// Everything public with its last change, for the sitemap.
pub async fn sitemap_entries(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<Vec<(String, NaiveDate)>, DbError> {
    let mut out = Vec::new();
    for (table, prefix) in [("campaigns", "/campaigns/"), ("news_articles", "/news/")] {
        let rows = sqlx::query(&format!(
            "SELECT slug, updated_at FROM {table} WHERE {PUBLIC} ORDER BY id"
        ))
        .bind(now.to_rfc3339())
        .fetch_all(&db.pool)
        .await?;
        for r in &rows {
            let slug: String = r.col("slug")?;
            out.push((
                format!("{prefix}{slug}"),
                r.instant("updated_at")?.date_naive(),
            ));
        }
    }
    Ok(out)
}
