//! The filing pages as they are shown: a step with its choices, what was
//! typed and what is wrong, the draft's photos and the open cases nearby.

use chrono::{DateTime, Utc};
use domain::complaint::filing::{
    CategoryForm, ContactForm, DetailsForm, Draft, LocationForm, Problem, Step,
};

use crate::api::complaints::{
    Choice, Confirmation, FilingView, NearbyCase, PhotoProblem, PhotoThumb, StepForm,
};
use crate::server::complaints as store;
use crate::server::{Db, DbError};

/// Categories and towns as form choices.
async fn choices(db: &Db) -> Result<(Vec<Choice>, Vec<Choice>), DbError> {
    let categories = super::category_choices(db).await?;
    let towns = store::units(db, true)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect();
    Ok((categories, towns))
}

/// A filing step's page: the step, the draft (and its token, when one
/// exists) and what was typed and found wrong. Its view has the step's
/// choices, the draft's photos and, on the check page, the open cases
/// nearby.
pub struct StepPage<'a> {
    pub step: Step,
    pub token: Option<&'a str>,
    pub draft: &'a Draft,
    pub form: StepForm,
    pub problems: Vec<Problem>,
    pub photo_problem: Option<PhotoProblem>,
}

impl StepPage<'_> {
    /// The step as saved in the draft, with nothing wrong.
    pub fn saved<'a>(step: Step, token: Option<&'a str>, draft: &'a Draft) -> StepPage<'a> {
        StepPage {
            step,
            token,
            draft,
            form: saved_form(step, draft),
            problems: Vec::new(),
            photo_problem: None,
        }
    }

    /// What the step's page shows.
    pub async fn view(self, db: &Db, now: DateTime<Utc>) -> Result<FilingView, DbError> {
        let StepPage {
            step,
            token,
            draft,
            form,
            problems,
            photo_problem,
        } = self;
        let (categories, towns) = choices(db).await?;
        let photos = match token {
            Some(token) if step >= Step::Photos => store::draft_photos(db, token).await?,
            _ => Vec::new(),
        };
        let nearby = if step == Step::Check {
            store::nearby_open(db, draft, now).await?
        } else {
            Vec::new()
        };
        Ok(FilingView {
            step,
            kind: draft.category.as_ref().map(|(_, k)| *k),
            categories,
            towns,
            form,
            problems,
            photos: photos
                .into_iter()
                .map(|p| PhotoThumb {
                    id: p.id,
                    width: p.width,
                    height: p.height,
                })
                .collect(),
            photo_problem,
            draft: draft.clone(),
            nearby: nearby
                .into_iter()
                .map(|n| NearbyCase {
                    tag: token
                        .map(|t| store::nearby_tag(db, t, n.id))
                        .unwrap_or_default(),
                    status: n.status,
                    address_public: n.address_public,
                    submitted_at: n.submitted_at,
                    supporters: n.supporters,
                })
                .collect(),
            only: None,
        })
    }
}

/// The form of a step, filled with the draft's saved answer.
pub fn saved_form(step: Step, draft: &Draft) -> StepForm {
    match step {
        Step::Category => StepForm::Category(CategoryForm {
            category: draft
                .category
                .as_ref()
                .map(|(c, _)| c.clone())
                .unwrap_or_default(),
        }),
        Step::Location => StepForm::Location(
            draft
                .location
                .as_ref()
                .map(LocationForm::from_answer)
                .unwrap_or_default(),
        ),
        Step::Details => StepForm::Details(
            draft
                .details
                .as_ref()
                .filter(|d| draft.category.as_ref().is_some_and(|(_, k)| d.kind() == *k))
                .map(DetailsForm::from_answer)
                .unwrap_or_default(),
        ),
        Step::Photos => StepForm::Photos,
        Step::Contact => StepForm::Contact(
            draft
                .contact
                .as_ref()
                .map(ContactForm::from_answer)
                .unwrap_or_default(),
        ),
        Step::Check => StepForm::Check,
    }
}

/// The confirmation of the draft with `token`, once it is submitted, and
/// the tracking address its QR code shows (none for a voice added to
/// another case); the caller draws the code. The access code is shown
/// this once (and forgotten here). `None` when the draft is unknown or not
/// submitted.
pub async fn confirmation(
    db: &Db,
    token: &str,
    public_url: &str,
) -> Result<Option<(Confirmation, Option<String>)>, DbError> {
    let Some(confirmed) = store::confirmation(db, token).await? else {
        return Ok(None);
    };
    let track_url = format!("{public_url}/track?reference={}", confirmed.reference);
    let view = Confirmation {
        reference: (!confirmed.supported).then(|| confirmed.reference.to_string()),
        access_code: confirmed.access_code.map(|c| c.display()),
        due_on: confirmed.due_on,
        qr_svg: String::new(),
        supported: confirmed.supported,
    };
    Ok(Some((view, (!confirmed.supported).then_some(track_url))))
}
