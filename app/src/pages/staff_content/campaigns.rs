//! `/staff/content` (the editors' list), the campaign, event and article
//! editors and the environment days. Rendered by the server's handlers
//! with their view in context; plain forms.

use domain::complaint::input::FieldError;
use domain::content::{Status, Tag};
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::content::{
    ArticleEditView, CampaignEditView, CampaignNotice, ContentAdminView, DaysView, EventEditView,
};
use crate::components::form::ErrorSummary;
use crate::i18n::{Texts, use_texts};
use crate::prefs::use_prefs;

/// The fields of one editor's form: ids are `{prefix}-{name}`, and each
/// field shows its problem beside it.
#[derive(Clone)]
struct Fields {
    t: &'static Texts,
    prefix: &'static str,
    problems: Vec<(&'static str, FieldError)>,
}

impl Fields {
    fn new(prefix: &'static str, problems: &[(&'static str, FieldError)]) -> Fields {
        Fields {
            t: use_texts(),
            prefix,
            problems: problems.to_vec(),
        }
    }

    fn message(&self, field: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, e)| (self.t.c.field_message)(f, *e))
    }

    /// The error summary's items, linking to the fields.
    fn summary(&self) -> Vec<(String, String)> {
        self.problems
            .iter()
            .map(|(f, e)| {
                (
                    format!("{}-{f}", self.prefix),
                    (self.t.c.field_message)(f, *e),
                )
            })
            .collect()
    }

    fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// A field around `control` (whose id is `self.id(name)`).
    fn wrap(
        &self,
        name: &'static str,
        label: &'static str,
        hint: Option<String>,
        control: AnyView,
    ) -> AnyView {
        let message = self.message(name);
        let class = if message.is_some() {
            "field field-error"
        } else {
            "field"
        };
        let hint_id = format!("{}-hint", self.id(name));
        view! {
            <div class=class>
                <label for=self.id(name)>{label}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
                {message.map(|m| view! { <p class="field-message">{m}</p> })}
                {control}
            </div>
        }
        .into_any()
    }

    /// A one-line input (`kind` is its type: text, number, datetime-local).
    fn input(
        &self,
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: String,
        max: u32,
    ) -> AnyView {
        let control = view! {
            <input id=self.id(name) name=name type=kind maxlength=max.to_string() value=value />
        };
        self.wrap(name, label, None, control.into_any())
    }

    fn textarea(
        &self,
        name: &'static str,
        label: &'static str,
        hint: Option<&'static str>,
        value: &str,
        (rows, max): (u32, u32),
    ) -> AnyView {
        let control = view! {
            <textarea
                id=self.id(name)
                name=name
                rows=rows.to_string()
                maxlength=max.to_string()
                aria-describedby=hint.map(|_| format!("{}-hint", self.id(name)))
            >
                {crate::pages::textarea_text(value)}
            </textarea>
        };
        self.wrap(name, label, hint.map(str::to_owned), control.into_any())
    }

    /// A select of `(value, label)` options.
    fn select(
        &self,
        name: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        selected: &str,
    ) -> AnyView {
        let control = view! {
            <select id=self.id(name) name=name>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        };
        self.wrap(name, label, None, control.into_any())
    }

    /// Status and publication time, as articles and campaigns share them.
    fn publication(&self, status: &str, publish_at: String) -> AnyView {
        let t = self.t;
        let statuses = Status::ALL
            .iter()
            .map(|s| (s.code().to_owned(), t.n.status(*s).to_owned()))
            .collect();
        view! {
            {self.select("status", t.n.status_label, statuses, status)}
            {self.input("publish_at", t.n.publish_at_label, "datetime-local", publish_at, 20)}
        }
        .into_any()
    }
}

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
        <p>
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
        <div class="table-scroll">
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

#[component]
pub fn ArticleEditPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<ArticleEditView>().unwrap_or_default();
    let fields = Fields::new("article", &v.problems);
    let title = if v.id.is_some() {
        t.n.edit_article
    } else {
        t.n.new_article
    };
    let action = match v.id {
        Some(id) => format!("/staff/content/news/{id}"),
        None => "/staff/content/news".to_owned(),
    };
    let f = v.form.clone();
    let tags = Tag::ALL
        .iter()
        .map(|tag| (tag.code().to_owned(), t.n.tag(*tag).to_owned()))
        .collect();
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <p>
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        {v.saved.then(|| view! { <p class="success" role="status">{t.n.saved}</p> })}
        <h1>{title}</h1>
        {v.public_path.clone().map(|p| view! {
            <p>
                <a href=p>{t.n.view_public}</a>
            </p>
        })}
        <form method="post" action=action class="form">
            {fields.input("title", t.n.title_label, "text", f.title.clone(), 100)}
            {fields.input("slug", t.n.slug_label, "text", f.slug.clone(), 80)}
            {fields.select("tag", t.n.tag_label, tags, &f.tag)}
            {fields.textarea("summary", t.n.summary_label, None, &f.summary, (3, 300))}
            {fields.textarea("body", t.n.body_label, Some(t.n.body_hint), &f.body, (14, 20_000))}
            {fields.publication(&f.status, f.publish_at.clone())}
            <button type="submit" class="button">{t.n.save}</button>
        </form>
    }
}

/// `/staff/content/campaigns/new` and `/staff/content/campaigns/{id}`:
/// the campaign's text and status, its cover image and its events.
#[component]
pub fn CampaignEditPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<CampaignEditView>().unwrap_or_default();
    let fields = Fields::new("campaign", &v.problems);
    let title = if v.id.is_some() {
        t.n.edit_campaign
    } else {
        t.n.new_campaign
    };
    let action = match v.id {
        Some(id) => format!("/staff/content/campaigns/{id}"),
        None => "/staff/content/campaigns".to_owned(),
    };
    let f = v.form.clone();
    let days = std::iter::once((String::new(), t.n.day_none.to_owned()))
        .chain(v.days.iter().map(|d| {
            let name = match locale {
                domain::prefs::Locale::ZhCn => &d.name_zh,
                domain::prefs::Locale::En => &d.name_en,
            };
            (
                d.slug.clone(),
                format!("{name} ({:02}-{:02})", d.month, d.day),
            )
        }))
        .collect();
    let notice = v.notice.map(|n| match n {
        CampaignNotice::Saved => ("success", t.n.saved.to_owned()),
        CampaignNotice::CoverSaved => ("success", t.n.cover_saved.to_owned()),
        CampaignNotice::CoverRemoved => ("success", t.n.cover_removed.to_owned()),
        CampaignNotice::EventSaved => ("success", t.n.event_saved.to_owned()),
        CampaignNotice::BadCover => ("warning", (t.n.bad_cover)(v.max_cover_mb)),
    });
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <p>
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        {notice.map(|(class, text)| view! { <p class=class role="status" id="notice">{text}</p> })}
        <h1>{title}</h1>
        {v.public_path.clone().map(|p| view! {
            <p>
                <a href=p>{t.n.view_public}</a>
            </p>
        })}
        <form method="post" action=action class="form">
            {fields.input("title", t.n.title_label, "text", f.title.clone(), 100)}
            {fields.input("slug", t.n.slug_label, "text", f.slug.clone(), 80)}
            {fields.select("environment_day", t.n.day_label, days, &f.environment_day)}
            {fields.input("year", t.n.year_label, "number", f.year.clone(), 4)}
            {fields.textarea("summary", t.n.summary_label, None, &f.summary, (3, 300))}
            {fields.textarea("body", t.n.body_label, Some(t.n.body_hint), &f.body, (14, 20_000))}
            {fields.textarea("cover_alt", t.n.cover_alt_label, Some(t.n.cover_alt_hint), &f.cover_alt, (2, 200))}
            {fields.publication(&f.status, f.publish_at.clone())}
            <button type="submit" class="button">{t.n.save}</button>
        </form>
        {match v.id {
            None => view! { <p>{t.n.save_campaign_first}</p> }.into_any(),
            Some(id) => view! {
                <CampaignCover id=id has_cover=v.has_cover max_mb=v.max_cover_mb />
                <CampaignEvents id=id events=v.events.clone() />
            }
                .into_any(),
        }}
    }
}

/// The cover's preview with the forms to replace or remove it.
#[component]
fn CampaignCover(id: i64, has_cover: bool, max_mb: usize) -> impl IntoView {
    let t = use_texts();
    view! {
        <section aria-labelledby="cover-title">
            <h2 id="cover-title">{t.n.cover_heading}</h2>
            {if has_cover {
                view! {
                    <img class="cover-preview" src=format!("/staff/content/campaigns/{id}/cover.jpg") alt="" />
                    <form method="post" action=format!("/staff/content/campaigns/{id}/cover/remove")>
                        <button type="submit" class="button secondary">{t.n.cover_remove}</button>
                    </form>
                }
                    .into_any()
            } else {
                view! { <p>{t.n.cover_none}</p> }.into_any()
            }}
            <form
                method="post"
                action=format!("/staff/content/campaigns/{id}/cover")
                enctype="multipart/form-data"
                class="form"
            >
                <div class="field">
                    <label for="cover-photo">{t.n.cover_file}</label>
                    <p class="hint" id="cover-photo-hint">{(t.n.cover_hint)(max_mb)}</p>
                    <input
                        id="cover-photo"
                        name="photo"
                        type="file"
                        accept="image/jpeg,image/png,image/webp"
                        aria-describedby="cover-photo-hint"
                    />
                </div>
                <button type="submit" class="button">{t.n.cover_upload}</button>
            </form>
        </section>
    }
}

/// The campaign's events and the way to add one.
#[component]
fn CampaignEvents(id: i64, events: Vec<crate::api::content::AdminEventRow>) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    view! {
        <section aria-labelledby="events-title">
            <h2 id="events-title">{t.n.events_heading}</h2>
            {(!events.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{t.n.event_title_label}</th>
                                <th scope="col">{t.n.col_starts_at}</th>
                                <th scope="col">{t.n.col_places}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {events
                                .iter()
                                .map(|e| view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=format!("/staff/content/campaigns/{id}/events/{}", e.id)>{e.title.clone()}</a>
                                        </th>
                                        <td>{shanghai::format_datetime(e.starts_at, locale)}</td>
                                        <td>{(t.n.places_taken)(e.taken, e.capacity)}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p>
                <a class="button" href=format!("/staff/content/campaigns/{id}/events/new")>{t.n.add_event}</a>
            </p>
        </section>
    }
}

/// `/staff/content/campaigns/{id}/events/new` and `…/events/{event}`.
#[component]
pub fn EventEditPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<EventEditView>().unwrap_or_default();
    let fields = Fields::new("event", &v.problems);
    let title = if v.id.is_some() {
        t.n.edit_event
    } else {
        t.n.add_event
    };
    let base = format!("/staff/content/campaigns/{}", v.campaign_id);
    let action = match v.id {
        Some(id) => format!("{base}/events/{id}"),
        None => format!("{base}/events"),
    };
    let f = v.form.clone();
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <p>
            <a href=base.clone()>{t.n.back_to_campaign_edit}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        <h1>{title}</h1>
        <p class="intro">{v.campaign_title.clone()}</p>
        {(v.taken > 0).then(|| view! { <p>{(t.n.taken_note)(v.taken)}</p> })}
        <form method="post" action=action class="form">
            {fields.input("title", t.n.event_title_label, "text", f.title.clone(), 100)}
            {fields.input("place", t.n.event_place, "text", f.place.clone(), 200)}
            {fields.input("starts_at", t.n.starts_at_label, "datetime-local", f.starts_at.clone(), 20)}
            {fields.input("ends_at", t.n.ends_at_label, "datetime-local", f.ends_at.clone(), 20)}
            {fields.input("capacity", t.n.capacity_label, "number", f.capacity.clone(), 5)}
            {fields.input("opens_at", t.n.opens_at_label, "datetime-local", f.opens_at.clone(), 20)}
            {fields.input("closes_at", t.n.closes_at_label, "datetime-local", f.closes_at.clone(), 20)}
            <button type="submit" class="button">{t.n.save}</button>
        </form>
    }
}

/// `/staff/content/days`: the environment days and a form to add one.
#[component]
pub fn DaysPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<DaysView>().unwrap_or_default();
    let fields = Fields::new("day", &v.problems);
    let input = |field: &'static str, label: &'static str, value: String| {
        fields.input(field, label, "text", value, 100)
    };
    view! {
        <Title text=t.n.days_title />
        <Meta name="robots" content="noindex" />
        <p>
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        {v.saved.then(|| view! { <p class="success" role="status">{t.n.saved}</p> })}
        <h1>{t.n.days_title}</h1>
        <p>{t.n.days_intro}</p>
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.n.day_name_zh}</th>
                        <th scope="col">{t.n.day_name_en}</th>
                        <th scope="col">{t.n.day_date}</th>
                    </tr>
                </thead>
                <tbody>
                    {v
                        .days
                        .iter()
                        .map(|d| {
                            view! {
                                <tr>
                                    <td>{d.name_zh.clone()}</td>
                                    <td>{d.name_en.clone()}</td>
                                    <td>{format!("{:02}-{:02}", d.month, d.day)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t.n.add_day}</h2>
        <form method="post" action="/staff/content/days" class="form">
            {input("name_zh", t.n.day_name_zh, v.form.name_zh.clone())}
            {input("name_en", t.n.day_name_en, v.form.name_en.clone())}
            {input("date", t.n.day_date, v.form.date.clone())}
            {input("slug", t.n.day_slug, v.form.slug.clone())}
            <button type="submit" class="button">{t.n.add_day}</button>
        </form>
    }
}
