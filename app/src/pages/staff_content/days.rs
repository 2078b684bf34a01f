//! `/staff/content/days`: the environment days campaigns can belong to.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::Fields;
use crate::api::content::DaysView;
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;

/// `/staff/content/days`: the environment days and a form to add one.
#[component]
pub fn DaysPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<DaysView>().unwrap_or_default();
    let fields = Fields::new("day", &v.problems);
    let input = |field: &'static str, label: &'static str, value: String| {
        fields.input(field, label, "text", value, 100)
    };
    view! {
        <Title text=t.n.days_title />
        <Meta name="robots" content="noindex" />
        <p class="link-line">
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        {v.saved.then(|| view! { <p class="success" role="status">{t.n.saved}</p> })}
        <h1>{t.n.days_title}</h1>
        <p>{t.n.days_intro}</p>
        <div class="table-scroll" tabindex="0">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.n.day_name_zh}</th>
                        <th scope="col">{t.n.day_name_en}</th>
                        <th scope="col">{t.n.day_date}</th>
                    </tr>
                </thead>
                <tbody>
                    {v
                        .days
                        .iter()
                        .map(|d| {
                            view! {
                                <tr>
                                    <td>{d.name_zh.clone()}</td>
                                    <td>{d.name_en.clone()}</td>
                                    <td>{format!("{:02}-{:02}", d.month, d.day)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t.n.add_day}</h2>
        <form method="post" action="/staff/content/days" class="form">
            {input("name_zh", t.n.day_name_zh, v.form.name_zh.clone())}
            {input("name_en", t.n.day_name_en, v.form.name_en.clone())}
            {input("date", t.n.day_date, v.form.date.clone())}
            {input("slug", t.n.day_slug, v.form.slug.clone())}
            <button type="submit" class="button">{t.n.add_day}</button>
        </form>
    }
}
