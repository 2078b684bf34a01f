//! Who may do what: every staff action against every role, in one table.
//!
//! Case actions also depend on the case: a handling unit's staff act only on
//! cases assigned to their own unit and get nothing (not even a view) of
//! another unit's cases. The web layer asks [`may`] before showing a button
//! and again before acting.

use crate::case::Step;
use crate::staff::Role;

/// Everything a staff member can ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See a case in the inbox and open it.
    ViewCase,
    /// See the resident's name, phone number and full address (logged).
    ViewPersonalData,
    /// A step of the case workflow.
    Case(Step),
    /// Write an internal note.
    AddNote,
    /// Extend the deadline once, with a reason.
    Extend,
    /// Take personal charge of a hard case (包案).
    TakeCharge,
    /// Merge a duplicate into another case.
    Merge,
    /// Raise or lower a case's priority.
    SetPriority,
    /// Approve (and redact) the text a case shows on the public board.
    Publish,
    /// Accounts, units, categories, the working-day calendar.
    Administer,
    /// Import air-quality data.
    ImportAir,
    /// See the outbox of messages to residents.
    ViewOutbox,
    /// Check the trail's hash chain.
    VerifyTrail,
    /// Campaigns, events and news.
    EditContent,
    /// See the register of pollution sources and a source's page.
    ViewSources,
    /// Add and edit sources.
    EditSources,
    /// Merge two sources that are one place.
    MergeSources,
    /// Link a case to a source, or take the link away.
    LinkSource,
    /// See the early warnings (排查预警).
    ViewWarnings,
    /// Acknowledge a warning, turn it into a screening task, dismiss it.
    DecideWarning,
    /// Change the early-warning rules.
    EditWarningRules,
    /// Register a site inspection and get its code; record its result and
    /// photos, revoke it (a handler: their unit's visits).
    RecordInspection,
    /// See site inspections (a handler: their unit's).
    ViewInspections,
    /// Inspections per unit and month with the businesses' ratings.
    ViewInspectionStats,
    /// Keep the list of inspection items and their legal basis.
    EditInspectionItems,
    /// The handling-quality dashboard (a handler: their unit's figures).
    ViewDashboard,
}

/// How the staff member stands to the case in question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Not about a case (administration, content).
    NoCase,
    /// A case assigned to the staff member's own unit.
    OwnUnit,
    /// Any other case.
    OtherCase,
}

/// Whether `role` may take `action` in `scope`.
pub fn may(role: Role, action: Action, scope: Scope) -> bool {
    use Action as A;
    let case_scope = scope != Scope::NoCase;
    match role {
        Role::Admin => match action {
            A::Administer
            | A::ImportAir
            | A::ViewOutbox
            | A::VerifyTrail
            | A::EditWarningRules
            | A::ViewWarnings
            | A::ViewInspections
            | A::ViewInspectionStats
            | A::EditInspectionItems
            | A::ViewDashboard => !case_scope,
            A::ViewCase => case_scope,
            _ => false,
        },
        Role::Dispatcher => match action {
            A::ViewCase
            | A::ViewPersonalData
            | A::AddNote
            | A::Extend
            | A::Merge
            | A::SetPriority
            | A::Publish
            | A::LinkSource => case_scope,
            A::ViewSources
            | A::EditSources
            | A::MergeSources
            | A::ViewWarnings
            | A::DecideWarning
            | A::ViewInspections
            | A::ViewDashboard => !case_scope,
            A::Case(step) => {
                case_scope
                    && matches!(
                        step,
                        Step::Accept | Step::Reject | Step::Transfer | Step::Assign | Step::Close
                    )
            }
            _ => false,
        },
        Role::Handler => match action {
            A::ViewCase | A::ViewPersonalData | A::AddNote | A::LinkSource => {
                scope == Scope::OwnUnit
            }
            // Warnings: the screening tasks given to their unit.
            // Inspections: their unit's.
            A::ViewSources
            | A::EditSources
            | A::ViewWarnings
            | A::RecordInspection
            | A::ViewInspections
            | A::ViewDashboard => !case_scope,
            A::Case(step) => {
                scope == Scope::OwnUnit
                    && matches!(step, Step::Return | Step::Inspect | Step::Reply)
            }
            _ => false,
        },
        Role::Editor => matches!(action, A::EditContent) && !case_scope,
        Role::Leader => match action {
            A::ViewCase | A::TakeCharge => case_scope,
            A::VerifyTrail
            | A::ViewSources
            | A::ViewWarnings
            | A::ViewInspections
            | A::ViewInspectionStats
            | A::ViewDashboard => !case_scope,
            _ => false,
        },
    }
}

/// Every action, for tables and tests.
pub fn all_actions() -> Vec<Action> {
    let mut v = vec![
        Action::ViewCase,
        Action::ViewPersonalData,
        Action::AddNote,
        Action::Extend,
        Action::TakeCharge,
        Action::Merge,
        Action::SetPriority,
        Action::Publish,
        Action::Administer,
        Action::ImportAir,
        Action::ViewOutbox,
        Action::VerifyTrail,
        Action::EditContent,
        Action::ViewSources,
        Action::EditSources,
        Action::MergeSources,
        Action::LinkSource,
        Action::ViewWarnings,
        Action::DecideWarning,
        Action::EditWarningRules,
        Action::RecordInspection,
        Action::ViewInspections,
        Action::ViewInspectionStats,
        Action::EditInspectionItems,
        Action::ViewDashboard,
    ];
    v.extend(Step::ALL.iter().map(|s| Action::Case(*s)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, spelled out: (role, action) → allowed in the scopes
    /// listed. Anything not listed is refused everywhere.
    #[test]
    fn the_matrix() {
        use Action as A;
        use Scope::{NoCase, OtherCase, OwnUnit};
        let any_case: &[Scope] = &[OwnUnit, OtherCase];
        let expected: Vec<(Role, Action, &[Scope])> = vec![
            (Role::Admin, A::Administer, &[NoCase]),
            (Role::Admin, A::ImportAir, &[NoCase]),
            (Role::Admin, A::ViewOutbox, &[NoCase]),
            (Role::Admin, A::VerifyTrail, &[NoCase]),
            (Role::Admin, A::ViewCase, any_case),
            (Role::Admin, A::EditWarningRules, &[NoCase]),
            (Role::Admin, A::ViewWarnings, &[NoCase]),
            (Role::Admin, A::ViewInspections, &[NoCase]),
            (Role::Admin, A::ViewInspectionStats, &[NoCase]),
            (Role::Admin, A::EditInspectionItems, &[NoCase]),
            (Role::Admin, A::ViewDashboard, &[NoCase]),
            (Role::Dispatcher, A::ViewDashboard, &[NoCase]),
            (Role::Handler, A::ViewDashboard, &[NoCase]),
            (Role::Leader, A::ViewDashboard, &[NoCase]),
            (Role::Dispatcher, A::ViewInspections, &[NoCase]),
            (Role::Handler, A::RecordInspection, &[NoCase]),
            (Role::Handler, A::ViewInspections, &[NoCase]),
            (Role::Leader, A::ViewInspections, &[NoCase]),
            (Role::Leader, A::ViewInspectionStats, &[NoCase]),
            (Role::Dispatcher, A::LinkSource, any_case),
            (Role::Dispatcher, A::ViewSources, &[NoCase]),
            (Role::Dispatcher, A::EditSources, &[NoCase]),
            (Role::Dispatcher, A::MergeSources, &[NoCase]),
            (Role::Dispatcher, A::ViewWarnings, &[NoCase]),
            (Role::Dispatcher, A::DecideWarning, &[NoCase]),
            (Role::Handler, A::LinkSource, &[OwnUnit]),
            (Role::Handler, A::ViewSources, &[NoCase]),
            (Role::Handler, A::EditSources, &[NoCase]),
            (Role::Handler, A::ViewWarnings, &[NoCase]),
            (Role::Leader, A::ViewSources, &[NoCase]),
            (Role::Leader, A::ViewWarnings, &[NoCase]),
            (Role::Dispatcher, A::ViewCase, any_case),
            (Role::Dispatcher, A::ViewPersonalData, any_case),
            (Role::Dispatcher, A::AddNote, any_case),
            (Role::Dispatcher, A::Extend, any_case),
            (Role::Dispatcher, A::Merge, any_case),
            (Role::Dispatcher, A::SetPriority, any_case),
            (Role::Dispatcher, A::Publish, any_case),
            (Role::Dispatcher, A::Case(Step::Accept), any_case),
            (Role::Dispatcher, A::Case(Step::Reject), any_case),
            (Role::Dispatcher, A::Case(Step::Transfer), any_case),
            (Role::Dispatcher, A::Case(Step::Assign), any_case),
            (Role::Dispatcher, A::Case(Step::Close), any_case),
            (Role::Handler, A::ViewCase, &[OwnUnit]),
            (Role::Handler, A::ViewPersonalData, &[OwnUnit]),
            (Role::Handler, A::AddNote, &[OwnUnit]),
            (Role::Handler, A::Case(Step::Return), &[OwnUnit]),
            (Role::Handler, A::Case(Step::Inspect), &[OwnUnit]),
            (Role::Handler, A::Case(Step::Reply), &[OwnUnit]),
            (Role::Editor, A::EditContent, &[NoCase]),
            (Role::Leader, A::ViewCase, any_case),
            (Role::Leader, A::TakeCharge, any_case),
            (Role::Leader, A::VerifyTrail, &[NoCase]),
        ];
        for role in Role::ALL {
            for action in all_actions() {
                for scope in [NoCase, OwnUnit, OtherCase] {
                    let allowed = expected
                        .iter()
                        .any(|(r, a, s)| *r == role && *a == action && s.contains(&scope));
                    assert_eq!(
                        may(role, action, scope),
                        allowed,
                        "{role:?} {action:?} {scope:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_handler_of_another_unit_gets_nothing() {
        for action in all_actions() {
            assert!(!may(Role::Handler, action, Scope::OtherCase), "{action:?}");
        }
    }

    #[test]
    fn residents_steps_are_never_staff_steps() {
        for role in Role::ALL {
            for scope in [Scope::OwnUnit, Scope::OtherCase] {
                assert!(!may(role, Action::Case(Step::Rate), scope));
                assert!(!may(role, Action::Case(Step::RequestReview), scope));
            }
        }
    }
}
