//! `/stats`: complaint handling in numbers for residents. A published
//! month's figures for the district, per category and per town (a table
//! and a tile map), the year so far against last year, the twelve months
//! before, what each figure counts and the open data. Only published
//! monthly sums; small counts hidden (`domain::public_stats`).

use domain::public_stats::{CLASSES, Cell, PublicFigures, class, month_code};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::public_stats::{PublicRow, PublicStatsView};
use crate::components::chart::{BarChart, bar_chart, count_format};
use crate::components::tile_map::{Tile, TileMap, tile_map};
use crate::i18n::{Texts, use_texts};
use crate::prefs::use_prefs;

/// The figures, in the order the tables list them.
pub const FIGURES: [&str; 4] = ["received", "on_time", "satisfaction", "median"];

/// The open data's addresses (stable: programs read them).
pub const OPEN_CSV: &str = "/stats/complaints-monthly.csv";
pub const OPEN_JSON: &str = "/stats/complaints-monthly.json";
pub const OPEN_PACKAGE: &str = "/stats/datapackage.json";

/// A figure as the tables show it.
pub fn shown(code: &str, f: &PublicFigures, t: &'static Texts) -> String {
    let none = || t.q.none.to_owned();
    match code {
        "received" => match f.received {
            Cell::Shown(n) => n.to_string(),
            Cell::Hidden => t.p.hidden.to_owned(),
        },
        "on_time" => f.on_time.map_or_else(none, t.q.percent),
        "satisfaction" => f.satisfaction.map_or_else(none, t.q.percent),
        _ => f
            .median_days
            .map_or_else(none, |(lo, hi)| (t.q.days_range)(lo, hi)),
    }
}

fn group_table(
    rows: &[PublicRow],
    first: &'static str,
    caption: &'static str,
    locale: domain::prefs::Locale,
    t: &'static Texts,
) -> impl IntoView + use<> {
    let heads = FIGURES
        .iter()
        .map(|code| view! { <th scope="col">{(t.p.figure)(code)}</th> })
        .collect_view();
    let body = rows
        .iter()
        .map(|r| {
            let cells = FIGURES
                .iter()
                .map(|code| view! { <td class="num">{shown(code, &r.figures, t)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{r.group.name(locale).to_owned()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data public">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr><th scope="col">{first}</th>{heads}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// A table of the four figures in two columns (this and the one compared;
/// "—" where a side was not published whole).
fn compare_table(
    now: Option<&PublicFigures>,
    then: Option<&PublicFigures>,
    heads: (&'static str, &'static str),
    t: &'static Texts,
) -> impl IntoView + use<> {
    let rows = FIGURES
        .iter()
        .map(|code| {
            let cell = |f: Option<&PublicFigures>| {
                f.map_or_else(|| t.q.none.to_owned(), |f| shown(code, f, t))
            };
            let (now, before) = (cell(now), cell(then));
            view! {
                <tr>
                    <th scope="row"><a href=format!("#def-{code}")>{(t.p.figure)(code)}</a></th>
                    <td class="num">{now}</td>
                    <td class="num">{before}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data public">
                <thead>
                    <tr>
                        <th scope="col">{t.p.col_figure}</th>
                        <th scope="col">{heads.0}</th>
                        <th scope="col">{heads.1}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn PublicStatsPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let v = use_context::<PublicStatsView>().unwrap_or_default();
    let problem = v.problem.map(|p| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="stats-problem">
                <h2 id="stats-problem">{t.p.problem_title}</h2>
                <ul><li><a href="#s-month">{(t.p.problem)(p)}</a></li></ul>
            </div>
        }
    });
    let selected = v
        .shown
        .as_ref()
        .map(|s| month_code(s.month))
        .unwrap_or_else(|| v.query.month.clone());
    let options = v
        .months
        .iter()
        .map(|m| {
            let code = month_code(*m);
            let is = code == selected;
            view! { <option value=code selected=is>{(t.p.month)(*m)}</option> }
        })
        .collect_view();
    let form = (!v.months.is_empty()).then(|| {
        view! {
            <form method="get" action="/stats" class="form stats-month-form">
                <div class="field">
                    <label for="s-month">{t.p.month_label}</label>
                    <select id="s-month" name="month">{options}</select>
                </div>
                <button type="submit" class="button button-secondary">{t.p.show}</button>
            </form>
        }
    });
    let body = match v.shown.clone() {
        None => v
            .problem
            .is_none()
            .then(|| view! { <p>{t.p.nothing_yet}</p> })
            .into_any(),
        Some(s) => {
            let month_name = (t.p.month)(s.month);
            let published = (t.p.published)(&month_name, domain::shanghai::today(s.published_at));
            let at = v.months.iter().position(|m| *m == s.month);
            let earlier = at.and_then(|i| v.months.get(i + 1)).map(|m| {
                view! { <a href=format!("/stats?month={}", month_code(*m)) rel="prev">{t.p.earlier}</a> }
            });
            let later = at.and_then(|i| i.checked_sub(1)).and_then(|i| v.months.get(i)).map(|m| {
                view! { <a href=format!("/stats?month={}", month_code(*m)) rel="next">{t.p.later}</a> }
            });
            let overview = compare_table(
                Some(&s.district),
                s.last_year.as_ref(),
                (t.p.col_month, t.p.col_last_year),
                t,
            );
            let year = compare_table(
                s.year.as_ref(),
                s.year_before.as_ref(),
                (t.p.col_this_year, t.p.col_year_before),
                t,
            );
            let categories = group_table(
                &s.categories,
                t.p.col_category,
                t.p.categories_heading,
                locale,
                t,
            );
            let towns = group_table(&s.towns, t.p.col_town, t.p.towns_heading, locale, t);
            let map = tile_map(TileMap {
                id: "map-on-time",
                title: (t.p.map_heading)(&month_name),
                description: t.p.map_description.to_owned(),
                tiles: s
                    .towns
                    .iter()
                    .map(|r| Tile {
                        name: r.group.name(locale).to_owned(),
                        value: shown("on_time", &r.figures, t),
                        class: class(r.figures.on_time),
                        at: r.tile,
                    })
                    .collect(),
                classes: (0..CLASSES.len())
                    .map(|i| (t.p.class)(i).to_owned())
                    .collect(),
                none: t.p.class_none.to_owned(),
                legend: t.p.legend.to_owned(),
            });
            let trend = bar_chart(BarChart {
                id: "chart-received",
                title: t.p.trend_heading.to_owned(),
                labels: s
                    .trend
                    .iter()
                    .map(|(m, _)| m.format("%y-%m").to_string())
                    .collect(),
                rows: s.trend.iter().map(|(m, _)| (t.p.month)(*m)).collect(),
                row_heading: t.p.month_label.to_owned(),
                table_label: t.q.chart_numbers.to_owned(),
                series: vec![(
                    (t.p.figure)("received").to_owned(),
                    s.trend
                        .iter()
                        .map(|(_, f)| {
                            f.as_ref()
                                .and_then(|f| f.received.shown())
                                .map_or(f64::NAN, |n| n as f64)
                        })
                        .collect(),
                )],
                stacked: true,
                max: None,
                format: count_format(),
            });
            view! {
                <p class="lead">{published}</p>
                <nav class="stats-month-nav" aria-label=t.p.months_nav>{earlier}{later}</nav>
                <h2 id="overview">{(t.p.overview_heading)(&month_name)}</h2>
                {overview}
                <h2 id="year">{(t.p.year_heading)(s.month)}</h2>
                {year}
                <h2 id="categories">{t.p.categories_heading}</h2>
                {categories}
                <h2 id="towns">{t.p.towns_heading}</h2>
                {map}
                {towns}
                <p class="note">{t.p.hidden_note}</p>
                {trend}
            }
            .into_any()
        }
    };
    let definitions = FIGURES
        .iter()
        .map(|code| {
            view! {
                <dt id=format!("def-{code}")>{(t.p.figure)(code)}</dt>
                <dd>{(t.p.definition)(code)}</dd>
            }
        })
        .collect_view();
    let fields = domain::public_stats::FIELDS
        .iter()
        .map(|f| {
            let meaning = match locale {
                domain::prefs::Locale::ZhCn => f.zh,
                domain::prefs::Locale::En => f.en,
            };
            view! { <tr><th scope="row"><code>{f.name}</code></th><td>{meaning}</td></tr> }
        })
        .collect_view();
    view! {
        <Title text=t.p.title />
        <Meta name="description" content=t.p.intro />
        {problem}
        <h1>{t.p.title}</h1>
        <p>{t.p.intro}</p>
        {form}
        {body}
        <h2 id="definitions">{t.p.definitions_heading}</h2>
        <dl class="definitions">{definitions}</dl>
        <h2 id="open-data">{t.p.open_heading}</h2>
        <p>{t.p.open_intro}</p>
        <ul>
            <li><a href=OPEN_CSV>{t.p.open_csv}</a></li>
            <li><a href=OPEN_JSON>{t.p.open_json}</a></li>
            <li><a href=OPEN_PACKAGE>{t.p.open_package}</a></li>
        </ul>
        <p>{t.p.licence}</p>
        <h3>{t.p.fields_heading}</h3>
        <div class="table-scroll" tabindex="0">
            <table class="data">
                <thead><tr><th scope="col">{t.p.col_field}</th><th scope="col">{t.p.col_meaning}</th></tr></thead>
                <tbody>{fields}</tbody>
            </table>
        </div>
    }
}
