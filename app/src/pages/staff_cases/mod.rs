//! The staff's case pages: `/staff/cases` (the inbox, in `inbox`) and
//! `/staff/cases/{reference}` (one case with the actions this staff member
//! may take now, in `case`). Both are rendered by the server's handlers
//! with their view in context; every action is a plain form that posts and
//! comes back here, so all of it works without JavaScript.
//!
//! The tags both pages show, for the priority and the due date, are here.

mod actions;
mod case;
mod inbox;

use domain::handling::Priority;
use leptos::prelude::*;

use crate::api::cases::Flag;
use crate::i18n::use_texts;

pub use case::StaffCasePage;
pub use inbox::InboxPage;

fn flag_tag(flag: Flag) -> Option<AnyView> {
    let t = use_texts();
    match flag {
        Flag::None => None,
        Flag::DueSoon => {
            Some(view! { <span class="tag tag-warn">{t.k.due_soon}</span> }.into_any())
        }
        Flag::Overdue => {
            Some(view! { <span class="tag tag-alert">{t.k.overdue}</span> }.into_any())
        }
    }
}

fn priority_tag(p: Priority) -> Option<AnyView> {
    let t = use_texts();
    (p != Priority::Normal)
        .then(|| view! { <span class="tag tag-alert">{t.k.priority(p)}</span> }.into_any())
}
