//! Air-quality view pieces: the AQI badge and summary, server-rendered SVG
//! charts with a data-table alternative, and the year's calendar.

use chrono::{Datelike, NaiveDate};
use domain::aqi::{Category, Pollutant};
use domain::shanghai;
use leptos::prelude::*;

use crate::api::air::{AirNow, AirPoint, DayAqi, SeriesPoint};
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// CSS class carrying a category's colours (background, text, SVG fill).
pub fn category_class(c: Option<Category>) -> String {
    format!("aqi-cat-{}", c.map(Category::code).unwrap_or("none"))
}

pub fn format_concentration(p: Pollutant, v: f64) -> String {
    format!("{:.*}", p.decimals() as usize, v)
}

fn primary_text(point: &AirPoint) -> String {
    let t = use_texts();
    if point.primary.is_empty() {
        t.no_primary.to_owned()
    } else {
        point
            .primary
            .iter()
            .map(|p| p.label())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The AQI number on its category's colour, with the category's name in
/// words (colour never carries the meaning alone).
#[component]
pub fn AqiBadge(point: AirPoint) -> impl IntoView {
    let t = use_texts();
    let class = format!("aqi-badge {}", category_class(point.category));
    let name = point
        .category
        .map(|c| t.category(c).name)
        .unwrap_or(t.no_data);
    view! {
        <div class=class>
            <span class="aqi-number">{point.aqi.map(|a| a.to_string()).unwrap_or_else(|| "—".into())}</span>
            <span class="aqi-name">{name}</span>
        </div>
    }
}

/// The district now: badge, primary pollutant, effect and advice, data time,
/// stale and demo notices.
#[component]
pub fn AirSummary(now: AirNow) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let category = now.district.category;
    let primary = primary_text(&now.district);
    let missing = now.district.pollutants.iter().any(|p| p.iaqi.is_none());
    view! {
        <div class="air-summary">
            <AqiBadge point=now.district.clone() />
            <div class="air-facts">
                <p>
                    <span class="label">{t.primary_pollutant}{t.colon}</span>
                    <strong>{primary}</strong>
                </p>
                {category
                    .map(|c| {
                        let text = t.category(c);
                        view! {
                            <p class="air-effect">{text.effect}</p>
                            <p class="air-advice">
                                <strong>{text.advice}</strong>
                            </p>
                        }
                    })}
                {missing.then(|| view! { <p class="note">{t.missing_pollutants}</p> })}
                <p class="air-time">
                    {(t.as_of)(&shanghai::format_datetime(now.as_of, locale))}
                    {now.demo.then(|| view! { " " <span class="tag">{t.demo_data}</span> })}
                </p>
                {now.stale.then(|| view! { <p class="warning" role="status">{t.stale_warning}</p> })}
            </div>
        </div>
    }
}

/// A chart coordinate to a tenth of a unit: a full `f64` (`141.33333333333334`)
/// made the air page's charts twice the size for nothing the eye can see.
fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// A bar chart of AQI values as SVG, labelled for screen readers, with the
/// same data as a table in a disclosure.
#[component]
pub fn AqiBarChart(id: &'static str, title: String, points: Vec<SeriesPoint>) -> impl IntoView {
    let t = use_texts();
    let width = 640.0;
    let height = 200.0;
    let top = points
        .iter()
        .filter_map(|p| p.aqi)
        .max()
        .unwrap_or(0)
        .max(150) as f64;
    let n = points.len().max(1) as f64;
    let slot = width / n;
    let bar = (slot * 0.8).max(1.0);
    let title_id = format!("{id}-title");
    // Guide lines at the category edges within range.
    let guides: Vec<_> = [50.0, 100.0, 150.0, 200.0, 300.0]
        .into_iter()
        .filter(|g| *g <= top)
        .map(|g| {
            let y = height - g / top * height;
            view! {
                <line class="chart-guide" x1="0" x2=width y1=px(y) y2=px(y) />
                <text class="chart-axis" x="2" y=px(y - 2.0)>{g.to_string()}</text>
            }
        })
        .collect();
    let bars: Vec<_> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = i as f64 * slot + (slot - bar) / 2.0;
            let value = p.aqi.map(f64::from).unwrap_or(0.0);
            let h = (value / top * height).max(if p.aqi.is_some() { 1.0 } else { 0.0 });
            let label = format!(
                "{}: {}",
                p.label,
                p.aqi
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| t.no_data.to_owned())
            );
            view! {
                <rect
                    class=category_class(p.aqi.map(Category::of))
                    x=px(x)
                    y=px(height - h)
                    width=px(bar)
                    height=px(h)
                >
                    <title>{label}</title>
                </rect>
            }
        })
        .collect();
    let first = points.first().map(|p| p.label.clone()).unwrap_or_default();
    let last = points.last().map(|p| p.label.clone()).unwrap_or_default();
    let rows: Vec<_> = points
        .iter()
        .map(|p| {
            let cat = p
                .aqi
                .map(|a| t.category(Category::of(a)).name)
                .unwrap_or(t.no_data);
            view! {
                <tr>
                    <td>{p.label.clone()}</td>
                    <td>{p.aqi.map(|a| a.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td>{cat}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <figure class="chart" id=id>
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {width} {}", height + 18.0)
                role="img"
                aria-labelledby=title_id
                preserveAspectRatio="none"
            >
                {guides}
                {bars}
                <text class="chart-axis" x="0" y=height + 14.0>{first}</text>
                <text class="chart-axis" x=width y=height + 14.0 text-anchor="end">{last}</text>
            </svg>
            <details>
                <summary>{t.data_table}</summary>
                <table class="data">
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.time}</th>
                            <th scope="col">{t.aqi}</th>
                            <th scope="col">{t.category}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

/// Daily points of a range as chart points labelled by date.
pub fn day_points(days: &[DayAqi]) -> Vec<SeriesPoint> {
    days.iter()
        .map(|d| SeriesPoint {
            label: format!("{}/{}", d.day.month(), d.day.day()),
            aqi: d.aqi,
        })
        .collect()
}

/// The calendar's class for a day: short (`k1`…`k6` by level, `k0` for no
/// data, `kf` for days to come) because it is written 365 times.
fn calendar_class(known: bool, aqi: Option<u32>) -> &'static str {
    match (known, aqi.map(Category::of).map(Category::level)) {
        (false, _) => "kf",
        (true, None) => "k0",
        (true, Some(1)) => "k1",
        (true, Some(2)) => "k2",
        (true, Some(3)) => "k3",
        (true, Some(4)) => "k4",
        (true, Some(5)) => "k5",
        (true, Some(_)) => "k6",
    }
}

/// The year as a grid of days (a row per month), coloured by category,
/// each day titled with its date, AQI and category.
///
/// Written compactly (it was 41 KB of the air page's 78): one cell shape
/// in `<defs>` that every day `<use>`s, a month's row placed by its group,
/// short classes, and titles without the year the heading already gives.
#[component]
pub fn YearCalendar(year: i32, days: Vec<DayAqi>) -> impl IntoView {
    let t = use_texts();
    let cell = 18.0;
    let left = 34.0;
    let by_day: std::collections::HashMap<NaiveDate, Option<u32>> =
        days.iter().map(|d| (d.day, d.aqi)).collect();
    let rows: Vec<_> = (1..=12u32)
        .map(|month| {
            let cells: Vec<_> = (1..=31u32)
                .filter_map(|day| NaiveDate::from_ymd_opt(year, month, day))
                .map(|date| {
                    let known = by_day.contains_key(&date);
                    let aqi = by_day.get(&date).copied().flatten();
                    let title = known.then(|| {
                        format!(
                            "{}/{} {}",
                            date.month(),
                            date.day(),
                            match aqi {
                                // "AQI", as Chinese sites write it too: 365 times.
                                Some(a) => format!("AQI {a} {}", t.category(Category::of(a)).name),
                                None => t.no_data.to_owned(),
                            }
                        )
                    });
                    let x = left + f64::from(date.day() - 1) * cell;
                    view! {
                        <use href="#cal" x=x class=calendar_class(known, aqi)>
                            {title.map(|title| view! { <title>{title}</title> })}
                        </use>
                    }
                })
                .collect();
            view! {
                <g transform=format!("translate(0 {})", f64::from(month - 1) * cell)>
                    <text class="chart-axis" y="15">{month.to_string()}</text>
                    {cells}
                </g>
            }
        })
        .collect();
    let heading = (t.calendar_heading)(year);
    // The same data in words: days of each category, month by month.
    let months: Vec<_> = (1..=12u32)
        .filter_map(|month| {
            let in_month: Vec<Option<u32>> = days
                .iter()
                .filter(|d| d.day.month() == month && d.day.year() == year)
                .map(|d| d.aqi)
                .collect();
            if in_month.is_empty() {
                return None;
            }
            let count = |c: Category| {
                in_month
                    .iter()
                    .filter(|a| a.is_some_and(|a| Category::of(a) == c))
                    .count()
            };
            let cells: Vec<_> = Category::ALL
                .into_iter()
                .map(|c| view! { <td class="num">{count(c)}</td> })
                .collect();
            let missing = in_month.iter().filter(|a| a.is_none()).count();
            Some(view! {
                <tr>
                    <th scope="row">{(t.month_name)(month)}</th>
                    {cells}
                    <td class="num">{missing}</td>
                </tr>
            })
        })
        .collect();
    let heads: Vec<_> = Category::ALL
        .into_iter()
        .map(|c| view! { <th scope="col">{t.category(c).name}</th> })
        .collect();
    view! {
        <figure class="chart calendar">
            <figcaption id="calendar-title">{heading.clone()}</figcaption>
            <svg viewBox=format!("0 0 {} {}", left + 31.0 * cell, 12.0 * cell) role="img" aria-labelledby="calendar-title">
                <defs>
                    <rect id="cal" width=cell - 2.0 height=cell - 2.0 />
                </defs>
                {rows}
            </svg>
            <CategoryLegend />
            <details>
                <summary>{t.data_table}</summary>
                <div class="table-scroll" tabindex="0">
                    <table class="data">
                        <caption class="visually-hidden">{heading}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t.month}</th>
                                {heads}
                                <th scope="col">{t.no_data}</th>
                            </tr>
                        </thead>
                        <tbody>{months}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[component]
pub fn CategoryLegend() -> impl IntoView {
    let t = use_texts();
    let items: Vec<_> = Category::ALL
        .into_iter()
        .map(|c| {
            view! {
                <li>
                    <span class=format!("swatch {}", category_class(Some(c))) aria-hidden="true"></span>
                    {t.category(c).name}
                </li>
            }
        })
        .collect();
    view! {
        <ul class="legend" aria-label=t.legend>
            {items}
            <li>
                <span class="swatch aqi-cat-none" aria-hidden="true"></span>
                {t.no_data}
            </li>
        </ul>
    }
}
