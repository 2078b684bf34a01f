//! The filing steps' forms, one component per step: category, location,
//! details, photos, contact, and the check of every answer before sending.
//! Each posts to its own address; `FilingPage` picks the one to show.

use domain::complaint::filing::{ContactForm, DetailsForm, Kind, Problem};
use domain::complaint::input::{Description, FumeKind, NoiseTime};
use domain::complaint::one_at_a_time;
use leptos::prelude::*;

use crate::api::complaints::{FilingView, PhotoProblem, StepForm};
use crate::components::form::{Field, Honeypot, Radios};
use crate::components::locate::LocateButton;
use crate::components::photo_scaler::PhotoScaler;
use crate::i18n::use_texts;
use crate::prefs::{TextSize, use_prefs};

fn message(problems: &[Problem], field: &str) -> Option<String> {
    let t = use_texts();
    problems
        .iter()
        .find(|p| p.field == field)
        .map(|p| (t.c.field_message)(field, p.error))
}

/// The elderly-friendly mode asks one question per screen: the question
/// this page shows (1-based), or `None` when every question is asked at
/// once. The other answers travel along as hidden fields.
fn one_per_screen(
    questions: &[&[&str]],
    problems: &[Problem],
    asked: Option<usize>,
) -> Option<usize> {
    (use_prefs().text_size == TextSize::Large)
        .then(|| one_at_a_time::showing(questions, problems, asked))
}

/// A form's fields: every question, or in the elderly-friendly mode the
/// one shown, the others' answers carried as hidden fields.
fn questions(
    order: &[&[&'static str]],
    current: Option<usize>,
    question: impl Fn(&str) -> AnyView,
    value: impl Fn(&str) -> String,
) -> Vec<AnyView> {
    order
        .iter()
        .enumerate()
        .flat_map(|(i, q)| q.iter().map(move |f| (i, *f)))
        .map(|(i, field)| match current {
            Some(q) if q != i + 1 => {
                view! { <input type="hidden" name=field value=value(field) /> }.into_any()
            }
            _ => question(field),
        })
        .collect()
}

/// "Question 2 of 5", and the number the server reads back.
#[component]
fn QuestionCount(current: Option<usize>, count: usize) -> impl IntoView {
    let t = use_texts();
    current.map(|q| {
        view! {
            <p class="question-count">{(t.c.question_of)(q, count)}</p>
            <input type="hidden" name="question" value=q.to_string() />
        }
    })
}

/// Continue, and "previous question" past the first one at a time.
#[component]
fn QuestionButtons(current: Option<usize>) -> impl IntoView {
    let t = use_texts();
    view! {
        <p class="form actions">
            <button type="submit" class="button">{t.c.continue_}</button>
            {current
                .filter(|q| *q > 1)
                .map(|_| {
                    view! {
                        <button type="submit" name="back" value="yes" class="button secondary">
                            {t.c.previous_question}
                        </button>
                    }
                })}
        </p>
    }
}

#[component]
pub(super) fn CategoryStep(view: FilingView) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let mut selected = match &view.form {
        StepForm::Category(f) => f.category.clone(),
        _ => String::new(),
    };
    let options = |kind: Kind| -> Vec<(String, String, Option<String>)> {
        view.categories
            .iter()
            .filter(|c| c.kind == Some(kind))
            .map(|c| {
                (
                    c.code.clone(),
                    c.name(locale).to_owned(),
                    Some(c.hint(locale).to_owned()),
                )
            })
            .collect()
    };
    let all: Vec<_> = match view.only {
        // Asked from the home page's "noise" or "cooking fumes" button:
        // that kind's categories, the only one chosen already.
        Some(kind) => {
            let some = options(kind);
            if some.len() == 1 && selected.is_empty() {
                selected = some[0].0.clone();
            }
            some
        }
        None => options(Kind::Noise)
            .into_iter()
            .chain(options(Kind::Fumes))
            .collect(),
    };
    let every_kind = view.only.map(|_| {
        view! {
            <p class="link-line">
                <a href="/complaints/new">{t.c.every_category}</a>
            </p>
        }
    });
    view! {
        <p>{t.c.start_intro}</p>
        <form method="post" action="/complaints/new" class="form">
            <Honeypot />
            <Radios
                name="category"
                legend=t.c.category_question
                options=all
                selected=selected
                problem=message(&view.problems, "category")
            />
            <button type="submit" class="button">{t.c.continue_}</button>
        </form>
        {every_kind}
        <p class="link-line">
            <a href="/complaints/other">{t.c.other_problem}</a>
        </p>
    }
}

#[component]
pub(super) fn LocationStep(view: FilingView) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let form = match &view.form {
        StepForm::Location(f) => f.clone(),
        _ => Default::default(),
    };
    let town_problem = message(&view.problems, "town");
    let location_problem = message(&view.problems, "location");
    let point = if location_problem.is_some() {
        (String::new(), String::new())
    } else {
        (form.latitude.clone(), form.longitude.clone())
    };
    let location_class = if location_problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    view! {
        <form method="post" action="/complaints/new/location" class="form">
            <Honeypot />
            <Field id="town" label=t.c.town_label problem=town_problem>
                <select id="town" name="town">
                    <option value="">{t.c.town_choose}</option>
                    {view
                        .towns
                        .iter()
                        .map(|u| {
                            let selected = u.code == form.town;
                            view! {
                                <option value=u.code.clone() selected=selected>
                                    {u.name(locale).to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </Field>
            <Field
                id="address"
                label=t.c.address_label
                hint=t.c.address_hint.to_owned()
                problem=message(&view.problems, "address")
            >
                <input
                    id="address"
                    name="address"
                    type="text"

                    maxlength="200"
                    autocomplete="street-address"
                    value=form.address.clone()
                    aria-describedby="address-hint"
                />
            </Field>
            <div class=location_class id="location">
                {location_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                // A position refused is not sent again (it would be
                // refused again, with no way on).
                <input type="hidden" id="latitude" name="latitude" value=point.0.clone() />
                <input type="hidden" id="longitude" name="longitude" value=point.1.clone() />
                <LocateButton
                    label=t.c.use_location.to_owned()
                    saved=t.c.location_saved.to_owned()
                    guessed=t.c.location_town_guessed.to_owned()
                    outside=t.c.location_outside.to_owned()
                    failed=t.c.location_failed.to_owned()
                    has_point=!point.0.is_empty()
                />
            </div>
            <button type="submit" class="button">{t.c.continue_}</button>
        </form>
    }
}

#[component]
pub(super) fn DetailsStep(view: FilingView) -> impl IntoView {
    let t = use_texts();
    let form = match &view.form {
        StepForm::Details(f) => f.clone(),
        _ => Default::default(),
    };
    let p = &view.problems;
    let kind = view.kind.unwrap_or(Kind::Noise);
    let order = DetailsForm::questions(kind);
    let current = one_per_screen(order, p, form.asked(kind));
    let question = |field: &str| -> AnyView {
        match field {
            "when" => view! {
                <Radios
                    name="when"
                    legend=t.c.when_label
                    options=vec![
                        (NoiseTime::Day.code().to_owned(), t.c.when_day.to_owned(), None),
                        (NoiseTime::Night.code().to_owned(), t.c.when_night.to_owned(), None),
                        (NoiseTime::Both.code().to_owned(), t.c.when_both.to_owned(), None),
                    ]
                    selected=form.when.clone()
                    problem=message(p, "when")
                />
            }
            .into_any(),
            "recurring" => view! {
                <Radios
                    name="recurring"
                    legend=t.c.recurring_label
                    options=vec![
                        ("yes".to_owned(), t.c.yes.to_owned(), None),
                        ("no".to_owned(), t.c.no.to_owned(), None),
                    ]
                    selected=form.recurring.clone()
                    problem=message(p, "recurring")
                />
            }
            .into_any(),
            "business" => {
                let business = form.business.clone();
                view! {
                <Field
                    id="business"
                    label=t.c.business_label
                    hint=t.c.business_hint.to_owned()
                    problem=message(p, "business")
                >
                    <input
                        id="business"
                        name="business"
                        type="text"
                        maxlength="100"
                        value=business
                        aria-describedby="business-hint"
                    />
                </Field>
                }
                .into_any()
            }
            "fume_kind" => view! {
                <Radios
                    name="fume_kind"
                    legend=t.c.fume_kind_label
                    options=vec![
                        (FumeKind::Smoke.code().to_owned(), t.c.fume_smoke.to_owned(), None),
                        (FumeKind::Odour.code().to_owned(), t.c.fume_odour.to_owned(), None),
                        (FumeKind::Both.code().to_owned(), t.c.fume_both.to_owned(), None),
                    ]
                    selected=form.fume_kind.clone()
                    problem=message(p, "fume_kind")
                />
            }
            .into_any(),
            _ => {
                let description = form.description.clone();
                view! {
                <Field
                    id="description"
                    label=t.c.description_label
                    hint=(t.c.description_hint)(Description::MIN_CHARS, Description::MAX_CHARS)
                    problem=message(p, "description")
                >
                    <textarea
                        id="description"
                        name="description"
                        rows="6"
                        maxlength=Description::MAX_CHARS.to_string()
                        aria-describedby="description-hint"
                    >
                        {crate::pages::textarea_text(&description)}
                    </textarea>
                </Field>
                }
                .into_any()
            }
        }
    };
    let value = |field: &str| match field {
        "when" => form.when.clone(),
        "recurring" => form.recurring.clone(),
        "business" => form.business.clone(),
        "fume_kind" => form.fume_kind.clone(),
        _ => form.description.clone(),
    };
    let fields = questions(order, current, question, value);
    view! {
        <form method="post" action="/complaints/new/details" class="form">
            <Honeypot />
            <QuestionCount current=current count=order.len() />
            {fields}
            <QuestionButtons current=current />
        </form>
    }
}

#[component]
pub(super) fn PhotosStep(view: FilingView) -> impl IntoView {
    let t = use_texts();
    let full = view.photos.len() >= 4;
    let photo_problem = view.photo_problem.map(|p| match p {
        PhotoProblem::NoFile => t.c.photo_no_file,
        PhotoProblem::TooLarge => t.c.photo_too_large,
        PhotoProblem::NotAnImage => t.c.photo_not_image,
        PhotoProblem::TooMany => t.c.photo_too_many,
    });
    let photo_class = if photo_problem.is_some() {
        "field field-error"
    } else {
        "field"
    };
    view! {
        <p class="hint">{t.c.photos_hint}</p>
        {(!view.photos.is_empty())
            .then(|| {
                view! {
                    <ul class="photo-list">
                        {view
                            .photos
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                view! {
                                    <li>
                                        <img
                                            src=format!("/complaints/new/photos/{}", p.id)
                                            alt=(t.c.photo_alt)(i + 1)
                                            width="160"
                                            height=(160 * p.height / p.width.max(1)).to_string()
                                        />
                                        <form method="post" action="/complaints/new/photos/remove">
                                            <input type="hidden" name="id" value=p.id.to_string() />
                                            <button type="submit" class="button secondary">
                                                {t.c.remove}
                                            </button>
                                        </form>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        // One form: "continue" sends the photo chosen, if any, with it (a
        // separate form dropped it without a word); "upload" stays here
        // for another. The primary button comes last, apart from the other.
        <form method="post" action="/complaints/new/photos" enctype="multipart/form-data" class="form">
            {(!full)
                .then(|| {
                    view! {
                        <div class=photo_class>
                            <label for="photo">{t.c.photo_label}</label>
                            <p class="hint" id="photo-hint">{t.c.photo_continue_hint}</p>
                            {photo_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                            <input
                                id="photo"
                                name="photo"
                                type="file"
                                accept="image/jpeg,image/png,image/webp"
                                aria-describedby="photo-hint"
                            />
                            <PhotoScaler
                                input_id="photo".to_owned()
                                scaling=t.c.photo_scaling.to_owned()
                                scaled=t.c.photo_scaled.to_owned()
                            />
                        </div>
                        <p>
                            <button type="submit" name="then" value="more" class="button secondary">
                                {t.c.upload}
                            </button>
                        </p>
                    }
                })}
            <p class="step-next">
                <button type="submit" name="then" value="next" class="button">{t.c.continue_}</button>
            </p>
        </form>
    }
}

#[component]
pub(super) fn ContactStep(view: FilingView) -> impl IntoView {
    let t = use_texts();
    let form = match &view.form {
        StepForm::Contact(f) => f.clone(),
        _ => Default::default(),
    };
    let p = &view.problems;
    let order = ContactForm::QUESTIONS;
    let current = one_per_screen(order, p, form.asked());
    let question = |field: &str| -> AnyView {
        match field {
            "name" => {
                let value = form.name.clone();
                view! {
                <Field id="name" label=t.c.name_label problem=message(p, "name")>
                    <input id="name" name="name" type="text" maxlength="30" autocomplete="name" value=value />
                </Field>
            }
            .into_any()
            }
            "phone" => {
                let value = form.phone.clone();
                view! {
                    <Field
                        id="phone"
                        label=t.c.phone_label
                        hint=t.c.phone_hint.to_owned()
                        problem=message(p, "phone")
                    >
                        <input
                            id="phone"
                            name="phone"
                            type="tel"
                            inputmode="tel"
                            maxlength="20"
                            autocomplete="tel"
                            value=value
                            aria-describedby="phone-hint"
                        />
                    </Field>
                }
                .into_any()
            }
            "email" => {
                let value = form.email.clone();
                view! {
                    <Field
                        id="email"
                        label=t.c.email_label
                        hint=t.c.email_hint.to_owned()
                        problem=message(p, "email")
                    >
                        <input
                            id="email"
                            name="email"
                            type="email"
                            inputmode="email"
                            maxlength="254"
                            autocomplete="email"
                            value=value
                            aria-describedby="email-hint"
                        />
                    </Field>
                }
                .into_any()
            }
            "public" => {
                let checked = form.public == "yes";
                view! {
                <div class="field checkbox">
                    <input id="public" name="public" type="checkbox" value="yes" checked=checked aria-describedby="public-hint" />
                    <label for="public">{t.c.public_label}</label>
                    <p class="hint" id="public-hint">{t.c.public_hint}</p>
                </div>
            }
            .into_any()
            }
            _ => {
                let consent_problem = message(p, "consent");
                let checked = form.consent == "yes";
                let consent_class = if consent_problem.is_some() {
                    "field checkbox field-error"
                } else {
                    "field checkbox"
                };
                view! {
                    <section class="consent" aria-labelledby="consent-heading">
                        <h2 id="consent-heading">{t.c.consent_heading}</h2>
                        <p>{t.c.consent_text}</p>
                        <div class=consent_class>
                            {consent_problem.map(|m| view! { <p class="field-message">{m}</p> })}
                            <input id="consent" name="consent" type="checkbox" value="yes" checked=checked />
                            <label for="consent">{t.c.consent_label}</label>
                        </div>
                    </section>
                }
                .into_any()
            }
        }
    };
    let value = |field: &str| match field {
        "name" => form.name.clone(),
        "phone" => form.phone.clone(),
        "email" => form.email.clone(),
        "public" => form.public.clone(),
        _ => form.consent.clone(),
    };
    let fields = questions(order, current, question, value);
    view! {
        <form method="post" action="/complaints/new/contact" class="form">
            <Honeypot />
            <QuestionCount current=current count=order.len() />
            {fields}
            <QuestionButtons current=current />
        </form>
    }
}
