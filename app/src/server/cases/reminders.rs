//! Reminders: a job queues one for each open case due soon or overdue,
//! and staff see today's in their scope.

use chrono::{DateTime, NaiveDate, Utc};

use super::open_statuses;
use crate::server::row::Cols;
use crate::server::{Db, DbError};

/// Queues reminders for open cases due soon or overdue on `today` (one per
/// case, kind and day, however often it runs or on however many
/// instances). The number queued now.
pub async fn queue_reminders(
    db: &Db,
    today: NaiveDate,
    soon_until: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let open = open_statuses();
    let mut queued = 0;
    for (kind, condition) in [
        ("overdue", "due_on < $2"),
        ("due_soon", "due_on >= $2 AND due_on <= $3"),
    ] {
        let sql = format!(
            "INSERT INTO case_reminders (case_id, unit, kind, day, created_at, due_on) \
             SELECT id, unit, '{kind}', $2, $1, due_on FROM cases \
             WHERE status IN ({open}) AND {condition} \
             ON CONFLICT (case_id, kind, day) DO NOTHING"
        );
        let mut query = sqlx::query(&sql)
            .bind(now.to_rfc3339())
            .bind(today.to_string());
        if kind == "due_soon" {
            query = query.bind(soon_until.to_string());
        }
        queued += query.execute(&db.pool).await?.rows_affected();
    }
    Ok(queued)
}

/// Today's reminders in a staff member's scope (`unit` for handlers), the
/// first fifty by deadline, read in order from the reminders' own index
/// (their deadline is copied in when they are queued).
pub async fn reminders(
    db: &Db,
    unit: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<crate::api::cases::Reminder>, DbError> {
    let open = open_statuses();
    let scope = if unit.is_some() {
        "AND r.unit = $2"
    } else {
        ""
    };
    // The first 200 of the day by deadline, then those still open: asked
    // at once, PostgreSQL expects few reminded cases to be open (2 % of
    // all cases are) and joins and sorts every reminder of the day.
    let sql = format!(
        "SELECT c.reference, r.kind, c.due_on FROM (SELECT case_id, kind, due_on \
         FROM case_reminders r WHERE r.day = $1 {scope} ORDER BY due_on, case_id LIMIT 200) r \
         JOIN cases c ON c.id = r.case_id WHERE c.status IN ({open}) \
         ORDER BY r.due_on, r.case_id LIMIT 50"
    );
    let mut query = sqlx::query(&sql).bind(today.to_string());
    if let Some(unit) = unit {
        query = query.bind(unit.to_owned());
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(crate::api::cases::Reminder {
                reference: r.col("reference")?,
                overdue: r.parsed("kind", |kind| match kind {
                    "overdue" => Some(true),
                    "due_soon" => Some(false),
                    _ => None,
                })?,
                due_on: r.date("due_on")?,
            })
        })
        .collect()
}
