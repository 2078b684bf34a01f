//! Appending to and verifying the hash-chained trail of case events
//! (domain::trail has the hashing rules).

use chrono::{DateTime, Utc};
use domain::trail::{Break, EventRecord, Stored, event_hash};
use sqlx::{Any, Row, Transaction};

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
) -> Result<i64, sqlx::Error> {
    let head = sqlx::query("UPDATE trail_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.get(0);
    let prev: String = head.get(1);
    let at = at.to_rfc3339();
    let actor = actor.code();
    let record = EventRecord {
        seq,
        case_id,
        at: &at,
        actor: &actor,
        kind,
        public,
        text,
        data,
    };
    let hash = event_hash(&prev, &record);
    sqlx::query(
        "INSERT INTO case_events (seq, case_id, at, actor, kind, public, text, data, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(seq)
    .bind(case_id)
    .bind(&at)
    .bind(&actor)
    .bind(kind)
    .bind(i64::from(public))
    .bind(text)
    .bind(data)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE trail_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
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
    let head_seq: i64 = head.get(0);
    let head_hash: String = head.get(1);
    let owned: Vec<OwnedEvent> = rows
        .iter()
        .map(|r| OwnedEvent {
            seq: r.get(0),
            case_id: r.get(1),
            at: r.get(2),
            actor: r.get(3),
            kind: r.get(4),
            public: r.get::<i64, _>(5) == 1,
            text: r.get(6),
            data: r.get(7),
            prev_hash: r.get(8),
            hash: r.get(9),
        })
        .collect();
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
