//! The campaign editor (text, status, cover image, the list of events) and
//! the editor of one of its events.

use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::Fields;
use crate::api::content::{CampaignEditView, CampaignNotice, EventEditView};
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

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
        <p class="link-line">
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        {notice.map(|(class, text)| view! { <p class=class role="status" id="notice">{text}</p> })}
        <h1>{title}</h1>
        {v.public_path.clone().map(|p| view! {
            <p class="link-line">
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
                <div class="table-scroll" tabindex="0">
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
        <p class="link-line">
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
