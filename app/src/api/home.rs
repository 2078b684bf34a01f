use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// News shown on the home page.
pub const HOME_NEWS: i64 = 3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub next_env_day: Option<NextEnvDay>,
    /// The latest public news, newest first (at most [`HOME_NEWS`]).
    pub news: Vec<HomeNews>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NextEnvDay {
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub date: NaiveDate,
    pub days_until: i64,
    /// The public campaign for that day's year, when there is one.
    pub campaign: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeNews {
    pub slug: String,
    pub title: String,
    pub publish_at: DateTime<Utc>,
}

#[server(endpoint = "home")]
pub async fn get_home() -> Result<HomeData, ServerFnError> {
    let db = crate::server::use_db()?;
    let now = chrono::Utc::now();
    let today = domain::shanghai::today(now);
    let failed = |e: crate::server::DbError| {
        tracing::error!(error = %e, "loading the home page");
        ServerFnError::new("database unavailable")
    };
    let (next_env_day, (news, _)) = tokio::try_join!(
        crate::server::calendar::next_environment_day(&db, today, now),
        crate::server::content::public_news(&db, None, 0, HOME_NEWS, now),
    )
    .map_err(failed)?;
    Ok(HomeData {
        next_env_day,
        news: news
            .into_iter()
            .map(|n| HomeNews {
                slug: n.slug,
                title: n.title,
                publish_at: n.publish_at,
            })
            .collect(),
    })
}
