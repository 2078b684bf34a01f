//! `/staff/content`: the campaigns and the news, each a table linking to
//! its editor.

use domain::content::Status;
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::content::ContentAdminView;
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

#[component]
pub fn ContentAdminPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<ContentAdminView>().unwrap_or_default();
    let publication = |status: Status, public: bool| {
        format!(
            "{} · {}",
            t.n.status(status),
            if public {
                t.n.public_now
            } else {
                t.n.not_public
            }
        )
    };
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|p| shanghai::format_datetime(p, locale))
            .unwrap_or_default()
    };
    view! {
        <Title text=t.n.admin_title />
        <Meta name="robots" content="noindex" />
        <h1>{t.n.admin_title}</h1>
        <p>{t.n.admin_intro}</p>
        <p class="link-line">
            <a href="/staff/content/days">{t.n.days_title}</a>
        </p>
        <h2>{t.n.admin_campaigns}</h2>
        <p>
            <a class="button" href="/staff/content/campaigns/new">{t.n.new_campaign}</a>
        </p>
        {if v.campaigns.is_empty() {
            view! { <p>{t.n.no_campaigns}</p> }.into_any()
        } else {
            let rows = v
                .campaigns
                .iter()
                .map(|c| ListRow {
                    href: format!("/staff/content/campaigns/{}", c.id),
                    title: c.title.clone(),
                    cells: vec![
                        c.year.to_string(),
                        publication(c.status, c.public),
                        when(c.publish_at),
                        c.events.to_string(),
                    ],
                })
                .collect();
            let headings = vec![t.n.col_year, t.n.col_status, t.n.col_publish_at, t.n.col_events];
            view! { <ContentList headings=headings rows=rows /> }.into_any()
        }}
        <h2>{t.n.admin_news}</h2>
        <p>
            <a class="button" href="/staff/content/news/new">{t.n.new_article}</a>
        </p>
        {if v.articles.is_empty() {
            view! { <p>{t.n.no_articles}</p> }.into_any()
        } else {
            let rows = v
                .articles
                .iter()
                .map(|a| ListRow {
                    href: format!("/staff/content/news/{}", a.id),
                    title: a.title.clone(),
                    cells: vec![
                        t.n.tag(a.tag).to_owned(),
                        publication(a.status, a.public),
                        when(a.publish_at),
                    ],
                })
                .collect();
            let headings = vec![t.n.col_tag, t.n.col_status, t.n.col_publish_at];
            view! { <ContentList headings=headings rows=rows /> }.into_any()
        }}
    }
}

/// A row of an editors' list: the title links to the editor.
#[derive(Clone)]
struct ListRow {
    href: String,
    title: String,
    cells: Vec<String>,
}

/// An editors' list: a title column and `headings` for the other cells.
#[component]
fn ContentList(headings: Vec<&'static str>, rows: Vec<ListRow>) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.n.col_title}</th>
                        {headings.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=r.href>{r.title}</a>
                                    </th>
                                    {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
