//! `/staff/cases/{reference}`: one case as staff see it (facts, details,
//! personal data behind a logged reveal, photos, the timeline) and a form
//! for each action this staff member may take now.

use domain::case::{Outcome, Step};
use domain::complaint::filing::{Details, Kind};
use domain::complaint::input::{FumeKind, NoiseTime};
use domain::handling::Priority;
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::{flag_tag, priority_tag};
use crate::api::cases::{CaseAction, CaseNotice, CaseStaffView, StaffEvent};
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;
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
    let unit = v
        .unit
        .as_ref()
        .map(|u| u.name(locale).to_owned())
        .unwrap_or_else(|| t.k.unassigned.to_owned());
    view! {
        <Title text=v.reference.clone() />
        <Meta name="robots" content="noindex" />
        <p>
            <a href="/staff/cases">{t.k.back_to_inbox}</a>
        </p>
        <ErrorSummary items=summary />
        {notice
            .map(|(class, text)| {
                let role = if class == "success" { "status" } else { "alert" };
                view! {
                    <div class=class role=role id="notice">
                        <p>{text}</p>
                    </div>
                }
            })}
        <h1 id="case">
            {v.reference.clone()} " " <span class="status">{t.c.status(v.status)}</span> " "
            {priority_tag(v.priority)} {flag_tag(v.flag)}
        </h1>
        {v.charge.as_ref().map(|n| view! { <p class="tag">{(t.k.in_charge)(n)}</p> })}
        {v.merged_into.as_ref().map(|r| view! {
            <p>
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
            <time datetime=event.at.to_rfc3339()>{shanghai::format_datetime(event.at, locale)}</time>
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

/// One action's form. After a problem, the form the problems are about
/// shows what was typed and each field's message.
#[component]
fn ActionForm(view: CaseStaffView, action: CaseAction) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let code = action.code();
    let this_form = view.open_form == Some(action);
    let form = if this_form {
        view.form.clone()
    } else {
        Default::default()
    };
    let problems = if this_form {
        view.problems.clone()
    } else {
        vec![]
    };
    let problem = move |field: &str| {
        problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, e)| (t.c.field_message)(f, *e))
    };
    let id = move |field: &str| format!("{code}-{field}");
    let text_field = {
        let problem = problem.clone();
        move |field: &'static str, label: &'static str, value: String, rows: u32, max: u32| {
            let message = problem(field);
            let class = if message.is_some() {
                "field field-error"
            } else {
                "field"
            };
            view! {
                <div class=class>
                    <label for=id(field)>{label}</label>
                    {message.map(|m| view! { <p class="field-message">{m}</p> })}
                    {if rows > 1 {
                        view! {
                            <textarea id=id(field) name=field rows=rows.to_string() maxlength=max.to_string()>
                                {crate::pages::textarea_text(&value)}
                            </textarea>
                        }
                            .into_any()
                    } else {
                        view! { <input id=id(field) name=field type="text" maxlength=max.to_string() value=value /> }
                            .into_any()
                    }}
                </div>
            }
        }
    };
    let select_field = {
        let problem = problem.clone();
        move |field: &'static str,
              label: &'static str,
              options: Vec<(String, String)>,
              selected: String| {
            let message = problem(field);
            let class = if message.is_some() {
                "field field-error"
            } else {
                "field"
            };
            view! {
                <div class=class>
                    <label for=id(field)>{label}</label>
                    {message.map(|m| view! { <p class="field-message">{m}</p> })}
                    <select id=id(field) name=field>
                        <option value="">{t.k.choose}</option>
                        {options
                            .into_iter()
                            .map(|(value, label)| {
                                let is = value == selected;
                                view! { <option value=value selected=is>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        }
    };
    let (title, button) = match action {
        CaseAction::Step(step) => t.k.step(step),
        CaseAction::Note => (t.k.note_title, t.k.note_title),
        CaseAction::Extend => (t.k.extend_title, t.k.extend_title),
        CaseAction::Priority => (t.k.priority_title, t.k.priority_title),
        CaseAction::TakeCharge => (t.k.charge_title, t.k.charge_title),
        CaseAction::Merge => (t.k.merge_title, t.k.merge_title),
        CaseAction::Photo => (t.k.photo_title, t.k.upload),
        CaseAction::Reveal => (t.k.reveal, t.k.reveal),
        CaseAction::Publish if view.published => (t.k.publish_again_title, t.k.publish_again),
        CaseAction::Publish => (t.k.publish_title, t.k.publish),
    };
    let fields = match action {
        CaseAction::Step(Step::Accept | Step::Close) | CaseAction::Step(Step::Assign) => {
            let unit = matches!(action, CaseAction::Step(Step::Assign)).then(|| {
                let options = view
                    .units
                    .iter()
                    .map(|u| (u.code.clone(), u.name(locale).to_owned()))
                    .collect();
                select_field("unit", t.k.unit_label, options, form.unit.clone())
            });
            view! {
                {unit}
                {text_field("note", t.k.note_optional, form.note.clone(), 3, 2000)}
            }
            .into_any()
        }
        CaseAction::Step(Step::Reject) => {
            text_field("reason", t.k.reason_public, form.reason.clone(), 3, 500).into_any()
        }
        CaseAction::Step(Step::Return) => {
            text_field("reason", t.k.reason_internal, form.reason.clone(), 3, 500).into_any()
        }
        CaseAction::Step(Step::Transfer) => view! {
            {text_field("agency", t.k.agency_label, form.agency.clone(), 1, 100)}
            {text_field("reason", t.k.reason_public, form.reason.clone(), 3, 500)}
        }
        .into_any(),
        CaseAction::Step(Step::Inspect) => {
            let message = problem("inspected_at");
            let class = if message.is_some() { "field field-error" } else { "field" };
            let measured_label = match view.kind {
                Kind::Noise => t.k.measured_noise,
                Kind::Fumes => t.k.measured_fumes,
            };
            view! {
                <div class=class>
                    <label for=id("inspected_at")>{t.k.inspected_at_label}</label>
                    {message.map(|m| view! { <p class="field-message">{m}</p> })}
                    <input
                        id=id("inspected_at")
                        name="inspected_at"
                        type="datetime-local"
                        value=form.inspected_at.clone()
                    />
                </div>
                {text_field("inspector", t.k.inspector_label, form.inspector.clone(), 1, 50)}
                {text_field("findings", t.k.findings_label, form.findings.clone(), 4, 2000)}
                {text_field("measured", measured_label, form.measured.clone(), 1, 10)}
            }
            .into_any()
        }
        CaseAction::Step(Step::Reply) => {
            let options = Outcome::ALL
                .iter()
                .map(|o| (o.code().to_owned(), t.c.outcome(*o).to_owned()))
                .collect();
            let reference = view.reference.clone();
            let templates = (!view.templates.is_empty()).then(|| {
                view! {
                    <details class="templates">
                        <summary>{t.k.templates_label}</summary>
                        <ul>
                            {view
                                .templates
                                .iter()
                                .map(|tpl| {
                                    let title = match locale {
                                        domain::prefs::Locale::ZhCn => tpl.title_zh.clone(),
                                        domain::prefs::Locale::En => tpl.title_en.clone(),
                                    };
                                    view! {
                                        <li>
                                            <a href=format!("/staff/cases/{reference}?template={}#reply-reply", tpl.id)>
                                                {title}
                                            </a>
                                            " (" {t.c.outcome(tpl.outcome)} ")"
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </details>
                }
            });
            view! {
                {templates}
                {select_field("outcome", t.k.outcome_label, options, form.outcome.clone())}
                {text_field("reply", t.k.reply_label, form.reply.clone(), 6, 2000)}
            }
            .into_any()
        }
        CaseAction::Step(_) => ().into_any(),
        CaseAction::Note => {
            text_field("note", t.k.note_label, form.note.clone(), 3, 2000).into_any()
        }
        CaseAction::Extend => view! {
            {text_field("days", t.k.extend_days, form.days.clone(), 1, 2)}
            {text_field("reason", t.k.extend_reason, form.reason.clone(), 3, 500)}
        }
        .into_any(),
        CaseAction::Priority => {
            let options = Priority::ALL
                .iter()
                .map(|p| (p.code().to_owned(), t.k.priority(*p).to_owned()))
                .collect();
            let selected = if form.priority.is_empty() {
                view.priority.code().to_owned()
            } else {
                form.priority.clone()
            };
            select_field("priority", t.k.priority_label, options, selected).into_any()
        }
        CaseAction::TakeCharge => view! { <p class="hint">{t.k.charge_hint}</p> }.into_any(),
        CaseAction::Merge => view! {
            <p class="hint">{t.k.merge_hint}</p>
            {text_field("target", t.k.merge_target, form.target.clone(), 1, 20)}
        }
        .into_any(),
        CaseAction::Photo => view! {
            <div class="field">
                <label for=id("photo")>{t.k.photo_label}</label>
                <input id=id("photo") name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
            </div>
        }
        .into_any(),
        CaseAction::Reveal => ().into_any(),
        CaseAction::Publish => {
            let text = if this_form {
                form.public_text.clone()
            } else {
                view.public_text.clone()
            };
            let place = if this_form {
                form.public_place.clone()
            } else {
                view.address_public.clone()
            };
            view! {
                <p class="hint">{t.k.publish_hint}</p>
                {text_field("public_place", t.k.public_place_label, place, 1, 100)}
                {text_field("public_text", t.k.public_text_label, text, 6, 2000)}
            }
            .into_any()
        }
    };
    let enctype = (action == CaseAction::Photo).then_some("multipart/form-data");
    let danger = matches!(action, CaseAction::Step(Step::Reject) | CaseAction::Merge);
    view! {
        <details class="action" id=code open=this_form>
            <summary>{title}</summary>
            <form
                method="post"
                action=format!("/staff/cases/{}/{code}", view.reference)
                enctype=enctype
                class="form"
            >
                <input type="hidden" name="version" value=view.version.to_string() />
                {fields}
                <button type="submit" class=if danger { "button button-warning" } else { "button" }>
                    {button}
                </button>
            </form>
        </details>
    }
}
