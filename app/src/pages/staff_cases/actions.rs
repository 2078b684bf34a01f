//! The forms of a case's actions (each workflow step, note, extension,
//! priority, charge, merge, photo, the board's text), one open at a time;
//! each posts to `/staff/cases/{reference}/{action}` with the version the
//! page showed.

use domain::case::{Outcome, Step};
use domain::complaint::filing::Kind;
use domain::handling::Priority;
use leptos::prelude::*;

use crate::api::cases::{CaseAction, CaseStaffView};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// One action's form. After a problem, the form the problems are about
/// shows what was typed and each field's message.
#[component]
pub(super) fn ActionForm(view: CaseStaffView, action: CaseAction) -> impl IntoView {
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
