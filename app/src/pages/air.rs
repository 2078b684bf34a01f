//! `/air` (the district and its stations) and `/air/stations/{code}`.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::api::air::{AirPage, AirPoint, StationNow, YearProgress, get_air_page};
use crate::components::air::{
    AirSummary, AqiBadge, AqiBarChart, YearCalendar, day_points, format_concentration,
};
use crate::i18n::use_texts;
use crate::pages::{error::ErrorPage, not_found::NotFound};
use crate::prefs::{Locale, use_prefs};

#[component]
pub fn AirQualityPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(|| (), |_| get_air_page(None));
    view! {
        <Title text=t.air_title />
        <Meta name="description" content=t.air_intro />
        <h1>{t.air_title}</h1>
        <p class="intro">{t.air_intro}</p>
        <Suspense>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(Some(page)) => view! { <AirBody page /> }.into_any(),
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Err(_) => view! { <ErrorPage /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
pub fn StationPage() -> impl IntoView {
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(move || code.clone(), |code| get_air_page(Some(code)));
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(Some(page)) => {
                            let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
                            let station = page
                                .now
                                .as_ref()
                                .and_then(|n| n.stations.iter().find(|s| s.code == code).cloned());
                            match station {
                                Some(station) => view! { <StationBody page station /> }.into_any(),
                                None => view! { <NotFound /> }.into_any(),
                            }
                        }
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Err(_) => view! { <ErrorPage /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn station_town(s: &StationNow, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => s.town.clone(),
        Locale::En => s.town_en.clone(),
    }
}

fn station_name(s: &StationNow, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => s.name_zh.clone(),
        Locale::En => s.name_en.clone(),
    }
}

#[component]
fn StationBody(page: AirPage, station: StationNow) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let name = station_name(&station, locale);
    view! {
        <Title text=name.clone() />
        <p class="breadcrumb">
            <a href="/air">{t.back_to_air}</a>
        </p>
        <h1>{name}</h1>
        <p>{t.town}{t.colon}{station_town(&station, locale)}</p>
        <section aria-labelledby="station-now">
            <h2 id="station-now" class="visually-hidden">{t.aqi}</h2>
            <AqiBadge point=station.point.clone() />
            <PollutantTable point=station.point.clone() />
        </section>
        <Charts page with_calendar=false />
    }
}

#[component]
fn AirBody(page: AirPage) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let Some(now) = page.now.clone() else {
        return view! { <p class="empty">{t.air_empty_page}</p> }.into_any();
    };
    let rows: Vec<_> = now
        .stations
        .iter()
        .map(|s| {
            let href = format!("/air/stations/{}", s.code);
            let cat = s.point.category.map(|c| t.category(c).name).unwrap_or(t.no_data);
            let primary = s.point.primary.iter().map(|p| p.label()).collect::<Vec<_>>().join("、");
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>{station_name(s, locale)}</a>
                    </th>
                    <td>{station_town(s, locale)}</td>
                    <td class=format!("num {}", crate::components::air::category_class(s.point.category))>
                        {s.point.aqi.map(|a| a.to_string()).unwrap_or_else(|| "—".into())}
                    </td>
                    <td>{cat}</td>
                    <td>{if primary.is_empty() { t.no_primary.to_owned() } else { primary }}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <section aria-labelledby="district-now" class="card">
            <h2 id="district-now">{t.district}</h2>
            <AirSummary now=now.clone() />
            <PollutantTable point=now.district.clone() />
        </section>
        <section aria-labelledby="stations">
            <h2 id="stations">{t.stations_heading}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{t.station}</th>
                            <th scope="col">{t.town}</th>
                            <th scope="col">{t.aqi}</th>
                            <th scope="col">{t.category}</th>
                            <th scope="col">{t.primary_pollutant}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <Charts page with_calendar=true />
    }
    .into_any()
}

/// Each pollutant's concentration and sub-index.
#[component]
fn PollutantTable(point: AirPoint) -> impl IntoView {
    let t = use_texts();
    let rows: Vec<_> = point
        .pollutants
        .iter()
        .map(|v| {
            let c = v
                .concentration
                .map(|c| format!("{} {}", format_concentration(v.pollutant, c), v.pollutant.unit()))
                .unwrap_or_else(|| t.no_data.to_owned());
            view! {
                <tr>
                    <th scope="row">{v.pollutant.label()}</th>
                    <td class="num">{c}</td>
                    <td class="num">{v.iaqi.map(|i| i.to_string()).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data pollutants">
                <thead>
                    <tr>
                        <th scope="col">{t.pollutant}</th>
                        <th scope="col">{t.concentration}</th>
                        <th scope="col">{t.iaqi}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Charts(page: AirPage, with_calendar: bool) -> impl IntoView {
    let t = use_texts();
    let year = page.progress.as_ref().map(|p| p.year);
    view! {
        <section aria-labelledby="history" class="history">
            <h2 id="history" class="visually-hidden">{t.chart_48h}</h2>
            <AqiBarChart id="chart-48h" title=t.chart_48h.to_owned() points=page.last_48_hours.clone() />
            <AqiBarChart id="chart-30d" title=t.chart_30d.to_owned() points=day_points(&page.last_30_days) />
        </section>
        {(with_calendar && year.is_some())
            .then(|| {
                view! {
                    <section class="calendar-section">
                        <YearCalendar year=year.unwrap_or_default() days=page.calendar.clone() />
                    </section>
                }
            })}
        {with_calendar.then(|| page.progress.clone().map(|p| view! { <Progress progress=p /> }))}
    }
}

#[component]
fn Progress(progress: YearProgress) -> impl IntoView {
    let t = use_texts();
    let pct = |v: f64| format!("{v:.1}%");
    let good = progress
        .good_rate
        .map(pct)
        .unwrap_or_else(|| t.no_data.to_owned());
    let pm = progress
        .pm25_mean
        .map(|v| format!("{v:.1} µg/m³"))
        .unwrap_or_else(|| t.no_data.to_owned());
    let good_target = progress
        .good_rate_target
        .map(|v| (t.target)(&format!("≥ {v:.0}%")));
    let pm_target = progress
        .pm25_target
        .map(|v| (t.target)(&format!("≤ {v:.0} µg/m³")));
    let good_value = progress.good_rate.unwrap_or(0.0).clamp(0.0, 100.0);
    let pm_max = progress.pm25_target.unwrap_or(30.0) * 2.0;
    let pm_value = progress.pm25_mean.unwrap_or(0.0).clamp(0.0, pm_max);
    view! {
        <section aria-labelledby="progress" class="card progress">
            <h2 id="progress">{(t.progress_heading)(progress.year)}</h2>
            <p>{(t.valid_days)(progress.valid_days, progress.good_days)}</p>
            <div class="meter-row">
                <label for="good-rate">{t.good_rate}</label>
                <meter id="good-rate" min="0" max="100" low="80" optimum="100" value=good_value></meter>
                <span class="meter-value">
                    <strong>{good}</strong>
                    " "
                    {good_target}
                </span>
            </div>
            <div class="meter-row">
                <label for="pm25-mean">{t.pm25_mean}</label>
                <meter
                    id="pm25-mean"
                    min="0"
                    max=pm_max
                    high=progress.pm25_target.unwrap_or(30.0)
                    optimum="0"
                    value=pm_value
                ></meter>
                <span class="meter-value">
                    <strong>{pm}</strong>
                    " "
                    {pm_target}
                </span>
            </div>
            <h3>{t.percentiles_heading}</h3>
            <div class="table-scroll" tabindex="0">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{t.pollutant}</th>
                            <th scope="col">{t.percentile}</th>
                            <th scope="col">{t.concentration}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {progress
                            .percentiles
                            .iter()
                            .map(|p| {
                                let label = if p.pollutant == domain::aqi::Pollutant::O3 {
                                    format!("{} (8h)", p.pollutant.label())
                                } else {
                                    p.pollutant.label().to_owned()
                                };
                                let value = p
                                    .value
                                    .map(|v| format!("{} {}", format_concentration(p.pollutant, v), p.pollutant.unit()))
                                    .unwrap_or_else(|| t.no_data.to_owned());
                                view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        <td class="num">{format!("P{}", p.rank)}</td>
                                        <td class="num">{value}</td>
                                    </tr>
                                }
                            })
                            .collect::<Vec<_>>()}
                    </tbody>
                </table>
            </div>
            {(!progress.complete).then(|| view! { <p class="note">{t.provisional}</p> })}
        </section>
    }
}
