//! The staff dashboard's reads: sums of the daily tallies over a period
//! (and the periods it is compared with), per unit and per town, and what
//! only the open cases can tell (waiting, overdue, leaders' open cases).
//! No query reads closed cases.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::stats::{self, Counts, Figures, Live, Span, Step};
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
    /// `YYYY-MM` (tallies only).
    Month,
}

impl By {
    fn column(self) -> &'static str {
        match self {
            By::Unit => "unit",
            By::Town => "town",
            By::Month => "SUBSTR(day, 1, 7)",
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
pub(super) fn sums_sql() -> String {
    stats::columns()
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn counts_of(row: &AnyRow) -> Result<Counts, DbError> {
    let values = stats::columns()
        .iter()
        .map(|c| row.col::<i64>(c))
        .collect::<Result<Vec<i64>, DbError>>()?;
    Ok(Counts::from_values(&values))
}

/// The tallies summed over `span`, in all or per group: its whole months
/// from the monthly tallies, the days before and after from the daily.
async fn sums(
    db: &Db,
    span: Span,
    filter: &Filter,
    by: Option<By>,
) -> Result<BTreeMap<String, Counts>, DbError> {
    let (months, days) = span.split_months();
    let mut parts: Vec<(&str, Span)> = days.into_iter().map(|d| ("case_tallies", d)).collect();
    if let Some((from, to)) = months {
        parts.push(("case_tallies_monthly", Span { from, to }));
    }
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for (table, part) in parts {
        for (group, counts) in sums_in(db, table, part, filter, by).await? {
            *out.entry(group).or_default() += &counts;
        }
    }
    Ok(out)
}

/// The rows of `table` with `day` in `span`, summed.
async fn sums_in(
    db: &Db,
    table: &str,
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
        "SELECT {key}{} FROM {table} WHERE day >= $1 AND day <= $2{conditions}{group}",
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

/// The unit an open case counts for: before dispatch the unit on file is
/// only a suggestion, '' as in the tallies (`stats::facts_of`).
const UNIT_OF_OPEN: &str =
    "CASE WHEN status IN ('submitted', 'accepted') THEN '' ELSE COALESCE(unit, '') END";

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
    let unit = UNIT_OF_OPEN;
    let (conditions, values) = filter.conditions(2, unit);
    let (group, key) = match by {
        Some(By::Unit) => (format!(" GROUP BY {unit}"), format!("{unit} AS grp, ")),
        Some(By::Town) => (" GROUP BY town".to_owned(), "town AS grp, ".to_owned()),
        Some(By::Month) | None => (String::new(), "'' AS grp, ".to_owned()),
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
    pub charts: Charts,
}

/// What the dashboard's charts draw (each with its table).
#[derive(Clone, Debug, PartialEq)]
pub struct Charts {
    pub step: Step,
    /// The categories with intake in the period, in the order of the
    /// series.
    pub categories: Vec<String>,
    /// Per bar: its first day and the intake per category.
    pub intake: Vec<(NaiveDate, Vec<i64>)>,
    /// The twelve months up to the period's end, with their sums.
    pub months: Vec<(Span, Counts)>,
    /// Open cases now per age (`domain::stats::AGES`).
    pub ages: Vec<i64>,
}

/// Figures over `span` per group (`None`: one group, keyed ''), with the
/// backlog at the period's end from the open cases now (`live`, grouped
/// the same way) and what came and went since.
async fn figures(
    db: &Db,
    span: Span,
    today: NaiveDate,
    filter: &Filter,
    by: Option<By>,
    live: &BTreeMap<String, Live>,
) -> Result<BTreeMap<String, Measured>, DbError> {
    let sums = sums(db, span, filter, by).await?;
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
    // The open cases are the same for every period: read once per grouping.
    let open = live(db, today, filter, None).await?;
    let now =
        one(figures(db, span, today, filter, None, &open).await?).unwrap_or_else(|| Measured {
            figures: Figures::of(&Counts::default(), 0),
            live: Live::default(),
        });
    let previous = span.previous();
    let year_before = span.year_before();
    let before = one(figures(db, previous, today, filter, None, &open).await?)
        .map(|m| m.figures)
        .unwrap_or_else(|| Figures::of(&Counts::default(), 0));
    // A year's period before is the year before: read once.
    let last_year = match previous == year_before {
        true => before.clone(),
        false => one(figures(db, year_before, today, filter, None, &open).await?)
            .map(|m| m.figures)
            .unwrap_or_else(|| Figures::of(&Counts::default(), 0)),
    };
    let grouped = |by: By| async move {
        let open = live(db, today, filter, Some(by)).await?;
        figures(db, span, today, filter, Some(by), &open).await
    };
    let units = grouped(By::Unit).await?.into_iter().collect();
    let towns = grouped(By::Town).await?.into_iter().collect();
    let charts = charts(db, span, today, filter).await?;
    Ok(Board {
        charts,
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

/// The charts' data: intake per day, week or month and category; the
/// twelve months' sums; open cases by age.
async fn charts(db: &Db, span: Span, today: NaiveDate, filter: &Filter) -> Result<Charts, DbError> {
    let step = Step::for_span(span);
    // Bars of a month read the monthly tallies for the whole months.
    let mut parts = vec![("case_tallies", span)];
    if step == Step::Month {
        let (months, days) = span.split_months();
        parts = days.into_iter().map(|d| ("case_tallies", d)).collect();
        if let Some((from, to)) = months {
            parts.push(("case_tallies_monthly", Span { from, to }));
        }
    }
    let (conditions, values) = filter.conditions(3, "unit");
    let mut per: BTreeMap<(NaiveDate, String), i64> = BTreeMap::new();
    let mut categories = std::collections::BTreeSet::new();
    for (table, part) in parts {
        let sql = format!(
            "SELECT day, category, CAST(SUM(intake) AS BIGINT) AS n FROM {table} \
             WHERE day >= $1 AND day <= $2{conditions} GROUP BY day, category"
        );
        let mut q = sqlx::query(&sql)
            .bind(part.from.to_string())
            .bind(part.to.to_string());
        for v in &values {
            q = q.bind(v.clone());
        }
        for row in q.fetch_all(&db.pool).await? {
            let n: i64 = row.col("n")?;
            if n == 0 {
                continue;
            }
            let category: String = row.col("category")?;
            categories.insert(category.clone());
            *per.entry((step.start(row.date("day")?), category))
                .or_default() += n;
        }
    }
    let categories: Vec<String> = categories.into_iter().collect();
    let intake = step
        .starts(span)
        .into_iter()
        .map(|start| {
            let counts = categories
                .iter()
                .map(|c| per.get(&(start, c.clone())).copied().unwrap_or(0))
                .collect();
            (start, counts)
        })
        .collect();
    let months = stats::twelve_months(span.to);
    let year = Span {
        from: months.first().map_or(span.from, |m| m.from),
        to: span.to,
    };
    let mut per_month = self::sums(db, year, filter, Some(By::Month)).await?;
    let sums = months
        .into_iter()
        .map(|m| {
            let key = m.from.format("%Y-%m").to_string();
            (m, per_month.remove(&key).unwrap_or_default())
        })
        .collect();
    Ok(Charts {
        step,
        categories,
        intake,
        months: sums,
        ages: ages(db, today, filter).await?,
    })
}

/// Open cases now per age bucket (`domain::stats::AGES`), by the Shanghai
/// day they were received.
async fn ages(db: &Db, today: NaiveDate, filter: &Filter) -> Result<Vec<i64>, DbError> {
    let open = crate::server::cases::open_statuses();
    // A case received on or after the Shanghai midnight `lo` days ago is
    // at most `lo` days old.
    let midnight = |days_ago: i64| -> String {
        domain::shanghai::midnight(today - chrono::Duration::days(days_ago)).to_rfc3339()
    };
    let mut columns = Vec::new();
    let mut bounds = Vec::new();
    for (i, (lo, hi)) in stats::AGES.iter().enumerate() {
        let newer = match hi {
            &i64::MAX => "1 = 1".to_owned(),
            _ => {
                bounds.push(midnight(*hi));
                format!("submitted_at >= ${}", bounds.len())
            }
        };
        bounds.push(midnight(*lo - 1));
        let older = format!("submitted_at < ${}", bounds.len());
        columns.push(format!(
            "CAST(COALESCE(SUM(CASE WHEN {newer} AND {older} THEN 1 ELSE 0 END), 0) AS BIGINT) AS a{i}"
        ));
    }
    let (conditions, values) = filter.conditions(bounds.len() + 1, UNIT_OF_OPEN);
    let sql = format!(
        "SELECT {} FROM cases WHERE status IN ({open}){conditions}",
        columns.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for b in bounds {
        q = q.bind(b);
    }
    for v in values {
        q = q.bind(v);
    }
    let row = q.fetch_one(&db.pool).await?;
    (0..stats::AGES.len())
        .map(|i| row.col::<i64>(&format!("a{i}")))
        .collect()
}
