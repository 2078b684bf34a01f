//! `/staff/content` (the editors' list, in `list`), the article editor
//! (`news`), the campaign and event editors (`campaigns`) and the
//! environment days (`days`). Rendered by the server's handlers with their
//! view in context; plain forms.
//!
//! `Fields`, the form fields every editor is built from, is here.

mod campaigns;
mod days;
mod list;
mod news;

use domain::complaint::input::FieldError;
use domain::content::Status;
use leptos::prelude::*;

use crate::i18n::{Texts, use_texts};

pub use campaigns::{CampaignEditPage, EventEditPage};
pub use days::DaysPage;
pub use list::ContentAdminPage;
pub use news::ArticleEditPage;

/// The fields of one editor's form: ids are `{prefix}-{name}`, and each
/// field shows its problem beside it.
#[derive(Clone)]
struct Fields {
    t: &'static Texts,
    prefix: &'static str,
    problems: Vec<(&'static str, FieldError)>,
}

impl Fields {
    fn new(prefix: &'static str, problems: &[(&'static str, FieldError)]) -> Fields {
        Fields {
            t: use_texts(),
            prefix,
            problems: problems.to_vec(),
        }
    }

    fn message(&self, field: &str) -> Option<String> {
        crate::components::form::problem_message(&self.problems, field)
    }

    /// The error summary's items, linking to the fields.
    fn summary(&self) -> Vec<(String, String)> {
        crate::components::form::problem_summary(&self.problems, self.prefix)
    }

    fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// A field around `control` (whose id is `self.id(name)`).
    fn wrap(
        &self,
        name: &'static str,
        label: &'static str,
        hint: Option<String>,
        control: AnyView,
    ) -> AnyView {
        let message = self.message(name);
        let class = if message.is_some() {
            "field field-error"
        } else {
            "field"
        };
        let hint_id = format!("{}-hint", self.id(name));
        view! {
            <div class=class>
                <label for=self.id(name)>{label}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
                {message.map(|m| view! { <p class="field-message">{m}</p> })}
                {control}
            </div>
        }
        .into_any()
    }

    /// A one-line input (`kind` is its type: text, number, datetime-local).
    fn input(
        &self,
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: String,
        max: u32,
    ) -> AnyView {
        let control = view! {
            <input id=self.id(name) name=name type=kind maxlength=max.to_string() value=value />
        };
        self.wrap(name, label, None, control.into_any())
    }

    fn textarea(
        &self,
        name: &'static str,
        label: &'static str,
        hint: Option<&'static str>,
        value: &str,
        (rows, max): (u32, u32),
    ) -> AnyView {
        let control = view! {
            <textarea
                id=self.id(name)
                name=name
                rows=rows.to_string()
                maxlength=max.to_string()
                aria-describedby=hint.map(|_| format!("{}-hint", self.id(name)))
            >
                {crate::pages::textarea_text(value)}
            </textarea>
        };
        self.wrap(name, label, hint.map(str::to_owned), control.into_any())
    }

    /// A select of `(value, label)` options.
    fn select(
        &self,
        name: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        selected: &str,
    ) -> AnyView {
        let control = view! {
            <select id=self.id(name) name=name>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        };
        self.wrap(name, label, None, control.into_any())
    }

    /// Status and publication time, as articles and campaigns share them.
    fn publication(&self, status: &str, publish_at: String) -> AnyView {
        let t = self.t;
        let statuses = Status::ALL
            .iter()
            .map(|s| (s.code().to_owned(), t.n.status(*s).to_owned()))
            .collect();
        view! {
            {self.select("status", t.n.status_label, statuses, status)}
            {self.input("publish_at", t.n.publish_at_label, "datetime-local", publish_at, 20)}
        }
        .into_any()
    }
}
