//! The staff dashboard's reads: sums of the daily tallies over a period
//! (and the periods it is compared with), per unit and per town, and what
//! only the open cases can tell (waiting, overdue, leaders' open cases).
//! No query reads closed cases.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::stats::{self, Counts, Figures, Live, Span};
use sqlx::any::AnyRow;

use crate::server::row::Cols;
use crate::server::{Db, DbError};

/// What the figures are narrowed to (all when `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub town: Option<String>,
    pub unit: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
}

/// How rows of a side-by-side table are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Unit,
    Town,
}

impl By {
    fn column(self) -> &'static str {
        match self {
            By::Unit => "unit",
            By::Town => "town",
        }
    }
}

impl Filter {
    /// ` AND …` conditions from parameter `$first` on, and their values;
    /// `unit` is the unit's column or expression.
    fn conditions(&self, first: usize, unit: &str) -> (String, Vec<String>) {
        let mut sql = String::new();
        let mut values = Vec::new();
        for (column, value) in [
            ("town", &self.town),
            (unit, &self.unit),
            ("category", &self.category),
            ("channel", &self.channel),
        ] {
            if let Some(v) = value {
                values.push(v.clone());
                sql.push_str(&format!(" AND {column} = ${}", first + values.len() - 1));
            }
        }
        (sql, values)
    }
}

/// `SUM(col)` of every count column, as BIGINT on both engines
/// (PostgreSQL sums BIGINT into NUMERIC).
fn sums_sql() -> String {
    stats::columns()
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn counts_of(row: &AnyRow) -> Result<Counts, DbError> {
    let values = stats::columns()
        .iter()
        .map(|c| row.col::<i64>(c))
        .collect::<Result<Vec<i64>, DbError>>()?;
    Ok(Counts::from_values(&values))
}

/// The tallies summed over `span`, in all or per group.
async fn sums(
    db: &Db,
    span: Span,
    filter: &Filter,
    by: Option<By>,
) -> Result<BTreeMap<String, Counts>, DbError> {
    let (conditions, values) = filter.conditions(3, "unit");
    let (group, key) = match by {
        Some(by) => (
            format!(" GROUP BY {}", by.column()),
            format!("{} AS grp, ", by.column()),
        ),
        None => (String::new(), "'' AS grp, ".to_owned()),
    };
    let sql = format!(
        "SELECT {key}{} FROM case_tallies WHERE day >= $1 AND day <= $2{conditions}{group}",
        sums_sql()
    );
    let mut q = sqlx::query(&sql)
        .bind(span.from.to_string())
        .bind(span.to.to_string());
    for v in values {
        q = q.bind(v);
    }
    let mut out = BTreeMap::new();
    for row in q.fetch_all(&db.pool).await? {
        out.insert(row.col::<String>("grp")?, counts_of(&row)?);
    }
    Ok(out)
}

/// Open cases now: waiting for a first answer, overdue on `today`, in a
/// leader's charge; in all or per group. Reads only open cases (the
/// status index).
async fn live(
    db: &Db,
    today: NaiveDate,
    filter: &Filter,
    by: Option<By>,
) -> Result<BTreeMap<String, Live>, DbError> {
    let open = crate::server::cases::open_statuses();
    // Before dispatch the unit on file is only a suggestion: '' as in the
    // tallies (`stats::facts_of`).
    let unit = "CASE WHEN status IN ('submitted', 'accepted') THEN '' ELSE COALESCE(unit, '') END";
    let (conditions, values) = filter.conditions(2, unit);
    let (group, key) = match by {
        Some(By::Unit) => (format!(" GROUP BY {unit}"), format!("{unit} AS grp, ")),
        Some(By::Town) => (" GROUP BY town".to_owned(), "town AS grp, ".to_owned()),
        None => (String::new(), "'' AS grp, ".to_owned()),
    };
    let sql = format!(
        "SELECT {key}\
         CAST(COALESCE(SUM(CASE WHEN answered_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS waiting, \
         CAST(COALESCE(SUM(CASE WHEN due_on < $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue, \
         CAST(COALESCE(SUM(CASE WHEN charge_by IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS charge_open \
         FROM cases WHERE status IN ({open}){conditions}{group}"
    );
    let mut q = sqlx::query(&sql).bind(today.to_string());
    for v in values {
        q = q.bind(v);
    }
    let mut out = BTreeMap::new();
    for row in q.fetch_all(&db.pool).await? {
        out.insert(
            row.col::<String>("grp")?,
            Live {
                waiting: row.col("waiting")?,
                overdue: row.col("overdue")?,
                charge_open: row.col("charge_open")?,
            },
        );
    }
    Ok(out)
}

/// One period's figures, with the open cases' counts beside them.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    pub figures: Figures,
    pub live: Live,
}

/// The dashboard: the period and the two it is compared with, and the
/// same figures per unit and per town.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub span: Span,
    pub previous: Span,
    pub year_before: Span,
    pub now: Measured,
    pub before: Figures,
    pub last_year: Figures,
    pub units: Vec<(String, Measured)>,
    pub towns: Vec<(String, Measured)>,
}

/// Figures over `span` per group (`None`: one group, keyed ''), with the
/// backlog at the period's end from the open cases and what came and went
/// since.
async fn figures(
    db: &Db,
    span: Span,
    today: NaiveDate,
    filter: &Filter,
    by: Option<By>,
) -> Result<BTreeMap<String, Measured>, DbError> {
    let sums = sums(db, span, filter, by).await?;
    let live = live(db, today, filter, by).await?;
    let since = match span.to < today {
        true => {
            let after = Span {
                from: span.to + chrono::Duration::days(1),
                to: today,
            };
            self::sums(db, after, filter, by).await?
        }
        false => BTreeMap::new(),
    };
    let groups: std::collections::BTreeSet<&String> =
        sums.keys().chain(live.keys()).chain(since.keys()).collect();
    let empty = Counts::default();
    Ok(groups
        .into_iter()
        .map(|g| {
            let l = live.get(g).cloned().unwrap_or_default();
            let backlog = stats::backlog(l.waiting, since.get(g).unwrap_or(&empty));
            let figures = Figures::of(sums.get(g).unwrap_or(&empty), backlog);
            (g.clone(), Measured { figures, live: l })
        })
        .collect())
}

/// The dashboard for `span`, seen on `today` (Shanghai).
pub async fn board(
    db: &Db,
    span: Span,
    today: NaiveDate,
    filter: &Filter,
) -> Result<Board, DbError> {
    let one = |m: BTreeMap<String, Measured>| m.into_values().next();
    let now = one(figures(db, span, today, filter, None).await?).unwrap_or_else(|| Measured {
        figures: Figures::of(&Counts::default(), 0),
        live: Live::default(),
    });
    let previous = span.previous();
    let year_before = span.year_before();
    let before = one(figures(db, previous, today, filter, None).await?)
        .map(|m| m.figures)
        .unwrap_or_else(|| Figures::of(&Counts::default(), 0));
    let last_year = one(figures(db, year_before, today, filter, None).await?)
        .map(|m| m.figures)
        .unwrap_or_else(|| Figures::of(&Counts::default(), 0));
    let units = figures(db, span, today, filter, Some(By::Unit))
        .await?
        .into_iter()
        .collect();
    let towns = figures(db, span, today, filter, Some(By::Town))
        .await?
        .into_iter()
        .collect();
    Ok(Board {
        span,
        previous,
        year_before,
        now,
        before,
        last_year,
        units,
        towns,
    })
}
