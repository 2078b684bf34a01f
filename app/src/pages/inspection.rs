//! `/inspections` and `/inspections/{code}`: what a business sees when it
//! scans an inspector's code (亮码检查): whether the inspection is real and
//! valid, who inspects (unit, surnames, certificate numbers), for what and
//! on which legal basis, when; and, after the visit, its one rating.
//! Nothing here ever points at who complained.

use domain::inspection::{Rating, Status};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::inspections::{PublicInspectionView, PublicProblem, PublicVisit};
use crate::components::form::{ErrorSummary, Honeypot};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

#[component]
pub fn PublicInspectionPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<PublicInspectionView>().unwrap_or_default();
    let problem = v.problem.map(|p| match p {
        PublicProblem::NotFound => ("code", t.i.public_not_found),
        PublicProblem::Throttled => ("code", t.i.public_throttled),
        PublicProblem::Rating(_) => ("rating-proper", t.i.rate_missing),
        PublicProblem::Comment(_) => ("comment", t.i.comment_too_long),
        PublicProblem::AlreadyRated => ("rate", t.i.rated_already),
        PublicProblem::NotRatable => ("rate", t.i.not_ratable),
        PublicProblem::StaffMayNotRate => ("rate", t.i.staff_may_not_rate),
        PublicProblem::NotHolder => ("rate", t.i.not_holder),
    });
    let summary: Vec<(String, String)> = problem
        .map(|(anchor, m)| vec![(anchor.to_owned(), m.to_owned())])
        .unwrap_or_default();
    let title = match &v.visit {
        Some(visit) => format!("{} {}", t.i.code_label, visit.code),
        None => t.i.public_title.to_owned(),
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <div class="narrow">
            <ErrorSummary items=summary />
            {v.thanked.then(|| view! { <p class="success" role="status">{t.i.rated_thanks}</p> })}
            {v.claimed.then(|| view! { <p class="success" role="status">{t.i.claimed}</p> })}
            {match v.visit.clone() {
                Some(visit) => view! { <VisitFacts visit view=v.clone() /> }.into_any(),
                None => view! { <CodeForm typed=v.typed.clone() failed=v.problem.is_some() /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn CodeForm(typed: String, failed: bool) -> impl IntoView {
    let t = use_texts();
    view! {
        <h1>{t.i.public_title}</h1>
        <p>{t.i.public_intro}</p>
        <form method="get" action="/inspections" class="form">
            <div class=if failed { "field field-error" } else { "field" }>
                <label for="code">{t.i.public_code_label}</label>
                <p class="hint" id="code-hint">{t.i.public_code_hint}</p>
                <input id="code" name="code" type="text" maxlength="20" autocapitalize="characters" autocomplete="off" spellcheck="false" value=typed aria-describedby="code-hint" />
            </div>
            <button type="submit" class="button">{t.i.public_check}</button>
        </form>
    }
}

#[component]
fn VisitFacts(visit: PublicVisit, view: PublicInspectionView) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let fact = |label: &'static str, value: AnyView| {
        view! {
            <div class="answer">
                <dt>{label}</dt>
                <dd class="answer-value">{value}</dd>
            </div>
        }
    };
    let status_class = format!("inspection-status inspection-{}", visit.status.code());
    let live = visit.status == Status::Valid || visit.status == Status::Used;
    let open = live && !visit.rated;
    // The right to rate: offered until a phone takes it; the phone that
    // did rates once the result is in; any other phone is told when it
    // was taken.
    let claim = open && visit.key_taken_at.is_none();
    let rate = visit.status == Status::Used && !visit.rated && visit.holder;
    let taken_elsewhere = open && !visit.holder;
    let code = visit.code.replace('-', "");
    let units = visit
        .units
        .iter()
        .map(|u| u.name(locale).to_owned())
        .collect::<Vec<_>>()
        .join(t.i.sep);
    let rating_problem = matches!(view.problem, Some(PublicProblem::Rating(_)));
    let comment_problem = matches!(view.problem, Some(PublicProblem::Comment(_)));
    view! {
        <h1>{t.i.code_label} " " <span class="code-text">{visit.code.clone()}</span></h1>
        <p class=status_class role="status"><strong>{(t.i.public_status)(visit.status)}</strong></p>
        <dl class="answers case-facts">
            {fact(t.i.public_units, units.into_any())}
            {fact(t.i.public_for, visit.source_name.clone().into_any())}
            {live.then(|| view! {
                {fact(t.i.public_inspectors, view! {
                    <ul class="plain">
                        {visit.inspectors.iter().map(|(surname, cert)| view! {
                            <li>{format!("{surname}** · {}", (t.i.labelled)(t.i.public_cert, cert))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any())}
                {fact(t.i.public_purpose, visit.purposes.iter().map(|p| (t.i.purpose_public)(*p)).collect::<Vec<_>>().join(t.i.sep).into_any())}
                {fact(t.i.public_items, view! {
                    <ul class="plain">
                        {visit.items.iter().map(|i| view! {
                            <li><strong>{i.name(locale).to_owned()}</strong><br />{i.hint(locale).to_owned()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any())}
            })}
            {fact(t.i.public_window, super::staff_inspections::window_text(visit.starts_at, visit.ends_at, locale).into_any())}
        </dl>
        <p class="hint">{t.i.public_privacy}</p>
        {(visit.rated && !view.thanked).then(|| view! { <p id="rate">{t.i.rated_already}</p> })}
        {claim.then(|| view! {
            <section aria-labelledby="claim-title" id="rate">
                <h2 id="claim-title">{t.i.claim_heading}</h2>
                <p>{t.i.claim_intro}</p>
                <form method="post" action=format!("/inspections/{code}/claim") class="form">
                    <Honeypot />
                    <button type="submit" class="button button-secondary">{t.i.claim_button}</button>
                </form>
            </section>
        })}
        {(open && visit.holder && !rate && !view.claimed).then(|| view! { <p id="rate">{t.i.holder_note}</p> })}
        {taken_elsewhere.then(|| visit.key_taken_at.map(|at| view! {
            <p class="warning" id="rate">{(t.i.key_taken)(&domain::shanghai::format_datetime(at, locale))}</p>
        }))}
        {rate.then(|| view! {
            <section aria-labelledby="rate-title" id="rate">
                <h2 id="rate-title">{t.i.rate_heading}</h2>
                <p>{t.i.rate_intro}</p>
                <form method="post" action=format!("/inspections/{code}") class="form">
                    <Honeypot />
                    <fieldset class=if rating_problem { "field field-error" } else { "field" }>
                        <legend>{t.i.rate_legend}</legend>
                        {rating_problem.then(|| view! { <p class="field-message">{t.i.rate_missing}</p> })}
                        {Rating::ALL.iter().map(|r| {
                            let id = format!("rating-{}", r.code());
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name="rating" value=r.code() checked=view.rating == r.code() />
                                    <label for=id>{(t.i.rating)(*r)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class=if comment_problem { "field field-error" } else { "field" }>
                        <label for="comment">{t.i.comment_label}</label>
                        <p class="hint" id="comment-hint">{t.i.comment_hint}</p>
                        {comment_problem.then(|| view! { <p class="field-message">{t.i.comment_too_long}</p> })}
                        <textarea id="comment" name="comment" rows="4" maxlength="500" aria-describedby="comment-hint">{super::textarea_text(&view.comment)}</textarea>
                    </div>
                    <button type="submit" class="button">{t.i.submit_rating}</button>
                </form>
            </section>
        })}
    }
}
