//! `/staff/cases` (the inbox) and `/staff/cases/{reference}` with its
//! actions. Every request needs a staff session; a case another unit
//! handles is "not found" to a handler (they get nothing of it). Each
//! action is checked against the access matrix and the workflow again
//! before it is taken; a problem renders the page again with what was
//! typed, a conflict says someone else was first and keeps the text.

use app::api::cases::{
    CaseAction, CaseNotice, CaseStaffView, Flag, INBOX_PAGE_SIZE, InboxFilter, InboxRow, InboxView,
    Personal, StaffEvent, StaffPhoto,
};
use app::api::complaints::Choice;
use app::server::cases::{self as store, InboxQuery, InboxSort, StaffCase};
use app::server::complaints::{self as complaints_store, ActError};
use app::server::staff::StaffUser;
use app::server::trail::Actor;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use domain::access::{Action, Scope, may};
use domain::case::{DeadlineFlag, Status, deadline_flag};
use domain::complaint::input::FieldError;
use domain::complaint::reference::Reference;
use domain::handling::{self, Priority, StaffForm, StepContext};
use domain::shanghai;
use domain::workdays::WorkCalendar;
use http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::extract::{Fields, Page, SignedIn};
use super::media::{read_photo_field, stored_photo};

/// How a staff member stands to a case.
fn scope(user: &StaffUser, case_unit: Option<&str>) -> Scope {
    match (&user.unit, case_unit) {
        (Some(own), Some(unit)) if own == unit => Scope::OwnUnit,
        _ => Scope::OtherCase,
    }
}

/// Whether the staff member sees every unit's cases (or only their own).
fn sees_all(user: &StaffUser) -> bool {
    may(user.role, Action::ViewCase, Scope::OtherCase)
}

fn flag(calendar: &WorkCalendar, status: Status, due_on: NaiveDate, today: NaiveDate) -> Flag {
    if !status.is_open() {
        return Flag::None;
    }
    match deadline_flag(calendar, due_on, today) {
        DeadlineFlag::OnTime => Flag::None,
        DeadlineFlag::DueSoon => Flag::DueSoon,
        DeadlineFlag::Overdue => Flag::Overdue,
    }
}

struct Lookups {
    categories: Vec<Choice>,
    units: Vec<Choice>,
    calendar: WorkCalendar,
}

async fn lookups(state: &AppState) -> Result<Lookups, app::server::DbError> {
    let categories = app::server::views::category_choices(&state.db).await?;
    let units = complaints_store::units(&state.db, false)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect();
    let calendar = complaints_store::work_calendar(&state.db).await?;
    Ok(Lookups {
        categories,
        units,
        calendar,
    })
}

use app::server::views::choice;

/// `GET /staff/cases`.
pub async fn inbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    filter: Result<Query<InboxFilter>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    if !may(user.role, Action::ViewCase, Scope::OwnUnit)
        && !may(user.role, Action::ViewCase, Scope::OtherCase)
    {
        return Err(HttpError::Forbidden);
    }
    let Query(filter) = filter.map_err(|_| HttpError::BadRequest)?;
    let l = lookups(&state).await?;
    let now = Utc::now();
    let today = shanghai::today(now);
    let soon_until = handling::due_soon_until(&l.calendar, today);
    // A handler sees their unit's cases only (none without a unit).
    let scope_unit = (!sees_all(&user)).then(|| user.unit.clone().unwrap_or_default());
    let mut q = InboxQuery {
        scope_unit: scope_unit.clone(),
        limit: INBOX_PAGE_SIZE,
        ..InboxQuery::default()
    };
    match filter.status.as_str() {
        "" => {}
        "all" => q.all = true,
        code => q.status = Status::parse(code),
    }
    if filter.review == "public" {
        q.awaiting_publication = true;
        q.all = q.status.is_none();
    }
    if l.categories.iter().any(|c| c.code == filter.category) {
        q.category = Some(filter.category.clone());
    }
    if scope_unit.is_none() && l.units.iter().any(|u| u.code == filter.unit) {
        q.unit = Some(filter.unit.clone());
    }
    match filter.due.as_str() {
        "soon" => {
            q.due_from = Some(today);
            q.due_until = Some(soon_until);
        }
        "overdue" => q.due_until = Some(today - chrono::Duration::days(1)),
        _ => {}
    }
    let search = filter.q.trim();
    if !search.is_empty() {
        let digits: String = search.chars().filter(char::is_ascii_digit).collect();
        let may_see_personal = may(user.role, Action::ViewPersonalData, Scope::OwnUnit)
            || may(user.role, Action::ViewPersonalData, Scope::OtherCase);
        if let Some(r) = Reference::parse(search) {
            q.reference = Some(r.to_string());
            // A reference is looked up whatever its status.
            q.all = q.status.is_none();
        } else if may_see_personal
            && digits.len() >= 4
            && search
                .chars()
                .all(|c| c.is_ascii_digit() || " -+".contains(c))
        {
            q.phone = Some(digits);
            q.all = q.status.is_none();
        } else {
            q.address = Some(search.chars().take(100).collect());
            q.address_full = may_see_personal;
        }
    }
    q.sort = match filter.sort.as_str() {
        "newest" => InboxSort::Newest,
        "priority" => InboxSort::Priority,
        _ => InboxSort::Due,
    };
    let number = filter.page.unwrap_or(1).clamp(1, 10_000);
    q.offset = (number - 1) * INBOX_PAGE_SIZE;
    let (rows, total) = store::inbox(&state.db, &q).await?;
    let (counts, due_soon, overdue) =
        store::inbox_counts(&state.db, scope_unit.as_deref(), today, soon_until).await?;
    let reminders = store::reminders(&state.db, scope_unit.as_deref(), today).await?;
    let awaiting_publication = if may(user.role, Action::Publish, Scope::OtherCase) {
        Some(store::awaiting_publication(&state.db).await?)
    } else {
        None
    };
    let open = counts
        .iter()
        .filter(|(s, _)| s.is_open())
        .map(|(_, n)| n)
        .sum();
    let view = InboxView {
        role: Some(user.role),
        own_unit: scope_unit.as_deref().map(|u| choice(&l.units, u)),
        rows: rows
            .into_iter()
            .map(|r| InboxRow {
                flag: flag(&l.calendar, r.status, r.due_on, today),
                category: choice(&l.categories, &r.category),
                town: choice(&l.units, &r.town),
                unit: r.unit.as_deref().map(|u| choice(&l.units, u)),
                reference: r.reference,
                status: r.status,
                priority: r.priority,
                submitted_at: r.submitted_at,
                due_on: r.due_on,
                address_public: r.address_public,
                supporters: r.supporters,
                charge: r.charge,
            })
            .collect(),
        total,
        page: number,
        pages: ((total + INBOX_PAGE_SIZE - 1) / INBOX_PAGE_SIZE).max(1),
        counts,
        open,
        due_soon,
        overdue,
        awaiting_publication,
        categories: l.categories,
        units: l.units,
        reminders,
        filter,
    };
    Ok(page
        .render(&state, "/staff/cases", view, StatusCode::OK)
        .await)
}

/// What the case page shows besides the case.
#[derive(Default)]
struct Extras {
    form: StaffForm,
    open_form: Option<CaseAction>,
    problems: Vec<(&'static str, FieldError)>,
    notice: Option<CaseNotice>,
    personal: bool,
}

fn case_action(a: Action) -> Option<CaseAction> {
    Some(match a {
        Action::Case(step) => CaseAction::Step(step),
        Action::AddNote => CaseAction::Note,
        Action::Extend => CaseAction::Extend,
        Action::SetPriority => CaseAction::Priority,
        Action::TakeCharge => CaseAction::TakeCharge,
        Action::Merge => CaseAction::Merge,
        Action::ViewPersonalData => CaseAction::Reveal,
        Action::Publish => CaseAction::Publish,
        _ => return None,
    })
}

/// The actions `user` may take on `case` now.
fn actions(user: &StaffUser, case: &StaffCase) -> Vec<CaseAction> {
    let scope = scope(user, case.unit.as_deref());
    let mut list: Vec<CaseAction> = handling::actions_now(
        user.role,
        scope,
        &case.state,
        case.extended_days.is_some(),
        case.charge.is_some(),
        Utc::now(),
    )
    .into_iter()
    .filter_map(case_action)
    .collect();
    // Site photos go with the inspection.
    if list.contains(&CaseAction::Step(domain::case::Step::Inspect)) {
        list.push(CaseAction::Photo);
    }
    // The board's text, for cases the resident allowed there.
    if case.public
        && case.merged_into.is_none()
        && case.status != domain::case::Status::Rejected
        && may(user.role, Action::Publish, scope)
    {
        list.push(CaseAction::Publish);
    }
    list
}

/// The case if `user` may see it at all; "not found" otherwise, so a
/// handler learns nothing of other units' cases.
async fn visible_case(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
) -> Result<StaffCase, HttpError> {
    store::staff_case(&state.db, reference)
        .await?
        .filter(|c| may(user.role, Action::ViewCase, scope(user, c.unit.as_deref())))
        .ok_or(HttpError::NotFound)
}

fn facts(
    data: &serde_json::Value,
    locale: domain::prefs::Locale,
    units: &[Choice],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    if let Some(u) = data.get("unit").and_then(text) {
        out.push(("unit".to_owned(), choice(units, &u).name(locale).to_owned()));
    }
    if let Some(o) = data
        .get("outcome")
        .and_then(text)
        .and_then(|o| domain::case::Outcome::parse(&o))
    {
        let t = app::i18n::texts(locale);
        out.push(("outcome".to_owned(), t.c.outcome(o).to_owned()));
    }
    for key in ["agency", "internal_note", "into", "from", "due_on"] {
        if let Some(v) = data.get(key).and_then(text) {
            out.push((key.to_owned(), v));
        }
    }
    if let Some(d) = data.get("days").and_then(serde_json::Value::as_u64) {
        out.push(("days".to_owned(), d.to_string()));
    }
    if let Some(p) = data
        .get("priority")
        .and_then(text)
        .and_then(|p| Priority::parse(&p).ok())
    {
        let t = app::i18n::texts(locale);
        out.push(("priority".to_owned(), t.k.priority(p).to_owned()));
    }
    if let Some(i) = data.get("inspection").filter(|i| !i.is_null())
        && let Ok(i) = serde_json::from_value::<handling::Inspection>(i.clone())
    {
        out.push((
            "inspected_at".to_owned(),
            shanghai::format_datetime(i.at, locale),
        ));
        out.push(("inspector".to_owned(), i.inspector));
        out.push(("findings".to_owned(), i.findings));
        if let Some(m) = i.measured {
            out.push(("measured".to_owned(), format!("{m}")));
        }
    }
    out
}

async fn render_case(
    state: &AppState,
    page: &Page,
    user: &StaffUser,
    case: StaffCase,
    extras: Extras,
    status: StatusCode,
) -> Result<Response, HttpError> {
    let l = lookups(state).await?;
    let templates = store::templates(&state.db, &case.category).await?;
    let locale = app::prefs::Prefs::from_headers(&page.headers).locale;
    let today = shanghai::today(Utc::now());
    let actions = actions(user, &case);
    let personal = (extras.personal && actions.contains(&CaseAction::Reveal)).then(|| Personal {
        name: case.contact_name.clone(),
        phone: case.contact_phone.clone(),
        email: case.contact_email.clone(),
        address: case.address.clone(),
        point: case.point,
    });
    let view = CaseStaffView {
        reference: case.reference.clone(),
        version: case.version,
        category: choice(&l.categories, &case.category),
        kind: case.kind,
        status: case.status,
        priority: case.priority,
        town: choice(&l.units, &case.town),
        unit: case.unit.as_deref().map(|u| choice(&l.units, u)),
        address_public: case.address_public.clone(),
        details: serde_json::from_str(&case.details).ok(),
        public: case.public,
        public_text: case
            .public_text
            .clone()
            .unwrap_or_else(|| domain::mask::free_text(&case.description)),
        published: case.published_at.is_some(),
        submitted_at: case.submitted_at,
        due_on: case.due_on,
        extended_days: case.extended_days,
        flag: flag(&l.calendar, case.status, case.due_on, today),
        charge: case.charge.clone(),
        merged_into: case.merged_into.clone(),
        supporters: case.supporters,
        outcome: case.outcome,
        rating: case.rating,
        rating_comment: case.rating_comment.clone(),
        events: case
            .events
            .iter()
            .map(|e| StaffEvent {
                at: e.at,
                actor: match (&e.actor_name, e.actor.as_str()) {
                    (Some(name), _) => name.clone(),
                    (None, other) => other.to_owned(),
                },
                kind: e.kind.clone(),
                public: e.public,
                text: e.text.clone(),
                facts: facts(&e.data, locale, &l.units),
            })
            .collect(),
        photos: case
            .photos
            .iter()
            .map(|(p, by_staff)| StaffPhoto {
                id: p.id,
                by_staff: *by_staff,
                width: p.width,
                height: p.height,
            })
            .collect(),
        personal,
        personal_views: case.personal_views,
        actions,
        // Cases go to handling units and district departments; the
        // resident's town is the usual choice.
        units: l.units,
        templates,
        form: extras.form,
        open_form: extras.open_form,
        problems: extras.problems,
        notice: extras.notice,
    };
    Ok(page.render(state, "/staff/cases/_", view, status).await)
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    template: Option<i64>,
    #[serde(default)]
    done: Option<String>,
}

/// `GET /staff/cases/{reference}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
    query: Result<Query<ShowQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let mut extras = Extras {
        notice: query
            .done
            .as_deref()
            .and_then(CaseAction::parse)
            .map(CaseNotice::Done),
        ..Extras::default()
    };
    if let Some(id) = query.template {
        let list = store::templates(&state.db, &case.category).await?;
        if let Some(t) = list.into_iter().find(|t| t.id == id) {
            extras.form.reply = t.body;
            extras.form.outcome = t.outcome.code().to_owned();
            extras.open_form = Some(CaseAction::Step(domain::case::Step::Reply));
        }
    }
    render_case(&state, &page, &user, case, extras, StatusCode::OK).await
}

/// `POST /staff/cases/{reference}/{action}`.
pub async fn act(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path((reference, action)): Path<(String, String)>,
    form: Result<Fields<StaffForm>, HttpError>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let action = CaseAction::parse(&action)
        .filter(|a| *a != CaseAction::Photo)
        .ok_or(HttpError::NotFound)?;
    let Fields(form) = form?;
    let now = Utc::now();
    if !actions(&user, &case).contains(&action) {
        let extras = Extras {
            notice: Some(CaseNotice::NotAllowed),
            form,
            ..Extras::default()
        };
        return render_case(&state, &page, &user, case, extras, StatusCode::CONFLICT).await;
    }
    if action == CaseAction::Reveal {
        store::log_personal_view(&state.db, case.id, user.id, now).await?;
        tracing::info!(staff = user.id, case = case.id, "personal data viewed");
        let mut case = case;
        case.personal_views += 1;
        let extras = Extras {
            personal: true,
            ..Extras::default()
        };
        return render_case(&state, &page, &user, case, extras, StatusCode::OK).await;
    }
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    let actor = Actor::Staff(user.id);
    let result: Result<(), ActError> = match action {
        CaseAction::Step(step) => {
            let units: Vec<String> = complaints_store::units(&state.db, false)
                .await?
                .into_iter()
                .map(|u| u.code)
                .collect();
            let ctx = StepContext {
                units: &units,
                kind: case.kind,
                submitted_at: case.submitted_at,
                now,
            };
            match handling::check_step(step, &form, &ctx) {
                Ok(input) => store::act(&state.db, case.id, version, actor, &input, now)
                    .await
                    .map(|_| ()),
                Err(problems) => Err(ActError::Invalid(problems)),
            }
        }
        CaseAction::Note => match handling::check_note(&form) {
            Ok(note) => store::add_note(&state.db, case.id, actor, &note, now).await,
            Err(problems) => Err(ActError::Invalid(problems)),
        },
        CaseAction::Extend => {
            let calendar = complaints_store::work_calendar(&state.db).await?;
            store::extend(&state.db, case.id, version, actor, &form, &calendar, now)
                .await
                .map(|_| ())
        }
        CaseAction::Priority => match Priority::parse(&form.priority) {
            Ok(p) => store::set_priority(&state.db, case.id, version, actor, p, now).await,
            Err(e) => Err(ActError::Invalid(vec![("priority", e)])),
        },
        CaseAction::TakeCharge => {
            store::take_charge(&state.db, case.id, version, user.id, now).await
        }
        CaseAction::Merge => store::merge(&state.db, case.id, version, actor, &form.target, now)
            .await
            .map(|_| ()),
        CaseAction::Publish => match handling::check_publication(&form) {
            Ok(p) => store::publish(&state.db, case.id, version, actor, &p, now).await,
            Err(problems) => Err(ActError::Invalid(problems)),
        },
        CaseAction::Photo | CaseAction::Reveal => Ok(()),
    };
    let (notice, problems, status) = match result {
        Ok(()) => {
            return Ok(Redirect::to(&format!(
                "/staff/cases/{}?done={}#notice",
                case.reference,
                action.code()
            ))
            .into_response());
        }
        Err(ActError::Invalid(problems)) => (
            CaseNotice::Invalid,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(ActError::Conflict) => (CaseNotice::Conflict, vec![], StatusCode::CONFLICT),
        Err(ActError::NotAllowed(_) | ActError::Refused(_)) => {
            (CaseNotice::NotAllowed, vec![], StatusCode::CONFLICT)
        }
        Err(ActError::Db(e)) => return Err(e.into()),
    };
    // The page again, as the case is now, with what was typed.
    let case = visible_case(&state, &user, &reference).await?;
    let extras = Extras {
        form,
        open_form: Some(action),
        problems,
        notice: Some(notice),
        personal: false,
    };
    render_case(&state, &page, &user, case, extras, status).await
}

/// `POST /staff/cases/{reference}/photo`: a site photo, re-encoded like
/// the residents' photos.
pub async fn upload_photo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    page: Page,
    Path(reference): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let refuse = async |notice: CaseNotice, status: StatusCode| {
        let extras = Extras {
            notice: Some(notice),
            open_form: Some(CaseAction::Photo),
            ..Extras::default()
        };
        render_case(&state, &page, &user, case.clone(), extras, status).await
    };
    if !actions(&user, &case).contains(&CaseAction::Photo) {
        return refuse(CaseNotice::NotAllowed, StatusCode::CONFLICT).await;
    }
    let bytes = match read_photo_field(multipart, state.photo_max_bytes).await {
        Ok(Some(b)) if !b.is_empty() => b,
        _ => return refuse(CaseNotice::BadPhoto, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let Ok(processed) = crate::photos::process_bounded(bytes).await else {
        return refuse(CaseNotice::BadPhoto, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let (width, height) = (processed.width, processed.height);
    let (full_key, thumb_key, size) = state
        .photos
        .put_processed("cases", processed)
        .await
        .map_err(HttpError::unavailable)?;
    let added = store::add_staff_photo(
        &state.db,
        case.id,
        user.id,
        (&full_key, &thumb_key),
        (width, height, size),
        Utc::now(),
    )
    .await;
    match added {
        Ok(true) => Ok(Redirect::to(&format!(
            "/staff/cases/{}?done=photo#notice",
            case.reference
        ))
        .into_response()),
        other => {
            state.photos.delete_pair(&full_key, &thumb_key).await;
            match other {
                Err(ActError::Db(e)) => Err(e.into()),
                _ => refuse(CaseNotice::NotAllowed, StatusCode::CONFLICT).await,
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PhotoQuery {
    #[serde(default)]
    thumb: Option<String>,
}

/// `GET /staff/cases/{reference}/photos/{id}`: a photo of a case the
/// staff member may see.
pub async fn photo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((reference, id)): Path<(String, String)>,
    query: Result<Query<PhotoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, HttpError> {
    let case = visible_case(&state, &user, &reference).await?;
    let id = id.parse::<i64>().map_err(|_| HttpError::NotFound)?;
    let photo = store::case_photo(&state.db, case.id, id)
        .await?
        .ok_or(HttpError::NotFound)?;
    let thumb = query.is_ok_and(|Query(q)| q.thumb.is_some());
    let key = if thumb {
        &photo.thumb_key
    } else {
        &photo.object_key
    };
    stored_photo(&state, key, "no-store").await
}
