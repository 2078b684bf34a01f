//! `/staff/warnings…`: the early warnings (排查预警), most severe and
//! oldest first, filtered by status, town and category; and one warning
//! with the complaints behind it, its history and the decision form
//! (acknowledge, screening task, dismissal).

use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::staff_sources::{option, subject};
use crate::api::sources::{RuleRow, RulesView, WarningPageView, WarningsView};
use crate::components::form::{ErrorSummary, Field, problem_message, problem_summary};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// `/staff/warnings`.
#[component]
pub fn WarningsPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<WarningsView>().unwrap_or_default();
    let f = v.filter.clone();
    let statuses = ["open", "acknowledged", "tasked", "dismissed"]
        .into_iter()
        .map(|s| option(s, (t.s.status)(s).to_owned(), &f.status))
        .collect_view();
    let towns = v
        .towns
        .iter()
        .map(|c| option(&c.code, c.name(locale).to_owned(), &f.town))
        .collect_view();
    let categories = v
        .categories
        .iter()
        .map(|c| option(&c.code, c.name(locale).to_owned(), &f.category))
        .collect_view();
    view! {
        <Title text=t.s.warnings_title />
        <Meta name="robots" content="noindex" />
        <h1>{t.s.warnings_title}</h1>
        <p>{t.s.warnings_intro}</p>
        <form method="get" action="/staff/warnings" class="form filters">
            <div class="field">
                <label for="w-status">{t.s.status_label}</label>
                <select id="w-status" name="status">
                    {option("", t.s.status_active.to_owned(), &f.status)}
                    {statuses}
                </select>
            </div>
            <div class="field">
                <label for="w-town">{t.s.town_label}</label>
                <select id="w-town" name="town">
                    {option("", t.s.any.to_owned(), &f.town)}
                    {towns}
                </select>
            </div>
            <div class="field">
                <label for="w-category">{t.s.category_label}</label>
                <select id="w-category" name="category">
                    {option("", t.s.any.to_owned(), &f.category)}
                    {categories}
                </select>
            </div>
            <button type="submit" class="button button-secondary">{t.s.apply}</button>
        </form>
        {if v.warnings.is_empty() {
            view! { <p>{t.s.no_warnings}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data cases">
                        <thead>
                            <tr>
                                <th scope="col">{t.s.col_severity}</th>
                                <th scope="col">{t.s.col_subject}</th>
                                <th scope="col">{t.s.col_rule}</th>
                                <th scope="col">{t.s.col_cases}</th>
                                <th scope="col">{t.s.col_raised}</th>
                                <th scope="col">{t.s.status_label}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {v.warnings.iter().map(|w| {
                                let class = format!("tag severity-{}", w.severity.code());
                                view! {
                                    <tr>
                                        <td data-label=t.s.col_severity><span class=class>{(t.s.severity)(w.severity)}</span></td>
                                        <th scope="row" data-label=t.s.col_subject>
                                            <a href=format!("/staff/warnings/{}", w.id)>{subject(w, locale)}</a>
                                        </th>
                                        <td data-label=t.s.col_rule>{(t.s.rule)(w.kind)}</td>
                                        <td data-label=t.s.col_cases>{w.case_count}</td>
                                        <td data-label=t.s.col_raised>
                                            <time datetime=shanghai::machine(w.raised_at)>{shanghai::format_datetime(w.raised_at, locale)}</time>
                                        </td>
                                        <td data-label=t.s.status_label>{(t.s.status)(&w.status)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// `/staff/warnings/{id}`.
#[component]
pub fn WarningPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let Some(v) = use_context::<WarningPageView>() else {
        return view! { <crate::pages::error::ErrorPage /> }.into_any();
    };
    let w = v.warning.clone();
    let message = |field: &str| problem_message(&v.problems, field);
    let summary = problem_summary(&v.problems, "w");
    let notice = v.notice.as_deref().map(|n| match n {
        "gone" => ("error-summary", "alert", t.s.decided_meanwhile),
        _ => ("success", "status", t.s.decided),
    });
    let fact = |label: &'static str, value: String| {
        view! {
            <div class="answer">
                <dt>{label}</dt>
                <dd class="answer-value">{value}</dd>
            </div>
        }
    };
    let active = matches!(w.status.as_str(), "open" | "acknowledged" | "tasked");
    let f = v.form.clone();
    let decisions: Vec<(&str, &str)> = if w.status == "open" {
        vec![
            ("acknowledge", t.s.decide_acknowledge),
            ("task", t.s.decide_task),
            ("dismiss", t.s.decide_dismiss),
        ]
    } else {
        vec![("task", t.s.decide_task), ("dismiss", t.s.decide_dismiss)]
    };
    let decision_problem = message("decision");
    let decision_class = if decision_problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    view! {
        <Title text=(t.s.warning_title)(w.id) />
        <Meta name="robots" content="noindex" />
        <p class="link-line"><a href="/staff/warnings">{t.s.warnings_title}</a></p>
        <ErrorSummary items=summary />
        {notice.map(|(class, role, text)| view! { <div class=class role=role id="notice"><p>{text}</p></div> })}
        <h1>
            {(t.s.warning_title)(w.id)} " "
            <span class=format!("tag severity-{}", w.severity.code())>{(t.s.severity)(w.severity)}</span> " "
            <span class="status">{(t.s.status)(&w.status)}</span>
        </h1>
        <dl class="answers case-facts">
            {match &w.source {
                Some((id, name)) => view! {
                    <div class="answer">
                        <dt>{t.s.col_subject}</dt>
                        <dd class="answer-value"><a href=format!("/staff/sources/{id}")>{(t.s.subject_source)(name)}</a></dd>
                    </div>
                }.into_any(),
                None => fact(t.s.col_subject, subject(&w, locale)).into_any(),
            }}
            {fact(t.s.col_rule, (t.s.rule)(w.kind))}
            {fact(t.s.category_label, w.category.as_ref().map(|c| c.name(locale).to_owned()).unwrap_or_else(|| t.s.every_category.to_owned()))}
            {fact(t.s.col_cases, w.case_count.to_string())}
            {fact(t.s.raised_label, shanghai::format_datetime(w.raised_at, locale))}
            {fact(t.s.updated_label, shanghai::format_datetime(w.updated_at, locale))}
            {w.task_unit.as_ref().zip(w.task_due_on).map(|(u, d)| fact(
                t.s.task_label,
                (t.s.task_due)(u.name(locale), &shanghai::format_date(d, locale)),
            ))}
            {(!w.note.is_empty()).then(|| fact(t.s.note_label, w.note.clone()))}
        </dl>
        {v.may_inspect.then(|| w.source.clone().map(|(id, _)| view! {
            <p class="link-line">
                <a class="button" href=format!("/staff/inspections/new?source={id}&purpose=task&warning={}", w.id)>{t.i.register}</a>
            </p>
        }))}
        {(v.may_decide && active).then(|| view! {
            <section aria-labelledby="w-decide">
                <h2 id="w-decide">{t.s.decide_heading}</h2>
                <form method="post" action=format!("/staff/warnings/{}", w.id) class="form">
                    <fieldset class=decision_class id="w-decision">
                        <legend>{t.s.decision_label}</legend>
                        {decision_problem.clone().map(|m| view! { <p class="field-message">{m}</p> })}
                        <div class="radios">
                            {decisions.into_iter().map(|(code, label)| {
                                let id = format!("w-decision-{code}");
                                let checked = f.decision == code;
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=id.clone() name="decision" value=code checked=checked />
                                        <label for=id>{label}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <Field id="w-unit" label=t.s.unit_label problem=message("unit")>
                        <select id="w-unit" name="unit">
                            {option("", String::new(), &f.unit)}
                            {v.units.iter().map(|u| option(&u.code, u.name(locale).to_owned(), &f.unit)).collect_view()}
                        </select>
                    </Field>
                    <Field id="w-task_days" label=t.s.task_days_label problem=message("task_days")>
                        <input id="w-task_days" name="task_days" type="text" inputmode="numeric" maxlength="3" value=f.task_days.clone() />
                    </Field>
                    <Field id="w-note" label=t.s.decision_note_label hint=t.s.decision_note_hint.to_owned() problem=message("note")>
                        <textarea id="w-note" name="note" rows="3" maxlength="1000" aria-describedby="w-note-hint">
                            {crate::pages::textarea_text(&f.note)}
                        </textarea>
                    </Field>
                    <button type="submit" class="button">{t.s.decide_button}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="w-cases">
            <h2 id="w-cases">{t.s.warning_cases_heading}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data cases">
                    <thead>
                        <tr>
                            <th scope="col">{t.s.col_reference}</th>
                            <th scope="col">{t.s.col_category}</th>
                            <th scope="col">{t.s.col_place}</th>
                            <th scope="col">{t.s.col_status}</th>
                            <th scope="col">{t.s.col_submitted}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {v.cases.iter().map(|c| view! {
                            <tr>
                                <th scope="row" data-label=t.s.col_reference>
                                    <a href=format!("/staff/cases/{}", c.reference)>{c.reference.clone()}</a>
                                </th>
                                <td data-label=t.s.col_category>{c.category.name(locale).to_owned()}</td>
                                <td data-label=t.s.col_place>{c.address_public.clone()}</td>
                                <td data-label=t.s.col_status>{t.c.status(c.status)}</td>
                                <td data-label=t.s.col_submitted>
                                    <time datetime=shanghai::machine(c.submitted_at)>{shanghai::format_datetime(c.submitted_at, locale)}</time>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="w-log">
            <h2 id="w-log">{t.s.log_heading}</h2>
            <ol class="timeline">
                {v.events.iter().map(|e| view! {
                    <li class="event event-internal">
                        <time datetime=shanghai::machine(e.at)>{shanghai::format_datetime(e.at, locale)}</time>
                        " " <strong>{(t.s.log_kind)(&e.kind)}</strong> " · " <span>{if e.actor == "system" { t.k.actor_system.to_owned() } else { e.actor.clone() }}</span>
                        {(!e.text.is_empty()).then(|| view! { <p>{e.text.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// `/staff/admin/warning-rules`: each rule with its own form.
#[component]
pub fn RulesPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<RulesView>().unwrap_or_default();
    let summary: Vec<(String, String)> = v
        .rules
        .iter()
        .flat_map(|r| {
            r.problems
                .iter()
                .map(move |(f, e)| (format!("rule-{}-{f}", r.id), (t.c.field_message)(f, *e)))
        })
        .collect();
    view! {
        <Title text=t.s.rules_title />
        <Meta name="robots" content="noindex" />
        <ErrorSummary items=summary />
        {v.saved.then(|| view! { <div class="success" role="status" id="notice"><p>{t.k.saved}</p></div> })}
        <h1>{t.s.rules_title}</h1>
        <p>{t.s.rules_intro}</p>
        {v.rules.into_iter().map(|r| view! { <RuleForm rule=r /> }).collect_view()}
    }
}

#[component]
fn RuleForm(rule: RuleRow) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let id = rule.id;
    let problems = rule.problems.clone();
    let message = move |field: &str| problem_message(&problems, field);
    let form = rule
        .form
        .clone()
        .unwrap_or_else(|| domain::warning::RuleForm {
            rule_count: rule.kind.count().to_string(),
            rule_days: rule.kind.days().to_string(),
            radius_m: rule.kind.radius_m().to_string(),
            severity: rule.severity.code().to_owned(),
            active: if rule.active { "yes" } else { "" }.to_owned(),
        });
    let field = move |name: &'static str, label: &'static str, value: String| {
        let input_id = format!("rule-{id}-{name}");
        let problem = message(name);
        let class = if problem.is_some() {
            "field field-error"
        } else {
            "field"
        };
        view! {
            <div class=class>
                <label for=input_id.clone()>{label}</label>
                {problem.map(|m| view! { <p class="field-message">{m}</p> })}
                <input id=input_id name=name type="text" inputmode="numeric" maxlength="5" value=value />
            </div>
        }
    };
    let heading = format!(
        "{} · {} · {}",
        rule.category
            .as_ref()
            .map(|c| c.name(locale).to_owned())
            .unwrap_or_else(|| t.s.every_category.to_owned()),
        (t.s.rule_kind)(rule.kind.code()),
        (t.s.rule)(rule.kind),
    );
    let severity_id = format!("rule-{id}-severity");
    let active_id = format!("rule-{id}-active");
    view! {
        <section class="panel" aria-labelledby=format!("rule-{id}")>
            <h2 id=format!("rule-{id}")>{heading}</h2>
            <form method="post" action=format!("/staff/admin/warning-rules/{id}") class="form">
                {(!matches!(rule.kind, domain::warning::RuleKind::Rebound { .. }))
                    .then(|| field("rule_count", t.s.rule_count_label, form.rule_count.clone()))}
                {field("rule_days", t.s.rule_days_label, form.rule_days.clone())}
                {field("radius_m", t.s.radius_label, form.radius_m.clone())}
                <div class="field">
                    <label for=severity_id.clone()>{t.s.severity_label}</label>
                    <select id=severity_id name="severity">
                        {domain::warning::Severity::ALL.iter().map(|s| option(s.code(), (t.s.severity)(*s).to_owned(), &form.severity)).collect_view()}
                    </select>
                </div>
                <div class="field checkbox">
                    <input id=active_id.clone() name="active" type="checkbox" value="yes" checked=form.active == "yes" />
                    <label for=active_id>{t.s.active_label}</label>
                </div>
                <button type="submit" class="button button-secondary">{t.s.save}</button>
            </form>
        </section>
    }
}
