//! One typed configuration: defaults, then an optional TOML file, then
//! environment variables. With nothing set, the embedded portal starts:
//! a SQLite file under `data/`, demo content, 127.0.0.1:3000.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub database_url: String,
    /// Address to listen on (`LEPTOS_SITE_ADDR`); port 0 picks a free port.
    pub site_addr: SocketAddr,
    /// Directory with the built site: `pkg/` (WASM, JS, CSS) and public files.
    pub site_root: PathBuf,
    /// Demo mode, only when asked for (`scripts/run.sh` asks): seed demo
    /// content and the demo staff accounts (published passwords) into an
    /// empty database, and say "demo" on every page. Without it, the server
    /// refuses to start while demo accounts exist (issue 14).
    pub demo: bool,
    /// The site is served over HTTPS (behind a proxy): send HSTS and mark
    /// cookies `Secure`.
    pub https: bool,
    /// Database pool size per app instance.
    pub max_connections: u32,
    /// A request that takes longer is answered 408.
    pub request_timeout_secs: u64,
    /// A request's headers must arrive within this many seconds of the
    /// connection being ready for them (a kept-alive connection that sends
    /// nothing for this long is closed).
    pub header_timeout_secs: u64,
    /// Connections open at once per instance; more wait to be accepted.
    pub max_open_connections: usize,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// Bearer tokens accepted by the air-quality push API
    /// (`QINGJIA_AIR_PUSH_TOKENS="[token1, token2]"`); none: the API is closed.
    pub air_push_tokens: Vec<String>,
    /// Behind a reverse proxy that appends the client's address to
    /// `X-Forwarded-For`: use it for login throttling. Never set this when
    /// clients reach the app directly (they could forge the header).
    pub trust_forwarded_for: bool,
    /// The address residents use (for QR codes and links in messages);
    /// `http://{site_addr}` when unset.
    pub public_url: Option<String>,
    /// Where complaint photos are stored when `photo_store` is unset (a
    /// local directory).
    pub photo_dir: PathBuf,
    /// S3-compatible storage for photos, shared by every app instance:
    /// `s3://bucket`. Endpoint, region and credentials come from the
    /// standard `AWS_*` variables (`AWS_ENDPOINT`, `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP`) or
    /// from `photo_store_options`.
    pub photo_store: Option<String>,
    /// Options of the S3 client by their `object_store` names
    /// (`aws_endpoint`, `aws_region`, `aws_access_key_id`, …); they win
    /// over the environment.
    pub photo_store_options: BTreeMap<String, String>,
    /// The largest photo accepted, in bytes.
    pub photo_max_bytes: usize,
    /// Filing requests (each step's form) per client address and minute.
    pub filing_per_minute: u32,
    /// Case lookups per client address and minute.
    pub lookups_per_minute: u32,
    /// Event sign-ups (and cancellations) per client address and minute.
    pub signups_per_minute: u32,
    /// The secret access codes are stored under (HMAC-SHA256), at least 32
    /// characters, the same on every instance. Unset: read from
    /// `access_code_key_file`.
    pub access_code_key: Option<String>,
    /// Where the access-code key is kept when `access_code_key` is unset.
    /// The embedded portal (SQLite) creates it with a random key on first
    /// start; with PostgreSQL (several instances) it must exist or the key
    /// must be set, so no instance makes a key of its own.
    pub access_code_key_file: PathBuf,
    /// Memory for rendered public pages (home, air, board, campaigns,
    /// news), in megabytes; 0 turns the cache off.
    pub page_cache_mb: u64,
    /// How often each instance looks for changes other instances (or
    /// direct SQL) made to public data, in milliseconds.
    pub page_cache_poll_ms: u64,
    /// How often the complaints filed since the last pass are judged by
    /// the early-warning rules, in seconds; 0 turns the pass off (tests
    /// that run it themselves).
    pub early_warning_secs: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/qingjia.db".to_owned(),
            site_addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            site_root: PathBuf::from("target/site"),
            demo: false,
            https: false,
            max_connections: 10,
            request_timeout_secs: 30,
            header_timeout_secs: 15,
            max_open_connections: 8192,
            body_limit_bytes: 2 * 1024 * 1024,
            log_format: LogFormat::Text,
            air_push_tokens: Vec::new(),
            trust_forwarded_for: false,
            public_url: None,
            photo_dir: PathBuf::from("data/photos"),
            photo_store: None,
            photo_store_options: BTreeMap::new(),
            photo_max_bytes: 10 * 1024 * 1024,
            filing_per_minute: 60,
            lookups_per_minute: 10,
            signups_per_minute: 10,
            access_code_key: None,
            access_code_key_file: PathBuf::from("data/access-code.key"),
            page_cache_mb: 16,
            page_cache_poll_ms: 1000,
            early_warning_secs: 5,
        }
    }
}

impl Config {
    /// Loads the configuration: defaults < `qingjia.toml` (or the file named
    /// by `QINGJIA_CONFIG`) < `DATABASE_URL`, `LEPTOS_SITE_ADDR`,
    /// `LEPTOS_SITE_ROOT` < `QINGJIA_*` variables (e.g. `QINGJIA_HTTPS=true`).
    pub fn load() -> Result<Config, Box<figment::Error>> {
        let file = std::env::var("QINGJIA_CONFIG").unwrap_or_else(|_| "qingjia.toml".to_owned());
        Self::figment(Toml::file(file)).extract().map_err(Box::new)
    }

    fn figment(file: impl figment::Provider) -> Figment {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(file)
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL", "LEPTOS_SITE_ADDR", "LEPTOS_SITE_ROOT"])
                    .map(|key| {
                        let key = key.as_str().to_ascii_lowercase();
                        key.strip_prefix("leptos_")
                            .unwrap_or(&key)
                            .to_owned()
                            .into()
                    }),
            )
            .merge(Env::prefixed("QINGJIA_").ignore(&["CONFIG"]))
    }

    /// The key access codes are stored under (see `access_code_key`).
    pub fn access_key(&self) -> anyhow::Result<app::server::AccessKey> {
        use anyhow::Context;
        let secret = match &self.access_code_key {
            Some(key) => key.trim().to_owned(),
            None => match std::fs::read_to_string(&self.access_code_key_file) {
                Ok(key) => key.trim().to_owned(),
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && self.database_url.starts_with("sqlite:") =>
                {
                    let key = app::server::new_token();
                    write_secret(&self.access_code_key_file, &key).with_context(|| {
                        format!("creating {}", self.access_code_key_file.display())
                    })?;
                    tracing::info!(file = %self.access_code_key_file.display(), "access-code key created");
                    key
                }
                Err(e) => anyhow::bail!(
                    "no access-code key: set QINGJIA_ACCESS_CODE_KEY (the same on every instance) \
                     or provide {} ({e})",
                    self.access_code_key_file.display()
                ),
            },
        };
        app::server::AccessKey::new(secret.as_bytes()).ok_or_else(|| {
            anyhow::anyhow!(
                "the access-code key needs at least {} characters",
                app::server::AccessKey::MIN_LEN
            )
        })
    }

    /// The portal's public address, without a trailing slash.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.site_addr))
            .trim_end_matches('/')
            .to_owned()
    }
}

/// Writes a new secret file readable by its owner only.
fn write_secret(path: &std::path::Path, secret: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(secret.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
// figment's Jail returns figment::Error, large by design; fine in tests.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn no_configuration_starts_the_embedded_portal() {
        Jail::expect_with(|_| {
            let c: Config = Config::figment(Toml::file("absent.toml")).extract()?;
            assert_eq!(c.database_url, "sqlite://data/qingjia.db");
            assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
            assert!(!c.demo, "demo mode only when asked for");
            assert!(!c.https);
            Ok(())
        });
    }

    #[test]
    fn file_then_conventional_then_prefixed_variables() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "q.toml",
                "database_url = \"postgres://db/x\"\nhttps = true\nsite_addr = \"0.0.0.0:8080\"",
            )?;
            jail.set_env("LEPTOS_SITE_ADDR", "127.0.0.1:4000");
            jail.set_env("QINGJIA_MAX_CONNECTIONS", "3");
            jail.set_env("QINGJIA_AIR_PUSH_TOKENS", "[feed-one, feed-two]");
            let c: Config = Config::figment(Toml::file("q.toml")).extract()?;
            assert_eq!(c.database_url, "postgres://db/x");
            assert!(c.https);
            assert!(!c.demo);
            assert_eq!(c.site_addr.to_string(), "127.0.0.1:4000");
            assert_eq!(c.max_connections, 3);
            assert_eq!(c.air_push_tokens, vec!["feed-one", "feed-two"]);
            jail.set_env("DATABASE_URL", "sqlite://other.db");
            jail.set_env("QINGJIA_DEMO", "true");
            let c: Config = Config::figment(Toml::file("q.toml")).extract()?;
            assert_eq!(c.database_url, "sqlite://other.db");
            assert!(c.demo);
            Ok(())
        });
    }
}
