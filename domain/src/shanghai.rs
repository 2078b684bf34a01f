//! Times as residents read them: Asia/Shanghai.
//!
//! China has kept a fixed UTC+08:00 offset without daylight saving since
//! 1991, so a fixed offset is exact for every date the portal handles and
//! spares the browser bundle a time-zone database.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

use crate::prefs::Locale;

/// UTC+08:00.
pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The instant in Shanghai's wall-clock time.
pub fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&offset())
}

/// Today's date in Shanghai.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    local(now).date_naive()
}

/// The instant a Shanghai day begins (its midnight), in UTC: 16:00 the
/// day before.
pub fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(8)
}

/// A date as written in each language: `2026年6月5日` / `5 Jun 2026`.
pub fn format_date(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Locale::En => date.format("%-d %b %Y").to_string(),
    }
}

/// An instant as Shanghai wall-clock date and minute.
pub fn format_datetime(at: DateTime<Utc>, locale: Locale) -> String {
    let l = local(at);
    format!(
        "{} {:02}:{:02}",
        format_date(l.date_naive(), locale),
        l.hour(),
        l.minute()
    )
}

/// An instant for a `<time datetime>` attribute: Shanghai's offset, whole
/// seconds (HTML allows at most three fractional digits, and nanoseconds
/// are noise to a reader's machine too).
pub fn machine(at: DateTime<Utc>) -> String {
    local(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_shanghai_day_begins_at_four_in_the_afternoon_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(
            midnight(day),
            Utc.with_ymd_and_hms(2026, 2, 28, 16, 0, 0).unwrap()
        );
        assert_eq!(today(midnight(day)), day);
        assert_eq!(
            today(midnight(day) - chrono::Duration::seconds(1)),
            day.pred_opt().unwrap()
        );
    }

    #[test]
    fn machine_readable_times_have_whole_seconds() {
        let at = Utc.with_ymd_and_hms(2026, 6, 4, 16, 30, 5).unwrap()
            + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(machine(at), "2026-06-05T00:30:05+08:00");
    }

    #[test]
    fn late_utc_evening_is_next_day_in_shanghai() {
        let at = Utc.with_ymd_and_hms(2026, 6, 4, 16, 30, 0).unwrap();
        assert_eq!(today(at), NaiveDate::from_ymd_opt(2026, 6, 5).unwrap());
        assert_eq!(format_datetime(at, Locale::ZhCn), "2026年6月5日 00:30");
        assert_eq!(format_datetime(at, Locale::En), "5 Jun 2026 00:30");
    }
}
