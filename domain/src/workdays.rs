//! Working days on the official calendar: deadlines of complaints count
//! working days, skipping public holidays and counting the weekend make-up
//! working days (调休) the State Council announces each year.
//!
//! The calendar is data: the portal stores it in the database where admins
//! can edit it, seeded from [`shipped`] (the 2025 and 2026 notices).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A day that departs from the Monday-to-Friday week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayKind {
    /// A public holiday (or a weekday taken off around one).
    Off,
    /// A weekend day worked to make up for a holiday.
    Work,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Off => "off",
            DayKind::Work => "work",
        }
    }

    pub fn parse(raw: &str) -> Option<DayKind> {
        match raw {
            "off" => Some(DayKind::Off),
            "work" => Some(DayKind::Work),
            _ => None,
        }
    }
}

/// The exceptions to the ordinary week.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> WorkCalendar {
        WorkCalendar {
            exceptions: days.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.exceptions.get(&date) {
            Some(DayKind::Off) => false,
            Some(DayKind::Work) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The last day of a limit of `days` working days for something that
    /// arrived on `start`: counting begins the day after (a case filed on a
    /// holiday starts counting on the first working day after it).
    /// Zero days means the first working day after `start`, not `start`.
    pub fn add_working_days(&self, start: NaiveDate, days: u32) -> NaiveDate {
        let mut date = start;
        let mut counted = 0;
        loop {
            date += Duration::days(1);
            if self.is_working_day(date) {
                counted += 1;
                if counted >= days.max(1) {
                    return date;
                }
            }
        }
    }

    /// Working days from `from` (exclusive) up to `to` (inclusive); negative
    /// when `to` is before `from`. "Due in 1 working day" means `to` is the
    /// next working day.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut n = 0;
        let mut date = a;
        while date < b {
            date += Duration::days(1);
            if self.is_working_day(date) {
                n += 1;
            }
        }
        n * sign
    }
}

/// The State Council's holiday schedules the portal ships with: for each
/// year, the days off (inclusive ranges) and the make-up working days.
type MonthDay = (u32, u32);
type Schedule = (i32, &'static [(MonthDay, MonthDay)], &'static [MonthDay]);

const SCHEDULES: &[Schedule] = &[
    (
        2025,
        &[
            ((1, 1), (1, 1)),
            ((1, 28), (2, 4)),
            ((4, 4), (4, 6)),
            ((5, 1), (5, 5)),
            ((5, 31), (6, 2)),
            ((10, 1), (10, 8)),
        ],
        &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
    ),
    (
        2026,
        &[
            ((1, 1), (1, 3)),
            ((2, 15), (2, 23)),
            ((4, 4), (4, 6)),
            ((5, 1), (5, 5)),
            ((6, 19), (6, 21)),
            ((9, 25), (9, 27)),
            ((10, 1), (10, 7)),
        ],
        &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
    ),
];

/// The shipped schedules as dated exceptions, year by year.
pub fn shipped() -> Vec<(i32, Vec<(NaiveDate, DayKind)>)> {
    let date = |y, (m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("schedule dates exist");
    SCHEDULES
        .iter()
        .map(|&(year, off, work)| {
            let mut days = Vec::new();
            for &(from, to) in off {
                let (mut d, last) = (date(year, from), date(year, to));
                while d <= last {
                    days.push((d, DayKind::Off));
                    d += Duration::days(1);
                }
            }
            days.extend(work.iter().map(|&md| (date(year, md), DayKind::Work)));
            days.sort_by_key(|(d, _)| *d);
            (year, days)
        })
        .collect()
}

/// An admin's change to one day: make it a day off, a make-up working day,
/// or an ordinary day again (`kind` `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayEdit {
    pub day: NaiveDate,
    pub kind: Option<DayKind>,
}

/// Years an admin may edit: the calendar is for deadlines of current cases.
pub const EDITABLE_YEARS: std::ops::RangeInclusive<i32> = 2020..=2100;

/// Checks the calendar form (`day` as `YYYY-MM-DD`, `kind` one of
/// `off`, `work`, `normal`); problems by field.
pub fn check_day_edit(
    day: &str,
    kind: &str,
) -> Result<DayEdit, Vec<(&'static str, crate::complaint::input::FieldError)>> {
    use crate::complaint::input::FieldError;
    let mut problems = Vec::new();
    let day = match day.trim() {
        "" => Err(FieldError::Required),
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| FieldError::NotATime)
            .and_then(|d| {
                if EDITABLE_YEARS.contains(&d.year()) {
                    Ok(d)
                } else {
                    Err(FieldError::OutOfRange)
                }
            }),
    };
    let kind = match kind.trim() {
        "" => Err(FieldError::Required),
        "normal" => Ok(None),
        raw => DayKind::parse(raw).map(Some).ok_or(FieldError::NotAChoice),
    };
    if let Err(e) = day {
        problems.push(("day", e));
    }
    if let Err(e) = kind {
        problems.push(("kind", e));
    }
    match (day, kind) {
        (Ok(day), Ok(kind)) => Ok(DayEdit { day, kind }),
        _ => Err(problems),
    }
}

/// The calendar of every shipped year.
pub fn shipped_calendar() -> WorkCalendar {
    WorkCalendar::new(shipped().into_iter().flat_map(|(_, days)| days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_edits_are_checked() {
        use crate::complaint::input::FieldError;
        let d = NaiveDate::from_ymd_opt(2027, 2, 6).unwrap();
        assert_eq!(
            check_day_edit("2027-02-06", "work"),
            Ok(DayEdit {
                day: d,
                kind: Some(DayKind::Work)
            })
        );
        assert_eq!(check_day_edit(" 2027-02-06 ", "normal").unwrap().kind, None);
        assert_eq!(
            check_day_edit("", ""),
            Err(vec![
                ("day", FieldError::Required),
                ("kind", FieldError::Required)
            ])
        );
        assert_eq!(
            check_day_edit("2027-02-30", "holiday"),
            Err(vec![
                ("day", FieldError::NotATime),
                ("kind", FieldError::NotAChoice)
            ])
        );
        assert_eq!(
            check_day_edit("1999-01-01", "off"),
            Err(vec![("day", FieldError::OutOfRange)])
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ordinary_weeks() {
        let c = WorkCalendar::default();
        // Monday 2026-11-23 + 5 working days = Monday 2026-11-30.
        assert_eq!(c.add_working_days(d(2026, 11, 23), 5), d(2026, 11, 30));
        // Filed on a Saturday: counting starts on Monday.
        assert_eq!(c.add_working_days(d(2026, 11, 28), 1), d(2026, 11, 30));
        assert_eq!(c.add_working_days(d(2026, 11, 28), 0), d(2026, 11, 30));
        assert_eq!(c.working_days_between(d(2026, 11, 27), d(2026, 11, 30)), 1);
        assert_eq!(c.working_days_between(d(2026, 11, 30), d(2026, 11, 27)), -1);
        assert_eq!(c.working_days_between(d(2026, 11, 30), d(2026, 11, 30)), 0);
    }

    #[test]
    fn national_day_2026() {
        let c = shipped_calendar();
        // 25–27 Sep and 1–7 Oct off; Sunday 20 Sep and Saturday 10 Oct worked.
        assert!(c.is_working_day(d(2026, 9, 20)));
        assert!(!c.is_working_day(d(2026, 9, 25)));
        assert!(!c.is_working_day(d(2026, 10, 5)));
        assert!(c.is_working_day(d(2026, 10, 10)));
        // Filed Wednesday 30 Sep: 8, 9, 10 (Sat, make-up), 12, 13 October.
        assert_eq!(c.add_working_days(d(2026, 9, 30), 5), d(2026, 10, 13));
        // Filed on a holiday (3 Oct): counting starts 8 Oct.
        assert_eq!(c.add_working_days(d(2026, 10, 3), 1), d(2026, 10, 8));
        assert_eq!(c.working_days_between(d(2026, 9, 30), d(2026, 10, 13)), 5);
    }

    #[test]
    fn spring_festival_2025_and_2026() {
        let c = shipped_calendar();
        // 2025: 28 Jan–4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked.
        assert!(c.is_working_day(d(2025, 1, 26)));
        assert_eq!(c.add_working_days(d(2025, 1, 27), 1), d(2025, 2, 5));
        assert!(c.is_working_day(d(2025, 2, 8)));
        // 2026: 15–23 Feb off; Saturdays 14 and 28 Feb worked.
        assert_eq!(c.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 14));
        assert_eq!(c.add_working_days(d(2026, 2, 14), 1), d(2026, 2, 24));
        assert!(c.is_working_day(d(2026, 2, 28)));
    }

    #[test]
    fn shipped_schedules_have_the_announced_sizes() {
        let years = shipped();
        let count = |year: i32, kind: DayKind| {
            years
                .iter()
                .find(|(y, _)| *y == year)
                .unwrap()
                .1
                .iter()
                .filter(|(_, k)| *k == kind)
                .count()
        };
        assert_eq!(count(2025, DayKind::Off), 1 + 8 + 3 + 5 + 3 + 8);
        assert_eq!(count(2025, DayKind::Work), 5);
        assert_eq!(count(2026, DayKind::Off), 3 + 9 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(count(2026, DayKind::Work), 6);
        for (_, days) in &years {
            for (date, kind) in days {
                // Make-up days fall on weekends; no weekday is "worked".
                if *kind == DayKind::Work {
                    assert!(
                        matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                        "{date}"
                    );
                }
            }
        }
    }
}
