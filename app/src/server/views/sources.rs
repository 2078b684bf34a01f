//! The staff pages of sources and warnings, and the case page's source
//! section, built from the stores (`server::sources`,
//! `server::warnings`). A handler sees the cases of their own unit only,
//! here as on the case pages; counts are totals.

use chrono::{DateTime, Datelike, Utc};
use domain::access::{Action, Scope, may};
use domain::case::Status;
use domain::complaint::input::FieldError;
use domain::source::{FUME_LIMIT, Period, SourceForm, SourceKind, noise_limit};
use domain::warning::DecisionForm;

use super::choice;
use crate::api::complaints::Choice;
use crate::api::sources::{
    CaseSources, LimitLine, SourceCaseView, SourceFilter, SourceFormView, SourcePageView,
    SourceSummary, SourcesView, WarningCaseView, WarningEventView, WarningFilter, WarningPageView,
    WarningSummary, WarningsView,
};
use crate::server::cases::StaffCase;
use crate::server::complaints as complaints_store;
use crate::server::sources::{self as store, Source, SourceQuery};
use crate::server::staff::StaffUser;
use crate::server::warnings::{self, WarningQuery, WarningRow};
use crate::server::{Db, DbError};

async fn units(db: &Db, areas_only: bool) -> Result<Vec<Choice>, DbError> {
    Ok(complaints_store::units(db, areas_only)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect())
}

fn summary(s: &Source, towns: &[Choice]) -> SourceSummary {
    SourceSummary {
        id: s.id,
        name: s.name.clone(),
        kind: s.kind,
        town: choice(towns, &s.town),
        address_public: s.address_public.clone(),
        open_cases: s.open_cases,
        cases: s.cases,
    }
}

/// `/staff/sources`.
pub async fn sources(
    db: &Db,
    user: &StaffUser,
    filter: SourceFilter,
) -> Result<SourcesView, DbError> {
    let towns = units(db, true).await?;
    let q = SourceQuery {
        text: filter.q.chars().take(50).collect(),
        town: towns
            .iter()
            .any(|t| t.code == filter.town)
            .then(|| filter.town.clone()),
        kind: SourceKind::parse(&filter.kind).ok(),
    };
    let list = store::list(db, &q).await?;
    Ok(SourcesView {
        sources: list.iter().map(|s| summary(s, &towns)).collect(),
        filter,
        may_edit: may(user.role, Action::EditSources, Scope::NoCase),
        towns,
    })
}

/// The form of a new or edited source.
pub async fn source_form(
    db: &Db,
    id: Option<i64>,
    form: SourceForm,
    problems: Vec<(&'static str, FieldError)>,
) -> Result<SourceFormView, DbError> {
    Ok(SourceFormView {
        id,
        form,
        problems,
        towns: units(db, true).await?,
    })
}

/// A stored source as its form.
pub fn form_of(s: &Source) -> SourceForm {
    SourceForm {
        source_name: s.name.clone(),
        source_kind: s.kind.code().to_owned(),
        town: s.town.clone(),
        address: s.address.clone(),
        latitude: s.point.map(|p| p.latitude.to_string()).unwrap_or_default(),
        longitude: s.point.map(|p| p.longitude.to_string()).unwrap_or_default(),
        operator: s.operator.clone(),
        credit_code: s.credit_code.clone().unwrap_or_default(),
        zone: s.zone.map(|z| z.code().to_owned()).unwrap_or_default(),
    }
}

/// The limits that apply at a source of this kind and zone.
fn limits(s: &Source) -> Vec<LimitLine> {
    let mut out = Vec::new();
    if s.kind == SourceKind::Restaurant {
        out.push(LimitLine {
            what: "fumes",
            limit: FUME_LIMIT,
        });
    }
    for (what, period) in [("day", Period::Day), ("night", Period::Night)] {
        if let Some(limit) = noise_limit(s.kind.noise_standard(), s.zone, period) {
            out.push(LimitLine { what, limit });
        }
    }
    out
}

/// What the case page's merge form and notice carry.
#[derive(Default)]
pub struct SourceExtras {
    pub merge_target: String,
    pub merge_problem: Option<FieldError>,
    /// The source a merge would go into (number, name), asked to confirm.
    pub merge_confirm: Option<(i64, String)>,
    pub notice: Option<String>,
}

/// `/staff/sources/{id}`; `None` when there is no such source.
pub async fn source_page(
    db: &Db,
    user: &StaffUser,
    id: i64,
    extras: SourceExtras,
    now: DateTime<Utc>,
) -> Result<Option<SourcePageView>, DbError> {
    let Some(s) = store::source(db, id).await? else {
        return Ok(None);
    };
    let towns = units(db, false).await?;
    let categories = super::category_choices(db).await?;
    let merged_into = match s.merged_into {
        Some(into) => store::source(db, into).await?.map(|t| (t.id, t.name)),
        None => None,
    };
    let all_cases = store::cases_of(db, id).await?;
    // Twelve months back from this one, oldest first (Shanghai months).
    let today = domain::shanghai::today(now);
    let months: Vec<String> = (0..12)
        .rev()
        .map(|back| {
            let m = today.year() * 12 + today.month0() as i32 - back;
            format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
        })
        .collect();
    let per_month = months
        .iter()
        .map(|m| {
            let n = all_cases
                .iter()
                .filter(|c| {
                    domain::shanghai::local(c.submitted_at)
                        .format("%Y-%m")
                        .to_string()
                        == *m
                })
                .count();
            (m.clone(), n as i64)
        })
        .collect();
    // A handler sees their own unit's cases.
    let own = (!may(user.role, Action::ViewCase, Scope::OtherCase)).then(|| user.unit.clone());
    let visible: Vec<SourceCaseView> = all_cases
        .iter()
        .filter(|c| match &own {
            None => true,
            Some(unit) => unit.is_some() && c.unit == *unit,
        })
        .filter_map(|c| {
            Some(SourceCaseView {
                reference: c.reference.clone(),
                category: choice(&categories, &c.category),
                status: Status::parse(&c.status)?,
                submitted_at: c.submitted_at,
            })
        })
        .collect();
    let warnings = if may(user.role, Action::ViewWarnings, Scope::NoCase) {
        let rows = warnings::of_source(db, id).await?;
        rows.iter()
            .map(|w| warning_summary(w, &towns, &categories))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(SourcePageView {
        id: s.id,
        name: s.name.clone(),
        kind: s.kind,
        town: choice(&towns, &s.town),
        address: s.address.clone(),
        address_public: s.address_public.clone(),
        point: s.point.map(|p| (p.latitude, p.longitude)),
        operator: s.operator.clone(),
        credit_code: s.credit_code.clone(),
        zone: s.zone,
        merged_into,
        limits: limits(&s),
        cases: visible,
        per_month,
        warnings,
        inspections: super::inspections::source_section(db, user, s.id, now).await?,
        may_edit: may(user.role, Action::EditSources, Scope::NoCase),
        may_merge: may(user.role, Action::MergeSources, Scope::NoCase),
        merge_target: extras.merge_target,
        merge_problem: extras.merge_problem,
        merge_confirm: extras.merge_confirm,
        notice: extras.notice,
    }))
}

fn warning_summary(w: &WarningRow, towns: &[Choice], categories: &[Choice]) -> WarningSummary {
    WarningSummary {
        id: w.id,
        kind: w.rule.kind,
        severity: w.severity,
        status: w.status.clone(),
        source: w.source.clone(),
        town: choice(towns, &w.town),
        place: w.place.clone(),
        category: w.category.as_deref().map(|c| choice(categories, c)),
        case_count: w.case_count,
        raised_at: w.raised_at,
        updated_at: w.updated_at,
        note: w.note.clone(),
        task_unit: w.task_unit.as_deref().map(|u| choice(towns, u)),
        task_due_on: w.task_due_on,
    }
}

/// A handling unit's staff see only the warnings given to their unit as
/// screening tasks: `Some(unit)` (no unit: none at all).
fn own_tasks_only(user: &StaffUser) -> Option<String> {
    (!may(user.role, Action::ViewCase, Scope::OtherCase))
        .then(|| user.unit.clone().unwrap_or_else(|| "-".to_owned()))
}

/// `/staff/warnings`.
pub async fn warnings_list(
    db: &Db,
    user: &StaffUser,
    filter: WarningFilter,
) -> Result<WarningsView, DbError> {
    let towns = units(db, false).await?;
    let areas = units(db, true).await?;
    let categories = super::category_choices(db).await?;
    let q = WarningQuery {
        status: ["open", "acknowledged", "tasked", "dismissed"]
            .contains(&filter.status.as_str())
            .then(|| filter.status.clone()),
        town: areas
            .iter()
            .any(|t| t.code == filter.town)
            .then(|| filter.town.clone()),
        category: categories
            .iter()
            .any(|c| c.code == filter.category)
            .then(|| filter.category.clone()),
        task_unit: own_tasks_only(user),
    };
    let rows = warnings::list(db, &q).await?;
    Ok(WarningsView {
        warnings: rows
            .iter()
            .map(|w| warning_summary(w, &towns, &categories))
            .collect(),
        filter,
        towns: areas,
        categories,
    })
}

/// `/staff/warnings/{id}`; `None` when there is no such warning.
pub async fn warning_page(
    db: &Db,
    user: &StaffUser,
    id: i64,
    form: DecisionForm,
    problems: Vec<(&'static str, FieldError)>,
    notice: Option<String>,
) -> Result<Option<WarningPageView>, DbError> {
    let Some(w) = warnings::warning(db, id).await? else {
        return Ok(None);
    };
    if let Some(unit) = own_tasks_only(user)
        && w.task_unit.as_deref() != Some(unit.as_str())
    {
        return Ok(None);
    }
    let towns = units(db, false).await?;
    let categories = super::category_choices(db).await?;
    let cases = warnings::cases_of(db, id)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(WarningCaseView {
                status: Status::parse(&c.status)?,
                category: choice(&categories, &c.category),
                reference: c.reference,
                submitted_at: c.submitted_at,
                address_public: c.address_public,
            })
        })
        .collect();
    let events = warnings::events_of(db, id)
        .await?
        .into_iter()
        .map(|e| WarningEventView {
            at: e.at,
            actor: e.actor,
            kind: e.kind,
            text: e.text,
        })
        .collect();
    Ok(Some(WarningPageView {
        warning: warning_summary(&w, &towns, &categories),
        cases,
        events,
        may_decide: may(user.role, Action::DecideWarning, Scope::NoCase),
        // The unit given the screening task registers its inspection.
        may_inspect: w.status == "tasked"
            && w.source.is_some()
            && w.task_unit.is_some()
            && w.task_unit == user.unit
            && may(user.role, Action::RecordInspection, Scope::NoCase),
        units: towns,
        form,
        problems,
        notice,
    }))
}

/// The case page's source section; `towns` and `categories` as the case
/// page has them.
pub async fn case_sources(
    db: &Db,
    user: &StaffUser,
    case: &StaffCase,
    towns: &[Choice],
    categories: &[Choice],
) -> Result<CaseSources, DbError> {
    let scope = super::staff_cases::scope(user, case.unit.as_deref());
    let may_link = may(user.role, Action::LinkSource, scope);
    let linked = match case.source_id {
        Some(id) => store::source(db, id).await?.map(|s| summary(&s, towns)),
        None => None,
    };
    // The case's own answers, as the page read them.
    let details = serde_json::from_str::<domain::complaint::filing::Details>(&case.details).ok();
    let suggestions = match details.filter(|_| linked.is_none() && may_link) {
        Some(details) => {
            let wanted = crate::server::cases::wanted_from(
                &details,
                case.town.clone(),
                case.address_public.clone(),
                case.point,
            );
            store::suggestions(db, &wanted)
                .await?
                .iter()
                .map(|s| summary(&s.source, towns))
                .collect()
        }
        None => Vec::new(),
    };
    let own = own_tasks_only(user);
    let warnings = warnings::of_case(db, case.id)
        .await?
        .iter()
        .filter(|w| own.is_none() || w.task_unit == own)
        .map(|w| warning_summary(w, towns, categories))
        .collect();
    Ok(CaseSources {
        linked,
        suggestions,
        warnings,
        may_link,
        may_inspect: may(user.role, Action::RecordInspection, Scope::NoCase)
            && user.unit.is_some()
            && case.unit == user.unit,
    })
}

/// A rule's form posted with problems: its id, the form, the problems.
pub type FailedRule = (
    i64,
    domain::warning::RuleForm,
    Vec<(&'static str, FieldError)>,
);

/// `/staff/admin/warning-rules`; `failed` is a rule's form posted with
/// problems.
pub async fn rules_page(
    db: &Db,
    failed: Option<FailedRule>,
    saved: bool,
) -> Result<crate::api::sources::RulesView, DbError> {
    let categories = super::category_choices(db).await?;
    let rules = warnings::all_rules(db)
        .await?
        .into_iter()
        .map(|(rule, active)| {
            let (form, problems) = match &failed {
                Some((id, form, problems)) if *id == rule.id => {
                    (Some(form.clone()), problems.clone())
                }
                _ => (None, Vec::new()),
            };
            crate::api::sources::RuleRow {
                id: rule.id,
                category: rule.category.as_deref().map(|c| choice(&categories, c)),
                kind: rule.kind,
                severity: rule.severity,
                active,
                form,
                problems,
            }
        })
        .collect();
    Ok(crate::api::sources::RulesView { rules, saved })
}
