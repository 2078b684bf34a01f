//! Demo staff accounts, one per role (and one handler per demo unit), all
//! with the password the README lists; and, because that password is
//! public, the count a server outside demo mode checks and the retirement
//! `remove-demo-accounts` runs.

use crate::server::Db;
use crate::server::row::Cols;
use crate::server::staff::{self, StaffError};
use domain::staff::{Role, Username};

/// The password of every demo staff account (listed in the README).
pub const DEMO_PASSWORD: &str = "qingjia-demo-2026";

/// The demo administrator's two-step verification key (README): any
/// authenticator app, or `oathtool --totp -b`, gives its codes.
pub const DEMO_TOTP_SECRET: &str = "QJDEMOQJDEMOQJDEMOQJDEMOQJDEMOQJ";

/// Username, name, role and (for handlers) unit.
const DEMO_STAFF: [(&str, &str, Role, Option<&str>); 9] = [
    ("admin", "演示管理员", Role::Admin, None),
    ("dispatcher", "演示受理员", Role::Dispatcher, None),
    (
        "handler.malu",
        "马陆镇承办人（演示）",
        Role::Handler,
        Some("malu"),
    ),
    (
        "handler.anting",
        "安亭镇承办人（演示）",
        Role::Handler,
        Some("anting"),
    ),
    // A second officer of Anting: a site inspection needs two.
    (
        "inspector.anting",
        "李明（安亭镇执法，演示）",
        Role::Handler,
        Some("anting"),
    ),
    (
        "handler.chengguan",
        "城管执法局承办人（演示）",
        Role::Handler,
        Some("chengguan"),
    ),
    (
        "handler.enforcement",
        "执法大队承办人（演示）",
        Role::Handler,
        Some("enforcement"),
    ),
    ("editor", "演示编辑", Role::Editor, None),
    ("leader", "演示领导", Role::Leader, None),
];

/// Demo staff accounts, when there are no staff accounts at all (the
/// inactive ones `server generate` makes, `gen.…`, do not count).
pub async fn seed_staff_if_empty(db: &Db) -> Result<bool, StaffError> {
    let n: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM staff_users WHERE username NOT LIKE 'gen.%'")
            .fetch_one(&db.pool)
            .await
            .map_err(crate::server::DbError::from)?
            .col("n")?;
    if n > 0 {
        return Ok(false);
    }
    for (username, name, role, unit) in DEMO_STAFF {
        let username = Username::parse(username)?;
        let id = staff::create_user(db, &username, name, DEMO_PASSWORD, role, true).await?;
        if unit.is_some() {
            staff::set_unit(db, id, unit).await?;
        }
        if role == Role::Admin {
            staff::set_totp_secret(db, id, DEMO_TOTP_SECRET).await?;
        }
    }
    Ok(true)
}

/// The active demo staff accounts (published passwords): a server outside
/// demo mode refuses to start while there are any.
pub async fn active_staff(db: &Db) -> Result<i64, crate::server::DbError> {
    sqlx::query("SELECT COUNT(*) AS n FROM staff_users WHERE demo = 1 AND active = 1")
        .fetch_one(&db.pool)
        .await?
        .col("n")
}

/// Deactivates the demo staff accounts and ends their sessions (their
/// names stay in the case trails). Returns how many were active.
pub async fn retire_staff(db: &Db) -> Result<u64, crate::server::DbError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "DELETE FROM staff_sessions WHERE user_id IN (SELECT id FROM staff_users WHERE demo = 1)",
    )
    .execute(&mut *tx)
    .await?;
    let n = sqlx::query("UPDATE staff_users SET active = 0 WHERE demo = 1 AND active = 1")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n)
}
