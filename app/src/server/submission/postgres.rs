//! A batch written in two statements on PostgreSQL, whatever its size
//! (ADR 007): each takes the batch as JSON (`jsonb_to_recordset`) and does
//! its steps in data-modifying `WITH` clauses, so both are prepared once
//! per connection and a batch costs four round trips: `BEGIN`, [`CLAIM`],
//! [`WRITE`] and `COMMIT`.

use domain::complaint::reference::AccessCode;
use serde::Serialize;

use super::{CaseRow, NewCase, Prepared, batch_time, firsts, new_cases, submitted_events};
use crate::server::row::Cols;
use crate::server::{DbError, outbox, trail};

/// Claims the drafts by a guarded update (as the portable writer), moves
/// each year's counter by its claimed drafts, takes an id from the cases'
/// sequence for each, and moves the trail head by their number (which
/// locks it until the commit). Rows (`what`, `ord`, `number`, `hash`):
/// `('case', place in the batch, id)`, `('year', year, last number)`,
/// `('head', NULL, seq, hash)`.
const CLAIM: &str = "\
WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(token_hash TEXT, code TEXT, year BIGINT, ord BIGINT)
), claimed AS (
    UPDATE complaint_drafts d SET access_code = i.code, updated_at = $2
    FROM input i
    WHERE d.token_hash = ANY (ARRAY(SELECT token_hash FROM input))
        AND d.token_hash = i.token_hash AND d.case_id IS NULL AND d.access_code IS NULL
    RETURNING i.ord, i.year
), counted AS (
    INSERT INTO case_counters (year, last)
    SELECT year, COUNT(*) FROM claimed GROUP BY year
    ON CONFLICT (year) DO UPDATE SET last = case_counters.last + EXCLUDED.last
    RETURNING year, last
), head AS (
    UPDATE trail_head SET seq = seq + (SELECT COUNT(*) FROM claimed)
    WHERE id = 1 AND EXISTS (SELECT 1 FROM claimed)
    RETURNING seq, hash
)
SELECT 'case' AS what, ord, nextval(pg_get_serial_sequence('cases', 'id')) AS number,
    NULL::TEXT AS hash FROM claimed
UNION ALL SELECT 'year', year, last, NULL FROM counted
UNION ALL SELECT 'head', NULL, seq, hash FROM head";

/// Inserts the cases (with their ids), points the drafts and their photos
/// at them, queues the first messages, appends the trail events and moves
/// the head's hash. Foreign keys are checked at the end of the statement,
/// when the cases exist. The cases' JSON is parsed once (`input`).
///
/// Drafts and photos are found by `= ANY (ARRAY(…))` besides the join (in
/// [`CLAIM`] too): a prepared statement's generic plan cannot know how
/// many rows the JSON holds, and with the join alone it scanned the whole
/// drafts table; the array condition is an index lookup whatever it holds.
const WRITE: &str = "\
WITH input AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(id BIGINT, token_hash TEXT, reference TEXT,
        access_hash TEXT, category TEXT, town TEXT, address TEXT, address_public TEXT,
        latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, details TEXT, description TEXT,
        urgent BIGINT, contact_name TEXT, contact_phone TEXT, public BIGINT, status TEXT,
        unit TEXT, submitted_at TEXT, due_on TEXT, updated_at TEXT, contact_email TEXT)
), new_cases AS (
    INSERT INTO cases (id, reference, access_hash, category, town, address, address_public,
        latitude, longitude, details, description, urgent, contact_name, contact_phone, public,
        status, unit, submitted_at, due_on, updated_at, contact_email)
    SELECT id, reference, access_hash, category, town, address, address_public,
        latitude, longitude, details, description, urgent, contact_name, contact_phone, public,
        status, unit, submitted_at, due_on, updated_at, contact_email
    FROM input
), drafts AS (
    UPDATE complaint_drafts d SET case_id = l.id FROM input l
    WHERE d.token_hash = ANY (ARRAY(SELECT token_hash FROM input)) AND d.token_hash = l.token_hash
), photos AS (
    UPDATE complaint_photos p SET case_id = l.id FROM input l
    WHERE p.draft_token_hash = ANY (ARRAY(SELECT token_hash FROM input))
        AND p.draft_token_hash = l.token_hash AND p.case_id IS NULL
), messages AS (
    INSERT INTO notifications (case_id, channel, recipient, dedupe_key, body, status,
        next_attempt_at, created_at)
    SELECT case_id, channel, recipient, dedupe_key, body, 'pending', $3, $3
    FROM jsonb_to_recordset($2::jsonb) AS m(case_id BIGINT, channel TEXT, recipient TEXT,
        dedupe_key TEXT, body TEXT)
    ON CONFLICT (dedupe_key) DO NOTHING
), events AS (
    INSERT INTO case_events (seq, case_id, at, actor, kind, public, text, data, prev_hash, hash)
    SELECT seq, case_id, at, actor, kind, public, text, data, prev_hash, hash
    FROM jsonb_to_recordset($4::jsonb) AS e(seq BIGINT, case_id BIGINT, at TEXT, actor TEXT,
        kind TEXT, public BIGINT, text TEXT, data TEXT, prev_hash TEXT, hash TEXT)
)
UPDATE trail_head SET hash = $5 WHERE id = 1";

/// A draft to claim.
#[derive(Serialize)]
struct Claim<'a> {
    token_hash: &'a str,
    code: &'a str,
    year: i64,
    ord: usize,
}

/// A case row with its id and its draft.
#[derive(Serialize)]
struct WithId<'a> {
    id: i64,
    token_hash: &'a str,
    #[serde(flatten)]
    row: &'a CaseRow,
}

/// What [`CLAIM`] answered.
#[derive(Default)]
struct Claimed {
    /// The claimed submissions' places in the batch.
    places: Vec<usize>,
    /// The ids taken for them.
    ids: Vec<i64>,
    /// Each year's last number after the batch's step.
    lasts: Vec<(i64, i64)>,
    /// The head after it moved: its seq and (old) hash.
    head: Option<(i64, String)>,
}

/// Writes `batch` (`codes` from [`super::new_codes`]); the new cases.
pub(super) async fn write(
    conn: &mut sqlx::AnyConnection,
    batch: &[Prepared],
    mut codes: Vec<Option<AccessCode>>,
    key: &crate::server::AccessKey,
) -> Result<Vec<NewCase>, DbError> {
    let now = batch_time(batch);
    let at = now.to_rfc3339();
    let claims: Vec<Claim<'_>> = codes
        .iter()
        .enumerate()
        .filter_map(|(ord, code)| {
            code.as_ref().map(|code| Claim {
                token_hash: &batch[ord].hash,
                code: code.as_str(),
                year: batch[ord].year,
                ord,
            })
        })
        .collect();
    let mut tx = sqlx::Connection::begin(conn).await?;
    let rows = sqlx::query(CLAIM)
        .bind(json(&claims)?)
        .bind(&at)
        .fetch_all(&mut *tx)
        .await?;
    let mut claimed = Claimed::default();
    for r in &rows {
        let what: String = r.col("what")?;
        let key: Option<i64> = r.col("ord")?;
        let n: i64 = r.col("number")?;
        match (what.as_str(), key) {
            ("case", Some(ord)) => {
                let ord = usize::try_from(ord).map_err(|_| super::broken("a place"))?;
                claimed.places.push(ord);
                claimed.ids.push(n);
            }
            ("year", Some(year)) => claimed.lasts.push((year, n)),
            ("head", None) => claimed.head = Some((n, r.col("hash")?)),
            _ => return Err(super::broken("an unexpected claim row").into()),
        }
    }
    // The head moved exactly when a draft was claimed.
    let Some((seq, prev)) = claimed.head else {
        tx.commit().await?;
        return Ok(Vec::new());
    };
    // In batch order, and the ids in the order of the references.
    claimed.places.sort_unstable();
    claimed.ids.sort_unstable();
    let taken = &claimed.ids;
    let cases = new_cases(batch, &claimed.places, &mut codes, &claimed.lasts, key)?;
    let rows: Vec<WithId<'_>> = cases
        .iter()
        .zip(taken)
        .map(|(c, &id)| WithId {
            id,
            token_hash: &batch[c.index].hash,
            row: &c.row,
        })
        .collect();
    let messages = outbox::first_messages(&firsts(&cases, taken));
    let events = trail::chain(seq, prev, &submitted_events(batch, &cases, taken));
    let head = events
        .last()
        .map(|e| e.hash.clone())
        .ok_or_else(|| super::broken("no events"))?;
    sqlx::query(WRITE)
        .bind(json(&rows)?)
        .bind(json(&messages)?)
        .bind(&at)
        .bind(json(&events)?)
        .bind(head)
        .execute(&mut *tx)
        .await?;
    crate::server::stats::add(
        &mut tx,
        crate::server::Engine::Postgres,
        &super::tallies(&cases)?,
    )
    .await?;
    tx.commit().await?;
    Ok(cases)
}

fn json(value: &impl Serialize) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}
