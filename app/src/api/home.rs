use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub next_env_day: Option<NextEnvDay>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NextEnvDay {
    pub name_zh: String,
    pub name_en: String,
    pub date: NaiveDate,
    pub days_until: i64,
}

#[server(endpoint = "home")]
pub async fn get_home() -> Result<HomeData, ServerFnError> {
    let db = crate::server::use_db()?;
    let today = domain::shanghai::today(chrono::Utc::now());
    let next_env_day = crate::server::calendar::next_environment_day(&db, today)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "loading environment days");
            ServerFnError::new("database unavailable")
        })?;
    Ok(HomeData { next_env_day })
}
