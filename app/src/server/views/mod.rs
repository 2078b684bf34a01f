//! Stored rows turned into the views pages show (issue 15): the mapping
//! lives here, beside the queries, so a handler only extracts, calls one
//! function and renders.

use chrono::{DateTime, Duration, Utc};
use domain::case::Step as CaseStep;

pub mod content;
pub mod editor;
pub mod filing;
pub mod inspections;
pub mod public_stats;
pub mod sources;
pub mod staff_cases;
pub mod stats;

use crate::api::complaints::{BoardItem, BoardView, CaseView, Choice, TimelineItem};
use crate::server::complaints::{self as store, Category, Tracked, Unit};
use crate::server::{Db, DbError};

impl From<Category> for Choice {
    fn from(c: Category) -> Choice {
        Choice {
            code: c.code,
            zh: c.name_zh,
            en: c.name_en,
            hint_zh: c.hint_zh,
            hint_en: c.hint_en,
            kind: Some(c.kind),
        }
    }
}

impl From<Unit> for Choice {
    fn from(u: Unit) -> Choice {
        Choice {
            code: u.code,
            zh: u.name_zh,
            en: u.name_en,
            ..Choice::default()
        }
    }
}

/// The categories as choices.
pub async fn category_choices(db: &Db) -> Result<Vec<Choice>, DbError> {
    Ok(store::categories(db)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect())
}

/// Every active unit as a choice.
pub async fn unit_choices(db: &Db) -> Result<Vec<Choice>, DbError> {
    Ok(store::units(db, false)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect())
}

/// The choice with `code` in `list`; a code no longer offered shows as
/// itself.
pub fn choice(list: &[Choice], code: &str) -> Choice {
    list.iter()
        .find(|c| c.code == code)
        .cloned()
        .unwrap_or_else(|| Choice {
            code: code.to_owned(),
            zh: code.to_owned(),
            en: code.to_owned(),
            ..Choice::default()
        })
}

/// What the resident sees of their case on `/track`.
pub async fn case_view(db: &Db, case: &Tracked, now: DateTime<Utc>) -> Result<CaseView, DbError> {
    let categories = category_choices(db).await?;
    Ok(CaseView {
        reference: case.reference.to_string(),
        category: choice(&categories, &case.category),
        status: case.status,
        unit: case
            .unit
            .clone()
            .filter(|_| case.status.dispatched())
            .map(Choice::from),
        submitted_at: case.submitted_at,
        due_on: case.due_on,
        overdue: crate::pages::track::is_overdue(case.due_on, case.state.is_open()),
        address_public: case.address_public.clone(),
        outcome: case.outcome,
        rating: case.state.rating,
        may_rate: case.state.after(CaseStep::Rate, now).is_ok(),
        may_request_review: case.state.after(CaseStep::RequestReview, now).is_ok(),
        review_until: case
            .state
            .replied_at
            .map(|r| r + Duration::days(domain::case::REVIEW_WINDOW_DAYS)),
        supporters: case.supporters,
        on_board: case.public.then_some(case.published),
        timeline: case
            .timeline
            .iter()
            .map(|e| TimelineItem {
                at: e.at,
                kind: e.kind.clone(),
                text: e.text.clone(),
            })
            .collect(),
    })
}

/// Page `page` (from 1) of the public board.
pub async fn board_view(db: &Db, page: i64) -> Result<BoardView, DbError> {
    let (cases, total) = store::board(db, page - 1).await?;
    let categories = category_choices(db).await?;
    let items = cases
        .into_iter()
        .map(|c| BoardItem {
            reference: c.reference.to_string(),
            category: choice(&categories, &c.category),
            town: Choice::from(c.town),
            address_public: c.address_public,
            text: c.description_masked,
            status: c.status,
            outcome: c.outcome,
            submitted_at: c.submitted_at,
            supporters: c.supporters,
        })
        .collect();
    Ok(BoardView {
        items,
        page,
        pages: (total + store::BOARD_PAGE - 1) / store::BOARD_PAGE,
        total,
    })
}
