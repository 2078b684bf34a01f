//! `/staff/sources…`: the register of pollution sources (a filtered list),
//! the form to register or edit one, and a source's page (its facts, the
//! limits that apply, its complaints over time, its warnings, merging a
//! duplicate). Also the case page's section linking a case to its source.

use domain::shanghai;
use domain::source::{AcousticZone, SourceKind};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::complaints::Choice;
use crate::api::sources::{
    CaseSources, SourceFormView, SourcePageView, SourceSummary, SourcesView, WarningSummary,
};
use crate::components::form::{ErrorSummary, Field, problem_message, problem_summary};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// An `<option>`, selected when it is `selected`.
pub(super) fn option(value: &str, label: String, selected: &str) -> impl IntoView + use<> {
    let value = value.to_owned();
    let is = value == selected;
    view! { <option value=value selected=is>{label}</option> }
}

/// `/staff/sources`.
#[component]
pub fn SourcesPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<SourcesView>().unwrap_or_default();
    let f = v.filter.clone();
    let towns = v
        .towns
        .iter()
        .map(|c| option(&c.code, c.name(locale).to_owned(), &f.town))
        .collect_view();
    let kinds = SourceKind::ALL
        .iter()
        .map(|k| option(k.code(), (t.s.kind)(*k).to_owned(), &f.kind))
        .collect_view();
    view! {
        <Title text=t.s.sources_title />
        <Meta name="robots" content="noindex" />
        <h1>{t.s.sources_title}</h1>
        <p>{t.s.sources_intro}</p>
        {v.may_edit.then(|| view! {
            <p class="link-line"><a class="button" href="/staff/sources/new">{t.s.new_source}</a></p>
        })}
        <form method="get" action="/staff/sources" class="form filters">
            <div class="field">
                <label for="src-q">{t.s.search_label}</label>
                <input id="src-q" name="q" type="search" maxlength="50" value=f.q.clone() />
            </div>
            <div class="field">
                <label for="src-town">{t.s.town_label}</label>
                <select id="src-town" name="town">
                    {option("", t.s.any.to_owned(), &f.town)}
                    {towns}
                </select>
            </div>
            <div class="field">
                <label for="src-kind">{t.s.kind_label}</label>
                <select id="src-kind" name="kind">
                    {option("", t.s.any.to_owned(), &f.kind)}
                    {kinds}
                </select>
            </div>
            <button type="submit" class="button button-secondary">{t.s.apply}</button>
        </form>
        {if v.sources.is_empty() {
            view! { <p>{t.s.no_sources}</p> }.into_any()
        } else {
            view! { <SourceTable sources=v.sources.clone() /> }.into_any()
        }}
    }
}

#[component]
fn SourceTable(sources: Vec<SourceSummary>) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data cases">
                <thead>
                    <tr>
                        <th scope="col">{t.s.col_name}</th>
                        <th scope="col">{t.s.kind_label}</th>
                        <th scope="col">{t.s.town_label}</th>
                        <th scope="col">{t.s.col_place}</th>
                        <th scope="col">{t.s.col_open}</th>
                        <th scope="col">{t.s.col_all}</th>
                    </tr>
                </thead>
                <tbody>
                    {sources
                        .into_iter()
                        .map(|s| {
                            view! {
                                <tr>
                                    <th scope="row" data-label=t.s.col_name>
                                        <a href=format!("/staff/sources/{}", s.id)>{s.name.clone()}</a>
                                        " " <span class="hint">{format!("#{}", s.id)}</span>
                                    </th>
                                    <td data-label=t.s.kind_label>{(t.s.kind)(s.kind)}</td>
                                    <td data-label=t.s.town_label>{s.town.name(locale).to_owned()}</td>
                                    <td data-label=t.s.col_place>{s.address_public.clone()}</td>
                                    <td data-label=t.s.col_open>{s.open_cases}</td>
                                    <td data-label=t.s.col_all>{s.cases}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/staff/sources/new` and `/staff/sources/{id}/edit`.
#[component]
pub fn SourceFormPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<SourceFormView>().unwrap_or_default();
    let message = |field: &str| problem_message(&v.problems, field);
    let summary = problem_summary(&v.problems, "src");
    let title = if v.id.is_some() {
        t.s.edit_title
    } else {
        t.s.new_title
    };
    let action = match v.id {
        Some(id) => format!("/staff/sources/{id}/edit"),
        None => "/staff/sources/new".to_owned(),
    };
    let back = match v.id {
        Some(id) => format!("/staff/sources/{id}"),
        None => "/staff/sources".to_owned(),
    };
    let f = v.form.clone();
    let towns = v
        .towns
        .iter()
        .map(|c| option(&c.code, c.name(locale).to_owned(), &f.town))
        .collect_view();
    let kinds = SourceKind::ALL
        .iter()
        .map(|k| option(k.code(), (t.s.kind)(*k).to_owned(), &f.source_kind))
        .collect_view();
    let zones = AcousticZone::ALL
        .iter()
        .map(|z| option(z.code(), (t.s.zone)(*z).to_owned(), &f.zone))
        .collect_view();
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <p class="link-line"><a href=back.clone()>{t.s.cancel}</a></p>
        <ErrorSummary items=summary />
        <h1>{title}</h1>
        <form method="post" action=action class="form">
            <Field id="src-source_name" label=t.s.name_label hint=t.s.name_hint.to_owned() problem=message("source_name")>
                <input id="src-source_name" name="source_name" type="text" maxlength="100" value=f.source_name.clone() aria-describedby="src-source_name-hint" />
            </Field>
            <Field id="src-source_kind" label=t.s.kind_label problem=message("source_kind")>
                <select id="src-source_kind" name="source_kind">
                    {option("", String::new(), &f.source_kind)}
                    {kinds}
                </select>
            </Field>
            <Field id="src-town" label=t.s.town_label problem=message("town")>
                <select id="src-town" name="town">
                    {option("", String::new(), &f.town)}
                    {towns}
                </select>
            </Field>
            <Field id="src-address" label=t.s.address_label hint=t.s.address_hint.to_owned() problem=message("address")>
                <input id="src-address" name="address" type="text" maxlength="200" value=f.address.clone() aria-describedby="src-address-hint" />
            </Field>
            <Field id="src-operator" label=t.s.operator_label hint=t.s.operator_hint.to_owned() problem=message("operator")>
                <input id="src-operator" name="operator" type="text" maxlength="100" value=f.operator.clone() aria-describedby="src-operator-hint" />
            </Field>
            <Field id="src-credit_code" label=t.s.credit_code_label hint=t.s.credit_code_hint.to_owned() problem=message("credit_code")>
                <input id="src-credit_code" name="credit_code" type="text" maxlength="30" autocapitalize="characters" spellcheck="false" value=f.credit_code.clone() aria-describedby="src-credit_code-hint" />
            </Field>
            <Field id="src-zone" label=t.s.zone_label hint=t.s.zone_hint.to_owned() problem=message("zone")>
                <select id="src-zone" name="zone" aria-describedby="src-zone-hint">
                    {option("", t.s.zone_none.to_owned(), &f.zone)}
                    {zones}
                </select>
            </Field>
            <fieldset class=if message("point").is_some() { "field field-error" } else { "field" } id="src-point">
                <legend>{t.s.point_label}</legend>
                <p class="hint">{t.s.point_hint}</p>
                {message("point").map(|m| view! { <p class="field-message">{m}</p> })}
                <label for="src-latitude">{t.s.latitude_label}</label>
                <input id="src-latitude" name="latitude" type="text" inputmode="decimal" maxlength="20" value=f.latitude.clone() />
                <label for="src-longitude">{t.s.longitude_label}</label>
                <input id="src-longitude" name="longitude" type="text" inputmode="decimal" maxlength="20" value=f.longitude.clone() />
            </fieldset>
            <button type="submit" class="button">{t.s.save}</button>
        </form>
    }
}

/// `/staff/sources/{id}`.
#[component]
pub fn SourcePage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let Some(v) = use_context::<SourcePageView>() else {
        return view! { <crate::pages::error::ErrorPage /> }.into_any();
    };
    let fact = |label: &'static str, value: String| {
        view! {
            <div class="answer">
                <dt>{label}</dt>
                <dd class="answer-value">{value}</dd>
            </div>
        }
    };
    let notice = v.notice.as_deref().map(|n| match n {
        "merged" => t.s.merged,
        _ => t.s.saved,
    });
    let merge_message = v.merge_problem.map(|e| match e {
        domain::complaint::input::FieldError::OutOfRange => t.s.merge_same,
        _ => t.s.merge_unknown,
    });
    let summary: Vec<(String, String)> = merge_message
        .map(|m| vec![("merge-into".to_owned(), m.to_owned())])
        .unwrap_or_default();
    let max = v.per_month.iter().map(|m| m.1).max().unwrap_or(0).max(1);
    view! {
        <Title text=v.name.clone() />
        <Meta name="robots" content="noindex" />
        <p class="link-line"><a href="/staff/sources">{t.s.sources_title}</a></p>
        <ErrorSummary items=summary />
        {notice.map(|n| view! { <div class="success" role="status" id="notice"><p>{n}</p></div> })}
        <h1>{v.name.clone()} " " <span class="hint">{format!("#{}", v.id)}</span></h1>
        {v.merged_into.clone().map(|(id, name)| view! {
            <p class="warning"><a href=format!("/staff/sources/{id}")>{(t.s.merged_into)(&name)}</a></p>
        })}
        <section aria-labelledby="src-facts">
            <h2 id="src-facts">{t.s.facts_heading}</h2>
            <dl class="answers case-facts">
                {fact(t.s.kind_label, (t.s.kind)(v.kind).to_owned())}
                {fact(t.s.town_label, v.town.name(locale).to_owned())}
                {fact(t.s.address_label, v.address.clone())}
                {fact(t.s.road_label, v.address_public.clone())}
                {fact(t.s.operator_label, if v.operator.is_empty() { t.s.none.to_owned() } else { v.operator.clone() })}
                {fact(t.s.credit_code_label, v.credit_code.clone().unwrap_or_else(|| t.s.none.to_owned()))}
                {fact(t.s.zone_label, v.zone.map(|z| (t.s.zone)(z)).unwrap_or(t.s.zone_none).to_owned())}
                {v.point.map(|(lat, lon)| fact(t.s.point_label, format!("{lat:.5}, {lon:.5}")))}
            </dl>
            {(v.may_edit && v.merged_into.is_none()).then(|| view! {
                <p class="link-line"><a href=format!("/staff/sources/{}/edit", v.id)>{t.s.edit}</a></p>
            })}
        </section>
        <section aria-labelledby="src-limits">
            <h2 id="src-limits">{t.s.limits_heading}</h2>
            {if v.limits.is_empty() {
                view! { <p>{t.s.limit_no_zone}</p> }.into_any()
            } else {
                view! {
                    <dl class="answers">
                        {v.limits.iter().map(|l| fact(
                            match l.what { "day" => t.s.limit_day, "night" => t.s.limit_night, _ => t.s.limit_fumes },
                            (t.s.limit)(&l.limit),
                        )).collect_view()}
                    </dl>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="src-warnings">
            <h2 id="src-warnings">{t.s.warnings_title}</h2>
            <WarningList warnings=v.warnings.clone() />
        </section>
        <super::staff_inspections::SourceInspectionsSection source_id=v.id section=v.inspections.clone() />
        <section aria-labelledby="src-months">
            <h2 id="src-months">{t.s.per_month_heading}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data bars">
                    <thead><tr><th scope="col">{t.s.col_month}</th><th scope="col">{t.s.col_count}</th></tr></thead>
                    <tbody>
                        {v.per_month.iter().map(|(month, n)| {
                            view! {
                                <tr>
                                    <th scope="row">{month.clone()}</th>
                                    <td>
                                        <meter min="0" max=max.to_string() value=n.to_string() aria-hidden="true"></meter>
                                        " " {*n}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="src-cases">
            <h2 id="src-cases">{t.s.cases_heading}</h2>
            {if v.cases.is_empty() {
                view! { <p>{t.s.no_cases}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0">
                        <table class="data cases">
                            <thead>
                                <tr>
                                    <th scope="col">{t.s.col_reference}</th>
                                    <th scope="col">{t.s.col_category}</th>
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
                                        <td data-label=t.s.col_status>{t.c.status(c.status)}</td>
                                        <td data-label=t.s.col_submitted>
                                            <time datetime=shanghai::machine(c.submitted_at)>{shanghai::format_datetime(c.submitted_at, locale)}</time>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        {(v.may_merge && v.merged_into.is_none()).then(|| {
            let class = if merge_message.is_some() { "field field-error" } else { "field" };
            view! {
                <section aria-labelledby="src-merge">
                    <h2 id="src-merge">{t.s.merge_heading}</h2>
                    <p>{t.s.merge_intro}</p>
                    {v.merge_confirm.clone().map(|(into, name)| view! {
                        <div class="warning" role="status" id="merge-confirm">
                            <p>{(t.s.merge_confirm)(into, &name)}</p>
                            <form method="post" action=format!("/staff/sources/{}/merge", v.id)>
                                <input type="hidden" name="into" value=into.to_string() />
                                <input type="hidden" name="confirm" value="1" />
                                <button type="submit" class="button">{t.s.merge_confirm_button}</button>
                                " " <a href=format!("/staff/sources/{}", v.id)>{t.s.merge_cancel}</a>
                            </form>
                        </div>
                    })}
                    <form method="post" action=format!("/staff/sources/{}/merge", v.id) class="form">
                        <div class=class>
                            <label for="merge-into">{t.s.merge_label}</label>
                            {merge_message.map(|m| view! { <p class="field-message">{m}</p> })}
                            <input id="merge-into" name="into" type="text" inputmode="numeric" maxlength="12" value=v.merge_target.clone() />
                        </div>
                        <button type="submit" class="button button-secondary">{t.s.merge_button}</button>
                    </form>
                </section>
            }
        })}
    }
    .into_any()
}

/// The name of a warning's subject: its source or its place.
pub fn subject(w: &WarningSummary, locale: domain::prefs::Locale) -> String {
    let t = use_texts();
    match &w.source {
        Some((_, name)) => (t.s.subject_source)(name),
        None => (t.s.subject_place)(w.town.name(locale), &w.place),
    }
}

/// Warnings as a short list: severity, subject, rule, count, status.
#[component]
pub fn WarningList(warnings: Vec<WarningSummary>) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    if warnings.is_empty() {
        return view! { <p>{t.s.no_warnings}</p> }.into_any();
    }
    view! {
        <ul class="warning-list">
            {warnings
                .into_iter()
                .map(|w| {
                    let class = format!("tag severity-{}", w.severity.code());
                    view! {
                        <li>
                            <span class=class>{(t.s.severity)(w.severity)}</span>
                            " "
                            <a href=format!("/staff/warnings/{}", w.id)>{(t.s.warning_title)(w.id)}</a>
                            " · " {subject(&w, locale)} " · " {(t.s.rule)(w.kind)}
                            " · " {format!("{} {}", t.s.col_cases, w.case_count)}
                            " · " <span class="status">{(t.s.status)(&w.status)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The case page's section: the linked source, or the suggestions to link
/// with one tap; and the warnings the case belongs to.
#[component]
pub fn CaseSourcesSection(reference: String, sources: CaseSources, problem: bool) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let town = |c: &Choice| c.name(locale).to_owned();
    let linked = sources.linked.clone().map(|s| {
        view! {
            <p>
                <a href=format!("/staff/sources/{}", s.id)>{(t.s.case_linked)(&s.name)}</a>
                " " <span class="hint">{format!("{} · {}", town(&s.town), s.address_public)}</span>
            </p>
            {sources.may_inspect.then(|| view! {
                <p class="link-line">
                    <a class="button" href=format!("/staff/inspections/new?source={}&purpose=case&case_ref={reference}", s.id)>{t.i.register}</a>
                </p>
            })}
            {sources.may_link.then(|| view! {
                <form method="post" action=format!("/staff/cases/{reference}/unlink-source")>
                    <button type="submit" class="button button-secondary">{t.s.unlink}</button>
                </form>
            })}
        }
    });
    let suggest = (sources.linked.is_none() && sources.may_link).then(|| {
        view! {
            {if sources.suggestions.is_empty() {
                view! { <p>{t.s.no_suggestions}</p> }.into_any()
            } else {
                view! {
                    <p>{t.s.suggestions_intro}</p>
                    <ul class="suggestions">
                        {sources.suggestions.iter().map(|s| view! {
                            <li>
                                <form method="post" action=format!("/staff/cases/{reference}/link-source")>
                                    <input type="hidden" name="source" value=s.id.to_string() />
                                    <button type="submit" class="button" aria-label=(t.s.link_named)(&s.name)>{t.s.link}</button>
                                    " " <a href=format!("/staff/sources/{}", s.id)>{s.name.clone()}</a>
                                    <span class="hint">
                                        {format!(" {} · {} · {}", town(&s.town), s.address_public, (t.s.suggestion_counts)(s.open_cases, s.cases))}
                                    </span>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form method="post" action=format!("/staff/cases/{reference}/link-source") class="form">
                <div class="field">
                    <label for="link-source-number">{t.s.link_by_number}</label>
                    <p class="hint" id="link-source-number-hint">{t.s.link_by_number_hint}</p>
                    <input id="link-source-number" name="source" type="text" inputmode="numeric" maxlength="12" aria-describedby="link-source-number-hint" />
                </div>
                <button type="submit" class="button button-secondary">{t.s.link}</button>
            </form>
            <p class="link-line"><a href="/staff/sources">{t.s.search_register}</a></p>
            <form method="post" action=format!("/staff/cases/{reference}/new-source")>
                <button type="submit" class="button button-secondary">{t.s.create_from_case}</button>
            </form>
        }
    });
    view! {
        <section aria-labelledby="source-title" id="source">
            <h2 id="source-title">{t.s.case_source_heading}</h2>
            {problem.then(|| view! { <p class="error-summary" role="alert">{t.s.link_problem}</p> })}
            {linked}
            {suggest}
            {(!sources.warnings.is_empty()).then(|| view! {
                <h3>{t.s.case_warnings}</h3>
                <WarningList warnings=sources.warnings.clone() />
            })}
        </section>
    }
}
