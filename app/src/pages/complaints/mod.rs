//! `/complaints/new…`: filing a complaint one question at a time, the
//! confirmation, and the page for problems filed elsewhere.
//!
//! Every page is a plain form posting to the same address; the HTTP layer
//! validates, saves the answer in the draft and moves on (303), or renders
//! the page again with a [`FilingView`] holding what was typed and the
//! problems. Nothing here needs JavaScript.
//!
//! The filing page is here: it shows the step the draft is at, whose form
//! is in `steps`. The receipt and the other-problems page are in
//! `confirmation`.

mod check;
mod confirmation;
mod steps;

use domain::complaint::filing::{Kind, Step};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::complaints::{FilingView, PhotoProblem};
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;
use check::CheckStep;
use steps::{CategoryStep, ContactStep, DetailsStep, LocationStep, PhotosStep};

pub use confirmation::{ConfirmationPage, OtherProblemsPage};

/// `/complaints/new` and its steps.
#[component]
pub fn FilingPage() -> impl IntoView {
    let Some(view) = use_context::<FilingView>() else {
        return view! { <ErrorPage /> }.into_any();
    };
    let t = use_texts();
    let title = match view.step {
        Step::Category => t.c.start_title,
        Step::Location => match view.kind {
            Some(Kind::Fumes) => t.c.location_title_fumes,
            _ => t.c.location_title_noise,
        },
        Step::Details => t.c.details_title,
        Step::Photos => t.c.photos_title,
        Step::Contact => t.c.contact_title,
        Step::Check => t.c.check_title,
    };
    let summary: Vec<(String, String)> = view
        .problems
        .iter()
        .map(|p| {
            let id = match p.field {
                "when" | "recurring" | "fume_kind" | "category" => format!("{}-0", p.field),
                f => f.to_owned(),
            };
            (id, (t.c.field_message)(p.field, p.error))
        })
        .chain(view.photo_problem.map(|p| {
            (
                "photo".to_owned(),
                match p {
                    PhotoProblem::NoFile => t.c.photo_no_file,
                    PhotoProblem::TooLarge => t.c.photo_too_large,
                    PhotoProblem::NotAnImage => t.c.photo_not_image,
                    PhotoProblem::TooMany => t.c.photo_too_many,
                }
                .to_owned(),
            )
        }))
        .collect();
    let full_title = if summary.is_empty() {
        title.to_owned()
    } else {
        format!("{}{}{title}", t.error_summary_title, t.colon)
    };
    let back = view.step.previous().map(|s| {
        view! {
            <p class="breadcrumb">
                <a href=s.path()>{t.c.back}</a>
            </p>
        }
    });
    let body = match view.step {
        Step::Category => view! { <CategoryStep view=view.clone() /> }.into_any(),
        Step::Location => view! { <LocationStep view=view.clone() /> }.into_any(),
        Step::Details => view! { <DetailsStep view=view.clone() /> }.into_any(),
        Step::Photos => view! { <PhotosStep view=view.clone() /> }.into_any(),
        Step::Contact => view! { <ContactStep view=view.clone() /> }.into_any(),
        Step::Check => view! { <CheckStep view=view.clone() /> }.into_any(),
    };
    view! {
        <Title text=full_title />
        // The first step is what residents search for; the later ones
        // carry their answers and stay out of indexes.
        {if view.step == Step::Category {
            view! { <Meta name="description" content=t.c.start_intro /> }.into_any()
        } else {
            view! { <Meta name="robots" content="noindex" /> }.into_any()
        }}
        <div class="narrow filing">
            {back}
            <ErrorSummary items=summary />
            <p class="step-count">{(t.c.step_of)(view.step.number(), Step::ALL.len())}</p>
            <h1>{title}</h1>
            {body}
        </div>
    }
    .into_any()
}
