//! The home page: one card per service, each from the database, each with a
//! proper empty state until its data exists.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::home::{HomeData, get_home};
use crate::components::air::AirSummary;
use crate::components::layout::AirNowResource;
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;
use crate::prefs::{Locale, use_prefs};

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(|| (), |_| get_home());
    view! {
        <Title text=t.home_title />
        <Meta name="description" content=t.home_intro />
        <h1 class="visually-hidden">{t.site_name}</h1>
        <p class="intro">{t.home_intro}</p>
        <Suspense>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(home) => view! { <HomeCards home /> }.into_any(),
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            tracing::error!(error = %e, "home page data failed");
                            let _ = e;
                            view! { <ErrorPage /> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn HomeCards(home: HomeData) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let env_day = match home.next_env_day {
        Some(day) => {
            let name = match locale {
                Locale::ZhCn => day.name_zh,
                Locale::En => day.name_en,
            };
            let when = if day.days_until == 0 {
                t.env_day_today.to_owned()
            } else {
                (t.env_day_in_days)(day.days_until)
            };
            view! {
                <p class="env-day">
                    <strong class="env-day-name">{name}</strong>
                    <span class="env-day-date">
                        {domain::shanghai::format_date(day.date, locale)}
                    </span>
                    <span class="env-day-countdown">{when}</span>
                </p>
            }
            .into_any()
        }
        None => view! { <p class="empty">{t.env_day_empty}</p> }.into_any(),
    };
    view! {
        <div class="cards">
            <section class="card" aria-labelledby="home-air">
                <h2 id="home-air">{t.air_heading}</h2>
                <HomeAir />
            </section>
            <section class="card" aria-labelledby="home-complaints">
                <h2 id="home-complaints">{t.complaints_heading}</h2>
                <p>{t.complaints_intro}</p>
                <p>
                    <a class="button" href="/complaints/new">{t.c.nav_complaints}</a>
                </p>
                <ul class="task-list">
                    <li>
                        <a href="/track">{t.c.nav_track}</a>
                    </li>
                    <li>
                        <a href="/board">{t.c.nav_board}</a>
                    </li>
                </ul>
            </section>
            <section class="card" aria-labelledby="home-env-day">
                <h2 id="home-env-day">{t.env_day_heading}</h2>
                {env_day}
            </section>
            <section class="card" aria-labelledby="home-news">
                <h2 id="home-news">{t.news_heading}</h2>
                <p class="empty">{t.news_empty}</p>
            </section>
        </div>
    }
}

/// The district's current AQI, from the layout's resource.
#[component]
fn HomeAir() -> impl IntoView {
    let t = use_texts();
    let air = use_context::<AirNowResource>().map(|r| r.0);
    view! {
        <Suspense>
            {move || {
                air.and_then(|r| r.get())
                    .map(|result| match result {
                        Ok(Some(now)) => {
                            view! {
                                <AirSummary now />
                                <p>
                                    <a class="button" href="/air">{t.air_details}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <p class="empty">{t.air_empty}</p> }.into_any(),
                        Err(_) => view! { <p class="warning">{t.error_body}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
