//! `/staff/dashboard`: handling quality in numbers. A period and filters
//! (a plain GET form), the key figures against the period before and the
//! same period last year, the same figures per unit and per town in
//! tables sorted by links, and what each figure counts.

use domain::stats::{Figures, Live};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::staff_sources::option;
use crate::api::stats::{ChartsView, DashboardView, GroupRow};
use crate::components::chart::{BarChart, bar_chart, count_format};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// The figures, in the order the page lists them.
pub const FIGURES: [&str; 13] = [
    "intake",
    "answered",
    "backlog",
    "on_time",
    "average_days",
    "p90_days",
    "overdue",
    "satisfaction",
    "rating_rate",
    "review_rate",
    "repeat_rate",
    "charge_open",
    "charge_settled",
];

/// The columns of the side-by-side tables (figure codes).
const COLUMNS: [&str; 8] = [
    "intake",
    "answered",
    "on_time",
    "average_days",
    "satisfaction",
    "backlog",
    "overdue",
    "repeat_rate",
];

/// How a figure reads: a count, a share, days.
enum Value {
    Count(i64),
    Share(Option<f64>),
    Days(Option<f64>),
    Range(Option<(u32, u32)>),
}

fn value(code: &str, f: &Figures, live: &Live) -> Value {
    match code {
        "intake" => Value::Count(f.intake),
        "answered" => Value::Count(f.answered),
        "backlog" => Value::Count(f.backlog),
        "overdue" => Value::Count(live.overdue),
        "charge_open" => Value::Count(live.charge_open),
        "charge_settled" => Value::Count(f.charge_settled),
        "on_time" => Value::Share(f.on_time),
        "satisfaction" => Value::Share(f.satisfaction),
        "rating_rate" => Value::Share(f.rating_rate),
        "review_rate" => Value::Share(f.review_rate),
        "repeat_rate" => Value::Share(f.repeat_rate),
        "average_days" => Value::Days(f.average_days),
        _ => Value::Range(f.p90_days),
    }
}

fn show(v: &Value, t: &'static crate::i18n::Texts) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Share(Some(r)) => (t.q.percent)(*r),
        Value::Days(Some(d)) => (t.q.days)(*d),
        Value::Range(Some((lo, hi))) => (t.q.days_range)(*lo, *hi),
        _ => t.q.none.to_owned(),
    }
}

/// The earlier value and how this one differs from it: counts in per
/// cent, shares in points, days in working days.
fn against(now: &Value, then: &Value, t: &'static crate::i18n::Texts) -> String {
    let change = match (now, then) {
        (Value::Count(a), Value::Count(b)) if *b > 0 => {
            Some((t.q.change)((*a - *b) as f64 / *b as f64))
        }
        (Value::Share(Some(a)), Value::Share(Some(b))) => Some((t.q.points)(a - b)),
        _ => None,
    };
    match change {
        Some(c) => format!("{}（{c}）", show(then, t)),
        None => show(then, t),
    }
}

/// `/staff/dashboard`.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<DashboardView>().unwrap_or_default();
    let q = v.query.clone();
    let period_options = ["this_month", "last_month", "this_year", "custom"]
        .into_iter()
        .map(|p| {
            let selected = if q.period.is_empty() {
                "this_month"
            } else {
                q.period.as_str()
            };
            option(p, (t.q.period)(p).to_owned(), selected)
        })
        .collect_view();
    let choices = |list: &[crate::api::complaints::Choice], selected: &str| {
        list.iter()
            .map(|c| option(&c.code, c.name(locale).to_owned(), selected))
            .collect_view()
    };
    let towns = choices(&v.towns, &q.town);
    let units = choices(&v.units, &q.unit);
    let categories = choices(&v.categories, &q.category);
    let channels = choices(&v.channels, &q.channel);
    let problem = v.problem.map(|p| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="period-problem">
                <h2 id="period-problem">{t.q.problem_title}</h2>
                <ul>
                    <li><a href="#d-from">{(t.q.period_problem)(p)}</a></li>
                </ul>
            </div>
        }
    });
    let own_unit = v
        .own_unit
        .as_ref()
        .map(|u| view! { <p class="note">{(t.q.own_unit)(u.name(locale))}</p> });
    let unit_field = v.own_unit.is_none().then(|| {
        view! {
            <div class="field">
                <label for="d-unit">{t.q.unit_label}</label>
                <select id="d-unit" name="unit">
                    {option("", t.s.any.to_owned(), &q.unit)}
                    {units}
                </select>
            </div>
        }
    });
    let measures = v.measures.clone().map(|m| {
        let span = (t.q.span)(m.span.from, m.span.to);
        let compared = (t.q.compared)(
            &(t.q.span)(m.previous.from, m.previous.to),
            &(t.q.span)(m.year_before.from, m.year_before.to),
        );
        let no_live = Live::default();
        let rows = FIGURES
            .iter()
            .map(|code| {
                let now = value(code, &m.figures, &m.live);
                // The counts of this moment have nothing to compare with.
                let live = matches!(*code, "overdue" | "charge_open");
                let (before, last_year) = if live {
                    (t.q.none.to_owned(), t.q.none.to_owned())
                } else {
                    (
                        against(&now, &value(code, &m.before, &no_live), t),
                        against(&now, &value(code, &m.last_year, &no_live), t),
                    )
                };
                let cases = m.links.iter().find(|(c, _)| c == code).map(|(_, href)| {
                    view! {
                        " "
                        <a class="figure-cases" href=href.clone()
                            aria-label=format!("{} {}", t.q.show_cases, (t.q.figure)(code))>
                            {t.q.show_cases}
                        </a>
                    }
                });
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("#def-{code}")>{(t.q.figure)(code)}</a>
                            {cases}
                        </th>
                        <td class="num">{show(&now, t)}</td>
                        <td class="num">{before}</td>
                        <td class="num">{last_year}</td>
                    </tr>
                }
            })
            .collect_view();
        let charts = charts(&m.charts, locale, t);
        let csv = format!(
            "{}&sort={}",
            v.base
                .replacen("/staff/dashboard?", "/staff/dashboard.csv?", 1),
            q.sort
        );
        let units = group_table(&m.units, t.q.col_unit, &v.base, &q.sort, locale, t);
        let towns = group_table(&m.towns, t.q.col_town, &v.base, &q.sort, locale, t);
        view! {
            <p class="lead">{span}</p>
            <p class="note">{compared}</p>
            <h2>{t.q.figures_heading}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data figures">
                    <thead>
                        <tr>
                            <th scope="col">{t.q.col_figure}</th>
                            <th scope="col">{t.q.col_value}</th>
                            <th scope="col">{t.q.col_previous}</th>
                            <th scope="col">{t.q.col_last_year}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="note">{t.q.live_note}</p>
            <h2 id="charts">{t.q.charts_heading}</h2>
            {charts}
            <h2 id="units">{t.q.units_heading}</h2>
            <p class="note">{t.q.sort_hint}</p>
            <ul class="inline-list">
                <li><a href=csv.clone()>{t.q.download_csv}</a></li>
                <li><a href=csv.replacen("/staff/dashboard.csv?", "/staff/dashboard.xlsx?", 1)>{t.q.download_xlsx}</a></li>
            </ul>
            {units}
            <h2 id="towns">{t.q.towns_heading}</h2>
            {towns}
        }
    });
    let definitions = FIGURES
        .iter()
        .map(|code| {
            view! {
                <dt id=format!("def-{code}")>{(t.q.figure)(code)}</dt>
                <dd>{(t.q.definition)(code)}</dd>
            }
        })
        .collect_view();
    view! {
        <Title text=t.q.dashboard_title />
        <Meta name="robots" content="noindex" />
        {problem}
        <h1>{t.q.dashboard_title}</h1>
        <p>{t.q.dashboard_intro}</p>
        {own_unit}
        <form method="get" action="/staff/dashboard" class="form filters">
            <div class="field">
                <label for="d-period">{t.q.period_label}</label>
                <select id="d-period" name="period">{period_options}</select>
            </div>
            <div class="field">
                <label for="d-from">{t.q.from_label}</label>
                <input id="d-from" name="from" type="date" value=q.from.clone()
                    aria-describedby="d-dates-hint" />
            </div>
            <div class="field">
                <label for="d-to">{t.q.to_label}</label>
                <input id="d-to" name="to" type="date" value=q.to.clone()
                    aria-describedby="d-dates-hint" />
            </div>
            <p class="hint" id="d-dates-hint">{t.q.dates_hint}</p>
            <div class="field">
                <label for="d-town">{t.s.town_label}</label>
                <select id="d-town" name="town">
                    {option("", t.s.any.to_owned(), &q.town)}
                    {towns}
                </select>
            </div>
            {unit_field}
            <div class="field">
                <label for="d-category">{t.s.category_label}</label>
                <select id="d-category" name="category">
                    {option("", t.s.any.to_owned(), &q.category)}
                    {categories}
                </select>
            </div>
            <div class="field">
                <label for="d-channel">{t.q.channel_label}</label>
                <select id="d-channel" name="channel">
                    {option("", t.s.any.to_owned(), &q.channel)}
                    {channels}
                </select>
            </div>
            <button type="submit" class="button button-secondary">{t.s.apply}</button>
        </form>
        {measures}
        <h2 id="definitions">{t.q.definitions_heading}</h2>
        <dl class="definitions">{definitions}</dl>
    }
}

/// A side-by-side table of `rows` (units or towns), its column headers
/// links that sort by them.
fn group_table(
    rows: &[GroupRow],
    first: &'static str,
    base: &str,
    sort: &str,
    locale: domain::prefs::Locale,
    t: &'static crate::i18n::Texts,
) -> impl IntoView + use<> {
    if rows.is_empty() {
        return view! { <p>{t.q.no_groups}</p> }.into_any();
    }
    let headers = COLUMNS
        .iter()
        .map(|code| {
            let sorted = *code == sort;
            view! {
                <th scope="col" aria-sort=sorted.then_some("descending")>
                    <a href=format!("{base}&sort={code}")>{(t.q.figure)(code)}</a>
                </th>
            }
        })
        .collect_view();
    let body = rows
        .iter()
        .map(|r| {
            let cells = COLUMNS
                .iter()
                .map(|code| view! { <td class="num">{show(&value(code, &r.figures, &r.live), t)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{r.group.name(locale).to_owned()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data groups">
                <thead>
                    <tr>
                        <th scope="col"><a href=base.to_owned()>{first}</a></th>
                        {headers}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The three charts: intake by category per bar, the twelve months' rates,
/// open cases by age.
fn charts(
    c: &ChartsView,
    locale: domain::prefs::Locale,
    t: &'static crate::i18n::Texts,
) -> impl IntoView + use<> {
    let short = |d: chrono::NaiveDate| match c.step {
        domain::stats::Step::Month => d.format("%Y-%m").to_string(),
        _ => d.format("%-m/%-d").to_string(),
    };
    let intake = bar_chart(BarChart {
        id: "chart-intake",
        title: t.q.intake_chart.to_owned(),
        labels: c.intake.iter().map(|(d, _)| short(*d)).collect(),
        rows: c
            .intake
            .iter()
            .map(|(d, _)| (t.q.bar_row)(c.step, *d))
            .collect(),
        table_label: t.q.chart_numbers.to_owned(),
        row_heading: (t.q.bar_heading)(c.step).to_owned(),
        series: c
            .categories
            .iter()
            .enumerate()
            .map(|(i, cat)| {
                let values = c
                    .intake
                    .iter()
                    .map(|(_, v)| v.get(i).copied().unwrap_or(0) as f64);
                (cat.name(locale).to_owned(), values.collect())
            })
            .collect(),
        stacked: true,
        max: None,
        format: count_format(),
    });
    let rates = bar_chart(BarChart {
        id: "chart-rates",
        title: t.q.rates_chart.to_owned(),
        labels: c
            .months
            .iter()
            .map(|(d, _, _)| d.format("%Y-%m").to_string())
            .collect(),
        rows: c
            .months
            .iter()
            .map(|(d, _, _)| (t.q.month_row)(*d))
            .collect(),
        table_label: t.q.chart_numbers.to_owned(),
        row_heading: (t.q.bar_heading)(domain::stats::Step::Month).to_owned(),
        series: vec![
            (
                (t.q.figure)("on_time").to_owned(),
                c.months
                    .iter()
                    .map(|(_, r, _)| r.unwrap_or(f64::NAN))
                    .collect(),
            ),
            (
                (t.q.figure)("satisfaction").to_owned(),
                c.months
                    .iter()
                    .map(|(_, _, r)| r.unwrap_or(f64::NAN))
                    .collect(),
            ),
        ],
        stacked: false,
        max: Some(1.0),
        format: t.q.percent,
    });
    let ages = bar_chart(BarChart {
        id: "chart-ages",
        title: t.q.ages_chart.to_owned(),
        labels: domain::stats::AGES
            .iter()
            .map(|(lo, hi)| (t.q.age)(*lo, *hi))
            .collect(),
        rows: domain::stats::AGES
            .iter()
            .map(|(lo, hi)| (t.q.age)(*lo, *hi))
            .collect(),
        table_label: t.q.chart_numbers.to_owned(),
        row_heading: t.q.age_heading.to_owned(),
        series: vec![(
            t.q.col_cases.to_owned(),
            c.ages.iter().map(|n| *n as f64).collect(),
        )],
        stacked: true,
        max: None,
        format: count_format(),
    });
    view! { {intake} {rates} {ages} }
}

/// The dashboard as rows for a spreadsheet (`/staff/dashboard.csv`): the
/// period, the key figures with their comparisons, the two tables, each
/// value as the page shows it.
pub fn export_rows(
    v: &DashboardView,
    locale: domain::prefs::Locale,
    t: &'static crate::i18n::Texts,
) -> Vec<Vec<String>> {
    let Some(m) = &v.measures else {
        return Vec::new();
    };
    let no_live = Live::default();
    let mut rows = vec![
        vec![
            t.q.dashboard_title.to_owned(),
            (t.q.span)(m.span.from, m.span.to),
        ],
        Vec::new(),
        vec![
            t.q.col_figure.to_owned(),
            t.q.col_value.to_owned(),
            t.q.col_previous.to_owned(),
            t.q.col_last_year.to_owned(),
        ],
    ];
    for code in FIGURES {
        let now = value(code, &m.figures, &m.live);
        let live = matches!(code, "overdue" | "charge_open");
        let compare = |f: &Figures| match live {
            true => t.q.none.to_owned(),
            false => against(&now, &value(code, f, &no_live), t),
        };
        rows.push(vec![
            (t.q.figure)(code).to_owned(),
            show(&now, t),
            compare(&m.before),
            compare(&m.last_year),
        ]);
    }
    for (heading, first, groups) in [
        (t.q.units_heading, t.q.col_unit, &m.units),
        (t.q.towns_heading, t.q.col_town, &m.towns),
    ] {
        rows.push(Vec::new());
        rows.push(vec![heading.to_owned()]);
        let mut head = vec![first.to_owned()];
        head.extend(COLUMNS.iter().map(|c| (t.q.figure)(c).to_owned()));
        rows.push(head);
        for r in groups {
            let mut row = vec![r.group.name(locale).to_owned()];
            row.extend(
                COLUMNS
                    .iter()
                    .map(|c| show(&value(c, &r.figures, &r.live), t)),
            );
            rows.push(row);
        }
    }
    rows
}

/// The dashboard as workbook sheets (`/staff/dashboard.xlsx`): the key
/// figures (under the period), the units' table and the towns' table,
/// each sheet named after its table.
pub fn export_sheets(
    v: &DashboardView,
    locale: domain::prefs::Locale,
    t: &'static crate::i18n::Texts,
) -> Vec<(String, Vec<Vec<String>>)> {
    let rows = export_rows(v, locale, t);
    let mut sections = rows.split(|r| r.is_empty());
    let mut sheets = Vec::new();
    if let (Some(title), Some(figures)) = (sections.next(), sections.next()) {
        let mut first: Vec<Vec<String>> = figures.to_vec();
        first.extend(title.iter().cloned());
        sheets.push((t.q.figures_heading.to_owned(), first));
    }
    for section in sections {
        if let Some((heading, table)) = section.split_first() {
            let name = heading.first().cloned().unwrap_or_default();
            sheets.push((name, table.to_vec()));
        }
    }
    sheets
}
