//! Two-step verification: the session that waits for a one-time code,
//! setting up the key, and checking a code.

use chrono::Utc;
use domain::staff;

use super::guard::{account_key, client_key, code_key, count_attempt, give_back, record_attempt};
use super::login::logout;
use super::{StaffUser, totp_key, user_from_row};
use crate::server::row::Cols;
use crate::server::{Db, DbError, new_token, token_hash};

/// How long a session may wait for its one-time code.
pub const CODE_WAIT_SECONDS: i64 = 10 * 60;

/// A session as the two-factor pages see it.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeSession {
    pub user: StaffUser,
    /// The password was checked and the code too (or none was needed).
    pub verified: bool,
    /// The secret being set up on this session, if any.
    pub setup: Option<String>,
}

/// The session of `token` for the code pages: waiting for its code (for
/// at most [`CODE_WAIT_SECONDS`]) or signed in.
pub async fn code_session(db: &Db, token: &str) -> Result<Option<CodeSession>, DbError> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, u.demo, u.unit, u.totp_secret, \
         s.created_at, s.last_seen, s.verified, s.totp_setup \
         FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND u.active = 1",
    )
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let now = Utc::now().timestamp();
    let verified = row.flag("verified")?;
    let created: i64 = row.col("created_at")?;
    let last_seen: i64 = row.col("last_seen")?;
    let alive = if verified {
        staff::session_alive(created, last_seen, now)
    } else {
        now - created <= CODE_WAIT_SECONDS
    };
    if !alive {
        return Ok(None);
    }
    Ok(Some(CodeSession {
        user: user_from_row(&row)?,
        verified,
        setup: row.parsed_opt("totp_setup", totp_key)?,
    }))
}

/// The secret being set up on this session: made and kept on first use.
pub async fn setup_secret(db: &Db, token: &str) -> Result<String, DbError> {
    let secret = crate::server::totp::new_secret();
    sqlx::query(
        "UPDATE staff_sessions SET totp_setup = $1 WHERE token_hash = $2 AND totp_setup IS NULL",
    )
    .bind(&secret)
    .bind(token_hash(token))
    .execute(&db.pool)
    .await?;
    let row = sqlx::query("SELECT totp_setup FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_one(&db.pool)
        .await?;
    Ok(row.parsed_opt("totp_setup", totp_key)?.unwrap_or(secret))
}

/// How checking a one-time code ended.
#[derive(Debug, PartialEq)]
pub enum CodeOutcome {
    /// Right: a new, signed-in session (the old token is gone).
    Verified { token: String },
    /// Wrong, expired or used before.
    Wrong,
    /// Too many wrong codes: the account is locked and the session ended.
    Locked,
    /// No session waiting for a code.
    NoSession,
}

/// Checks the one-time code typed on the session `token`: against the
/// account's secret, or (setting up) against the session's new secret,
/// which then becomes the account's. A session may try
/// [`staff::LOCK_AFTER_FAILURES`] codes, counted before any is checked;
/// wrong codes also count towards the account's lock at this address.
pub async fn confirm_code(
    db: &Db,
    token: &str,
    code: &str,
    client: &str,
) -> Result<CodeOutcome, DbError> {
    let Some(session) = code_session(db, token).await? else {
        return Ok(CodeOutcome::NoSession);
    };
    let username = session.user.username.clone();
    let stamp = Utc::now().timestamp();
    let client_key = client_key(client);
    let attempt = count_attempt(db, &code_key(token), stamp).await?;
    let client_count = count_attempt(db, &client_key, stamp).await?;
    if !staff::may_try(attempt) || !staff::client_may_try(client_count) {
        record_attempt(db, &username, client, "code_locked").await?;
        logout(db, token).await?;
        return Ok(CodeOutcome::Locked);
    }
    let row = sqlx::query("SELECT totp_secret, totp_last_step FROM staff_users WHERE id = $1")
        .bind(session.user.id)
        .fetch_one(&db.pool)
        .await?;
    let stored = row.parsed_opt("totp_secret", totp_key)?;
    let last_step: Option<i64> = row.col("totp_last_step")?;
    let (secret, setting_up) = match (stored, session.setup) {
        (Some(s), _) => (s, false),
        (None, Some(s)) => (s, true),
        (None, None) => return Ok(CodeOutcome::NoSession),
    };
    let step = crate::server::totp::matching_step(&secret, code, stamp.max(0) as u64, last_step);
    let Some(step) = step else {
        count_attempt(db, &account_key(&username, client), stamp).await?;
        record_attempt(db, &username, client, "bad_code").await?;
        if staff::locks(attempt) {
            logout(db, token).await?;
            return Ok(CodeOutcome::Locked);
        }
        return Ok(CodeOutcome::Wrong);
    };
    give_back(db, &client_key).await?;
    let new_token = new_token();
    let mut tx = db.begin_write().await?;
    // Only a step later than the last one: two requests with one code
    // cannot both succeed.
    let updated = sqlx::query(
        "UPDATE staff_users SET totp_secret = $1, totp_last_step = $2 \
         WHERE id = $3 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(&secret)
    .bind(step)
    .bind(session.user.id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(CodeOutcome::Wrong);
    }
    let ended = sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await?;
    if ended.rows_affected() != 1 {
        return Ok(CodeOutcome::NoSession);
    }
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen, verified) \
         VALUES ($1, $2, $3, $3, 1)",
    )
    .bind(token_hash(&new_token))
    .bind(session.user.id)
    .bind(stamp)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    record_attempt(
        db,
        &username,
        client,
        if setting_up { "code_set_up" } else { "code_ok" },
    )
    .await?;
    Ok(CodeOutcome::Verified { token: new_token })
}
