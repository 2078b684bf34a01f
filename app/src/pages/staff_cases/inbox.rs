//! `/staff/cases`: the inbox. Counts, reminders, the filters (a plain
//! GET form), one page of cases and the pager.

use domain::case::Status;
use domain::shanghai;
use domain::staff::Role;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::{flag_tag, priority_tag};
use crate::api::cases::InboxView;
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// `/staff/cases`.
#[component]
pub fn InboxPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<InboxView>().unwrap_or_default();
    let f = v.filter.clone();
    let may_search_phone = matches!(v.role, Some(Role::Dispatcher | Role::Handler));
    let option = |value: &str, label: String, selected: &str| {
        let value = value.to_owned();
        let is = value == selected;
        view! { <option value=value selected=is>{label}</option> }
    };
    // Roles that take steps see the cases waiting for them first.
    let waits = v
        .role
        .is_some_and(|r| !domain::case::waiting_for(r).is_empty());
    let open_filter = if waits { "open" } else { "" };
    let status_options = {
        let mut o = Vec::new();
        if waits {
            o.push(option("", t.k.status_waiting.to_owned(), &f.status));
        }
        o.push(option(open_filter, t.k.status_open.to_owned(), &f.status));
        o.push(option("all", t.k.status_all.to_owned(), &f.status));
        o.extend(
            Status::ALL
                .iter()
                .map(|s| option(s.code(), t.c.status(*s).to_owned(), &f.status)),
        );
        o
    };
    let category_options = {
        let mut o = vec![option("", t.k.any.to_owned(), &f.category)];
        o.extend(
            v.categories
                .iter()
                .map(|c| option(&c.code, c.name(locale).to_owned(), &f.category)),
        );
        o
    };
    let unit_options = v.own_unit.is_none().then(|| {
        let mut o = vec![option("", t.k.any.to_owned(), &f.unit)];
        o.extend(
            v.units
                .iter()
                .map(|u| option(&u.code, u.name(locale).to_owned(), &f.unit)),
        );
        o
    });
    let due_options = vec![
        option("", t.k.any.to_owned(), &f.due),
        option("soon", t.k.due_soon.to_owned(), &f.due),
        option("overdue", t.k.overdue.to_owned(), &f.due),
    ];
    let sort_options = vec![
        option("", t.k.sort_due.to_owned(), &f.sort),
        option("newest", t.k.sort_newest.to_owned(), &f.sort),
        option("priority", t.k.sort_priority.to_owned(), &f.sort),
    ];
    let previous = v.previous.as_deref().map(|before| {
        let before = (!before.is_empty()).then_some(before);
        format!("/staff/cases?{}", f.query(v.page - 1, None, before))
    });
    let next = v
        .next
        .as_deref()
        .map(|after| format!("/staff/cases?{}", f.query(v.page + 1, Some(after), None)));
    let paged = previous.is_some() || next.is_some();
    let filtering = [&f.status, &f.review, &f.category, &f.unit, &f.due, &f.sort]
        .iter()
        .any(|v| !v.is_empty());
    view! {
        <Title text=t.k.inbox_title />
        <Meta name="robots" content="noindex" />
        <h1>{t.k.inbox_title}</h1>
        {v.own_unit.as_ref().map(|u| view! { <p>{(t.k.own_unit)(u.name(locale))}</p> })}
        <ul class="inline-list counts" aria-label=t.k.counts_heading>
            <li>
                <a href=if waits { "/staff/cases?status=open" } else { "/staff/cases" }>
                    {(t.k.open_count)(v.open)}
                </a>
            </li>
            <li>
                <a href="/staff/cases?due=soon">{(t.k.due_soon_count)(v.due_soon)}</a>
            </li>
            <li>
                <a href="/staff/cases?due=overdue">{(t.k.overdue_count)(v.overdue)}</a>
            </li>
            {v
                .awaiting_publication
                .map(|n| {
                    view! {
                        <li>
                            <a href="/staff/cases?review=public">{(t.k.awaiting_publication_count)(n)}</a>
                        </li>
                    }
                })}
        </ul>
        {(!v.reminders.is_empty())
            .then(|| {
                view! {
                    <section class="reminders" aria-labelledby="reminders-title">
                        <h2 id="reminders-title">{t.k.reminders_heading}</h2>
                        <ul>
                            {v
                                .reminders
                                .iter()
                                .map(|r| {
                                    let due = shanghai::format_date(r.due_on, locale);
                                    let text = if r.overdue {
                                        (t.k.reminder_overdue)(&r.reference, &due)
                                    } else {
                                        (t.k.reminder_due_soon)(&r.reference, &due)
                                    };
                                    view! {
                                        <li>
                                            <a href=format!("/staff/cases/{}", r.reference)>{text}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        {f.from_dashboard().then(|| dashboard_note(&f, &v.units, locale, t))}
        // The search first; the filters folded away (open while one is
        // set), so that on a phone the cases start on the first screen.
        <form method="get" action="/staff/cases" class="form inbox-search" role="search">
            {[("town", f.town.clone()), ("received", f.received.clone()), ("answered", f.answered.clone()), ("figure", f.figure.clone())]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <h2 class="visually-hidden">{t.k.filters}</h2>
            <div class="field">
                <label for="q">{t.k.search_label}</label>
                <p class="hint" id="q-hint">
                    {if may_search_phone { t.k.search_hint } else { t.k.search_hint_no_phone }}
                </p>
                <input id="q" name="q" type="search" maxlength="100" value=f.q.clone() aria-describedby="q-hint" />
            </div>
            <details class="filter-more" open=filtering>
            <summary>{t.k.more_filters}</summary>
            <div class="filters">
            <div class="field">
                <label for="status">{t.k.status_label}</label>
                <select id="status" name="status">{status_options}</select>
            </div>
            <div class="field">
                <label for="category">{t.k.category_label}</label>
                <select id="category" name="category">{category_options}</select>
            </div>
            {unit_options
                .map(|o| {
                    view! {
                        <div class="field">
                            <label for="unit">{t.k.unit_label}</label>
                            <select id="unit" name="unit">{o}</select>
                        </div>
                    }
                })}
            <div class="field">
                <label for="due">{t.k.due_label}</label>
                <select id="due" name="due">{due_options}</select>
            </div>
            {v
                .awaiting_publication
                .is_some()
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="review">{t.k.review_label}</label>
                            <select id="review" name="review">
                                {option("", t.k.any.to_owned(), &f.review)}
                                {option("public", t.k.review_public.to_owned(), &f.review)}
                            </select>
                        </div>
                    }
                })}
            <div class="field">
                <label for="sort">{t.k.sort_label}</label>
                <select id="sort" name="sort">{sort_options}</select>
            </div>
            </div>
            </details>
            <p class="actions">
                <button type="submit" class="button">{t.k.apply}</button>
                <a href="/staff/cases">{t.k.clear}</a>
            </p>
        </form>
        <p id="results" role="status">
            {if v.total_capped { (t.k.results_more)(v.total) } else { (t.k.results)(v.total) }}
        </p>
        {export_links(&v, t)}
        {if v.rows.is_empty() {
            view! { <p>{t.k.no_cases}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data cases">
                        <thead>
                            <tr>
                                <th scope="col">{t.k.col_reference}</th>
                                <th scope="col">{t.k.col_category}</th>
                                <th scope="col">{t.k.col_place}</th>
                                <th scope="col">{t.k.col_status}</th>
                                <th scope="col">{t.k.col_unit}</th>
                                <th scope="col">{t.k.col_due}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {v
                                .rows
                                .iter()
                                .map(|r| {
                                    let unit = r
                                        .unit
                                        .as_ref()
                                        .map(|u| u.name(locale).to_owned())
                                        .unwrap_or_else(|| t.k.unassigned.to_owned());
                                    view! {
                                        <tr>
                                            <th scope="row" data-label=t.k.col_reference>
                                                <a href=format!("/staff/cases/{}", r.reference)>{r.reference.clone()}</a>
                                                {priority_tag(r.priority)}
                                            </th>
                                            <td data-label=t.k.col_category>{r.category.name(locale).to_owned()}</td>
                                            <td data-label=t.k.col_place>
                                                {r.town.name(locale).to_owned()}
                                                " · "
                                                {r.address_public.clone()}
                                                {(r.supporters > 0)
                                                    .then(|| view! { <span class="hint">{(t.k.supporters)(r.supporters)}</span> })}
                                            </td>
                                            <td data-label=t.k.col_status>
                                                {t.c.status(r.status)}
                                                {r.charge.as_ref().map(|n| view! { <span class="tag">{(t.k.in_charge)(n)}</span> })}
                                                {r.warning.map(|s| view! {
                                                    <span class=format!("tag severity-{}", s.code())>{(t.s.inbox_warning)(s)}</span>
                                                })}
                                            </td>
                                            <td data-label=t.k.col_unit>{unit}</td>
                                            <td data-label=t.k.col_due>
                                                <time datetime=r.due_on.to_string()>{shanghai::format_date(r.due_on, locale)}</time>
                                                " "
                                                {flag_tag(r.flag)}
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
        }}
        {paged
            .then(|| {
                view! {
                    <nav class="pager" aria-label=(t.k.page_number)(v.page)>
                        {previous.map(|href| view! { <a href=href rel="prev">{t.k.previous}</a> })}
                        " "
                        <span>{(t.k.page_number)(v.page)}</span>
                        " "
                        {next.map(|href| view! { <a href=href rel="next">{t.k.next}</a> })}
                    </nav>
                }
            })}
    }
}

/// What a list the dashboard opened holds, in words, with the way back.
fn dashboard_note(
    f: &crate::api::cases::InboxFilter,
    units: &[crate::api::complaints::Choice],
    locale: domain::prefs::Locale,
    t: &'static crate::i18n::Texts,
) -> impl IntoView + use<> {
    let span = |raw: &str| {
        let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        match raw.split_once('~').map(|(a, b)| (parse(a), parse(b))) {
            Some((Some(a), Some(b))) => (t.q.span)(a, b),
            _ => raw.to_owned(),
        }
    };
    let mut parts = Vec::new();
    if !f.town.is_empty() {
        let name = units
            .iter()
            .find(|u| u.code == f.town)
            .map_or(f.town.clone(), |u| u.name(locale).to_owned());
        parts.push(name);
    }
    if !f.received.is_empty() {
        parts.push((t.q.received_in)(&span(&f.received)));
    }
    if !f.answered.is_empty() {
        parts.push((t.q.answered_in)(&span(&f.answered)));
    }
    if !f.figure.is_empty() {
        parts.push((t.q.figure_filter)(&f.figure).to_owned());
    }
    view! {
        <p class="note" id="from-dashboard">
            {(t.q.from_dashboard)(&parts.join(t.q.separator))}
            " "
            <a href="/staff/dashboard">{t.q.back_to_dashboard}</a>
        </p>
    }
}

/// Links that download every case the filters select (not only this
/// page); with personal data only for staff who may see it (logged).
fn export_links(v: &InboxView, t: &'static crate::i18n::Texts) -> impl IntoView + use<> {
    use domain::access::{Action, Scope, may};
    let query = v.filter.query(1, None, None);
    let scope = match v.own_unit {
        Some(_) => Scope::OwnUnit,
        None => Scope::OtherCase,
    };
    let personal = v
        .role
        .is_some_and(|role| may(role, Action::ViewPersonalData, scope));
    let join = |rest: &str| match query.is_empty() {
        true => rest.trim_start_matches('&').to_owned(),
        false => format!("{query}{rest}"),
    };
    (!v.rows.is_empty()).then(|| {
        view! {
            <ul class="inline-list export-links">
                <li><a href=format!("/staff/cases.csv?{}", join(""))>{t.q.export_csv}</a></li>
                <li><a href=format!("/staff/cases.xlsx?{}", join(""))>{t.q.export_xlsx}</a></li>
                {personal.then(|| view! {
                    <li><a href=format!("/staff/cases.xlsx?{}", join("&personal=1"))>{t.q.export_personal}</a></li>
                })}
            </ul>
        }
    })
}
