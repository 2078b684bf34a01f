//! The pages of site inspections, loaded: registration, a visit, the
//! lists, statistics and items, and the business's page of a code.

use chrono::{DateTime, Utc};
use domain::access::{Action, Scope, may};
use domain::complaint::filing::Problem;
use domain::complaint::input::FieldError;
use domain::inspection::{Measured, QUIET_DAYS, RegisterForm, ResultForm, without_cause};
use domain::staff::Role;

use crate::api::inspections::{
    InspectionsView, ItemForm, ItemsView, RegisterView, SourceInspections, StatsView, VisitPageView,
};
use crate::server::inspections as store;
use crate::server::staff::StaffUser;
use crate::server::{Db, DbError};

fn pairs(problems: Vec<Problem>) -> Vec<(&'static str, domain::complaint::input::FieldError)> {
    problems.into_iter().map(|p| (p.field, p.error)).collect()
}

/// The unit whose visits `user` sees; `None` for all (dispatchers,
/// leaders, administrators).
pub fn unit_scope(user: &StaffUser) -> Option<&str> {
    match user.role {
        Role::Handler => Some(user.unit.as_deref().unwrap_or("")),
        _ => None,
    }
}

/// `/staff/inspections/new`, with what was typed and its problems.
pub async fn register_view(
    db: &Db,
    user: &StaffUser,
    form: RegisterForm,
    problems: Vec<Problem>,
    now: DateTime<Utc>,
) -> Result<RegisterView, DbError> {
    let source_id = domain::inspection::number(&form.source);
    let source = match source_id {
        Some(id) => super::super::sources::source(db, id)
            .await?
            .filter(|s| s.merged_into.is_none()),
        None => None,
    };
    let kind = source.as_ref().map(|s| s.kind);
    let source = source.map(|s| (s.id, s.name, s.address_public));
    // A link with a source the register does not hold says so at once.
    let mut problems = problems;
    if problems.is_empty() && source.is_none() && !form.source.trim().is_empty() {
        let error = match source_id {
            Some(_) => FieldError::NotAChoice,
            None => FieldError::NotANumber,
        };
        problems.push(Problem {
            field: "source",
            error,
        });
    }
    let quiet = match &source {
        Some((id, ..)) => {
            let (visits, causes) = store::quiet_counts(db, *id, now).await?;
            without_cause(visits, causes).then_some(visits)
        }
        None => None,
    };
    let staff = match &user.unit {
        Some(unit) => store::unit_staff(db, unit).await?,
        None => Vec::new(),
    };
    // Only the items for this kind of place, once the place is known.
    let items = store::items(db, true)
        .await?
        .into_iter()
        .filter(|row| kind.is_none_or(|k| domain::inspection::item_kinds_include(&row.kinds, k)))
        .map(|row| row.item)
        .collect();
    Ok(RegisterView {
        form,
        problems: pairs(problems),
        source,
        items,
        staff,
        quiet,
    })
}

/// What a visit page's forms carry after a post.
#[derive(Default)]
pub struct VisitExtras {
    pub result_form: ResultForm,
    pub revoke_reason: String,
    pub problems: Vec<Problem>,
    pub notice: Option<String>,
    pub show_code: bool,
}

/// Whether `user` may see the visit whose units are `units`, and act on it.
pub fn access(user: &StaffUser, units: &[String]) -> (bool, bool) {
    let own = user
        .unit
        .as_ref()
        .is_some_and(|u| units.iter().any(|v| v == u));
    let view = may(user.role, Action::ViewInspections, Scope::NoCase)
        && (user.role != Role::Handler || own);
    let act = own && may(user.role, Action::RecordInspection, Scope::NoCase);
    (view, act)
}

/// `/staff/inspections/{id}` as `user` sees it; `None` when there is no
/// such visit or it is another unit's (a handler).
pub async fn visit_page(
    db: &Db,
    user: &StaffUser,
    id: i64,
    extras: VisitExtras,
    now: DateTime<Utc>,
) -> Result<Option<VisitPageView>, DbError> {
    let units = store::visit_units(db, id).await?;
    let (view, act) = access(user, &units);
    if !view {
        return Ok(None);
    }
    let Some(visit) = store::visit(db, id, now).await? else {
        return Ok(None);
    };
    let limits = Measured::ALL
        .into_iter()
        .filter_map(|m| {
            m.limit(visit.source_kind, visit.source_zone)
                .map(|l| (m, l))
        })
        .collect();
    Ok(Some(VisitPageView {
        events: store::events(db, id).await?,
        visit,
        url: String::new(),
        qr_svg: String::new(),
        may_act: act,
        limits,
        result_form: extras.result_form,
        revoke_reason: extras.revoke_reason,
        problems: pairs(extras.problems),
        notice: extras.notice,
        show_code: extras.show_code,
    }))
}

/// `/staff/inspections`.
pub async fn list_view(
    db: &Db,
    user: &StaffUser,
    page: i64,
    now: DateTime<Utc>,
) -> Result<InspectionsView, DbError> {
    let (visits, more) = store::list(db, unit_scope(user), None, page, now).await?;
    Ok(InspectionsView {
        visits,
        may_stats: may(user.role, Action::ViewInspectionStats, Scope::NoCase),
        page,
        more,
    })
}

/// A source page's section.
pub async fn source_section(
    db: &Db,
    user: &StaffUser,
    source_id: i64,
    now: DateTime<Utc>,
) -> Result<SourceInspections, DbError> {
    if !may(user.role, Action::ViewInspections, Scope::NoCase) {
        return Ok(SourceInspections::default());
    }
    // The newest page; a source visited more often than that is read in
    // the list of visits.
    let (visits, _) = store::list(db, unit_scope(user), Some(source_id), 0, now).await?;
    let measurements = store::source_measurements(db, &visits).await?;
    let (routine, causes) = store::quiet_counts(db, source_id, now).await?;
    Ok(SourceInspections {
        visits,
        measurements,
        without_cause: if causes == 0 { routine } else { 0 },
        may_register: may(user.role, Action::RecordInspection, Scope::NoCase)
            && user.unit.is_some(),
    })
}

/// Days the "without cause" count looks back.
pub const WITHOUT_CAUSE_DAYS: i64 = QUIET_DAYS;

/// `/staff/inspections/stats`.
pub async fn stats_view(db: &Db, now: DateTime<Utc>) -> Result<StatsView, DbError> {
    Ok(StatsView {
        rows: store::stats(db, now).await?,
    })
}

/// `/staff/admin/inspection-items`.
pub async fn items_view(
    db: &Db,
    form: ItemForm,
    problems: Vec<Problem>,
    saved: bool,
) -> Result<ItemsView, DbError> {
    let items = store::items(db, false).await?;
    Ok(ItemsView {
        items,
        form,
        problems: pairs(problems),
        saved,
    })
}
