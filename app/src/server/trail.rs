//! Appending to and verifying the hash-chained trail of case events
//! (domain::trail has the hashing rules).

use chrono::{DateTime, Utc};
use domain::trail::{Break, EventRecord, Stored, event_hash};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use super::row::Cols;
use super::{Db, DbError};

/// Who did something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Resident,
    Staff(i64),
    System,
}

impl Actor {
    pub fn code(self) -> String {
        match self {
            Actor::Resident => "resident".to_owned(),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::System => "system".to_owned(),
        }
    }
}

/// An event to append.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub actor: Actor,
    pub kind: &'a str,
    pub public: bool,
    pub text: &'a str,
    pub data: &'a str,
    pub at: DateTime<Utc>,
}

/// Appends an event inside the caller's transaction. The head row is
/// updated first, which locks it: events are chained one after the other
/// even with several app instances.
#[allow(clippy::too_many_arguments)]
pub async fn append(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    actor: Actor,
    kind: &str,
    public: bool,
    text: &str,
    data: &str,
    at: DateTime<Utc>,
) -> Result<i64, DbError> {
    let event = NewEvent {
        case_id,
        actor,
        kind,
        public,
        text,
        data,
        at,
    };
    let seqs = append_many(tx, std::slice::from_ref(&event)).await?;
    Ok(seqs.first().copied().unwrap_or_default())
}

/// An event with its place in the chain, as stored.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Chained<'a> {
    pub seq: i64,
    pub case_id: i64,
    pub at: String,
    pub actor: String,
    pub kind: &'a str,
    pub public: i64,
    pub text: &'a str,
    pub data: &'a str,
    pub prev_hash: String,
    pub hash: String,
}

/// Chains `events` after the head `(last, prev)`, which the caller has
/// already moved on by their number: the first gets `last - n + 1`. The
/// new head's hash is the last event's.
pub fn chain<'a>(last: i64, mut prev: String, events: &[NewEvent<'a>]) -> Vec<Chained<'a>> {
    let n = i64::try_from(events.len()).unwrap_or(i64::MAX);
    let mut out = Vec::with_capacity(events.len());
    for (seq, e) in (last - n + 1..).zip(events) {
        let at = e.at.to_rfc3339();
        let actor = e.actor.code();
        let hash = event_hash(
            &prev,
            &EventRecord {
                seq,
                case_id: e.case_id,
                at: &at,
                actor: &actor,
                kind: e.kind,
                public: e.public,
                text: e.text,
                data: e.data,
            },
        );
        out.push(Chained {
            seq,
            case_id: e.case_id,
            at,
            actor,
            kind: e.kind,
            public: i64::from(e.public),
            text: e.text,
            data: e.data,
            prev_hash: std::mem::replace(&mut prev, hash.clone()),
            hash,
        });
    }
    out
}

/// Appends events in order inside the caller's transaction: the head is
/// taken (and locked) once for all of them and moved once. Their sequence
/// numbers.
pub async fn append_many(
    tx: &mut Transaction<'_, Any>,
    events: &[NewEvent<'_>],
) -> Result<Vec<i64>, DbError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let n = i64::try_from(events.len()).unwrap_or(i64::MAX);
    let head = sqlx::query("UPDATE trail_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n)
        .fetch_one(&mut **tx)
        .await?;
    let rows = chain(head.col("seq")?, head.col("hash")?, events);
    let sql = format!(
        "INSERT INTO case_events (seq, case_id, at, actor, kind, public, text, data, prev_hash, hash) \
         VALUES {}",
        super::value_rows(1, rows.len(), 10)
    );
    let mut query = sqlx::query(&sql);
    for e in &rows {
        query = query
            .bind(e.seq)
            .bind(e.case_id)
            .bind(&e.at)
            .bind(&e.actor)
            .bind(e.kind)
            .bind(e.public)
            .bind(e.text)
            .bind(e.data)
            .bind(&e.prev_hash)
            .bind(&e.hash);
    }
    // One statement text per batch size: not worth preparing.
    query
        .persistent(events.len() == 1)
        .execute(&mut **tx)
        .await?;
    let last = rows.last().map(|e| e.hash.as_str()).unwrap_or_default();
    sqlx::query("UPDATE trail_head SET hash = $1 WHERE id = 1")
        .bind(last)
        .execute(&mut **tx)
        .await?;
    Ok(rows.iter().map(|e| e.seq).collect())
}

/// Appends the same event to each of `cases`' trails (a decision about
/// all of them), a few hundred at a time through [`append_many`].
#[allow(clippy::too_many_arguments)]
pub async fn append_to_each(
    tx: &mut Transaction<'_, Any>,
    cases: &[i64],
    actor: Actor,
    kind: &str,
    text: &str,
    data: &str,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    for chunk in cases.chunks(500) {
        let events: Vec<NewEvent<'_>> = chunk
            .iter()
            .map(|case_id| NewEvent {
                case_id: *case_id,
                actor,
                kind,
                public: false,
                text,
                data,
                at,
            })
            .collect();
        append_many(tx, &events).await?;
    }
    Ok(())
}

/// The result of checking the whole trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every event checks out; how many there are.
    Intact(u64),
    /// The first event where the chain breaks.
    Broken(Break),
    /// The events check out but end before the head: the last ones were
    /// removed.
    Truncated { last_seq: i64, head_seq: i64 },
}

struct OwnedEvent {
    seq: i64,
    case_id: i64,
    at: String,
    actor: String,
    kind: String,
    public: bool,
    text: String,
    data: String,
    prev_hash: String,
    hash: String,
}

impl TryFrom<&AnyRow> for OwnedEvent {
    type Error = DbError;

    /// The stored text as it is (`at` too): the hash covers it so.
    fn try_from(r: &AnyRow) -> Result<OwnedEvent, DbError> {
        Ok(OwnedEvent {
            seq: r.col("seq")?,
            case_id: r.col("case_id")?,
            at: r.col("at")?,
            actor: r.col("actor")?,
            kind: r.col("kind")?,
            public: r.flag("public")?,
            text: r.col("text")?,
            data: r.col("data")?,
            prev_hash: r.col("prev_hash")?,
            hash: r.col("hash")?,
        })
    }
}

/// Recomputes the chain from the first event.
pub async fn verify(db: &Db) -> Result<Verdict, DbError> {
    let rows = sqlx::query(
        "SELECT seq, case_id, at, actor, kind, public, text, data, prev_hash, hash \
         FROM case_events ORDER BY seq",
    )
    .fetch_all(&db.pool)
    .await?;
    let head = sqlx::query("SELECT seq, hash FROM trail_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let head_seq: i64 = head.col("seq")?;
    let head_hash: String = head.col("hash")?;
    let owned = rows
        .iter()
        .map(OwnedEvent::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let events = owned.iter().map(|e| Stored {
        record: EventRecord {
            seq: e.seq,
            case_id: e.case_id,
            at: &e.at,
            actor: &e.actor,
            kind: &e.kind,
            public: e.public,
            text: &e.text,
            data: &e.data,
        },
        prev_hash: &e.prev_hash,
        hash: &e.hash,
    });
    match domain::trail::verify(events) {
        Err(b) => Ok(Verdict::Broken(b)),
        Ok(n) => {
            let last = owned.last();
            let last_seq = last.map(|e| e.seq).unwrap_or(0);
            let last_hash = last
                .map(|e| e.hash.as_str())
                .unwrap_or(domain::trail::GENESIS);
            if last_seq != head_seq || last_hash != head_hash {
                Ok(Verdict::Truncated { last_seq, head_seq })
            } else {
                Ok(Verdict::Intact(n))
            }
        }
    }
}
