//! `/staff/content` (the editors' list) and the article editor
//! (`/staff/content/news/new`, `/staff/content/news/{id}`). Rendered by
//! the server's handlers with their view in context; plain forms.

use domain::content::{Status, Tag};
use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::content::{ArticleEditView, ContentAdminView, DaysView};
use crate::i18n::use_texts;
use crate::pages::complaints::ErrorSummary;
use crate::prefs::use_prefs;

#[component]
pub fn ContentAdminPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<ContentAdminView>().unwrap_or_default();
    view! {
        <Title text=t.n.admin_title />
        <Meta name="robots" content="noindex" />
        <h1>{t.n.admin_title}</h1>
        <p>{t.n.admin_intro}</p>
        <p>
            <a class="button" href="/staff/content/news/new">{t.n.new_article}</a>
            " "
            <a href="/staff/content/days">{t.n.days_title}</a>
        </p>
        {if v.articles.is_empty() {
            view! { <p>{t.n.no_articles}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{t.n.col_title}</th>
                                <th scope="col">{t.n.col_tag}</th>
                                <th scope="col">{t.n.col_status}</th>
                                <th scope="col">{t.n.col_publish_at}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {v
                                .articles
                                .iter()
                                .map(|a| {
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                <a href=format!("/staff/content/news/{}", a.id)>{a.title.clone()}</a>
                                            </th>
                                            <td>{t.n.tag(a.tag)}</td>
                                            <td>
                                                {t.n.status(a.status)} " · "
                                                {if a.public { t.n.public_now } else { t.n.not_public }}
                                            </td>
                                            <td>{a.publish_at.map(|p| shanghai::format_datetime(p, locale)).unwrap_or_default()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
pub fn ArticleEditPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<ArticleEditView>().unwrap_or_default();
    let message = |field: &str| {
        v.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, e)| (t.c.field_message)(f, *e))
    };
    let summary: Vec<(String, String)> = v
        .problems
        .iter()
        .map(|(f, e)| (format!("article-{f}"), (t.c.field_message)(f, *e)))
        .collect();
    let title = if v.id.is_some() {
        t.n.edit_article
    } else {
        t.n.new_article
    };
    let action = match v.id {
        Some(id) => format!("/staff/content/news/{id}"),
        None => "/staff/content/news".to_owned(),
    };
    let class = |field: &str| {
        if message(field).is_some() {
            "field field-error"
        } else {
            "field"
        }
    };
    let f = v.form.clone();
    let text_input = |field: &'static str, label: &'static str, value: String, max: u32| {
        view! {
            <div class=class(field)>
                <label for=format!("article-{field}")>{label}</label>
                {message(field).map(|m| view! { <p class="field-message">{m}</p> })}
                <input id=format!("article-{field}") name=field type="text" maxlength=max.to_string() value=value />
            </div>
        }
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <p>
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=summary />
        {v.saved.then(|| view! { <p class="success" role="status">{t.n.saved}</p> })}
        <h1>{title}</h1>
        {v.public_path.clone().map(|p| view! {
            <p>
                <a href=p>{t.n.view_public}</a>
            </p>
        })}
        <form method="post" action=action class="form">
            {text_input("title", t.n.title_label, f.title.clone(), 100)}
            {text_input("slug", t.n.slug_label, f.slug.clone(), 80)}
            <div class=class("tag")>
                <label for="article-tag">{t.n.tag_label}</label>
                {message("tag").map(|m| view! { <p class="field-message">{m}</p> })}
                <select id="article-tag" name="tag">
                    {Tag::ALL
                        .iter()
                        .map(|tag| view! { <option value=tag.code() selected=f.tag == tag.code()>{t.n.tag(*tag)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class=class("summary")>
                <label for="article-summary">{t.n.summary_label}</label>
                {message("summary").map(|m| view! { <p class="field-message">{m}</p> })}
                <textarea id="article-summary" name="summary" rows="3" maxlength="300">
                    {crate::pages::textarea_text(&f.summary)}
                </textarea>
            </div>
            <div class=class("body")>
                <label for="article-body">{t.n.body_label}</label>
                <p class="hint" id="article-body-hint">{t.n.body_hint}</p>
                {message("body").map(|m| view! { <p class="field-message">{m}</p> })}
                <textarea id="article-body" name="body" rows="14" maxlength="20000" aria-describedby="article-body-hint">
                    {crate::pages::textarea_text(&f.body)}
                </textarea>
            </div>
            <div class=class("status")>
                <label for="article-status">{t.n.status_label}</label>
                {message("status").map(|m| view! { <p class="field-message">{m}</p> })}
                <select id="article-status" name="status">
                    {Status::ALL
                        .iter()
                        .map(|s| view! { <option value=s.code() selected=f.status == s.code()>{t.n.status(*s)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class=class("publish_at")>
                <label for="article-publish_at">{t.n.publish_at_label}</label>
                {message("publish_at").map(|m| view! { <p class="field-message">{m}</p> })}
                <input id="article-publish_at" name="publish_at" type="datetime-local" value=f.publish_at.clone() />
            </div>
            <button type="submit" class="button">{t.n.save}</button>
        </form>
    }
}

/// `/staff/content/days`: the environment days and a form to add one.
#[component]
pub fn DaysPage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<DaysView>().unwrap_or_default();
    let message = |field: &str| {
        v.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, e)| (t.c.field_message)(f, *e))
    };
    let summary: Vec<(String, String)> = v
        .problems
        .iter()
        .map(|(f, e)| (format!("day-{f}"), (t.c.field_message)(f, *e)))
        .collect();
    let input = |field: &'static str, label: &'static str, value: String| {
        let class = if message(field).is_some() {
            "field field-error"
        } else {
            "field"
        };
        view! {
            <div class=class>
                <label for=format!("day-{field}")>{label}</label>
                {message(field).map(|m| view! { <p class="field-message">{m}</p> })}
                <input id=format!("day-{field}") name=field type="text" maxlength="100" value=value />
            </div>
        }
    };
    view! {
        <Title text=t.n.days_title />
        <Meta name="robots" content="noindex" />
        <p>
            <a href="/staff/content">{t.n.back_to_list}</a>
        </p>
        <ErrorSummary items=summary />
        {v.saved.then(|| view! { <p class="success" role="status">{t.n.saved}</p> })}
        <h1>{t.n.days_title}</h1>
        <p>{t.n.days_intro}</p>
        <div class="table-scroll">
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
