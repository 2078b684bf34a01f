//! The pages of inspections for leaders and administrators: inspections
//! per unit and month with the businesses' ratings (never one by one), and
//! the list of inspection items with their legal basis.

use domain::inspection::Rating;
use domain::source::SourceKind;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::inspections::{ItemsView, StatsView};
use crate::components::form::{ErrorSummary, Field, problem_message, problem_summary};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// `/staff/inspections/stats`.
#[component]
pub fn InspectionStatsPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<StatsView>().unwrap_or_default();
    view! {
        <Title text=t.i.stats_title />
        <Meta name="robots" content="noindex" />
        <p class="link-line"><a href="/staff/inspections">{t.i.list_title}</a></p>
        <h1>{t.i.stats_title}</h1>
        <p>{t.i.stats_intro}</p>
        {if v.rows.is_empty() {
            view! { <p>{t.i.stats_none}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{t.i.col_month}</th>
                                <th scope="col">{t.i.unit_label}</th>
                                <th scope="col">{t.i.col_parts}</th>
                                <th scope="col">{t.i.col_joint}</th>
                                <th scope="col">{t.i.col_used}</th>
                                <th scope="col">{t.i.col_revoked}</th>
                                <th scope="col">{(t.i.rating)(Rating::Proper)}</th>
                                <th scope="col">{(t.i.rating)(Rating::MostlyProper)}</th>
                                <th scope="col">{(t.i.rating)(Rating::Improper)}</th>
                                <th scope="col">{t.i.col_tasks}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {v.rows.iter().map(|r| view! {
                                <tr>
                                    <td>{r.month.clone()}</td>
                                    <th scope="row">{r.unit.name(locale).to_owned()}</th>
                                    <td>{r.parts}</td>
                                    <td>{r.joint}</td>
                                    <td>{r.used}</td>
                                    <td>{r.revoked}</td>
                                    <td>{r.proper}</td>
                                    <td>{r.mostly_proper}</td>
                                    <td>{r.improper}</td>
                                    <td>{r.tasks}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// `/staff/admin/inspection-items`.
#[component]
pub fn InspectionItemsPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<ItemsView>().unwrap_or_default();
    let message = |field: &str| problem_message(&v.problems, field);
    let summary = problem_summary(&v.problems, "item");
    let f = v.form.clone();
    let kinds_ticked = SourceKind::ALL.map(|k| (k, !f.kind_box(k).is_empty()));
    view! {
        <Title text=t.i.items_title />
        <Meta name="robots" content="noindex" />
        <ErrorSummary items=summary />
        {v.saved.then(|| view! { <div class="success" role="status" id="notice"><p>{t.i.saved}</p></div> })}
        <h1>{t.i.items_title}</h1>
        <p>{t.i.items_intro}</p>
        <ul class="item-list">
            {v.items.iter().map(|row| {
                let (label, next, button) = if row.active {
                    (t.i.item_active, "0", t.i.item_withdraw)
                } else {
                    (t.i.item_inactive, "1", t.i.item_offer)
                };
                view! {
                    <li>
                        <strong>{row.item.name(locale).to_owned()}</strong>
                        " " <span class="tag">{label}</span>
                        <p class="hint">{row.item.hint(locale).to_owned()}</p>
                        <p class="hint">
                            {t.i.item_kinds} {t.colon}
                            {if row.kinds.is_empty() {
                                t.i.item_every_kind.to_owned()
                            } else {
                                row.kinds.iter().map(|k| (t.s.kind)(*k)).collect::<Vec<_>>().join(t.i.sep)
                            }}
                        </p>
                        <form method="post" action=format!("/staff/admin/inspection-items/{}", row.id)>
                            <input type="hidden" name="active" value=next />
                            <button type="submit" class="button button-secondary" aria-label=(t.i.labelled)(button, row.item.name(locale))>{button}</button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>{t.i.item_add}</h2>
        <form method="post" action="/staff/admin/inspection-items" class="form">
            <Field id="item-name_zh" label=t.i.item_name_zh problem=message("name_zh")>
                <input id="item-name_zh" name="name_zh" type="text" maxlength="60" value=f.name_zh.clone() />
            </Field>
            <Field id="item-name_en" label=t.i.item_name_en problem=message("name_en")>
                <input id="item-name_en" name="name_en" type="text" maxlength="100" value=f.name_en.clone() />
            </Field>
            <Field id="item-basis_zh" label=t.i.item_basis_zh problem=message("basis_zh")>
                <textarea id="item-basis_zh" name="basis_zh" rows="3" maxlength="500">{super::textarea_text(&f.basis_zh)}</textarea>
            </Field>
            <Field id="item-basis_en" label=t.i.item_basis_en problem=message("basis_en")>
                <textarea id="item-basis_en" name="basis_en" rows="3" maxlength="500">{super::textarea_text(&f.basis_en)}</textarea>
            </Field>
            <fieldset class="field" aria-describedby="item-kinds-hint">
                <legend>{t.i.item_kinds}</legend>
                <p class="hint" id="item-kinds-hint">{t.i.item_kinds_hint}</p>
                {kinds_ticked.into_iter().map(|(k, ticked)| {
                    let id = format!("item-kind-{}", k.code());
                    view! {
                        <label class="check">
                            <input id=id.clone() name=format!("kind_{}", k.code()) type="checkbox" value="1" checked=ticked />
                            " " {(t.s.kind)(k)}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{t.i.item_add}</button>
        </form>
    }
}
