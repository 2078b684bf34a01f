//! One station's hourly reading as it arrives (push API, CSV import, demo
//! generator), parsed into a value that is known to be plausible.

use chrono::{DateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::Pollutant;

/// A reading that passed [`HourlyReading::parse`]: the hour is whole, every
/// value is a finite, non-negative, plausible concentration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourlyReading {
    pub station: String,
    /// Start of the hour, UTC.
    pub hour: DateTime<Utc>,
    /// Concentrations in [`Pollutant::ALL`] order; `None` when not measured.
    pub values: [Option<f64>; 6],
}

/// Why a reading was refused; the UI translates the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReadingError {
    #[error("station code is empty")]
    NoStation,
    #[error("the time is not the start of an hour")]
    NotOnTheHour,
    #[error("the time is in the future")]
    InTheFuture,
    #[error("{0:?} is negative")]
    Negative(Pollutant),
    #[error("{0:?} is not a number")]
    NotANumber(Pollutant),
    #[error("{0:?} is beyond any plausible concentration")]
    Implausible(Pollutant),
    #[error("no pollutant has a value")]
    Empty,
}

impl ReadingError {
    /// Stable code for APIs and translations.
    pub fn code(&self) -> &'static str {
        match self {
            ReadingError::NoStation => "no_station",
            ReadingError::NotOnTheHour => "not_on_the_hour",
            ReadingError::InTheFuture => "in_the_future",
            ReadingError::Negative(_) => "negative",
            ReadingError::NotANumber(_) => "not_a_number",
            ReadingError::Implausible(_) => "implausible",
            ReadingError::Empty => "empty",
        }
    }
}

impl HourlyReading {
    /// Checks a raw reading. `now` bounds the hour: data cannot come from
    /// an hour that has not started.
    pub fn parse(
        station: &str,
        hour: DateTime<Utc>,
        values: [Option<f64>; 6],
        now: DateTime<Utc>,
    ) -> Result<HourlyReading, ReadingError> {
        let station = station.trim();
        if station.is_empty() {
            return Err(ReadingError::NoStation);
        }
        if hour.minute() != 0 || hour.second() != 0 || hour.nanosecond() != 0 {
            return Err(ReadingError::NotOnTheHour);
        }
        if hour > now {
            return Err(ReadingError::InTheFuture);
        }
        for (p, v) in Pollutant::ALL.into_iter().zip(values) {
            let Some(v) = v else { continue };
            if v.is_nan() || v.is_infinite() {
                return Err(ReadingError::NotANumber(p));
            }
            if v < 0.0 {
                return Err(ReadingError::Negative(p));
            }
            if v > p.plausible_max() {
                return Err(ReadingError::Implausible(p));
            }
        }
        if values.iter().all(Option::is_none) {
            return Err(ReadingError::Empty);
        }
        Ok(HourlyReading {
            station: station.to_owned(),
            hour,
            values,
        })
    }

    pub fn get(&self, p: Pollutant) -> Option<f64> {
        self.values[p.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, h, m, 0).unwrap()
    }

    #[test]
    fn accepts_a_plausible_reading() {
        let r = HourlyReading::parse(
            " jd-1 ",
            at(5, 0),
            [Some(35.0), None, None, None, None, Some(0.8)],
            at(6, 0),
        )
        .unwrap();
        assert_eq!(r.station, "jd-1");
        assert_eq!(r.get(Pollutant::Co), Some(0.8));
        assert_eq!(r.get(Pollutant::Pm10), None);
    }

    #[test]
    fn refuses_absurd_readings_with_a_reason() {
        let now = at(6, 0);
        let ok = [Some(35.0); 6];
        let cases = [
            (
                HourlyReading::parse("", at(5, 0), ok, now),
                ReadingError::NoStation,
            ),
            (
                HourlyReading::parse("s", at(5, 30), ok, now),
                ReadingError::NotOnTheHour,
            ),
            (
                HourlyReading::parse("s", at(7, 0), ok, now),
                ReadingError::InTheFuture,
            ),
            (
                HourlyReading::parse(
                    "s",
                    at(5, 0),
                    [Some(-1.0), None, None, None, None, None],
                    now,
                ),
                ReadingError::Negative(Pollutant::Pm25),
            ),
            (
                HourlyReading::parse(
                    "s",
                    at(5, 0),
                    [None, None, None, None, None, Some(151.0)],
                    now,
                ),
                ReadingError::Implausible(Pollutant::Co),
            ),
            (
                HourlyReading::parse(
                    "s",
                    at(5, 0),
                    [None, Some(f64::NAN), None, None, None, None],
                    now,
                ),
                ReadingError::NotANumber(Pollutant::Pm10),
            ),
            (
                HourlyReading::parse("s", at(5, 0), [None; 6], now),
                ReadingError::Empty,
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, Err(want));
        }
    }
}
