//! `/staff/cases/{reference}`: one case as staff see it (facts, details,
//! personal data behind a logged reveal, photos, the timeline) and a form
//! for each action this staff member may take now.

use domain::complaint::filing::Details;
use domain::complaint::input::{FumeKind, NoiseTime};
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::actions::ActionForm;
use super::{flag_tag, priority_tag};
use crate::api::cases::{CaseAction, CaseNotice, CaseStaffView, StaffEvent};
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;
use crate::pages::staff_sources::CaseSourcesSection;
use crate::prefs::use_prefs;

/// `/staff/cases/{reference}`.
#[component]
pub fn StaffCasePage() -> impl IntoView {
    let t = use_texts();
    let Some(v) = use_context::<CaseStaffView>() else {
        return view! { <crate::pages::error::ErrorPage /> }.into_any();
    };
    let locale = use_prefs().locale;
    let summary: Vec<(String, String)> = v
        .open_form
        .map(|form| {
            v.problems
                .iter()
                .map(|(field, e)| {
                    (
                        format!("{}-{field}", form.code()),
                        (t.c.field_message)(field, *e),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let notice = v.notice.and_then(|n| match n {
        CaseNotice::Done(_) => Some(("success", t.k.saved)),
        CaseNotice::Conflict => Some(("error-summary", t.k.conflict)),
        CaseNotice::NotAllowed => Some(("error-summary", t.k.not_allowed)),
        CaseNotice::BadPhoto => Some(("error-summary", t.k.bad_photo)),
        CaseNotice::Invalid => None,
    });
    let unit = match &v.unit {
        Some(u) if v.status.dispatched() => u.name(locale).to_owned(),
        Some(u) => (t.k.unassigned_suggested)(u.name(locale)),
        None => t.k.unassigned.to_owned(),
    };
    // A step refused because the case changed meanwhile: its form may no
    // longer be offered, so what was typed is shown here to copy.
    let refused = matches!(
        v.notice,
        Some(CaseNotice::Conflict | CaseNotice::NotAllowed)
    );
    let lost = v.open_form.is_none_or(|f| !v.actions.contains(&f));
    let typed: Vec<String> = [
        &v.form.reply,
        &v.form.note,
        &v.form.reason,
        &v.form.findings,
        &v.form.public_text,
    ]
    .into_iter()
    .filter(|text| !text.trim().is_empty())
    .cloned()
    .collect();
    let unsaved = (refused && lost && !typed.is_empty()).then(|| {
        view! {
            <label for="unsaved">{t.k.unsaved_label}</label>
            <textarea id="unsaved" readonly rows="4">{typed.join("\n\n")}</textarea>
        }
    });
    view! {
        <Title text=v.reference.clone() />
        <Meta name="robots" content="noindex" />
        <p class="link-line">
            <a href="/staff/cases">{t.k.back_to_inbox}</a>
        </p>
        <ErrorSummary items=summary />
        {notice
            .map(|(class, text)| {
                let role = if class == "success" { "status" } else { "alert" };
                view! {
                    <div class=class role=role id="notice">
                        <p>{text}</p>
                        {unsaved.clone()}
                    </div>
                }
            })}
        <h1 id="case">
            {v.reference.clone()} " " <span class="status">{t.c.status(v.status)}</span> " "
            {priority_tag(v.priority)} {flag_tag(v.flag)}
        </h1>
        {v.charge.as_ref().map(|n| view! { <p class="tag">{(t.k.in_charge)(n)}</p> })}
        {v.merged_into.as_ref().map(|r| view! {
            <p class="link-line">
                <a href=format!("/staff/cases/{r}")>{(t.k.merged_into)(r)}</a>
            </p>
        })}
        <div class="case-columns">
            <section aria-labelledby="facts-title">
                <h2 id="facts-title">{t.k.facts_heading}</h2>
                <dl class="answers case-facts">
                    <Fact label=t.k.category_label value=v.category.name(locale).to_owned() />
                    <Fact label=t.k.town_label value=v.town.name(locale).to_owned() />
                    <Fact label=t.k.address_public_label value=v.address_public.clone() />
                    <Fact label=t.k.unit_label value=unit />
                    <Fact label=t.k.submitted_label value=shanghai::format_datetime(v.submitted_at, locale) />
                    <Fact
                        label=t.k.due_on_label
                        value=format!(
                            "{}{}",
                            shanghai::format_date(v.due_on, locale),
                            v.extended_days.map(|d| (t.k.extended)(d)).unwrap_or_default(),
                        )
                    />
                    <Fact label=t.k.priority_label value=t.k.priority(v.priority).to_owned() />
                    <Fact
                        label=t.k.public_label
                        value=match (v.public, v.published) {
                            (false, _) => t.k.public_no,
                            (true, false) => t.k.public_waiting,
                            (true, true) => t.k.public_yes,
                        }
                            .to_owned()
                    />
                    {v.outcome.map(|o| view! { <Fact label=t.k.outcome_label value=t.c.outcome(o).to_owned() /> })}
                    {v
                        .rating
                        .map(|r| {
                            let comment = v.rating_comment.clone().unwrap_or_default();
                            view! {
                                <Fact
                                    label=t.k.rating_label
                                    value=format!("{} {}", t.c.rating(r), comment).trim().to_owned()
                                />
                            }
                        })}
                </dl>
                {(v.supporters > 0).then(|| view! { <p class="hint">{(t.k.supporters)(v.supporters)}</p> })}
                <h2>{t.k.details_heading}</h2>
                <DetailsList details=v.details.clone() />
                <CaseSourcesSection
                    reference=v.reference.clone()
                    sources=v.sources.clone()
                    problem=v.source_problem
                />
                <Personal view=v.clone() />
                <Photos view=v.clone() />
            </section>
            <section aria-labelledby="actions-title" class="actions">
                <h2 id="actions-title">{t.k.actions_heading}</h2>
                {if v.actions.iter().all(|a| *a == CaseAction::Reveal) {
                    view! { <p>{t.k.no_actions}</p> }.into_any()
                } else {
                    v.actions
                        .iter()
                        .filter(|a| **a != CaseAction::Reveal)
                        .map(|a| view! { <ActionForm view=v.clone() action=*a /> })
                        .collect_view()
                        .into_any()
                }}
            </section>
        </div>
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t.k.timeline_heading}</h2>
            <ol class="timeline">
                {v.events.iter().map(|e| view! { <Event event=e.clone() /> }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
fn Fact(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="answer">
            <dt>{label}</dt>
            <dd class="answer-value">{value}</dd>
        </div>
    }
}

#[component]
fn DetailsList(details: Option<Details>) -> impl IntoView {
    let t = use_texts();
    let rows: Vec<(&'static str, String)> = match details {
        Some(Details::Noise {
            when,
            recurring,
            description,
        }) => vec![
            (
                t.c.answer_when,
                match when {
                    NoiseTime::Day => t.c.when_day,
                    NoiseTime::Night => t.c.when_night,
                    NoiseTime::Both => t.c.when_both,
                }
                .to_owned(),
            ),
            (
                t.c.answer_recurring,
                if recurring { t.c.yes } else { t.c.no }.to_owned(),
            ),
            (t.c.answer_description, description.as_str().to_owned()),
        ],
        Some(Details::Fumes {
            business,
            kind,
            description,
        }) => vec![
            (t.c.answer_business, business.as_str().to_owned()),
            (
                t.c.answer_fume_kind,
                match kind {
                    FumeKind::Smoke => t.c.fume_smoke,
                    FumeKind::Odour => t.c.fume_odour,
                    FumeKind::Both => t.c.fume_both,
                }
                .to_owned(),
            ),
            (t.c.answer_description, description.as_str().to_owned()),
        ],
        None => vec![],
    };
    view! {
        <dl class="answers">
            {rows.into_iter().map(|(label, value)| view! { <Fact label value /> }).collect_view()}
        </dl>
    }
}

#[component]
fn Personal(view: CaseStaffView) -> impl IntoView {
    let t = use_texts();
    let may = view.actions.contains(&CaseAction::Reveal);
    let reference = view.reference.clone();
    (may || view.personal.is_some()).then(|| {
        view! {
            <section aria-labelledby="personal-title" id="personal">
                <h2 id="personal-title">{t.k.personal_heading}</h2>
                {match view.personal.clone() {
                    Some(p) => {
                        view! {
                            <dl class="answers">
                                <Fact label=t.k.name_label value=p.name />
                                <Fact label=t.k.phone_label value=p.phone />
                                {p.email.map(|e| view! { <Fact label=t.k.email_label value=e /> })}
                                <Fact label=t.k.address_label value=p.address />
                                {p
                                    .point
                                    .map(|(lat, lon)| {
                                        view! { <Fact label=t.k.point_label value=format!("{lat:.5}, {lon:.5}") /> }
                                    })}
                            </dl>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p class="hint">{t.k.personal_hidden}</p>
                            <form method="post" action=format!("/staff/cases/{reference}/reveal")>
                                <button type="submit" class="button button-secondary">{t.k.reveal}</button>
                            </form>
                        }
                            .into_any()
                    }
                }}
                <p class="hint">{(t.k.personal_views)(view.personal_views)}</p>
            </section>
        }
    })
}

#[component]
fn Photos(view: CaseStaffView) -> impl IntoView {
    let t = use_texts();
    let reference = view.reference.clone();
    view! {
        <h2>{t.k.photos_heading}</h2>
        {if view.photos.is_empty() {
            view! { <p>{t.k.no_photos}</p> }.into_any()
        } else {
            view! {
                <ul class="photo-list">
                    {view
                        .photos
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let full = format!("/staff/cases/{reference}/photos/{}", p.id);
                            let thumb = format!("{full}?thumb=1");
                            view! {
                                <li>
                                    <a href=full>
                                        <img src=thumb alt=(t.k.photo_alt)(i + 1) loading="lazy" width="160" />
                                    </a>
                                    <span class="hint">{if p.by_staff { t.k.photo_staff } else { t.k.photo_resident }}</span>
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
fn Event(event: StaffEvent) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let actor = match event.actor.as_str() {
        "resident" => t.k.actor_resident.to_owned(),
        "system" => t.k.actor_system.to_owned(),
        _ => t.k.actor_staff.to_owned(),
    };
    view! {
        <li class=if event.public { "event" } else { "event event-internal" }>
            <time datetime=shanghai::machine(event.at)>{shanghai::format_datetime(event.at, locale)}</time>
            " "
            <strong>{(t.c.event_name)(&event.kind)}</strong>
            " "
            <span class="tag">{if event.public { t.k.public_event } else { t.k.internal }}</span>
            " · "
            <span>{actor}</span>
            {(!event.text.is_empty()).then(|| view! { <p>{event.text.clone()}</p> })}
            {(!event.facts.is_empty())
                .then(|| {
                    view! {
                        <dl class="event-facts">
                            {event
                                .facts
                                .iter()
                                .map(|(code, value)| {
                                    view! {
                                        <dt>{(t.k.fact_name)(code)}</dt>
                                        <dd>{value.clone()}</dd>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    }
                })}
        </li>
    }
}
