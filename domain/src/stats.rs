//! Handling quality in numbers. Each case adds to daily tallies, kept per
//! Shanghai day × category × town × unit × channel; the dashboard and the
//! public statistics sum tallies over a period and never read the cases.
//!
//! What a case adds is a pure function of its current facts
//! ([`contributions`]). When a case changes, the tallies move by the
//! difference between what it adds after and what it added before
//! ([`delta`]); a rebuild sums every case's contributions. Both give the
//! same tallies by construction, whatever order the changes came in.
//!
//! Two cohorts, so that a figure can be defended case by case:
//! - by the day a case was **received**: intake, repeats, leaders' cases;
//! - by the day a case was first **answered** (a reply, or a decision not
//!   to accept it or to transfer it): on time, handling time, ratings,
//!   reviews. A review (复查) does not move a case to another period.

use std::collections::BTreeMap;
use std::ops::{AddAssign, SubAssign};

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::case::Rating;

/// Handling time buckets, in working days (inclusive ranges): one per day
/// up to 20, then wider; the last is open-ended.
pub const BUCKETS: [(u32, u32); 25] = [
    (0, 0),
    (1, 1),
    (2, 2),
    (3, 3),
    (4, 4),
    (5, 5),
    (6, 6),
    (7, 7),
    (8, 8),
    (9, 9),
    (10, 10),
    (11, 11),
    (12, 12),
    (13, 13),
    (14, 14),
    (15, 15),
    (16, 16),
    (17, 17),
    (18, 18),
    (19, 19),
    (20, 20),
    (21, 30),
    (31, 45),
    (46, 60),
    (61, u32::MAX),
];

/// The bucket of a handling time.
pub fn bucket(days: u32) -> usize {
    BUCKETS
        .iter()
        .position(|(lo, hi)| (*lo..=*hi).contains(&days))
        .unwrap_or(BUCKETS.len() - 1)
}

/// How a case was first answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Reply,
    Rejected,
    Transferred,
}

/// What the figures need to know about one case, read from its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    /// Shanghai day it was received.
    pub received: NaiveDate,
    pub category: String,
    pub town: String,
    /// The unit handling it now (`None` before dispatch).
    pub unit: Option<String>,
    /// Where it came in (`web`; other channels later).
    pub channel: String,
    /// The first answer: its Shanghai day, kind and the working days it
    /// took from receipt (fixed when given).
    pub answered: Option<(NaiveDate, Answer, u32)>,
    /// The last day allowed, extension included.
    pub due_on: NaiveDate,
    /// Merged into another case on that day (a duplicate: answered there).
    pub merged: Option<NaiveDate>,
    pub rating: Option<Rating>,
    pub reviewed: bool,
    /// Received within 30 days after a case about the same source closed.
    pub repeat: bool,
    /// A leader is in personal charge (包案).
    pub in_charge: bool,
}

/// Days a new complaint about a source counts as a repeat after a closure.
pub const REPEAT_DAYS: i64 = 30;

/// Whether a case received on `received` repeats one closed on `closed`.
pub fn is_repeat(received: NaiveDate, closed: NaiveDate) -> bool {
    received >= closed && received - closed <= Duration::days(REPEAT_DAYS)
}

/// Where a tally is kept.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub day: NaiveDate,
    pub category: String,
    pub town: String,
    /// Empty before dispatch.
    pub unit: String,
    pub channel: String,
}

/// Counts kept per [`Key`] (and summed over a period).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Cases received.
    pub intake: i64,
    /// Of them, repeats (see [`CaseFacts::repeat`]).
    pub repeats: i64,
    /// Of them, in a leader's personal charge.
    pub in_charge: i64,
    /// Cases that stopped waiting for a first answer (answered or merged).
    pub exited: i64,
    /// Cases first answered.
    pub answered: i64,
    /// Of them, on or before the last day allowed.
    pub on_time: i64,
    /// Of them, answered with a reply (the ones a resident rates).
    pub replied: i64,
    /// Of the replied, rated by the resident.
    pub rated: i64,
    /// Of the rated, 满意 or 基本满意.
    pub satisfied: i64,
    /// Of the replied, reviewed at the resident's request (复查).
    pub reviewed: i64,
    /// Of the answered, in a leader's personal charge.
    pub charge_settled: i64,
    /// Working days to the first answer, summed.
    pub days_sum: i64,
    /// Answered cases per handling-time bucket ([`BUCKETS`]).
    pub days: [i64; BUCKETS.len()],
}

/// The column of each plain count, in the order [`Counts::values`] gives.
pub const COUNT_COLUMNS: [&str; 12] = [
    "intake",
    "repeats",
    "in_charge",
    "exited",
    "answered",
    "on_time",
    "replied",
    "rated",
    "satisfied",
    "reviewed",
    "charge_settled",
    "days_sum",
];

/// The column of handling-time bucket `i`.
pub fn bucket_column(i: usize) -> String {
    format!("d{i:02}")
}

/// Every count column: the plain counts, then the buckets.
pub fn columns() -> Vec<String> {
    COUNT_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain((0..BUCKETS.len()).map(bucket_column))
        .collect()
}

impl Counts {
    /// The values in [`columns`] order.
    pub fn values(&self) -> Vec<i64> {
        let plain = [
            self.intake,
            self.repeats,
            self.in_charge,
            self.exited,
            self.answered,
            self.on_time,
            self.replied,
            self.rated,
            self.satisfied,
            self.reviewed,
            self.charge_settled,
            self.days_sum,
        ];
        plain.into_iter().chain(self.days).collect()
    }

    /// Counts from values in [`columns`] order (missing ones are zero).
    pub fn from_values(values: &[i64]) -> Counts {
        let v = |i: usize| values.get(i).copied().unwrap_or(0);
        let mut days = [0; BUCKETS.len()];
        for (i, d) in days.iter_mut().enumerate() {
            *d = v(COUNT_COLUMNS.len() + i);
        }
        Counts {
            intake: v(0),
            repeats: v(1),
            in_charge: v(2),
            exited: v(3),
            answered: v(4),
            on_time: v(5),
            replied: v(6),
            rated: v(7),
            satisfied: v(8),
            reviewed: v(9),
            charge_settled: v(10),
            days_sum: v(11),
            days,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }

    fn zip(&mut self, other: &Counts, f: impl Fn(i64, i64) -> i64) {
        let mine = self.values();
        let theirs = other.values();
        let joined: Vec<i64> = mine.iter().zip(&theirs).map(|(a, b)| f(*a, *b)).collect();
        *self = Counts::from_values(&joined);
    }
}

impl AddAssign<&Counts> for Counts {
    fn add_assign(&mut self, other: &Counts) {
        self.zip(other, |a, b| a + b);
    }
}

impl SubAssign<&Counts> for Counts {
    fn sub_assign(&mut self, other: &Counts) {
        self.zip(other, |a, b| a - b);
    }
}

/// What one case adds to the tallies: under the day it was received, and
/// under the day it was first answered or merged (one entry when those
/// are the same day).
pub fn contributions(f: &CaseFacts) -> Vec<(Key, Counts)> {
    let key = |day: NaiveDate| Key {
        day,
        category: f.category.clone(),
        town: f.town.clone(),
        unit: f.unit.clone().unwrap_or_default(),
        channel: f.channel.clone(),
    };
    let mut out: BTreeMap<Key, Counts> = BTreeMap::new();
    let received = out.entry(key(f.received)).or_default();
    received.intake = 1;
    received.repeats = i64::from(f.repeat);
    received.in_charge = i64::from(f.in_charge);
    if let Some(day) = f.merged {
        // A duplicate: it stops waiting, and is answered with its twin.
        out.entry(key(day)).or_default().exited += 1;
    } else if let Some((day, answer, days)) = f.answered {
        let c = out.entry(key(day)).or_default();
        c.exited += 1;
        c.answered += 1;
        c.on_time += i64::from(day <= f.due_on);
        c.charge_settled += i64::from(f.in_charge);
        c.days_sum += i64::from(days);
        c.days[bucket(days)] += 1;
        if answer == Answer::Reply {
            c.replied += 1;
            c.rated += i64::from(f.rating.is_some());
            c.satisfied += i64::from(matches!(
                f.rating,
                Some(Rating::Satisfied | Rating::BasicallySatisfied)
            ));
            c.reviewed += i64::from(f.reviewed);
        }
    }
    out.into_iter().collect()
}

/// How the tallies move when cases change from `before` to `after` (new
/// cases have nothing before), in key order, without empty moves: the
/// order keeps two writers from locking tally rows crosswise.
pub fn delta(before: &[CaseFacts], after: &[CaseFacts]) -> Vec<(Key, Counts)> {
    let mut moves: BTreeMap<Key, Counts> = BTreeMap::new();
    for f in after {
        for (k, c) in contributions(f) {
            *moves.entry(k).or_default() += &c;
        }
    }
    for f in before {
        for (k, c) in contributions(f) {
            *moves.entry(k).or_default() -= &c;
        }
    }
    moves.into_iter().filter(|(_, c)| !c.is_zero()).collect()
}

/// The handling-time bucket holding the `share` quantile (0.9: the 90th
/// percentile) of the answered cases, or `None` without any.
pub fn percentile(days: &[i64; BUCKETS.len()], share: f64) -> Option<(u32, u32)> {
    let total: i64 = days.iter().sum();
    if total <= 0 {
        return None;
    }
    // The rank of the case at that share, counted from 1.
    let rank = ((total as f64) * share).ceil().max(1.0) as i64;
    let mut seen = 0;
    for (i, n) in days.iter().enumerate() {
        seen += n;
        if seen >= rank {
            return Some(BUCKETS[i]);
        }
    }
    BUCKETS.last().copied()
}

/// A share, or `None` when there is nothing to share (shown as "—").
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// What the dashboard reads from the cases themselves, as they stand now
/// (a tally cannot say what is overdue today).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live {
    /// Received and not yet answered nor merged.
    pub waiting: i64,
    /// Open cases past their last day.
    pub overdue: i64,
    /// Open cases in a leader's personal charge.
    pub charge_open: i64,
}

/// The figures of one period, as the dashboard shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub intake: i64,
    pub answered: i64,
    /// Waiting for a first answer at the end of the period.
    pub backlog: i64,
    pub on_time: Option<f64>,
    pub average_days: Option<f64>,
    /// The 90th percentile's handling-time bucket.
    pub p90_days: Option<(u32, u32)>,
    pub satisfaction: Option<f64>,
    pub rating_rate: Option<f64>,
    pub review_rate: Option<f64>,
    pub repeat_rate: Option<f64>,
    pub charge_settled: i64,
}

impl Figures {
    /// The figures of the sums over a period; `backlog` from [`backlog`].
    pub fn of(c: &Counts, backlog: i64) -> Figures {
        Figures {
            intake: c.intake,
            answered: c.answered,
            backlog,
            on_time: rate(c.on_time, c.answered),
            average_days: rate(c.days_sum, c.answered),
            p90_days: percentile(&c.days, 0.9),
            satisfaction: rate(c.satisfied, c.rated),
            rating_rate: rate(c.rated, c.replied),
            review_rate: rate(c.reviewed, c.replied),
            repeat_rate: rate(c.repeats, c.intake),
            charge_settled: c.charge_settled,
        }
    }
}

/// Cases waiting for a first answer at the end of a period that ended
/// before today: those waiting now, less those received since, plus those
/// answered since (`since`: the sums from the day after the period up to
/// today). Never a sum over all history.
pub fn backlog(waiting_now: i64, since: &Counts) -> i64 {
    (waiting_now - since.intake + since.exited).max(0)
}

/// A period of whole Shanghai days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The periods a dashboard offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    ThisMonth,
    LastMonth,
    ThisYear,
    Custom(Span),
}

/// The longest custom period (five years and a leap day).
pub const MAX_DAYS: i64 = 5 * 365 + 2;

/// Why a custom period is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodProblem {
    #[error("not a date")]
    NotADate,
    #[error("the end is before the start")]
    Reversed,
    #[error("longer than five years")]
    TooLong,
    #[error("in the future")]
    Future,
}

impl PeriodProblem {
    pub fn code(self) -> &'static str {
        match self {
            PeriodProblem::NotADate => "not_a_date",
            PeriodProblem::Reversed => "reversed",
            PeriodProblem::TooLong => "too_long",
            PeriodProblem::Future => "future",
        }
    }
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::ThisMonth => "this_month",
            Period::LastMonth => "last_month",
            Period::ThisYear => "this_year",
            Period::Custom(_) => "custom",
        }
    }

    /// The period a form asks for: `period` is a code, `from`/`to` dates
    /// (YYYY-MM-DD) for a custom one. Unknown codes give this month.
    pub fn parse(
        period: &str,
        from: &str,
        to: &str,
        today: NaiveDate,
    ) -> Result<Period, PeriodProblem> {
        match period.trim() {
            "last_month" => Ok(Period::LastMonth),
            "this_year" => Ok(Period::ThisYear),
            "custom" => {
                let date = |s: &str| {
                    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                        .map_err(|_| PeriodProblem::NotADate)
                };
                let span = Span {
                    from: date(from)?,
                    to: date(to)?,
                };
                if span.to < span.from {
                    Err(PeriodProblem::Reversed)
                } else if span.from > today {
                    Err(PeriodProblem::Future)
                } else if (span.to - span.from).num_days() >= MAX_DAYS {
                    Err(PeriodProblem::TooLong)
                } else {
                    Ok(Period::Custom(Span {
                        from: span.from,
                        to: span.to.min(today),
                    }))
                }
            }
            _ => Ok(Period::ThisMonth),
        }
    }

    /// The days of this period seen on `today` (a current period ends
    /// today).
    pub fn span(self, today: NaiveDate) -> Span {
        let month_start = today.with_day(1).unwrap_or(today);
        match self {
            Period::ThisMonth => Span {
                from: month_start,
                to: today,
            },
            Period::LastMonth => {
                let to = month_start - Duration::days(1);
                Span {
                    from: to.with_day(1).unwrap_or(to),
                    to,
                }
            }
            Period::ThisYear => Span {
                from: NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
                to: today,
            },
            Period::Custom(span) => span,
        }
    }
}

/// `date` moved by `months` calendar months, the day clamped to the
/// month's last (31 March less one month is 28 or 29 February).
pub(crate) fn shift_months(date: NaiveDate, months: i32) -> NaiveDate {
    let total = date.year() * 12 + date.month0() as i32 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    (1..=date.day())
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month0 + 1, d))
        .unwrap_or(date)
}

impl Span {
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The same days a year earlier.
    pub fn year_before(self) -> Span {
        Span {
            from: shift_months(self.from, -12),
            to: shift_months(self.to, -12),
        }
    }

    /// The span as whole months (the first days of the first and the last)
    /// and the days before and after them: what is read from monthly
    /// tallies and what from daily ones.
    pub fn split_months(self) -> (Option<(NaiveDate, NaiveDate)>, Vec<Span>) {
        let first = |d: NaiveDate| d.with_day(1).unwrap_or(d);
        let start = match self.from.day() {
            1 => self.from,
            _ => shift_months(first(self.from), 1),
        };
        let end = match (self.to + Duration::days(1)).day() {
            1 => self.to,
            _ => first(self.to) - Duration::days(1),
        };
        if start > end {
            return (None, vec![self]);
        }
        let mut days = Vec::new();
        if self.from < start {
            days.push(Span {
                from: self.from,
                to: start - Duration::days(1),
            });
        }
        if end < self.to {
            days.push(Span {
                from: end + Duration::days(1),
                to: self.to,
            });
        }
        (Some((start, first(end))), days)
    }

    /// The period to compare with: the month before for a period within
    /// one month that starts on the 1st (the whole month before for a
    /// whole month, else the same days of it), the year
    /// before for one within a year that starts on 1 January, otherwise
    /// as many days just before.
    pub fn previous(self) -> Span {
        let same_month = (self.from.year(), self.from.month()) == (self.to.year(), self.to.month());
        if self.from.day() == 1 && same_month {
            let from = shift_months(self.from, -1);
            // A whole month against the whole month before; part of one
            // against the same days of the month before.
            let whole = (self.to + Duration::days(1)).day() == 1;
            let to = match whole {
                true => self.from - Duration::days(1),
                false => shift_months(self.to, -1),
            };
            Span { from, to }
        } else if self.from.ordinal() == 1 && self.from.year() == self.to.year() {
            self.year_before()
        } else {
            Span {
                from: self.from - Duration::days(self.days()),
                to: self.from - Duration::days(1),
            }
        }
    }
}

/// How many days a chart's bar covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
}

impl Step {
    /// Days for up to two months, weeks for up to two years, then months.
    pub fn for_span(span: Span) -> Step {
        match span.days() {
            ..=62 => Step::Day,
            // Weeks up to half a year: longer spans are read by month
            // (the monthly tallies), not by day.
            63..=184 => Step::Week,
            _ => Step::Month,
        }
    }

    /// The first day of the bar holding `date`.
    pub fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Step::Day => date,
            Step::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Step::Month => date.with_day(1).unwrap_or(date),
        }
    }

    /// The first days of every bar of `span`, in order (the first may
    /// start before the span).
    pub fn starts(self, span: Span) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut at = self.start(span.from);
        while at <= span.to {
            out.push(at);
            at = match self {
                Step::Day => at + Duration::days(1),
                Step::Week => at + Duration::days(7),
                Step::Month => shift_months(at, 1),
            };
        }
        out
    }
}

/// Ages of open cases, in calendar days since receipt (inclusive ranges).
pub const AGES: [(i64, i64); 5] = [(0, 5), (6, 15), (16, 30), (31, 60), (61, i64::MAX)];

/// The twelve months up to and including `to`'s: (first day, last day).
pub fn twelve_months(to: NaiveDate) -> Vec<Span> {
    let last = to.with_day(1).unwrap_or(to);
    (0..12)
        .rev()
        .map(|back| {
            let from = shift_months(last, -back);
            Span {
                from,
                to: shift_months(from, 1) - Duration::days(1),
            }
        })
        .collect()
}

/// A table as CSV that Excel opens in Chinese: UTF-8 with a byte-order
/// mark, CRLF line ends, and every cell that a spreadsheet would take for
/// a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) made
/// text by a leading apostrophe, unless it is a plain number such as
/// "-2.5" or "+1.0%".
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| neutralised(c)).collect();
        // Writing to memory cannot fail.
        let _ = writer.write_record(&cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

fn neutralised(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell
        .trim_start_matches(['+', '-', '−'])
        .trim_end_matches('%')
        .parse::<f64>()
        .is_ok();
    if risky && !number {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn facts() -> CaseFacts {
        CaseFacts {
            received: d(3, 2),
            category: "noise_social".into(),
            town: "anting".into(),
            unit: None,
            channel: "web".into(),
            answered: None,
            due_on: d(3, 9),
            merged: None,
            rating: None,
            reviewed: false,
            repeat: false,
            in_charge: false,
        }
    }

    fn sum(entries: &[(Key, Counts)]) -> Counts {
        let mut all = Counts::default();
        for (_, c) in entries {
            all += c;
        }
        all
    }

    #[test]
    fn a_waiting_case_adds_its_intake_only() {
        let c = contributions(&facts());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0.day, d(3, 2));
        assert_eq!(c[0].0.unit, "");
        assert_eq!(
            c[0].1,
            Counts {
                intake: 1,
                ..Counts::default()
            }
        );
    }

    #[test]
    fn an_answer_counts_on_its_own_day_against_the_last_day_allowed() {
        let mut f = facts();
        f.unit = Some("anting".into());
        f.answered = Some((d(3, 9), Answer::Reply, 5));
        f.rating = Some(Rating::BasicallySatisfied);
        let c = contributions(&f);
        assert_eq!(c.len(), 2);
        let answered = &c[1];
        assert_eq!(answered.0.day, d(3, 9));
        assert_eq!(answered.0.unit, "anting");
        let a = &answered.1;
        assert_eq!(
            (
                a.exited,
                a.answered,
                a.on_time,
                a.replied,
                a.rated,
                a.satisfied
            ),
            (1, 1, 1, 1, 1, 1)
        );
        assert_eq!((a.days_sum, a.days[5]), (5, 1));
        // A day late.
        f.answered = Some((d(3, 10), Answer::Reply, 6));
        assert_eq!(sum(&contributions(&f)).on_time, 0);
        // Rejections are answers, but nobody rates them.
        f.answered = Some((d(3, 2), Answer::Rejected, 0));
        let c = contributions(&f);
        assert_eq!(c.len(), 1, "answered the day it came");
        let all = sum(&c);
        assert_eq!(
            (all.intake, all.answered, all.replied, all.rated),
            (1, 1, 0, 0)
        );
    }

    #[test]
    fn a_merged_duplicate_stops_waiting_but_is_not_answered() {
        let mut f = facts();
        f.merged = Some(d(3, 4));
        f.answered = Some((d(3, 5), Answer::Reply, 3));
        let all = sum(&contributions(&f));
        assert_eq!((all.intake, all.exited, all.answered), (1, 1, 0));
    }

    #[test]
    fn the_delta_of_a_change_is_after_less_before_and_sums_to_a_rebuild() {
        let before = facts();
        let mut after = before.clone();
        after.unit = Some("anting".into());
        after.answered = Some((d(3, 5), Answer::Reply, 3));
        after.reviewed = true;
        let moves = delta(std::slice::from_ref(&before), std::slice::from_ref(&after));
        // The intake moved from no unit to the unit; the answer is new.
        let mut tallies: BTreeMap<Key, Counts> = contributions(&before).into_iter().collect();
        for (k, c) in &moves {
            *tallies.entry(k.clone()).or_default() += c;
        }
        tallies.retain(|_, c| !c.is_zero());
        let rebuilt: BTreeMap<Key, Counts> = contributions(&after).into_iter().collect();
        assert_eq!(tallies, rebuilt);
        assert!(delta(&[after.clone()], &[after]).is_empty());
        // Keys come in order.
        let keys: Vec<&Key> = moves.iter().map(|(k, _)| k).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn values_and_columns_agree() {
        let mut c = Counts {
            intake: 3,
            days_sum: 9,
            ..Counts::default()
        };
        c.days[24] = 2;
        assert_eq!(c.values().len(), columns().len());
        assert_eq!(Counts::from_values(&c.values()), c);
        assert_eq!(columns()[12], "d00");
        assert_eq!(columns().last().map(String::as_str), Some("d24"));
    }

    #[test]
    fn percentiles_come_from_buckets() {
        let mut days = [0; BUCKETS.len()];
        assert_eq!(percentile(&days, 0.9), None);
        days[2] = 9;
        days[7] = 1;
        assert_eq!(percentile(&days, 0.9), Some((2, 2)));
        days[7] = 2;
        assert_eq!(percentile(&days, 0.9), Some((7, 7)));
        days[22] = 100;
        assert_eq!(percentile(&days, 0.9), Some((31, 45)));
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(20), 20);
        assert_eq!(bucket(21), 21);
        assert_eq!(bucket(30), 21);
        assert_eq!(bucket(60), 23);
        assert_eq!(bucket(400), 24);
    }

    #[test]
    fn figures_are_shares_of_their_own_cohorts() {
        let c = Counts {
            intake: 10,
            repeats: 1,
            answered: 8,
            on_time: 6,
            replied: 7,
            rated: 4,
            satisfied: 3,
            reviewed: 1,
            days_sum: 24,
            ..Counts::default()
        };
        let f = Figures::of(&c, 5);
        assert_eq!(f.on_time, Some(0.75));
        assert_eq!(f.average_days, Some(3.0));
        assert_eq!(f.satisfaction, Some(0.75));
        assert_eq!(f.rating_rate, Some(4.0 / 7.0));
        assert_eq!(f.repeat_rate, Some(0.1));
        assert_eq!(Figures::of(&Counts::default(), 0).on_time, None);
        assert_eq!(
            backlog(
                12,
                &Counts {
                    intake: 5,
                    exited: 2,
                    ..Counts::default()
                }
            ),
            9
        );
    }

    #[test]
    fn repeats_are_within_thirty_days_after_a_closure() {
        assert!(is_repeat(d(3, 31), d(3, 1)));
        assert!(!is_repeat(d(4, 1), d(3, 1)));
        assert!(is_repeat(d(3, 1), d(3, 1)));
        assert!(!is_repeat(d(2, 28), d(3, 1)));
    }

    #[test]
    fn periods_and_what_they_are_compared_with() {
        let today = d(3, 31);
        assert_eq!(
            Period::ThisMonth.span(today),
            Span {
                from: d(3, 1),
                to: d(3, 31)
            }
        );
        // 1 to 31 March against 1 to 28 February (the days February has).
        let march = Period::ThisMonth.span(today);
        assert_eq!(
            march.previous(),
            Span {
                from: d(2, 1),
                to: d(2, 28)
            }
        );
        assert_eq!(
            Period::LastMonth.span(d(1, 15)),
            Span {
                from: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
            }
        );
        // Whole months from the monthly tallies, the rest from the daily.
        let span = |a: NaiveDate, b: NaiveDate| Span { from: a, to: b };
        assert_eq!(
            span(d(1, 15), d(4, 10)).split_months(),
            (
                Some((d(2, 1), d(3, 1))),
                vec![span(d(1, 15), d(1, 31)), span(d(4, 1), d(4, 10))]
            )
        );
        assert_eq!(
            span(d(1, 1), d(12, 31)).split_months(),
            (Some((d(1, 1), d(12, 1))), vec![])
        );
        assert_eq!(
            span(d(3, 2), d(3, 30)).split_months(),
            (None, vec![span(d(3, 2), d(3, 30))])
        );
        assert_eq!(
            span(d(2, 1), d(2, 28)).split_months(),
            (Some((d(2, 1), d(2, 1))), vec![])
        );
        assert_eq!(
            span(d(1, 31), d(2, 1)).split_months(),
            (None, vec![span(d(1, 31), d(2, 1))])
        );
        // All of November against all of October, its 31st included.
        let november = Span {
            from: d(11, 1),
            to: d(11, 30),
        };
        assert_eq!(
            november.previous(),
            Span {
                from: d(10, 1),
                to: d(10, 31)
            }
        );
        // The first half of May against the first half of April.
        let half = Span {
            from: d(5, 1),
            to: d(5, 15),
        };
        assert_eq!(
            half.previous(),
            Span {
                from: d(4, 1),
                to: d(4, 15)
            }
        );
        let year = Period::ThisYear.span(today);
        assert_eq!(year.from, d(1, 1));
        assert_eq!(year.previous(), year.year_before());
        assert_eq!(
            year.year_before().to,
            NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
        );
        // Leap day a year on.
        let leap = Span {
            from: NaiveDate::from_ymd_opt(2028, 2, 29).unwrap(),
            to: NaiveDate::from_ymd_opt(2028, 2, 29).unwrap(),
        };
        assert_eq!(
            leap.year_before().from,
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
        let week = Span {
            from: d(3, 10),
            to: d(3, 16),
        };
        assert_eq!(
            week.previous(),
            Span {
                from: d(3, 3),
                to: d(3, 9)
            }
        );
    }

    #[test]
    fn chart_bars_by_day_week_or_month() {
        let span = |a: NaiveDate, b: NaiveDate| Span { from: a, to: b };
        let march = span(d(3, 1), d(3, 31));
        assert_eq!(Step::for_span(march), Step::Day);
        assert_eq!(Step::Day.starts(march).len(), 31);
        let year = span(d(1, 1), d(12, 31));
        assert_eq!(Step::for_span(year), Step::Month);
        assert_eq!(Step::for_span(span(d(1, 1), d(6, 30))), Step::Week);
        // 1 January 2026 is a Thursday: its week began on 29 December.
        let weeks = Step::Week.starts(year);
        assert_eq!(weeks[0], NaiveDate::from_ymd_opt(2025, 12, 29).unwrap());
        assert_eq!(weeks.len(), 53);
        let five = span(NaiveDate::from_ymd_opt(2022, 1, 15).unwrap(), d(3, 31));
        assert_eq!(Step::for_span(five), Step::Month);
        let months = Step::Month.starts(five);
        assert_eq!(months[0], NaiveDate::from_ymd_opt(2022, 1, 1).unwrap());
        assert_eq!(months.last(), Some(&d(3, 1)));
        let twelve = twelve_months(d(3, 15));
        assert_eq!(twelve.len(), 12);
        assert_eq!(twelve[0].from, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(twelve[11], span(d(3, 1), d(3, 31)));
        assert_eq!(twelve[10].to, d(2, 28));
    }

    #[test]
    fn csv_opens_in_excel_and_runs_no_formula() {
        let rows = vec![
            vec!["指标".to_owned(), "本期".to_owned()],
            vec!["=HYPERLINK(\"http://x\")".to_owned(), "-2.5".to_owned()],
            vec!["@SUM(A1)".to_owned(), "+1.0%".to_owned()],
            vec!["a,b".to_owned(), "-".to_owned()],
        ];
        let out = to_csv(&rows);
        assert!(out.starts_with('\u{feff}'));
        let lines: Vec<&str> = out.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "指标,本期");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",-2.5");
        assert_eq!(lines[2], "'@SUM(A1),+1.0%");
        assert_eq!(lines[3], "\"a,b\",'-");
    }

    #[test]
    fn custom_periods_are_checked() {
        let today = d(6, 1);
        let p = |f: &str, t: &str| Period::parse("custom", f, t, today);
        assert_eq!(
            p("2026-03-01", "2026-03-31").map(|p| p.span(today)),
            Ok(Span {
                from: d(3, 1),
                to: d(3, 31)
            })
        );
        assert_eq!(p("2026-13-01", "2026-03-31"), Err(PeriodProblem::NotADate));
        assert_eq!(p("2026-03-31", "2026-03-01"), Err(PeriodProblem::Reversed));
        assert_eq!(p("2026-07-01", "2026-07-31"), Err(PeriodProblem::Future));
        assert_eq!(p("2019-01-01", "2026-03-31"), Err(PeriodProblem::TooLong));
        // An end past today stops today.
        assert_eq!(
            p("2026-05-01", "2026-12-31").map(|p| p.span(today).to),
            Ok(today)
        );
        assert_eq!(
            Period::parse("nonsense", "", "", today),
            Ok(Period::ThisMonth)
        );
    }
}
