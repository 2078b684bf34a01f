//! Sign-ups for campaign events: taking a seat (never more than the
//! event holds), the text that confirms it, cancelling by the link's
//! token, and deleting sign-ups once their event is over.

use chrono::{DateTime, Utc};
use domain::content::Signup;
use sqlx::any::AnyRow;

use crate::server::row::Cols;
use crate::server::{Db, DbError, new_token, token_hash};

/// How a sign-up ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignupOutcome {
    /// The number holds a seat now: newly taken, or (`new` false) taken
    /// before. The page answers both alike, so it tells no stranger whether
    /// a number is signed up; the phone gets a text either way (with the
    /// cancellation link for a new seat).
    Accepted {
        event: EventSummary,
        new: bool,
    },
    /// No seat left.
    Full,
    /// Outside the sign-up window.
    Closed,
    NoEvent,
}

/// What the sign-up pages and texts say of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSummary {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub campaign_slug: String,
    pub campaign_title: String,
}

fn event_summary(r: &AnyRow) -> Result<EventSummary, DbError> {
    Ok(EventSummary {
        title: r.col("title")?,
        starts_at: r.instant("starts_at")?,
        place: r.col("place")?,
        campaign_slug: r.col("campaign_slug")?,
        campaign_title: r.col("campaign_title")?,
    })
}

/// Takes a seat: the event row is updated only while a seat is free and
/// the window is open, inside the transaction that records the sign-up
/// and queues its text (with the cancellation link under `public_url`),
/// so concurrent sign-ups for the last seats never overfill the event. A
/// number that holds a seat already keeps it; its owner is told by text
/// (once a day and event, so the form cannot be used to flood a phone).
pub async fn sign_up(
    db: &Db,
    event_id: i64,
    signup: &Signup,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<SignupOutcome, DbError> {
    let at = now.to_rfc3339();
    let mut tx = db.begin_write().await?;
    let seated = sqlx::query(
        "UPDATE campaign_events SET taken = taken + 1 WHERE id = $1 AND taken < capacity \
         AND signup_opens_at <= $2 AND signup_closes_at > $2",
    )
    .bind(event_id)
    .bind(&at)
    .execute(&mut *tx)
    .await?;
    if seated.rows_affected() != 1 {
        let row = sqlx::query(
            "SELECT capacity, taken, signup_opens_at, signup_closes_at FROM campaign_events \
             WHERE id = $1",
        )
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
        return Ok(match row {
            None => SignupOutcome::NoEvent,
            Some(r) => match domain::content::signup_state(
                r.instant("signup_opens_at")?,
                r.instant("signup_closes_at")?,
                r.col("capacity")?,
                r.col("taken")?,
                now,
            ) {
                domain::content::SignupState::Full => SignupOutcome::Full,
                _ => SignupOutcome::Closed,
            },
        });
    }
    let r = sqlx::query(
        "SELECT e.title, e.starts_at, e.place, c.slug AS campaign_slug, \
         c.title AS campaign_title FROM campaign_events e \
         JOIN campaigns c ON c.id = e.campaign_id WHERE e.id = $1",
    )
    .bind(event_id)
    .fetch_one(&mut *tx)
    .await?;
    let event = event_summary(&r)?;
    let when = domain::shanghai::format_datetime(event.starts_at, domain::prefs::Locale::ZhCn);
    let token = new_token();
    let inserted = sqlx::query(
        "INSERT INTO event_signups (event_id, name, phone, cancel_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(event_id)
    .bind(signup.name.as_str())
    .bind(signup.phone.as_str())
    .bind(token_hash(&token))
    .bind(&at)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {
            let body = format!(
                "【嘉定区生态环境局】您已报名“{}”，时间：{when}，地点：{}。如需取消报名，请打开：{public_url}/signups/cancel?token={token}",
                event.title, event.place
            );
            let key = format!("signup:{}", token_hash(&token));
            crate::server::outbox::enqueue_signup(&mut tx, signup.phone.as_str(), &key, &body, now)
                .await?;
            tx.commit().await?;
            Ok(SignupOutcome::Accepted { event, new: true })
        }
        // The seat taken above is given back with the rollback.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            let body = format!(
                "【嘉定区生态环境局】有人用您的手机号码再次报名“{}”（{when}）。您已报名，无需重复；如需取消，请打开第一次报名时收到的短信中的链接。如非本人操作，请忽略本短信。",
                event.title
            );
            let day = domain::shanghai::today(now);
            let key = format!(
                "signup-again:{event_id}:{}:{day}",
                token_hash(signup.phone.as_str())
            );
            let mut tx = db.begin_write().await?;
            crate::server::outbox::enqueue_signup(&mut tx, signup.phone.as_str(), &key, &body, now)
                .await?;
            tx.commit().await?;
            Ok(SignupOutcome::Accepted { event, new: false })
        }
        Err(e) => Err(e.into()),
    }
}

/// The slug of the campaign an event belongs to.
pub async fn event_campaign_slug(db: &Db, event_id: i64) -> Result<Option<String>, DbError> {
    sqlx::query(
        "SELECT c.slug FROM campaign_events e JOIN campaigns c ON c.id = e.campaign_id \
         WHERE e.id = $1",
    )
    .bind(event_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.col("slug"))
    .transpose()
}

/// A sign-up found by its cancellation token.
#[derive(Clone, Debug, PartialEq)]
pub struct SignupInfo {
    pub event_title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub campaign_slug: String,
    pub campaign_title: String,
    pub name: String,
    pub cancelled: bool,
}

pub async fn signup_by_token(db: &Db, token: &str) -> Result<Option<SignupInfo>, DbError> {
    let row = sqlx::query(
        "SELECT e.title, e.starts_at, c.slug AS campaign_slug, c.title AS campaign_title, \
         s.name, s.cancelled_at, e.place \
         FROM event_signups s JOIN campaign_events e ON e.id = s.event_id \
         JOIN campaigns c ON c.id = e.campaign_id WHERE s.cancel_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(SignupInfo {
            event_title: r.col("title")?,
            starts_at: r.instant("starts_at")?,
            campaign_slug: r.col("campaign_slug")?,
            campaign_title: r.col("campaign_title")?,
            name: r.col("name")?,
            cancelled: r.instant_opt("cancelled_at")?.is_some(),
            place: r.col("place")?,
        })
    })
    .transpose()
}

/// Cancels the sign-up of `token` and frees its seat; false when there is
/// no such active sign-up.
pub async fn cancel_signup(db: &Db, token: &str, now: DateTime<Utc>) -> Result<bool, DbError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "UPDATE event_signups SET cancelled_at = $1 WHERE cancel_hash = $2 \
         AND cancelled_at IS NULL RETURNING event_id",
    )
    .bind(now.to_rfc3339())
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(false) };
    sqlx::query("UPDATE campaign_events SET taken = taken - 1 WHERE id = $1 AND taken > 0")
        .bind(row.col::<i64>("event_id")?)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// How long after an event its sign-ups (names and phone numbers) are
/// kept: a day, for questions on the day; the consent text promises
/// deletion after the event.
pub const SIGNUPS_KEPT_AFTER_EVENT: chrono::Duration = chrono::Duration::days(1);

/// Deletes the sign-ups of events that ended more than
/// [`SIGNUPS_KEPT_AFTER_EVENT`] ago; how many. The events keep their count
/// of places taken.
pub async fn purge_signups(db: &Db, now: DateTime<Utc>) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "DELETE FROM event_signups WHERE event_id IN \
         (SELECT id FROM campaign_events WHERE ends_at < $1)",
    )
    .bind((now - SIGNUPS_KEPT_AFTER_EVENT).to_rfc3339())
    .execute(&db.pool)
    .await?
    .rows_affected())
}
