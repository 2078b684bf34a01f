//! Staff accounts and sessions: argon2id password hashes, server-side
//! sessions in the database (they survive restarts and are shared by every
//! app instance), lockout after repeated failures, and a log of every
//! login attempt. Signing in is in `login`, the counters that guard it in
//! `guard`, the one-time codes of two-step verification in `codes`.

mod codes;
mod guard;
mod login;

pub use codes::*;
pub use guard::purge_counters;
pub use login::*;

use std::sync::OnceLock;

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

pub(super) async fn hash_password(password: String) -> Result<String, StaffError> {
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

pub(super) async fn verify_password(password: String, hash: String) -> bool {
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
pub(super) fn dummy_hash() -> String {
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
pub(super) fn user_from_row(r: &AnyRow) -> Result<StaffUser, DbError> {
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
pub(super) fn totp_key(raw: &str) -> Option<String> {
    super::totp::is_key(raw).then(|| raw.to_owned())
}
