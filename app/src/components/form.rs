//! The parts every form shares: the honeypot, the summary of problems on
//! top, a field with its message, a group of radio buttons. Plain HTML
//! that works without JavaScript.

use domain::complaint::input::FieldError;
use leptos::prelude::*;

use crate::i18n::use_texts;

/// The translated message of `field`'s problem, if it has one.
pub fn problem_message(problems: &[(&'static str, FieldError)], field: &str) -> Option<String> {
    let t = use_texts();
    problems
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(f, e)| (t.c.field_message)(f, *e))
}

/// The error summary's items: each problem, linking to its field's id
/// `{prefix}-{field}`.
pub fn problem_summary(
    problems: &[(&'static str, FieldError)],
    prefix: &str,
) -> Vec<(String, String)> {
    let t = use_texts();
    problems
        .iter()
        .map(|(f, e)| (format!("{prefix}-{f}"), (t.c.field_message)(f, *e)))
        .collect()
}

/// The hidden field bots fill in and people never see.
#[component]
pub fn Honeypot() -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="hp" aria-hidden="true">
            <label for="website">{t.c.honeypot_label}</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
    }
}

/// The list of problems on top of a form, each linking to its field.
#[component]
pub fn ErrorSummary(items: Vec<(String, String)>) -> impl IntoView {
    let t = use_texts();
    (!items.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{t.error_summary_title}</h2>
                <ul>
                    {items
                        .into_iter()
                        .map(|(id, message)| {
                            view! {
                                <li>
                                    <a href=format!("#{id}")>{message}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// A field's wrapper: its message (if any) and the error styling.
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<String>,
    problem: Option<String>,
    children: Children,
) -> impl IntoView {
    let class = if problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    view! {
        <div class=class>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {problem.map(|m| view! { <p class="field-message" id=format!("{id}-error")>{m}</p> })}
            {children()}
        </div>
    }
}

/// A group of radio buttons.
#[component]
pub fn Radios(
    name: &'static str,
    legend: &'static str,
    options: Vec<(String, String, Option<String>)>,
    selected: String,
    problem: Option<String>,
) -> impl IntoView {
    let class = if problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    view! {
        <fieldset class=class id=name>
            <legend>{legend}</legend>
            {problem.map(|m| view! { <p class="field-message">{m}</p> })}
            <div class="radios">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (value, label, hint))| {
                        let id = format!("{name}-{i}");
                        let checked = value == selected;
                        view! {
                            <div class="radio">
                                <input type="radio" id=id.clone() name=name value=value checked=checked />
                                <label for=id>
                                    {label}
                                    {hint.map(|h| view! { <span class="hint">{h}</span> })}
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
