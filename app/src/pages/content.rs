//! `/campaigns`, `/campaigns/{slug}` (with sign-up), the sign-up and
//! cancellation pages, `/news` and `/news/{slug}`. Rendered by the
//! server's handlers with their view in context; every form is a plain
//! form. Bodies are HTML sanitised when saved (server/content.rs).

use domain::content::SignupState;
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::api::content::{
    ArticleView, CampaignListView, CampaignView, CancelView, EventView, NewsListView, SignedUpView,
    SignupProblem,
};
use crate::components::form::{ErrorSummary, Honeypot};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// Description and Open Graph tags for sharing.
#[component]
fn Sharing(
    title: String,
    description: String,
    kind: &'static str,
    #[prop(optional)] image: Option<String>,
) -> impl IntoView {
    view! {
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta property="og:type" content=kind />
        <Meta property="og:image" content=image.unwrap_or_else(|| "/favicon.svg".to_owned()) />
    }
}

/// A campaign's cover (`size` is `cover` or `cover-thumb`); empty
/// descriptions mark it decorative.
fn cover(slug: &str, size: &str, alt: Option<String>) -> Option<impl IntoView + use<>> {
    let src = format!("/campaigns/{slug}/{size}.jpg");
    let class = if size == "cover" {
        "cover"
    } else {
        "cover-thumb"
    };
    alt.map(|alt| view! { <img class=class src=src alt=alt loading=if size == "cover" { "eager" } else { "lazy" } decoding="async" /> })
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<CampaignListView>().unwrap_or_default();
    view! {
        <Title text=t.n.campaigns_title />
        <Sharing title=t.n.campaigns_title.to_owned() description=t.n.campaigns_intro.to_owned() kind="website" />
        <h1>{t.n.campaigns_title}</h1>
        <p class="intro">{t.n.campaigns_intro}</p>
        {v
            .next_day
            .map(|d| {
                let name = match locale {
                    domain::prefs::Locale::ZhCn => d.name_zh,
                    domain::prefs::Locale::En => d.name_en,
                };
                view! {
                    <p class="env-day">
                        {(t.n.next_day)(&name, &shanghai::format_date(d.date, locale), d.days_until)}
                    </p>
                }
            })}
        {if v.campaigns.is_empty() {
            view! { <p class="empty">{t.n.campaigns_empty}</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {v
                        .campaigns
                        .iter()
                        .map(|c| {
                            view! {
                                <li class="card">
                                    {cover(&c.slug, "cover-thumb", c.cover_alt.clone())}
                                    <h2>
                                        <a href=format!("/campaigns/{}", c.slug)>{c.title.clone()}</a>
                                    </h2>
                                    {c.day(locale).map(|d| view! { <p class="tag-status">{format!("{d} · {}", c.year)}</p> })}
                                    <p>{c.summary.clone()}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let Some(v) = use_context::<CampaignView>() else {
        return view! { <crate::pages::error::ErrorPage /> }.into_any();
    };
    let summary: Vec<(String, String)> = v
        .attempt
        .as_ref()
        .map(|a| {
            let mut items: Vec<(String, String)> = a
                .problems
                .iter()
                .map(|(f, e)| {
                    (
                        format!("signup-{}-{f}", a.event_id),
                        (t.c.field_message)(f, *e),
                    )
                })
                .collect();
            if let Some(r) = a.refused {
                items.push((
                    format!("event-{}", a.event_id),
                    match r {
                        SignupProblem::Full => t.n.event_full,
                        SignupProblem::Closed => t.n.signup_closed,
                    }
                    .to_owned(),
                ));
            }
            items
        })
        .unwrap_or_default();
    let events = v.events.clone();
    view! {
        <Title text=v.card.title.clone() />
        <Sharing
            title=v.card.title.clone()
            description=v.card.summary.clone()
            kind="article"
            image=v.og_image.clone().unwrap_or_else(|| "/favicon.svg".to_owned())
        />
        <ErrorSummary items=summary />
        <article class="content">
            <h1>{v.card.title.clone()}</h1>
            {cover(&v.card.slug, "cover", v.card.cover_alt.clone())}
            {v.card.day(locale).map(|d| view! { <p class="tag-status">{format!("{d} · {}", v.card.year)}</p> })}
            <p class="intro">{v.card.summary.clone()}</p>
            <div class="prose" inner_html=v.body_html.clone()></div>
        </article>
        <section aria-labelledby="events-title">
            <h2 id="events-title">{t.n.events_heading}</h2>
            {if events.is_empty() {
                view! { <p>{t.n.no_events}</p> }.into_any()
            } else {
                events
                    .into_iter()
                    .map(|e| view! { <Event event=e view=v.clone() /> })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Event(event: EventView, view: CampaignView) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let attempt = view.attempt.clone().filter(|a| a.event_id == event.id);
    let form = attempt.as_ref().map(|a| a.form.clone()).unwrap_or_default();
    let problems = attempt.map(|a| a.problems).unwrap_or_default();
    let message = move |field: &str| {
        problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, e)| (t.c.field_message)(f, *e))
    };
    let id = event.id;
    let when = format!(
        "{} – {}",
        shanghai::format_datetime(event.starts_at, locale),
        shanghai::format_datetime(event.ends_at, locale)
    );
    let state = match event.state {
        SignupState::Open { seats_left } => {
            view! { <p class="success">{(t.n.seats_left)(seats_left, event.capacity)}</p> }
                .into_any()
        }
        SignupState::Full => view! { <p class="warning">{t.n.event_full}</p> }.into_any(),
        SignupState::Closed => view! { <p class="warning">{t.n.signup_closed}</p> }.into_any(),
        SignupState::NotYetOpen => view! { <p>{(t.n.signup_not_open)(&shanghai::format_datetime(event.opens_at, locale))}</p> }.into_any(),
    };
    let open = matches!(event.state, SignupState::Open { .. });
    let consent_problem = message("consent");
    let consent_class = if consent_problem.is_some() {
        "field checkbox field-error"
    } else {
        "field checkbox"
    };
    view! {
        <div class="card event" id=format!("event-{id}")>
            <h3>{event.title.clone()}</h3>
            <dl class="answers">
                <div class="answer">
                    <dt>{t.n.event_time}</dt>
                    <dd class="answer-value">{when}</dd>
                </div>
                <div class="answer">
                    <dt>{t.n.event_place}</dt>
                    <dd class="answer-value">{event.place.clone()}</dd>
                </div>
            </dl>
            {state}
            {open
                .then(|| {
                    let name_id = format!("signup-{id}-name");
                    let phone_id = format!("signup-{id}-phone");
                    let consent_id = format!("signup-{id}-consent");
                    view! {
                        <form method="post" action="/signups" class="form">
                            <h4>{(t.n.signup_heading)(&event.title)}</h4>
                            <Honeypot />
                            <input type="hidden" name="event" value=id.to_string() />
                            <div class=if message("name").is_some() { "field field-error" } else { "field" }>
                                <label for=name_id.clone()>{t.n.signup_name}</label>
                                {message("name").map(|m| view! { <p class="field-message">{m}</p> })}
                                <input id=name_id name="name" type="text" maxlength="30" autocomplete="name" value=form.name.clone() />
                            </div>
                            <div class=if message("phone").is_some() { "field field-error" } else { "field" }>
                                <label for=phone_id.clone()>{t.n.signup_phone}</label>
                                <p class="hint">{t.n.signup_phone_hint}</p>
                                {message("phone").map(|m| view! { <p class="field-message">{m}</p> })}
                                <input id=phone_id name="phone" type="tel" inputmode="tel" maxlength="20" autocomplete="tel" value=form.phone.clone() />
                            </div>
                            <div class=consent_class>
                                {consent_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                                <input id=consent_id.clone() name="consent" type="checkbox" value="yes" checked=form.consent == "yes" />
                                <label for=consent_id>{t.n.signup_consent}</label>
                            </div>
                            <button type="submit" class="button">{t.n.signup_submit}</button>
                        </form>
                    }
                })}
        </div>
    }
}

#[component]
pub fn SignedUpPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<SignedUpView>().unwrap_or_default();
    view! {
        <Title text=t.n.signed_up_title />
        <Meta name="robots" content="noindex" />
        <div class="narrow">
            <div class="panel-success">
                <h1>{t.n.signed_up_title}</h1>
                <p>{(t.n.signed_up_body)(&v.event_title, &shanghai::format_datetime(v.starts_at, locale), &v.place)}</p>
            </div>
            <p>{(t.n.signed_up_as)(&v.name_masked, &v.phone_masked)}</p>
            <p id="cancel-by-text">{t.n.cancel_by_text}</p>
            <p class="link-line">
                <a href=format!("/campaigns/{}", v.campaign_slug)>{t.n.back_to_campaign}</a>
            </p>
        </div>
    }
}

#[component]
pub fn CancelPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<CancelView>().unwrap_or_default();
    view! {
        <Title text=t.n.cancel_title />
        <Meta name="robots" content="noindex" />
        <div class="narrow">
            <h1>{t.n.cancel_title}</h1>
            {if v.missing {
                view! { <p class="warning">{t.n.cancel_missing}</p> }.into_any()
            } else if v.cancelled {
                view! {
                    <p class="success" role="status">{t.n.cancelled}</p>
                    <p class="link-line">
                        <a href=format!("/campaigns/{}", v.campaign_slug)>{t.n.back_to_campaign}</a>
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p>{(t.n.cancel_confirm)(&v.event_title, &shanghai::format_datetime(v.starts_at, locale))}</p>
                    <form method="post" action="/signups/cancel" class="form">
                        <input type="hidden" name="token" value=v.token.clone() />
                        <button type="submit" class="button button-warning">{t.n.cancel_button}</button>
                    </form>
                }
                    .into_any()
            }}
        </div>
    }
}

#[component]
pub fn NewsPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<NewsListView>().unwrap_or_default();
    let tag_query = v
        .tag
        .map(|t| format!("tag={}&", t.code()))
        .unwrap_or_default();
    let previous = (v.page > 1).then(|| format!("/news?{tag_query}page={}", v.page - 1));
    let next = (v.page < v.pages).then(|| format!("/news?{tag_query}page={}", v.page + 1));
    view! {
        <Title text=t.n.news_title />
        <Sharing title=t.n.news_title.to_owned() description=t.n.news_intro.to_owned() kind="website" />
        <Link rel="alternate" type_="application/atom+xml" href="/news/feed.atom" title=t.n.feed />
        <h1>{t.n.news_title}</h1>
        <p class="intro">{t.n.news_intro}</p>
        <nav aria-label=t.n.news_title>
            <ul class="inline-list">
                <li>
                    <a href="/news" aria-current=v.tag.is_none().then_some("page")>{t.n.all_tags}</a>
                </li>
                {domain::content::Tag::ALL
                    .iter()
                    .map(|tag| {
                        view! {
                            <li>
                                <a href=format!("/news?tag={}", tag.code()) aria-current=(v.tag == Some(*tag)).then_some("page")>
                                    {t.n.tag(*tag)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        {if v.items.is_empty() {
            view! { <p class="empty">{t.n.news_empty}</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {v
                        .items
                        .iter()
                        .map(|n| {
                            view! {
                                <li class="card">
                                    <h2>
                                        <a href=format!("/news/{}", n.slug)>{n.title.clone()}</a>
                                    </h2>
                                    <p class="note">
                                        {t.n.tag(n.tag)} " · "
                                        <time datetime=shanghai::machine(n.publish_at)>
                                            {shanghai::format_date(shanghai::today(n.publish_at), locale)}
                                        </time>
                                    </p>
                                    <p>{n.summary.clone()}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {(v.pages > 1)
            .then(|| {
                view! {
                    <nav class="pager" aria-label=(t.n.page_of)(v.page, v.pages)>
                        {previous.map(|href| view! { <a href=href rel="prev">{t.n.previous}</a> })}
                        <span>{(t.n.page_of)(v.page, v.pages)}</span>
                        {next.map(|href| view! { <a href=href rel="next">{t.n.next}</a> })}
                    </nav>
                }
            })}
        <p class="link-line">
            <a href="/news/feed.atom">{t.n.feed}</a>
        </p>
    }
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let Some(v) = use_context::<ArticleView>() else {
        return view! { <crate::pages::error::ErrorPage /> }.into_any();
    };
    view! {
        <Title text=v.card.title.clone() />
        <Sharing title=v.card.title.clone() description=v.card.summary.clone() kind="article" />
        <article class="content">
            <p class="note">
                <a href=format!("/news?tag={}", v.card.tag.code())>{t.n.tag(v.card.tag)}</a>
                " · "
                <time datetime=shanghai::machine(v.card.publish_at)>
                    {(t.n.published_on)(&shanghai::format_date(shanghai::today(v.card.publish_at), locale))}
                </time>
            </p>
            <h1>{v.card.title.clone()}</h1>
            <p class="intro">{v.card.summary.clone()}</p>
            <div class="prose" inner_html=v.body_html.clone()></div>
        </article>
        <p class="no-print link-line">
            <a href="/news">{t.n.news_title}</a>
        </p>
    }
    .into_any()
}
