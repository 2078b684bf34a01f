//! Staff CSV import of hourly readings: every line checked, problems named
//! with their line number, nothing guessed.
//!
//! Format (UTF-8, a header line, columns in any order, pollutants optional):
//! `station,hour,pm25,pm10,o3,no2,so2,co` where `hour` is the start of the
//! hour, either Shanghai time `2026-11-28 14:00` or RFC 3339 with an offset.
//! An empty cell means not measured.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Pollutant;
use super::reading::{HourlyReading, ReadingError};
use crate::shanghai;

/// What is wrong with a line (or the file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineProblem {
    /// The header lacks `station` or `hour`.
    MissingColumns,
    /// The file is not valid CSV (or not UTF-8) at this line.
    Unreadable,
    BadTime,
    /// A pollutant cell is not a number.
    BadNumber(Pollutant),
    UnknownStation,
    /// The same station and hour appear earlier in the file.
    Duplicate,
    Reading(ReadingError),
}

/// The file's lines sorted into readings to store and problems to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub valid: Vec<(usize, HourlyReading)>,
    pub problems: Vec<(usize, LineProblem)>,
}

/// Checks a CSV file. `known_station` says whether a station code exists.
pub fn plan(text: &str, now: DateTime<Utc>, known_station: impl Fn(&str) -> bool) -> ImportPlan {
    let mut out = ImportPlan::default();
    // Line by line, so every problem carries the line number a spreadsheet
    // shows; a field cannot span lines (readings never need to).
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let split = |l: &str| -> Option<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .trim(csv::Trim::All)
            .from_reader(l.as_bytes())
            .records()
            .next()?
            .ok()
            .map(|r| r.iter().map(str::to_owned).collect())
    };
    let Some(headers) = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .and_then(|(_, l)| split(l.trim_start_matches('\u{feff}')))
    else {
        out.problems.push((1, LineProblem::MissingColumns));
        return out;
    };
    let headers: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(station_col), Some(hour_col)) = (col("station"), col("hour")) else {
        out.problems.push((1, LineProblem::MissingColumns));
        return out;
    };
    let pollutant_cols: Vec<(Pollutant, Option<usize>)> = Pollutant::ALL
        .into_iter()
        .map(|p| (p, col(p.code())))
        .collect();
    let mut seen = HashSet::new();
    for (line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let Some(record) = split(text) else {
            out.problems.push((line, LineProblem::Unreadable));
            continue;
        };
        let cell = |c: usize| record.get(c).map(String::as_str).unwrap_or("");
        let station = cell(station_col);
        let Some(hour) = parse_hour(cell(hour_col)) else {
            out.problems.push((line, LineProblem::BadTime));
            continue;
        };
        let mut values = [None; 6];
        let mut bad = None;
        for (p, c) in &pollutant_cols {
            let raw = c.map(cell).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<f64>() {
                Ok(v) => values[p.index()] = Some(v),
                Err(_) => bad = Some(*p),
            }
        }
        if let Some(p) = bad {
            out.problems.push((line, LineProblem::BadNumber(p)));
            continue;
        }
        let reading = match HourlyReading::parse(station, hour, values, now) {
            Ok(r) => r,
            Err(e) => {
                out.problems.push((line, LineProblem::Reading(e)));
                continue;
            }
        };
        if !known_station(&reading.station) {
            out.problems.push((line, LineProblem::UnknownStation));
            continue;
        }
        if !seen.insert((reading.station.clone(), reading.hour)) {
            out.problems.push((line, LineProblem::Duplicate));
            continue;
        }
        out.valid.push((line, reading));
    }
    out
}

/// `2026-11-28 14:00` (Shanghai) or RFC 3339.
fn parse_hour(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .and_then(|t| t.and_local_timezone(shanghai::offset()).single())
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
    }

    #[test]
    fn sorts_lines_into_readings_and_numbered_problems() {
        let csv = "\u{feff}Station,hour,pm25,pm10,o3,no2,so2,co\n\
                   a,2026-11-28 14:00,35,50,60,20,5,0.6\n\
                   a,2026-11-28T06:00:00Z,36,,,,,\n\
                   b,2026-11-28 15:00,-1,,,,,\n\
                   zz,2026-11-28 15:00,10,,,,,\n\
                   a,yesterday,10,,,,,\n\
                   a,2026-11-28 16:00,ten,,,,,\n\
                   a,2026-11-28 14:00,35,,,,,\n\
                   \n\
                   b,2026-11-28 16:30,10,,,,,\n";
        let plan = plan(csv, now(), |s| s == "a" || s == "b");
        let lines: Vec<usize> = plan.valid.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2]);
        assert_eq!(
            plan.problems,
            vec![
                (3, LineProblem::Duplicate),
                (
                    4,
                    LineProblem::Reading(ReadingError::Negative(Pollutant::Pm25))
                ),
                (5, LineProblem::UnknownStation),
                (6, LineProblem::BadTime),
                (7, LineProblem::BadNumber(Pollutant::Pm25)),
                (8, LineProblem::Duplicate),
                (10, LineProblem::Reading(ReadingError::NotOnTheHour)),
            ]
        );
        // 14:00 in Shanghai is 06:00 UTC.
        assert_eq!(
            plan.valid[0].1.hour,
            Utc.with_ymd_and_hms(2026, 11, 28, 6, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_header_without_station_or_hour_is_refused() {
        let plan = plan("site,time,pm25\nx,y,1\n", now(), |_| true);
        assert_eq!(plan.problems, vec![(1, LineProblem::MissingColumns)]);
        assert!(plan.valid.is_empty());
    }
}
