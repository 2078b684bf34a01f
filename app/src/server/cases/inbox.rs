//! The inbox: cases filtered by what staff may see and ask for, a page at a
//! time, and the counts beside it.

use chrono::{DateTime, NaiveDate, Utc};
use domain::case::Status;
use domain::handling::Priority;
use sqlx::any::AnyRow;

use super::open_statuses;
use crate::server::row::Cols;
use crate::server::{Db, DbError, Engine};

/// A value bound to a dynamically built query.
#[derive(Clone)]
enum Arg {
    Text(String),
    Int(i64),
}

/// Above this many matching cases the inbox says "more than" instead of
/// counting them all: a count stops after this many index entries.
pub const COUNT_CAP: i64 = 10_000;
/// The same for a search by part of an address or phone number: trigram
/// matches are candidates that each have to be read from the table and
/// checked, so counting 10,000 of them took longer than the page itself
/// (12 ms of 25 on PostgreSQL with a million cases), and 1,000 still 9 ms
/// for a common road (a phone number's last four digits: 10 ms); 200 take
/// 5 and 1.6 ms. Past ten pages the search wants narrowing anyway.
pub const SEARCH_COUNT_CAP: i64 = 200;

/// Where a page starts (keyset pagination): the sort key of the last case
/// of the page before (or, `backward`, the first of the page after).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The priority rank (0 urgent, 1 high, 2 normal); only for that sort.
    pub rank: i64,
    /// The deadline (`YYYY-MM-DD`) or, newest first, the filing time as
    /// stored.
    pub key: String,
    pub id: i64,
    pub backward: bool,
}

impl Cursor {
    /// The cursor's form in a link: `rank~key~id`.
    pub fn encode(&self) -> String {
        format!("{}~{}~{}", self.rank, self.key, self.id)
    }

    /// Reads a cursor from a link; None for anything else (the first page).
    pub fn parse(raw: &str, backward: bool) -> Option<Cursor> {
        let mut parts = raw.splitn(3, '~');
        let rank: i64 = parts.next()?.parse().ok()?;
        let key = parts.next()?;
        let id: i64 = parts.next()?.parse().ok()?;
        let key_ok = (1..=40).contains(&key.len())
            && key
                .bytes()
                .all(|b| b.is_ascii_digit() || b"-:.+TZ".contains(&b));
        ((0..=2).contains(&rank) && key_ok && id > 0).then(|| Cursor {
            rank,
            key: key.to_owned(),
            id,
            backward,
        })
    }
}

/// The inbox's query, already checked: what the handler built from the
/// filter and the staff member's scope.
#[derive(Clone, Debug, Default)]
pub struct InboxQuery {
    /// Only this unit's cases (handlers).
    pub scope_unit: Option<String>,
    pub status: Option<Status>,
    /// Any of these statuses (unless `status` or `all`): the cases waiting
    /// for the viewer's step.
    pub statuses: Vec<Status>,
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
    /// A town's cases.
    pub town: Option<String>,
    /// Received at or after the first instant and before the second (RFC
    /// 3339, as stored).
    pub received: Option<(String, String)>,
    /// First answered in that span (merged duplicates never are).
    pub answered: Option<(String, String)>,
    /// A dashboard figure's condition ([`figure_condition`]).
    pub figure: Option<&'static str>,
    /// Only cases the resident allowed on the board that wait for their
    /// public text to be approved.
    pub awaiting_publication: bool,
    pub sort: InboxSort,
    pub cursor: Option<Cursor>,
    pub limit: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxSort {
    #[default]
    Due,
    Newest,
    Priority,
}

/// The SQL condition of a dashboard figure's cases
/// (`crate::api::cases::FIGURE_FILTERS`), as the tallies count them
/// (`domain::stats::contributions`).
pub fn figure_condition(code: &str) -> Option<&'static str> {
    Some(match code {
        "waiting" => "c.answered_at IS NULL AND c.merged_into IS NULL",
        "replied" => "c.answer = 'reply'",
        "rated" => "c.answer = 'reply' AND c.rating IS NOT NULL",
        "reviewed" => "c.answer = 'reply' AND c.reviewed = 1",
        "repeat" => "c.is_repeat = 1",
        "charge" => "c.charge_by IS NOT NULL",
        _ => return None,
    })
}

/// One page of the inbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InboxPage {
    pub cases: Vec<InboxCase>,
    /// Matching cases, at most [`COUNT_CAP`] ([`SEARCH_COUNT_CAP`] for a search)…
    pub total: i64,
    /// …and whether there are more than that.
    pub capped: bool,
    /// Cursors of the pages after and before this one, if there are any.
    pub next: Option<Cursor>,
    pub previous: Option<Cursor>,
}

/// One inbox row, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct InboxCase {
    pub id: i64,
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
    /// The filing time as stored (the key of the newest-first order).
    pub submitted_key: String,
    /// The most severe active warning the case belongs to.
    pub warning: Option<domain::warning::Severity>,
}

impl InboxCase {
    fn cursor(&self, sort: InboxSort, backward: bool) -> Cursor {
        Cursor {
            rank: match sort {
                InboxSort::Priority => self.priority.rank(),
                _ => 0,
            },
            key: match sort {
                InboxSort::Newest => self.submitted_key.clone(),
                _ => self.due_on.to_string(),
            },
            id: self.id,
            backward,
        }
    }
}

impl TryFrom<&AnyRow> for InboxCase {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<InboxCase, DbError> {
        Ok(InboxCase {
            id: r.col("id")?,
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
            submitted_key: r.col("submitted_at")?,
            warning: match r.col::<Option<i64>>("warning_level")? {
                Some(3) => Some(domain::warning::Severity::High),
                Some(2) => Some(domain::warning::Severity::Medium),
                Some(_) => Some(domain::warning::Severity::Low),
                None => None,
            },
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

/// The priority rank in SQL, spelt as the indexes spell it
/// ([`Priority::rank`]).
const RANK: &str = "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END";

/// A condition finding `text` anywhere in `column` (address,
/// address_public or contact_phone), with `?` for its one argument, and
/// the FTS5 query when it uses SQLite's index. Three characters or more
/// go through the trigram index of each engine (FTS5 on SQLite, `index`
/// of [`FTS_ALL`] or [`FTS_OPEN`]; pg_trgm under `LIKE` on PostgreSQL,
/// whose planner picks the index of open cases itself); shorter ones are
/// a scan.
fn contains(
    engine: Engine,
    index: &str,
    column: &str,
    text: &str,
) -> (String, Arg, Option<String>) {
    if engine == Engine::Sqlite && text.chars().count() >= 3 {
        let phrase = format!("{{{column}}} : \"{}\"", text.replace('"', "\"\""));
        (
            format!("{FTS_FROM}{index} WHERE {index} MATCH ?)"),
            Arg::Text(phrase.clone()),
            Some(phrase),
        )
    } else {
        (
            format!("c.{column} LIKE ? ESCAPE '\\'"),
            Arg::Text(like_pattern(text)),
            None,
        )
    }
}

/// SQLite's trigram indexes: of every case, and of the open cases alone
/// (a common road matches 20 times fewer there).
const FTS_ALL: &str = "cases_search";
const FTS_OPEN: &str = "cases_open_search";
/// How SQLite's search condition starts. SQLite always starts from the
/// matches and sorts them; for a common road (thousands of matches)
/// walking the page's index in order and probing the matches is far
/// cheaper, which `+c.id` (no index on the left) makes it do.
const FTS_FROM: &str = "c.id IN (SELECT rowid FROM ";
const FTS_MANY: i64 = 2_000;

/// How a SQLite trigram search runs.
struct SearchPlan {
    /// It matches so many cases that the page walks an index in order,
    /// probing the matches, rather than reading them all and sorting.
    many: bool,
    /// The count of cases, when the search index alone gives it (the
    /// search is the only condition but the open statuses of its index:
    /// one entry per case).
    count: Option<i64>,
}

async fn plan_search(
    db: &Db,
    index: &str,
    phrase: Option<&str>,
    search_only: bool,
) -> Result<SearchPlan, DbError> {
    let Some(phrase) = phrase else {
        return Ok(SearchPlan {
            many: false,
            count: None,
        });
    };
    let matches: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM (SELECT rowid FROM {index} WHERE {index} MATCH $1 LIMIT $2) t"
    ))
    .bind(phrase.to_owned())
    .bind(SEARCH_COUNT_CAP.max(FTS_MANY) + 1)
    .fetch_one(&db.pool)
    .await?
    .col("n")?;
    Ok(SearchPlan {
        many: matches > FTS_MANY,
        count: search_only.then_some(matches),
    })
}

/// The conditions with the search turned into a probe (`+c.id`: SQLite
/// then uses no index for it and walks the page's index instead).
fn probing(conditions: &[String]) -> Vec<String> {
    conditions
        .iter()
        .map(|c| c.replace(FTS_FROM, &format!("+{FTS_FROM}")))
        .collect()
}

/// The columns a sort orders by, and its order forwards and backwards.
fn order(sort: InboxSort) -> (String, &'static str, &'static str, &'static str) {
    match sort {
        InboxSort::Due => (
            "c.due_on, c.id".to_owned(),
            ">",
            "c.due_on, c.id",
            "c.due_on DESC, c.id DESC",
        ),
        InboxSort::Newest => (
            "c.submitted_at, c.id".to_owned(),
            "<",
            "c.submitted_at DESC, c.id DESC",
            "c.submitted_at, c.id",
        ),
        InboxSort::Priority => (
            format!("{RANK}, c.due_on, c.id"),
            ">",
            "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, c.due_on, c.id",
            "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END DESC, \
             c.due_on DESC, c.id DESC",
        ),
    }
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &[Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for a in args {
        query = match a {
            Arg::Text(t) => query.bind(t.clone()),
            Arg::Int(i) => query.bind(*i),
        };
    }
    query
}

/// One page of the inbox, from its cursor, and how many cases match (up
/// to [`COUNT_CAP`]). Every filter and sort reads an index in the page's
/// order from the cursor on, so a deep page costs what the first does.
pub async fn inbox(db: &Db, q: &InboxQuery) -> Result<InboxPage, DbError> {
    let open = open_statuses();
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut fts_phrase: Option<String> = None;
    // Searching by part of an address or phone number.
    let mut partial = false;
    // Only open cases: SQLite is told to walk their partial indexes (its
    // planner prefers the status indexes for `status IN (…)` and then
    // sorts every open case), and searches its index of open cases.
    let open_only =
        db.engine == Engine::Sqlite && q.status.is_none() && !q.all && q.statuses.is_empty();
    let fts = if open_only { FTS_OPEN } else { FTS_ALL };
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
        (None, false) if !q.statuses.is_empty() => {
            let codes: Vec<String> = q
                .statuses
                .iter()
                .map(|s| format!("'{}'", s.code()))
                .collect();
            conditions.push(format!("c.status IN ({})", codes.join(", ")));
        }
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
        if p.len() == 11 {
            // A whole mobile number: the exact index.
            push("c.contact_phone = ?", Arg::Text(p.clone()), &mut conditions);
        } else {
            let (sql, arg, phrase) = contains(db.engine, fts, "contact_phone", p);
            partial = true;
            fts_phrase = fts_phrase.or(phrase);
            push(&sql, arg, &mut conditions);
        }
    }
    if q.awaiting_publication {
        conditions.push(AWAITING_PUBLICATION.to_owned());
    }
    if let Some(t) = &q.town {
        push("c.town = ?", Arg::Text(t.clone()), &mut conditions);
    }
    if let Some((from, to)) = &q.received {
        push(
            "c.submitted_at >= ?",
            Arg::Text(from.clone()),
            &mut conditions,
        );
        push("c.submitted_at < ?", Arg::Text(to.clone()), &mut conditions);
    }
    if let Some((from, to)) = &q.answered {
        push(
            "c.answered_at >= ?",
            Arg::Text(from.clone()),
            &mut conditions,
        );
        push("c.answered_at < ?", Arg::Text(to.clone()), &mut conditions);
        conditions.push("c.merged_into IS NULL".to_owned());
    }
    if let Some(sql) = q.figure {
        conditions.push(sql.to_owned());
    }
    if let Some(a) = &q.address {
        let column = if q.address_full {
            "address"
        } else {
            "address_public"
        };
        let (sql, arg, phrase) = contains(db.engine, fts, column, a);
        partial = true;
        fts_phrase = fts_phrase.or(phrase);
        push(&sql, arg, &mut conditions);
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let cap = if partial { SEARCH_COUNT_CAP } else { COUNT_CAP };
    let search_only = conditions.len() == 1 + usize::from(open_only);
    let search = plan_search(db, fts, fts_phrase.as_deref(), search_only).await?;
    let many = search.many;
    let count_sql = if many && open_only {
        format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM cases c INDEXED BY cases_open_due \
             WHERE {} LIMIT {}) t",
            probing(&conditions).join(" AND "),
            cap + 1
        )
    } else {
        format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM cases c {filter} LIMIT {}) t",
            cap + 1
        )
    };
    let count_args = args.clone();
    let count = async {
        match search.count {
            Some(n) => Ok::<i64, DbError>(n),
            None => bind_all(sqlx::query(&count_sql).persistent(!partial), &count_args)
                .fetch_one(&db.pool)
                .await?
                .col("n"),
        }
    };

    let (keys, forward, order_forward, order_backward) = order(q.sort);
    let backward = q.cursor.as_ref().is_some_and(|c| c.backward);
    let mut page_conditions = if many {
        probing(&conditions)
    } else {
        conditions.clone()
    };
    let mut page_args: Vec<Arg> = args;
    if let Some(c) = &q.cursor {
        let cmp = match (forward, backward) {
            (">", false) | ("<", true) => ">",
            _ => "<",
        };
        let n = page_args.len();
        let (values, mut extra) = match q.sort {
            InboxSort::Priority => (
                format!("${}, ${}, ${}", n + 1, n + 2, n + 3),
                vec![Arg::Int(c.rank), Arg::Text(c.key.clone()), Arg::Int(c.id)],
            ),
            _ => (
                format!("${}, ${}", n + 1, n + 2),
                vec![Arg::Text(c.key.clone()), Arg::Int(c.id)],
            ),
        };
        page_conditions.push(format!("({keys}) {cmp} ({values})"));
        page_args.append(&mut extra);
    }
    let page_filter = if page_conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", page_conditions.join(" AND "))
    };
    // The partial index of open cases in the page's order is never worse
    // than what SQLite's planner picks for them, so it is named.
    let indexed = match (open_only, q.sort) {
        (true, InboxSort::Due) => "INDEXED BY cases_open_due",
        (true, InboxSort::Newest) => "INDEXED BY cases_open_newest",
        (true, InboxSort::Priority) => "INDEXED BY cases_open_priority",
        _ => "",
    };
    // The cases waiting for someone's step (a list of statuses, one of
    // them closed to the open indexes: `replied`) are few but spread over
    // the whole deadline range, and PostgreSQL, taking them for evenly
    // spread, walked the index of every case in the page's order, filtering
    // out a million closed ones (0.7 s a page). Planned alone (`OFFSET 0`
    // keeps the subquery apart), they are read from the status indexes and
    // sorted: a few thousand rows, a few milliseconds.
    let waiting =
        db.engine == Engine::Postgres && q.status.is_none() && !q.all && !q.statuses.is_empty();
    let from = if waiting {
        format!(
            "(SELECT c.id, c.reference, c.category, c.town, c.unit, c.status, c.priority, \
             c.submitted_at, c.due_on, c.address_public, c.supporters, c.charge_by \
             FROM cases c {page_filter} OFFSET 0) c \
             LEFT JOIN staff_users s ON s.id = c.charge_by"
        )
    } else {
        format!("cases c {indexed} LEFT JOIN staff_users s ON s.id = c.charge_by {page_filter}")
    };
    let sql = format!(
        "SELECT c.id, c.reference, c.category, c.town, c.unit, c.status, c.priority, \
         c.submitted_at, c.due_on, c.address_public, c.supporters, s.display_name, \
         (SELECT CAST(MAX(CASE w.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) \
          AS BIGINT) FROM warning_cases wc JOIN warnings w ON w.id = wc.warning_id \
          WHERE wc.case_id = c.id AND w.status IN {}) AS warning_level \
         FROM {from} ORDER BY {} LIMIT ${}",
        crate::server::warnings::ACTIVE,
        if backward {
            order_backward
        } else {
            order_forward
        },
        page_args.len() + 1
    );
    page_args.push(Arg::Int(q.limit + 1));
    // The count and the page on two connections at once: a search's count
    // costs about what its page does.
    // A search is planned for its text each time (not prepared once):
    // PostgreSQL's generic plan for `LIKE $1` knows nothing of the text and
    // walked the whole deadline index for a phone number's last digits.
    let page = bind_all(sqlx::query(&sql).persistent(!partial), &page_args).fetch_all(&db.pool);
    let (counted, rows): (i64, _) =
        tokio::try_join!(count, async { page.await.map_err(DbError::from) })?;
    let mut cases: Vec<InboxCase> = rows
        .iter()
        .map(InboxCase::try_from)
        .collect::<Result<_, _>>()?;
    let more = cases.len() as i64 > q.limit;
    cases.truncate(usize::try_from(q.limit).unwrap_or(0));
    if backward {
        cases.reverse();
    }
    let (first, last) = (
        cases.first().map(|c| c.cursor(q.sort, true)),
        cases.last().map(|c| c.cursor(q.sort, false)),
    );
    let (next, previous) = if backward {
        (last, first.filter(|_| more))
    } else {
        (last.filter(|_| more), first.filter(|_| q.cursor.is_some()))
    };
    Ok(InboxPage {
        cases,
        total: counted.min(cap),
        capped: counted > cap,
        next,
        previous,
    })
}

/// Open cases in a staff member's scope, and how many of them are due
/// soon and overdue: read from the partial indexes of open cases, never
/// the closed ones.
pub async fn inbox_counts(
    db: &Db,
    scope_unit: Option<&str>,
    today: NaiveDate,
    soon_until: NaiveDate,
) -> Result<(i64, i64, i64), DbError> {
    let open = open_statuses();
    let counts = "COUNT(*) AS open, \
         COALESCE(SUM(CASE WHEN due_on < $1 THEN 1 ELSE 0 END), 0) AS overdue, \
         COALESCE(SUM(CASE WHEN due_on >= $1 AND due_on <= $2 THEN 1 ELSE 0 END), 0) AS due_soon";
    let sql = match scope_unit {
        Some(_) => format!("SELECT {counts} FROM cases WHERE unit = $3 AND status IN ({open})"),
        None => format!("SELECT {counts} FROM cases WHERE status IN ({open})"),
    };
    let mut query = sqlx::query(&sql)
        .bind(today.to_string())
        .bind(soon_until.to_string());
    if let Some(unit) = scope_unit {
        query = query.bind(unit.to_owned());
    }
    let row = query.fetch_one(&db.pool).await?;
    Ok((row.col("open")?, row.col("due_soon")?, row.col("overdue")?))
}
