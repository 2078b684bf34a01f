//! A batch written with one statement per table, in SQL both engines
//! understand; SQLite's writer (in process, a statement costs no round
//! trip). Each multi-row statement has one text per batch size, so none is
//! prepared.

use domain::complaint::reference::AccessCode;
use sqlx::{Any, Transaction};

use super::{NewCase, Prepared, batch_time, firsts, new_cases, submitted_events};
use crate::server::row::Cols;
use crate::server::{DbError, outbox, trail};

/// Writes `batch` (`codes` from [`super::new_codes`]); the new cases.
pub(super) async fn write(
    conn: &mut sqlx::AnyConnection,
    batch: &[Prepared],
    mut codes: Vec<Option<AccessCode>>,
    key: &crate::server::AccessKey,
) -> Result<Vec<NewCase>, DbError> {
    let now = batch_time(batch);
    // The write lock at once, as `Db::begin_write` takes it.
    let mut tx = sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?;
    let claimed = claim(&mut tx, batch, &codes, now).await?;
    if claimed.is_empty() {
        tx.commit().await?;
        return Ok(Vec::new());
    }
    let mut lasts = Vec::new();
    for (year, n) in super::per_year(batch, &claimed) {
        let last: i64 = sqlx::query(
            "INSERT INTO case_counters (year, last) VALUES ($1, $2) \
             ON CONFLICT (year) DO UPDATE SET last = case_counters.last + $2 RETURNING last",
        )
        .bind(year)
        .bind(n)
        .fetch_one(&mut *tx)
        .await?
        .col("last")?;
        lasts.push((year, last));
    }
    let cases = new_cases(batch, &claimed, &mut codes, &lasts, key)?;
    let ids = insert_cases(&mut tx, &cases).await?;
    link(&mut tx, batch, &cases, &ids).await?;
    outbox::enqueue_first(&mut tx, &firsts(&cases, &ids), now).await?;
    trail::append_many(&mut tx, &submitted_events(batch, &cases, &ids)).await?;
    crate::server::stats::add(
        &mut tx,
        crate::server::Engine::Sqlite,
        &super::tallies(&cases)?,
    )
    .await?;
    tx.commit().await?;
    Ok(cases)
}

/// Claims the drafts that have a code, by a guarded update: a draft
/// already submitted (or claimed by a transaction that commits first) is
/// left alone. The claimed submissions, in batch order. The draft, and
/// with it the confirmation page, lives a day from `now`.
async fn claim(
    tx: &mut Transaction<'_, Any>,
    batch: &[Prepared],
    codes: &[Option<AccessCode>],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<usize>, DbError> {
    let firsts: Vec<(usize, &AccessCode)> = codes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
        .collect();
    let (set, keys) = crate::server::case_when("token_hash", 1, firsts.len());
    let sql = format!(
        "UPDATE complaint_drafts SET access_code = {set}, updated_at = ${} \
         WHERE token_hash IN {keys} AND case_id IS NULL AND access_code IS NULL \
         RETURNING token_hash",
        2 * firsts.len() + 1
    );
    let mut claim = sqlx::query(&sql);
    for (i, code) in &firsts {
        claim = claim.bind(&batch[*i].hash).bind(code.as_str());
    }
    let claimed = claim
        .bind(now.to_rfc3339())
        .persistent(false)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.col::<String>("token_hash"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(firsts
        .into_iter()
        .map(|(i, _)| i)
        .filter(|&i| claimed.contains(&batch[i].hash))
        .collect())
}

/// Inserts the cases in one statement; their ids, in order.
async fn insert_cases(
    tx: &mut Transaction<'_, Any>,
    cases: &[NewCase],
) -> Result<Vec<i64>, DbError> {
    let sql = format!(
        "INSERT INTO cases (reference, access_hash, category, town, address, address_public, \
         latitude, longitude, details, description, urgent, contact_name, contact_phone, public, \
         status, unit, submitted_at, due_on, updated_at, contact_email) VALUES {} \
         RETURNING id, reference",
        crate::server::value_rows(1, cases.len(), 20)
    );
    let mut query = sqlx::query(&sql);
    for c in cases {
        let r = &c.row;
        query = query
            .bind(&r.reference)
            .bind(&r.access_hash)
            .bind(&r.category)
            .bind(&r.town)
            .bind(&r.address)
            .bind(&r.address_public)
            .bind(r.latitude)
            .bind(r.longitude)
            .bind(&r.details)
            .bind(&r.description)
            .bind(r.urgent)
            .bind(&r.contact_name)
            .bind(&r.contact_phone)
            .bind(r.public)
            .bind(r.status)
            .bind(&r.unit)
            .bind(&r.submitted_at)
            .bind(&r.due_on)
            .bind(&r.updated_at)
            .bind(r.contact_email.as_deref());
    }
    // NULL coordinates go as doubles only when unprepared (see air.rs).
    let returned = query.persistent(false).fetch_all(&mut **tx).await?;
    // Matched by reference: the order of RETURNING rows is not promised.
    let by_reference = returned
        .iter()
        .map(|r| Ok((r.col::<String>("reference")?, r.col::<i64>("id")?)))
        .collect::<Result<std::collections::HashMap<_, _>, DbError>>()?;
    cases
        .iter()
        .map(|c| {
            by_reference
                .get(&c.row.reference)
                .copied()
                .ok_or_else(|| super::broken("a case was not inserted").into())
        })
        .collect()
}

/// Points the drafts, and the photos they carried, at their new cases.
async fn link(
    tx: &mut Transaction<'_, Any>,
    batch: &[Prepared],
    cases: &[NewCase],
    ids: &[i64],
) -> Result<(), sqlx::Error> {
    let (set, keys) = crate::server::case_when("token_hash", 1, cases.len());
    let sql = format!("UPDATE complaint_drafts SET case_id = {set} WHERE token_hash IN {keys}");
    let mut drafts = sqlx::query(&sql);
    for (c, id) in cases.iter().zip(ids) {
        drafts = drafts.bind(&batch[c.index].hash).bind(*id);
    }
    drafts.persistent(false).execute(&mut **tx).await?;
    let with_photos: Vec<(&str, i64)> = cases
        .iter()
        .zip(ids)
        .filter(|(c, _)| batch[c.index].photos > 0)
        .map(|(c, id)| (batch[c.index].hash.as_str(), *id))
        .collect();
    if with_photos.is_empty() {
        return Ok(());
    }
    let (set, keys) = crate::server::case_when("draft_token_hash", 1, with_photos.len());
    let sql = format!(
        "UPDATE complaint_photos SET case_id = {set} \
         WHERE draft_token_hash IN {keys} AND case_id IS NULL"
    );
    let mut photos = sqlx::query(&sql);
    for (hash, id) in &with_photos {
        photos = photos.bind(*hash).bind(*id);
    }
    photos.persistent(false).execute(&mut **tx).await?;
    Ok(())
}
