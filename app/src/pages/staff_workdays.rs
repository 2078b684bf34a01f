//! `/staff/admin/calendar`: the working-day calendar deadlines count on,
//! one year at a time, with a form to change a day. Rendered by the
//! server's handler with a [`WorkdaysView`] in context.

use domain::shanghai;
use domain::workdays::DayKind;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::cases::WorkdaysView;
use crate::components::form::{ErrorSummary, problem_message, problem_summary};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

#[component]
pub fn WorkdaysPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<WorkdaysView>().unwrap_or_default();
    let message = |field: &str| problem_message(&v.problems, field);
    let summary = problem_summary(&v.problems, "cal");
    let kind_name = move |k: DayKind| match k {
        DayKind::Off => t.k.kind_off,
        DayKind::Work => t.k.kind_work,
    };
    let day_problem = message("day");
    let kind_problem = message("kind");
    let day_class = if day_problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    let kind_class = if kind_problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    let kinds = [
        ("off", t.k.kind_off),
        ("work", t.k.kind_work),
        ("normal", t.k.kind_normal),
    ];
    view! {
        <Title text=t.k.calendar_title />
        <Meta name="robots" content="noindex" />
        <ErrorSummary items=summary />
        {v.saved.then(|| view! { <p class="success" role="status">{t.k.saved}</p> })}
        <h1>{t.k.calendar_title}</h1>
        <p>{t.k.calendar_intro}</p>
        <nav class="pager" aria-label=t.k.calendar_title>
            <a href=format!("/staff/admin/calendar?year={}", v.year - 1) rel="prev">
                {(t.k.calendar_year)(v.year - 1)}
            </a>
            <strong>{(t.k.calendar_year)(v.year)}</strong>
            <a href=format!("/staff/admin/calendar?year={}", v.year + 1) rel="next">
                {(t.k.calendar_year)(v.year + 1)}
            </a>
        </nav>
        <form method="post" action="/staff/admin/calendar" class="form">
            <div class=day_class>
                <label for="cal-day">{t.k.day_label}</label>
                {day_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                <input id="cal-day" name="day" type="date" value=v.day.clone() />
            </div>
            <fieldset class=kind_class id="cal-kind">
                <legend>{t.k.kind_label}</legend>
                {kind_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                <div class="radios">
                    {kinds
                        .into_iter()
                        .map(|(code, label)| {
                            let id = format!("cal-kind-{code}");
                            let checked = v.kind == code;
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name="kind" value=code checked=checked />
                                    <label for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <button type="submit" class="button">{t.k.calendar_save}</button>
        </form>
        {if v.entries.is_empty() {
            view! { <p>{t.k.calendar_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{t.k.col_date}</th>
                                <th scope="col">{t.k.col_kind}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {v
                                .entries
                                .iter()
                                .map(|(day, kind)| {
                                    view! {
                                        <tr>
                                            <td>
                                                <time datetime=day.to_string()>{shanghai::format_date(*day, locale)}</time>
                                            </td>
                                            <td>{kind_name(*kind)}</td>
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
    }
}
