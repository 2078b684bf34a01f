//! `/staff/dashboard`: the period and filters checked, the tallies summed
//! (`crate::server::stats::dashboard`), names put to the codes.

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::{Action, Scope, may};
use domain::stats::{Period, Span};

use super::{category_choices, choice, unit_choices};
use crate::api::complaints::Choice;
use crate::api::stats::{ChartsView, DashboardQuery, DashboardView, GroupRow, Measures};
use crate::server::complaints as complaints_store;
use crate::server::staff::StaffUser;
use crate::server::stats::dashboard::{self, Filter, Measured};
use crate::server::{Db, DbError};

/// The channels cases come in by.
pub fn channel_choices() -> Vec<Choice> {
    vec![Choice {
        code: "web".to_owned(),
        zh: "网上投诉".to_owned(),
        en: "Web form".to_owned(),
        hint_zh: String::new(),
        hint_en: String::new(),
        kind: None,
    }]
}

/// A filter value if it names one of `list`.
fn known(list: &[Choice], code: &str) -> Option<String> {
    list.iter().any(|c| c.code == code).then(|| code.to_owned())
}

/// The rows of a side-by-side table, named, in the asked order.
fn rows(groups: Vec<(String, Measured)>, names: &[Choice], sort: &str) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = groups
        .into_iter()
        .map(|(code, m)| GroupRow {
            group: if code.is_empty() {
                Choice {
                    code: String::new(),
                    zh: "区级受理中（未派发）".to_owned(),
                    en: "District intake (not dispatched)".to_owned(),
                    hint_zh: String::new(),
                    hint_en: String::new(),
                    kind: None,
                }
            } else {
                choice(names, &code)
            },
            figures: m.figures,
            live: m.live,
        })
        .collect();
    let key = |r: &GroupRow| -> f64 {
        let f = &r.figures;
        match sort {
            "intake" => f.intake as f64,
            "answered" => f.answered as f64,
            "backlog" => f.backlog as f64,
            "overdue" => r.live.overdue as f64,
            "on_time" => f.on_time.unwrap_or(-1.0),
            "average_days" => f.average_days.unwrap_or(-1.0),
            "satisfaction" => f.satisfaction.unwrap_or(-1.0),
            "repeat_rate" => f.repeat_rate.unwrap_or(-1.0),
            _ => 0.0,
        }
    };
    // Highest first; ties (and no order asked) by the group's code.
    rows.sort_by(|a, b| {
        key(b)
            .total_cmp(&key(a))
            .then(a.group.code.cmp(&b.group.code))
    });
    rows
}

/// Where each figure's cases are listed: the inbox with the period and
/// the filters it knows (a channel it does not: there is one).
fn figure_links(span: Span, today: NaiveDate, filter: &Filter) -> Vec<(&'static str, String)> {
    let mut common = String::new();
    for (name, value) in [
        ("town", &filter.town),
        ("unit", &filter.unit),
        ("category", &filter.category),
    ] {
        if let Some(v) = value {
            common.push_str(&format!("&{name}={v}"));
        }
    }
    let days = format!("{}~{}", span.from, span.to);
    let list = |rest: String| format!("/staff/cases?status=all&sort=newest{rest}{common}");
    let received = |figure: &str| list(format!("&received={days}{figure}"));
    let answered = |figure: &str| list(format!("&answered={days}{figure}"));
    let mut links = vec![
        ("intake", received("")),
        ("repeat_rate", received("&figure=repeat")),
        ("answered", answered("")),
        ("on_time", answered("")),
        ("average_days", answered("")),
        ("p90_days", answered("")),
        ("satisfaction", answered("&figure=rated")),
        ("rating_rate", answered("&figure=replied")),
        ("review_rate", answered("&figure=reviewed")),
        ("charge_settled", answered("&figure=charge")),
        (
            "overdue",
            format!("/staff/cases?status=open&due=overdue{common}"),
        ),
        (
            "charge_open",
            format!("/staff/cases?status=open&figure=charge{common}"),
        ),
    ];
    // The cases waiting at a period's end can be listed when it ends
    // today; an earlier day's are not a list the inbox can make.
    if span.to == today {
        links.push(("backlog", list("&figure=waiting".to_owned())));
    }
    links
}

/// `/staff/dashboard` for `user`, seen at `now`.
pub async fn dashboard(
    db: &Db,
    user: &StaffUser,
    query: DashboardQuery,
    now: DateTime<Utc>,
) -> Result<DashboardView, DbError> {
    let towns: Vec<Choice> = complaints_store::units(db, true)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect();
    let units = unit_choices(db).await?;
    let categories = category_choices(db).await?;
    let channels = channel_choices();
    // A handler sees their own unit's figures, whatever the link says.
    let own_unit = (!may(user.role, Action::ViewCase, Scope::OtherCase))
        .then(|| choice(&units, user.unit.as_deref().unwrap_or("-")));
    let filter = Filter {
        town: known(&towns, &query.town),
        unit: match &own_unit {
            Some(u) => Some(u.code.clone()),
            None => known(&units, &query.unit),
        },
        category: known(&categories, &query.category),
        channel: known(&channels, &query.channel),
    };
    let today = domain::shanghai::today(now);
    let parsed = Period::parse(&query.period, &query.from, &query.to, today);
    let period_code = parsed.map(Period::code).unwrap_or("custom");
    let (problem, measures) = match parsed {
        Err(p) => (Some(p.code()), None),
        Ok(period) => {
            let board = dashboard::board(db, period.span(today), today, &filter).await?;
            (
                None,
                Some(Measures {
                    span: board.span,
                    figures: board.now.figures,
                    live: board.now.live,
                    previous: board.previous,
                    before: board.before,
                    year_before: board.year_before,
                    last_year: board.last_year,
                    units: rows(board.units, &units, &query.sort),
                    towns: rows(board.towns, &towns, &query.sort),
                    links: figure_links(board.span, today, &filter),
                    charts: ChartsView {
                        step: board.charts.step,
                        categories: board
                            .charts
                            .categories
                            .iter()
                            .map(|c| choice(&categories, c))
                            .collect(),
                        intake: board.charts.intake,
                        months: board
                            .charts
                            .months
                            .iter()
                            .map(|(m, c)| {
                                let f = domain::stats::Figures::of(c, 0);
                                (m.from, f.on_time, f.satisfaction)
                            })
                            .collect(),
                        ages: board.charts.ages,
                    },
                }),
            )
        }
    };
    let mut base = format!("/staff/dashboard?period={}", period_code);
    if let Some(m) = measures.as_ref().filter(|_| period_code == "custom") {
        base.push_str(&format!("&from={}&to={}", m.span.from, m.span.to));
    }
    for (name, value) in [
        ("town", &filter.town),
        ("unit", &filter.unit),
        ("category", &filter.category),
        ("channel", &filter.channel),
    ] {
        if let Some(v) = value {
            base.push_str(&format!("&{name}={v}"));
        }
    }
    Ok(DashboardView {
        base,
        query,
        problem,
        measures,
        own_unit,
        towns,
        units,
        categories,
        channels,
    })
}
