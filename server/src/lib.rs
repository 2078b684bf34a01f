//! The portal's HTTP server. `main.rs` only parses the command line; this
//! crate wires configuration, database, middleware and routes together so
//! that integration tests can start the very same application.

pub mod config;
pub mod http;
pub mod photos;
pub mod serve;
pub mod telemetry;

use std::net::SocketAddr;

use anyhow::Context;
use app::components::layout::SiteInfo;
use app::server::Db;
use tokio::net::TcpListener;

use crate::config::Config;

/// A configured portal, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    limits: serve::Limits,
    addr: SocketAddr,
    pages: Option<std::sync::Arc<http::page_cache::PageCache>>,
}

impl Application {
    /// Connects to the database, applies migrations and binds the address.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let access_key = config.access_key()?;
        let db = Db::connect(&config.database_url, config.max_connections)
            .await
            .context("connecting to the database")?
            .with_access_key(access_key);
        db.migrate().await.context("applying database migrations")?;
        let site = SiteInfo { demo: config.demo };
        if !site.demo {
            let demo_accounts = app::server::demo::active_staff(&db)
                .await
                .context("looking for demo staff accounts")?;
            if demo_accounts > 0 {
                anyhow::bail!(
                    "{demo_accounts} demo staff account(s) with published passwords exist in this \
                     database, and demo mode is off. Remove them with `server remove-demo-accounts`, \
                     or start in demo mode (QINGJIA_DEMO=true) if this is a demonstration."
                );
            }
        }
        if site.demo {
            if app::server::demo::seed_if_empty(&db, chrono::Utc::now())
                .await
                .context("seeding demo content")?
            {
                tracing::info!("demo content seeded into the empty database");
            }
            if app::server::demo::seed_staff_if_empty(&db)
                .await
                .context("creating demo staff accounts")?
            {
                tracing::info!("demo staff accounts created (see the README)");
            }
            app::server::complaints::seed_work_calendar(&db)
                .await
                .context("seeding the working-day calendar")?;
            let calendar = app::server::complaints::work_calendar(&db)
                .await
                .context("reading the working-day calendar")?;
            if app::server::stats::ensure_built(&db, &calendar)
                .await
                .context("building the dashboard's tallies")?
            {
                tracing::info!("dashboard tallies built from the cases");
            }
            if app::server::demo::seed_cases_if_empty(&db, chrono::Utc::now())
                .await
                .context("filing demo complaints")?
            {
                tracing::info!("demo complaints filed");
            }
            if app::server::demo::seed_content_if_empty(&db, chrono::Utc::now())
                .await
                .context("adding demo campaigns and news")?
            {
                tracing::info!("demo campaigns and news added");
            }
            tokio::spawn(keep_demo_current(db.clone()));
        }
        let listener = TcpListener::bind(config.site_addr)
            .await
            .with_context(|| format!("binding {}", config.site_addr))?;
        let addr = listener.local_addr()?;
        let services = http::Services {
            photos: match &config.photo_store {
                Some(url) => photos::PhotoStore::s3(url, &config.photo_store_options)
                    .with_context(|| format!("configuring the photo store {url}"))?,
                None => photos::PhotoStore::local(&config.photo_dir).with_context(|| {
                    format!("opening the photo directory {}", config.photo_dir.display())
                })?,
            },
            limits: http::rate_limit::Limits::new(
                config.filing_per_minute,
                config.lookups_per_minute,
                config.signups_per_minute,
            ),
            submissions: app::server::submission::SubmitQueue::start(db.clone()),
            pages: http::page_cache::PageCache::new(db.clone(), config.page_cache_mb, config.https),
        };
        if let Some(pages) = &services.pages {
            pages.look(true).await;
            tokio::spawn(pages.clone().watch(std::time::Duration::from_millis(
                config.page_cache_poll_ms.max(10),
            )));
        }
        app::server::complaints::seed_work_calendar(&db)
            .await
            .context("seeding the working-day calendar")?;
        tokio::spawn(housekeeping(db.clone(), services.clone()));
        if config.early_warning_secs > 0 {
            tokio::spawn(early_warning(db.clone(), config.early_warning_secs));
        }
        let pages = services.pages.clone();
        let router = http::router(&config, db, site, addr, services);
        let limits = serve::Limits {
            header_timeout: std::time::Duration::from_secs(config.header_timeout_secs.max(1)),
            max_open: config.max_open_connections,
            drain: std::time::Duration::from_secs(config.request_timeout_secs.max(1)),
        };
        Ok(Application {
            listener,
            router,
            limits,
            addr,
            pages,
        })
    }

    /// The cache of public pages (`None` when turned off): tests that
    /// change data behind the app's back make it look at once.
    pub fn page_cache(&self) -> Option<std::sync::Arc<http::page_cache::PageCache>> {
        self.pages.clone()
    }

    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(addr = %self.addr, "listening on http://{}", self.addr);
        serve::serve(self.listener, self.router, self.limits, shutdown_signal()).await
    }
}

/// Demo mode: adds the demo air-quality hours as time passes, so the demo
/// never shows stale data. Idempotent, so several instances may run it.
async fn keep_demo_current(db: Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = app::server::demo::top_up(&db, chrono::Utc::now()).await {
            tracing::warn!(error = %e, "demo top-up failed");
        }
    }
}

/// Every 30 seconds: sends due notifications; every 10 minutes: forgets
/// idle rate-limit entries, deletes expired drafts with their photos and
/// the sign-ups of past events and sign-in counters whose window has
/// passed, and queues today's reminders for cases
/// due soon or overdue.
async fn housekeeping(db: Db, services: http::Services) {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        app::server::new_token().get(..8).unwrap_or("")
    );
    let sender = app::server::outbox::RecordingSender;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
    let mut n: u64 = 0;
    loop {
        tick.tick().await;
        if let Err(e) = app::server::outbox::drain(&db, &sender, &worker, chrono::Utc::now()).await
        {
            tracing::warn!(error = %e, "sending notifications failed");
        }
        if n.is_multiple_of(20) {
            services.limits.shrink();
            match app::server::complaints::purge_drafts(&db).await {
                Ok(keys) => {
                    for key in keys {
                        services.photos.delete(&key).await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "purging expired drafts failed"),
            }
            match app::server::content::purge_signups(&db, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "sign-ups of past events deleted"),
                Err(e) => tracing::warn!(error = %e, "deleting past sign-ups failed"),
            }
            if let Err(e) = queue_reminders(&db).await {
                tracing::warn!(error = %e, "queueing reminders failed");
            }
            if let Err(e) = app::server::complaints::forget_old_codes(&db, chrono::Utc::now()).await
            {
                tracing::warn!(error = %e, "forgetting old access codes failed");
            }
            if let Err(e) = app::server::staff::purge_counters(&db).await {
                tracing::warn!(error = %e, "purging sign-in counters failed");
            }
        }
        n += 1;
    }
}

/// Every few seconds: judges the complaints filed since the last pass by
/// the early-warning rules (instances take turns; a pass with nothing new
/// takes no lock).
async fn early_warning(db: Db, secs: u64) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match app::server::warnings::evaluate_new(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(judged = n, "complaints judged for early warning"),
            Err(e) => tracing::warn!(error = %e, "early-warning pass failed"),
        }
    }
}

/// Queues today's reminders (idempotent: one per case, kind and day).
pub async fn queue_reminders(db: &Db) -> Result<u64, app::server::DbError> {
    let now = chrono::Utc::now();
    let today = domain::shanghai::today(now);
    let calendar = app::server::complaints::work_calendar(db).await?;
    let soon_until = domain::handling::due_soon_until(&calendar, today);
    let queued = app::server::cases::queue_reminders(db, today, soon_until, now).await?;
    if queued > 0 {
        tracing::info!(queued, "reminders queued");
    }
    Ok(queued)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
