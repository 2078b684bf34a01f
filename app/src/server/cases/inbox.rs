//! The inbox: cases filtered by what staff may see and ask for, a page at a
//! time, and the counts beside it.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::Status;
use domain::handling::Priority;
use sqlx::any::AnyRow;

use super::open_statuses;
use crate::server::row::Cols;
use crate::server::{Db, DbError};

/// A value bound to a dynamically built query.
enum Arg {
    Text(String),
    Int(i64),
}

/// The inbox's query, already checked: what the handler built from the
/// filter and the staff member's scope.
#[derive(Clone, Debug, Default)]
pub struct InboxQuery {
    /// Only this unit's cases (handlers).
    pub scope_unit: Option<String>,
    pub status: Option<Status>,
    /// All statuses (otherwise open cases only, unless `status`).
    pub all: bool,
    pub category: Option<String>,
    pub unit: Option<String>,
    /// Due on or before this day (and not before `due_from`).
    pub due_until: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub reference: Option<String>,
    /// Digits of a phone number (staff allowed to see personal data).
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Search the full address (flat and room numbers) with `address`: only
    /// for staff who may see personal data; others search the public part.
    pub address_full: bool,
    /// Only cases the resident allowed on the board that wait for their
    /// public text to be approved.
    pub awaiting_publication: bool,
    pub sort: InboxSort,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxSort {
    #[default]
    Due,
    Newest,
    Priority,
}

/// One inbox row, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct InboxCase {
    pub reference: String,
    pub category: String,
    pub town: String,
    pub unit: Option<String>,
    pub status: Status,
    pub priority: Priority,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub address_public: String,
    pub supporters: i64,
    pub charge: Option<String>,
}

impl TryFrom<&AnyRow> for InboxCase {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<InboxCase, DbError> {
        Ok(InboxCase {
            reference: r.col("reference")?,
            category: r.col("category")?,
            town: r.col("town")?,
            unit: r.col("unit")?,
            status: r.parsed("status", Status::parse)?,
            priority: r.parsed("priority", |p| Priority::parse(p).ok())?,
            submitted_at: r.instant("submitted_at")?,
            due_on: r.date("due_on")?,
            address_public: r.col("address_public")?,
            supporters: r.col("supporters")?,
            charge: r.col("display_name")?,
        })
    }
}

/// Cases the resident allowed on the board whose public text no one has
/// approved yet (rejected and merged cases never go public).
const AWAITING_PUBLICATION: &str =
    "c.public = 1 AND c.published_at IS NULL AND c.status <> 'rejected' AND c.merged_into IS NULL";

/// How many cases wait for their public text to be approved.
pub async fn awaiting_publication(db: &Db) -> Result<i64, DbError> {
    sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM cases c WHERE {AWAITING_PUBLICATION}"
    ))
    .fetch_one(&db.pool)
    .await?
    .col("n")
}

fn like_pattern(raw: &str) -> String {
    let escaped: String = raw
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// One page of the inbox and the number of matching cases.
pub async fn inbox(db: &Db, q: &InboxQuery) -> Result<(Vec<InboxCase>, i64), DbError> {
    let open = open_statuses();
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut push = |sql: &str, arg: Arg, conditions: &mut Vec<String>| {
        args.push(arg);
        conditions.push(sql.replace('?', &format!("${}", args.len())));
    };
    if let Some(unit) = &q.scope_unit {
        push("c.unit = ?", Arg::Text(unit.clone()), &mut conditions);
    }
    match (q.status, q.all) {
        (Some(s), _) => push(
            "c.status = ?",
            Arg::Text(s.code().to_owned()),
            &mut conditions,
        ),
        (None, false) => conditions.push(format!("c.status IN ({open})")),
        (None, true) => {}
    }
    if let Some(c) = &q.category {
        push("c.category = ?", Arg::Text(c.clone()), &mut conditions);
    }
    if let Some(u) = &q.unit {
        push("c.unit = ?", Arg::Text(u.clone()), &mut conditions);
    }
    if let Some(d) = q.due_until {
        push("c.due_on <= ?", Arg::Text(d.to_string()), &mut conditions);
    }
    if let Some(d) = q.due_from {
        push("c.due_on >= ?", Arg::Text(d.to_string()), &mut conditions);
    }
    if let Some(r) = &q.reference {
        push("c.reference = ?", Arg::Text(r.clone()), &mut conditions);
    }
    if let Some(p) = &q.phone {
        push(
            "c.contact_phone LIKE ? ESCAPE '\\'",
            Arg::Text(like_pattern(p)),
            &mut conditions,
        );
    }
    if q.awaiting_publication {
        conditions.push(AWAITING_PUBLICATION.to_owned());
    }
    if let Some(a) = &q.address {
        let column = if q.address_full {
            "c.address"
        } else {
            "c.address_public"
        };
        push(
            &format!("{column} LIKE ? ESCAPE '\\'"),
            Arg::Text(like_pattern(a)),
            &mut conditions,
        );
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = match q.sort {
        InboxSort::Due => "c.due_on, c.id",
        InboxSort::Newest => "c.submitted_at DESC, c.id DESC",
        InboxSort::Priority => {
            "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, c.due_on, c.id"
        }
    };
    let count_sql = format!("SELECT COUNT(*) AS n FROM cases c {filter}");
    let mut count = sqlx::query(&count_sql);
    for a in &args {
        count = match a {
            Arg::Text(t) => count.bind(t.clone()),
            Arg::Int(i) => count.bind(*i),
        };
    }
    let total: i64 = count.fetch_one(&db.pool).await?.col("n")?;
    let n = args.len();
    let sql = format!(
        "SELECT c.reference, c.category, c.town, c.unit, c.status, c.priority, c.submitted_at, \
         c.due_on, c.address_public, c.supporters, s.display_name \
         FROM cases c LEFT JOIN staff_users s ON s.id = c.charge_by {filter} \
         ORDER BY {order} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query(&sql);
    for a in args
        .into_iter()
        .chain([Arg::Int(q.limit), Arg::Int(q.offset)])
    {
        query = match a {
            Arg::Text(t) => query.bind(t),
            Arg::Int(i) => query.bind(i),
        };
    }
    let rows = query.fetch_all(&db.pool).await?;
    let cases = rows
        .iter()
        .map(InboxCase::try_from)
        .collect::<Result<_, _>>()?;
    Ok((cases, total))
}

/// Counts in a staff member's scope: cases per status, and open cases due
/// soon and overdue.
pub async fn inbox_counts(
    db: &Db,
    scope_unit: Option<&str>,
    today: NaiveDate,
    soon_until: NaiveDate,
) -> Result<(Vec<(Status, i64)>, i64, i64), DbError> {
    let open = open_statuses();
    let unit = scope_unit.unwrap_or("");
    let rows = sqlx::query(
        "SELECT status, COUNT(*) AS n FROM cases WHERE ($1 = '' OR unit = $1) GROUP BY status",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    let counted = rows
        .iter()
        .map(|r| Ok((r.parsed("status", Status::parse)?, r.col::<i64>("n")?)))
        .collect::<Result<Vec<_>, DbError>>()?;
    let per_status = Status::ALL
        .iter()
        .map(|s| {
            let n = counted
                .iter()
                .find(|(status, _)| status == s)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (*s, n)
        })
        .collect();
    let flags = sqlx::query(&format!(
        "SELECT \
         COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) AS overdue, \
         COALESCE(SUM(CASE WHEN due_on >= $2 AND due_on <= $3 THEN 1 ELSE 0 END), 0) AS due_soon \
         FROM cases WHERE ($1 = '' OR unit = $1) AND status IN ({open})"
    ))
    .bind(unit)
    .bind(today.to_string())
    .bind(soon_until.to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok((per_status, flags.col("due_soon")?, flags.col("overdue")?))
}
