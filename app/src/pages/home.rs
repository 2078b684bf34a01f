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
        <QuickTasks />
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
                {day
                    .campaign
                    .map(|slug| {
                        view! {
                            <p class="link-line">
                                <a href=format!("/campaigns/{slug}")>{t.env_day_campaign}</a>
                            </p>
                        }
                    })}
            }
            .into_any()
        }
        None => view! { <p class="empty">{t.env_day_empty}</p> }.into_any(),
    };
    let news = if home.news.is_empty() {
        view! { <p class="empty">{t.news_empty}</p> }.into_any()
    } else {
        let items: Vec<_> = home
            .news
            .into_iter()
            .map(|n| {
                view! {
                    <li>
                        <a href=format!("/news/{}", n.slug)>{n.title}</a>
                        <time class="note" datetime=domain::shanghai::machine(n.publish_at)>
                            {domain::shanghai::format_date(
                                domain::shanghai::today(n.publish_at),
                                locale,
                            )}
                        </time>
                    </li>
                }
            })
            .collect();
        view! {
            <ul class="task-list home-news">{items}</ul>
            <p class="link-line">
                <a href="/news">{t.news_more}</a>
            </p>
        }
        .into_any()
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
                <ul class="task-list">
                    <li>
                        <a href="/board">{t.c.nav_board}</a>
                    </li>
                    <li>
                        <a href="/stats">{t.p.link}</a>
                    </li>
                    <li>
                        <a href="/complaints/other">{t.c.other_problem}</a>
                    </li>
                </ul>
            </section>
            <section class="card" aria-labelledby="home-env-day">
                <h2 id="home-env-day">{t.env_day_heading}</h2>
                {env_day}
            </section>
            <section class="card" aria-labelledby="home-news">
                <h2 id="home-news">{t.news_heading}</h2>
                {news}
            </section>
        </div>
    }
}

/// What residents come for, as the first screen's large buttons: complain
/// about noise, about cooking fumes, and check a case.
#[component]
fn QuickTasks() -> impl IntoView {
    let t = use_texts();
    let task = |href: &'static str, title: &'static str, hint: &'static str| {
        view! {
            <li>
                <a class="task-button" href=href>
                    <span class="task-title">{title}</span>
                    <span class="task-hint">{hint}</span>
                </a>
            </li>
        }
    };
    view! {
        <nav class="quick-tasks" aria-label=t.home_tasks>
            <ul>
                {task("/complaints/new?kind=noise", t.home_noise, t.home_noise_hint)}
                {task("/complaints/new?kind=fumes", t.home_fumes, t.home_fumes_hint)}
                {task("/track", t.home_track, t.home_track_hint)}
            </ul>
        </nav>
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
