//! What an export of the inbox's cases reads and records beyond the list
//! itself: the residents' contact details (only when the exporter may see
//! them) and the log of the export.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::server::row::Cols;
use crate::server::{Db, DbError};

/// Name, phone number and full address of each of `ids`.
pub async fn contacts(
    db: &Db,
    ids: &[i64],
) -> Result<BTreeMap<i64, (String, String, String)>, DbError> {
    let mut out = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let list = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT id, contact_name, contact_phone, address FROM cases WHERE id IN ({list})"
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.persistent(false).fetch_all(&db.pool).await? {
            out.insert(
                r.col("id")?,
                (
                    r.col("contact_name")?,
                    r.col("contact_phone")?,
                    r.col("address")?,
                ),
            );
        }
    }
    Ok(out)
}

/// Records an export by `staff_id` of the cases `ids` (as `format`, for
/// `query`), and, when their personal data went with it, a view of each
/// case's personal data, in one transaction.
pub async fn log_export(
    db: &Db,
    staff_id: i64,
    format: &str,
    query: &str,
    ids: &[i64],
    personal: bool,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let at = now.to_rfc3339();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO case_exports (staff_id, at, format, query, cases, personal) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(staff_id)
    .bind(&at)
    .bind(format)
    .bind(query)
    .bind(ids.len() as i64)
    .bind(i64::from(personal))
    .execute(&mut *tx)
    .await?;
    if personal {
        for chunk in ids.chunks(300) {
            let sql = format!(
                "INSERT INTO personal_data_views (case_id, staff_id, at) VALUES {}",
                db.engine.values_list(chunk.len(), 3)
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id).bind(staff_id).bind(&at);
            }
            q.persistent(false).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(
        staff_id,
        format,
        cases = ids.len(),
        personal,
        "cases exported"
    );
    Ok(())
}
