//! `/staff/inspections…`: the list of visits, registering one (the code
//! is issued), a visit's page (the code and its QR code to show on site,
//! the parts of a joint visit, the result against the limits, photos,
//! revoking, the log), statistics per unit and month, and the
//! administrators' list of inspection items. Also the source page's
//! section of inspections.

use domain::inspection::{MEASUREMENT_ROWS, Measured, Purpose, Status};
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::staff_sources::option;
use crate::api::inspections::{
    InspectionsView, MeasurementView, RegisterView, SourceInspections, VisitPageView, VisitSummary,
};
use crate::components::form::{ErrorSummary, Field, problem_message, problem_summary};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// A span of time on one day, as read in Shanghai.
pub(super) fn window_text(
    starts_at: chrono::DateTime<chrono::Utc>,
    ends_at: chrono::DateTime<chrono::Utc>,
    locale: domain::prefs::Locale,
) -> String {
    let end = shanghai::local(ends_at);
    let same_day = shanghai::local(starts_at).date_naive() == end.date_naive();
    if same_day {
        format!(
            "{}–{}",
            shanghai::format_datetime(starts_at, locale),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{} – {}",
            shanghai::format_datetime(starts_at, locale),
            shanghai::format_datetime(ends_at, locale)
        )
    }
}

fn status_tag(status: Status, label: &'static str) -> impl IntoView + use<> {
    let class = format!("tag inspection-{}", status.code());
    view! { <span class=class>{label}</span> }
}

/// Visits as a table: code, window, place, units, status.
#[component]
fn VisitTable(visits: Vec<VisitSummary>) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    if visits.is_empty() {
        return view! { <p>{t.i.none}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data cases">
                <thead>
                    <tr>
                        <th scope="col">{t.i.col_code}</th>
                        <th scope="col">{t.i.col_when}</th>
                        <th scope="col">{t.i.col_source}</th>
                        <th scope="col">{t.i.col_units}</th>
                        <th scope="col">{t.i.col_status}</th>
                    </tr>
                </thead>
                <tbody>
                    {visits
                        .into_iter()
                        .map(|v| {
                            let units = v
                                .units
                                .iter()
                                .map(|u| u.name(locale).to_owned())
                                .collect::<Vec<_>>()
                                .join(t.i.sep);
                            view! {
                                <tr>
                                    <th scope="row" data-label=t.i.col_code>
                                        <a href=format!("/staff/inspections/{}", v.id)>{v.code.clone()}</a>
                                    </th>
                                    <td data-label=t.i.col_when>{window_text(v.starts_at, v.ends_at, locale)}</td>
                                    <td data-label=t.i.col_source>
                                        <a href=format!("/staff/sources/{}", v.source_id)>{v.source_name.clone()}</a>
                                    </td>
                                    <td data-label=t.i.col_units>{units}</td>
                                    <td data-label=t.i.col_status>
                                        {status_tag(v.status, (t.i.status)(v.status))}
                                        {v.exceeds.then(|| view! { " " <span class="tag severity-high">{t.i.over_limit}</span> })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/staff/inspections`.
#[component]
pub fn InspectionsPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<InspectionsView>().unwrap_or_default();
    view! {
        <Title text=t.i.list_title />
        <Meta name="robots" content="noindex" />
        <h1>{t.i.list_title}</h1>
        <p>{t.i.list_intro}</p>
        {v.may_stats.then(|| view! {
            <p class="link-line"><a href="/staff/inspections/stats">{t.i.stats_link}</a></p>
        })}
        <VisitTable visits=v.visits.clone() />
        {(v.page > 0 || v.more).then(|| view! {
            <nav class="pager" aria-label=(t.i.page_of)(v.page + 1)>
                {(v.page > 0).then(|| view! { <a href=format!("/staff/inspections?page={}", v.page)>{t.i.newer}</a> })}
                <span>{(t.i.page_of)(v.page + 1)}</span>
                {v.more.then(|| view! { <a href=format!("/staff/inspections?page={}", v.page + 2)>{t.i.older}</a> })}
            </nav>
        })}
    }
}

/// `/staff/inspections/new`.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<RegisterView>().unwrap_or_default();
    let message = |field: &str| problem_message(&v.problems, field);
    let summary = problem_summary(&v.problems, "ins");
    let f = v.form.clone();
    let back = match &v.source {
        Some((id, ..)) => format!("/staff/sources/{id}"),
        None => "/staff/inspections".to_owned(),
    };
    let purposes = Purpose::ALL
        .iter()
        .map(|p| option(p.code(), (t.i.purpose)(*p).to_owned(), &f.purpose))
        .collect_view();
    let items = v
        .items
        .iter()
        .map(|i| {
            option(
                &i.code,
                (t.i.paren)(i.name(locale), i.hint(locale)),
                &f.item,
            )
        })
        .collect_view();
    let no_staff = v.staff.is_empty();
    let inspector = |i: usize, who: &str, cert: &str| {
        let who_id = ["ins-inspector1", "ins-inspector2", "ins-inspector3"][i - 1];
        let cert_id = ["ins-cert1", "ins-cert2", "ins-cert3"][i - 1];
        let who_name = ["inspector1", "inspector2", "inspector3"][i - 1];
        let cert_name = ["cert1", "cert2", "cert3"][i - 1];
        let people = v
            .staff
            .iter()
            .map(|s| option(&s.id.to_string(), s.name.clone(), who))
            .collect_view();
        // The certificate last given for the one chosen, when nothing was typed.
        let cert_value = if cert.is_empty() {
            v.staff
                .iter()
                .find(|s| s.id.to_string() == who)
                .map(|s| s.certificate.clone())
                .unwrap_or_default()
        } else {
            cert.to_owned()
        };
        let who_problem = message(who_name);
        let cert_problem = message(cert_name);
        let who_class = if who_problem.is_some() {
            "field field-error"
        } else {
            "field"
        };
        let cert_class = if cert_problem.is_some() {
            "field field-error"
        } else {
            "field"
        };
        view! {
            <div class="inspector-row">
                <div class=who_class>
                    <label for=who_id>{(t.i.inspector_label)(i)}</label>
                    {who_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                    <select id=who_id name=who_name>
                        {option("", t.i.nobody.to_owned(), who)}
                        {people}
                    </select>
                </div>
                <div class=cert_class>
                    <label for=cert_id>{(t.i.cert_label)(i)}</label>
                    {cert_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                    <input id=cert_id name=cert_name type="text" maxlength="30" spellcheck="false" value=cert_value />
                </div>
            </div>
        }
    };
    let inspectors_problem = message("inspectors");
    let inspectors_class = if inspectors_problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    let quiet_problem = message("quiet");
    view! {
        <Title text=t.i.new_title />
        <Meta name="robots" content="noindex" />
        <p class="link-line"><a href=back>{t.i.cancel}</a></p>
        <ErrorSummary items=summary />
        <h1>{t.i.new_title}</h1>
        <p>{t.i.new_intro}</p>
        {no_staff.then(|| view! { <p class="warning">{t.i.no_unit}</p> })}
        {v.source.clone().map(|(id, name, place)| view! {
            <p><strong>{name}</strong> " " <span class="hint">{format!("#{id} · {place}")}</span></p>
        })}
        {v.quiet.map(|n| view! {
            <div class="warning" role="status" id="ins-quiet-note"><p>{(t.i.quiet_warning)(n, domain::inspection::QUIET_DAYS)}</p></div>
        })}
        <form method="post" action="/staff/inspections/new" class="form">
            <Field id="ins-source" label=t.i.source_label hint=t.i.source_hint.to_owned() problem=message("source")>
                <input id="ins-source" name="source" type="text" inputmode="numeric" maxlength="12" value=f.source.clone() aria-describedby="ins-source-hint" />
            </Field>
            <Field id="ins-purpose" label=t.i.purpose_label problem=message("purpose")>
                <select id="ins-purpose" name="purpose">
                    {option("", String::new(), &f.purpose)}
                    {purposes}
                </select>
            </Field>
            <Field id="ins-case_ref" label=t.i.case_ref_label hint=t.i.case_ref_hint.to_owned() problem=message("case_ref")>
                <input id="ins-case_ref" name="case_ref" type="text" maxlength="40" autocapitalize="characters" spellcheck="false" value=f.case_ref.clone() aria-describedby="ins-case_ref-hint" />
            </Field>
            <Field id="ins-warning" label=t.i.warning_label hint=t.i.warning_hint.to_owned() problem=message("warning")>
                <input id="ins-warning" name="warning" type="text" inputmode="numeric" maxlength="12" value=f.warning.clone() aria-describedby="ins-warning-hint" />
            </Field>
            <Field id="ins-item" label=t.i.item_label hint=t.i.item_hint.to_owned() problem=message("item")>
                <select id="ins-item" name="item" aria-describedby="ins-item-hint">
                    {option("", String::new(), &f.item)}
                    {items}
                </select>
            </Field>
            <Field id="ins-day" label=t.i.day_label hint=t.i.window_hint.to_owned() problem=message("day")>
                <input id="ins-day" name="day" type="date" value=f.day.clone() aria-describedby="ins-day-hint" />
            </Field>
            <Field id="ins-from" label=t.i.from_label problem=message("from")>
                <input id="ins-from" name="from" type="time" value=f.from.clone() />
            </Field>
            <Field id="ins-to" label=t.i.to_label problem=message("to")>
                <input id="ins-to" name="to" type="time" value=f.to.clone() />
            </Field>
            <fieldset class=inspectors_class id="ins-inspectors" tabindex="-1">
                <legend>{t.i.inspectors_legend}</legend>
                <p class="hint">{t.i.inspectors_hint}</p>
                {inspectors_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                {inspector(1, &f.inspector1, &f.cert1)}
                {inspector(2, &f.inspector2, &f.cert2)}
                {inspector(3, &f.inspector3, &f.cert3)}
            </fieldset>
            {(v.quiet.is_some() || quiet_problem.is_some()).then(|| {
                let class = if quiet_problem.is_some() { "field field-error" } else { "field" };
                view! {
                    <div class=class>
                        {quiet_problem.clone().map(|m| view! { <p class="field-message">{m}</p> })}
                        <label class="check">
                            <input id="ins-quiet" name="quiet" type="checkbox" value="1" checked=!f.quiet.is_empty() />
                            " " {t.i.quiet_confirm}
                        </label>
                    </div>
                }
            })}
            <button type="submit" class="button">{t.i.submit_register}</button>
        </form>
    }
}

/// A reading's row: what, value, limit, verdict.
fn measurement_rows(rows: Vec<(Option<String>, MeasurementView)>) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data cases">
                <thead>
                    <tr>
                        {rows.first().is_some_and(|r| r.0.is_some()).then(|| view! { <th scope="col">{t.i.col_code}</th> })}
                        <th scope="col">{t.i.col_measured}</th>
                        <th scope="col">{t.i.col_value}</th>
                        <th scope="col">{t.i.col_limit}</th>
                        <th scope="col">{t.i.col_verdict}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(code, m)| {
                        let unit = (t.i.unit_of)(m.what);
                        let limit = m.limit.map(|l| (t.i.paren)(&format!("{l} {unit}"), &m.standard)).unwrap_or_else(|| t.i.no_limit.to_owned());
                        let verdict = match (m.limit, m.exceeds) {
                            (None, _) => "—",
                            (_, true) => t.i.above,
                            (_, false) => t.i.within,
                        };
                        let class = if m.exceeds { "tag severity-high" } else { "tag" };
                        view! {
                            <tr>
                                {code.map(|c| view! { <td data-label=t.i.col_code>{c}</td> })}
                                <th scope="row">{(t.i.measured)(m.what)}</th>
                                <td data-label=t.i.col_value>{format!("{} {unit}", m.value)}</td>
                                <td data-label=t.i.col_limit>{limit}</td>
                                <td data-label=t.i.col_verdict><span class=class>{verdict}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/staff/inspections/{id}`.
#[component]
pub fn VisitPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let Some(v) = use_context::<VisitPageView>() else {
        return view! { <p>{t.not_found_body}</p> }.into_any();
    };
    let visit = v.visit.clone();
    let message = |field: &str| problem_message(&v.problems, field);
    let summary = problem_summary(&v.problems, "ins");
    let notice = v.notice.as_deref().map(|n| {
        let (class, role) = match n {
            "gone" | "bad_photo" => ("error-summary", "alert"),
            _ => ("success", "status"),
        };
        view! { <div class=class role=role id="notice"><p>{(t.i.notice)(n)}</p></div> }
    });
    let fact = |label: &'static str, value: String| {
        view! {
            <div class="answer">
                <dt>{label}</dt>
                <dd class="answer-value">{value}</dd>
            </div>
        }
    };
    // A code is shown (QR and all) while an inspection may take place or
    // has; a revoked or expired one is not to be shown on site.
    let open = matches!(visit.status, Status::Valid | Status::Used);
    let units = visit
        .parts
        .iter()
        .map(|p| p.unit.name(locale).to_owned())
        .fold(Vec::<String>::new(), |mut all, u| {
            if !all.contains(&u) {
                all.push(u);
            }
            all
        })
        .join(t.i.sep);
    // What the business may read, as on the public page: surnames and
    // certificate numbers.
    let officers = visit
        .parts
        .iter()
        .flat_map(|p| p.inspectors.iter())
        .map(|i| (t.i.labelled)(&format!("{}**", i.surname), &i.certificate))
        .collect::<Vec<_>>()
        .join(t.i.sep);
    let code_box = view! {
        <section class=if v.show_code { "inspection-code print-only-this shown" } else { "inspection-code print-only-this" } aria-labelledby="ins-code-title">
            <h1 id="ins-code-title">{t.i.code_label} " " <span class="code-text">{visit.code.clone()}</span></h1>
            <p>{status_tag(visit.status, (t.i.status)(visit.status))}</p>
            {open.then(|| view! {
                <div class="qr" inner_html=v.qr_svg.clone() role="img" aria-label=visit.code.clone()></div>
                <p class="hint">{v.url.clone()}</p>
            })}
            {(!v.show_code).then(|| view! { <p class="hint no-print">{t.i.show_code_hint} " " {t.i.print_hint}</p> })}
            <dl class="answers case-facts">
                {fact(t.i.place_label, format!("{} · {} {}", visit.source_name, visit.town.name(locale), visit.source_place))}
                {fact(t.i.window_label, window_text(visit.starts_at, visit.ends_at, locale))}
                {fact(t.i.unit_label, units)}
                {fact(t.i.inspectors_label, officers)}
            </dl>
            {(!visit.revoke_reason.is_empty()).then(|| view! { <p class="warning">{(t.i.revoked_because)(&visit.revoke_reason)}</p> })}
        </section>
    };
    if v.show_code {
        // 亮码: the screen held up on site shows the code box and nothing
        // staff-only.
        return view! {
            <Title text=(t.i.visit_title)(&visit.code) />
            <Meta name="robots" content="noindex" />
            {code_box}
            <p class="link-line no-print"><a href=format!("/staff/inspections/{}", visit.id)>{t.i.show_code_back}</a></p>
        }
        .into_any();
    }
    let may_result = v.may_act && visit.result_at.is_none() && visit.status != Status::Revoked;
    let may_photo = v.may_act
        && visit.result_at.is_some()
        && visit.status != Status::Revoked
        && visit.photos.len() < 6;
    let rf = v.result_form.clone();
    // Only what is measured at this kind of place (no fumes at a factory).
    let kind = visit.source_kind;
    let what_options = move |selected: &str| {
        Measured::ALL
            .iter()
            .filter(|m| m.fits(kind))
            .map(|m| option(m.code(), (t.i.measured)(*m).to_owned(), selected))
            .collect_view()
    };
    let rows = (1..=MEASUREMENT_ROWS).map(|i| {
        let (what, value) = match i {
            1 => (&rf.what1, &rf.value1),
            2 => (&rf.what2, &rf.value2),
            _ => (&rf.what3, &rf.value3),
        };
        let what_name = ["what1", "what2", "what3"][i - 1];
        let value_name = ["value1", "value2", "value3"][i - 1];
        let what_id = ["ins-what1", "ins-what2", "ins-what3"][i - 1];
        let value_id = ["ins-value1", "ins-value2", "ins-value3"][i - 1];
        let wp = message(what_name);
        let vp = message(value_name);
        let wc = if wp.is_some() { "field field-error" } else { "field" };
        let vc = if vp.is_some() { "field field-error" } else { "field" };
        view! {
            <div class="inspector-row">
                <div class=wc>
                    <label for=what_id>{(t.i.what_label)(i)}</label>
                    {wp.map(|m| view! { <p class="field-message">{m}</p> })}
                    <select id=what_id name=what_name>
                        {option("", String::new(), what)}
                        {what_options(what)}
                    </select>
                </div>
                <div class=vc>
                    <label for=value_id>{(t.i.value_label)(i)}</label>
                    {vp.map(|m| view! { <p class="field-message">{m}</p> })}
                    <input id=value_id name=value_name type="text" inputmode="decimal" maxlength="10" value=value.clone() />
                </div>
            </div>
        }
    }).collect_view();
    let limits = v
        .limits
        .iter()
        .map(|(m, l)| view! { <li>{(t.i.labelled)((t.i.measured)(*m), &(t.i.limit_line)(*m, l.value, l.standard))}</li> })
        .collect_view();
    view! {
        <Title text=(t.i.visit_title)(&visit.code) />
        <Meta name="robots" content="noindex" />
        <p class="link-line no-print"><a href="/staff/inspections">{t.i.list_title}</a></p>
        <ErrorSummary items=summary />
        {notice}
        {open.then(|| view! {
            <p class="link-line no-print"><a class="button" href=format!("/staff/inspections/{}?show=1", visit.id)>{t.i.show_code_link}</a></p>
        })}
        {code_box}
        // Staff only: the case, the warning and full names never go on paper
        // or before the business (the code block above is what is shown).
        <section aria-labelledby="ins-parts" class="no-print">
            <h2 id="ins-parts">{t.i.parts_heading}</h2>
            {(visit.parts.len() > 1).then(|| view! { <p class="hint">{t.i.joint_note}</p> })}
            {visit.parts.iter().map(|p| view! {
                <dl class="answers case-facts">
                    {fact(t.i.unit_label, p.unit.name(locale).to_owned())}
                    {fact(t.i.purpose_label, (t.i.purpose)(p.purpose).to_owned())}
                    {fact(t.i.item_label, (t.i.paren)(p.item.name(locale), &(t.i.labelled)(t.i.basis_label, p.item.hint(locale))))}
                    {fact(t.i.inspectors_label, p.inspectors.iter().map(|i| (t.i.paren)(&i.name, &i.certificate)).collect::<Vec<_>>().join(t.i.sep))}
                    {p.case_ref.clone().map(|r| view! {
                        <div class="answer"><dt>{t.i.case_label}</dt><dd class="answer-value"><a href=format!("/staff/cases/{r}")>{r.clone()}</a></dd></div>
                    })}
                    {p.warning_id.map(|w| view! {
                        <div class="answer"><dt>{t.i.warning_row}</dt><dd class="answer-value"><a href=format!("/staff/warnings/{w}")>{(t.i.warning_link)(w)}</a></dd></div>
                    })}
                </dl>
            }).collect_view()}
        </section>
        <section aria-labelledby="ins-result" class="no-print">
            <h2 id="ins-result">{t.i.result_heading}</h2>
            {if visit.result_at.is_some() {
                view! {
                    <p class="prose">{visit.findings.clone()}</p>
                    {(!visit.measurements.is_empty()).then(|| measurement_rows(visit.measurements.iter().cloned().map(|m| (None, m)).collect()))}
                }.into_any()
            } else {
                view! { <p>{t.i.result_none}</p> }.into_any()
            }}
            {may_result.then(|| view! {
                <form method="post" action=format!("/staff/inspections/{}/result", visit.id) class="form">
                    <Field id="ins-findings" label=t.i.findings_label hint=t.i.findings_hint.to_owned() problem=message("findings")>
                        <textarea id="ins-findings" name="findings" rows="5" maxlength="2000" aria-describedby="ins-findings-hint">{super::textarea_text(&rf.findings)}</textarea>
                    </Field>
                    <fieldset class="field">
                        <legend>{t.i.measurements_legend}</legend>
                        <p class="hint">{t.i.measurements_hint}</p>
                        <ul class="hint">{limits}</ul>
                        {rows}
                    </fieldset>
                    <button type="submit" class="button">{t.i.submit_result}</button>
                </form>
            })}
        </section>
        <section aria-labelledby="ins-photos" class="no-print">
            <h2 id="ins-photos">{t.i.photos_heading}</h2>
            <ul class="photo-list">
                {visit.photos.iter().enumerate().map(|(i, p)| {
                    let href = format!("/staff/inspections/{}/photos/{p}", visit.id);
                    view! {
                        <li><a href=href.clone()><img src=format!("{href}?thumb=1") alt=(t.i.photo_alt)(i + 1) width="160" loading="lazy" /></a></li>
                    }
                }).collect_view()}
            </ul>
            {may_photo.then(|| view! {
                <form method="post" action=format!("/staff/inspections/{}/photo", visit.id) enctype="multipart/form-data" class="form">
                    <div class="field">
                        <label for="ins-photo">{t.i.photo_label}</label>
                        <p class="hint" id="ins-photo-hint">{t.i.photo_hint}</p>
                        <input id="ins-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="ins-photo-hint" />
                    </div>
                    <button type="submit" class="button button-secondary">{t.i.submit_photo}</button>
                </form>
            })}
        </section>
        {(v.may_act && visit.result_at.is_none() && visit.status != Status::Revoked).then(|| view! {
            <section aria-labelledby="ins-revoke" class="no-print">
                <h2 id="ins-revoke">{t.i.revoke_heading}</h2>
                <form method="post" action=format!("/staff/inspections/{}/revoke", visit.id) class="form">
                    <Field id="ins-reason" label=t.i.reason_label problem=message("reason")>
                        <input id="ins-reason" name="reason" type="text" maxlength="500" value=v.revoke_reason.clone() />
                    </Field>
                    <button type="submit" class="button button-secondary">{t.i.submit_revoke}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="ins-log" class="no-print">
            <h2 id="ins-log">{t.i.log_heading}</h2>
            <ol class="timeline">
                {v.events.iter().map(|e| view! {
                    <li>
                        <time datetime=shanghai::machine(e.at)>{shanghai::format_datetime(e.at, locale)}</time>
                        " " {(t.i.event)(&e.kind)}
                        {(!e.actor.is_empty()).then(|| format!(" · {}", e.actor))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// The source page's section of inspections.
#[component]
pub fn SourceInspectionsSection(source_id: i64, section: SourceInspections) -> impl IntoView {
    let t = use_texts();
    view! {
        <section aria-labelledby="src-inspections">
            <h2 id="src-inspections">{t.i.source_section}</h2>
            <p>{(t.i.without_cause)(section.without_cause, domain::inspection::QUIET_DAYS)}</p>
            {section.may_register.then(|| view! {
                <p class="link-line"><a class="button" href=format!("/staff/inspections/new?source={source_id}")>{t.i.register}</a></p>
            })}
            <VisitTable visits=section.visits.clone() />
            {(!section.measurements.is_empty()).then(|| view! {
                <h3>{t.i.source_measurements}</h3>
                {measurement_rows(section.measurements.iter().cloned().map(|(c, m)| (Some(c), m)).collect())}
            })}
        </section>
    }
}
