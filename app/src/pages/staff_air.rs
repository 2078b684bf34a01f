//! `/staff/air/import`: administrators upload hourly readings as CSV, see
//! every problem with its line number, and import only after confirming.

use domain::aqi::Pollutant;
use domain::shanghai;
use domain::staff::Role;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::air_import::{ImportFileError, ImportPreview};
use crate::api::staff::get_staff_me;
use crate::components::air::format_concentration;
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;
use crate::prefs::use_prefs;

#[component]
pub fn AirImportPage() -> impl IntoView {
    let t = use_texts();
    let me = Resource::new(|| (), |_| get_staff_me());
    view! {
        <Title text=t.import_title />
        <Meta name="robots" content="noindex" />
        <Suspense>
            {move || {
                me.get()
                    .map(|result| match result {
                        Ok(Some(me)) if me.role == Role::Admin => view! { <ImportBody /> }.into_any(),
                        Ok(Some(_)) => {
                            #[cfg(feature = "ssr")]
                            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                r.set_status(http::StatusCode::FORBIDDEN);
                            }
                            view! {
                                <h1>{t.import_title}</h1>
                                <p class="warning">{t.admins_only}</p>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            #[cfg(feature = "ssr")]
                            crate::server::see_other("/staff/login");
                            view! { <a href="/staff/login">{t.staff_login_title}</a> }.into_any()
                        }
                        Err(_) => view! { <ErrorPage /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ImportBody() -> impl IntoView {
    let t = use_texts();
    let preview = use_context::<ImportPreview>();
    let imported = use_query_map()
        .with_untracked(|q| q.get("imported"))
        .and_then(|n| n.parse::<usize>().ok());
    let file_error = preview
        .as_ref()
        .and_then(|p| p.file_error)
        .map(|e| match e {
            ImportFileError::NoFile => t.file_none,
            ImportFileError::NotUtf8 => t.file_not_utf8,
            ImportFileError::Expired => t.file_expired,
            ImportFileError::HasProblems => t.file_has_problems,
        });
    let show_preview = preview.clone().filter(|p| !p.batch.is_empty());
    view! {
        <p class="breadcrumb">
            <a href="/staff">{t.staff_home_title}</a>
        </p>
        {file_error
            .map(|m| {
                view! {
                    <div class="error-summary" role="alert">
                        <h2>{t.error_summary_title}</h2>
                        <ul>
                            <li>
                                <a href="#csv-file">{m}</a>
                            </li>
                        </ul>
                    </div>
                }
            })}
        {imported.map(|n| view! { <p class="success" role="status">{(t.imported)(n)}</p> })}
        <h1>{t.import_title}</h1>
        {match show_preview {
            Some(p) => view! { <Preview preview=p /> }.into_any(),
            None => view! { <UploadForm /> }.into_any(),
        }}
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let t = use_texts();
    view! {
        <p>{t.import_intro}</p>
        <p class="note">{t.import_format}</p>
        <form method="post" action="/staff/air/import" enctype="multipart/form-data" class="form">
            <div class="field">
                <label for="csv-file">{t.import_file_label}</label>
                <input id="csv-file" name="file" type="file" accept=".csv,text/csv" required />
            </div>
            <button type="submit" class="button">{t.import_preview}</button>
        </form>
    }
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let problems: Vec<_> = preview
        .problems
        .iter()
        .map(|(line, p)| {
            view! {
                <tr>
                    <td class="num">{*line}</td>
                    <td>{t.line_problem(p)}</td>
                </tr>
            }
        })
        .collect();
    let sample: Vec<_> = preview
        .sample
        .iter()
        .map(|r| {
            let cells: Vec<_> = Pollutant::ALL
                .into_iter()
                .map(|p| {
                    let v = r
                        .get(p)
                        .map(|v| format_concentration(p, v))
                        .unwrap_or_else(|| "—".into());
                    view! { <td class="num">{v}</td> }
                })
                .collect();
            view! {
                <tr>
                    <td>{r.station.clone()}</td>
                    <td>{shanghai::format_datetime(r.hour, locale)}</td>
                    {cells}
                </tr>
            }
        })
        .collect();
    let heads: Vec<_> = Pollutant::ALL
        .into_iter()
        .map(|p| view! { <th scope="col">{p.label()}</th> })
        .collect();
    let has_problems = !preview.problems.is_empty();
    let (mode, label) = if has_problems {
        ("valid", (t.import_valid_only)(preview.valid))
    } else {
        ("all", (t.import_all)(preview.valid))
    };
    view! {
        <h2>{(t.preview_heading)(&preview.file_name)}</h2>
        <p>
            <strong>{(t.preview_counts)(preview.valid, preview.problems.len())}</strong>
        </p>
        {has_problems
            .then(|| {
                view! {
                    <div class="table-scroll" tabindex="0">
                        <table class="data problems">
                            <thead>
                                <tr>
                                    <th scope="col">{t.line}</th>
                                    <th scope="col">{t.problem}</th>
                                </tr>
                            </thead>
                            <tbody>{problems}</tbody>
                        </table>
                    </div>
                }
            })}
        {(!preview.sample.is_empty())
            .then(|| {
                view! {
                    <h3>{t.preview_sample}</h3>
                    <div class="table-scroll" tabindex="0">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{t.station}</th>
                                    <th scope="col">{t.time}</th>
                                    {heads}
                                </tr>
                            </thead>
                            <tbody>{sample}</tbody>
                        </table>
                    </div>
                }
            })}
        <form method="post" action="/staff/air/import/confirm" class="form actions">
            <input type="hidden" name="batch" value=preview.batch.clone() />
            {(preview.valid > 0)
                .then(|| {
                    view! {
                        <button type="submit" class="button" name="mode" value=mode>
                            {label}
                        </button>
                    }
                })}
            " "
            <a href="/staff/air/import">{t.cancel}</a>
        </form>
    }
}
