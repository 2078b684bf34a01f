//! The counters that guard signing in (ADR 008): moved atomically before a
//! password or code is checked, per client address, per account name at
//! that address, and per session waiting for a code; and the log of every
//! attempt.

use chrono::Utc;
use domain::staff::{self, Username};

use crate::server::row::Cols;
use crate::server::{Db, DbError, token_hash};

pub(super) async fn record_attempt(
    db: &Db,
    username: &str,
    client: &str,
    outcome: &str,
) -> Result<(), DbError> {
    // The typed username is kept as evidence, cut short: it is never a password field.
    let username: String = username.chars().take(64).collect();
    sqlx::query(
        "INSERT INTO staff_login_attempts (username, client, outcome, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(username)
    .bind(client)
    .bind(outcome)
    .bind(Utc::now().to_rfc3339())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The keys of the sign-in counters (see `domain::staff`), hashed so that
/// any typed name fits.
pub(super) fn client_key(client: &str) -> String {
    token_hash(&format!("client\n{client}"))
}

pub(super) fn account_key(username: &str, client: &str) -> String {
    let name = Username::parse(username)
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| username.trim().to_lowercase());
    token_hash(&format!("account\n{name}\n{client}"))
}

pub(super) fn code_key(session_token: &str) -> String {
    token_hash(&format!("code\n{session_token}"))
}

/// Counts one attempt on `key` and returns the new count, in one atomic
/// statement: requests sent at once each get their own number. A counter
/// whose window has passed starts again at one.
pub(super) async fn count_attempt(db: &Db, key: &str, now: i64) -> Result<i64, DbError> {
    let row = sqlx::query(
        "INSERT INTO login_counters (key, window_start, count) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
         count = CASE WHEN login_counters.window_start <= $3 THEN 1 ELSE login_counters.count + 1 END, \
         window_start = CASE WHEN login_counters.window_start <= $3 THEN $2 ELSE login_counters.window_start END \
         RETURNING count",
    )
    .bind(key)
    .bind(now)
    .bind(now - staff::COUNTER_WINDOW_SECONDS)
    .fetch_one(&db.pool)
    .await?;
    row.col("count")
}

/// Gives one attempt back (a right password).
pub(super) async fn give_back(db: &Db, key: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE login_counters SET count = count - 1 WHERE key = $1 AND count > 0")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Clears a counter (a completed sign-in).
pub(super) async fn clear(db: &Db, key: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM login_counters WHERE key = $1")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Deletes the counters whose window has passed (they would start again
/// at one anyway).
pub async fn purge_counters(db: &Db) -> Result<u64, DbError> {
    let before = Utc::now().timestamp() - staff::COUNTER_WINDOW_SECONDS;
    Ok(
        sqlx::query("DELETE FROM login_counters WHERE window_start <= $1")
            .bind(before)
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}
