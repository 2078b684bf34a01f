//! Server-side state and the query layer (feature `ssr`).
//!
//! One query layer serves SQLite and PostgreSQL: queries are written once
//! for sqlx's `Any` driver with `$1` placeholders; only DDL differs, so each
//! engine has its own migrations folder (`app/migrations/{sqlite,postgres}`).
//! Values cross the driver as TEXT, BIGINT and DOUBLE only (flags as 0/1,
//! instants as RFC 3339 UTC text), the types `Any` decodes on both engines.

pub mod air;
pub mod air_import;
pub mod calendar;
pub mod cases;
pub mod changes;
pub mod complaints;
pub mod content;
pub mod demo;
pub mod generate;
pub mod inspections;
pub mod outbox;
pub(crate) mod row;
pub mod sources;
pub mod staff;
pub mod stats;
pub mod submission;
pub mod totp;
pub mod trail;
pub mod views;
pub mod warnings;
pub mod workbook;

use std::str::FromStr;
use std::time::Duration;

use leptos::prelude::{ServerFnError, use_context};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The parameters of a multi-row `VALUES` list: `rows` groups of `cols`,
    /// numbered from `$1` on PostgreSQL. SQLite gets anonymous `?`: it
    /// finds a numbered parameter by a linear search of the statement's
    /// names, which makes a wide statement quadratic to bind (a month of
    /// readings took seconds).
    pub fn values_list(self, rows: usize, cols: usize) -> String {
        match self {
            Engine::Sqlite => {
                let row = format!("({})", vec!["?"; cols].join(", "));
                vec![row; rows].join(", ")
            }
            Engine::Postgres => value_rows(1, rows, cols),
        }
    }
}

/// The database: a pool, which engine it talks to, and the key that
/// access codes are stored under.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    pub access_key: AccessKey,
}

/// The server's secret for access codes: a code is stored as its
/// HMAC-SHA256 under this key, so a copy of the database alone gives no way
/// to test guesses offline (issue 14). Every instance needs the same key.
#[derive(Clone, Default)]
pub struct AccessKey(Option<std::sync::Arc<[u8]>>);

impl std::fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "AccessKey(****)"
        } else {
            "AccessKey(unset)"
        })
    }
}

/// The prefix of a keyed access hash; older rows hold a plain SHA-256.
const KEYED: &str = "h1$";

impl AccessKey {
    /// Shortest key accepted, in bytes.
    pub const MIN_LEN: usize = 32;

    pub fn new(secret: &[u8]) -> Option<AccessKey> {
        (secret.len() >= Self::MIN_LEN).then(|| AccessKey(Some(secret.into())))
    }

    /// The stored form of `code` (`h1$` and 64 hex digits); `None` without
    /// a key, which the caller reports as a configuration fault.
    pub fn hash(&self, code: &domain::complaint::reference::AccessCode) -> Option<String> {
        let digest = self.mac(&[code.as_str()])?;
        Some(format!("{KEYED}{}", hex(&digest)))
    }

    /// Whether `stored` is the stored form of `code`, keyed or (rows from
    /// before the key) plain SHA-256; compared in constant time.
    pub fn verifies(&self, code: &domain::complaint::reference::AccessCode, stored: &str) -> bool {
        let given = if stored.starts_with(KEYED) {
            self.hash(code).unwrap_or_default()
        } else {
            token_hash(code.as_str())
        };
        same_secret(given.as_bytes(), stored.as_bytes())
    }

    /// An opaque name for `parts` under the key (HMAC-SHA256, 32 hex
    /// digits): for ids a page must carry without revealing them (the
    /// cases the duplicate hint offers). `None` without a key.
    pub fn tag(&self, parts: &[&str]) -> Option<String> {
        let joined: Vec<String> = parts.iter().map(|p| format!("{p}\n")).collect();
        let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
        Some(hex(&self.mac(&joined)?[..16]))
    }

    /// HMAC-SHA256 of `parts`, one after the other, under the key.
    fn mac(&self, parts: &[&str]) -> Option<Vec<u8>> {
        use hmac::{Hmac, Mac};
        let key = self.0.as_ref()?;
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).ok()?;
        for part in parts {
            mac.update(part.as_bytes());
        }
        Some(mac.finalize().into_bytes().to_vec())
    }

    /// Whether `stored` predates the key (to be upgraded once verified).
    pub fn is_legacy(stored: &str) -> bool {
        !stored.starts_with(KEYED)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (use sqlite://… or postgres://…)")]
    UnsupportedUrl,
    #[error("cannot create the database directory {0}: {1}")]
    Directory(String, std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value that does not decode (see [`row`]).
    #[error("column {column} holds a value that does not decode: {value}")]
    Corrupt { column: String, value: String },
}

/// A connection idle for longer is pinged before it is used again (see
/// [`Db::connect`]).
pub(crate) const IDLE_CHECK: std::time::Duration = std::time::Duration::from_secs(10);

impl Db {
    /// Connects to `url`. A SQLite file (and its directory) is created when
    /// missing; every SQLite connection runs in WAL mode with
    /// `synchronous=FULL` (an acknowledged commit survives power loss),
    /// foreign keys on and a busy timeout.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (engine, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            let file = path.split('?').next().unwrap_or_default();
            if let Some(dir) = std::path::Path::new(file).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbError::Directory(dir.display().to_string(), e))?;
            }
            let url = if path.contains("mode=") {
                url.to_owned()
            } else if path.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            (Engine::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Engine::Postgres, url.to_owned())
        } else {
            return Err(DbError::UnsupportedUrl);
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            // sqlx pings every connection it hands out: a round trip before
            // each query. Only one idle for a while is checked (a database
            // restart or a dropped connection); a busy one proves itself.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_CHECK {
                        return Ok(conn.ping().await.is_ok());
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                             PRAGMA cache_size = -8192; PRAGMA mmap_size = 268435456;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Db {
            pool,
            engine,
            access_key: AccessKey::default(),
        })
    }

    /// This database with the key access codes are stored under.
    pub fn with_access_key(mut self, key: AccessKey) -> Db {
        self.access_key = key;
        self
    }

    /// Applies this engine's pending migrations. Safe to run from several
    /// instances at once: sqlx takes a database lock while migrating.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.engine {
            Engine::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Engine::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Begins a transaction that writes. On SQLite it takes the write lock
    /// at `BEGIN IMMEDIATE`, queueing behind another writer for the busy
    /// timeout: a deferred transaction holds a read snapshot from its first
    /// statement, and when another connection commits before it writes,
    /// SQLite refuses the upgrade at once (`SQLITE_BUSY_SNAPSHOT`, 517),
    /// without waiting. PostgreSQL's plain `BEGIN` has no such failure.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// The pool, inside a server function or a server-rendered component.
pub fn use_db() -> Result<Db, ServerFnError> {
    use_context::<Db>().ok_or_else(|| ServerFnError::new("database not in context"))
}

/// SHA-256 of a secret token, as stored: a leaked table gives no tokens.
/// `rows` groups of `cols` numbered placeholders from `$first` on, for a
/// multi-row `VALUES` list: `($1, $2), ($3, $4)`.
pub(crate) fn value_rows(first: usize, rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (0..cols)
                .map(|c| format!("${}", first + r * cols + c))
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `CASE key WHEN $a THEN $b … END` over `pairs` placeholder pairs from
/// `$first` on (key, value, key, value, …), and the `IN (…)` list of the
/// keys: for one `UPDATE` that sets a different value on each row.
pub(crate) fn case_when(key: &str, first: usize, pairs: usize) -> (String, String) {
    let whens: Vec<String> = (0..pairs)
        .map(|i| format!("WHEN ${} THEN ${}", first + 2 * i, first + 2 * i + 1))
        .collect();
    let keys: Vec<String> = (0..pairs).map(|i| format!("${}", first + 2 * i)).collect();
    (
        format!("CASE {key} {} END", whens.join(" ")),
        format!("({})", keys.join(", ")),
    )
}

/// Whether two secrets (or their hashes) are equal, in time that does not
/// depend on where they differ.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes from the OS, hex-encoded: session and draft tokens.
pub fn new_token() -> String {
    hex(&random_bytes::<32>())
}

/// Bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Logs a failure and gives the client a generic error: causes stay in the
/// log, never in a response.
pub fn internal(e: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(error = %e, "server function failed");
    ServerFnError::new("internal error")
}

/// Answers the page being rendered with `303 See Other` to `path`, for
/// browsers and any other client alike (leptos_axum's `redirect` sets the
/// status only when the request accepts HTML).
pub fn see_other(path: &'static str) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::SEE_OTHER);
        response.insert_header(http::header::LOCATION, http::HeaderValue::from_static(path));
    }
}

#[cfg(test)]
mod tests {
    use super::AccessKey;
    use domain::complaint::reference::AccessCode;

    #[test]
    fn access_codes_are_stored_under_the_key() {
        let code = AccessCode::parse("K7QD-M2XP").unwrap();
        let key = AccessKey::new(&[7u8; 32]).unwrap();
        let stored = key.hash(&code).unwrap();
        assert!(stored.starts_with("h1$") && stored.len() == 3 + 64);
        assert!(key.verifies(&code, &stored));
        let other = AccessKey::new(&[8u8; 32]).unwrap();
        assert!(
            !other.verifies(&code, &stored),
            "another key proves nothing"
        );
        assert!(!key.verifies(&AccessCode::parse("K7QD-M2XQ").unwrap(), &stored));
        // Rows from before the key still open, until upgraded.
        let legacy = super::token_hash(code.as_str());
        assert!(key.verifies(&code, &legacy) && AccessKey::is_legacy(&legacy));
        assert!(AccessKey::new(b"short").is_none(), "too short");
        assert_eq!(AccessKey::default().hash(&code), None);
    }

    #[test]
    fn placeholders_for_many_rows() {
        assert_eq!(super::value_rows(1, 2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::value_rows(3, 1, 2), "($3, $4)");
        assert_eq!(super::Engine::Sqlite.values_list(2, 2), "(?, ?), (?, ?)");
        assert_eq!(
            super::Engine::Postgres.values_list(2, 2),
            "($1, $2), ($3, $4)"
        );
        assert_eq!(
            super::case_when("token_hash", 2, 2),
            (
                "CASE token_hash WHEN $2 THEN $3 WHEN $4 THEN $5 END".to_owned(),
                "($2, $4)".to_owned()
            )
        );
    }
}
