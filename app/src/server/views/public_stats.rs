//! Loads the public statistics (`/stats`) and their open data from the
//! published months (`crate::server::stats::public`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::public_stats::{self as public, OpenRow, PublicFigures};
use domain::stats::Counts;

use super::{category_choices, choice};
use crate::api::complaints::Choice;
use crate::api::public_stats::{PublicMonth, PublicRow, PublicStatsQuery, PublicStatsView};
use crate::server::complaints as complaints_store;
use crate::server::stats::public::{self as store, Published};
use crate::server::{Db, DbError};

/// The areas and categories the tables list: every one offered now, and
/// any other that has published figures.
async fn groups(db: &Db) -> Result<(Vec<Choice>, Vec<Choice>), DbError> {
    let towns = complaints_store::units(db, true)
        .await?
        .into_iter()
        .map(Choice::from)
        .collect();
    Ok((towns, category_choices(db).await?))
}

/// A breakdown's rows in the order of `list`, then codes not in it.
fn breakdown(rows: &[&Published], kind: &str, list: &[Choice]) -> Vec<(Choice, Counts)> {
    let mut sums: BTreeMap<&str, &Counts> = rows
        .iter()
        .filter(|(_, b, _, _)| b == kind)
        .map(|(_, _, code, c)| (code.as_str(), c))
        .collect();
    let mut out: Vec<(Choice, Counts)> = list
        .iter()
        .map(|c| {
            (
                c.clone(),
                sums.remove(c.code.as_str()).cloned().unwrap_or_default(),
            )
        })
        .collect();
    out.extend(
        sums.into_iter()
            .map(|(code, c)| (choice(list, code), c.clone())),
    );
    out
}

fn public_rows(groups: Vec<(Choice, Counts)>, with_tiles: bool) -> Vec<PublicRow> {
    let sums: Vec<(String, Counts)> = groups
        .iter()
        .map(|(g, c)| (g.code.clone(), c.clone()))
        .collect();
    let codes: Vec<String> = sums.iter().map(|(c, _)| c.clone()).collect();
    let tiles = match with_tiles {
        true => public::tiles(&codes),
        false => vec![(0, 0); codes.len()],
    };
    groups
        .into_iter()
        .zip(public::breakdown(&sums))
        .zip(tiles)
        .map(|(((group, _), (_, figures)), tile)| PublicRow {
            group,
            figures,
            tile,
        })
        .collect()
}

/// The district's sums of `months`, if every one was published.
fn district(rows: &[Published], months: &[NaiveDate]) -> Option<Counts> {
    let mut total = Counts::default();
    for m in months {
        let (_, _, _, c) = rows
            .iter()
            .find(|(month, b, _, _)| month == m && b == "all")?;
        total += c;
    }
    Some(total)
}

fn figures(c: &Counts) -> PublicFigures {
    PublicFigures::of(c, public::single(c.intake))
}

/// `/stats` as of `now`: first publishes what is due.
pub async fn public_stats(
    db: &Db,
    query: PublicStatsQuery,
    now: DateTime<Utc>,
) -> Result<PublicStatsView, DbError> {
    let today = domain::shanghai::today(now);
    store::publish(db, today, now).await?;
    let published = store::months(db).await?;
    let months: Vec<NaiveDate> = published.iter().map(|(m, _)| *m).collect();
    let wanted = match query.month.trim() {
        "" => months.first().copied().ok_or(None),
        text => match public::parse_month(text) {
            None => Err(Some("month_unreadable")),
            Some(m) if months.contains(&m) => Ok(m),
            Some(m) if m > public::latest_published(today) => Err(Some("month_unpublished")),
            Some(_) => Err(Some("month_absent")),
        },
    };
    let month = match wanted {
        Ok(m) => m,
        Err(problem) => {
            return Ok(PublicStatsView {
                query,
                problem,
                months,
                shown: None,
            });
        }
    };
    let published_at = published
        .iter()
        .find(|(m, _)| *m == month)
        .map_or(now, |(_, at)| *at);
    // From last year's January: the year so far a year before, the same
    // month then, and the twelve months of the trend.
    let jan = NaiveDate::from_ymd_opt(month.year(), 1, 1).unwrap_or(month);
    let rows = store::rows(db, public::shift(jan, -12), month).await?;
    let (towns, categories) = groups(db).await?;
    let of_month: Vec<&Published> = rows.iter().filter(|(m, _, _, _)| *m == month).collect();
    let in_year = |first: NaiveDate| -> Vec<NaiveDate> {
        (0..=month.month0() as i32)
            .map(|i| public::shift(first, i))
            .collect()
    };
    let this_year = in_year(jan);
    let last_year = in_year(public::shift(jan, -12));
    let trend = (0..12)
        .rev()
        .map(|back| {
            let m = public::shift(month, -back);
            (m, district(&rows, &[m]).map(|c| figures(&c)))
        })
        .collect();
    let shown = PublicMonth {
        month,
        published_at,
        district: figures(&district(&rows, &[month]).unwrap_or_default()),
        last_year: district(&rows, &[public::shift(month, -12)]).map(|c| figures(&c)),
        categories: public_rows(breakdown(&of_month, "category", &categories), false),
        towns: public_rows(breakdown(&of_month, "town", &towns), true),
        year: district(&rows, &this_year).map(|c| figures(&c)),
        year_before: district(&rows, &last_year).map(|c| figures(&c)),
        trend,
    };
    Ok(PublicStatsView {
        query,
        problem: None,
        months,
        shown: Some(shown),
    })
}

/// Every published month as open-data rows, oldest first: the district,
/// then each category and town, small counts left empty.
pub async fn open_data(db: &Db, now: DateTime<Utc>) -> Result<Vec<OpenRow>, DbError> {
    let today = domain::shanghai::today(now);
    store::publish(db, today, now).await?;
    let published = store::months(db).await?;
    let (Some((first, _)), Some((last, _))) = (published.last(), published.first()) else {
        return Ok(Vec::new());
    };
    let rows = store::rows(db, *first, *last).await?;
    let (towns, categories) = groups(db).await?;
    let mut out = Vec::new();
    for (month, _) in published.iter().rev() {
        let of_month: Vec<&Published> = rows.iter().filter(|(m, _, _, _)| m == month).collect();
        let total = district(&rows, &[*month]).unwrap_or_default();
        out.push(OpenRow::new(
            *month,
            "all",
            (public::DISTRICT, "嘉定区", "Jiading District"),
            &figures(&total),
        ));
        for (kind, list) in [("category", &categories), ("town", &towns)] {
            for r in public_rows(breakdown(&of_month, kind, list), false) {
                out.push(OpenRow::new(
                    *month,
                    kind,
                    (&r.group.code, &r.group.zh, &r.group.en),
                    &r.figures,
                ));
            }
        }
    }
    Ok(out)
}
