//! `/staff/content/news/new` and `/staff/content/news/{id}`: the article
//! editor.

use domain::content::Tag;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::Fields;
use crate::api::content::ArticleEditView;
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;

#[component]
pub fn ArticleEditPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<ArticleEditView>().unwrap_or_default();
    let fields = Fields::new("article", &v.problems);
    let title = if v.id.is_some() {
        t.n.edit_article
    } else {
        t.n.new_article
    };
    let action = match v.id {
        Some(id) => format!("/staff/content/news/{id}"),
        None => "/staff/content/news".to_owned(),
    };
    let f = v.form.clone();
    let tags = Tag::ALL
        .iter()
        .map(|tag| (tag.code().to_owned(), t.n.tag(*tag).to_owned()))
        .collect();
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <p class="link-line">
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=fields.summary() />
        {v.saved.then(|| view! { <p class="success" role="status">{t.n.saved}</p> })}
        <h1>{title}</h1>
        {v.public_path.clone().map(|p| view! {
            <p class="link-line">
                <a href=p>{t.n.view_public}</a>
            </p>
        })}
        <form method="post" action=action class="form">
            {fields.input("title", t.n.title_label, "text", f.title.clone(), 100)}
            {fields.input("slug", t.n.slug_label, "text", f.slug.clone(), 80)}
            {fields.select("tag", t.n.tag_label, tags, &f.tag)}
            {fields.textarea("summary", t.n.summary_label, None, &f.summary, (3, 300))}
            {fields.textarea("body", t.n.body_label, Some(t.n.body_hint), &f.body, (14, 20_000))}
            {fields.publication(&f.status, f.publish_at.clone())}
            <button type="submit" class="button">{t.n.save}</button>
        </form>
    }
}
