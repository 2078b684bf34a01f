//! Uploaded CSV files waiting for the staff member's confirmation.

use chrono::Utc;

use super::row::Cols;
use super::{Db, DbError};

const KEEP_SECONDS: i64 = 24 * 3600;

/// Keeps an upload for confirmation; returns its id. Older uploads go.
pub async fn save(
    db: &Db,
    user_id: i64,
    file_name: &str,
    content: &str,
) -> Result<String, DbError> {
    let now = Utc::now().timestamp();
    sqlx::query("DELETE FROM air_import_batches WHERE created_at < $1")
        .bind(now - KEEP_SECONDS)
        .execute(&db.pool)
        .await?;
    let id = super::new_token();
    sqlx::query(
        "INSERT INTO air_import_batches (id, user_id, file_name, content, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(file_name)
    .bind(content)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// An upload of this user, if it is still kept: (file name, content).
pub async fn load(db: &Db, id: &str, user_id: i64) -> Result<Option<(String, String)>, DbError> {
    let row = sqlx::query(
        "SELECT file_name, content FROM air_import_batches WHERE id = $1 AND user_id = $2 AND created_at >= $3",
    )
    .bind(id)
    .bind(user_id)
    .bind(Utc::now().timestamp() - KEEP_SECONDS)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.col("file_name")?, r.col("content")?)))
        .transpose()
}

pub async fn delete(db: &Db, id: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM air_import_batches WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
