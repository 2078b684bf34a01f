//! The staff's own navigation, in place of the public one on every staff
//! page: the workspace, what the signed-in role may open, and signing out
//! (on a phone too, where it sits in the header's menu).

use domain::access::{Action, Scope, may};
use domain::staff::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::use_texts;

/// Who is signed in on a staff page: put in context by the server when it
/// renders a page under `/staff/` for a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffBar {
    pub display_name: String,
    pub role: Role,
}

/// The links `role` may follow: (address, label), in the workspace's order.
pub fn links(role: Role, t: &'static crate::i18n::Texts) -> Vec<(&'static str, &'static str)> {
    let mut links = vec![("/staff", t.staff_home_title)];
    if may(role, Action::ViewCase, Scope::OwnUnit) {
        links.push(("/staff/cases", t.k.inbox_title));
    }
    if may(role, Action::ViewDashboard, Scope::NoCase) {
        links.push(("/staff/dashboard", t.q.dashboard_link));
    }
    if may(role, Action::ViewWarnings, Scope::NoCase) {
        links.push(("/staff/warnings", t.s.warnings_link));
    }
    if may(role, Action::ViewSources, Scope::NoCase) {
        links.push(("/staff/sources", t.s.sources_link));
    }
    if may(role, Action::ViewInspections, Scope::NoCase) {
        links.push(("/staff/inspections", t.i.list_link));
    }
    if may(role, Action::EditContent, Scope::NoCase) {
        links.push(("/staff/content", t.n.admin_title));
    }
    if may(role, Action::ImportAir, Scope::NoCase) {
        links.push(("/staff/air/import", t.import_title));
    }
    if may(role, Action::ViewOutbox, Scope::NoCase) {
        links.push(("/staff/admin/notifications", t.c.outbox_title));
    }
    if may(role, Action::VerifyTrail, Scope::NoCase) {
        links.push(("/staff/admin/trail", t.c.trail_title));
    }
    if may(role, Action::Administer, Scope::NoCase) {
        links.push(("/staff/admin/calendar", t.k.calendar_title));
    }
    if may(role, Action::EditWarningRules, Scope::NoCase) {
        links.push(("/staff/admin/warning-rules", t.s.rules_link));
    }
    if may(role, Action::EditInspectionItems, Scope::NoCase) {
        links.push(("/staff/admin/inspection-items", t.i.items_link));
    }
    links
}

#[component]
pub fn StaffNav(bar: StaffBar) -> impl IntoView {
    let t = use_texts();
    let location = use_location();
    let here = location.pathname.get_untracked();
    // The longest link that starts the address is the current section.
    let current = links(bar.role, t)
        .into_iter()
        .filter(|(href, _)| here == *href || here.starts_with(&format!("{href}/")))
        .max_by_key(|(href, _)| href.len())
        .map(|(href, _)| href);
    view! {
        <nav class="site-nav staff-nav" aria-label=t.staff_nav_label>
            <ul class="wrap">
                {links(bar.role, t)
                    .into_iter()
                    .map(|(href, label)| {
                        view! {
                            <li>
                                <a href=href aria-current=(current == Some(href)).then_some("page")>
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        <div class="wrap staff-who">
            <p class="note">{bar.display_name.clone()}</p>
            <form method="post" action="/staff/logout">
                <button type="submit" class="button secondary">{t.sign_out}</button>
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_what_it_may_open() {
        let t = crate::i18n::texts(Default::default());
        let hrefs = |role| links(role, t).into_iter().map(|l| l.0).collect::<Vec<_>>();
        assert_eq!(hrefs(Role::Editor), ["/staff", "/staff/content"]);
        assert_eq!(
            hrefs(Role::Handler),
            [
                "/staff",
                "/staff/cases",
                "/staff/dashboard",
                "/staff/warnings",
                "/staff/sources",
                "/staff/inspections"
            ]
        );
        assert_eq!(
            hrefs(Role::Dispatcher),
            [
                "/staff",
                "/staff/cases",
                "/staff/dashboard",
                "/staff/warnings",
                "/staff/sources",
                "/staff/inspections"
            ]
        );
        assert_eq!(
            hrefs(Role::Leader),
            [
                "/staff",
                "/staff/cases",
                "/staff/dashboard",
                "/staff/warnings",
                "/staff/sources",
                "/staff/inspections",
                "/staff/admin/trail"
            ]
        );
        assert_eq!(
            hrefs(Role::Admin),
            [
                "/staff",
                "/staff/cases",
                "/staff/dashboard",
                "/staff/warnings",
                "/staff/inspections",
                "/staff/air/import",
                "/staff/admin/notifications",
                "/staff/admin/trail",
                "/staff/admin/calendar",
                "/staff/admin/warning-rules",
                "/staff/admin/inspection-items"
            ]
        );
    }
}
