//! Staff accounts and sessions: argon2id password hashes, server-side
//! sessions in the database (they survive restarts and are shared by every
//! app instance), lockout after repeated failures, and a log of every
//! login attempt.

use std::sync::OnceLock;

use super::{new_token, token_hash};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::Utc;
use domain::staff::{self, AccountError, Role, Username};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

use super::row::Cols;
use super::{Db, DbError};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub demo: bool,
    /// A handler's unit (their cases are that unit's).
    pub unit: Option<String>,
    /// Signs in with a one-time code too.
    pub two_factor: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("the username is taken")]
    Taken,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// How a login attempt ended.
#[derive(Debug, PartialEq)]
pub enum Login {
    /// Signed in: the new session's token goes into the cookie.
    SignedIn { token: String, user: StaffUser },
    /// The password was right; a one-time code must follow (`enrolled`
    /// false: an administrator who must set up two-factor sign-in first).
    /// The token names a session that opens nothing else until then.
    SecondFactor {
        token: String,
        user: StaffUser,
        enrolled: bool,
    },
    /// Unknown user or wrong password (the same answer for both).
    Invalid,
    /// Locked after repeated failures.
    Locked,
    /// Too many failed attempts from this client recently.
    Throttled,
}

async fn hash_password(password: String) -> Result<String, StaffError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StaffError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| StaffError::Hash(e.to_string()))?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that an
/// unknown username takes as long as a wrong password.
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(b"no such user", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

/// Adds a staff account.
pub async fn create_user(
    db: &Db,
    username: &Username,
    display_name: &str,
    password: &str,
    role: Role,
    demo: bool,
) -> Result<i64, StaffError> {
    staff::check_new_password(password)?;
    let hash = hash_password(password.to_owned()).await?;
    let result = sqlx::query(
        "INSERT INTO staff_users (username, display_name, password_hash, role, demo, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(username.as_str())
    .bind(display_name.trim())
    .bind(hash)
    .bind(role.code())
    .bind(i64::from(demo))
    .bind(Utc::now().to_rfc3339())
    .fetch_one(&db.pool)
    .await;
    match result {
        Ok(row) => Ok(row.col("id")?),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StaffError::Taken),
        Err(e) => Err(DbError::from(e).into()),
    }
}

/// Sets a staff member's two-step verification key (base32), as if set up.
pub async fn set_totp_secret(db: &Db, id: i64, secret: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE staff_users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
        .bind(secret)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Puts a staff member in a unit (handlers) or in none.
pub async fn set_unit(db: &Db, id: i64, unit: Option<&str>) -> Result<(), DbError> {
    sqlx::query("UPDATE staff_users SET unit = $1 WHERE id = $2")
        .bind(unit)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A staff member from a row with the columns of `staff_users` that
/// [`StaffUser`] shows (`id`, `username`, `display_name`, `role`, `demo`,
/// `unit`, `totp_secret`).
fn user_from_row(r: &AnyRow) -> Result<StaffUser, DbError> {
    Ok(StaffUser {
        id: r.col("id")?,
        username: r.col("username")?,
        display_name: r.col("display_name")?,
        role: r.parsed("role", Role::from_code)?,
        demo: r.flag("demo")?,
        unit: r.col("unit")?,
        two_factor: r.col::<Option<String>>("totp_secret")?.is_some(),
    })
}

/// A stored two-step key, if codes can be made from it (see
/// [`super::totp::is_key`]).
fn totp_key(raw: &str) -> Option<String> {
    super::totp::is_key(raw).then(|| raw.to_owned())
}

async fn record_attempt(
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
fn client_key(client: &str) -> String {
    token_hash(&format!("client\n{client}"))
}

fn account_key(username: &str, client: &str) -> String {
    let name = Username::parse(username)
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| username.trim().to_lowercase());
    token_hash(&format!("account\n{name}\n{client}"))
}

fn code_key(session_token: &str) -> String {
    token_hash(&format!("code\n{session_token}"))
}

/// Counts one attempt on `key` and returns the new count, in one atomic
/// statement: requests sent at once each get their own number. A counter
/// whose window has passed starts again at one.
async fn count_attempt(db: &Db, key: &str, now: i64) -> Result<i64, DbError> {
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
async fn give_back(db: &Db, key: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE login_counters SET count = count - 1 WHERE key = $1 AND count > 0")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Clears a counter (a completed sign-in).
async fn clear(db: &Db, key: &str) -> Result<(), DbError> {
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
    let mut tx = db.pool.begin().await?;
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
    let secret = super::totp::new_secret();
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
    let step = super::totp::matching_step(&secret, code, stamp.max(0) as u64, last_step);
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
    let mut tx = db.pool.begin().await?;
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
