//! Recurring dates of the environment days (World Environment Day 5 June,
//! National Ecology Day 15 August, …) and the countdown to the next one.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A day that recurs every year on the same month and day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualDate {
    month: u32,
    day: u32,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a calendar day: month {month}, day {day}")]
pub struct InvalidAnnualDate {
    pub month: u32,
    pub day: u32,
}

impl AnnualDate {
    /// Accepts any day that exists in a leap year; 29 February falls on
    /// 28 February in other years.
    pub fn new(month: u32, day: u32) -> Result<AnnualDate, InvalidAnnualDate> {
        match NaiveDate::from_ymd_opt(2024, month, day) {
            Some(_) => Ok(AnnualDate { month, day }),
            None => Err(InvalidAnnualDate { month, day }),
        }
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    /// This day in the given year.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
            .expect("validated in AnnualDate::new")
    }

    /// The next occurrence on or after `today` (today itself counts).
    pub fn next_on_or_after(self, today: NaiveDate) -> NaiveDate {
        let this_year = self.in_year(today.year());
        if this_year >= today {
            this_year
        } else {
            self.in_year(today.year() + 1)
        }
    }
}

/// Days from `today` until `date` (0 on the day itself).
pub fn days_until(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(AnnualDate::new(2, 30).is_err());
        assert!(AnnualDate::new(13, 1).is_err());
        assert!(AnnualDate::new(0, 1).is_err());
        assert!(AnnualDate::new(2, 29).is_ok());
    }

    #[test]
    fn next_occurrence_rolls_into_next_year() {
        let env_day = AnnualDate::new(6, 5).unwrap();
        assert_eq!(env_day.next_on_or_after(d(2026, 6, 5)), d(2026, 6, 5));
        assert_eq!(env_day.next_on_or_after(d(2026, 6, 6)), d(2027, 6, 5));
        assert_eq!(env_day.next_on_or_after(d(2026, 1, 1)), d(2026, 6, 5));
        assert_eq!(days_until(d(2026, 11, 28), d(2027, 6, 5)), 189);
    }

    #[test]
    fn leap_day_falls_back_in_common_years() {
        let leap = AnnualDate::new(2, 29).unwrap();
        assert_eq!(leap.in_year(2027), d(2027, 2, 28));
        assert_eq!(leap.in_year(2028), d(2028, 2, 29));
    }
}
