//! The notification outbox: each public status change of a case puts a
//! message in `notifications` in the same transaction; a background task
//! drains it through a pluggable [`Sender`], with retries and backoff.
//! Several app instances may drain at once: a message is claimed by one
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has a single writer)
//! and sent at most once per successful claim.

use std::future::Future;

use chrono::{DateTime, Duration, Utc};
use domain::case::Status;
use domain::complaint::reference::Reference;
use sqlx::{Any, Transaction};

use super::row::Cols;
use super::{Db, DbError, Engine};

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 6;
/// How long a claim holds before another instance may take the message
/// (a sender that crashed mid-send).
pub const CLAIM_SECONDS: i64 = 120;

/// A message to deliver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub attempts: i64,
}

/// Delivers messages: an SMS gateway, a mail relay, or the recording
/// sender. An `Err` is retried later.
pub trait Sender: Send + Sync {
    fn send(&self, message: &Outgoing) -> impl Future<Output = Result<(), String>> + Send;
}

/// The default sender: records the message in the log and marks it sent;
/// admins see every message in the outbox table.
pub struct RecordingSender;

impl Sender for RecordingSender {
    async fn send(&self, message: &Outgoing) -> Result<(), String> {
        // The recipient is personal data: only the message id is logged.
        tracing::info!(id = message.id, channel = %message.channel, "notification recorded");
        Ok(())
    }
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Submitted => "已收到，我们将尽快受理",
        Status::Accepted => "已受理",
        Status::Rejected => "不予受理，原因请查询",
        Status::Transferred => "已转交主管部门办理",
        Status::Assigned => "已交办至处理单位",
        Status::InProgress => "正在处理",
        Status::Replied => "已答复，请查询并评价",
        Status::Closed => "已办结",
        Status::Reopened => "已重新办理（复查）",
    }
}

/// Queues an SMS about a status change (inside the change's transaction,
/// so a message exists exactly when the change is committed).
pub async fn enqueue_status(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    status: Status,
    reference: &Reference,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    enqueue(
        tx,
        case_id,
        status.code(),
        status_text(status),
        reference,
        now,
    )
    .await
}

/// The first message about a new case: by SMS, and by email when the
/// resident gave an address.
pub struct First<'a> {
    pub case_id: i64,
    pub phone: &'a str,
    pub email: Option<&'a str>,
    pub reference: &'a Reference,
}

/// A queued message, as stored (status `pending`, due at once).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Queued<'a> {
    pub case_id: i64,
    pub channel: &'static str,
    pub recipient: &'a str,
    pub dedupe_key: String,
    pub body: String,
}

/// The first messages of new cases: an SMS each, and an email when the
/// resident gave an address.
pub fn first_messages<'a>(firsts: &[First<'a>]) -> Vec<Queued<'a>> {
    let mut out = Vec::new();
    for f in firsts {
        let body = body(f.reference, status_text(Status::Submitted));
        let key = format!("{}:{}:0", f.case_id, Status::Submitted.code());
        out.push(Queued {
            case_id: f.case_id,
            channel: "sms",
            recipient: f.phone,
            dedupe_key: key.clone(),
            body: body.clone(),
        });
        if let Some(email) = f.email {
            out.push(Queued {
                case_id: f.case_id,
                channel: "email",
                recipient: email,
                dedupe_key: format!("{key}:email"),
                body,
            });
        }
    }
    out
}

/// Queues the first messages of new cases, in one statement.
pub async fn enqueue_first(
    tx: &mut Transaction<'_, Any>,
    firsts: &[First<'_>],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let rows = first_messages(firsts);
    if rows.is_empty() {
        return Ok(());
    }
    let at = now.to_rfc3339();
    let sql = format!(
        "INSERT INTO notifications (case_id, channel, recipient, dedupe_key, body, status, \
         next_attempt_at, created_at) VALUES {} ON CONFLICT (dedupe_key) DO NOTHING",
        super::value_rows(1, rows.len(), 8)
    );
    let mut query = sqlx::query(&sql);
    for m in &rows {
        query = query
            .bind(m.case_id)
            .bind(m.channel)
            .bind(m.recipient)
            .bind(&m.dedupe_key)
            .bind(&m.body)
            .bind("pending")
            .bind(&at)
            .bind(&at);
    }
    query.persistent(false).execute(&mut **tx).await?;
    Ok(())
}

fn body(reference: &Reference, what: &str) -> String {
    format!(
        "【嘉定区生态环境局】您的投诉 {reference} {what}。凭编号和查询码可在本局网站“查询进度”查看。"
    )
}

async fn insert(
    tx: &mut Transaction<'_, Any>,
    case_id: Option<i64>,
    channel: &str,
    recipient: &str,
    dedupe_key: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let at = now.to_rfc3339();
    sqlx::query(
        "INSERT INTO notifications (case_id, channel, recipient, body, dedupe_key, status, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(case_id)
    .bind(channel)
    .bind(recipient)
    .bind(body)
    .bind(dedupe_key)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues an SMS (and an email, when the resident gave an address)
/// telling the resident `what` happened to their case; `key` names the
/// kind of news (one message per case, kind, count and channel).
pub async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    case_id: i64,
    key: &str,
    what: &str,
    reference: &Reference,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let row = sqlx::query(
        "SELECT contact_phone, contact_email, \
         (SELECT COUNT(*) FROM notifications WHERE case_id = $1) AS n FROM cases WHERE id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut **tx)
    .await?;
    let phone: String = row.col("contact_phone")?;
    let email: Option<String> = row.col("contact_email")?;
    let n: i64 = row.col("n")?;
    let body = body(reference, what);
    let key = format!("{case_id}:{key}:{n}");
    insert(tx, Some(case_id), "sms", &phone, &key, &body, now).await?;
    if let Some(email) = email {
        insert(
            tx,
            Some(case_id),
            "email",
            &email,
            &format!("{key}:email"),
            &body,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Queues an SMS about an event sign-up (no case): `key` makes it once
/// only (a repeat of the same key is dropped).
pub async fn enqueue_signup(
    tx: &mut Transaction<'_, Any>,
    phone: &str,
    key: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    insert(tx, None, "sms", phone, key, body, now).await
}

/// Wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, … at most 1 h.
pub fn backoff(attempts: i64) -> Duration {
    let secs = 30_i64.saturating_mul(1 << attempts.clamp(0, 7));
    Duration::seconds(secs.min(3600))
}

/// Claims up to `limit` due messages for `worker`.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Outgoing>, DbError> {
    let lock = match db.engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let sql = format!(
        "UPDATE notifications SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' \
         AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3) \
         ORDER BY id LIMIT $4{lock}) \
         RETURNING id, channel, recipient, body, attempts"
    );
    let rows = sqlx::query(&sql)
        .bind(worker)
        .bind((now + Duration::seconds(CLAIM_SECONDS)).to_rfc3339())
        .bind(now.to_rfc3339())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(Outgoing {
                id: r.col("id")?,
                channel: r.col("channel")?,
                recipient: r.col("recipient")?,
                body: r.col("body")?,
                attempts: r.col("attempts")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    out.sort_by_key(|m| m.id);
    Ok(out)
}

/// Claims and sends what is due; returns (sent, failed attempts).
pub async fn drain(
    db: &Db,
    sender: &impl Sender,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<(usize, usize), DbError> {
    let batch = claim(db, worker, now, 50).await?;
    let (mut sent, mut failed) = (0, 0);
    for message in batch {
        match sender.send(&message).await {
            Ok(()) => {
                sqlx::query(
                    "UPDATE notifications SET status = 'sent', sent_at = $1, claimed_until = NULL \
                     WHERE id = $2 AND claimed_by = $3",
                )
                .bind(Utc::now().to_rfc3339())
                .bind(message.id)
                .bind(worker)
                .execute(&db.pool)
                .await?;
                sent += 1;
            }
            Err(error) => {
                let status = if message.attempts >= MAX_ATTEMPTS {
                    "failed"
                } else {
                    "pending"
                };
                sqlx::query(
                    "UPDATE notifications SET status = $1, last_error = $2, next_attempt_at = $3, \
                     claimed_until = NULL WHERE id = $4 AND claimed_by = $5",
                )
                .bind(status)
                .bind(error.chars().take(500).collect::<String>())
                .bind((now + backoff(message.attempts)).to_rfc3339())
                .bind(message.id)
                .bind(worker)
                .execute(&db.pool)
                .await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// A message as administrators see it: the secret of a link in it (a
/// sign-up's cancellation token) is hidden.
fn without_tokens(body: &str) -> String {
    match body.split_once("token=") {
        Some((before, after)) => {
            let rest = after.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
            format!("{before}token=****{rest}")
        }
        None => body.to_owned(),
    }
}

/// The latest messages, newest first, for administrators: the recipient
/// masked (`138****5678`, `z***@example.cn`), as on every page without the
/// "show personal data" step; the log is about delivery, not people.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<crate::api::outbox::OutboxRow>, DbError> {
    let rows = sqlx::query(
        "SELECT n.id, c.reference, n.channel, n.recipient, n.body, n.status, n.attempts, \
         n.created_at, n.sent_at, n.last_error \
         FROM notifications n LEFT JOIN cases c ON c.id = n.case_id ORDER BY n.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let channel: String = r.col("channel")?;
            let recipient: String = r.col("recipient")?;
            Ok(crate::api::outbox::OutboxRow {
                id: r.col("id")?,
                reference: r.col("reference")?,
                recipient: match channel.as_str() {
                    "email" => domain::mask::email(&recipient),
                    _ => domain::mask::phone(&recipient),
                },
                channel,
                body: without_tokens(&r.col::<String>("body")?),
                status: r.col("status")?,
                attempts: r.col("attempts")?,
                created_at: r.instant("created_at")?,
                sent_at: r.instant_opt("sent_at")?,
                last_error: r.col("last_error")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_in_messages_keep_their_secret() {
        assert_eq!(
            super::without_tokens("取消：https://x/signups/cancel?token=ab12cd。谢谢"),
            "取消：https://x/signups/cancel?token=****。谢谢"
        );
        assert_eq!(super::without_tokens("您的投诉已受理"), "您的投诉已受理");
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(super::backoff(0).num_seconds(), 30);
        assert_eq!(super::backoff(1).num_seconds(), 60);
        assert_eq!(super::backoff(3).num_seconds(), 240);
        assert_eq!(super::backoff(20).num_seconds(), 3600);
    }
}
