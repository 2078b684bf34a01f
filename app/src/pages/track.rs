//! `/track`: a resident looks their case up with the reference and the
//! access code, sees where it stands, rates the reply and may ask once for
//! a review. The code travels only in form bodies, never in a URL.

use chrono::Utc;
use domain::case::Rating;
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::complaints::{CaseView, TrackNotice, TrackProblem, TrackView};
use crate::components::form::{ErrorSummary, Honeypot};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

#[component]
pub fn TrackPage() -> impl IntoView {
    let t = use_texts();
    let view = use_context::<TrackView>().unwrap_or_default();
    let problem = view.problem.map(|p| match p {
        TrackProblem::Missing => t.c.track_missing,
        TrackProblem::NotFound => t.c.track_not_found,
        TrackProblem::Throttled => t.c.track_throttled,
        TrackProblem::RatingMissing => t.c.rating_missing,
        TrackProblem::NotAllowed => t.c.not_allowed,
        TrackProblem::CommentTooLong => t.c.comment_too_long,
    });
    let anchor = match (view.problem, view.case.is_some()) {
        (Some(TrackProblem::RatingMissing), _) => "rating-0",
        (Some(TrackProblem::CommentTooLong), _) => "comment",
        (_, true) => "case",
        _ => "reference",
    };
    let summary: Vec<(String, String)> = problem
        .map(|m| vec![(anchor.to_owned(), m.to_owned())])
        .unwrap_or_default();
    let title = match &view.case {
        Some(c) => c.reference.clone(),
        None => t.c.track_title.to_owned(),
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <div class="narrow">
            <ErrorSummary items=summary />
            {view
                .notice
                .map(|n| {
                    view! {
                        <p class="success" role="status">
                            {match n {
                                TrackNotice::Rated => t.c.rated_notice,
                                TrackNotice::ReviewRequested => t.c.review_notice,
                            }}
                        </p>
                    }
                })}
            {match view.case.clone() {
                Some(case) => view! { <CaseDetails case view=view.clone() /> }.into_any(),
                None => view! { <LookupForm view=view.clone() /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn LookupForm(view: TrackView) -> impl IntoView {
    let t = use_texts();
    let failed = matches!(
        view.problem,
        Some(TrackProblem::Missing | TrackProblem::NotFound | TrackProblem::Throttled)
    );
    view! {
        <h1>{t.c.track_title}</h1>
        <p>{t.c.track_intro}</p>
        <form method="post" action="/track" class="form">
            <Honeypot />
            <div class=if failed { "field field-error" } else { "field" }>
                <label for="reference">{t.c.reference_label}</label>
                <input
                    id="reference"
                    name="reference"
                    type="text"

                    maxlength="40"
                    autocapitalize="characters"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="JD-2026-000123"
                    value=view.reference.clone()
                />
            </div>
            <div class=if failed { "field field-error" } else { "field" }>
                <label for="code">{t.c.code_label}</label>
                <p class="hint" id="code-hint">{t.c.code_hint}</p>
                <input
                    id="code"
                    name="code"
                    type="text"

                    maxlength="20"
                    autocapitalize="characters"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="code-hint"
                />
            </div>
            <button type="submit" class="button">{t.c.lookup}</button>
        </form>
    }
}

#[component]
fn CaseDetails(case: CaseView, view: TrackView) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let unit = case
        .unit
        .as_ref()
        .map(|u| u.name(locale).to_owned())
        .unwrap_or_else(|| t.c.unit_pending.to_owned());
    let hidden = move || {
        view! {
            <input type="hidden" name="reference" value=view.reference.clone() />
            <input type="hidden" name="code" value=view.code.clone() />
        }
    };
    let rating_problem = matches!(view.problem, Some(TrackProblem::RatingMissing));
    view! {
        <h1 id="case">{case.reference.clone()}</h1>
        <dl class="answers case-facts">
            <div class="answer">
                <dt>{t.c.status_label}</dt>
                <dd class="answer-value status">{t.c.status(case.status)}</dd>
            </div>
            <div class="answer">
                <dt>{t.c.answer_category}</dt>
                <dd class="answer-value">{case.category.name(locale).to_owned()}</dd>
            </div>
            <div class="answer">
                <dt>{t.c.place_label}</dt>
                <dd class="answer-value">{case.address_public.clone()}</dd>
            </div>
            <div class="answer">
                <dt>{t.c.unit_label}</dt>
                <dd class="answer-value">{unit}</dd>
            </div>
            <div class="answer">
                <dt>{t.c.submitted_label}</dt>
                <dd class="answer-value">{shanghai::format_datetime(case.submitted_at, locale)}</dd>
            </div>
            <div class="answer">
                <dt>{t.c.due_label}</dt>
                <dd class="answer-value">
                    {shanghai::format_date(case.due_on, locale)}
                    {case.overdue.then(|| view! { " " <span class="tag">{t.c.overdue}</span> })}
                </dd>
            </div>
            {case
                .outcome
                .map(|o| {
                    view! {
                        <div class="answer">
                            <dt>{t.c.outcome_label}</dt>
                            <dd class="answer-value">{t.c.outcome(o)}</dd>
                        </div>
                    }
                })}
            {case
                .rating
                .map(|r| {
                    view! {
                        <div class="answer">
                            <dt>{t.c.your_rating}</dt>
                            <dd class="answer-value">{t.c.rating(r)}</dd>
                        </div>
                    }
                })}
        </dl>
        {(case.supporters > 0).then(|| view! { <p class="hint">{(t.c.supporters)(case.supporters)}</p> })}
        <p class="hint" id="board-state">
            {match case.on_board {
                None => t.c.board_not_public,
                Some(false) => t.c.board_waiting,
                Some(true) => t.c.board_shown,
            }}
        </p>
        <h2>{t.c.timeline_title}</h2>
        <ol class="timeline">
            {case
                .timeline
                .iter()
                .map(|e| {
                    view! {
                        <li>
                            <time datetime=shanghai::machine(e.at)>{shanghai::format_datetime(e.at, locale)}</time>
                            <strong>{(t.c.event_name)(&e.kind)}</strong>
                            {(!e.text.is_empty()).then(|| view! { <p>{e.text.clone()}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        {case
            .may_rate
            .then(|| {
                view! {
                    <section aria-labelledby="rate-title">
                        <h2 id="rate-title">{t.c.rate_title}</h2>
                        <p>{t.c.rate_intro}</p>
                        <form method="post" action="/track/rate" class="form">
                            {hidden()}
                            <fieldset class=if rating_problem { "field field-error" } else { "field" }>
                                <legend>{t.c.rating_label}</legend>
                                <div class="radios">
                                    {Rating::ALL
                                        .iter()
                                        .enumerate()
                                        .map(|(i, r)| {
                                            let id = format!("rating-{i}");
                                            view! {
                                                <div class="radio">
                                                    <input type="radio" id=id.clone() name="rating" value=r.code() />
                                                    <label for=id>{t.c.rating(*r)}</label>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </fieldset>
                            <div class="field">
                                <label for="comment">{t.c.comment_label}</label>
                                <textarea id="comment" name="comment" rows="3" maxlength="500">
                                    {crate::pages::textarea_text(&view.comment)}
                                </textarea>
                            </div>
                            <button type="submit" class="button">{t.c.send_rating}</button>
                        </form>
                    </section>
                }
            })}
        {case
            .may_request_review
            .then(|| {
                let until = case
                    .review_until
                    .map(|u| shanghai::format_date(shanghai::today(u), locale))
                    .unwrap_or_default();
                view! {
                    <section aria-labelledby="review-title">
                        <h2 id="review-title">{t.c.review_title}</h2>
                        <p>{(t.c.review_intro)(&until)}</p>
                        <form method="post" action="/track/review" class="form">
                            {hidden()}
                            <div class="field">
                                <label for="reason">{t.c.review_reason_label}</label>
                                <textarea id="reason" name="reason" rows="3" maxlength="500"></textarea>
                            </div>
                            <button type="submit" class="button">{t.c.request_review}</button>
                        </form>
                    </section>
                }
            })}
        <p class="link-line">
            <a href="/track">{t.c.look_up_another}</a>
        </p>
    }
}

/// Whether a due date has passed (Shanghai's calendar day).
pub fn is_overdue(due_on: chrono::NaiveDate, open: bool) -> bool {
    open && shanghai::today(Utc::now()) > due_on
}
