//! The staff case pages as they are shown: the inbox (a filter turned into
//! a query, counts, reminders) and a case with the actions its viewer may
//! take now, its trail in words and, on request, the personal data.

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::{Action, Scope, may};
use domain::case::{DeadlineFlag, Status, deadline_flag};
use domain::complaint::input::FieldError;
use domain::complaint::reference::Reference;
use domain::handling::{self, Priority, StaffForm};
use domain::prefs::Locale;
use domain::shanghai;
use domain::workdays::WorkCalendar;

use super::choice;
use crate::api::cases::{
    CaseAction, CaseNotice, CaseStaffView, Flag, INBOX_PAGE_SIZE, InboxFilter, InboxRow, InboxView,
    Personal, StaffEvent, StaffPhoto,
};
use crate::api::complaints::Choice;
use crate::server::cases::{self as store, InboxQuery, InboxSort, StaffCase};
use crate::server::complaints as complaints_store;
use crate::server::staff::StaffUser;
use crate::server::{Db, DbError};

/// How a staff member stands to a case.
pub fn scope(user: &StaffUser, case_unit: Option<&str>) -> Scope {
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

async fn lookups(db: &Db) -> Result<Lookups, DbError> {
    let categories = super::category_choices(db).await?;
    let units = complaints_store::units(db, false)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect();
    let calendar = complaints_store::work_calendar(db).await?;
    Ok(Lookups {
        categories,
        units,
        calendar,
    })
}

/// The query `filter` asks of the inbox for `user` (a handler sees their
/// own unit's cases only, none without a unit), seen on `today`.
fn inbox_query(
    user: &StaffUser,
    filter: &InboxFilter,
    l: &Lookups,
    today: NaiveDate,
) -> InboxQuery {
    let soon_until = handling::due_soon_until(&l.calendar, today);
    let scope_unit = (!sees_all(user)).then(|| user.unit.clone().unwrap_or_default());
    let mut q = InboxQuery {
        scope_unit: scope_unit.clone(),
        limit: INBOX_PAGE_SIZE,
        ..InboxQuery::default()
    };
    // By default the cases waiting for this person's step (for a
    // dispatcher, replied cases to close too); "open" all being handled.
    // A search looks among all open cases (one is looking for a case, not
    // at one's queue), through the open cases' own search indexes.
    match filter.status.as_str() {
        "" if filter.q.trim().is_empty() => {
            q.statuses = domain::case::waiting_for(user.role).to_vec();
        }
        "" => {}
        "open" => {}
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
    // From the dashboard: a town, a span of days received or first
    // answered (Shanghai days), a figure's cases; across every status
    // unless one is asked for.
    if l.units.iter().any(|u| u.code == filter.town) {
        q.town = Some(filter.town.clone());
    }
    q.received = day_span(&filter.received);
    q.answered = day_span(&filter.answered);
    q.figure = store::figure_condition(&filter.figure);
    if filter.status.is_empty()
        && (q.received.is_some() || q.answered.is_some() || q.figure.is_some() || q.town.is_some())
    {
        q.statuses.clear();
        q.all = true;
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
        // A whole mobile number however it is written (`+86 139-…`,
        // `0086…`), else the digits typed.
        let digits: String = match domain::complaint::input::MobileNumber::parse(search) {
            Ok(number) => number.as_str().to_owned(),
            Err(_) => search.chars().filter(char::is_ascii_digit).collect(),
        };
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
    q.cursor = store::Cursor::parse(&filter.after, false)
        .or_else(|| store::Cursor::parse(&filter.before, true));
    q
}

/// The most cases one export holds.
pub const EXPORT_MAX: usize = 10_000;

/// The cases an inbox filter selects, as rows of a spreadsheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseExport {
    /// A header, then one row per case (and a last row saying so when
    /// more matched than [`EXPORT_MAX`]).
    pub rows: Vec<Vec<String>>,
    pub cases: usize,
    /// Whether names, phone numbers and full addresses are in it.
    pub personal: bool,
}

/// The cases `filter` lists for `user`, every page of them up to
/// [`EXPORT_MAX`], in the list's order. With `personal`, and only if the
/// user may see personal data, the resident's name, phone number and full
/// address too; the export is logged (`case_exports`) and so is every
/// case whose personal data went with it (`personal_data_views`).
/// `None` when a filter cannot be read (nothing is exported then).
pub async fn case_export(
    db: &Db,
    user: &StaffUser,
    filter: &InboxFilter,
    personal: bool,
    format: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Option<CaseExport>, DbError> {
    let t = crate::i18n::texts(locale);
    let l = lookups(db).await?;
    if !filter_is_sound(filter, &l) {
        return Ok(None);
    }
    let mut q = inbox_query(user, filter, &l, shanghai::today(now));
    q.cursor = None;
    q.limit = EXPORT_MAX as i64 + 1;
    let scope = match q.scope_unit {
        Some(_) => Scope::OwnUnit,
        None => Scope::OtherCase,
    };
    let personal = personal && may(user.role, Action::ViewPersonalData, scope);
    let mut found = store::inbox(db, &q).await?.cases;
    let truncated = found.len() > EXPORT_MAX;
    found.truncate(EXPORT_MAX);
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    let contacts = match personal {
        true => store::contacts(db, &ids).await?,
        false => Default::default(),
    };
    let mut columns = vec![
        "reference",
        "received",
        "category",
        "town",
        "address_public",
        "unit",
        "status",
        "due_on",
    ];
    if personal {
        columns.extend(["name", "phone", "address"]);
    }
    let mut rows = vec![
        columns
            .iter()
            .map(|c| (t.q.export_column)(c).to_owned())
            .collect::<Vec<_>>(),
    ];
    for c in &found {
        let mut row = vec![
            c.reference.clone(),
            shanghai::local(c.submitted_at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            choice(&l.categories, &c.category).name(locale).to_owned(),
            choice(&l.units, &c.town).name(locale).to_owned(),
            c.address_public.clone(),
            c.unit
                .as_deref()
                .map(|u| choice(&l.units, u).name(locale).to_owned())
                .unwrap_or_default(),
            t.c.status(c.status).to_owned(),
            c.due_on.to_string(),
        ];
        if personal {
            let (name, phone, address) = contacts.get(&c.id).cloned().unwrap_or_default();
            row.extend([name, phone, address]);
        }
        rows.push(row);
    }
    if truncated {
        rows.push(vec![(t.q.export_truncated)(EXPORT_MAX)]);
    }
    let asked = filter.query(1, None, None);
    store::log_export(db, user.id, format, &asked, &ids, personal, now).await?;
    Ok(Some(CaseExport {
        rows,
        cases: found.len(),
        personal,
    }))
}

/// Whether every filter given is one the inbox understands. The inbox
/// leaves out a filter it cannot read; an export must not, or a narrow
/// export asked for would hand over every case instead.
fn filter_is_sound(f: &InboxFilter, l: &Lookups) -> bool {
    let known = |v: &str, list: &[Choice]| v.is_empty() || list.iter().any(|c| c.code == v);
    let span = |v: &str| v.is_empty() || day_span(v).is_some();
    let status = f.status.is_empty()
        || ["open", "all"].contains(&f.status.as_str())
        || Status::parse(&f.status).is_some();
    status
        && ["", "public"].contains(&f.review.as_str())
        && ["", "soon", "overdue"].contains(&f.due.as_str())
        && ["", "due", "newest", "priority"].contains(&f.sort.as_str())
        && known(&f.category, &l.categories)
        && known(&f.unit, &l.units)
        && known(&f.town, &l.units)
        && span(&f.received)
        && span(&f.answered)
        && (f.figure.is_empty() || store::figure_condition(&f.figure).is_some())
}

/// The inbox page for `user` with `filter`: the cases it selects (a
/// handler sees their own unit's only), counts, reminders and choices.
pub async fn inbox(
    db: &Db,
    user: &StaffUser,
    filter: InboxFilter,
    now: DateTime<Utc>,
) -> Result<InboxView, DbError> {
    let l = lookups(db).await?;
    let today = shanghai::today(now);
    let soon_until = handling::due_soon_until(&l.calendar, today);
    let q = inbox_query(user, &filter, &l, today);
    let scope_unit = q.scope_unit.clone();
    // The number is only shown; without a cursor this is the first page.
    let number = match q.cursor {
        Some(_) => filter.page.unwrap_or(2).clamp(2, i64::MAX / 2),
        None => 1,
    };
    // The page's four reads are independent: each on a connection of its
    // own, at once.
    let publisher = may(user.role, Action::Publish, Scope::OtherCase);
    let (page, (open, due_soon, overdue), reminders, awaiting_publication) = tokio::try_join!(
        store::inbox(db, &q),
        store::inbox_counts(db, scope_unit.as_deref(), today, soon_until),
        store::reminders(db, scope_unit.as_deref(), today),
        async {
            if publisher {
                store::awaiting_publication(db).await.map(Some)
            } else {
                Ok(None)
            }
        },
    )?;
    let view = InboxView {
        role: Some(user.role),
        own_unit: scope_unit.as_deref().map(|u| choice(&l.units, u)),
        rows: page
            .cases
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
                warning: r.warning,
            })
            .collect(),
        total: page.total,
        total_capped: page.capped,
        // From page 2, the previous page is the first: no cursor.
        previous: if number == 2 {
            Some(String::new())
        } else {
            page.previous.map(|c| c.encode())
        },
        next: page.next.map(|c| c.encode()),
        page: number,
        open,
        due_soon,
        overdue,
        awaiting_publication,
        categories: l.categories,
        units: l.units,
        reminders,
        filter,
    };
    Ok(view)
}

/// `YYYY-MM-DD~YYYY-MM-DD` (Shanghai days, both included) as the
/// instants that bound it: from the first day's midnight up to, not
/// including, the midnight after the last, in UTC as stored.
fn day_span(raw: &str) -> Option<(String, String)> {
    let (from, to) = raw.split_once('~')?;
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (from, to) = (date(from)?, date(to)?);
    if to < from {
        return None;
    }
    let midnight = |d: chrono::NaiveDate| shanghai::midnight(d).to_rfc3339();
    Some((midnight(from), midnight(to.succ_opt()?)))
}

/// What the case page shows besides the case.
#[derive(Default)]
pub struct Extras {
    pub form: StaffForm,
    pub open_form: Option<CaseAction>,
    pub problems: Vec<(&'static str, FieldError)>,
    pub notice: Option<CaseNotice>,
    pub personal: bool,
    /// A link to a source was refused.
    pub source_problem: bool,
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
pub fn actions(user: &StaffUser, case: &StaffCase) -> Vec<CaseAction> {
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
        let t = crate::i18n::texts(locale);
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
        let t = crate::i18n::texts(locale);
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

/// The case with `reference` if `user` may see it at all.
pub async fn visible_case(
    db: &Db,
    user: &StaffUser,
    reference: &str,
) -> Result<Option<StaffCase>, DbError> {
    Ok(store::staff_case(db, reference)
        .await?
        .filter(|c| may(user.role, Action::ViewCase, scope(user, c.unit.as_deref()))))
}

/// The case page as `user` sees it, with what `extras` adds (a form as
/// typed, problems, a notice, the personal data when asked for).
pub async fn case_page(
    db: &Db,
    user: &StaffUser,
    case: StaffCase,
    extras: Extras,
    locale: Locale,
) -> Result<CaseStaffView, DbError> {
    let l = lookups(db).await?;
    let templates = store::templates(db, &case.category).await?;
    let sources = super::sources::case_sources(db, user, &case, &l.units, &l.categories).await?;
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
        sources,
        source_problem: extras.source_problem,
    };
    Ok(view)
}
