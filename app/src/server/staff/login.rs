//! Signing in with a password, the session that follows, signing out.

use argon2::password_hash::PasswordHash;
use chrono::Utc;
use domain::staff::{self, Role, Username};

use super::guard::{account_key, clear, client_key, count_attempt, give_back, record_attempt};
use super::{Login, StaffUser, dummy_hash, user_from_row, verify_password};
use crate::server::row::Cols;
use crate::server::{Db, DbError, new_token, token_hash};

/// Checks a username and password and, when right, opens a new session.
/// `previous` is the session token the browser already had: it is ended,
/// so a login always rotates the session. Known and unknown names take the
/// same path and the same time.
pub async fn login(
    db: &Db,
    username: &str,
    password: &str,
    client: &str,
    previous: Option<&str>,
) -> Result<Login, DbError> {
    let stamp = Utc::now().timestamp();
    let client_key = client_key(client);
    if !staff::client_may_try(count_attempt(db, &client_key, stamp).await?) {
        record_attempt(db, username, client, "throttled").await?;
        return Ok(Login::Throttled);
    }
    let account_key = account_key(username, client);
    let attempt = count_attempt(db, &account_key, stamp).await?;
    if !staff::may_try(attempt) {
        // Refused unchecked: no password was tried, so the address keeps
        // its attempt (the lock, not the address budget, holds it back).
        give_back(db, &client_key).await?;
        record_attempt(db, username, client, "locked").await?;
        return Ok(Login::Locked);
    }
    let row =
        match Username::parse(username) {
            Ok(name) => sqlx::query(
                "SELECT id, username, display_name, role, demo, unit, totp_secret, password_hash \
             FROM staff_users WHERE username = $1 AND active = 1",
            )
            .bind(name.as_str())
            .fetch_optional(&db.pool)
            .await?,
            Err(_) => None,
        };
    let (user, hash) = match &row {
        // A stored hash that is no PHC string is corrupt, not a wrong
        // password on every attempt.
        Some(row) => (
            Some(user_from_row(row)?),
            row.parsed("password_hash", |h| {
                PasswordHash::new(h).is_ok().then(|| h.to_owned())
            })?,
        ),
        None => (None, dummy_hash()),
    };
    let right = verify_password(password.to_owned(), hash).await;
    let Some(user) = user.filter(|_| right) else {
        let outcome = if row.is_some() {
            "bad_password"
        } else {
            "unknown_user"
        };
        record_attempt(db, username, client, outcome).await?;
        return Ok(if staff::locks(attempt) {
            Login::Locked
        } else {
            Login::Invalid
        });
    };
    give_back(db, &client_key).await?;
    clear(db, &account_key).await?;
    let token = new_token();
    let mut tx = db.begin_write().await?;
    if let Some(old) = previous {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash(old))
            .execute(&mut *tx)
            .await?;
    }
    // Administrators must use a second factor; others once they set one up.
    let second = user.two_factor || user.role == Role::Admin;
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen, verified) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user.id)
    .bind(stamp)
    .bind(i64::from(!second))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if second {
        record_attempt(db, username, client, "password_ok").await?;
        let enrolled = user.two_factor;
        return Ok(Login::SecondFactor {
            token,
            user,
            enrolled,
        });
    }
    record_attempt(db, username, client, "ok").await?;
    Ok(Login::SignedIn { token, user })
}

/// The signed-in staff member of a session token, if the session is alive.
/// Each use extends the idle timeout (written at most once a minute).
pub async fn session_user(db: &Db, token: &str) -> Result<Option<StaffUser>, DbError> {
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, u.demo, u.unit, u.totp_secret, s.created_at, s.last_seen \
         FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.verified = 1 AND u.active = 1",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let now = Utc::now().timestamp();
    let created: i64 = row.col("created_at")?;
    let last_seen: i64 = row.col("last_seen")?;
    if !staff::session_alive(created, last_seen, now) {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(&db.pool)
            .await?;
        return Ok(None);
    }
    if now - last_seen >= 60 {
        sqlx::query("UPDATE staff_sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(user_from_row(&row)?))
}

/// Ends a session.
pub async fn logout(db: &Db, token: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}
